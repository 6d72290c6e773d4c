import { describe, expect, it } from 'vitest';
import { parseYaml, parseYamlWithPositions } from './yaml-document.js';

const manifest = `# yaml-language-server: $schema=../schemas/vendor.schema.json
apiVersion: interlock.dev/v1
kind: Vendor
metadata:
  name: acme
spec:
  dataLocations:
    - eu-central
    - us-east
`;

describe('parseYaml', () => {
  it('returns values and locates keys and sequence items lazily', () => {
    const { documents, diagnostics } = parseYaml('v.yaml', manifest);
    expect(diagnostics).toEqual([]);
    expect(documents[0].value).toMatchObject({ kind: 'Vendor', spec: { dataLocations: ['eu-central', 'us-east'] } });
    expect(documents[0].locate('/metadata/name')).toMatchObject({ line: 5, column: 3 });
    expect(documents[0].locate('/spec/dataLocations/1')).toMatchObject({ line: 9, column: 7 });
  });

  it('gives the same positions on the fast and the AST path', () => {
    const fast = parseYaml('v.yaml', manifest).documents[0];
    const slow = parseYamlWithPositions('v.yaml', manifest).documents[0];
    for (const pointer of ['', '/kind', '/spec', '/spec/dataLocations/0', '/spec/missing']) {
      expect(fast.locate(pointer)).toEqual(slow.locate(pointer));
    }
  });

  it('keeps document indexes in multi-document files', () => {
    const { documents } = parseYaml('m.yaml', 'a: 1\n---\n---\nb: 2\n');
    expect(documents.map((d) => d.index)).toEqual([0, 2]);
    expect(documents[1].locate('/b')).toMatchObject({ line: 4, column: 1 });
  });

  it('reports duplicate keys at the duplicate', () => {
    const { documents, diagnostics } = parseYaml('d.yaml', 'a: 1\nb: 2\na: 3\n');
    expect(documents).toEqual([]);
    expect(diagnostics[0]).toMatchObject({ code: 'yaml-duplicate-key', location: { line: 3, column: 1 } });
  });

  it('refuses an alias bomb without expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill('*' + prev).join(', ')}]`);
    }
    const { documents, diagnostics } = parseYaml('bomb.yaml', levels.join('\n'));
    expect(documents).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(['yaml-alias-limit']);
  });

  it('allows a few ordinary aliases', () => {
    const { documents, diagnostics } = parseYaml('ok.yaml', 'base: &b {x: 1}\nother: *b\n');
    expect(diagnostics).toEqual([]);
    expect(documents[0].value).toEqual({ base: { x: 1 }, other: { x: 1 } });
  });

  it('keeps dates as strings (YAML 1.2 core schema)', () => {
    expect(parseYaml('d.yaml', 'at: 2026-11-01\n').documents[0].value).toEqual({ at: '2026-11-01' });
  });
});

describe('parseYaml fast path', () => {
  it('keeps Markdown emphasis in descriptions on the fast path', () => {
    const text = 'description: "Use *bold* and * lists"\nsummary: a *b* c\n';
    expect(parseYaml('d.yaml', text).documents[0].value).toEqual({ description: 'Use *bold* and * lists', summary: 'a *b* c' });
  });
});
