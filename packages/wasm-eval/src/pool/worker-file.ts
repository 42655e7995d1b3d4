/**
 * Where the pool's worker module is: the one place that knows.
 *
 * It sits next to this file: dist/pool/worker.js in the built package. When the package runs
 * from its TypeScript sources (vitest resolves workspace packages to src/ through the "source"
 * export condition), this file is worker-file.ts and the worker is worker.ts, which a plain
 * Node 20 worker thread cannot load: the pool must then be given Node options that install a
 * TypeScript loader hook in its workers (`PoolOptions.execArgv`, e.g.
 * `['--import', '<repo>/packages/cli/test-support/register.mjs']`; see pool.test.ts).
 */
import { fileURLToPath } from 'node:url';
import { KernelError } from '../kernel.js';

/** True when this module is the TypeScript source (tests), not the build. */
export const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** Absolute path of the worker module. */
export function workerFile(): string {
  return fileURLToPath(new URL(FROM_SOURCE ? './worker.ts' : './worker.js', import.meta.url));
}

/** A worker that cannot load worker.ts (no TypeScript hook) gets a hint at the fix. */
export function explainWorkerError(e: unknown): unknown {
  if (FROM_SOURCE && (e as { code?: unknown } | null)?.code === 'ERR_UNKNOWN_FILE_EXTENSION') {
    return new KernelError(
      'the pool runs from TypeScript sources and its workers cannot load worker.ts: pass ' +
        "createPool({ execArgv: ['--import', <a TypeScript loader hook>] }) (see src/pool/worker-file.ts)",
      { cause: e },
    );
  }
  return e;
}
