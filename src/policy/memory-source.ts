import type { FileEntry, FileSource } from '../load/file-source.js';

/** Workspace files held in memory (path → text), for rule tests and executed doc examples. */
export class MemorySource implements FileSource {
  readonly label = 'memory';

  constructor(private readonly files: Readonly<Record<string, string>>) {}

  async list(): Promise<FileEntry[]> {
    return Object.keys(this.files)
      .sort()
      .map((path) => ({ path, size: Buffer.byteLength(this.files[path]) }));
  }

  async read(relPath: string): Promise<string> {
    const text = this.files[relPath];
    if (text === undefined) throw new Error(`No such file in memory: ${relPath}`);
    return text;
  }
}
