// One search of the demo: one formula at one noise level. Generates the data, runs the GP,
// judges the result, and returns plain data (strings and numbers), so it can run in a worker.
import { defaultStore, format, nowMs } from '@symx/core';
import { makeData } from './dataset.js';
import { heldOutNmse } from './fitness.js';
import { problem } from './formulas.js';
import { runGp } from './gp.js';
import { createRng, deriveSeed } from './random.js';
import { checkRecovery } from './recovery.js';
import { showExpression } from './report.js';

/**
 * @typedef {object} SearchTask
 * @property {string} id          corpus id of the formula
 * @property {number} noise       0 or e.g. 0.01
 * @property {number} seed        the demo's seed (sub-seeds are derived from it, the id and the noise)
 * @property {number} trainRows
 * @property {number} testRows
 * @property {import('./gp.js').GpConfig} config
 */

/**
 * @typedef {object} SearchResult
 * @property {string} id
 * @property {string} name
 * @property {string} difficulty
 * @property {number} noise
 * @property {string} truth        the true formula (infix)
 * @property {string} found        found expression, constants to 4 digits (infix)
 * @property {string} foundFull    found expression, full precision (infix; parse() reads it back)
 * @property {string} latex        found expression, constants to 4 digits (LaTeX)
 * @property {string | null} rounded   the found expression with rounded constants, when all rounded
 * @property {boolean} recovered
 * @property {string | null} method     'simplify' or 'egraph' when proved
 * @property {string} reason
 * @property {number} trainNmse
 * @property {number} testNmse     on noise-free held-out rows
 * @property {number} generations
 * @property {number} evaluations  candidates evaluated by the VM (cache hits excluded)
 * @property {number} fits         Levenberg–Marquardt fits
 * @property {number} ms           wall time of the search and the verdict
 * @property {number} vmMs         of which in the VM (population calls)
 * @property {number} candidatesPerSecond   evaluations / ms
 */

/** Relative tolerance of constant rounding (recovery.js) per noise level. */
export const roundingTolerance = (/** @type {number} */ noise) => (noise === 0 ? 1e-6 : 1e-3);

/**
 * Runs one search. Deterministic given the task (timings aside). Every term it builds is
 * released at the end (the result holds strings only).
 *
 * @param {SearchTask} task
 * @param {(p: import('./gp.js').Progress) => void} [onProgress]
 * @returns {SearchResult}
 * @example
 * runSearch({ id: 'I.12.1', noise: 0, seed: 1, trainRows: 1000, testRows: 1000, config: DEFAULT_GP }).recovered;   // true
 */
export function runSearch(task, onProgress) {
  const { id, noise, seed, trainRows, testRows, config } = task;
  const p = problem(id);
  const mark = defaultStore.mark();
  try {
    const t0 = nowMs();
    const data = makeData(p, { seed: deriveSeed(seed, 'data', id), trainRows, testRows, noise });
    const gp = runGp(data, config, createRng(deriveSeed(seed, 'gp', id, noise)), onProgress);
    let ss = 0;
    for (const y of data.train.target) ss += y * y;
    const verdict = checkRecovery(gp.best, p.truth, {
      tol: roundingTolerance(noise),
      scale: Math.sqrt(ss / trainRows),
      ranges: p.ranges,
      seed: deriveSeed(seed, 'check', id),
    });
    const shown = showExpression(gp.best);
    const testNmse = heldOutNmse(gp.best, data.variables, data.test);
    const ms = nowMs() - t0;
    return {
      id,
      name: p.name,
      difficulty: p.difficulty,
      noise,
      truth: p.source,
      found: shown.infix,
      foundFull: format(gp.best),
      latex: shown.latex,
      rounded: verdict.rounded === undefined ? null : format(verdict.rounded),
      recovered: verdict.recovered,
      method: verdict.method ?? null,
      reason: verdict.reason,
      trainNmse: gp.bestNmse,
      testNmse,
      generations: gp.generations,
      evaluations: gp.evaluations,
      fits: gp.fits,
      ms,
      vmMs: gp.evalMs,
      candidatesPerSecond: (gp.evaluations / ms) * 1000,
    };
  } finally {
    // Everything this search built is garbage now.
    defaultStore.release(mark);
  }
}
