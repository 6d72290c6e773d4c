import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KIND_SCHEMA_FILES } from '../src/core/kinds.js';
import { schemasToTypeScript, type JsonSchema } from './schema-types.js';

/** Regenerates src/core/resources.generated.ts; run through `npm run gen:types`. */
export function generatedResourceTypes(root: string): string {
  const read = (f: string) => JSON.parse(readFileSync(path.join(root, 'schemas', f), 'utf8')) as JsonSchema;
  const kinds = Object.fromEntries(Object.entries(KIND_SCHEMA_FILES).map(([kind, file]) => [kind, read(file)]));
  return schemasToTypeScript(read('common.schema.json'), kinds);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const root = process.cwd();
  writeFileSync(path.join(root, 'src/core/resources.generated.ts'), generatedResourceTypes(root));
}
