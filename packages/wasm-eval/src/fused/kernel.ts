/**
 * The fused tier's `Kernel`: one instantiated value module (e<i>, l<i> per expression) plus the
 * parameter vectors of this kernel's constants, and derivative modules compiled on demand.
 *
 * Resident path (`evaluateDataset` / `lossDataset` on a `createFusedDataset`): the columns are
 * already in host memory; the loss runs in one call per expression over all rows, evaluation
 * writes chunks of CHUNK_ROWS rows to scratch and copies them out.
 *
 * Data path of evaluate/loss on plain columns: rows are streamed through one scratch region of the host memory
 * in chunks of CHUNK_ROWS rows (columns copied in, each expression run on the chunk while it is
 * in cache, predictions copied out), so memory use does not grow with the dataset and a
 * long evaluation moves to the engine's optimizing tier between chunks.
 *
 * Scratch layout (byte offsets from the region start; every buffer is 16-byte aligned and has 16
 * bytes of slack, which the last, half-used row pair of an odd count reads or writes):
 *   0                  ones: f64x2(1, 1), the weight vector of unweighted losses
 *   16                 parameters of expression 0, 1, ... (slotOffset[i] f64 each; P in all)
 *   sBase              block buffers of staged expressions (stageBytes, see emitValue.ts)
 *   dBase              columns 0..V-1, then target, weights (loss) or output (evaluate):
 *                      `stride` bytes each
 */
import { KernelError, type Kernel, type LossOptions } from '../kernel.js';
import { buildDerivativeModule } from './build.js';
import { cacheOf, instantiate } from './cache.js';
import type { DerivativeMode } from './emitGradient.js';
import { FusedDataset } from './data.js';
import type { FusedHost } from './host.js';
import type { ExprPlan } from './plan.js';
import { LOSS_ABSOLUTE, LOSS_EARLY_EXIT, scratchBytes } from './emitValue.js';
import { hostMemory } from './scratch.js';

/** Rows per chunk (even, so that only the last chunk can end with a half pair). */
export const CHUNK_ROWS = 16384;

type EvalFn = (...args: number[]) => void;
type LossFn = (...args: number[]) => number;
type DerivFn = (...args: number[]) => void;

const align16 = (x: number): number => (x + 15) & ~15;

export class FusedKernel implements Kernel {
  readonly tier = 'fused' as const;
  readonly count: number;
  private readonly paramArrays: Float64Array[];
  private readonly slotOffset: Int32Array;
  private readonly evalFns: EvalFn[];
  private readonly lossFns: LossFn[];
  private readonly derivFns = new Map<string, DerivFn>();
  /** Scratch bytes the staged value functions need (the largest over the expressions). */
  private readonly stageBytes: number;
  private disposed = false;

  constructor(
    readonly variables: readonly string[],
    /** Plans of the expressions (internal; used by fitting). */
    readonly plans: readonly ExprPlan[],
    initialParams: readonly Float64Array[],
    exports: WebAssembly.Exports,
    readonly host: FusedHost,
  ) {
    this.count = plans.length;
    this.paramArrays = initialParams.map((p) => Float64Array.from(p));
    this.slotOffset = new Int32Array(plans.length + 1);
    for (let i = 0; i < plans.length; i++) this.slotOffset[i + 1] = this.slotOffset[i] + plans[i].slots;
    this.evalFns = plans.map((_, i) => exports[`e${i}`] as EvalFn);
    this.lossFns = plans.map((_, i) => exports[`l${i}`] as LossFn);
    this.stageBytes = Math.max(0, ...plans.map(scratchBytes));
  }

  params(i: number): Float64Array {
    this.check();
    this.checkIndex(i);
    return this.paramArrays[i];
  }

  evaluate(columns: readonly Float64Array[], out?: Float64Array[]): Float64Array[] {
    this.check();
    const n = this.rowCount(columns, out?.[0]?.length);
    if (out !== undefined) {
      if (!Array.isArray(out) || out.length !== this.count)
        throw new KernelError(`out must be an array of ${this.count} Float64Array, got ${describe(out)}`);
      out.forEach((o, i) => {
        if (!(o instanceof Float64Array) || o.length !== n)
          throw new KernelError(`out[${i}] must be a Float64Array of length ${n}, got ${describe(o)}`);
      });
    }
    const result = out ?? Array.from({ length: this.count }, () => new Float64Array(n));
    if (n === 0) return result;
    const V = this.variables.length;
    const chunk = Math.min(n, CHUNK_ROWS);
    const stride = align16(chunk * 8 + 16);
    const { pBase, sBase, dBase } = this.layout(V + 1, stride);
    const mem = hostMemory(this.host);
    this.writeParams(mem.f64(), pBase);
    // e<i>(columns..., params, out, n, scratch)
    const args = new Array<number>(V + 4);
    for (let k = 0; k < V; k++) args[k] = dBase + k * stride;
    const outPtr = dBase + V * stride;
    args[V + 1] = outPtr;
    args[V + 3] = sBase;
    for (let s = 0; s < n; s += chunk) {
      const m = Math.min(chunk, n - s);
      let heap = mem.f64();
      for (let k = 0; k < V; k++) heap.set(m === n ? columns[k] : columns[k].subarray(s, s + m), args[k] >> 3);
      args[V + 2] = m;
      for (let e = 0; e < this.count; e++) {
        args[V] = pBase + 8 * this.slotOffset[e];
        this.evalFns[e](...args);
        heap = mem.f64();
        result[e].set(heap.subarray(outPtr >> 3, (outPtr >> 3) + m), s);
      }
    }
    return result;
  }

  loss(columns: readonly Float64Array[], target: Float64Array, options: LossOptions = {}): Float64Array {
    this.check();
    const kind = options.kind ?? 'mse';
    if (kind !== 'mse' && kind !== 'mae' && kind !== 'rmse')
      throw new KernelError(`unknown loss kind ${JSON.stringify(kind)} (expected 'mse', 'mae' or 'rmse')`);
    if (!(target instanceof Float64Array)) throw new KernelError(`target must be a Float64Array, got ${describe(target)}`);
    const n = this.rowCount(columns, target.length);
    if (target.length !== n) throw new KernelError(`target has ${target.length} rows, columns have ${n}`);
    const w = options.weights;
    if (w !== undefined && (!(w instanceof Float64Array) || w.length !== n))
      throw new KernelError(`weights must be a Float64Array of length ${n}, got ${describe(w)}`);
    let sumW = n;
    if (w) {
      sumW = 0;
      for (let i = 0; i < n; i++) sumW += w[i];
    }
    const sums = new Float64Array(this.count);
    if (n > 0) {
      const V = this.variables.length;
      const chunk = Math.min(n, CHUNK_ROWS);
      const stride = align16(chunk * 8 + 16);
      const { base, pBase, sBase, dBase } = this.layout(V + 2, stride);
      const mem = hostMemory(this.host);
      const heap0 = mem.f64();
      heap0[base >> 3] = 1;
      heap0[(base >> 3) + 1] = 1;
      this.writeParams(heap0, pBase);
      // l<i>(columns..., params, target, weights, wstep, kind, n, scratch)
      const args = new Array<number>(V + 7);
      args[V + 6] = sBase;
      for (let k = 0; k < V; k++) args[k] = dBase + k * stride;
      const tPtr = dBase + V * stride;
      const wPtr = dBase + (V + 1) * stride;
      args[V + 1] = tPtr;
      const early = options.earlyExit ?? true;
      args[V + 4] = (kind === 'mae' ? LOSS_ABSOLUTE : 0) | (early ? LOSS_EARLY_EXIT : 0);
      for (let s = 0; s < n; s += chunk) {
        const m = Math.min(chunk, n - s);
        const heap = mem.f64();
        for (let k = 0; k < V; k++) heap.set(m === n ? columns[k] : columns[k].subarray(s, s + m), args[k] >> 3);
        heap.set(m === n ? target : target.subarray(s, s + m), tPtr >> 3);
        if (w) heap.set(m === n ? w : w.subarray(s, s + m), wPtr >> 3);
        args[V + 5] = m;
        for (let e = 0; e < this.count; e++) {
          if (early && !Number.isFinite(sums[e])) continue; // stopped: non-finite from here on
          args[V] = pBase + 8 * this.slotOffset[e];
          args[V + 2] = w ? wPtr : base;
          args[V + 3] = w ? 16 : 0;
          sums[e] += this.lossFns[e](...args);
        }
      }
    }
    for (let e = 0; e < this.count; e++) {
      const mean = sums[e] / sumW;
      sums[e] = kind === 'rmse' ? Math.sqrt(mean) : mean;
    }
    return sums;
  }

  /**
   * Evaluates every expression on a resident dataset (`createFusedDataset`): nothing is copied
   * in, predictions are streamed out chunk by chunk into `out` (one Float64Array of
   * `data.rows` per expression) or into new arrays. The dataset must hold every variable of
   * the kernel (by name; it may hold more) and live in the kernel's host. Values are those of
   * `evaluate` on the same columns.
   *
   * @example
   * const xs = Float64Array.of(1, 2), ys = Float64Array.of(2, 2);
   * const data = createFusedDataset(['x', 'y'], [xs, ys]);
   * const k = compileFused(toFlat(parse('2.5*x*y + 1')), { variables: ['x', 'y'] });
   * const out = [new Float64Array(xs.length)];
   * k.evaluateDataset(data, out);   // out[0][r] = 2.5*xs[r]*ys[r] + 1
   * Array.from(out[0]); // → [6, 11]
   * k.params(0)[0] = 3;             // refit: same dataset, nothing copied again
   * Array.from(k.evaluateDataset(data, out)[0]); // → [7, 13]
   * data.dispose();
   */
  evaluateDataset(data: FusedDataset, out?: Float64Array[]): Float64Array[] {
    this.check();
    const cols = this.datasetColumns(data);
    const n = data.rows;
    if (out !== undefined) {
      if (!Array.isArray(out) || out.length !== this.count)
        throw new KernelError(`out must be an array of ${this.count} Float64Array, got ${describe(out)}`);
      out.forEach((o, i) => {
        if (!(o instanceof Float64Array) || o.length !== n)
          throw new KernelError(`out[${i}] must be a Float64Array of length ${n}, got ${describe(o)}`);
      });
    }
    const result = out ?? Array.from({ length: this.count }, () => new Float64Array(n));
    if (n === 0) return result;
    const V = this.variables.length;
    const chunk = Math.min(n, CHUNK_ROWS);
    const { pBase, sBase, dBase } = this.layout(1, align16(chunk * 8 + 16));
    const mem = hostMemory(this.host);
    this.writeParams(mem.f64(), pBase);
    // e<i>(columns..., params, out, n, scratch), columns advanced chunk by chunk
    const args = new Array<number>(V + 4);
    args[V + 1] = dBase;
    args[V + 3] = sBase;
    for (let s = 0; s < n; s += chunk) {
      const m = Math.min(chunk, n - s);
      for (let k = 0; k < V; k++) args[k] = cols[k] + 8 * s;
      args[V + 2] = m;
      for (let e = 0; e < this.count; e++) {
        args[V] = pBase + 8 * this.slotOffset[e];
        this.evalFns[e](...args);
        result[e].set(mem.f64().subarray(dBase >> 3, (dBase >> 3) + m), s);
      }
    }
    return result;
  }

  /**
   * Loss of each expression against a resident dataset's target (weighted by its weights, if
   * any), fused: predictions are never materialized and nothing is copied, so a loop that
   * refits `params` and scores again costs only the arithmetic. Same options and results as
   * `loss` (weights come from the dataset; `options.weights` is not accepted here).
   *
   * @example
   * const data = createFusedDataset(['x'], [Float64Array.of(1, 2)], { target: Float64Array.of(2, 4) });
   * const k = compileFused(toFlat(parse('1.5*x')), { variables: ['x'] });
   * k.lossDataset(data, { kind: 'mae' })[0]; // → 0.75
   * k.params(0)[0] = 2;
   * k.lossDataset(data, { kind: 'mae' })[0]; // → 0
   * data.dispose();
   */
  lossDataset(data: FusedDataset, options: Omit<LossOptions, 'weights'> = {}): Float64Array {
    this.check();
    const cols = this.datasetColumns(data);
    if (!data.hasTarget) throw new KernelError('lossDataset: the dataset has no target (createFusedDataset(..., { target }))');
    if ((options as LossOptions).weights !== undefined)
      throw new KernelError('lossDataset: weights belong to the dataset (createFusedDataset(..., { weights }))');
    const kind = options.kind ?? 'mse';
    if (kind !== 'mse' && kind !== 'mae' && kind !== 'rmse')
      throw new KernelError(`unknown loss kind ${JSON.stringify(kind)} (expected 'mse', 'mae' or 'rmse')`);
    const n = data.rows;
    const sums = new Float64Array(this.count);
    if (n > 0) {
      const V = this.variables.length;
      const { base, pBase, sBase } = this.layout(0, 0);
      const heap = hostMemory(this.host).f64();
      heap[base >> 3] = 1;
      heap[(base >> 3) + 1] = 1;
      this.writeParams(heap, pBase);
      // l<i>(columns..., params, target, weights, wstep, kind, n, scratch)
      const args = new Array<number>(V + 7);
      for (let k = 0; k < V; k++) args[k] = cols[k];
      args[V + 1] = data.targetPtr;
      args[V + 2] = data.weightsPtr || base;
      args[V + 3] = data.weightsPtr ? 16 : 0;
      args[V + 4] = (kind === 'mae' ? LOSS_ABSOLUTE : 0) | ((options.earlyExit ?? true) ? LOSS_EARLY_EXIT : 0);
      args[V + 5] = n;
      args[V + 6] = sBase;
      for (let e = 0; e < this.count; e++) {
        args[V] = pBase + 8 * this.slotOffset[e];
        sums[e] = this.lossFns[e](...args);
      }
    }
    for (let e = 0; e < this.count; e++) {
      const mean = sums[e] / data.weightTotal;
      sums[e] = kind === 'rmse' ? Math.sqrt(mean) : mean;
    }
    return sums;
  }

  /** The byte address of each of the kernel's columns in `data`, validated. */
  private datasetColumns(data: FusedDataset): Int32Array {
    if (!(data instanceof FusedDataset)) throw new KernelError(`data must come from createFusedDataset(), got ${describe(data)}`);
    if (data.disposed) throw new KernelError('dataset used after dispose()');
    if (data.host !== this.host) throw new KernelError('the dataset lives in another host than the kernel');
    const V = this.variables.length;
    const cols = new Int32Array(V);
    for (let k = 0; k < V; k++) {
      const p = data.columnOf(this.variables[k]);
      if (p < 0) throw new KernelError(`variable '${this.variables[k]}' is not in the dataset [${data.variables.join(', ')}]`);
      cols[k] = p;
    }
    return cols;
  }

  dispose(): void {
    this.disposed = true;
    this.derivFns.clear();
  }

  /**
   * The derivative function of expression i (compiled on first use, then cached by structure):
   * see emitGradient.ts for what it computes. Internal: used by fitting.
   */
  derivativeFunction(i: number, free: Uint8Array, mode: DerivativeMode): DerivFn {
    this.check();
    this.checkIndex(i);
    const plan = this.plans[i];
    let freeKey = '';
    for (let s = 0; s < plan.slots; s++) freeKey += free[s] ? '1' : '0';
    const key = `d${mode}|${this.variables.length}|${freeKey}|${plan.key}`;
    let fn = this.derivFns.get(key);
    if (fn) return fn;
    const cache = cacheOf(this.host);
    let exports = cache.get(key);
    if (!exports) {
      exports = instantiate(buildDerivativeModule(plan, this.variables.length, free, mode, this.host), this.host);
      cache.set(key, exports);
    }
    fn = exports.d0 as DerivFn;
    this.derivFns.set(key, fn);
    return fn;
  }

  /**
   * Low-level, for data already resident in the host memory (such as a dataset shared with the
   * VM tier, which avoids copying columns on every call): predictions of expression i for `rows`
   * rows into `out`. Addresses are byte addresses; `columns[k]` holds variable k. Every input
   * buffer must be readable, and `out` writable, 8 bytes past its last row (odd row counts).
   *
   * @example
   * kernel.evaluateAt(0, [xPtr, yPtr], 1000, outPtr);   // host.memory f64 at outPtr: predictions
   */
  evaluateAt(i: number, columns: ArrayLike<number>, rows: number, out: number): void {
    this.check();
    this.checkIndex(i);
    const args = this.residentArgs(i, columns, 4, rows);
    const V = this.variables.length;
    args[V + 1] = out;
    args[V + 2] = rows;
    this.evalFns[i](...args);
  }

  /**
   * Low-level counterpart of `loss` on resident data (see `evaluateAt`): the weighted sum (not
   * the mean) of squared (`absolute` false) or absolute residuals of expression i. `weights` 0
   * means unweighted.
   */
  lossSumAt(
    i: number, columns: ArrayLike<number>, rows: number, target: number, weights: number, absolute = false,
    earlyExit = false,
  ): number {
    this.check();
    this.checkIndex(i);
    const args = this.residentArgs(i, columns, 7, rows);
    const V = this.variables.length;
    args[V + 1] = target;
    args[V + 2] = weights || args[V + 2];
    args[V + 3] = weights ? 16 : 0;
    args[V + 4] = (absolute ? LOSS_ABSOLUTE : 0) | (earlyExit ? LOSS_EARLY_EXIT : 0);
    args[V + 5] = rows;
    return this.lossFns[i](...args);
  }

  /** Argument list [columns..., params, ...extra]; params (and the ones vector) written to scratch. */
  private residentArgs(i: number, columns: ArrayLike<number>, extra: number, rows: number): number[] {
    const V = this.variables.length;
    // Byte offsets are i32 in the kernels: 8 * rows must stay below 2^31.
    if (!(Number.isInteger(rows) && rows >= 0 && rows < 2 ** 28)) throw new KernelError(`rows must be an integer in [0, 2^28), got ${rows}`);
    if (columns.length !== V) throw new KernelError(`expected ${V} column addresses, got ${columns.length}`);
    const { base, pBase, sBase } = this.layout(0, 0);
    const heap = hostMemory(this.host).f64();
    heap[base >> 3] = 1;
    heap[(base >> 3) + 1] = 1;
    heap.set(this.paramArrays[i], (pBase >> 3) + this.slotOffset[i]);
    const args = new Array<number>(V + extra);
    for (let k = 0; k < V; k++) args[k] = columns[k];
    args[V] = pBase + 8 * this.slotOffset[i];
    args[V + 2] = base; // default weight pointer: the ones vector (loss)
    args[V + extra - 1] = sBase; // scratch, always the last argument
    return args;
  }

  /** The value function (e<i>) and loss function (l<i>) of expression i. Internal. */
  functions(i: number): { evaluate: EvalFn; loss: LossFn } {
    this.check();
    this.checkIndex(i);
    return { evaluate: this.evalFns[i], loss: this.lossFns[i] };
  }

  /** The scratch region laid out for `buffers` data buffers of `stride` bytes (file comment). */
  private layout(buffers: number, stride: number) {
    const P = this.slotOffset[this.count];
    const pOffset = 16;
    const sOffset = align16(pOffset + 8 * P);
    const dOffset = sOffset + align16(this.stageBytes);
    const base = hostMemory(this.host).scratch(dOffset + buffers * stride);
    return { base, pBase: base + pOffset, sBase: base + sOffset, dBase: base + dOffset };
  }

  private writeParams(heap: Float64Array, pBase: number): void {
    for (let e = 0; e < this.count; e++) heap.set(this.paramArrays[e], (pBase >> 3) + this.slotOffset[e]);
  }

  /** Validates the columns; returns the row count (`fallback` when there are no columns). */
  private rowCount(columns: readonly Float64Array[], fallback: number | undefined): number {
    const V = this.variables.length;
    if (!Array.isArray(columns)) throw new KernelError(`columns must be an array of Float64Array, got ${describe(columns)}`);
    if (columns.length !== V)
      throw new KernelError(`expected ${V} columns (${this.variables.join(', ')}), got ${columns.length}`);
    for (let k = 0; k < V; k++) {
      if (!(columns[k] instanceof Float64Array))
        throw new KernelError(`column ${k} ('${this.variables[k]}') must be a Float64Array, got ${describe(columns[k])}`);
      if (columns[k].length !== columns[0].length)
        throw new KernelError(
          `column ${k} ('${this.variables[k]}') has ${columns[k].length} rows, column 0 has ${columns[0].length}`,
        );
    }
    return V > 0 ? columns[0].length : (fallback ?? 1);
  }

  private check(): void {
    if (this.disposed) throw new KernelError('kernel used after dispose()');
  }

  private checkIndex(i: number): void {
    if (!(Number.isInteger(i) && i >= 0 && i < this.count))
      throw new KernelError(`expression index ${i} out of range [0, ${this.count})`);
  }
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (ArrayBuffer.isView(x)) return `${x.constructor.name}(${(x as Float64Array).length})`;
  if (Array.isArray(x)) return `array(${x.length})`;
  return typeof x;
}
