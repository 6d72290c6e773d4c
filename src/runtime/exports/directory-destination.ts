import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Destination } from './destination.js';

/** Files in a local directory; each is written beside its final name and renamed into place when complete. */
export function directoryDestination(dir: string, baseDir: string): Destination {
  const root = path.resolve(baseDir, dir);
  const file = (key: string) => {
    const p = path.resolve(root, key);
    if (!p.startsWith(root + path.sep)) throw new Error(`key ${key} leaves the export directory`);
    return p;
  };
  return {
    location: root,
    async put(key, body) {
      const target = file(key);
      await mkdir(path.dirname(target), { recursive: true });
      const partial = `${target}.partial`;
      await body.pipeTo(Writable.toWeb(createWriteStream(partial)));
      await rename(partial, target);
    },
    async putText(key, text) {
      const target = file(key);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(`${target}.partial`, text);
      await rename(`${target}.partial`, target);
    },
    async getText(key) {
      try {
        return await readFile(file(key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async remove(keys) {
      for (const k of keys) await rm(file(k), { force: true });
    },
    close: async () => undefined,
  };
}
