/** RFC 6901 JSON pointers: the address every diagnostic uses inside a parsed document. */

export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function toPointer(segments: readonly (string | number)[]): string {
  if (segments.length === 0) return '';
  return '/' + segments.map(escapePointerToken).join('/');
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  const body = pointer.startsWith('#') ? decodeURIComponent(pointer.slice(1)) : pointer;
  if (!body.startsWith('/')) throw new Error(`Not a JSON pointer: ${pointer}`);
  return body.slice(1).split('/').map(unescapePointerToken);
}

export function appendPointer(pointer: string, ...segments: (string | number)[]): string {
  return pointer + segments.map((s) => '/' + escapePointerToken(s)).join('');
}

/** Value at a pointer inside plain JSON data, or undefined when any step is missing. */
export function getAtPointer(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const token of parsePointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}
