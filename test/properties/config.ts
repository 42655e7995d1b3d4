/**
 * Settings shared by the cross-engine property suite: one fixed seed (replay another with
 * SYMX_SEED=<n>, scale the runs with SYMX_RUNS=<factor>), the random expressions and points.
 * On a failure fast-check prints the seed and the shrink path; rerun with that seed (and
 * `path` in the property's parameters) to replay exactly that counterexample.
 */
import fc from 'fast-check';
import { vi } from 'vitest';
import { expressionArb, pointsArb, SR_OPERATORS } from '@symx/core/testing';

export const SEED = Number(process.env.SYMX_SEED ?? 20261129);
const FACTOR = Number(process.env.SYMX_RUNS ?? 1);

/** numRuns scaled by SYMX_RUNS (at least 1). */
export function runs(n: number): number {
  return Math.max(1, Math.round(n * FACTOR));
}

fc.configureGlobal({ seed: SEED, numRuns: runs(100) });
// Property tests take seconds, more on a loaded machine or with SYMX_RUNS: no 5 s default.
vi.setConfig({ testTimeout: 300_000 });

export const VARS = ['x0', 'x1', 'x2'] as const;

/** SR candidates over the SR operators plus tanh, atan, min, max: exact and float constants. */
export const expr = expressionArb({
  operators: [...SR_OPERATORS, 'tanh', 'atan', 'min', 'max'],
  variables: VARS,
  maxDepth: 5,
});

/** The same with edge floats among the constants: ±0, subnormals, tiny, huge. */
export const edgyExpr = expressionArb({
  operators: [...SR_OPERATORS, 'tanh', 'atan'],
  variables: VARS,
  maxDepth: 4,
  constants: { edgeFloats: true },
});

/** A few points with moderate values, as an SR dataset has them. */
export const points = pointsArb(VARS, { min: -4, max: 4, minLength: 4, maxLength: 4 });

/** Points with edge values (±0, subnormals, huge) among them. */
export const edgyPoints = pointsArb(VARS, { min: -4, max: 4, minLength: 6, maxLength: 6, edgeValues: true });
