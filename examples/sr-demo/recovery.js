// Exact recovery: is the found expression the true law, up to algebra?
//
// The rule (in the spirit of SRSD/SRBench, which count a solution when it is symbolically equal
// to the truth after simplification):
//  1. simplify the found expression (this also folds its float constants together);
//  2. round every float constant c to the simplest "nice" constant within a relative tolerance
//     `tol`, trying in this order, for denominators q = 1..12 and |p| <= 1000:
//       p/q,  p/q * pi,  p/(q*pi),  sign * sqrt(p/q),  sign * sqrt(p/q * pi),  sign * sqrt(p/(q*pi)),
//     and |c| <= tol * scale rounds to 0 (scale: the RMS of the target, so "negligible" is
//     judged against the size of the output); a constant with no nice neighbour means "not
//     recovered";
//  3. the rounded expression is recovered when simplify(rounded - truth) is exactly 0, or failing
//     that when the e-graph proves them `equivalent`; simplify may assume what the data show
//     (a variable sampled from a positive range is declared positive, so sqrt(a)*sqrt(b) = sqrt(a*b));
//  4. guard: the rounded expression and the truth must also agree numerically (relative 1e-9) at
//     32 random points of the problem's domain, else the answer is no (and says why).
// The tolerance is 1e-6 on noise-free data; on noisy data it is passed in by the caller (the demo
// uses 1e-3 for 1% noise: about three standard errors of a constant fitted on 1,000 rows).
// The truth is used only in step 3 and 4: the rounding never looks at it.
import {
  KIND_CALL,
  KIND_NUMBER,
  PI,
  defaultStore,
  evaluate,
  numIsExact,
  numToNumber,
  rat,
  simplifier,
  sub,
} from '@symx/core';
import { equivalent } from '@symx/egraph';
import { createRng } from './random.js';
import { replaceNumbers } from './trees.js';

/** @typedef {import('@symx/core').Term} Term */

const MAX_DENOMINATOR = 12;
const MAX_NUMERATOR = 1000;
// No time limit anywhere in the verdict: it must not depend on the machine.
const LIMITS = Object.freeze({ timeMs: undefined, iterations: 200 });
const simplify = simplifier({ limits: LIMITS });

/**
 * A simplifier that assumes the signs the sampling ranges guarantee.
 *
 * @param {Record<string, { lo: number, hi: number }>} ranges
 * @returns {(t: Term) => Term}
 */
function domainSimplifier(ranges) {
  /** @type {Record<string, 'positive' | 'nonnegative'>} */
  const assume = {};
  for (const [v, { lo }] of Object.entries(ranges)) {
    if (lo > 0) assume[v] = 'positive';
    else if (lo === 0) assume[v] = 'nonnegative';
  }
  return simplifier({ assume, limits: LIMITS });
}

/**
 * The simplest nice constant within relative tolerance `tol` of `c` (see the file comment), as
 * an exact term, or `undefined` when there is none.
 *
 * @param {number} c
 * @param {number} tol
 * @param {number} [zero]   |c| at most this rounds to 0 (default tol)
 * @returns {Term | undefined}
 * @example
 * format(roundConstant(0.5000000001, 1e-6));        // '1/2'
 * format(roundConstant(0.07957747154594767, 1e-6)); // '1/(4*pi)' (or an equal form)
 * roundConstant(0.123456, 1e-6);                     // undefined
 */
export function roundConstant(c, tol, zero = tol) {
  if (!Number.isFinite(c)) return undefined;
  if (Math.abs(c) <= zero) return rat(0, 1);
  const sign = c < 0 ? -1 : 1;
  /** @type {[boolean, number][]} [under a square root?, power of pi] in order of preference */
  const forms = [
    [false, 0],
    [false, 1],
    [false, -1],
    [true, 0],
    [true, 1],
    [true, -1],
  ];
  for (const [root, piPower] of forms) {
    // For a root form, c = sign*sqrt(b) with b = c^2: b is matched within 2*tol (relative).
    const base = (root ? c * c : Math.abs(c)) / Math.PI ** piPower;
    const rel = root ? 2 * tol : tol;
    for (let q = 1; q <= MAX_DENOMINATOR; q++) {
      const p = Math.round(base * q);
      if (p === 0 || p > MAX_NUMERATOR) continue;
      if (Math.abs(p / q - base) > rel * base) continue;
      let t = rat(p, q);
      if (piPower === 1) t = defaultStore.call('mul', [t, PI]);
      if (piPower === -1) t = defaultStore.call('div', [t, PI]);
      if (root) t = defaultStore.call1('sqrt', t);
      return sign < 0 ? defaultStore.call1('neg', t) : t;
    }
  }
  return undefined;
}

/**
 * `t` with every float constant rounded by {@link roundConstant}, simplified; or the first
 * constant that has no nice neighbour.
 *
 * @param {Term} t
 * @param {number} tol
 * @param {number} [zero]   |c| at most this rounds to 0 (default tol)
 * @returns {{ term: Term } | { unrounded: number }}
 * @example
 * format(roundExpression(parse('0.4999999999*m*v*v'), 1e-6).term);   // '1/2*m*v^2' (or an equal form)
 */
export function roundExpression(t, tol, zero = tol) {
  const s = simplify(t);
  /** @type {Map<Term, Term>} */
  const map = new Map();
  /** @type {Term[]} */
  const stack = [s];
  const seen = new Set();
  while (stack.length > 0) {
    const u = /** @type {Term} */ (stack.pop());
    if (seen.has(u)) continue;
    seen.add(u);
    if (u.kind === KIND_NUMBER && !numIsExact(u.value)) {
      const r = roundConstant(numToNumber(u.value), tol, zero);
      if (r === undefined) return { unrounded: numToNumber(u.value) };
      map.set(u, r);
    } else if (u.kind === KIND_CALL) for (const a of u.args) stack.push(a);
  }
  return { term: simplify(replaceNumbers(s, map)) };
}

/**
 * @typedef {object} Recovery
 * @property {boolean} recovered
 * @property {Term | undefined} rounded   the found expression with rounded constants
 * @property {'simplify' | 'egraph' | undefined} method   what proved the equality
 * @property {string} reason              why (or why not), in words
 */

/**
 * Decides whether `found` is exactly the law `truth` (see the file comment for the rule).
 *
 * @param {Term} found
 * @param {Term} truth
 * @param {{ tol: number, scale?: number, ranges: Record<string, { lo: number, hi: number }>, seed?: number }} options
 *   scale: the RMS of the target (default 1), for the rounding of negligible constants to 0
 * @returns {Recovery}
 * @example
 * checkRecovery(parse('0.5000000002*k_spring*x*x'), parse('1/2*k_spring*x^2'), { tol: 1e-6, ranges }).recovered;   // true
 * checkRecovery(parse('k_spring*x'), parse('1/2*k_spring*x^2'), { tol: 1e-6, ranges }).recovered;                 // false
 */
export function checkRecovery(found, truth, { tol, scale = 1, ranges, seed = 12345 }) {
  const r = roundExpression(found, tol, tol * scale);
  if (!('term' in r)) {
    return { recovered: false, rounded: undefined, method: undefined, reason: `constant ${r.unrounded} is not near a simple constant` };
  }
  const rounded = r.term;
  /** @type {'simplify' | 'egraph' | undefined} */
  let method;
  const simp = domainSimplifier(ranges);
  const diff = simp(sub(simp(rounded), simp(truth)));
  if (diff.kind === KIND_NUMBER && numIsExact(diff.value) && numToNumber(diff.value) === 0) method = 'simplify';
  else {
    // Deterministic budget: iterations and nodes only (no time limit).
    const e = equivalent(rounded, truth, { iterLimit: 8, nodeLimit: 20_000, timeLimit: Infinity });
    if (e.result === true) method = 'egraph';
  }
  const mismatch = numericMismatch(rounded, truth, ranges, seed);
  if (method === undefined) {
    return { recovered: false, rounded, method, reason: mismatch ?? 'not proved equal (simplify and e-graph), though numerically close' };
  }
  if (mismatch !== undefined) return { recovered: false, rounded, method, reason: `proof by ${method} contradicted numerically: ${mismatch}` };
  return { recovered: true, rounded, method, reason: method === 'simplify' ? 'simplify(rounded - truth) = 0' : 'the e-graph proves rounded = truth' };
}

/**
 * A description of a point where `a` and `b` differ by more than 1e-9 relatively, or undefined.
 *
 * @param {Term} a
 * @param {Term} b
 * @param {Record<string, { lo: number, hi: number }>} ranges
 * @param {number} seed
 * @returns {string | undefined}
 */
function numericMismatch(a, b, ranges, seed) {
  const rng = createRng(seed);
  for (let k = 0; k < 32; k++) {
    /** @type {Record<string, number>} */
    const env = {};
    for (const [v, { lo, hi }] of Object.entries(ranges)) env[v] = rng.uniform(lo, hi);
    let va;
    try {
      va = evaluate(a, env);
    } catch {
      return `the found expression cannot be evaluated at ${JSON.stringify(env)}`;
    }
    const vb = evaluate(b, env);
    if (!(Math.abs(va - vb) <= 1e-9 * Math.max(1, Math.abs(vb)))) return `differs numerically at ${JSON.stringify(env)}: ${va} vs ${vb}`;
  }
  return undefined;
}
