// Runs scripts/quick-bench.ts (informal throughput figures, not a test):
//   pnpm --filter @symx/wasm-eval bench:quick
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    root: join(dirname(fileURLToPath(import.meta.url)), '..'),
    include: ['scripts/quick-bench.ts'],
    testTimeout: 600000,
  },
});
