import type { ResourceRecord } from '../../../core/runtime-api.js';

/** An applied Contract that names the vendor's published description, with what the workspace uses of it. */
export interface WatchedContract {
  name: string;
  format: 'openapi' | 'graphql';
  /** `spec.upstream.source`: where the vendor publishes its description (http or https). */
  url: string;
  /** `spec.upstream.sha256`: the description's hash when the contract was written (the first baseline). */
  baselineHash: string;
  /** `sha256:…` of the committed API description as applied (plan's `contentHash`). */
  contentHash: string | null;
  /** The operationIds (OpenAPI) or root fields (GraphQL) the integrations on this contract use. */
  used: string[];
  integrations: string[];
  /** Every integration on it is marked `endpoint.localTesting`: the description may then come from loopback. */
  localTesting: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The contracts to watch: those with an http(s) `spec.upstream.source` that at least one applied Integration
 * is on. What the workspace uses is the union of those integrations' `uses`, or the import's `upstream.uses`
 * when none lists any.
 */
export function watchedContracts(resources: readonly ResourceRecord[]): WatchedContract[] {
  const integrations = resources.filter((r) => r.kind === 'Integration');
  const out: WatchedContract[] = [];
  for (const c of resources) {
    if (c.kind !== 'Contract' || !isObject(c.spec.upstream)) continue;
    const upstream = c.spec.upstream;
    if (typeof upstream.source !== 'string' || !/^https?:\/\//.test(upstream.source)) continue;
    const users = integrations.filter((i) => isObject(i.spec.contract) && i.spec.contract.ref === c.name);
    if (!users.length) continue;
    const declared = users.flatMap((i) => (Array.isArray(i.spec.uses) ? i.spec.uses.filter((u): u is string => typeof u === 'string') : []));
    const imported = Array.isArray(upstream.uses) ? upstream.uses.filter((u): u is string => typeof u === 'string') : [];
    out.push({
      name: c.name,
      format: c.spec.format === 'graphql' ? 'graphql' : 'openapi',
      url: upstream.source,
      baselineHash: typeof upstream.sha256 === 'string' ? upstream.sha256 : '',
      contentHash: typeof c.spec.contentHash === 'string' ? c.spec.contentHash : null,
      used: [...new Set(declared.length ? declared : imported)].sort(),
      integrations: users.map((i) => i.name).sort(),
      localTesting: users.every((i) => isObject(i.spec.endpoint) && i.spec.endpoint.localTesting === true),
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}
