import { describe, expect, it } from 'vitest';
import { locateJsonLines } from './json-locator.js';
import { locateYamlLines } from './yaml-locator.js';

const YAML = `openapi: 3.0.3
info:
  title: T
  description: |
    text: with a colon
    more: text
paths:
  /a/{id}:
    get:
      parameters:
        - name: id
          in: path
        - { name: q, in: query }
      summary: a long plain
        scalar: continued
      responses:
        "200":
          description: ok
  'x~y/z':
    post: {}
`;

describe('locateYamlLines', () => {
  const CASES: [string, [number, number]][] = [
    ['/info/title', [3, 3]],
    ['/info/description', [4, 3]],
    ['/paths/~1a~1{id}/get', [9, 5]],
    ['/paths/~1a~1{id}/get/parameters/0', [11, 9]],
    ['/paths/~1a~1{id}/get/parameters/0/in', [12, 11]],
    ['/paths/~1a~1{id}/get/parameters/1', [13, 9]],
    ['/paths/~1a~1{id}/get/responses/200/description', [18, 11]],
    ['/paths/x~0y~1z/post', [20, 5]],
  ];
  it.each(CASES)('%s', (pointer, at) => {
    expect(locateYamlLines(YAML, [pointer]).get(pointer)).toEqual(at);
  });
  it('answers many pointers in one pass', () => {
    const all = locateYamlLines(YAML, CASES.map(([p]) => p));
    expect(CASES.map(([p]) => all.get(p))).toEqual(CASES.map(([, at]) => at));
  });
  it('skips block scalars and plain continuation lines, falling back to the nearest ancestor', () => {
    expect(locateYamlLines(YAML, ['/info/description/text']).get('/info/description/text')).toEqual([4, 3]);
    expect(locateYamlLines(YAML, ['/paths/~1a~1{id}/get/scalar']).get('/paths/~1a~1{id}/get/scalar')).toEqual([9, 5]);
    expect(locateYamlLines(YAML, ['/paths/~1a~1{id}/get/responses']).get('/paths/~1a~1{id}/get/responses')).toEqual([16, 7]);
  });
  it('counts the lines of skipped subtrees, blank and comment lines included', () => {
    const text = ['a:', '  skipped:', '    x: 1', '', '    # note', '      deep: 2', '  - not: a dash at 2', 'b:', '  c: 1', ''].join('\n');
    expect(Object.fromEntries(locateYamlLines(text, ['/b/c', '/a']))).toEqual({ '/b/c': [9, 3], '/a': [1, 1] });
  });
});

describe('locateJsonLines', () => {
  const text = '{\n  "a": {\n    "b~/c": [1,\n      {"d": "x\\"}"}\n    ]\n  },\n  "e": 2\n}';
  it('finds members and items in one pass, falling back to the nearest ancestor', () => {
    const lines = locateJsonLines(text, ['/a', '/a/b~0~1c/1/d', '/e', '/a/missing', '']);
    expect(Object.fromEntries(lines)).toEqual({ '/a': 2, '/a/b~0~1c/1/d': 4, '/e': 7, '/a/missing': 2, '': 1 });
  });
});
