import type { ExportSpec } from './jobs.js';
import type { SecretLookup } from '../delivery/secret-refs.js';

/** Where an export's files and manifest land; keys are relative (`<integration>/<window>/part-00000.parquet.pgp`). */
export interface Destination {
  /** Printable location without credentials: `s3://bucket/prefix` or a directory path. */
  readonly location: string;
  /** Stores a file from a stream, replacing one with the same key only once the new one is complete. */
  put(key: string, body: ReadableStream<Uint8Array>): Promise<void>;
  putText(key: string, text: string): Promise<void>;
  /** A stored text file, or null when there is none. */
  getText(key: string): Promise<string | null>;
  remove(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export interface DestinationOptions {
  secrets: SecretLookup;
  /** Relative directory destinations resolve against this (the runtime's working directory). */
  baseDir: string;
}

export async function openDestination(spec: ExportSpec['destination'], opts: DestinationOptions): Promise<Destination> {
  if (spec.directory) return (await import('./directory-destination.js')).directoryDestination(spec.directory.path, opts.baseDir);
  if (spec.s3) return (await import('./s3-destination.js')).s3Destination(spec.s3, opts.secrets);
  throw new Error('destination names neither s3 nor directory');
}
