// Runs the demo's searches on worker threads (one search per worker at a time, in task order),
// or inline when one worker is asked for. Results come back in task order whatever the finishing
// order, and each search is deterministic on its own, so the outcome does not depend on the
// number of workers.
import { Worker } from 'node:worker_threads';
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
  const pool = Array.from({ length: Math.min(workers, tasks.length) }, () => new Worker(new URL('./worker.js', import.meta.url)));
  let next = 0;
  try {
    await new Promise((resolve, reject) => {
      let finished = 0;
      /** @param {Worker} w */
      const dispatch = (w) => {
        if (next < tasks.length) {
          const index = next++;
          w.postMessage({ index, task: tasks[index] });
        }
      };
      for (const w of pool) {
        w.on('message', (msg) => {
          if (msg.type === 'progress') onProgress?.(msg.index, msg.progress);
          else if (msg.type === 'result') {
            results[msg.index] = msg.result;
            onDone?.(msg.index);
            if (++finished === tasks.length) resolve(undefined);
            else dispatch(w);
          } else if (msg.type === 'error') {
            const e = new Error(`search ${tasks[msg.index].id} (noise ${tasks[msg.index].noise}) failed: ${msg.message}`);
            e.stack = msg.stack;
            reject(e);
          }
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (code !== 0 && finished < tasks.length) reject(new Error(`a worker stopped with exit code ${code}`));
        });
        dispatch(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
