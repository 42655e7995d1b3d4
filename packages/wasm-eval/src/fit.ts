/**
 * Constant fitting for symbolic regression: gradients of the loss with respect to an expression's
 * numeric constants, and Levenberg–Marquardt on them — the step SR tools run on every candidate.
 *
 * Derivatives come from the fused tier: forward-mode tangents fused into the row loop, reducing
 * straight to the loss, the gradient J'Wr and the Gauss–Newton matrix J'WJ (fused/emitGradient.ts),
 * so no Jacobian or prediction is ever materialized and one kernel pass costs about two to three
 * value passes. The data are copied into WebAssembly memory once per fit (fit/session.ts).
 *
 * Constants are identified by slot, in the order of `Kernel.params(i)` (first appearance in the
 * flat encoding). The loss is the (weighted) mean squared error.
 */
import { type FlatExpr, type Term, toFlat } from '@symx/core';
import { KernelError } from './kernel.js';
import type { DerivativeMode } from './fused/emitGradient.js';
import { type FusedHost, type FusedKernel, compileFused } from './fused/index.js';
import { FusedKernel as FusedKernelClass } from './fused/kernel.js';
import { type FitStopReason, levenbergMarquardt } from './fit/lm.js';
import { FitSession } from './fit/session.js';

export type { FitStopReason } from './fit/lm.js';

/**
 * What to fit: a term, a flat encoding (its first root unless `index`), or a compiled fused kernel.
 *
 * @example
 * const xs = Float64Array.of(0, 1, 2, 3);
 * const ys = Float64Array.of(1, 3, 5, 7);
 * const targets: FitTarget[] = [parse('1.5*x + 0.5'), toFlat(parse('1.5*x + 0.5'), { variables: ['x'] })];
 * targets.map((t) => Array.from(fitConstants(t, [xs], ys, { variables: ['x'] }).constants, (c) => +c.toFixed(9))); // → [[2, 1], [2, 1]]
 */
export type FitTarget = Term | FlatExpr | FusedKernel;

/**
 * Options of `lossGradient` (and, through `FitOptions`, of `fitConstants`).
 *
 * @example
 * const options: GradientOptions = { variables: ['x'], fixed: [1] };   // keep the 0.5 fixed
 * const { gradient, slots } = lossGradient(parse('2*x + 0.5'), [Float64Array.of(0, 1, 2)], Float64Array.of(1, 3, 5), options);
 * [Array.from(slots), gradient.length]; // → [[0], 1]
 */
export interface GradientOptions {
  /** Column order of `columns` (required unless a kernel is given: then the kernel's). */
  variables?: readonly string[];
  /** Which expression of a flat encoding or kernel (default 0). */
  index?: number;
  /** Per-row weights of the loss. */
  weights?: Float64Array;
  /** Constants to evaluate at, all slots (default: the expression's own, or the kernel's params). */
  initial?: ArrayLike<number>;
  /** Slots held fixed: not differentiated (and not fitted). */
  fixed?: readonly number[];
  /** Memory and math to link against (fused tier default otherwise). */
  host?: FusedHost;
}

/**
 * Options of `fitConstants`.
 *
 * @example
 * const options: FitOptions = { variables: ['x'], maxIterations: 50, tolerance: 1e-12 };
 * const r = fitConstants(parse('1*x + 0'), [Float64Array.of(0, 1, 2)], Float64Array.of(1, 3, 5), options);
 * Array.from(r.constants, (c) => +c.toFixed(9)); // → [2, 1]
 */
export interface FitOptions extends GradientOptions {
  /** Maximum number of Levenberg–Marquardt trial steps (default 100). */
  maxIterations?: number;
  /** Relative decrease of the loss below which the fit has converged (default 1e-10). */
  tolerance?: number;
}

/**
 * What `fitConstants` returns: the fitted constants (one per constant slot, in order of first
 * appearance), the loss before and after, and why it stopped.
 *
 * @example
 * const r: FitResult = fitConstants(parse('1*x + 0'), [Float64Array.of(0, 1, 2)], Float64Array.of(1, 3, 5), { variables: ['x'] });
 * [r.stopReason, r.lossBefore > r.lossAfter, r.lossAfter < 1e-20]; // → ['converged', true, true]
 */
export interface FitResult {
  /** The fitted constants, every slot (fixed ones unchanged), in `Kernel.params` order. */
  constants: Float64Array;
  /** Weighted mean squared error at the start and at `constants`. */
  lossBefore: number;
  lossAfter: number;
  /** Trial steps taken, and derivative-kernel evaluations (one pass over the data each). */
  iterations: number;
  evaluations: number;
  stopReason: FitStopReason;
}

/**
 * What `lossGradient` returns: the loss, its gradient, and the constant slot of each entry.
 *
 * @example
 * const g: LossGradient = lossGradient(parse('2*x + 0.5'), [Float64Array.of(0, 1, 2)], Float64Array.of(1, 3, 5), { variables: ['x'] });
 * [g.loss, Array.from(g.gradient), Array.from(g.slots)]; // → [0.25, [-1, -1], [0, 1]]
 */
export interface LossGradient {
  /** Weighted mean squared error. */
  loss: number;
  /** d loss / d constant for each free slot, in slot order (fixed slots omitted). */
  gradient: Float64Array;
  /** The free slots, in the order of `gradient`. */
  slots: Int32Array;
}

interface Prepared {
  kernel: FusedKernel;
  index: number;
  start: Float64Array;
  free: Uint8Array;
  freeSlots: Int32Array;
}

function prepare(expr: FitTarget, options: GradientOptions): Prepared {
  if (options === null || typeof options !== 'object') throw new KernelError('options must be an object');
  let index = options.index ?? 0;
  let kernel: FusedKernel;
  if (expr instanceof FusedKernelClass) {
    kernel = expr;
    if (options.variables && options.variables.join('\u0000') !== kernel.variables.join('\u0000'))
      throw new KernelError('options.variables differ from the kernel\u2019s variables');
  } else {
    if (!options.variables) throw new KernelError('options.variables is required to fit a term or flat expression');
    const flat = isFlat(expr) ? expr : toFlat(expr as Term, { variables: options.variables });
    if (!(Number.isInteger(index) && index >= 0 && index < flat.roots.length))
      throw new KernelError(`index ${index} out of range [0, ${flat.roots.length})`);
    // Compile only the expression being fitted (its slots do not depend on the other roots).
    const one: FlatExpr = { ...flat, roots: Int32Array.of(flat.roots[index]) };
    kernel = compileFused(one, { variables: options.variables, host: options.host });
    index = 0;
  }
  const slots = kernel.params(index).length;
  const start = Float64Array.from(kernel.params(index));
  if (options.initial !== undefined) {
    if (options.initial.length !== slots)
      throw new KernelError(`initial has ${options.initial.length} constants, the expression has ${slots}`);
    for (let s = 0; s < slots; s++) start[s] = options.initial[s];
  }
  const free = new Uint8Array(slots).fill(1);
  for (const s of options.fixed ?? []) {
    if (!(Number.isInteger(s) && s >= 0 && s < slots)) throw new KernelError(`fixed slot ${s} out of range [0, ${slots})`);
    free[s] = 0;
  }
  const freeSlots = Int32Array.from(Array.from(free.keys()).filter((s) => free[s]));
  return { kernel, index, start, free, freeSlots };
}

function isFlat(x: unknown): x is FlatExpr {
  return typeof x === 'object' && x !== null && (x as FlatExpr).ops instanceof Uint8Array && (x as FlatExpr).roots instanceof Int32Array;
}

/**
 * The weighted mean squared error of an expression on data and its gradient with respect to the
 * expression's constants, from one fused kernel pass (forward-mode tangents in the row loop).
 *
 * @example
 * const xs = Float64Array.of(0, 1, 2);
 * const ys = Float64Array.of(1, 3, 5); // y = 2x + 1
 * const { loss, gradient } = lossGradient(parse('2*x + 0.5'), [xs], ys, { variables: ['x'] });
 * loss; // → 0.25
 * Array.from(gradient); // → [-1, -1]
 */
export function lossGradient(
  expr: FitTarget,
  columns: readonly Float64Array[],
  target: Float64Array,
  options: GradientOptions = {},
): LossGradient {
  const p = prepare(expr, options);
  const k = p.freeSlots.length;
  const out = new Float64Array(1 + k);
  const session = new FitSession(p.kernel, p.index, columns, target, options.weights, out.length);
  try {
    session.derivatives(p.start, p.free, 'gradient', out);
  } finally {
    session.dispose();
  }
  const sw = session.sumWeights;
  const gradient = new Float64Array(k);
  for (let j = 0; j < k; j++) gradient[j] = (2 * out[1 + j]) / sw;
  return { loss: out[0] / sw, gradient, slots: p.freeSlots };
}

/**
 * Fits the numeric constants of an expression to data by Levenberg–Marquardt on the weighted
 * squared error, starting from the expression's own constants (or `options.initial`). Never
 * throws for numeric reasons: a candidate that is NaN or infinite on the data at the start
 * reports stopReason 'invalid' with its constants unchanged. When `expr` is a fused kernel, the
 * fitted constants are also written into `kernel.params(index)`.
 *
 * @example
 * const xs = Float64Array.from({ length: 50 }, (_, i) => i / 10);
 * const ys = xs.map((x) => 2.5 * Math.sin(1.3 * x) + 0.7);
 * // the expression's own numbers are the starting point
 * const r = fitConstants(parse('2*sin(1.2*x) + 0.5'), [xs], ys, { variables: ['x'] });
 * r.stopReason; // → 'converged'
 * Array.from(r.constants, (c) => +c.toFixed(6)); // → [2.5, 1.3, 0.7]
 */
export function fitConstants(
  expr: FitTarget,
  columns: readonly Float64Array[],
  target: Float64Array,
  options: FitOptions = {},
): FitResult {
  const p = prepare(expr, options);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  if (!(maxIterations >= 0)) throw new KernelError(`maxIterations must be >= 0, got ${maxIterations}`);
  if (!(tolerance >= 0)) throw new KernelError(`tolerance must be >= 0, got ${tolerance}`);
  const k = p.freeSlots.length;
  const mode: DerivativeMode = 'normal';
  const size = 1 + k + (k * (k + 1)) / 2;
  const session = new FitSession(p.kernel, p.index, columns, target, options.weights, size);
  const params = Float64Array.from(p.start);
  try {
    const lm = levenbergMarquardt(
      (c, out) => {
        for (let j = 0; j < k; j++) params[p.freeSlots[j]] = c[j];
        session.derivatives(params, p.free, mode, out);
      },
      Float64Array.from(p.freeSlots, (s) => p.start[s]),
      { maxIterations, tolerance },
    );
    const constants = Float64Array.from(p.start);
    for (let j = 0; j < k; j++) constants[p.freeSlots[j]] = lm.c[j];
    if (expr instanceof FusedKernelClass) p.kernel.params(p.index).set(constants);
    const sw = session.sumWeights;
    return {
      constants,
      lossBefore: lm.S0 / sw,
      lossAfter: lm.S / sw,
      iterations: lm.iterations,
      evaluations: lm.evaluations,
      stopReason: lm.stopReason,
    };
  } finally {
    session.dispose();
  }
}
