/**
 * Symbolic differentiation: `derivative`, `gradient`, `jacobian`, `hessian`.
 *
 * Every operator of operators.ts has a rule (internal/calculus/rules.ts lists the formulas):
 * sums, differences and negation; the n-ary product rule; the quotient rule; powers with a
 * constant exponent (n·u^(n-1)·u', also for negative bases with integer n), a constant base
 * (2^x → 2^x·log(2)) and a symbolic base and exponent (a^b·(b'·log(a) + b·a'/a)); sin cos tan
 * asin acos atan sinh cosh tanh exp log sqrt by the chain rule; `abs`, `min` and `max`.
 * Numbers, `pi` and other symbols have derivative 0. A user-defined operator (defineOperator)
 * has no rule: differentiating through it throws `DerivativeError`, unless none of its
 * arguments depends on the variable, in which case it is a constant like any other.
 *
 * Points where the input is not differentiable get whatever the formula evaluates to there:
 * d|u| = u'·u/|u| is NaN at u = 0, d min(a, b) and d max(a, b) are NaN where a = b (they are
 * written with (a - b)/|a - b| since there is no sign operator), d sqrt(u) is ±Infinity at
 * u = 0, d log(u) is defined for u < 0 (u'/u) although log(u) is not.
 *
 * Compact results, three ways:
 * - the input is first brought to the normal form (normal.ts), as SymPy does on construction:
 *   like terms and powers collected, x - x → 0 (option `normalize`, default true);
 * - the output is built with smart constructors (internal/calculus/builder.ts: 0·u → 0,
 *   1·u → u, u + 0 → u, exact constant folding, u^1 → u, numeric factors combined, equal terms
 *   and factors merged, nested sums and products opened a bounded number of levels);
 * - each distinct subterm of the input is differentiated once (memoized by identity), so the
 *   result is a DAG that shares subterms with itself and with the (normalized) input:
 *   d exp(u) = exp(u)·u' reuses the node exp(u).
 * The result has O(1) distinct nodes per input edge (products: per pair of factors), never
 * exponentially many, even when its tree size (`size`) grows quadratically, as for
 * sin(sin(…(x))). On random 500-node expressions it is about as large as SymPy's `diff`
 * result (smaller as a DAG in most cases) and takes about a millisecond.
 * The walk is iterative: 100,000-deep terms differentiate without a stack overflow.
 * The result is not otherwise simplified: pass it to `simplify` for that.
 *
 * Generic: every function takes an optional `TermOps<T>` to work on another representation
 * (for example the normal form, `normalOps`, whose constructors collect like terms as the
 * derivative is built). Without it, terms are the default store's.
 */
import type { TermOps } from './term.js';
import { defaultStore, termOps } from './terms.js';
import { Term } from './internal/store.js';
import { defaultNormalStore, fromNormal, toNormal } from './normal.js';
import { Builder } from './internal/calculus/builder.js';
import { Differentiator } from './internal/calculus/differentiator.js';

export { DerivativeError } from './internal/calculus/rules.js';

/**
 * A variable to differentiate by: its name or the symbol itself.
 *
 * @example
 * derivative(parse('x*y'), 'x') === derivative(parse('x*y'), sym('x'));   // true
 */
export type Variable<T = Term> = string | T;

/**
 * Options of {@link derivative}, {@link gradient}, {@link jacobian} and {@link hessian} on
 * terms of the default store.
 *
 * @example
 * format(derivative(parse('x*x*y - y*x*x'), 'x'));                        // '0'
 * format(derivative(parse('x*x*y - y*x*x'), 'x', { normalize: false }));  // '2*x*y - 2*y*x'
 */
export interface DerivativeOptions {
  /**
   * Bring the input to the normal form first (normal.ts: like terms and powers collected,
   * numbers folded, x*x → x^2, x - x → 0), as SymPy does when it builds an expression, and
   * differentiate that. Default true: it costs about as much as the derivative itself and
   * gives smaller results. Terms whose tree size exceeds 100,000 (deeply nested or heavily
   * shared ones) are differentiated as given, whatever this says. With false the input is
   * differentiated exactly as written and the result shares its nodes with it. The two results
   * are equal wherever the input is defined.
   */
  normalize?: boolean;
}

/**
 * The derivative of `t` with respect to the variable `v` (a name or a symbol term).
 * Throws `DerivativeError` for an operator without a derivative rule (a user-defined one whose
 * arguments depend on `v`), `TypeError` when `v` is neither a name nor a symbol.
 * With a `TermOps` as third argument it works on that representation, on the input as given.
 *
 * @example
 * const x = sym('x');
 * format(derivative(parse('sin(x^2)'), 'x'));       // '2*cos(x^2)*x'
 * format(derivative(parse('x^3 + 2*x*y'), x));      // '3*x^2 + 2*y'
 * derivative(parse('y + pi'), 'x') === int(0);      // true
 * derivative(toNormal(parse('x^2')), 'x', normalOps) === toNormal(parse('2*x'));   // true
 */
export function derivative(t: Term, v: Variable, opts?: DerivativeOptions): Term;
export function derivative<T>(t: T, v: Variable<T>, ops: TermOps<T>): T;
export function derivative<T>(t: T, v: Variable<T>, third?: TermOps<T> | DerivativeOptions): T {
  const { ops, prepare } = resolve<T>(third, 'derivative');
  checkTerm(t, ops, 'derivative');
  const name = variableName(v, ops, 'derivative');
  const [u] = prepare([t]);
  return new Differentiator(ops, name).diff(u);
}

/**
 * The gradient of `t`: its derivative with respect to each variable of `vars`, in order
 * (default: the variables of `t`, sorted by name). The derivatives share their common subterms.
 *
 * @example
 * gradient(parse('x^2*y'), ['x', 'y']).map(String);   // ['2*x*y', 'x^2']
 * gradient(parse('x*y + z')).length;                  // 3: x, y, z
 */
export function gradient(t: Term, vars?: readonly Variable[], opts?: DerivativeOptions): Term[];
export function gradient<T>(t: T, vars: readonly Variable<T>[] | undefined, ops: TermOps<T>): T[];
export function gradient<T>(t: T, vars?: readonly Variable<T>[], third?: TermOps<T> | DerivativeOptions): T[] {
  const { ops, prepare } = resolve<T>(third, 'gradient');
  checkTerm(t, ops, 'gradient');
  const names = variableNames(vars, [t], ops, 'gradient');
  const [u] = prepare([t]);
  const b = new Builder(ops);
  return names.map((name) => new Differentiator(ops, name, b).diff(u));
}

/**
 * The Jacobian of the terms `ts` with respect to `vars`: `J[i][j] = d ts[i] / d vars[j]`
 * (default `vars`: every variable of the terms, sorted). One memo per variable is shared by
 * all rows, so subterms common to several terms are differentiated once.
 *
 * @example
 * const J = jacobian([parse('x*y'), parse('x + y')], ['x', 'y']);
 * J.map((row) => row.map(String));   // [['y', 'x'], ['1', '1']]
 */
export function jacobian(ts: readonly Term[], vars?: readonly Variable[], opts?: DerivativeOptions): Term[][];
export function jacobian<T>(ts: readonly T[], vars: readonly Variable<T>[] | undefined, ops: TermOps<T>): T[][];
export function jacobian<T>(ts: readonly T[], vars?: readonly Variable<T>[], third?: TermOps<T> | DerivativeOptions): T[][] {
  if (!Array.isArray(ts)) throw new TypeError('jacobian: expected an array of terms');
  const { ops, prepare } = resolve<T>(third, 'jacobian');
  for (const t of ts) checkTerm(t, ops, 'jacobian');
  const names = variableNames(vars, ts, ops, 'jacobian');
  const us = prepare(ts);
  const b = new Builder(ops);
  const ds = names.map((name) => new Differentiator(ops, name, b));
  return us.map((u) => ds.map((d) => d.diff(u)));
}

/**
 * The Hessian of `t`: `H[i][j] = d²t / (d vars[i] d vars[j])` (default `vars`: the variables of
 * `t`, sorted). It differentiates the gradient's terms (computed once) and fills only the upper
 * triangle, mirroring it below: H[j][i] is the same term as H[i][j]. Mixed partials are equal
 * wherever they are continuous (Schwarz); at points where they are not, H[j][i] is whichever
 * order H[i][j] was computed in (d/d vars[j] of d t/d vars[i], for i <= j).
 *
 * @example
 * hessian(parse('x^2*y'), ['x', 'y']).map((row) => row.map(String));   // [['2*y', '2*x'], ['2*x', '0']]
 */
export function hessian(t: Term, vars?: readonly Variable[], opts?: DerivativeOptions): Term[][];
export function hessian<T>(t: T, vars: readonly Variable<T>[] | undefined, ops: TermOps<T>): T[][];
export function hessian<T>(t: T, vars?: readonly Variable<T>[], third?: TermOps<T> | DerivativeOptions): T[][] {
  const { ops, prepare } = resolve<T>(third, 'hessian');
  checkTerm(t, ops, 'hessian');
  const names = variableNames(vars, [t], ops, 'hessian');
  const [u] = prepare([t]);
  const b = new Builder(ops);
  const ds = names.map((name) => new Differentiator(ops, name, b));
  const g = ds.map((d) => d.diff(u));
  const n = names.length;
  const h: T[][] = Array.from({ length: n }, () => new Array<T>(n));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const hij = ds[j].diff(g[i]);
      h[i][j] = hij;
      h[j][i] = hij;
    }
  }
  return h;
}

// ---- representation and input preparation ---------------------------------------------------

interface Resolved<T> {
  readonly ops: TermOps<T>;
  /** The terms to differentiate: the inputs, normalized or not. */
  readonly prepare: (ts: readonly T[]) => readonly T[];
}

function isTermOps(x: unknown): x is TermOps<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as TermOps<unknown>).make === 'function' && typeof (x as TermOps<unknown>).isCall === 'function';
}

function resolve<T>(third: TermOps<T> | DerivativeOptions | undefined, fn: string): Resolved<T> {
  if (isTermOps(third)) return { ops: third as TermOps<T>, prepare: (ts) => ts };
  if (third !== undefined && (typeof third !== 'object' || third === null))
    throw new TypeError(`${fn}: the third argument must be options or a TermOps, got ${describeValue(third)}`);
  const normalize = (third as DerivativeOptions | undefined)?.normalize ?? true;
  const ops = termOps as unknown as TermOps<T>;
  return { ops, prepare: normalize ? (ts) => normalized(ts as unknown as readonly Term[]) as unknown as readonly T[] : (ts) => ts };
}

/**
 * Largest tree size (`Term.size`) normalized before differentiating. The normal form flattens
 * sums and products completely, which costs up to the tree size (times a log); beyond this a
 * term is differentiated as given, so the cost stays linear in its DAG size however it is shared.
 */
const NORMALIZE_MAX_TREE_SIZE = 100_000;

/** The terms through the normal form and back; the temporary normal-form terms are released. */
function normalized(ts: readonly Term[]): Term[] {
  const mark = defaultNormalStore.mark();
  try {
    return ts.map((t) => (t.size <= NORMALIZE_MAX_TREE_SIZE ? fromNormal(toNormal(t)) : t));
  } finally {
    defaultNormalStore.release(mark);
  }
}

function checkTerm<T>(t: T, ops: TermOps<T>, fn: string): void {
  if (ops !== (termOps as unknown as TermOps<T>)) return;
  if (!(t instanceof Term)) throw new TypeError(`${fn}: expected a Term, got ${describeValue(t)}`);
  if (!defaultStore.owns(t))
    throw new TypeError(`${fn}: the term is not a live term of the default store; for another store pass storeOps(store) as the third argument`);
}

// ---- argument checking ------------------------------------------------------------------------

function variableName<T>(v: Variable<T>, ops: TermOps<T>, fn: string): string {
  if (typeof v === 'string') {
    if (v.length === 0) throw new TypeError(`${fn}: the variable name is empty`);
    return v;
  }
  let isSym = false;
  try {
    isSym = ops.isSymbol(v);
  } catch {
    isSym = false;
  }
  if (!isSym) throw new TypeError(`${fn}: can only differentiate with respect to a variable (a name or a symbol), got ${describeValue(v)}`);
  return ops.symbolName(v);
}

function variableNames<T>(vars: readonly Variable<T>[] | undefined, ts: readonly T[], ops: TermOps<T>, fn: string): string[] {
  if (vars === undefined) return collectVariables(ts, ops);
  if (!Array.isArray(vars)) throw new TypeError(`${fn}: expected an array of variables, got ${describeValue(vars)}`);
  return vars.map((v, i) => {
    try {
      return variableName(v, ops, fn);
    } catch (e) {
      throw new TypeError(`${(e as Error).message} (variable #${i})`);
    }
  });
}

/** The variables of `ts`, unique and sorted (iterative walk over distinct subterms). */
function collectVariables<T>(ts: readonly T[], ops: TermOps<T>): string[] {
  const names = new Set<string>();
  const seen = new Set<T>();
  const stack: T[] = [...ts];
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (seen.has(u)) continue;
    seen.add(u);
    if (ops.isSymbol(u)) names.add(ops.symbolName(u));
    else if (ops.isCall(u)) for (const a of ops.args(u)) stack.push(a);
  }
  return [...names].sort();
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return v instanceof Term ? `the term ${shortText(v)}` : `an object (${Object.prototype.toString.call(v)})`;
  return `${typeof v} ${String(v)}`;
}

function shortText(t: Term): string {
  if (t.size > 40) return `with operator '${t.op}' (size ${t.size})`;
  return String(t);
}
