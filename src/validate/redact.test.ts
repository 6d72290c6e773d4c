import { describe, expect, it } from 'vitest';
import { DirectorySource, loadWorkspace } from '../load/index.js';
import type { FileSource } from '../load/index.js';
import { redactedSourceText, redactText } from './redact.js';
import { validateWorkspace } from './validate-workspace.js';

const memory = (files: Record<string, string>): FileSource => ({
  label: 'memory',
  list: async () => Object.entries(files).map(([path, text]) => ({ path, size: Buffer.byteLength(text) })),
  read: async (p) => files[p],
});

describe('redaction of literal secrets in source text', () => {
  it('masks given values and known token formats, keeping every line its length', () => {
    const text = 'a: hunter2hunter2\nb: ok\nnote: ghp_abcdefghijklmnopqrstuvwxyz0123456789 here\n';
    const out = redactText(text, ['hunter2hunter2']);
    expect(out).toBe(`a: ${'*'.repeat(14)}\nb: ok\nnote: ${'*'.repeat(40)} here\n`);
    expect(out.split('\n').map((l) => l.length)).toEqual(text.split('\n').map((l) => l.length));
  });

  it('masks the values secret-literal findings point at, a private key block line by line', async () => {
    const manifest = `apiVersion: interlock.dev/v1
kind: Integration
metadata: { name: x }
spec:
  auth:
    password: correct-horse-battery
    privateKey: |
      -----BEGIN PRIVATE KEY-----
      MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
      -----END PRIVATE KEY-----
`;
    const loaded = await loadWorkspace(memory({ 'integrations/v/x.yaml': manifest }));
    const validated = validateWorkspace(loaded.value);
    const secrets = validated.diagnostics.filter((d) => d.code === 'secret-literal');
    expect(secrets.map((d) => d.location?.pointer).sort()).toEqual(['/spec/auth/password', '/spec/auth/privateKey']);
    const shown = redactedSourceText(loaded.value, validated.diagnostics)('integrations/v/x.yaml')!;
    expect(shown).not.toContain('correct-horse-battery');
    expect(shown).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(shown).not.toContain('BEGIN PRIVATE KEY');
    expect(shown.split('\n')).toHaveLength(manifest.split('\n').length);
    expect(shown).toContain('kind: Integration');
  });

  it('leaves a workspace without secrets as it is', async () => {
    const loaded = await loadWorkspace(new DirectorySource('test/e2e/validate-ok/workspace'));
    const validated = validateWorkspace(loaded.value);
    const read = redactedSourceText(loaded.value, validated.diagnostics);
    for (const [file, f] of loaded.value.files) if (f.text !== undefined) expect(read(file)).toBe(f.text);
  });
});
