// Worker thread entry of the demo: runs the searches it is sent, one at a time, and posts back
// progress (every generation) and results. See pool.js.
import { parentPort } from 'node:worker_threads';
import { runSearch } from './search.js';

if (parentPort === null) throw new Error('worker.js must be started as a worker thread (see pool.js)');
const port = parentPort;
port.on('message', (/** @type {{ index: number, task: import('./search.js').SearchTask }} */ msg) => {
  try {
    const result = runSearch(msg.task, (p) =>
      port.postMessage({
        type: 'progress',
        index: msg.index,
        progress: { generation: p.generation, bestNmse: p.bestNmse, size: p.best.size, evaluations: p.evaluations, elapsedMs: p.elapsedMs },
      }),
    );
    port.postMessage({ type: 'result', index: msg.index, result });
  } catch (e) {
    const err = /** @type {Error} */ (e);
    port.postMessage({ type: 'error', index: msg.index, message: err.message, stack: err.stack });
  }
});
