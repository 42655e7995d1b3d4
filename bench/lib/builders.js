/**
 * Builders that replay a random term program (lib/random-terms.js) with one representation's
 * constructors: symx's public builders, symx's store methods, and plain objects. (mathjs nodes
 * are in mathjs-builders.js, so that the memory bench does not load mathjs into its heap.)
 */
import * as core from '@symx/core';
import { ADD, COS, EXP, MUL, SIN, SUB, SYMX_OP, VAR_NAMES } from './random-terms.js';

const { defaultStore } = core;

/** @typedef {import('@symx/core').Term} Term */
/** @template T @typedef {import('./random-terms.js').Builder<T>} Builder */

/**
 * symx through the public builders `add`, `sub`, `mul`, `div`, `sin`, ..., `float` and `sym`.
 *
 * @type {Builder<Term>}
 */
export const symxBuilders = {
  constant: (v) => core.float(v),
  variable: (k) => core.sym(VAR_NAMES[k]),
  binary: (c, a, b) => (c === ADD ? core.add(a, b) : c === SUB ? core.sub(a, b) : c === MUL ? core.mul(a, b) : core.div(a, b)),
  unary: (c, a) => (c === SIN ? core.sin(a) : c === COS ? core.cos(a) : c === EXP ? core.exp(a) : core.log(a)),
};

/**
 * symx through a store's `number`, `symbol`, `call2` and `call1` (no argument arrays).
 *
 * @param {import('@symx/core').TermStore} store
 * @returns {Builder<Term>}
 */
export function storeBuilders(store) {
  return {
    constant: (v) => store.number(v),
    variable: (k) => store.symbol(VAR_NAMES[k]),
    binary: (c, a, b) => store.call2(SYMX_OP[c], a, b),
    unary: (c, a) => store.call1(SYMX_OP[c], a),
  };
}

/** `storeBuilders` of the default store. */
export const symxStoreBuilders = storeBuilders(defaultStore);

/** @typedef {{ op: string, args: Plain[], value: number, name: string }} Plain */

/**
 * Plain JS objects of one shape, no interning and no validation: a lower bound for any builder.
 *
 * @type {Builder<Plain>}
 */
export const plainBuilders = {
  constant: (v) => ({ op: 'const', args: [], value: v, name: '' }),
  variable: (k) => ({ op: 'var', args: [], value: 0, name: VAR_NAMES[k] }),
  binary: (c, a, b) => ({ op: SYMX_OP[c], args: [a, b], value: 0, name: '' }),
  unary: (c, a) => ({ op: SYMX_OP[c], args: [a], value: 0, name: '' }),
};

/**
 * Evaluates a plain-object tree built from a random program (whose depth is bounded by its
 * size, at most a few dozen, so recursion is safe).
 *
 * @param {Plain} t
 * @param {Record<string, number>} env
 * @returns {number}
 */
export function evalPlain(t, env) {
  if (t.op === 'const') return t.value;
  if (t.op === 'var') return env[t.name];
  return core.applyOperator(t.op, t.args.map((a) => evalPlain(a, env)));
}
