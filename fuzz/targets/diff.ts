import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { mutateText } from '../mutate.js';
import type { Outcome } from '../outcome.js';
import type { Random } from '../random.js';
import type { SeedFile } from '../seeds.js';
import { runCli } from './cli.js';

const EXT = { yaml: '.yaml', json: '.json', graphql: '.graphql' } as const;

/** `interlock diff` of a seed description against a mutation of it (sometimes both sides mutated). */
export async function fuzzDiff(rng: Random, seeds: readonly SeedFile[], dir: string, maxDepth: number): Promise<Outcome> {
  const seed = rng.pick(seeds);
  const donors = seeds.filter((s) => s.kind === seed.kind).map((s) => s.text);
  const base = rng.chance(0.2) ? mutateText(rng, seed.text, seed.kind, donors, maxDepth) : seed.text;
  const head = mutateText(rng, seed.text, seed.kind, donors, maxDepth);
  const ext = EXT[seed.kind];
  writeFileSync(path.join(dir, `base${ext}`), base);
  writeFileSync(path.join(dir, `head${ext}`), head);
  // A neighbour a mutated `$ref: 'other.yaml#/Thing'` can reach.
  writeFileSync(path.join(dir, 'other.yaml'), rng.chance(0.5) ? 'Thing: { type: string }\n' : mutateText(rng, 'Thing: { $ref: "#/Thing" }\n', 'yaml', [], maxDepth));
  const format = rng.pick(['text', 'json', 'markdown']);
  const { outcome } = await runCli(['diff', `base${ext}`, `head${ext}`, '--now', '2026-06-01', '--format', format], dir);
  return outcome;
}
