import { describe, expect, it } from 'vitest';
import { indexJsonOffsets, parseJson } from './json-document.js';

describe('parseJson', () => {
  const text = '{\n  "paths": {\n    "/a~b/{id}": {\n      "get": { "operationId": "getA" }\n    }\n  },\n  "list": [1, {"x": "y\\"z"}]\n}';

  it('locates members at their key and array items at the item', () => {
    const { document } = parseJson('api.json', text);
    expect(document!.locate('/paths/~1a~0b~1{id}/get/operationId')).toEqual({ line: 4, column: 16 });
    expect(document!.locate('/list/1/x')).toEqual({ line: 7, column: 16 });
  });

  it('falls back to the nearest existing ancestor', () => {
    const { document } = parseJson('api.json', text);
    expect(document!.locate('/paths/~1a~0b~1{id}/post/responses')).toEqual({ line: 3, column: 5 });
  });

  it('reports a syntax error at its line and column', () => {
    const { document, diagnostics } = parseJson('bad.json', '{\n  "a": 1,\n  "b": }');
    expect(document).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ code: 'json-syntax', location: { file: 'bad.json', line: 3 } });
  });

  it('indexes every value of nested structures', () => {
    const offsets = indexJsonOffsets('[{"a":[]},{}]');
    expect([...offsets.keys()]).toEqual(['', '/0', '/0/a', '/1']);
  });
});
