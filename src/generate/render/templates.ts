import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Template name (file name, e.g. `client.ts.hbs`) → Handlebars source. */
export type TemplateSet = Map<string, string>;

let builtin: TemplateSet | undefined;

/**
 * The templates shipped in src/generate/templates. They are package assets, not workspace input, so
 * they are read here once, beside the code (from src/ under vitest, from dist/src/… → src/ when built).
 */
export function builtinTemplates(): TemplateSet {
  if (builtin) return builtin;
  const dir = templatesDir();
  const set: TemplateSet = new Map();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.hbs')).sort()) set.set(name, readFileSync(path.join(dir, name), 'utf8'));
  builtin = set;
  return set;
}

function templatesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // src/generate/render → ../templates; dist/src/generate/render → ../../../../src/generate/templates
  const candidates = [path.resolve(here, '../templates'), path.resolve(here, '../../../../src/generate/templates')];
  for (const c of candidates) {
    try {
      if (readdirSync(c).some((n) => n.endsWith('.hbs'))) return c;
    } catch {
      // not this layout
    }
  }
  throw new Error(`Generator templates not found (looked in ${candidates.join(', ')})`);
}

/**
 * Built-in templates with the workspace's overrides laid over them: `templates/<name>.hbs` in the
 * workspace replaces the built-in template of the same name; other `.hbs` files there become extra
 * partials available to every template.
 */
export function effectiveTemplates(workspaceTemplates: ReadonlyMap<string, string>): { templates: TemplateSet; overridden: string[] } {
  const templates = new Map(builtinTemplates());
  const overridden: string[] = [];
  for (const [file, text] of [...workspaceTemplates].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const name = file.replace(/^templates\//, '');
    if (!name.endsWith('.hbs') || name.includes('/')) continue;
    if (templates.has(name)) overridden.push(name);
    templates.set(name, text);
  }
  return { templates, overridden };
}
