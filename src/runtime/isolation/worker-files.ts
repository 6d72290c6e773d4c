import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageRoot } from '../package-files.js';

/**
 * The JavaScript file of a module of this folder. Built, it sits beside this one. Run from the TypeScript
 * sources (tests), a worker cannot load `.ts`, so workers run the build in dist/ (`npm run build`).
 */
export function isolationFile(name: string): URL {
  const here = fileURLToPath(import.meta.url);
  const file = here.endsWith('.ts') ? path.join(packageRoot(), 'dist', path.relative(packageRoot(), path.dirname(here)), `${name}.js`) : path.join(path.dirname(here), `${name}.js`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  return pathToFileURL(file);
}
