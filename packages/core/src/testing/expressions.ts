/**
 * fast-check arbitraries for symbolic-regression style expressions: variables, constants (exact
 * integers and rationals, floats, edge floats) and calls of a configurable operator set, with a
 * bounded depth. Shrinking goes towards leaves (a failing `sin(x0 - 2)*x1` shrinks to `x0 - 2`
 * or `x0` when that still fails), so counterexamples come out small.
 */
import fc from 'fast-check';
import { OPERATORS, OP_NONE, VARIADIC } from '../operators.js';
import { rational } from '../numbers.js';
import { Term, type TermStore, defaultStore } from '../terms.js';
import { EDGE_FLOATS, NON_FINITE_FLOATS } from './floats.js';

/**
 * The operators of a typical SR search: `+ - * / ^`, unary minus, sin, cos, exp, log, sqrt, abs.
 *
 * @example
 * expressionArb({ operators: [...SR_OPERATORS, 'tanh'] });
 */
export const SR_OPERATORS: readonly string[] = Object.freeze(['add', 'sub', 'mul', 'div', 'pow', 'neg', 'sin', 'cos', 'exp', 'log', 'sqrt', 'abs']);

/**
 * Every built-in operator with a numeric meaning (those the evaluators and WASM tiers run),
 * including `pi`, `min`, `max` and the inverse and hyperbolic functions.
 *
 * @example
 * expressionArb({ operators: NUMERIC_OPERATORS, maxDepth: 3 });
 */
export const NUMERIC_OPERATORS: readonly string[] = Object.freeze([...OPERATORS.values()].filter((o) => o.code !== OP_NONE).map((o) => o.name));

/**
 * Which constants {@link constantArb} produces; `false` turns a kind off.
 *
 * @example
 * const opts: ConstantOptions = { integers: { min: 0, max: 3 }, rationals: false, edgeFloats: true };
 */
export interface ConstantOptions {
  /** Exact integers in `[min, max]` (default -5..5). */
  readonly integers?: { readonly min: number; readonly max: number } | false;
  /** Exact rationals n/d with |n| <= maxNumerator, 2 <= d <= maxDenominator (default 9, 9). */
  readonly rationals?: { readonly maxNumerator: number; readonly maxDenominator: number } | false;
  /** Float64 constants in `[min, max]` (default -10..10). */
  readonly floats?: { readonly min: number; readonly max: number } | false;
  /** Also the edge floats of `EDGE_FLOATS`: ±0, subnormal, tiny, huge (default false). */
  readonly edgeFloats?: boolean;
  /** Also NaN and ±Infinity as float constants (default false). */
  readonly nonFinite?: boolean;
  /** The store to build the terms in (default: the default store). */
  readonly store?: TermStore;
}

/**
 * Numeric constant terms: exact integers and rationals, floats, optionally edge and non-finite
 * floats. Shrinks towards small integers.
 *
 * @example
 * fc.assert(fc.property(constantArb({ floats: false }), (c) => numIsExact(c.value)));
 * constantArb({ edgeFloats: true, rationals: false });
 */
export function constantArb(opts: ConstantOptions = {}): fc.Arbitrary<Term> {
  const store = opts.store ?? defaultStore;
  const parts: fc.WeightedArbitrary<Term>[] = [];
  const ints = opts.integers ?? { min: -5, max: 5 };
  if (ints !== false) {
    checkRange(ints.min, ints.max, 'constants.integers', true);
    parts.push({ weight: 3, arbitrary: fc.integer({ min: ints.min, max: ints.max }).map((n) => store.number(rational(n))) });
  }
  const rats = opts.rationals ?? { maxNumerator: 9, maxDenominator: 9 };
  if (rats !== false) {
    checkRange(1, rats.maxNumerator, 'constants.rationals.maxNumerator', true);
    checkRange(2, rats.maxDenominator, 'constants.rationals.maxDenominator', true);
    parts.push({
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: -rats.maxNumerator, max: rats.maxNumerator }), fc.integer({ min: 2, max: rats.maxDenominator }))
        .map(([n, d]) => store.number(rational(n, d))),
    });
  }
  const floats = opts.floats ?? { min: -10, max: 10 };
  if (floats !== false) {
    checkRange(floats.min, floats.max, 'constants.floats', false);
    parts.push({ weight: 2, arbitrary: fc.double({ min: floats.min, max: floats.max, noNaN: true, noDefaultInfinity: true }).map((x) => store.number(x)) });
  }
  const special = [...(opts.edgeFloats === true ? EDGE_FLOATS : []), ...(opts.nonFinite === true ? NON_FINITE_FLOATS : [])];
  if (special.length > 0) parts.push({ weight: 1, arbitrary: fc.constantFrom(...special).map((x) => store.number(x)) });
  if (parts.length === 0) throw new RangeError('constantArb: every kind of constant is turned off');
  return fc.oneof(...parts);
}

/**
 * Variable terms drawn from `names` (shrinking towards the first name).
 *
 * @example
 * variableArb(['x', 'y']);   // x or y
 */
export function variableArb(names: readonly string[], store: TermStore = defaultStore): fc.Arbitrary<Term> {
  if (!Array.isArray(names) || names.length === 0) throw new RangeError('variableArb: expected a non-empty list of variable names');
  names.forEach((n, i) => {
    if (typeof n !== 'string' || n.length === 0) throw new RangeError(`variableArb: names[${i}] is not a non-empty string`);
  });
  return fc.constantFrom(...names).map((n) => store.symbol(n));
}

/**
 * Options of {@link expressionArb}.
 *
 * @example
 * const opts: ExpressionOptions = { operators: ['add', 'mul', 'exp'], variables: ['t'], maxDepth: 3, constants: { floats: false } };
 */
export interface ExpressionOptions {
  /** Operator names (default {@link SR_OPERATORS}); nullary ones (`pi`) become leaves. */
  readonly operators?: readonly string[];
  /** Variable names (default `['x0', 'x1', 'x2']`; `[]` for constant expressions). */
  readonly variables?: readonly string[];
  /** Constants (default: see {@link ConstantOptions}); `false` for none. */
  readonly constants?: Omit<ConstantOptions, 'store'> | false;
  /** Maximal nesting depth of calls (default 5; 0 gives leaves only). */
  readonly maxDepth?: number;
  /** Maximal argument count of `add`/`mul` (default 3, at least 2). */
  readonly maxArity?: number;
  /** fast-check's size of the depth bias (default 'small': most terms are a few nodes). */
  readonly depthSize?: fc.DepthSize;
  /** Relative weights of the kinds of node (default variable 4, constant 2, unary 2, binary 3). */
  readonly weights?: { readonly variable?: number; readonly constant?: number; readonly unary?: number; readonly binary?: number };
  /** The store to build the terms in (default: the default store). */
  readonly store?: TermStore;
}

/**
 * Random expressions over the given operators, variables and constants, at most `maxDepth`
 * calls deep. Terms are built plainly (nothing is normalized), so `x0 - x0` and `1*x1` occur,
 * as they do in an SR population.
 *
 * @example
 * const expr = expressionArb({ operators: ['add', 'mul', 'sin'], variables: ['x'], maxDepth: 3 });
 * fc.assert(fc.property(expr, (t) => parse(format(t)) === t));
 */
export function expressionArb(opts: ExpressionOptions = {}): fc.Arbitrary<Term> {
  const store = opts.store ?? defaultStore;
  const operators = opts.operators ?? SR_OPERATORS;
  const variables = opts.variables ?? ['x0', 'x1', 'x2'];
  const maxDepth = opts.maxDepth ?? 5;
  const maxArity = opts.maxArity ?? 3;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new RangeError(`expressionArb: maxDepth must be a non-negative integer, got ${maxDepth}`);
  if (!Number.isInteger(maxArity) || maxArity < 2) throw new RangeError(`expressionArb: maxArity must be an integer >= 2, got ${maxArity}`);
  const nullary: string[] = [];
  const unary: string[] = [];
  const binary: string[] = [];
  const variadic: string[] = [];
  operators.forEach((op, i) => {
    const info = OPERATORS.get(op);
    if (info === undefined) throw new RangeError(`expressionArb: operators[${i}] '${op}' is not a known operator (see OPERATORS)`);
    if (info.arity === VARIADIC) variadic.push(op);
    else if (info.arity === 0) nullary.push(op);
    else if (info.arity === 1) unary.push(op);
    else if (info.arity === 2) binary.push(op);
    else throw new RangeError(`expressionArb: operator '${op}' has arity ${info.arity}; only arities 0, 1, 2 and variadic are generated`);
  });
  const w = { variable: 4, constant: 2, unary: 2, binary: 3, ...opts.weights };

  const leaves: fc.WeightedArbitrary<Term>[] = [];
  if (variables.length > 0) leaves.push({ weight: w.variable, arbitrary: variableArb(variables, store) });
  if (opts.constants !== false) leaves.push({ weight: w.constant, arbitrary: constantArb({ ...opts.constants, store }) });
  if (nullary.length > 0) leaves.push({ weight: 1, arbitrary: fc.constantFrom(...nullary).map((op) => store.call(op, [])) });
  if (leaves.length === 0) throw new RangeError('expressionArb: no leaves: give variables, constants or a nullary operator');
  const leaf = leaves.length === 1 ? leaves[0].arbitrary : fc.oneof(...leaves);

  const { expr } = fc.letrec<{ expr: Term }>((tie) => {
    const sub = tie('expr');
    // The leaf comes first: at maxDepth, and when shrinking, fast-check falls back to it.
    const branches: fc.WeightedArbitrary<Term>[] = [{ weight: w.variable + w.constant, arbitrary: leaf }];
    if (unary.length > 0) {
      branches.push({ weight: w.unary, arbitrary: fc.tuple(fc.constantFrom(...unary), sub).map(([op, a]) => store.call(op, [a])) });
    }
    if (binary.length > 0) {
      branches.push({ weight: w.binary, arbitrary: fc.tuple(fc.constantFrom(...binary), sub, sub).map(([op, a, b]) => store.call(op, [a, b])) });
    }
    if (variadic.length > 0) {
      const args = fc.array(sub, { minLength: 2, maxLength: maxArity });
      branches.push({ weight: w.binary, arbitrary: fc.tuple(fc.constantFrom(...variadic), args).map(([op, as]) => store.call(op, as)) });
    }
    // Wrapped at every level, so nested calls shrink to their arguments too.
    return { expr: new SubtermShrinking(fc.oneof({ maxDepth, depthSize: opts.depthSize ?? 'small', withCrossShrink: true }, ...branches), store) };
  });
  return expr;
}

/**
 * Shrinks that work on any term, with or without fast-check's context: first replace the term
 * by one of its arguments, then drop an argument of add/mul, then shrink one argument in place
 * (recursively, the same way). So a failing `-sin(0) + x0 + 0` shrinks to `sin(0)`, and a
 * subterm reached that way keeps shrinking (fast-check's own shrinks need the context of the
 * generated value, which a subterm does not have). The inner arbitrary's shrinks follow for
 * values it generated.
 */
class SubtermShrinking extends fc.Arbitrary<Term> {
  constructor(
    private readonly inner: fc.Arbitrary<Term>,
    private readonly store: TermStore,
  ) {
    super();
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<Term> {
    return this.inner.generate(mrng, biasFactor);
  }
  canShrinkWithoutContext(value: unknown): value is Term {
    return value instanceof Term;
  }
  shrink(value: Term, context: unknown): fc.Stream<fc.Value<Term>> {
    const own = this.structural(value);
    return context === undefined ? own : own.join(this.inner.shrink(value, context));
  }
  private structural(t: Term): fc.Stream<fc.Value<Term>> {
    const args = t.args;
    if (args.length === 0) return fc.Stream.nil();
    const made = (xs: readonly Term[]) => new fc.Value(this.store.call(t.op, xs), undefined);
    const positions = () => fc.Stream.of(...args.map((_, i) => i));
    const toArgs = fc.Stream.of(...[...new Set(args)].map((a) => new fc.Value(a, undefined)));
    const drops =
      OPERATORS.get(t.op)?.arity === VARIADIC && args.length > 2 ? positions().map((i) => made(args.filter((_, j) => j !== i))) : fc.Stream.nil<fc.Value<Term>>();
    const inPlace = positions().flatMap((i) =>
      this.structural(args[i]).map((v) => {
        const copy = args.slice();
        copy[i] = v.value;
        return made(copy);
      }),
    );
    return toArgs.join(drops, inPlace);
  }
}

function checkRange(min: number, max: number, what: string, integers: boolean): void {
  const ok = integers ? Number.isSafeInteger(min) && Number.isSafeInteger(max) : Number.isFinite(min) && Number.isFinite(max);
  if (!ok || min > max) throw new RangeError(`${what}: expected ${integers ? 'integers' : 'finite numbers'} with min <= max, got ${min}..${max}`);
}
