import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rebaseSchemaLines, type FileSet } from './scaffold.js';

export const EXAMPLES = ['minimal', 'northwind'] as const;
export type ExampleName = (typeof EXAMPLES)[number];

/**
 * The package's root, from this module's place in it: src/init (tests) or dist/src/init (installed).
 * The examples are package assets, read like the generator's templates.
 */
function packageRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.resolve(here, '../..'), path.resolve(here, '../../..')]) {
    try {
      if (statSync(path.join(candidate, 'examples', 'workflows')).isDirectory()) return candidate;
    } catch {
      // not this layout
    }
  }
  throw new Error(`Interlock's examples/ folder is missing beside ${here}: the package is incomplete`);
}

function readTree(root: string, rel: string, out: Map<string, string>, skip: (rel: string) => boolean): void {
  const abs = path.join(root, rel);
  for (const entry of readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (skip(child)) continue;
    if (entry.isDirectory()) readTree(root, child, out, skip);
    else if (entry.isFile()) out.set(child, readFileSync(path.join(root, child), 'utf8'));
  }
}

/**
 * An example workspace's files. `minimal` is one vendor, one integration and default policies
 * (examples/minimal); `northwind` is the full example workspace Interlock's own repository carries at
 * its root (less the runtime's own admin contract).
 */
export function exampleFiles(name: ExampleName): FileSet {
  const root = packageRoot();
  const files = new Map<string, string>();
  if (name === 'minimal') {
    readTree(path.join(root, 'examples', 'minimal'), '', files, () => false);
    return files;
  }
  for (const dir of ['integrations', 'contracts', 'policies']) {
    readTree(root, dir, files, (rel) => rel === 'contracts/interlock');
  }
  for (const [file, text] of files) files.set(file, rebaseSchemaLines(text));
  return files;
}

/** The workflow templates for a team's repository (examples/workflows/*.yml). */
export function workflowTemplates(): FileSet {
  const files = new Map<string, string>();
  readTree(path.join(packageRoot(), 'examples', 'workflows'), '', files, () => false);
  return files;
}

/** The templates of `interlock new connector` (examples/templates/connector/*.yaml), by file name. */
export function connectorTemplates(): FileSet {
  const files = new Map<string, string>();
  readTree(path.join(packageRoot(), 'examples', 'templates', 'connector'), '', files, () => false);
  return files;
}
