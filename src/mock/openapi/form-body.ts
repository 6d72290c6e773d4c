/**
 * `application/x-www-form-urlencoded` bodies (and query strings) as nested values the way Stripe,
 * Twilio and Rails-style APIs write them: `a[b]=1` is an object, `a[]=1&a[]=2` and `a[0][x]=1` arrays,
 * a repeated plain key a list. Values stay strings; schema validation coerces them.
 */
export function parseFormFields(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of params) {
    const tokens = splitKey(key);
    if (tokens.length === 1) {
      const prior = out[key];
      out[key] = prior === undefined ? value : Array.isArray(prior) ? [...(prior as unknown[]), value] : [prior, value];
      continue;
    }
    assign(out, tokens, value);
  }
  return out;
}

function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0 || !key.endsWith(']')) return [key];
  const tokens = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  let end = open;
  while ((m = re.exec(key)) !== null) {
    if (m.index !== end) return [key];
    tokens.push(m[1]);
    end = m.index + m[0].length;
  }
  return end === key.length ? tokens : [key];
}

function assign(root: Record<string, unknown>, tokens: string[], value: string): void {
  let container: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const last = i === tokens.length - 1;
    const nextIsIndex = !last && (tokens[i + 1] === '' || /^\d+$/.test(tokens[i + 1]));
    if (Array.isArray(container)) {
      const index = token === '' ? container.length : Number(token);
      if (!Number.isSafeInteger(index) || index > 10_000) return;
      if (last) container[index] = value;
      else container = (container[index] ??= nextIsIndex ? [] : {}) as Record<string, unknown> | unknown[];
      continue;
    }
    if (token === '__proto__' || token === 'constructor' || token === 'prototype') return;
    if (last) container[token] = value;
    else {
      const existing = container[token];
      container = (existing !== null && typeof existing === 'object' ? existing : (container[token] = nextIsIndex ? [] : {})) as Record<string, unknown> | unknown[];
    }
  }
}
