/**
 * What `compile` returns, whatever the tier: a set of expressions over named variables, evaluated
 * on columns of data (structure of arrays: one Float64Array per variable, all the same length).
 *
 * Constants live in a parameter vector per expression (`params(i)`), so refitting constants
 * never recompiles: write new values into that array and evaluate again.
 *
 * Parameter order: `constantOrder` in lower.ts is its one definition (the constants in the order
 * a left-to-right depth-first walk from the expression's root first meets them, one parameter
 * per distinct constant), used by the VM's lowering and the fused planner alike, so
 * `params(i)[j]` is the same constant in both tiers, also when several roots share constants.
 *
 * Fused kernels (`FusedKernel`) add a resident-data path: `createFusedDataset` copies columns
 * into WebAssembly memory once, then `evaluateDataset` / `lossDataset` run with no copy in.
 */

/** Which implementation runs the expressions. */
export type Tier = 'vm' | 'fused';

/** Loss of predictions p against targets y, optionally weighted by w. */
export type LossKind = 'mse' | 'mae' | 'rmse';

export interface LossOptions {
  kind?: LossKind; // default 'mse'
  /** Per-row weights; the loss is the weighted mean. */
  weights?: Float64Array;
  /**
   * Fused tier (default true): stop computing an expression's loss as soon as its running sum
   * is NaN or ±Infinity (checked once per block of rows). The loss is non-finite either way, but
   * may then be +Infinity where computing every row would give NaN. The VM kernel always
   * computes every row.
   */
  earlyExit?: boolean;
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
