// Runs the demo's searches on worker threads (one search per worker at a time, in task order),
// or inline when one worker is asked for. Results come back in task order whatever the finishing
// order, and each search is deterministic on its own, so the outcome does not depend on the
// number of workers.
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { runSearch } from './search.js';

/**
 * @typedef {object} ProgressInfo
 * @property {number} generation
 * @property {number} bestNmse
 * @property {number} size         nodes of the best candidate
 * @property {number} evaluations
 * @property {number} elapsedMs
 */

/**
 * Runs every task and returns the results in task order.
 *
 * @param {import('./search.js').SearchTask[]} tasks
 * @param {number} workers   1: inline, in this thread
 * @param {(index: number, p: ProgressInfo) => void} [onProgress]
 * @param {(index: number) => void} [onDone]
 * @returns {Promise<import('./search.js').SearchResult[]>}
 * @example
 * const results = await runTasks(tasks, 2, (i, p) => console.log(i, p.generation));
 */
export async function runTasks(tasks, workers, onProgress, onDone) {
  /** @type {import('./search.js').SearchResult[]} */
  const results = new Array(tasks.length);
  if (workers <= 1 || tasks.length <= 1) {
    for (let i = 0; i < tasks.length; i++) {
      results[i] = runSearch(tasks[i], (p) =>
        onProgress?.(i, { generation: p.generation, bestNmse: p.bestNmse, size: p.best.size, evaluations: p.evaluations, elapsedMs: p.elapsedMs }),
      );
      onDone?.(i);
    }
    return results;
  }
  // piscina: a maintained worker pool; searches queue in task order, one per worker at a time.
  // Progress comes back over a MessagePort of the task's own (a search runs for seconds).
  const threads = Math.min(workers, tasks.length);
  const pool = new Piscina({ filename: new URL('./worker.js', import.meta.url).href, minThreads: threads, maxThreads: threads });
  try {
    await Promise.all(
      tasks.map(async (task, index) => {
        const { port1, port2 } = new MessageChannel();
        port1.on('message', (/** @type {ProgressInfo} */ p) => onProgress?.(index, p));
        try {
          results[index] = await pool.run({ task, port: port2 }, { transferList: [port2] });
          onDone?.(index);
        } catch (e) {
          throw new Error(`search ${task.id} (noise ${task.noise}) failed: ${/** @type {Error} */ (e).message}`, { cause: e });
        } finally {
          port1.close();
        }
      }),
    );
  } finally {
    await pool.destroy();
  }
  return results;
}
