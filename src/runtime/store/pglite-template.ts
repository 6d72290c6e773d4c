import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Migration } from './migrations/index.js';

/**
 * A fresh embedded store is a copy, not an initdb. PGlite's initdb runs in WebAssembly and costs seconds of
 * CPU on every new data directory (measured: 3.6 s CPU, 8 s wall on a busy 2-core machine); loading a
 * tarball of an initialised, migrated directory costs 0.6 s CPU. The first fresh store on a machine
 * writes the template; later ones load it.
 *
 * The template holds nothing but the schema and the migrations' own seed rows (deterministic: no random
 * values), so copies share no secret or identity. Its name is a hash of the PGlite version and of every
 * migration, so an upgrade or a new migration never loads a stale template. A template that cannot be read
 * or loaded is ignored and the store falls back to initdb.
 */
export interface PgliteTemplateCache {
  /** The tarball for these migrations, or undefined when there is none (or it is unreadable). */
  read(): Blob | undefined;
  /** Keeps a tarball for the next fresh store; best effort (a read-only cache directory is not an error). */
  write(tarball: Blob): Promise<void>;
  /** Forgets a template that failed to load. */
  discard(): void;
  readonly file: string;
}

/** `INTERLOCK_PGLITE_TEMPLATE=off` turns the cache off; `INTERLOCK_CACHE_DIR` moves it. */
export function pgliteTemplateCache(migrations: readonly Migration[], env: NodeJS.ProcessEnv = process.env): PgliteTemplateCache | undefined {
  if (env.INTERLOCK_PGLITE_TEMPLATE === 'off') return undefined;
  const dir = cacheDirectory(env);
  if (!dir) return undefined;
  const file = path.join(dir, 'pglite', `template-${templateKey(migrations)}.tar`);
  return {
    file,
    read() {
      if (!existsSync(file)) return undefined;
      try {
        return new Blob([readFileSync(file)]);
      } catch {
        return undefined;
      }
    },
    async write(tarball) {
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(tmp, new Uint8Array(await tarball.arrayBuffer()));
        // Atomic: concurrent first stores each write a whole file; the last rename wins, both are equal.
        renameSync(tmp, file);
      } catch {
        rmSync(tmp, { force: true });
      }
    },
    discard() {
      rmSync(file, { force: true });
    },
  };
}

function cacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  if (env.INTERLOCK_CACHE_DIR) return env.INTERLOCK_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'interlock');
  const home = homedir();
  return home ? path.join(home, '.cache', 'interlock') : undefined;
}

export function templateKey(migrations: readonly Migration[]): string {
  const hash = createHash('sha256');
  hash.update(`pglite ${pgliteVersion()}\n`);
  for (const m of migrations) hash.update(`${m.id}\0${m.name}\0${m.up}\0`);
  return hash.digest('hex').slice(0, 24);
}

function pgliteVersion(): string {
  // The package's exports hide its package.json: walk up from its resolved entry to find it.
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (let up = 0; up < 4; up++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    } catch {
      // not this folder
    }
  }
  return dir;
}
