// The demo's problems: Feynman-lectures formulas from the AI Feynman corpus (bench/corpus), of
// varied difficulty, with AI Feynman's sampling ranges. The truth is used only to make the data
// and, at the end, to judge recovery; the search never sees it.
import { parse } from '@symx/core';
import { feynman } from '../../bench/corpus/feynman.js';

/**
 * @typedef {object} Problem
 * @property {string} id          equation number (AI Feynman)
 * @property {string} name        a short description
 * @property {string} difficulty  'easy' | 'medium' | 'hard' (our judgement, for the table)
 * @property {string} output      name of the target
 * @property {string} source      the true formula, symx infix
 * @property {import('@symx/core').Term} truth   the true formula, parsed
 * @property {string[]} variables the inputs, in column order
 * @property {Record<string, {lo: number, hi: number}>} ranges   uniform sampling range per input
 */

/** The default selection, easiest first: ids of bench/corpus/feynman.js. */
export const DEFAULT_FORMULAS = Object.freeze(['I.12.1', 'I.14.4', 'I.18.12', 'I.12.2', 'I.6.2a', 'I.37.4']);

/** @type {Record<string, [string, string]>} id -> [name, difficulty] */
const LABELS = {
  'I.12.1': ['friction F = mu*Nn', 'easy'],
  'I.14.3': ['potential energy U = m*g*z', 'easy'],
  'I.14.4': ['spring energy U = k*x^2/2', 'easy'],
  'I.18.12': ['torque tau = r*F*sin(theta)', 'medium'],
  'I.12.2': ['Coulomb force q1*q2/(4*pi*eps*r^2)', 'medium'],
  'II.4.23': ['Coulomb potential q/(4*pi*eps*r)', 'medium'],
  'I.6.2a': ['Gaussian exp(-theta^2/2)/sqrt(2*pi)', 'hard'],
  'I.37.4': ['interference I1+I2+2*sqrt(I1*I2)*cos(delta)', 'hard'],
};

/**
 * The problem for a corpus id (any of the 120 formulas of bench/corpus/feynman.js).
 *
 * @param {string} id
 * @returns {Problem}
 * @example
 * problem('I.12.1').variables;   // ['mu', 'Nn']
 */
export function problem(id) {
  const f = feynman.find((x) => x.id === id);
  if (f === undefined) throw new RangeError(`unknown formula id '${id}' (ids are those of bench/corpus/feynman.js, e.g. I.12.1)`);
  const [name, difficulty] = LABELS[id] ?? [`${f.output} = ${f.formula}`, '-'];
  const variables = Object.keys(f.vars);
  /** @type {Record<string, {lo: number, hi: number}>} */
  const ranges = {};
  for (const v of variables) ranges[v] = { lo: f.vars[v].lo, hi: f.vars[v].hi };
  return { id, name, difficulty, output: f.output, source: f.formula, truth: parse(f.formula), variables, ranges };
}

/**
 * True when `id` names a formula of the corpus.
 *
 * @param {string} id
 * @returns {boolean}
 * @example
 * isFormulaId('I.6.2a');   // true
 */
export function isFormulaId(id) {
  return feynman.some((x) => x.id === id);
}
