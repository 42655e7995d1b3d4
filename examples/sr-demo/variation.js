// Variation operators of the genetic program: subtree crossover and five mutations (point,
// subtree, hoist, constant perturbation, insertion). Each returns a new candidate within the
// size and depth limits, or the parent itself when a few attempts all broke the limits.
import { KIND_CALL, KIND_NUMBER, KIND_SYMBOL, defaultStore, numIsExact, numToNumber } from '@symx/core';
import { nodeAt, positions, randomConstant, randomLeaf, randomTree, replaceAt } from './trees.js';

/** @typedef {import('@symx/core').Term} Term */
/** @typedef {import('./trees.js').Primitives} Primitives */
/** @typedef {import('./random.js').Rng} Rng */
/** @typedef {{ maxSize: number, maxDepth: number }} Limits */

const ATTEMPTS = 4;

/**
 * @param {Term} t
 * @param {Limits} limits
 */
const fits = (t, limits) => t.size <= limits.maxSize && t.depth <= limits.maxDepth;

/**
 * A preorder position in `t`, biased toward calls (Koza: 90% internal nodes when there are any).
 *
 * @param {Term} t
 * @param {Rng} rng
 * @returns {number}
 */
function pickNode(t, rng) {
  const n = t.size;
  if (n > 1 && rng.chance(0.9)) {
    for (let k = 0; k < 8; k++) {
      const i = rng.int(n);
      if (nodeAt(t, i).kind === KIND_CALL) return i;
    }
  }
  return rng.int(n);
}

/**
 * Subtree crossover: a random subtree of `a` replaced by a random subtree of `b`.
 *
 * @param {Term} a
 * @param {Term} b
 * @param {Rng} rng
 * @param {Limits} limits
 * @returns {Term}
 * @example
 * crossover(parse('x + sin(y)'), parse('x*x'), rng, { maxSize: 30, maxDepth: 8 });   // e.g. x + x*x
 */
export function crossover(a, b, rng, limits) {
  for (let k = 0; k < ATTEMPTS; k++) {
    const child = replaceAt(a, pickNode(a, rng), nodeAt(b, pickNode(b, rng)));
    if (fits(child, limits)) return child;
  }
  return a;
}

/**
 * Point mutation: one node changes in place: an operator to another of the same arity, a
 * variable to another variable, a constant to a new value or to a variable.
 *
 * @param {Term} t
 * @param {Rng} rng
 * @param {Primitives} prims
 * @returns {Term}
 */
export function pointMutation(t, rng, prims) {
  const i = rng.int(t.size);
  const u = nodeAt(t, i);
  /** @type {Term} */
  let v;
  if (u.kind === KIND_CALL) {
    const n = u.args.length;
    const choices = n === 1 ? prims.unary : n === 2 ? prims.binary : ['add', 'mul'];
    const op = rng.pick(choices.filter((o) => o !== u.op).length > 0 ? choices.filter((o) => o !== u.op) : choices);
    v = defaultStore.call(op, u.args.slice());
  } else if (u.kind === KIND_SYMBOL) {
    v = rng.chance(0.8) || prims.variables.length === 0 ? rng.pick(prims.variables) : defaultStore.number(randomConstant(rng));
  } else {
    v = randomLeaf(rng, prims);
  }
  return replaceAt(t, i, v);
}

/**
 * Subtree mutation: a random subtree replaced by a fresh random tree of depth 1 to 3.
 *
 * @param {Term} t
 * @param {Rng} rng
 * @param {Primitives} prims
 * @param {Limits} limits
 * @returns {Term}
 */
export function subtreeMutation(t, rng, prims, limits) {
  for (let k = 0; k < ATTEMPTS; k++) {
    const child = replaceAt(t, pickNode(t, rng), randomTree(rng, prims, 1 + rng.int(3), false));
    if (fits(child, limits)) return child;
  }
  return t;
}

/**
 * Hoist mutation (bloat control): a random call replaced by one of its own subtrees.
 *
 * @param {Term} t
 * @param {Rng} rng
 * @returns {Term}
 */
export function hoistMutation(t, rng) {
  const calls = positions(t, (u) => u.kind === KIND_CALL);
  if (calls.length === 0) return t;
  const i = rng.pick(calls);
  const inner = nodeAt(t, i);
  return replaceAt(t, i, nodeAt(inner, 1 + rng.int(inner.size - 1)));
}

/**
 * Constant perturbation: one float constant multiplied by exp(N(0, 0.3^2)) (sometimes negated);
 * without a float constant, a random leaf becomes one.
 *
 * @param {Term} t
 * @param {Rng} rng
 * @returns {Term}
 */
export function constantMutation(t, rng) {
  const consts = positions(t, (u) => u.kind === KIND_NUMBER && !numIsExact(u.value));
  if (consts.length === 0) {
    const leaves = positions(t, (u) => u.kind !== KIND_CALL);
    return replaceAt(t, rng.pick(leaves), defaultStore.number(randomConstant(rng)));
  }
  const i = rng.pick(consts);
  let c = numToNumber(nodeAt(t, i).value) * Math.exp(0.3 * rng.normal());
  if (rng.chance(0.1)) c = -c;
  return replaceAt(t, i, defaultStore.number(c));
}

/**
 * Insertion: a random subtree `s` becomes `op(s)` or `op(s, leaf)` / `op(leaf, s)`, which grows
 * a candidate by one step (the inverse of hoisting).
 *
 * @param {Term} t
 * @param {Rng} rng
 * @param {Primitives} prims
 * @param {Limits} limits
 * @returns {Term}
 */
export function insertMutation(t, rng, prims, limits) {
  for (let k = 0; k < ATTEMPTS; k++) {
    const i = rng.int(t.size);
    const s = nodeAt(t, i);
    /** @type {Term} */
    let v;
    if (rng.chance(prims.unaryRate)) v = defaultStore.call1(rng.pick(prims.unary), s);
    else {
      const op = rng.pick(prims.binary);
      const leaf = randomLeaf(rng, prims);
      v = rng.chance(0.5) ? defaultStore.call2(op, s, leaf) : defaultStore.call2(op, leaf, s);
    }
    const child = replaceAt(t, i, v);
    if (fits(child, limits)) return child;
  }
  return t;
}
