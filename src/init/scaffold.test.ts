import { describe, expect, it } from 'vitest';
import { exampleFiles, workflowTemplates } from './examples.js';
import { GITIGNORE_ENTRIES, planScaffold, rebaseSchemaLines } from './scaffold.js';

const example = new Map([
  ['policies/risk.yaml', 'kind: RiskPolicy\n'],
  ['integrations/acme/vendor.yaml', 'kind: Vendor\n'],
]);
const workflows = new Map([['interlock-pr.yml', 'uses: northwind/interlock@v{{version}}\n']]);

describe('planScaffold', () => {
  it('creates everything in an empty repository, pinning the Action to the version', () => {
    const plan = planScaffold({ example, workflows, version: '1.2.3', exists: () => false, gitignore: undefined });
    expect(plan.create.map((f) => f.path)).toEqual(['.github/workflows/interlock-pr.yml', '.vscode/settings.json', 'integrations/acme/vendor.yaml', 'interlock.yaml', 'policies/risk.yaml']);
    expect(plan.create.find((f) => f.path.endsWith('interlock-pr.yml'))!.text).toBe('uses: northwind/interlock@v1.2.3\n');
    expect(plan.skipped).toEqual([]);
    expect(plan.gitignoreAppend).toEqual(GITIGNORE_ENTRIES);
  });

  it('skips what exists and appends only the missing .gitignore entries', () => {
    const present = new Set(['policies/risk.yaml', '.vscode/settings.json']);
    const plan = planScaffold({ example, workflows, version: '1.2.3', exists: (p) => present.has(p), gitignore: 'dist\n/node_modules\n.interlock\n' });
    expect(plan.skipped).toEqual(['.vscode/settings.json', 'policies/risk.yaml']);
    expect(plan.create.map((f) => f.path)).not.toContain('policies/risk.yaml');
    expect(plan.gitignoreAppend).toEqual(['*.plan.json']);
  });

  it('maps every manifest folder to the manifest schema for the editor', () => {
    const plan = planScaffold({ example, workflows, version: '1', exists: () => false, gitignore: '' });
    const settings = JSON.parse(plan.create.find((f) => f.path === '.vscode/settings.json')!.text) as { 'yaml.schemas': Record<string, string[]> };
    expect(settings['yaml.schemas']['./node_modules/interlock/schemas/manifest.schema.json']).toEqual(['integrations/*/*.yaml', 'contracts/**/*.contract.yaml', 'contracts/**/*.datacontract.yaml', 'policies/*.yaml']);
    expect(settings['yaml.schemas']['./node_modules/interlock/schemas/interlock.schema.json']).toEqual(['interlock.yaml']);
  });
});

describe('examples', () => {
  it('rebases $schema lines from the package into node_modules', () => {
    expect(rebaseSchemaLines('# yaml-language-server: $schema=../../schemas/vendor.schema.json\n')).toBe('# yaml-language-server: $schema=../../node_modules/interlock/schemas/vendor.schema.json\n');
  });

  it('minimal is one vendor, one integration, its contract and the default policies', () => {
    const files = [...exampleFiles('minimal').keys()];
    expect(files.filter((f) => f.startsWith('integrations/'))).toEqual(['integrations/acme/acme-tickets.yaml', 'integrations/acme/vendor.yaml']);
    expect(files.filter((f) => f.startsWith('policies/'))).toHaveLength(8);
  });

  it('northwind is the example workspace without the runtime admin contract, schema lines rebased', () => {
    const files = exampleFiles('northwind');
    expect([...files.keys()].some((f) => f.startsWith('contracts/interlock/'))).toBe(false);
    expect(files.get('integrations/slack/vendor.yaml')).toContain('$schema=../../node_modules/interlock/schemas/vendor.schema.json');
    expect(files.size).toBeGreaterThan(40);
  });

  it('the workflow templates are the gate, apply and drift', () => {
    expect([...workflowTemplates().keys()]).toEqual(['interlock-apply.yml', 'interlock-drift.yml', 'interlock-pr.yml']);
  });
});
