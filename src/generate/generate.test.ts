import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureWorkspace, loadFixtureModel } from './__fixtures__/harness.js';
import { compareGenerated } from './compare.js';
import { generateAdapters } from './generate.js';

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A private copy of the fixture workspace, changed by `edit`. */
function copyFixture(edit: (dir: string) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'interlock-gen-'));
  temps.push(dir);
  cpSync(fixtureWorkspace, dir, { recursive: true });
  edit(dir);
  return dir;
}

async function generate(dir = fixtureWorkspace) {
  const { model, problems } = await loadFixtureModel(dir);
  expect(problems).toEqual([]);
  return generateAdapters(model);
}

describe('generateAdapters', () => {
  it('writes one folder per integration that uses operations, with the same files', async () => {
    const { value } = await generate();
    expect(value.adapters).toEqual(['incident-local', 'incident-sync', 'linear-issues']);
    expect([...value.files.keys()].filter((f) => f.startsWith('generated/incident-sync/'))).toEqual(
      ['classification.ts', 'client.ts', 'index.ts', 'schemas.ts', 'types.ts'].map((f) => `generated/incident-sync/${f}`),
    );
  });

  it('imports the shared adapter runtime instead of carrying a copy of it', async () => {
    const { value } = await generate();
    const client = value.files.get('generated/incident-sync/client.ts')!;
    expect(client).toContain("from 'interlock/adapter-runtime';");
    expect([...value.files.values()].filter((text) => /class Transport\b|function defaultSecretResolver|SecretResolver = async/.test(text))).toEqual([]);
  });

  it('is deterministic: the same inputs give byte-identical files', async () => {
    const a = await generate();
    const b = await generate(copyFixture(() => {}));
    expect(compareGenerated(a.value.files, b.value.files)).toEqual({ missing: [], stale: [], extra: [] });
  });

  it('heads every file with the contract, its version and a hash of the inputs, which changes with them', async () => {
    const a = (await generate()).value.files.get('generated/incident-sync/types.ts')!;
    expect(a).toMatch(/^\/\/ Contract: acme-incidents 1\.4\.0 \(contracts\/acme\/incidents\.openapi\.yaml\)$/m);
    const hash = /^\/\/ Inputs: sha256:([0-9a-f]{64})$/m.exec(a)?.[1];
    expect(hash).toBeDefined();
    const changed = copyFixture((dir) => {
      const file = path.join(dir, 'contracts/acme/incidents.openapi.yaml');
      writeFileSync(file, readText(file).replace('maxLength: 160', 'maxLength: 200'));
    });
    const b = (await generate(changed)).value.files.get('generated/incident-sync/types.ts')!;
    expect(/^\/\/ Inputs: sha256:([0-9a-f]{64})$/m.exec(b)?.[1]).not.toBe(hash);
  });

  it('types OpenAPI inputs and responses, following $refs in parameters and responses', async () => {
    const types = (await generate()).value.files.get('generated/incident-sync/types.ts')!;
    expect(types).toContain('export interface GetIncidentInput {\n  path: {\n    id: string;\n  };\n}');
    expect(types).toContain('export type GetIncidentResponse = Incident;');
    expect(types).toContain('assigned_to?: User | null;');
    expect(types).toContain('attachments?: (FileAttachment | LinkAttachment)[];');
    expect(types).toContain('export type State = "new" | "in_progress" | "resolved";');
    expect(types).toMatch(/filter\?: \{\n\s+since\?: string;/);
  });

  it('types GraphQL operations from the SDL: non-null variables, nullable fields, unions by __typename', async () => {
    const types = (await generate()).value.files.get('generated/linear-issues/types.ts')!;
    expect(types).toContain('export interface IssueVariables {\n  id: string;\n}');
    expect(types).toContain('export interface CreateIssueVariables {\n  input: IssueCreateInput;\n}');
    expect(types).toContain('__typename: "User";');
    expect(types).toContain('export type IssueState = "BACKLOG" | "TODO" | "DONE";');
    const classification = (await generate()).value.files.get('generated/linear-issues/classification.ts')!;
    expect(classification).toContain('"User.email": { sensitivity: "confidential", pii: "contact" }');
    expect(classification).toContain('"Issue.title": { sensitivity: "internal", pii: null }');
  });

  it('merges the integration classification over the contract and warns, located, about unknown fields', async () => {
    const dir = copyFixture((d) => {
      const file = path.join(d, 'integrations/acme/incident-sync.yaml');
      writeFileSync(file, readText(file).replace('User.name:', 'User.nmae:'));
    });
    const result = await generate(dir);
    expect(result.diagnostics.filter((d) => d.code === 'generate/unknown-field').map((d) => [d.location?.file, d.location?.line, d.location?.column, d.data?.field])).toEqual([
      ['integrations/acme/incident-sync.yaml', 23, 7, 'User.nmae'],
    ]);
    const classification = result.value.files.get('generated/incident-sync/classification.ts')!;
    expect(classification).toContain('"Incident.caller.phone": { sensitivity: "restricted", pii: "contact" }');
    expect(classification).not.toContain('User.nmae');
  });

  it('warns, located in the document, about a GraphQL operation the schema does not allow, and leaves it out', async () => {
    const dir = copyFixture((d) => {
      const file = path.join(d, 'integrations/linear/operations/issue.graphql');
      writeFileSync(file, readText(file).replace('    priority\n', '    priorty\n'));
    });
    const result = await generate(dir);
    expect(result.diagnostics.filter((d) => d.code === 'generate/graphql-document').map((d) => [d.location?.file, d.location?.line, d.location?.column])).toEqual([
      ['integrations/linear/operations/issue.graphql', 5, 5],
    ]);
    const client = result.value.files.get('generated/linear-issues/client.ts')!;
    expect(client).not.toContain('documents.issue');
    expect(client).toContain('documents.createIssue');
  });

  it('reads OpenAPI 2.0: body and formData parameters, definitions, response schemas', async () => {
    const dir = copyFixture((d) => {
      writeFileSync(
        path.join(d, 'contracts/acme/legacy.swagger.yaml'),
        [
          "swagger: '2.0'",
          "info: { title: Legacy, version: '1' }",
          'paths:',
          '  /notes:',
          '    post:',
          '      operationId: addNote',
          '      parameters:',
          "        - { name: note, in: body, required: true, schema: { $ref: '#/definitions/Note' } }",
          '        - { name: tags, in: query, type: array, items: { type: string }, collectionFormat: multi }',
          "      responses: { '200': { description: ok, schema: { $ref: '#/definitions/Note' } } }",
          '  /upload:',
          '    post:',
          '      operationId: upload',
          '      consumes: [application/x-www-form-urlencoded]',
          '      parameters:',
          '        - { name: title, in: formData, type: string, required: true }',
          "      responses: { '204': { description: done } }",
          'definitions:',
          '  Note: { type: object, required: [text], properties: { text: { type: string }, author: { type: string, x-nullable: true } } }',
          '',
        ].join('\n'),
      );
      writeFileSync(path.join(d, 'contracts/acme/legacy.contract.yaml'), 'apiVersion: interlock.dev/v1\nkind: Contract\nmetadata: { name: acme-legacy }\nspec: { vendor: acme, format: openapi, source: legacy.swagger.yaml, version: 1.0.0 }\n');
      writeFileSync(
        path.join(d, 'integrations/acme/legacy.yaml'),
        'apiVersion: interlock.dev/v1\nkind: Integration\nmetadata: { name: acme-legacy }\nspec:\n  vendor: acme\n  contract: { ref: acme-legacy }\n  direction: outbound\n  endpoint: { baseUrl: https://legacy.example.com }\n  auth: { type: basic, username: svc, password: env:LEGACY_PASSWORD }\n  uses: [addNote, upload]\n',
      );
    });
    const result = await generate(dir);
    const types = result.value.files.get('generated/acme-legacy/types.ts')!;
    expect(types).toContain('export interface AddNoteInput {\n  query?: {\n    tags?: string[];\n  };\n  body: Note;\n}');
    expect(types).toContain('export type AddNoteResponse = Note;');
    expect(types).toContain('author?: string | null;');
    expect(types).toContain('export interface UploadRequestBody {\n  title: string;\n}');
    const client = result.value.files.get('generated/acme-legacy/client.ts')!;
    expect(client).toContain('"contentType": "application/x-www-form-urlencoded"');
    expect(client).toMatch(/upload\(input: T\.UploadInput, options\?: RequestOptions\): Promise<undefined>;/);
  });

  it("uses a workspace's templates/ in place of the built-in ones", async () => {
    const dir = copyFixture((d) => {
      mkdirSync(path.join(d, 'templates'));
      writeFileSync(path.join(d, 'templates/index.ts.hbs'), "{{> header}}\n// house index for {{integration.name}}\nexport * from './client.js';\n");
    });
    const result = await generate(dir);
    expect(result.value.overriddenTemplates).toEqual(['index.ts.hbs']);
    expect(result.value.files.get('generated/incident-sync/index.ts')).toContain('// house index for incident-sync');
    expect(result.value.files.get('generated/incident-sync/index.ts')).toMatch(/^\/\/ Inputs: sha256:/m);
  });

  it('reports a broken override template as a located error and leaves its file out', async () => {
    const dir = copyFixture((d) => {
      mkdirSync(path.join(d, 'templates'));
      writeFileSync(path.join(d, 'templates/index.ts.hbs'), '{{#each operations}}\n{{/if}}\n');
    });
    const result = await generate(dir);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.location?.file])).toContainEqual(['generate/template', 'templates/index.ts.hbs']);
    expect(result.value.files.has('generated/incident-sync/index.ts')).toBe(false);
  });
});

describe('compareGenerated', () => {
  it('lists missing, stale and extra files, sorted', () => {
    const wanted = new Map([
      ['generated/a/x.ts', '1'],
      ['generated/a/y.ts', '2'],
      ['generated/b/z.ts', '3'],
    ]);
    const disk = new Map([
      ['generated/a/y.ts', '2 changed'],
      ['generated/b/z.ts', '3'],
      ['generated/old/w.ts', '4'],
    ]);
    expect(compareGenerated(wanted, disk)).toEqual({ missing: ['generated/a/x.ts'], stale: ['generated/a/y.ts'], extra: ['generated/old/w.ts'] });
  });
});

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
