import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { Diagnostic } from '../core/diagnostic.js';
import { FatalError } from '../core/errors.js';
import { DEFAULT_MAX_FILE_BYTES } from './file-source.js';

function located(shown: string, code: string, message: string, data?: Record<string, unknown>): FatalError {
  const diagnostic: Diagnostic = { severity: 'error', code, message, location: { file: shown, line: 1, column: 1 }, ...(data ? { data } : {}) };
  return new FatalError(message, [diagnostic]);
}

function kindOf(stats: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a text file a user named on the command line. Only a regular file is opened (a directory, a
 * device such as /dev/zero or a named pipe is a located error, never a hang or an unbounded read), at
 * most `maxBytes` are read, and binary content is refused. Errors are FatalErrors with one diagnostic
 * located at the file, so the CLI prints `file:1:1: error …` and exits 2.
 */
export function readUserFile(abs: string, shown: string, maxBytes = DEFAULT_MAX_FILE_BYTES): string {
  let stats;
  try {
    stats = statSync(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw located(shown, code === 'ENOENT' ? 'file-not-found' : 'file-unreadable', `Cannot read ${shown}: ${code}`, { errno: code });
  }
  if (!stats.isFile()) throw located(shown, 'not-a-file', `${shown} is ${kindOf(stats)}; expected a file`);
  if (stats.size > maxBytes) {
    throw located(shown, 'file-too-large', `File is ${(stats.size / 1048576).toFixed(1)} MiB, over the ${(maxBytes / 1048576).toFixed(0)} MiB limit; it was not read`, { size: stats.size, limit: maxBytes });
  }
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch (error) {
    throw located(shown, 'file-unreadable', `Cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    // The file may have been swapped between stat and open: check what was opened, and read at most the limit + 1.
    if (!fstatSync(fd).isFile()) throw located(shown, 'not-a-file', `${shown} is not a regular file; expected a file`);
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stats.size, 0) + 1));
    let length = 0;
    for (let n; length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0; ) length += n;
    if (length > maxBytes) throw located(shown, 'file-too-large', `File is over the ${(maxBytes / 1048576).toFixed(0)} MiB limit; it was not read`, { limit: maxBytes });
    const bytes = buffer.subarray(0, length);
    if (bytes.includes(0)) throw located(shown, 'file-not-text', 'File contains binary data (a NUL byte); expected a text file');
    return bytes.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
