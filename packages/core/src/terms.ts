/**
 * Building terms in the default store, and the `TermOps` of the hash-consed representation.
 * Plain construction: what you build is exactly what you get (`mul(x, x)` stays `x*x`).
 *
 * @example
 * const x = sym('x');
 * const t = add(mul(int(2), x), sin(x));   // 2*x + sin(x)
 * add(mul(int(2), x), sin(x)) === t;       // true: hash-consed
 */
import { type Num, Rational, integer, rational } from './numbers.js';
import type { TermOps } from './term.js';
import { KIND_CALL, KIND_NUMBER, KIND_SYMBOL, Term, TermStore } from './internal/store.js';

export { Term, TermStore, StaleTermError, TermError, type StoreStats } from './internal/store.js';

/** The store that the builders below and `parse` use unless told otherwise. */
export const defaultStore = new TermStore(1 << 12);

/** The `TermOps` of a hash-consed store: plain construction, equality is `===`. */
export function storeOps(store: TermStore): TermOps<Term> {
  return {
    isCall: (t) => t.kind === KIND_CALL,
    op: (t) => t.op,
    args: (t) => t.args,
    make: (op, args) => store.call(op, args),
    isNumber: (t) => t.kind === KIND_NUMBER,
    numberValue: (t) => t.value,
    number: (v) => store.number(v),
    isSymbol: (t) => t.kind === KIND_SYMBOL,
    symbolName: (t) => t.op,
    symbol: (name) => store.symbol(name),
    equals: (a, b) => a === b,
    hash: (t) => t.hash,
  };
}

/** `TermOps` of the default store. */
export const termOps: TermOps<Term> = storeOps(defaultStore);

export function isCall(t: Term): boolean {
  return t.kind === KIND_CALL;
}
export function isNumber(t: Term): boolean {
  return t.kind === KIND_NUMBER;
}
export function isSymbol(t: Term): boolean {
  return t.kind === KIND_SYMBOL;
}

/** A variable. */
export function sym(name: string): Term {
  return defaultStore.symbol(name);
}
/** A number: bigint and `Rational` are exact, a JS number is a float64 (use `int` for exact). */
export function num(v: number | bigint | Num): Term {
  return defaultStore.number(typeof v === 'bigint' ? integer(v) : v);
}
/** An exact integer. */
export function int(n: number | bigint): Term {
  return defaultStore.number(integer(n));
}
/** An exact rational n/d (normalized). */
export function rat(n: number | bigint, d: number | bigint): Term {
  return defaultStore.number(rational(n, d));
}
/** A float64 constant. */
export function float(x: number): Term {
  return defaultStore.number(x);
}
/** Any call by operator name, e.g. `call('atan', x)`. */
export function call(op: string, ...args: Term[]): Term {
  return defaultStore.call(op, args);
}

export const add = (...args: Term[]): Term => defaultStore.call('add', args);
export const mul = (...args: Term[]): Term => defaultStore.call('mul', args);
export const sub = (a: Term, b: Term): Term => defaultStore.call2('sub', a, b);
export const div = (a: Term, b: Term): Term => defaultStore.call2('div', a, b);
export const pow = (a: Term, b: Term): Term => defaultStore.call2('pow', a, b);
export const neg = (a: Term): Term => defaultStore.call1('neg', a);
export const sin = (a: Term): Term => defaultStore.call1('sin', a);
export const cos = (a: Term): Term => defaultStore.call1('cos', a);
export const tan = (a: Term): Term => defaultStore.call1('tan', a);
export const exp = (a: Term): Term => defaultStore.call1('exp', a);
export const log = (a: Term): Term => defaultStore.call1('log', a);
export const sqrt = (a: Term): Term => defaultStore.call1('sqrt', a);
export const abs = (a: Term): Term => defaultStore.call1('abs', a);
export const PI: Term = defaultStore.call('pi', []);

export { Rational };
