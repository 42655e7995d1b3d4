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

/**
 * The store that the builders below and `parse` use unless told otherwise.
 *
 * @example
 * const kept = defaultStore.scope(() => parse('x^2 + sin(y)'));   // temporaries released
 * format(kept); // → 'x^2 + sin(y)'
 */
export const defaultStore = new TermStore(1 << 12);

/**
 * The `TermOps` of a hash-consed store: plain construction, equality is `===`.
 *
 * @example
 * const store = new TermStore();
 * const ops = storeOps(store);
 * const t = ops.make('sin', [ops.symbol('x')]);
 * ops.op(t); // → 'sin'
 * t === store.call1('sin', store.symbol('x')); // → true
 */
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

/**
 * `TermOps` of the default store.
 *
 * @example
 * termOps.make('add', [sym('x'), int(1)]) === parse('x + 1'); // → true
 */
export const termOps: TermOps<Term> = storeOps(defaultStore);

/**
 * Whether `t` is an operator application (a call), as opposed to a number or a symbol.
 *
 * @example
 * isCall(parse('sin(x)')); // → true
 * isCall(parse('x')); // → false
 */
export function isCall(t: Term): boolean {
  return t.kind === KIND_CALL;
}
/**
 * Whether `t` is a numeric constant (exact `Rational` or float64 in `t.value`).
 *
 * @example
 * isNumber(parse('1/3')); // → true
 * // a nullary call
 * isNumber(parse('pi')); // → false
 */
export function isNumber(t: Term): boolean {
  return t.kind === KIND_NUMBER;
}
/**
 * Whether `t` is a symbol (a variable; its name is `t.op`).
 *
 * @example
 * isSymbol(sym('x')); // → true
 * isSymbol(int(1)); // → false
 */
export function isSymbol(t: Term): boolean {
  return t.kind === KIND_SYMBOL;
}

/**
 * A variable (symbol) of the default store.
 *
 * @example
 * sym('x') === parse('x'); // → true
 */
export function sym(name: string): Term {
  return defaultStore.symbol(name);
}
/**
 * A number: bigint and `Rational` are exact, a JS number is a float64 (use `int` for exact).
 *
 * @example
 * format(num(0.5)); // → '0.5'
 * num(2n) === int(2); // → true
 * // a float is not the exact 1/2
 * num(0.5) === rat(1, 2); // → false
 */
export function num(v: number | bigint | Num): Term {
  return defaultStore.number(typeof v === 'bigint' ? integer(v) : v);
}
/**
 * An exact integer.
 *
 * @example
 * int(3) === parse('3'); // → true
 */
export function int(n: number | bigint): Term {
  return defaultStore.number(integer(n));
}
/**
 * An exact rational n/d (normalized).
 *
 * @example
 * format(rat(2, 6)); // → '1/3'
 * rat(4, 2) === int(2); // → true
 */
export function rat(n: number | bigint, d: number | bigint): Term {
  return defaultStore.number(rational(n, d));
}
/**
 * A float64 constant.
 *
 * @example
 * format(float(2.5)); // → '2.5'
 * // 2.0 is a float, 2 is exact
 * float(2) === int(2); // → false
 */
export function float(x: number): Term {
  return defaultStore.number(x);
}
/**
 * Any call by operator name, e.g. `call('atan', x)`.
 *
 * @example
 * call('atan', sym('x')) === parse('atan(x)'); // → true
 */
export function call(op: string, ...args: Term[]): Term {
  return defaultStore.call(op, args);
}

/**
 * `a + b + ...` (variadic, at least two terms; kept as written, not flattened or sorted).
 *
 * @example
 * format(add(sym('x'), int(1))); // → 'x + 1'
 */
export const add = (...args: Term[]): Term => defaultStore.call('add', args);
/**
 * `a * b * ...` (variadic, at least two terms; kept as written).
 *
 * @example
 * format(mul(int(2), sym('x'), sym('y'))); // → '2*x*y'
 */
export const mul = (...args: Term[]): Term => defaultStore.call('mul', args);
/**
 * `a - b`.
 *
 * @example
 * format(sub(sym('x'), int(1))); // → 'x - 1'
 */
export const sub = (a: Term, b: Term): Term => defaultStore.call2('sub', a, b);
/**
 * `a / b`.
 *
 * @example
 * format(div(sym('x'), int(2))); // → 'x/2'
 */
export const div = (a: Term, b: Term): Term => defaultStore.call2('div', a, b);
/**
 * `a ^ b`.
 *
 * @example
 * format(pow(sym('x'), int(2))); // → 'x^2'
 */
export const pow = (a: Term, b: Term): Term => defaultStore.call2('pow', a, b);
/**
 * `-a`.
 *
 * @example
 * neg(sym('x')) === parse('-x'); // → true
 */
export const neg = (a: Term): Term => defaultStore.call1('neg', a);
/**
 * `sin(a)`.
 *
 * @example
 * sin(sym('x')) === parse('sin(x)'); // → true
 */
export const sin = (a: Term): Term => defaultStore.call1('sin', a);
/**
 * `cos(a)`.
 *
 * @example
 * cos(sym('x')) === parse('cos(x)'); // → true
 */
export const cos = (a: Term): Term => defaultStore.call1('cos', a);
/**
 * `tan(a)`.
 *
 * @example
 * tan(sym('x')) === parse('tan(x)'); // → true
 */
export const tan = (a: Term): Term => defaultStore.call1('tan', a);
/**
 * `exp(a)`.
 *
 * @example
 * exp(sym('x')) === parse('exp(x)'); // → true
 */
export const exp = (a: Term): Term => defaultStore.call1('exp', a);
/**
 * `log(a)`, the natural logarithm.
 *
 * @example
 * log(sym('x')) === parse('log(x)'); // → true
 */
export const log = (a: Term): Term => defaultStore.call1('log', a);
/**
 * `sqrt(a)`.
 *
 * @example
 * sqrt(sym('x')) === parse('sqrt(x)'); // → true
 */
export const sqrt = (a: Term): Term => defaultStore.call1('sqrt', a);
/**
 * `abs(a)`.
 *
 * @example
 * abs(sym('x')) === parse('abs(x)'); // → true
 */
export const abs = (a: Term): Term => defaultStore.call1('abs', a);
/**
 * The constant π (the nullary operator `pi`).
 *
 * @example
 * PI === parse('pi'); // → true
 * evaluate(PI, {}); // → Math.PI
 */
export const PI: Term = defaultStore.call('pi', []);

export { Rational };
