/**
 * JSON from the network, parsed with a bound on nesting. `JSON.parse` itself copes with deep input, but
 * everything after it — canonical JSON, hashing, schema validation — recurses, and a body nested 100,000
 * deep would overflow the stack there. Refusing it up front keeps every later stage safe.
 */

/** Deeper than any resource, event or webhook payload a vendor sends; shallow enough for every recursion. */
export const MAX_JSON_DEPTH = 256;

export class JsonTooDeepError extends Error {
  constructor(readonly limit: number) {
    super(`the JSON is nested deeper than ${limit} levels`);
    this.name = 'JsonTooDeepError';
  }
}

/** The nesting depth of JSON text (objects and arrays), scanning once, stopping as soon as it passes `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** `JSON.parse` that throws `JsonTooDeepError` for input nested deeper than `limit` (and SyntaxError as usual). */
export function parseBoundedJson(text: string, limit = MAX_JSON_DEPTH): unknown {
  if (jsonDepthExceeds(text, limit)) throw new JsonTooDeepError(limit);
  return JSON.parse(text) as unknown;
}
