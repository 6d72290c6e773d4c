import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentCache } from './document-cache.js';
import type { FileEntry, FileSource } from './file-source.js';
import { loadWorkspace } from './workspace.js';

const FILE = 'documents.v1.cache';
const VENDOR = 'apiVersion: interlock.dev/v1\nkind: Vendor\nmetadata:\n  name: acme\nspec:\n  displayName: Acme\n';
const BROKEN = 'apiVersion: interlock.dev/v1\nkind: Vendor\nmetadata: [\n';

class Files implements FileSource {
  readonly label = 'memory';
  constructor(private readonly files: Record<string, string>) {}
  list(): Promise<FileEntry[]> {
    return Promise.resolve(Object.entries(this.files).map(([p, t]) => ({ path: p, size: Buffer.byteLength(t) })));
  }
  read(p: string): Promise<string> {
    return Promise.resolve(this.files[p]);
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'interlock-doc-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function load(files: Record<string, string>, stamp = 's1') {
  const cache = DocumentCache.open(dir, stamp);
  const loaded = await loadWorkspace(new Files(files), { cache });
  cache.save();
  return loaded;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const check = (json: string) => createHash('sha256').update(json).digest('base64url').slice(0, 22);
const entryLines = () => (existsSync(path.join(dir, FILE)) ? readFileSync(path.join(dir, FILE), 'utf8') : '').split('\n').slice(1).filter(Boolean);

describe('DocumentCache', () => {
  it('keeps the values of a clean file by the hash of its text and serves them on the next load', async () => {
    const first = await load({ 'integrations/acme.yaml': VENDOR });
    expect(entryLines().map((l) => l.split('\t')[0])).toEqual([sha(VENDOR)]);
    // A planted entry for the same text proves the second load reads the cache, not the parser.
    const planted = JSON.stringify([{ kind: 'Vendor', metadata: { name: 'from-cache' } }]);
    writeFileSync(path.join(dir, FILE), `${JSON.stringify({ format: 1, stamp: 's1' })}\n${sha(VENDOR)}\t${check(planted)}\t${planted}\n`);
    const second = await load({ 'integrations/acme.yaml': VENDOR });
    expect(first.value.manifests[0].value).toMatchObject({ metadata: { name: 'acme' } });
    expect(second.value.manifests[0].value).toEqual({ kind: 'Vendor', metadata: { name: 'from-cache' } });
    expect(second.value.manifests[0].file).toBe('integrations/acme.yaml');
  });

  it('answers positions for a cached document from the text', async () => {
    await load({ 'integrations/acme.yaml': VENDOR });
    const again = await load({ 'integrations/acme.yaml': VENDOR });
    expect(again.value.manifests[0].locate('/spec/displayName')).toMatchObject({ line: 6, column: 3 });
  });

  it('ignores a corrupted cache and rebuilds it', async () => {
    await load({ 'integrations/acme.yaml': VENDOR });
    const [line] = entryLines();
    const [key, sum] = line.split('\t');
    const header = JSON.stringify({ format: 1, stamp: 's1' });
    // Right key and checksum, altered JSON: the checksum no longer matches.
    writeFileSync(path.join(dir, FILE), `${header}\n${key}\t${sum}\t[{"kind":"Tampered"}]\n`);
    const loaded = await load({ 'integrations/acme.yaml': VENDOR });
    expect(loaded.value.manifests[0].value).toMatchObject({ kind: 'Vendor', metadata: { name: 'acme' } });
    expect(entryLines()).toEqual([line]);
    // Not a cache at all.
    writeFileSync(path.join(dir, FILE), '\0\0garbage\n{{{\n');
    const again = await load({ 'integrations/acme.yaml': VENDOR });
    expect(again.value.manifests[0].value).toMatchObject({ metadata: { name: 'acme' } });
    expect(entryLines()).toEqual([line]);
  });

  it('drops every entry when the stamp (Interlock version, schemas) differs', async () => {
    await load({ 'integrations/acme.yaml': VENDOR });
    const planted = JSON.stringify([{ kind: 'Stale' }]);
    writeFileSync(path.join(dir, FILE), `${JSON.stringify({ format: 1, stamp: 'old' })}\n${sha(VENDOR)}\t${check(planted)}\t${planted}\n`);
    const loaded = await load({ 'integrations/acme.yaml': VENDOR }, 'new');
    expect(loaded.value.manifests[0].value).toMatchObject({ kind: 'Vendor' });
    expect(readFileSync(path.join(dir, FILE), 'utf8').split('\n')[0]).toBe(JSON.stringify({ format: 1, stamp: 'new' }));
  });

  it('never caches a file with a problem, nor values JSON cannot carry', async () => {
    const first = await load({ 'integrations/broken.yaml': BROKEN, 'integrations/dated.yaml': 'kind: Vendor\nratio: .inf\n' });
    expect(first.diagnostics.map((d) => d.code)).toEqual(['yaml-syntax']);
    expect(entryLines()).toEqual([]);
    const second = await load({ 'integrations/broken.yaml': BROKEN, 'integrations/dated.yaml': 'kind: Vendor\nratio: .inf\n' });
    expect(second.diagnostics).toEqual(first.diagnostics);
    expect((second.value.manifests[0].value as { ratio: unknown }).ratio).toBe(Infinity);
  });

  it('gives each document its own objects when two files have the same text', async () => {
    await load({ 'integrations/a.yaml': VENDOR });
    const loaded = await load({ 'integrations/a.yaml': VENDOR, 'integrations/b.yaml': VENDOR });
    const [a, b] = loaded.value.manifests;
    expect(a.value).toEqual(b.value);
    expect(a.value).not.toBe(b.value);
  });
});

describe('the cache in a git repository', () => {
  it('ignores itself, so a repository without .interlock/ in its .gitignore stays clean', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'interlock-doc-cache-git-'));
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
      git('init', '-q');
      const cache = DocumentCache.open(path.join(repo, '.interlock', 'cache'), 's1');
      await loadWorkspace(new Files({ 'integrations/acme.yaml': VENDOR }), { cache });
      cache.save();
      expect(existsSync(path.join(repo, '.interlock', 'cache', FILE))).toBe(true);
      expect(git('status', '--porcelain', '--untracked-files=all')).toBe('');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
