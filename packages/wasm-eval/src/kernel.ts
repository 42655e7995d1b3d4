/**
 * What `compile` returns, whatever the tier: a set of expressions over named variables, evaluated
 * on columns of data (structure of arrays: one Float64Array per variable, all the same length).
 *
 * Constants live in a parameter vector per expression (`params(i)`), so refitting constants
 * never recompiles: write new values into that array and evaluate again.
 *
 * Note from the VM helper, for the fused tier: the shared VM instance is `vmRuntime()` in
 * src/runtime.ts (`.exports` has `memory` and the `m_*` SIMD math functions, `.alloc`/`.free`
 * allocate 16-byte aligned regions of that memory); `constantSlots(flat, root)` in src/lower.ts
 * gives the parameter order of an expression: the OP_CONST nodes in the order a left-to-right
 * post-order walk from the root first meets them (same shape as fused/plan.ts constantSlotsOf,
 * and the same order for single-root flats; they differ when roots share constants, e.g.
 * roots [sin(2), 3+2]: ascending node order gives [2, 3] for root 2, the walk gives [3, 2],
 * which is also what that expression compiled alone gives: please use constantSlots).
 */

/** Which implementation runs the expressions. */
export type Tier = 'vm' | 'fused';

/** Loss of predictions p against targets y, optionally weighted by w. */
export type LossKind = 'mse' | 'mae' | 'rmse';

export interface LossOptions {
  kind?: LossKind; // default 'mse'
  /** Per-row weights; the loss is the weighted mean. */
  weights?: Float64Array;
}

export interface Kernel {
  readonly tier: Tier;
  /** Column order expected by evaluate/loss. */
  readonly variables: readonly string[];
  /** Number of expressions compiled together. */
  readonly count: number;
  /** The numeric constants of expression i, in order of first appearance (mutable view). */
  params(i: number): Float64Array;
  /**
   * Evaluates every expression on the rows of `columns`. Returns one Float64Array per expression
   * (written into `out` when given). Rows where an expression is undefined hold NaN.
   */
  evaluate(columns: readonly Float64Array[], out?: Float64Array[]): Float64Array[];
  /**
   * Loss of each expression against `target`, without materializing predictions: one number per
   * expression; NaN or Infinity when the expression is invalid on some row.
   */
  loss(columns: readonly Float64Array[], target: Float64Array, options?: LossOptions): Float64Array;
  /** Frees the kernel's WASM memory; the kernel must not be used afterwards. */
  dispose(): void;
}

/** Bad input to compile/evaluate: wrong column count or length, unknown variable, ... */
export class KernelError extends Error {
  override name = 'KernelError';
}
