import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DirectorySource, loadWorkspace } from '../load/index.js';
import { validateWorkspace } from '../validate/index.js';
import { parseDay } from './dates.js';
import { runPolicies } from './run.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the example workspace at the repository root', () => {
  it('passes every governance rule', async () => {
    const loaded = await loadWorkspace(new DirectorySource(root));
    const { value: model } = validateWorkspace(loaded.value);
    expect(model.vendors.size).toBeGreaterThan(0);
    const result = await runPolicies(model, { now: parseDay('2026-11-22')! });
    const problems = result.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.location?.file}:${d.location?.line} ${d.code} ${d.message}`);
    expect(problems).toEqual([]);
  });
});
