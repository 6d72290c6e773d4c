import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasErrors } from '../../../src/core/diagnostic.js';
import { loadModel } from '../../../src/engine/load-workspace.js';
import { compareGenerated, generateAdapters, generatedInWorkspace } from '../../../src/generate/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const workspace = path.join(root, 'packages/sdk/workspace');

/** The SDK's client is `interlock generate` run on the runtime's own contract: `npm run sdk:generate` after changing either. */
describe('the Probe SDK generated client', () => {
  it("builds on the runtime's current contract", () => {
    expect(readFileSync(path.join(workspace, 'contracts/runtime-admin.openapi.yaml'), 'utf8'), 'run npm run sdk:generate').toBe(
      readFileSync(path.join(root, 'contracts/interlock/runtime-admin.openapi.yaml'), 'utf8'),
    );
  });

  it('is what interlock generate writes today (not stale)', async () => {
    const { model, diagnostics } = await loadModel(workspace);
    expect(hasErrors(diagnostics), JSON.stringify(diagnostics)).toBe(false);
    const generated = generateAdapters(model);
    expect(hasErrors(generated.diagnostics)).toBe(false);
    expect(compareGenerated(generated.value.files, generatedInWorkspace(model.workspace.files)), 'run npm run sdk:generate').toEqual({ missing: [], stale: [], extra: [] });
  });
});
