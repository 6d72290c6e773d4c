import { compress, init } from '@bokuweb/zstd-wasm';

let ready: Promise<void> | undefined;

/**
 * zstd through WebAssembly: Node 20 has no zstd in zlib (it arrives experimentally in 22.15), and the
 * Parquet writer needs a synchronous compressor. Level 3 is zstd's default.
 */
export async function zstdCompressor(level = 3): Promise<(input: Uint8Array) => Uint8Array> {
  ready ??= init();
  await ready;
  return (input) => compress(input, level);
}
