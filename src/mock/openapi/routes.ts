import { listOperations, type Operation } from '../../contract/openapi/operations.js';
import type { Spec } from '../../contract/openapi/spec.js';

export interface Route {
  operation: Operation;
  /** Operation id, or `METHOD path` when the contract gives none. */
  id: string;
  regex: RegExp;
  names: string[];
  /** Literal characters in the template: the more, the more specific (`/users/me` beats `/users/{id}`). */
  weight: number;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Every operation of the description as a matcher on `basePath + path` (and on `path` alone). */
export function buildRoutes(spec: Spec): Route[] {
  const routes: Route[] = [];
  for (const operation of listOperations(spec)) {
    const id = operation.operationId ?? `${operation.method.toUpperCase()} ${operation.path}`;
    for (const template of operation.basePath ? [operation.basePath + operation.path, operation.path] : [operation.path]) {
      const names: string[] = [];
      let source = '';
      let last = 0;
      for (const m of template.matchAll(/\{([^}]+)\}/g)) {
        source += escapeRegex(template.slice(last, m.index));
        source += '([^/]+)';
        names.push(m[1]);
        last = m.index + m[0].length;
      }
      source += escapeRegex(template.slice(last));
      const weight = template.replace(/\{[^}]+\}/g, '').length + (template === operation.path ? 0 : 10_000);
      routes.push({ operation, id, regex: new RegExp(`^${source}/?$`), names, weight });
    }
  }
  return routes.sort((a, b) => b.weight - a.weight);
}

/** The operation a request names, or which methods the path allows when none matches the method. */
export function matchRoute(routes: Route[], method: string, path: string): { match?: RouteMatch; allowed: string[] } {
  const allowed = new Set<string>();
  for (const route of routes) {
    const m = route.regex.exec(path);
    if (!m) continue;
    if (route.operation.method !== method.toLowerCase()) {
      allowed.add(route.operation.method.toUpperCase());
      continue;
    }
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(m[i + 1]);
      } catch {
        params[name] = m[i + 1];
      }
    });
    return { match: { route, params }, allowed: [] };
  }
  return { allowed: [...allowed].sort() };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
