// The long fuzz run (`pnpm test:fuzz`): the fuzz tests of test/fuzz with every property's run
// count multiplied by SYMX_FUZZ_RUNS (default here 200: minutes; the default `pnpm test` run
// uses 1, a few seconds). Every property prints its seed; replay a failure with
//   SYMX_FUZZ_SEED=<seed> [SYMX_FUZZ_PATH=<path>] pnpm test:fuzz
// The spawned-executable fuzzing (CLI exit codes, a long `symx serve` stream) runs only here.
import { defineConfig } from 'vitest/config';

process.env.SYMX_FUZZ_RUNS ??= '200';
const conditions = ['source', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    name: 'fuzz',
    root: 'test',
    include: ['fuzz/**/*.test.ts'],
    // One file at a time: the machine is shared, and the counts printed stay readable.
    fileParallelism: false,
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
  },
});
