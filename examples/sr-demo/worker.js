// Worker thread entry of the demo (a piscina task, see pool.js): runs one search and returns its
// result; progress (every generation) goes back over the task's MessagePort.
import { runSearch } from './search.js';

/**
 * @param {{ task: import('./search.js').SearchTask, port: import('node:worker_threads').MessagePort }} message
 * @returns {import('./search.js').SearchResult}
 */
export default function runTask({ task, port }) {
  try {
    return runSearch(task, (p) =>
      port.postMessage({ generation: p.generation, bestNmse: p.bestNmse, size: p.best.size, evaluations: p.evaluations, elapsedMs: p.elapsedMs }),
    );
  } finally {
    port.close();
  }
}
