/**
 * What `interlock init` writes, decided without touching the disk: the example's files, the workspace
 * settings, the workflows, the editor settings and the .gitignore entries, each either to create or to
 * skip because it exists. Init never overwrites; the CLI writes what this returns.
 */

/** Relative path → text. */
export type FileSet = ReadonlyMap<string, string>;

export interface ScaffoldInput {
  /** The example workspace's files (integrations/, contracts/, policies/). */
  example: FileSet;
  /** The workflow templates by file name, with `{{version}}` where the Action's version goes. */
  workflows: FileSet;
  /** The Interlock version whose Action the workflows use. */
  version: string;
  /** Whether a path (relative to the repository root) exists already. */
  exists(path: string): boolean;
  /** The current .gitignore text, if there is one. */
  gitignore: string | undefined;
}

export interface ScaffoldPlan {
  /** Files to create, in a stable order. */
  create: { path: string; text: string }[];
  /** Files that exist and are left as they are. */
  skipped: string[];
  /** Lines to append to .gitignore (none when it already has them all). */
  gitignoreAppend: string[];
}

/** Where a new workspace's files go, and what to run next. */
export const SETTINGS_FILE = 'interlock.yaml';

const SETTINGS_TEXT = `# yaml-language-server: $schema=node_modules/interlock/schemas/interlock.schema.json
# Marks the root of this Interlock workspace: commands run in any folder below it work on it.
# environment: production (the default), or sandbox / test, where localTesting endpoints are allowed.
environment: production
`;

/** Lines .gitignore needs: the embedded runtime's data and the plan files apply reads. */
export const GITIGNORE_ENTRIES = ['.interlock/', 'node_modules/', '*.plan.json'];

const SCHEMA_DIR = './node_modules/interlock/schemas';

/**
 * Editor settings for the YAML language server: every manifest folder maps to the manifest schema (it
 * picks the kind's schema by `kind`), so new files complete without a `$schema` line.
 */
export function vscodeSettings(): string {
  const settings = {
    'yaml.schemas': {
      [`${SCHEMA_DIR}/interlock.schema.json`]: [SETTINGS_FILE],
      [`${SCHEMA_DIR}/manifest.schema.json`]: ['integrations/*/*.yaml', 'contracts/**/*.contract.yaml', 'contracts/**/*.datacontract.yaml', 'policies/*.yaml'],
    },
  };
  return `${JSON.stringify(settings, null, 2)}\n`;
}

/** The files of a new workspace, each created only where nothing exists yet. */
export function planScaffold(input: ScaffoldInput): ScaffoldPlan {
  const wanted = new Map<string, string>();
  wanted.set(SETTINGS_FILE, SETTINGS_TEXT);
  for (const [file, text] of input.example) wanted.set(file, text);
  for (const [name, text] of input.workflows) wanted.set(`.github/workflows/${name}`, text.replaceAll('{{version}}', input.version));
  wanted.set('.vscode/settings.json', vscodeSettings());

  const create: ScaffoldPlan['create'] = [];
  const skipped: string[] = [];
  for (const file of [...wanted.keys()].sort()) {
    if (input.exists(file)) skipped.push(file);
    else create.push({ path: file, text: wanted.get(file)! });
  }
  // `.interlock`, `/.interlock` and `.interlock/` all ignore the folder at the root.
  const bare = (line: string) => line.trim().replace(/^\//, '').replace(/\/$/, '');
  const present = new Set((input.gitignore ?? '').split(/\r?\n/).map(bare));
  const gitignoreAppend = GITIGNORE_ENTRIES.filter((e) => !present.has(bare(e)));
  return { create, skipped, gitignoreAppend };
}

/**
 * The northwind example is this package's own workspace; its `$schema` lines point into the package's
 * schemas/, which in a team's repository live under node_modules/interlock/schemas/.
 */
export function rebaseSchemaLines(text: string): string {
  return text.replace(/(\$schema=(?:\.\.\/)*)schemas\//g, '$1node_modules/interlock/schemas/');
}
