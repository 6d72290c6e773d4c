import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TextKind } from './mutate.js';

export interface SeedFile {
  name: string;
  kind: TextKind;
  text: string;
}

function walk(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function kindOf(file: string): TextKind | undefined {
  if (/\.(graphql|gql)$/.test(file)) return 'graphql';
  if (/\.json$/.test(file)) return 'json';
  if (/\.ya?ml$/.test(file)) return 'yaml';
  return undefined;
}

/**
 * API descriptions to mutate: the example workspace's contracts, and the small vendor specs of the shared
 * corpus (`../shared/corpus`, read in place, never copied). Sorted, so a seed always means the same cases.
 */
export function contractSeeds(root: string, maxBytes = 24 * 1024): SeedFile[] {
  const files = [
    ...walk(path.join(root, 'contracts')).filter((f) => /\.(openapi\.(ya?ml|json)|graphql)$/.test(f)),
    ...walk(path.resolve(root, '..', 'shared', 'corpus', 'openapi')),
    ...walk(path.resolve(root, '..', 'shared', 'corpus', 'graphql')),
  ];
  const out: SeedFile[] = [];
  for (const file of files.sort()) {
    const kind = kindOf(file);
    if (!kind || statSync(file).size > maxBytes) continue;
    out.push({ name: path.relative(root, file), kind, text: readFileSync(file, 'utf8') });
  }
  return out;
}

/** A small valid workspace (vendor, integration, contract, policies) whose files `validate` mutates one at a time. */
export function workspaceSeed(root: string): Map<string, string> {
  const dir = path.join(root, 'test', 'e2e', 'check-breaking-unannounced', 'base');
  const files = new Map<string, string>();
  for (const file of walk(dir).sort()) files.set(path.relative(dir, file).split(path.sep).join('/'), readFileSync(file, 'utf8'));
  return files;
}
