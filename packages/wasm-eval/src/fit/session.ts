/**
 * A dataset placed once in the host memory for the many kernel calls of one fit: columns, target
 * and weights are copied in at construction and stay resident until `dispose()`.
 *
 * Region layout (byte offsets; buffers 16-byte aligned with 16 bytes of slack, see fused/kernel.ts):
 *   0        ones f64x2(1, 1) (weight vector of unweighted fits)
 *   16       parameters of the expression (slots f64)
 *   rOff     derivative results (resultCount f64)
 *   dOff     columns 0..V-1, target, weights: `stride` bytes each
 */
import { KernelError } from '../kernel.js';
import type { DerivativeMode } from '../fused/emitGradient.js';
import type { FusedKernel } from '../fused/kernel.js';
import { hostMemory } from '../fused/scratch.js';

const align16 = (x: number): number => (x + 15) & ~15;

export class FitSession {
  readonly n: number;
  /** Sum of the weights (n when unweighted). */
  readonly sumWeights: number;
  private readonly base: number;
  private readonly pPtr: number;
  private readonly rPtr: number;
  private readonly args: number[];
  private readonly slots: number;
  private disposed = false;

  constructor(
    private readonly kernel: FusedKernel,
    private readonly index: number,
    columns: readonly Float64Array[],
    target: Float64Array,
    weights: Float64Array | undefined,
    /** Largest number of derivative results any call will store. */
    maxResults: number,
  ) {
    const V = kernel.variables.length;
    if (!Array.isArray(columns) || columns.length !== V)
      throw new KernelError(`expected ${V} columns (${kernel.variables.join(', ')}), got ${Array.isArray(columns) ? columns.length : typeof columns}`);
    if (!(target instanceof Float64Array)) throw new KernelError('target must be a Float64Array');
    const n = target.length;
    columns.forEach((c, k) => {
      if (!(c instanceof Float64Array) || c.length !== n)
        throw new KernelError(`column ${k} ('${kernel.variables[k]}') must be a Float64Array of ${n} rows (the target's length)`);
    });
    if (weights !== undefined && (!(weights instanceof Float64Array) || weights.length !== n))
      throw new KernelError(`weights must be a Float64Array of ${n} rows`);
    this.n = n;
    let sw = n;
    if (weights) {
      sw = 0;
      for (let i = 0; i < n; i++) sw += weights[i];
    }
    this.sumWeights = sw;
    this.slots = kernel.plans[index].slots;

    const stride = align16(n * 8 + 16);
    // Byte offsets are i32 in the kernels, and the data must fit one 32-bit memory.
    if ((V + 2) * stride >= 2 ** 31) throw new KernelError(`${n} rows x ${V + 2} columns do not fit in WebAssembly memory for fitting`);
    const rOff = align16(16 + 8 * this.slots);
    const dOff = align16(rOff + 8 * maxResults);
    const host = kernel.host;
    this.base = host.alloc(dOff + (V + 2) * stride);
    this.pPtr = this.base + 16;
    this.rPtr = this.base + rOff;
    const heap = hostMemory(host).f64();
    heap[this.base >> 3] = 1;
    heap[(this.base >> 3) + 1] = 1;
    const col = (k: number) => this.base + dOff + k * stride;
    columns.forEach((c, k) => heap.set(c, col(k) >> 3));
    heap.set(target, col(V) >> 3);
    if (weights) heap.set(weights, col(V + 1) >> 3);
    // d<i>(col_0 .. col_V-1, params, target, weights, wstep, n, result)
    this.args = [];
    for (let k = 0; k < V; k++) this.args.push(col(k));
    this.args.push(this.pPtr, col(V), weights ? col(V + 1) : this.base, weights ? 16 : 0, n, this.rPtr);
  }

  /**
   * Runs the derivative kernel at parameters `params` (all slots) and copies its results
   * ([S, g, H] over the free slots) into `out`.
   */
  derivatives(params: Float64Array, free: Uint8Array, mode: DerivativeMode, out: Float64Array): void {
    if (this.disposed) throw new KernelError('fit session used after dispose()');
    const fn = this.kernel.derivativeFunction(this.index, free, mode);
    const mem = hostMemory(this.kernel.host);
    mem.f64().set(params.subarray(0, this.slots), this.pPtr >> 3);
    fn(...this.args);
    const heap = mem.f64();
    out.set(heap.subarray(this.rPtr >> 3, (this.rPtr >> 3) + out.length));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.kernel.host.free(this.base);
  }
}
