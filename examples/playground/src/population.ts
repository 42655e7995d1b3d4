/**
 * The population panel's computation (DOM-free, shared with the browser test): random candidate
 * expressions, scored on a table by both WASM tiers with measured throughput.
 *
 * - VM tier: `createDataset` once, then `lossPopulation` scores every candidate in one call (no
 *   compilation: the shape of a symbolic-regression inner loop on fresh candidates).
 * - Fused tier: `compile(candidates, { tier: 'fused' })` emits one WebAssembly function per
 *   candidate (compile time shown separately; modules are cached by structure, so a second run
 *   of the same population reuses them), then `kernel.loss`. The fused tier splits a large
 *   kernel into modules of bounded size itself (browsers refuse synchronous compiles of modules
 *   over 8 MB on the main thread).
 */
import { type Term, add, cos, div, exp, float, format, log, mul, sin, sub, sym } from '@symx/core';
import { type Kernel, compile, createDataset, lossPopulation } from '@symx/wasm-eval';
import type { Table } from './csv.js';
import { rng } from './random.js';

const UNARY = [sin, cos, exp, log] as const;

const BINARY = [(a: Term, b: Term) => add(a, b), sub, (a: Term, b: Term) => mul(a, b), div] as const;

/**
 * `count` random expressions over `variables`, each with 1 to `maxNodes` leaves and operators
 * (+ - * / sin cos exp log; float constants in [-3, 3] with two decimals), deterministic for a
 * seed. Built as a random postfix program on an explicit stack (no recursion).
 *
 * @example
 * randomPopulation(['x0', 'x1'], 3, 1).map(String);   // e.g. ['x1*cos(x0)', '1.25', 'x0 - 0.5']
 */
export function randomPopulation(variables: readonly string[], count: number, seed: number, maxNodes = 12): Term[] {
  if (variables.length === 0) throw new RangeError('randomPopulation: no variables to build candidates from');
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`candidate count must be a positive integer, got ${count}`);
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const leaves = variables.map(sym);
  const out: Term[] = [];
  for (let c = 0; c < count; c++) {
    const budget = 1 + Math.floor(r() * maxNodes);
    const stack: Term[] = [];
    let emitted = 0;
    while (emitted < budget || stack.length > 1) {
      const open = emitted < budget;
      const choice = stack.length === 0 ? 0 : !open ? 2 : Math.floor(r() * 3); // 0 leaf, 1 unary, 2 binary
      if (choice === 0 || (choice === 2 && stack.length < 2 && open)) {
        stack.push(r() < 0.65 ? pick(leaves) : float(Math.round((r() * 6 - 3) * 100) / 100 || 1));
      } else if (choice === 1 || stack.length < 2) {
        stack.push(pick(UNARY)(stack.pop()!));
      } else {
        const b = stack.pop()!;
        stack.push(pick(BINARY)(stack.pop()!, b));
      }
      emitted++;
    }
    out.push(stack[0]);
  }
  return out;
}

export interface TierRun {
  /** Mean squared error of each candidate (NaN/Infinity where it is undefined on some row). */
  readonly loss: Float64Array;
  /** Milliseconds per scoring of the whole population (mean over the timed repetitions). */
  readonly msPerCall: number;
  readonly repetitions: number;
  readonly candidatesPerSecond: number;
  /** Candidate-rows evaluated per second (candidates x rows / time). */
  readonly rowsPerSecond: number;
}

export interface PopulationRun {
  readonly candidates: number;
  readonly rows: number;
  readonly vm: TierRun & { readonly invalid: Uint8Array };
  readonly fused: TierRun & { readonly compileMs: number };
  /** The best valid candidate by the VM tier's loss (-1 when every candidate is invalid). */
  readonly best: { readonly index: number; readonly expression: string; readonly loss: number };
}

/**
 * Times `fn` after one untimed warm-up call: repeats it until both `minMs` milliseconds and
 * `minReps` calls have passed (at most `maxReps` calls); returns the last result and the mean
 * time per call. Several calls matter in browsers: WebAssembly starts in a baseline compiler
 * and the optimized code is only used from a later call on.
 */
function timed<T>(fn: () => T, minMs: number, minReps: number, maxReps: number): { value: T; ms: number; reps: number } {
  let value = fn();
  let reps = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    value = fn();
    reps++;
    elapsed = performance.now() - t0;
  } while ((elapsed < minMs || reps < minReps) && reps < maxReps);
  return { value, ms: elapsed / reps, reps };
}

function rates(candidates: number, rows: number, ms: number): { candidatesPerSecond: number; rowsPerSecond: number } {
  const s = Math.max(ms, 1e-6) / 1000;
  return { candidatesPerSecond: candidates / s, rowsPerSecond: (candidates * rows) / s };
}

/** How long `runPopulation` times each tier. */
export interface Timing {
  /** Time each tier for at least this many milliseconds (default 300). */
  readonly minMs?: number;
  /** ... and at least this many calls (default 3). */
  readonly minReps?: number;
  /** ... but at most this many calls (default 200). */
  readonly maxReps?: number;
}

/** Untimed: one warm-up and one call per tier (for comparing numbers, not speed). */
export const ONCE: Timing = Object.freeze({ minMs: 0, minReps: 1, maxReps: 1 });

/**
 * Scores `exprs` against the table's target (MSE) with both tiers, timing each (see `Timing`).
 *
 * @example
 * const table = parseCsv(generateCsv(1000, 1));
 * const run = runPopulation(table, randomPopulation(table.variables, 500, 1));
 * run.vm.candidatesPerSecond;   // e.g. 2e5
 */
export function runPopulation(table: Table, exprs: readonly Term[], timing: Timing = {}): PopulationRun {
  const n = exprs.length;
  const { minMs = 300, minReps = 3, maxReps = 200 } = timing;
  const data = createDataset(table.variables, table.columns, { target: table.target });
  let vmRun;
  try {
    vmRun = timed(() => lossPopulation(exprs, data, { kind: 'mse' }), minMs, minReps, maxReps);
  } finally {
    data.dispose();
  }
  const c0 = performance.now();
  let kernel: Kernel | undefined;
  let fusedRun;
  try {
    kernel = compile(exprs, { variables: table.variables, tier: 'fused' });
    const compileMs = performance.now() - c0;
    const k = kernel;
    const run = timed(
      () => k.loss(table.columns, table.target, { kind: 'mse' }),
      minMs,
      minReps,
      maxReps,
    );
    fusedRun = { ...run, compileMs };
  } finally {
    kernel?.dispose();
  }
  const { loss, invalid } = vmRun.value;
  let index = -1;
  for (let i = 0; i < n; i++) if (invalid[i] === 0 && Number.isFinite(loss[i]) && (index < 0 || loss[i] < loss[index])) index = i;
  return {
    candidates: n,
    rows: table.rows,
    vm: { loss, invalid, msPerCall: vmRun.ms, repetitions: vmRun.reps, ...rates(n, table.rows, vmRun.ms) },
    fused: { loss: fusedRun.value, compileMs: fusedRun.compileMs, msPerCall: fusedRun.ms, repetitions: fusedRun.reps, ...rates(n, table.rows, fusedRun.ms) },
    best: { index, expression: index < 0 ? '' : format(exprs[index]), loss: index < 0 ? NaN : loss[index] },
  };
}
