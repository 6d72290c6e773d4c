import { FatalError } from '../core/errors.js';
import { DirectoryInUseError } from '../runtime/store/directory-lock.js';
import { openStore, type Store } from '../runtime/store/store.js';
import type { CommandContext } from './context.js';

/** Opens the runtime's store for a CLI command (token create, audit verify); a busy or unreachable store is fatal. */
export async function openCliStore(_ctx: CommandContext, config: { dataDir: string; databaseUrl?: string }): Promise<Store> {
  try {
    return await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  } catch (error) {
    throw storeFailure(error, config.databaseUrl ? 'the PostgreSQL database' : config.dataDir);
  }
}

export function storeFailure(error: unknown, where: string): Error {
  if (error instanceof DirectoryInUseError) {
    return new FatalError(`${error.message}; stop that runtime first (the embedded store allows one process)`);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '3D000' || code === '28P01') {
    return new FatalError(`cannot start on ${where}: ${(error as Error).message}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
