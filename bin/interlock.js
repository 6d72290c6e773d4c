#!/usr/bin/env node
import { run } from '../dist/src/cli/main.js';

// A reader that stops early (`interlock plan | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await run(process.argv.slice(2));
