// Tree plumbing for genetic programming over core terms (default store, hash-consed, plain
// construction): listing the nodes of a candidate, replacing one subtree, growing random trees,
// reading and rewriting numeric constants. Every walk uses an explicit stack: no recursion.
import { KIND_CALL, KIND_NUMBER, defaultStore, numIsExact } from '@symx/core';

/** @typedef {import('@symx/core').Term} Term */

/**
 * @typedef {object} Primitives
 * @property {readonly string[]} binary      binary operators, e.g. add sub mul div
 * @property {readonly string[]} unary       unary operators, e.g. sin cos exp sqrt
 * @property {readonly Term[]} variables     variable symbols
 * @property {number} constantRate           probability that a leaf is a constant
 * @property {number} unaryRate              probability that a new operator node is unary
 */

/**
 * The subterm at preorder position `k` of `t` seen as a tree (0 is `t` itself; a shared
 * subterm counts once per occurrence). Walks down using the cached tree sizes: no node list.
 *
 * @param {Term} t
 * @param {number} k   0 <= k < t.size
 * @returns {Term}
 * @example
 * format(nodeAt(parse('x*y + 1'), 2));   // 'x'
 */
export function nodeAt(t, k) {
  let u = t;
  while (k > 0) {
    k--;
    for (const a of u.args) {
      if (k < a.size) {
        u = a;
        break;
      }
      k -= a.size;
    }
  }
  return u;
}

/**
 * `t` with the subterm at preorder position `k` replaced by `replacement`: the path from the
 * root is rebuilt, everything else is shared.
 *
 * @param {Term} t
 * @param {number} k   0 <= k < t.size
 * @param {Term} replacement
 * @returns {Term}
 * @example
 * format(replaceAt(parse('x*y + 1'), 2, parse('sin(z)')));   // 'sin(z)*y + 1'
 */
export function replaceAt(t, k, replacement) {
  /** @type {Term[]} */
  const path = [];
  /** @type {number[]} */
  const slots = [];
  let u = t;
  while (k > 0) {
    k--;
    for (let j = 0; j < u.args.length; j++) {
      const a = u.args[j];
      if (k < a.size) {
        path.push(u);
        slots.push(j);
        u = a;
        break;
      }
      k -= a.size;
    }
  }
  let r = replacement;
  for (let i = path.length - 1; i >= 0; i--) {
    const p = path[i];
    if (p.args.length === 2) r = slots[i] === 0 ? defaultStore.call2(p.op, r, p.args[1]) : defaultStore.call2(p.op, p.args[0], r);
    else if (p.args.length === 1) r = defaultStore.call1(p.op, r);
    else {
      const args = p.args.slice();
      args[slots[i]] = r;
      r = defaultStore.call(p.op, args);
    }
  }
  return r;
}

/**
 * Preorder positions of the nodes of `t` that satisfy `test` (tree order, with multiplicity).
 *
 * @param {Term} t
 * @param {(u: Term) => boolean} test
 * @returns {number[]}
 * @example
 * positions(parse('x*y + 1'), (u) => u.kind === KIND_NUMBER);   // [4]
 */
export function positions(t, test) {
  /** @type {number[]} */
  const out = [];
  /** @type {Term[]} */
  const stack = [t];
  let k = 0;
  while (stack.length > 0) {
    const u = /** @type {Term} */ (stack.pop());
    if (test(u)) out.push(k);
    k++;
    for (let j = u.args.length - 1; j >= 0; j--) stack.push(u.args[j]);
  }
  return out;
}

/**
 * A random leaf: a variable, or (with probability `constantRate`) a float constant.
 *
 * @param {import('./random.js').Rng} rng
 * @param {Primitives} prims
 * @returns {Term}
 */
export function randomLeaf(rng, prims) {
  if (rng.chance(prims.constantRate)) return defaultStore.number(randomConstant(rng));
  return rng.pick(prims.variables);
}

/**
 * A random float constant for a new leaf: mostly of order one, either sign. The search fits
 * constants by Levenberg–Marquardt, so only the order of magnitude matters here.
 *
 * @param {import('./random.js').Rng} rng
 * @returns {number}
 */
export function randomConstant(rng) {
  const v = rng.uniform(0.2, 3);
  return Math.round((rng.chance(0.25) ? -v : v) * 1000) / 1000;
}

/**
 * A random tree of depth at most `maxDepth` (Koza's grow method; `full` makes every branch reach
 * `maxDepth`). Built iteratively: a preorder list of choices, then assembled from the back.
 *
 * @param {import('./random.js').Rng} rng
 * @param {Primitives} prims
 * @param {number} maxDepth   >= 1
 * @param {boolean} full
 * @returns {Term}
 * @example
 * randomTree(createRng(1), prims, 3, false);   // e.g. sin(x) * 1.37
 */
export function randomTree(rng, prims, maxDepth, full) {
  /** @type {(string | Term)[]} */
  const prefix = [];
  const pending = [1]; // depths of the slots still to fill, as a stack
  while (pending.length > 0) {
    const d = /** @type {number} */ (pending.pop());
    const leafChance = full ? 0 : 0.3;
    if (d >= maxDepth || rng.chance(leafChance)) {
      prefix.push(randomLeaf(rng, prims));
      continue;
    }
    const unary = rng.chance(prims.unaryRate);
    const op = unary ? rng.pick(prims.unary) : rng.pick(prims.binary);
    prefix.push(op);
    pending.push(d + 1);
    if (!unary) pending.push(d + 1);
  }
  /** @type {Term[]} */
  const stack = [];
  for (let i = prefix.length - 1; i >= 0; i--) {
    const x = prefix[i];
    if (typeof x !== 'string') stack.push(x);
    else if (prims.unary.includes(x)) stack.push(defaultStore.call1(x, /** @type {Term} */ (stack.pop())));
    else {
      const a = /** @type {Term} */ (stack.pop());
      const b = /** @type {Term} */ (stack.pop());
      stack.push(defaultStore.call2(x, a, b));
    }
  }
  return stack[0];
}

/**
 * The distinct numeric constants of `t` in the order the evaluators number them (`Kernel.params`):
 * a left-to-right post-order walk, each distinct constant term once, when first met.
 *
 * @param {Term} t
 * @returns {Term[]}
 * @example
 * constantsOf(parse('2.5*x + 3')).map(format);   // ['2.5', '3']
 */
export function constantsOf(t) {
  /** @type {Term[]} */
  const out = [];
  const seen = new Set();
  /** @type {[Term, number][]} */
  const stack = [[t, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [u, pos] = top;
    if (pos === 0 && seen.has(u)) {
      stack.pop();
      continue;
    }
    if (u.kind === KIND_CALL && pos < u.args.length) {
      top[1] = pos + 1;
      if (!seen.has(u.args[pos])) stack.push([u.args[pos], 0]);
      continue;
    }
    seen.add(u);
    if (u.kind === KIND_NUMBER) out.push(u);
    stack.pop();
  }
  return out;
}

/**
 * True when `t` has a float (fittable) constant; exact rationals are structure.
 *
 * @param {Term} t
 * @returns {boolean}
 * @example
 * hasFloatConstant(parse('x/2'));     // false
 * hasFloatConstant(parse('x*0.5'));   // true
 */
export function hasFloatConstant(t) {
  return constantsOf(t).some((c) => !numIsExact(c.value));
}

/**
 * `t` with every number term found in `map` replaced by its image. Iterative post-order over
 * the DAG; shared subterms are rebuilt once.
 *
 * @param {Term} t
 * @param {Map<Term, Term>} map
 * @returns {Term}
 * @example
 * format(replaceNumbers(parse('2.5*x'), new Map([[num(2.5), int(3)]])));   // '3*x'
 */
export function replaceNumbers(t, map) {
  /** @type {Map<Term, Term>} */
  const done = new Map();
  /** @type {Term[]} */
  const stack = [t];
  while (stack.length > 0) {
    const u = stack[stack.length - 1];
    if (done.has(u)) {
      stack.pop();
      continue;
    }
    if (u.kind !== KIND_CALL) {
      done.set(u, map.get(u) ?? u);
      stack.pop();
      continue;
    }
    let ready = true;
    for (const a of u.args) {
      if (!done.has(a)) {
        stack.push(a);
        ready = false;
      }
    }
    if (!ready) continue;
    stack.pop();
    const args = u.args.map((a) => /** @type {Term} */ (done.get(a)));
    const same = args.every((a, i) => a === u.args[i]);
    done.set(u, same ? u : defaultStore.call(u.op, args));
  }
  return /** @type {Term} */ (done.get(t));
}
