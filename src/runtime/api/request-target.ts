import { RuntimeProblem } from '../problem.js';

/** The parts of a request target the pipeline routes on; `path` stays percent-encoded (ASCII only). */
export interface RequestTarget {
  path: string;
  query: URLSearchParams;
}

/** C0 controls and DEL: never part of a name, and PostgreSQL text cannot hold NUL. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Parses `req.url` without trusting it: origin-form (`/path?query`) and absolute-form
 * (`http://host/path`) targets are accepted, anything else — `*`, a bare word, an unparseable URL —
 * is a 400 problem rather than an exception. Query keys and values holding control characters are
 * refused here so no route has to think about them.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget {
  let path: string;
  let search: string;
  if (raw?.startsWith('/')) {
    const q = raw.indexOf('?');
    path = q < 0 ? raw : raw.slice(0, q);
    search = q < 0 ? '' : raw.slice(q + 1);
  } else if (raw && /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && URL.canParse(raw)) {
    const url = new URL(raw);
    path = url.pathname;
    search = url.search.slice(1);
  } else {
    throw new RuntimeProblem('malformed-request', `the request target ${JSON.stringify((raw ?? '').slice(0, 200))} is not a path or an absolute URL`);
  }
  const hash = path.indexOf('#');
  if (hash >= 0) path = path.slice(0, hash);
  const query = new URLSearchParams(search);
  for (const [key, value] of query) {
    if (CONTROL.test(key) || CONTROL.test(value)) {
      throw new RuntimeProblem('malformed-request', `query parameter ${JSON.stringify(key)} holds a control character`, { errors: [{ pointer: `/${key}`, message: 'control characters are not allowed' }] });
    }
  }
  return { path: path || '/', query };
}

/** Decodes one percent-encoded path segment; a malformed escape or a control character is a 400 problem. */
export function decodePathSegment(name: string, raw: string): string {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw new RuntimeProblem('malformed-request', `path parameter ${name} is not valid percent-encoded UTF-8`, { errors: [{ pointer: `/${name}`, message: 'malformed percent-encoding' }] });
  }
  if (CONTROL.test(value)) {
    throw new RuntimeProblem('malformed-request', `path parameter ${name} holds a control character`, { errors: [{ pointer: `/${name}`, message: 'control characters are not allowed' }] });
  }
  return value;
}
