// Datasets for one problem: inputs drawn uniformly from AI Feynman's ranges with a seeded PRNG,
// the target computed with the scalar reference evaluator, and optional Gaussian target noise
// scaled like SRBench's: sigma = level * rms(y) on the training rows. Held-out test rows are
// noise-free, so the test error says how close a model is to the law itself.
import { evaluate } from '@symx/core';
import { createRng } from './random.js';

/**
 * @typedef {object} Split
 * @property {Float64Array[]} columns   one column per variable, in `variables` order
 * @property {Float64Array} target
 */

/**
 * @typedef {object} Data
 * @property {string[]} variables
 * @property {Split} train   noisy when `noise > 0`
 * @property {Split} test    noise-free held-out rows
 * @property {number} noise  the noise level (0 or e.g. 0.01)
 */

/**
 * Samples `rows` points of `problem` with `rng`.
 *
 * @param {import('./formulas.js').Problem} problem
 * @param {number} rows
 * @param {import('./random.js').Rng} rng
 * @returns {Split}
 */
function sample(problem, rows, rng) {
  const { variables, ranges, truth } = problem;
  const columns = variables.map(() => new Float64Array(rows));
  const target = new Float64Array(rows);
  /** @type {Record<string, number>} */
  const env = {};
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < variables.length; c++) {
      const { lo, hi } = ranges[variables[c]];
      const v = rng.uniform(lo, hi);
      columns[c][r] = v;
      env[variables[c]] = v;
    }
    const y = evaluate(truth, env);
    if (!Number.isFinite(y)) throw new RangeError(`${problem.id}: the formula is not finite at ${JSON.stringify(env)}`);
    target[r] = y;
  }
  return { columns, target };
}

/**
 * Training and test data for `problem`. The inputs depend only on `seed` (so the noise-free and
 * the noisy variant of a problem share them); the noise has its own stream.
 *
 * @param {import('./formulas.js').Problem} problem
 * @param {{ seed: number, trainRows: number, testRows: number, noise: number }} options
 * @returns {Data}
 * @example
 * const data = makeData(problem('I.12.1'), { seed: 1, trainRows: 1000, testRows: 1000, noise: 0.01 });
 * data.train.columns.length;   // 2 (mu, Nn)
 */
export function makeData(problem, { seed, trainRows, testRows, noise }) {
  const rng = createRng(seed);
  const train = sample(problem, trainRows, rng);
  const test = sample(problem, testRows, rng);
  if (noise > 0) {
    let ss = 0;
    for (const y of train.target) ss += y * y;
    const sigma = noise * Math.sqrt(ss / trainRows);
    const noiseRng = createRng(seed ^ 0x9e3779b9);
    const noisy = new Float64Array(trainRows);
    for (let r = 0; r < trainRows; r++) noisy[r] = train.target[r] + sigma * noiseRng.normal();
    return { variables: problem.variables, train: { columns: train.columns, target: noisy }, test, noise };
  }
  return { variables: problem.variables, train, test, noise };
}

/**
 * Variance of `y` (population variance): the denominator of the normalized MSE.
 *
 * @param {Float64Array} y
 * @returns {number}
 * @example
 * variance(Float64Array.of(1, 3));   // 1
 */
export function variance(y) {
  let mean = 0;
  for (const v of y) mean += v;
  mean /= y.length;
  let ss = 0;
  for (const v of y) ss += (v - mean) * (v - mean);
  return ss / y.length;
}
