/**
 * The normal form (NF): the second term representation of symx, in which sums, products and
 * powers are collected as they are built (the design of SymbolicUtils' Add/Mul/Pow and
 * SymEngine's Add/Mul/Pow, with exact coefficients):
 *
 *   sum      constant + Σ coefficient·term      x + x → 2*x,  1/3 + 1/6 → 1/2,  x - x → 0
 *   product  coefficient · Π base^exponent      x*x → x^2,  x/x → 1,  (x*y)^2 → x^2*y^2
 *   power    base^exponent for a float or symbolic exponent           x^y, x^0.5
 *   call     any other operator of NF arguments                       sin(2*x)
 *
 * NF terms are immutable and hash-consed in a `NormalStore` (`===` is structural equality);
 * the order of the terms of a sum and the bases of a product is a structural total order, so
 * the same input gives the same NF object whatever order it was built in.
 *
 * Soundness: every rule is an identity on the real domain of the input. The result equals the
 * input wherever the input is a real number (pow is Math.pow: a non-integer power of a negative
 * number is undefined); where the input is undefined the result may be anything. So
 * x·x^-1 → 1 and sqrt(x)^2 → x are done, but sqrt(x^2) is |x|, sqrt(x·y) is not
 * sqrt(x)·sqrt(y), and (x^2)^y is left alone. internal/normal/product.ts lists each rule with
 * its argument.
 *
 * Numbers: exact rationals fold exactly, floats as floats, and a float anywhere in a fold makes
 * the result a float (0.5 + 1/2 → 1.0). Calls are never evaluated (sin(0) stays).
 *
 * Canonical: with exact coefficients, equal sums and products give one NF however they were
 * ordered or grouped (x*(2*(y + 1)) and (2*x)*(y + 1) are one object). Float arithmetic is not
 * associative, so with floats the NF does not depend on argument order (floats are combined
 * in sorted order) but may depend on grouping, in the last bits. Not a full canonical form for
 * everything: no expansion ((x + 1)^2 stays), radicals are not denested, calls are opaque.
 *
 * Cost (2 shared cores, CPU time): make(add|mul) of two small terms ~0.2–0.5 µs, toNormal of a
 * 16-node SR candidate ~4 µs, release of a generation proportional to its size, not the store's.
 *
 * Reclamation: a `NormalStore` releases generations of terms like a `TermStore`
 * (`mark`/`release`/`scope`/`reset`); use `nstore.scope(() => ...)` around the work on one
 * candidate in a long symbolic-regression loop.
 *
 * @example
 * const n = toNormal(parse('x + x*y + x - y*x'));   // 2*x
 * fromNormal(n);                                      // the plain term 2*x
 * normalOps.make('mul', [n, n]);                      // 4*x^2
 */
import type { TermOps } from './term.js';
import { type Term, type TermStore, defaultStore } from './terms.js';
import { NTerm, NormalStore } from './internal/normal/nterm.js';
import { argsOfNormal, isCallNormal, makeNormal, opOfNormal } from './internal/normal/ops.js';
import { fromNormalImpl, toNormalImpl } from './internal/normal/convert.js';
import { NK_NUMBER, NK_SYMBOL } from './internal/normal/nterm.js';
import './internal/normal/print.js';

export {
  NTerm,
  NormalStore,
  type NormalStoreStats,
  type NKind,
  NK_NUMBER,
  NK_SYMBOL,
  NK_MUL,
  NK_POW,
  NK_ADD,
  NK_CALL,
} from './internal/normal/nterm.js';

/**
 * The store `normalOps`, `toNormal` and `fromNormal` use unless told otherwise.
 *
 * @example
 * const n = defaultNormalStore.scope(() => toNormal(parse('a*b + b*a')));   // temporaries released
 * format(fromNormal(n)); // → '2*a*b'
 */
export const defaultNormalStore = new NormalStore(1 << 12);

/**
 * The `TermOps` of the normal form in `store`: `make` normalizes, `op`/`args` present sums,
 * products and powers as add/mul/pow calls with canonical, already-normal arguments (a
 * coefficient c·t shows as mul(c, t), x^-1 as pow(x, -1)), and `make(op(t), args(t)) === t`.
 *
 * @example
 * const ops = normalStoreOps(new NormalStore());
 * const x = ops.symbol('x');
 * ops.make('add', [x, x]);             // 2*x: op 'mul', args [2, x]
 */
export function normalStoreOps(store: NormalStore): TermOps<NTerm> {
  return {
    isCall: isCallNormal,
    op: opOfNormal,
    args: (t) => argsOfNormal(store, t),
    make: (op, args) => makeNormal(store, op, args),
    isNumber: (t) => t.kind === NK_NUMBER,
    numberValue: (t) => t.value,
    number: (v) => store.number(v),
    isSymbol: (t) => t.kind === NK_SYMBOL,
    symbolName: (t) => t.name,
    symbol: (name) => store.symbol(name),
    equals: (a, b) => a === b,
    hash: (t) => t.hash,
    sortedArgs: (t) => argsOfNormal(store, t),
  };
}

/**
 * `TermOps` of the normal form in the default NF store.
 *
 * @example
 * const x = normalOps.symbol('x');
 * normalOps.make('mul', [x, x]) === normalOps.make('pow', [x, normalOps.number(integer(2))]);  // true
 */
export const normalOps: TermOps<NTerm> = normalStoreOps(defaultNormalStore);

/**
 * The normal form of a plain term. Iterative (any depth) and memoized per call; sums and
 * products are built in bulk, so a sum of n terms costs O(n log n) however it is nested.
 *
 * @example
 * toNormal(parse('(x*y)^2 / x')) === toNormal(parse('y*x*y'));   // true: x*y^2
 */
export function toNormal(t: Term, store: NormalStore = defaultNormalStore): NTerm {
  return toNormalImpl(t, store);
}

/**
 * A plain term (in `store`, default the default store) equal to `n`, written naturally: x - y,
 * x/y, sqrt(x), 2*x/3. `toNormal(fromNormal(n)) === n`. Iterative (any depth).
 *
 * @example
 * fromNormal(toNormal(parse('x + x - y')));   // 2*x - y
 */
export function fromNormal(n: NTerm, store: TermStore = defaultStore): Term {
  return fromNormalImpl(n, store);
}
