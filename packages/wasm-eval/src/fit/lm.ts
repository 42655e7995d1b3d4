/**
 * Levenberg–Marquardt over the normal equations, for weighted least squares S(c) = sum w r(c)^2.
 *
 * The objective supplies, at a point c, the packed triple the fused derivative kernel computes:
 * [S, g = J'Wr (k values), H = J'WJ upper triangle row-major (k(k+1)/2 values)]. Steps solve
 * (H + lambda D) d = -g with Marquardt's scaling D = diag(H) (floored so that a constant the data
 * cannot see does not make the system singular); lambda follows Nielsen's update (shrink by
 * max(1/3, 1 - (2 rho - 1)^3) on success, double the growth factor on failure).
 *
 * It never throws and never loops unboundedly: every trial costs one of `maxIterations`. Non-finite
 * losses reject the step; non-finite derivative entries freeze the constants they belong to for
 * that step.
 */
import { choleskySolve } from './linalg.js';

/**
 * Why a fit stopped.
 *
 * @example
 * const xs = Float64Array.of(0, 1, 2);
 * const reason: FitStopReason = fitConstants(parse('1*x'), [xs], Float64Array.of(0, 2, 4), { variables: ['x'] }).stopReason;
 * reason; // → 'converged'
 */
export type FitStopReason =
  /**
   * A minimum to the tolerance: the relative loss decrease (actual and predicted) fell below it,
   * the steps no longer change the constants, or the loss is 0.
   */
  | 'converged'
  /** The iteration budget ran out first. */
  | 'max-iterations'
  /** No step decreases the loss (NaN or worse in every direction tried: a domain edge, a kink). */
  | 'stalled'
  /** The loss is NaN or infinite at the starting constants: the candidate is invalid on the data. */
  | 'invalid'
  /** There is nothing to fit (no free constants). */
  | 'no-constants';

export interface LMOptions {
  maxIterations: number;
  /** Relative decrease of S below which the fit has converged. */
  tolerance: number;
}

export interface LMResult {
  /** Best point found (the start when nothing improved). */
  c: Float64Array;
  /** S at the start and at `c`. */
  S0: number;
  S: number;
  iterations: number;
  evaluations: number;
  stopReason: FitStopReason;
}

/** Fills `out` with [S, g, H upper triangle] at `c`. May produce non-finite values; must not throw. */
export type NormalEquationsFn = (c: Float64Array, out: Float64Array) => void;

const LAMBDA_MAX = 1e32;

/**
 * Minimizes S from `c0` (k constants).
 *
 * @example
 * // S(c) = (c - 3)^2: g = c - 3, H = 1
 * levenbergMarquardt((c, o) => { o[0] = (c[0] - 3) ** 2; o[1] = c[0] - 3; o[2] = 1; }, Float64Array.of(0),
 *   { maxIterations: 50, tolerance: 1e-12 }).c;   // [3]
 */
export function levenbergMarquardt(f: NormalEquationsFn, c0: Float64Array, options: LMOptions): LMResult {
  const k = c0.length;
  const size = 1 + k + (k * (k + 1)) / 2;
  let cur = new Float64Array(size);
  let trial = new Float64Array(size);
  const c = Float64Array.from(c0);
  const cNew = new Float64Array(k);
  f(c, cur);
  let evaluations = 1;
  const S0 = cur[0];
  const result = (stopReason: FitStopReason, iterations: number): LMResult => ({
    c,
    S0,
    S: cur[0],
    iterations,
    evaluations,
    stopReason,
  });
  if (!Number.isFinite(S0)) return result('invalid', 0);
  if (k === 0) return result('no-constants', 0);
  if (S0 === 0) return result('converged', 0);

  // Scratch for the reduced system over the constants with finite derivatives.
  const active = new Int32Array(k);
  const A = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  const step = new Float64Array(k);
  const work = new Float64Array(k * k);
  const D = new Float64Array(k);
  const h = (s: Float64Array, i: number, j: number): number => {
    // index of H_ij (i <= j) in the packed upper triangle
    if (i > j) [i, j] = [j, i];
    return s[1 + k + i * k - (i * (i - 1)) / 2 + (j - i)];
  };

  let lambda = -1;
  let nu = 2;
  for (let iter = 1; iter <= options.maxIterations; iter++) {
    // Active constants: finite gradient and finite matrix row.
    let m = 0;
    for (let j = 0; j < k; j++) {
      let ok = Number.isFinite(cur[1 + j]);
      for (let i = 0; ok && i < k; i++) ok = Number.isFinite(h(cur, i, j));
      if (ok) active[m++] = j;
    }
    if (m === 0) return result('stalled', iter - 1);
    let maxDiag = 0;
    for (let a = 0; a < m; a++) maxDiag = Math.max(maxDiag, h(cur, active[a], active[a]));
    const floor = maxDiag > 0 ? maxDiag * 1e-12 : 1;
    for (let a = 0; a < m; a++) D[a] = Math.max(h(cur, active[a], active[a]), floor);
    if (lambda < 0) lambda = 1e-3;

    // Solve (H + lambda D) d = -g on the active set.
    let gMax = 0;
    for (let a = 0; a < m; a++) {
      const ja = active[a];
      rhs[a] = -cur[1 + ja];
      gMax = Math.max(gMax, Math.abs(rhs[a]));
      for (let b = 0; b < m; b++) A[a * m + b] = h(cur, ja, active[b]) + (a === b ? lambda * D[a] : 0);
    }
    if (gMax === 0) return result('converged', iter - 1);
    if (!choleskySolve(A, rhs, m, step, work)) {
      lambda *= nu;
      nu *= 2;
      if (lambda > LAMBDA_MAX) return result('stalled', iter);
      continue;
    }
    cNew.set(c);
    let predicted = 0; // d'(lambda D d - g) = S - model(S) after the step
    let stepNorm = 0;
    let cNorm = 0;
    for (let a = 0; a < m; a++) {
      const ja = active[a];
      cNew[ja] = c[ja] + step[a];
      predicted += step[a] * (lambda * D[a] * step[a] - cur[1 + ja]);
      stepNorm += step[a] * step[a];
      cNorm += c[ja] * c[ja];
    }
    // A step below 1e-15 of |c| changes (almost) no constant's float any more.
    const negligible = Math.sqrt(stepNorm) <= 1e-15 * Math.sqrt(cNorm) || stepNorm === 0;
    f(cNew, trial);
    evaluations++;
    const S = cur[0];
    const Snew = trial[0];
    if (Number.isFinite(Snew) && Snew < S) {
      const actual = S - Snew;
      const rho = predicted > 0 ? actual / predicted : 0;
      c.set(cNew);
      [cur, trial] = [trial, cur];
      lambda *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
      nu = 2;
      if (Snew === 0 || negligible) return result('converged', iter);
      if (actual <= options.tolerance * S && predicted <= options.tolerance * S) return result('converged', iter);
    } else {
      // A finite trial no better, while the model promises (almost) nothing more or the step no
      // longer changes the constants: a minimum to working precision. A NaN trial says nothing
      // about that (the step may just cross out of the domain): keep shrinking, and give up as
      // 'stalled' only when the steps become negligible or lambda overflows.
      if (Number.isFinite(Snew) && (predicted <= options.tolerance * S || negligible)) return result('converged', iter);
      lambda *= nu;
      nu *= 2;
      if (negligible || lambda > LAMBDA_MAX) return result('stalled', iter);
    }
  }
  return result('max-iterations', options.maxIterations);
}
