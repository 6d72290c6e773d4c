import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The package's own root (where package.json is), found from this module's location so it works both from
 * the sources (tests) and from dist/. The runtime ships its admin contract and default access policy there.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'interlock') return (root = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the interlock package root');
    dir = parent;
  }
}

/** contracts/interlock/runtime-admin.openapi.yaml: the admin API's single source of truth. */
export function adminContractPath(): string {
  return path.join(packageRoot(), 'contracts', 'interlock', 'runtime-admin.openapi.yaml');
}
