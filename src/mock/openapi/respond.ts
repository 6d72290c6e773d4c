import type { Operation, Response } from '../../contract/openapi/operations.js';
import { isObj, type Spec } from '../../contract/openapi/spec.js';
import type { BodyGenerator } from './body-generator.js';
import { sampleSchema } from './sample.js';

/** `Prefer: code=404, example=notFound` (Prism's header; also `__code`/`__example` query parameters). */
export interface Preference {
  code?: string;
  example?: string;
}

export function parsePrefer(header: string | string[] | undefined, query: URLSearchParams): Preference {
  const out: Preference = {};
  for (const part of [header ?? []].flat().join(',').split(/[,;]/)) {
    const m = /^\s*(code|example)\s*=\s*"?([^"]*)"?\s*$/i.exec(part);
    if (m) out[m[1].toLowerCase() as keyof Preference] = m[2];
  }
  if (query.has('__code')) out.code = query.get('__code') ?? undefined;
  if (query.has('__example')) out.example = query.get('__example') ?? undefined;
  return out;
}

export interface PlannedResponse {
  status: number;
  /** The contract's response for this status, when it has one. */
  response?: Response;
  mediaType?: string;
  body?: unknown;
  headers: Record<string, string>;
  /** Where the body came from (see BodyGenerator). */
  source?: string;
  /** Why the preference could not be honoured (answered as a 404 problem, like Prism). */
  missing?: string;
}

/**
 * The response an operation answers with: the preferred (or forced) status, else the lowest 2xx,
 * else `default`; the media type by `Accept`; the body from the named example, the media type's
 * example, or generated from the schema.
 */
export function planResponse(spec: Spec, document: unknown, bodies: BodyGenerator, operation: Operation, prefer: Preference, accept: string | undefined): PlannedResponse {
  const statuses = [...operation.responses.keys()];
  let status: string | undefined;
  if (prefer.code !== undefined) {
    status = statuses.find((s) => s === prefer.code) ?? (statuses.includes(`${prefer.code[0]}XX`) ? `${prefer.code[0]}XX` : undefined);
    if (!status) return { status: 404, headers: {}, missing: `the operation has no ${prefer.code} response` };
  } else {
    status = statuses.filter((s) => /^2\d\d$/.test(s)).sort()[0] ?? statuses.find((s) => /^2XX$/i.test(s)) ?? (statuses.includes('default') ? 'default' : statuses[0]);
  }
  if (status === undefined) return { status: 200, headers: {} };
  const response = operation.responses.get(status)!;
  const code = /^\d{3}$/.test(status) ? Number(status) : status === 'default' ? (prefer.code ? Number(prefer.code) : 200) : Number(prefer.code ?? `${status[0]}00`);
  const headers = responseHeaders(document, response);
  const media = pickResponseMedia([...response.content.keys()], accept);
  if (!media) return { status: code, response, headers };
  const mt = response.content.get(media)!;
  const example = exampleOf(spec, response, media, prefer.example);
  if (prefer.example !== undefined && example === undefined) return { status: 404, headers: {}, missing: `the ${status} response has no example named '${prefer.example}'` };
  if (!mt.schema) return { status: code, response, mediaType: media, body: example ? jsonExample(example.value, media) : undefined, headers };
  // A named example is answered as written; otherwise examples and samples are checked first.
  if (prefer.example !== undefined && example) return { status: code, response, mediaType: media, body: jsonExample(example.value, media), headers, source: 'example' };
  const made = bodies.body(spec.deref(mt.schema).loc.pointer, example ? { key: media, value: jsonExample(example.value, media) } : undefined);
  return { status: code, response, mediaType: media, body: made.value, headers, source: made.source };
}

function pickResponseMedia(declared: string[], accept: string | undefined): string | undefined {
  if (declared.length === 0) return undefined;
  const wanted = (accept ?? '*/*').split(',').map((s) => s.split(';')[0].trim().toLowerCase());
  for (const w of wanted) {
    if (w === '*/*' || w === '') break;
    const hit = declared.find((d) => d.toLowerCase() === w || (w.endsWith('/*') && d.toLowerCase().startsWith(w.slice(0, -1))));
    if (hit) return hit;
  }
  return declared.find((d) => /json/i.test(d)) ?? declared[0];
}

function exampleOf(spec: Spec, response: Response, media: string, name: string | undefined): { value: unknown } | undefined {
  const mt = response.content.get(media)!;
  const node = mt.node.value;
  if (!isObj(node)) return undefined;
  if (spec.version === '2.0') {
    const examples = node.examples;
    if (name === undefined && isObj(examples) && examples[media] !== undefined) return { value: examples[media] };
    return undefined;
  }
  if (isObj(node.examples)) {
    const entries = Object.keys(node.examples);
    const key = name ?? entries[0];
    if (key !== undefined && key in node.examples) {
      const ex = spec.deref(spec.child(mt.node, 'examples', key)).value;
      if (isObj(ex) && 'value' in ex) return { value: ex.value };
    }
    if (name !== undefined) return undefined;
  }
  if (name === undefined && node.example !== undefined) return { value: node.example };
  return undefined;
}

function responseHeaders(document: unknown, response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const header of response.headers.values()) {
    if (!header.required || !header.schema) continue;
    const value = sampleSchema(document, header.schema.loc.pointer);
    if (value !== undefined && value !== null) out[header.name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** Some specs (Jira's) write JSON examples as JSON text; a JSON response sends the value, not a quoted string. */
function jsonExample(value: unknown, media: string): unknown {
  if (typeof value !== 'string' || !/json/i.test(media)) return value;
  const t = value.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return value;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return value;
  }
}
