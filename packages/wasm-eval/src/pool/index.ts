/**
 * `@symx/wasm-eval/pool`: the population API on several cores.
 *
 * A pool of worker threads (piscina), each with its own instance of the VM. A pool dataset is
 * copied once into SharedArrayBuffers that every worker maps (each worker then keeps its own VM
 * copy of it); a population call lowers the candidates to bytecode on the calling thread, splits
 * them into chunks run by the workers in parallel, and resolves with the same results as the
 * single-threaded `evaluatePopulation` / `lossPopulation`: the same float64 values (NaN payload
 * bits aside, which JavaScript does not preserve).
 *
 * Node only (worker_threads): this entry point is separate from `@symx/wasm-eval` so that
 * browser bundles never import it. The types it shares with the single-threaded API (`Dataset`,
 * `DatasetOptions`, `PopulationOptions`, `PopulationValues`, `PopulationLosses`, `LossKind`)
 * are exported by `@symx/wasm-eval`.
 *
 * @example
 * import { parse } from '@symx/core';
 * import { createPool } from '@symx/wasm-eval/pool';
 *
 * const pool = createPool({ threads: 2 });
 * const xs = Float64Array.from({ length: 1000 }, (_, i) => i / 100);
 * const data = pool.createDataset(['x'], [xs], { target: xs.map((x) => 2 * x + 1) });
 * const population = [parse('2*x + 1'), parse('x^2'), parse('log(x)')];
 * const { loss, invalid } = await pool.lossPopulation(population, data, { kind: 'mse' });
 * loss[0]; // → 0
 * Array.from(invalid); // → [0, 0, 1]
 * data.dispose();
 * await pool.close();
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import type { Term } from '@symx/core';
import { KernelError, type LossKind } from '../kernel.js';
import type { Dataset, DatasetOptions, PopulationLosses, PopulationOptions, PopulationValues } from '../population.js';
import { WorkerPool } from './pool.js';

/**
 * Options of `createPool`.
 *
 * @example
 * const options: PoolOptions = { threads: 4 };
 * options.threads; // → 4
 * // createPool(options): four worker threads
 */
export interface PoolOptions {
  /** Worker threads (default: `os.availableParallelism()`). */
  readonly threads?: number;
  /**
   * Node options of the worker threads (default: those of the process). Needed only to run the
   * package from its TypeScript sources, as its own tests do: the workers then need a
   * TypeScript loader hook (`['--import', '<hook registration module>']`).
   */
  readonly execArgv?: readonly string[];
}

/**
 * A pool of worker threads that evaluate populations of candidate expressions in parallel.
 * Results are the values of the single-threaded population API, exactly. The workers write
 * `evaluatePopulation`'s values straight into a SharedArrayBuffer, which is what `values` views
 * (unless `out` is given); losses and flags are copied into ordinary arrays.
 * Requests may overlap: each is split into chunks that queue for the next free worker.
 *
 * @example
 * const pool = createPool();
 * const xs = Float64Array.of(1, 2, 3, 4);
 * const data = pool.createDataset(['x'], [xs], { target: Float64Array.of(2, 4, 6, 8) });
 * const [a, b] = await Promise.all([
 *   pool.lossPopulation([parse('2*x'), parse('x')], data),
 *   pool.lossPopulation([parse('x + x'), parse('3*x')], data, { kind: 'mae' }),
 * ]);
 * Array.from(a.loss); // → [0, 7.5]
 * Array.from(b.loss); // → [0, 2.5]
 * data.dispose();
 * await pool.close();
 */
export interface EvalPool {
  /** Number of worker threads. */
  readonly threads: number;
  /** True once `close()` has been called. */
  readonly closed: boolean;

  /**
   * Copies a dataset once into shared memory for this pool's workers (each worker makes its VM
   * copy on first use). Same arguments and checks as the single-threaded `createDataset`; the
   * dataset works with this pool only. `dispose()` it when the search is over: later calls on it
   * are refused, calls already made complete, and each worker frees its copy after its next
   * task (all of them on `close()`).
   *
   * @example
   * const pool = createPool({ threads: 1 });
   * const data = pool.createDataset(['x'], [Float64Array.of(0, 1, 2)], { target: Float64Array.of(1, 2, 3) });
   * [data.rows, data.hasTarget]; // → [3, true]
   * data.dispose();
   * await pool.close();
   */
  createDataset(variables: readonly string[], columns: readonly Float64Array[], options?: DatasetOptions): Dataset;

  /**
   * Evaluates every candidate on every row, in parallel; resolves with the result of
   * `evaluatePopulation(exprs, data, options)`. Candidates that cannot be compiled reject the
   * call with a `KernelError` naming the candidate (`candidate 3: variable 'q' is not in ...`),
   * as the single-threaded call throws.
   *
   * @example
   * const pool = createPool({ threads: 2 });
   * const data = pool.createDataset(['x'], [Float64Array.of(0, 1, 2)]);
   * const { values, invalid } = await pool.evaluatePopulation([parse('x + 1'), parse('log(x)')], data);
   * Array.from(values.subarray(0, 4)); // → [1, 2, 3, -Infinity]
   * Array.from(invalid); // → [0, 1]
   * data.dispose();
   * await pool.close();
   */
  evaluatePopulation(
    exprs: readonly Term[],
    data: Dataset,
    options?: PopulationOptions & { readonly out?: Float64Array },
  ): Promise<PopulationValues>;

  /**
   * Loss of every candidate against the dataset's target (weighted by its weights, if any), in
   * parallel; resolves with the result of `lossPopulation(exprs, data, options)`.
   *
   * @example
   * const pool = createPool({ threads: 2 });
   * const data = pool.createDataset(['x'], [Float64Array.of(1, 2, 3, 4)], { target: Float64Array.of(2, 4, 6, 8) });
   * const { loss, invalid } = await pool.lossPopulation([parse('x'), parse('log(x - 2)'), parse('x + x')], data, { kind: 'rmse' });
   * loss[0]; // → Math.sqrt(7.5)
   * Array.from(invalid); // → [0, 1, 0]
   * data.dispose();
   * await pool.close();
   */
  lossPopulation(
    exprs: readonly Term[],
    data: Dataset,
    options?: PopulationOptions & { readonly kind?: LossKind; readonly out?: Float64Array },
  ): Promise<PopulationLosses>;

  /**
   * Lets running requests finish, then stops the workers (which frees every worker-side
   * dataset). Later calls on the pool or its datasets are refused. Idempotent. A pool that is
   * not closed keeps its worker threads, and so the process, alive.
   *
   * @example
   * const pool = createPool({ threads: 1 });
   * await pool.close();
   * pool.closed; // → true
   */
  close(): Promise<void>;
}

/**
 * Starts a pool of worker threads for population evaluation (Node only). Workers start at once
 * and each compiles the VM module on its first task.
 *
 * @example
 * import { createPool } from '@symx/wasm-eval/pool';
 * const pool = createPool({ threads: 2 });
 * const data = pool.createDataset(['x'], [Float64Array.of(1, 2, 3)], { target: Float64Array.of(1, 4, 9) });
 * const { loss } = await pool.lossPopulation([parse('x^2'), parse('x')], data);
 * Array.from(loss); // → [0, 40 / 3]
 * data.dispose();
 * await pool.close();
 */
export function createPool(options: PoolOptions = {}): EvalPool {
  if (options === null || typeof options !== 'object') throw new KernelError('createPool: options must be an object');
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024) {
    throw new KernelError(`createPool: threads must be an integer in [1, 1024], got ${String(threads)}`);
  }
  const { execArgv } = options;
  if (execArgv !== undefined && (!Array.isArray(execArgv) || !execArgv.every((a) => typeof a === 'string'))) {
    throw new KernelError('createPool: execArgv must be an array of strings');
  }
  return new WorkerPool(threads, execArgv);
}
