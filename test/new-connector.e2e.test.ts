import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';

/**
 * `interlock new connector` on a copy of the minimal example workspace: the manifest it writes (and the vendor
 * stub for a new vendor) fails `check` exactly at the values marked TODO(interlock), and passes once an author
 * fills them; unknown contracts and operations are refused with the nearest names, exit 2.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'interlock-new-connector-'));
  dirs.push(dir);
  cpSync(path.join(root, 'examples/minimal'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'interlock.yaml'), 'environment: production\n');
  return dir;
}

async function cli(dir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { stdout: { write: (s: string) => void (out += s) }, stderr: { write: (s: string) => void (err += s) }, env: {}, cwd: dir });
  return { code, out, err };
}

/** What an author writes under each TODO(interlock) comment. */
const FILL: [RegExp, string][] = [
  [/description: TODO/g, 'description: Reads ticket status back for the support dashboard.'],
  [/owners: \["TODO"\]/g, 'owners: ["@your-org/platform"]'],
  [/direction: TODO/, 'direction: outbound'],
  [/ {4}name: TODO/, '    name: Authorization'],
  [/value: TODO/, 'value: env:ACME_STATUS_API_KEY'],
  [/region: TODO/, 'region: eu-west'],
  [/retentionDays: TODO/, 'retentionDays: 365'],
  [/\{sensitivity: TODO, pii: TODO\}/g, '{sensitivity: internal, pii: null}'],
  [/legalName: TODO/, 'legalName: Newco Ltd'],
  [/riskTier: TODO/, 'riskTier: low'],
  [/dataSensitivity: TODO/, 'dataSensitivity: internal'],
  [/accessLevel: TODO/, 'accessLevel: read'],
  [/criticality: TODO/, 'criticality: low'],
  [/dataLocations: \[TODO\]/, 'dataLocations: [eu-west]'],
];

function fill(file: string): void {
  let text = readFileSync(file, 'utf8');
  for (const [pattern, value] of FILL) text = text.replace(pattern, value);
  expect(text).not.toMatch(/: \[?"?TODO/);
  writeFileSync(file, text);
}

interface JsonDiagnostic {
  code: string;
  location?: { file: string; line?: number };
  suggest?: string[];
}

describe('interlock new connector', () => {
  it('for a vendor the workspace has: an Integration whose TODO values check points at, and that passes once filled', async () => {
    const dir = workspace();
    const made = await cli(dir, ['new', 'connector', 'acme', 'acme-ticket-status', '--contract', 'acme-tickets-api', '--uses', 'getTicket', '--format', 'json']);
    expect(made.code).toBe(0);
    const report = JSON.parse(made.out) as { created: string[]; todo: number; fields: string[] };
    expect(report.created).toEqual(['integrations/acme/acme-ticket-status.yaml']);
    expect(report.fields).toEqual(['Ticket.id', 'Ticket.status', 'Ticket.subject']);
    const file = path.join(dir, report.created[0]);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('ref: acme-tickets-api');
    expect(text).toContain('version: ^1.0.0');
    expect(text).toContain('baseUrl: https://api.acme.example/v1');
    expect(text.split('TODO(interlock)').length - 1).toBe(report.todo);

    const before = await cli(dir, ['check', '--format', 'json']);
    expect(before.code).toBe(1);
    const errors = (JSON.parse(before.out) as { diagnostics: JsonDiagnostic[] }).diagnostics.filter((d) => d.location?.file === report.created[0]);
    const lines = text.split('\n');
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(lines[e.location!.line! - 1]).toContain('TODO');

    fill(file);
    const after = await cli(dir, ['check']);
    expect(after.err).toBe('');
    expect(after.code).toBe(0);
  }, 120_000);

  it('for a new vendor: also a Vendor stub; both pass check once filled', async () => {
    const dir = workspace();
    const made = await cli(dir, ['new', 'connector', 'newco', 'newco-tickets', '--contract', 'acme-tickets-api', '--uses', 'createTicket,getTicket', '--format', 'json']);
    expect(made.code).toBe(0);
    const report = JSON.parse(made.out) as { created: string[] };
    expect(report.created).toEqual(['integrations/newco/newco-tickets.yaml', 'integrations/newco/vendor.yaml']);
    for (const f of report.created) fill(path.join(dir, f));
    const after = await cli(dir, ['check']);
    expect(after.code).toBe(0);
  }, 120_000);

  it('refuses an unknown contract and an unknown operation with the nearest names, exit 2, and never overwrites', async () => {
    const dir = workspace();
    const contract = await cli(dir, ['new', 'connector', 'acme', 'x', '--contract', 'acme-tickets-apj', '--uses', 'getTicket', '--format', 'json']);
    expect(contract.code).toBe(2);
    expect((JSON.parse(contract.out) as { diagnostics: JsonDiagnostic[] }).diagnostics).toMatchObject([{ code: 'new-connector/unknown-contract', suggest: ['acme-tickets-api'] }]);
    const op = await cli(dir, ['new', 'connector', 'acme', 'x', '--contract', 'acme-tickets-api', '--uses', 'getTickt']);
    expect(op.code).toBe(2);
    expect(op.out).toContain("contracts/acme/tickets.openapi.yaml: error new-connector/unknown-operation: operation 'getTickt' does not exist in contract 'acme-tickets-api'");
    expect(op.out).toContain('did you mean: getTicket');
    const existing = path.join(dir, 'integrations/acme/acme-tickets.yaml');
    const was = readFileSync(existing, 'utf8');
    const taken = await cli(dir, ['new', 'connector', 'acme', 'acme-tickets', '--contract', 'acme-tickets-api', '--uses', 'getTicket']);
    expect(taken.code).toBe(2);
    expect(taken.out).toContain('new-connector/exists');
    expect(readFileSync(existing, 'utf8')).toBe(was);
  }, 120_000);
});
