/**
 * A fixed dataset and population, scored by both WASM tiers: `window.symxPlayground` returns
 * these numbers so the browser test can compare them with the same call in Node (same code,
 * same kernels, so the losses should be bit-for-bit equal).
 */
import { generateCsv, parseCsv } from './csv.js';
import { ONCE, randomPopulation, runPopulation } from './population.js';

/** The fixed problem: seed, rows and candidates. */
export const REFERENCE = Object.freeze({ seed: 2024, rows: 1000, candidates: 300 });

export interface ReferenceLosses {
  readonly rows: number;
  readonly expressions: string[];
  /** VM tier (`lossPopulation`) MSE per candidate. */
  readonly vm: number[];
  /** Fused tier (`compile(..., { tier: 'fused' }).loss`) MSE per candidate. */
  readonly fused: number[];
  readonly invalid: number[];
}

/**
 * Scores the reference population on the reference dataset, once per tier (untimed).
 *
 * @example
 * referenceLosses().vm.length;   // REFERENCE.candidates
 */
export function referenceLosses(): ReferenceLosses {
  const table = parseCsv(generateCsv(REFERENCE.rows, REFERENCE.seed));
  const exprs = randomPopulation(table.variables, REFERENCE.candidates, REFERENCE.seed);
  const run = runPopulation(table, exprs, ONCE);
  return {
    rows: run.rows,
    expressions: exprs.map(String),
    vm: [...run.vm.loss],
    fused: [...run.fused.loss],
    invalid: [...run.vm.invalid],
  };
}
