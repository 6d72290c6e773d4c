import { describe, expect, it } from 'vitest';
import { parseYaml } from './yaml-document.js';
import { checkRefs } from './ref-guard.js';

const check = (yaml: string, files: string[] = []) => {
  const doc = parseYaml('contracts/a/api.openapi.yaml', yaml).documents[0];
  return checkRefs(doc, () => undefined, (f) => files.includes(f))
    .map((d) => [d.code, d.location?.line] as const)
    .sort((a, b) => (a[1] ?? 0) - (b[1] ?? 0));
};

describe('checkRefs', () => {
  it('accepts local refs that exist and relative refs to workspace files', () => {
    expect(check("a: { $ref: '#/b' }\nb: 1\nc: { $ref: 'common.yaml#/x' }\n", ['contracts/a/common.yaml'])).toEqual([]);
  });
  it('refuses URLs, absolute paths, escapes and missing targets, at the $ref', () => {
    const yaml = "a: { $ref: 'https://x.example/s.json' }\nb: { $ref: '/etc/passwd' }\nc: { $ref: '../../../secrets.yaml' }\nd: { $ref: '#/nope' }\ne: { $ref: 'gone.yaml' }\n";
    expect(check(yaml)).toEqual([
      ['ref-remote', 1],
      ['ref-outside-workspace', 2],
      ['ref-outside-workspace', 3],
      ['ref-unresolved', 4],
      ['ref-unresolved', 5],
    ]);
  });
  it('ignores $ref keys inside example payloads', () => {
    const yaml = "example: { $ref: 'https://api.example.com/x' }\nexamples:\n  one:\n    value: { $ref: 'https://api.example.com/y' }\n";
    expect(check(yaml)).toEqual([]);
  });
});
