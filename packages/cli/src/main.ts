#!/usr/bin/env node
/**
 * The `symx` executable: runs the CLI on the process's arguments and streams, and exits with
 * its code. Interruptions (SIGINT, SIGTERM, SIGHUP) remove the temporary file of an output
 * being written, so nothing partial is left behind.
 */
import { run } from './cli.js';
import { installSignalCleanup } from './internal/atomicFile.js';
import { processIO } from './io.js';

installSignalCleanup();
// A closed pipe downstream (`symx ... | head`) ends the output quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await run(process.argv.slice(2), processIO());
