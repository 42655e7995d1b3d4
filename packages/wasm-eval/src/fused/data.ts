/**
 * A dataset resident in a fused host's memory: the columns (and target, weights) are copied in
 * once, then any number of fused kernels evaluate or score on them, before and after their
 * parameters change, with no copy per call. This is the fast path of the fused tier: copying
 * the columns in on every call costs more than evaluating a small expression on them.
 *
 * Layout of the one region the dataset allocates (16-byte aligned buffers of `stride` bytes,
 * each with at least 16 bytes of slack, which the last half-used row pair of an odd count reads):
 *   columns 0..V-1, then the target (if any), then the weights (if any).
 */
import { KernelError } from '../kernel.js';
import type { FusedHost } from './host.js';
import { hostMemory } from './scratch.js';

export interface FusedDatasetOptions {
  /** Targets of `FusedKernel.lossDataset`. */
  readonly target?: Float64Array;
  /** Per-row weights of the losses (weighted means). */
  readonly weights?: Float64Array;
  /** The host whose memory holds the data (default: the host of `compile`'s fused kernels). */
  readonly host?: FusedHost;
}

/** Resident columns for fused kernels. Free with `dispose()`. */
export class FusedDataset {
  readonly rows: number;
  readonly hasTarget: boolean;
  /** Byte address of each column, in `variables` order (internal). */
  readonly columnPtrs: Int32Array;
  /** Byte address of the target (0: none) and of the weights (0: unweighted). Internal. */
  readonly targetPtr: number;
  readonly weightsPtr: number;
  /** Sum of the weights (the row count when unweighted). */
  readonly weightTotal: number;
  private readonly index: Map<string, number>;
  private region: number;

  constructor(
    readonly variables: readonly string[],
    columns: readonly Float64Array[],
    options: FusedDatasetOptions,
    readonly host: FusedHost,
  ) {
    if (!Array.isArray(variables)) throw new KernelError('variables must be an array of variable names');
    if (!Array.isArray(columns)) throw new KernelError('columns must be an array of Float64Array (one per variable)');
    if (columns.length !== variables.length)
      throw new KernelError(`expected ${variables.length} column(s) for [${variables.join(', ')}], got ${columns.length}`);
    this.index = new Map();
    variables.forEach((v, i) => {
      if (typeof v !== 'string') throw new KernelError(`variables[${i}] is not a string`);
      if (this.index.has(v)) throw new KernelError(`variable '${v}' is listed twice`);
      this.index.set(v, i);
    });
    const rows = columns.length > 0 ? lengthOf(columns[0], 'columns[0]') : lengthOf(options.target, 'target', 0);
    columns.forEach((c, i) => {
      if (lengthOf(c, `columns[${i}] (variable '${variables[i]}')`) !== rows)
        throw new KernelError(`columns[${i}] (variable '${variables[i]}') has ${c.length} rows, expected ${rows}`);
    });
    const { target, weights } = options;
    if (target !== undefined && lengthOf(target, 'target') !== rows)
      throw new KernelError(`target has ${target.length} rows, expected ${rows}`);
    if (weights !== undefined && lengthOf(weights, 'weights') !== rows)
      throw new KernelError(`weights has ${weights.length} rows, expected ${rows}`);
    // Byte offsets are i32 in the kernels.
    if (rows >= 2 ** 27) throw new KernelError(`too many rows (${rows}); at most 2^27 - 1`);
    this.rows = rows;
    this.hasTarget = target !== undefined;
    let total = rows;
    if (weights) {
      total = 0;
      for (let i = 0; i < rows; i++) total += weights[i];
    }
    this.weightTotal = total;

    const stride = (rows * 8 + 16 + 15) & ~15;
    const buffers = columns.length + (target ? 1 : 0) + (weights ? 1 : 0);
    this.region = host.alloc(Math.max(16, buffers * stride));
    const heap = hostMemory(host).f64(); // after alloc: the memory may have grown
    const at = (b: number) => this.region + b * stride;
    this.columnPtrs = Int32Array.from(columns, (_, k) => at(k));
    columns.forEach((c, k) => copyPadded(heap, at(k), c));
    this.targetPtr = target ? at(columns.length) : 0;
    if (target) copyPadded(heap, this.targetPtr, target);
    this.weightsPtr = weights ? at(columns.length + (target ? 1 : 0)) : 0;
    if (weights) copyPadded(heap, this.weightsPtr, weights);
  }

  /** The byte address of variable `name`'s column, or -1. Internal. */
  columnOf(name: string): number {
    const k = this.index.get(name);
    return k === undefined ? -1 : this.columnPtrs[k];
  }

  /** Whether `dispose` was called. */
  get disposed(): boolean {
    return this.region === 0;
  }

  /** Frees the resident data; the dataset must not be used afterwards. */
  dispose(): void {
    if (this.region === 0) return;
    this.host.free(this.region);
    this.region = 0;
  }
}

function lengthOf(a: unknown, what: string, fallback?: number): number {
  if (a === undefined && fallback !== undefined) return fallback;
  if (!(a instanceof Float64Array)) throw new KernelError(`${what} must be a Float64Array`);
  return a.length;
}

/** Copies `src` to byte address `ptr` and zeroes the slack pair after it (read, never used). */
function copyPadded(heap: Float64Array, ptr: number, src: Float64Array): void {
  const at = ptr >> 3;
  heap.set(src, at);
  heap[at + src.length] = 0;
  heap[at + src.length + 1] = 0;
}
