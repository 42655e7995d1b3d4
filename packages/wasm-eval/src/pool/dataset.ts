/**
 * The main-thread side of a pool dataset: its columns (and target, weights) copied once into one
 * SharedArrayBuffer that every worker of the pool maps, plus a shared state word that tells the
 * workers when to free their VM copies.
 */
import { checkVariables } from '../compile.js';
import { KernelError } from '../kernel.js';
import type { Dataset, DatasetOptions } from '../population.js';
import { checkColumns, weightTotal } from '../vm.js';
import type { SharedDatasetRef } from './protocol.js';

let nextId = 1;

export class SharedDataset implements Dataset {
  readonly variables: readonly string[];
  readonly rows: number;
  readonly hasTarget: boolean;
  readonly varIndex: ReadonlyMap<string, number>;
  /** What a task carries to the workers. */
  readonly ref: SharedDatasetRef;
  private disposed = false;

  constructor(
    variables: readonly string[],
    columns: readonly Float64Array[],
    options: DatasetOptions,
    /** The pool that made it (a dataset is resident in its workers only). */
    readonly owner: object,
  ) {
    // the same checks, in the same order, as population.ts createDataset
    this.variables = [...checkVariables(variables)];
    const rows = checkColumns(columns, this.variables);
    if (options === null || typeof options !== 'object') throw new KernelError('options must be an object { target?, weights? }');
    const { target, weights } = options;
    if (target !== undefined && (!(target instanceof Float64Array) || target.length !== rows)) {
      throw new KernelError(`target must be a Float64Array of ${rows} rows`);
    }
    const total = weightTotal(weights, rows);
    this.rows = rows;
    this.hasTarget = target !== undefined;
    this.varIndex = new Map(this.variables.map((v, i) => [v, i]));

    const n = columns.length + (target ? 1 : 0) + (weights ? 1 : 0);
    const sab = new SharedArrayBuffer(Math.max(n * rows * 8, 8));
    let at = 0;
    const share = (src: Float64Array): Float64Array => {
      const view = new Float64Array(sab, at, rows);
      view.set(src);
      at += rows * 8;
      return view;
    };
    this.ref = {
      id: nextId++,
      rows,
      columns: columns.map(share),
      target: target ? share(target) : null,
      weights: weights ? share(weights) : null,
      weightTotal: total,
      state: new Int32Array(new SharedArrayBuffer(4)),
    };
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  check(): void {
    if (this.disposed) throw new KernelError('pool dataset used after dispose()');
  }

  /**
   * Marks the dataset disposed: new requests on it are refused; requests already made finish
   * normally; each worker frees its VM copy after the next task it runs.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.ref.state, 0, 1);
  }
}
