/**
 * The contract every `TermOps<T>` implementation must satisfy (STYLE.md item 2, after
 * fast-check's ArbitraryAssertions: one set of assertions, run against every implementation).
 * Rewriters, printers, evaluate and the e-graph touch terms only through `TermOps`, so a
 * representation that passes this suite works with all of them.
 *
 * Usage, one line per representation (see test/termOps.test.ts):
 *
 *   termOpsContract('default store', termOps, { construction: 'plain', hashConsed: true });
 *
 * Terms are generated as specs (a plain JS expression tree with numbers, symbols and calls of
 * every built-in operator), built through `ops`, and checked: the three kinds are exclusive;
 * symbols and numbers round-trip (exact stays exact); make() agrees with its arguments (exactly
 * for plain construction, in value for normalizing construction); rebuilding from op/args gives
 * an equal term; equals/hash agree; hash-consed reps return the same object for equal builds;
 * 100,000-deep terms build, walk, compare and evaluate without overflowing the stack.
 *
 * Numeric comparisons skip points where the input is not a real number (any intermediate value
 * NaN or infinite), and allow a rounding error relative to the largest intermediate magnitude.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Num,
  type TermOps,
  applyOperator,
  evaluate,
  integer,
  numEquals,
  numIsExact,
  numToNumber,
  rational,
  termEquals,
} from '@symx/core';

export interface TermOpsContractOptions {
  /**
   * 'plain': make(op, args) is exactly the call op(args). 'normalizing': make may rewrite it to
   * any term of equal value (the normal form collects x + x into 2*x).
   */
  construction: 'plain' | 'normalizing';
  /** True when structurally equal terms are one object (`===`). */
  hashConsed: boolean;
  /** Runs per property (default 200). */
  numRuns?: number;
  /** Nesting depth of the depth-safety tests (default 100,000). */
  deep?: number;
}

/** A term description independent of any representation. */
export type Spec =
  | { readonly t: 'num'; readonly v: Num }
  | { readonly t: 'sym'; readonly name: string }
  | { readonly t: 'call'; readonly op: string; readonly args: readonly Spec[] };

const VARS = ['x', 'y', 'z'] as const;
type Env = Record<(typeof VARS)[number], number>;

const numberArb: fc.Arbitrary<Num> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -5, max: 5 }).map((n) => integer(n)) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: 1, max: 6 })).map(([n, d]) => rational(n, d)) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, -1.25, 2.0, 3.75, 1e-3) },
);

const exponentArb: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }).map((n): Spec => ({ t: 'num', v: integer(n) })) },
  { weight: 2, arbitrary: fc.constantFrom(rational(1, 2), rational(-1, 2), rational(1, 3), rational(3, 2)).map((v): Spec => ({ t: 'num', v })) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, 2.0).map((v): Spec => ({ t: 'num', v })) },
  { weight: 1, arbitrary: fc.constantFrom(...VARS).map((name): Spec => ({ t: 'sym', name })) },
);

const UNARY = ['neg', 'sin', 'cos', 'exp', 'log', 'sqrt', 'abs', 'atan', 'tanh'] as const;
const BINARY = ['sub', 'div', 'min', 'max'] as const;

/** Random specs of every operator, depth about 4. */
export const specArb: fc.Arbitrary<Spec> = fc.letrec<{ spec: Spec; call: Spec }>((tie) => ({
  spec: fc.oneof(
    { depthSize: 'small', maxDepth: 4, depthIdentifier: 'spec' },
    numberArb.map((v): Spec => ({ t: 'num', v })),
    fc.constantFrom(...VARS).map((name): Spec => ({ t: 'sym', name })),
    tie('call'),
    tie('call'),
  ),
  call: fc.oneof(
    fc
      .tuple(fc.constantFrom('add', 'mul'), fc.array(tie('spec'), { minLength: 2, maxLength: 3 }))
      .map(([op, args]): Spec => ({ t: 'call', op, args })),
    fc.tuple(fc.constantFrom(...BINARY), tie('spec'), tie('spec')).map(([op, a, b]): Spec => ({ t: 'call', op, args: [a, b] })),
    fc.tuple(fc.constantFrom(...UNARY), tie('spec')).map(([op, a]): Spec => ({ t: 'call', op, args: [a] })),
    fc.tuple(tie('spec'), exponentArb).map(([a, e]): Spec => ({ t: 'call', op: 'pow', args: [a, e] })),
    fc.constant<Spec>({ t: 'call', op: 'pi', args: [] }),
  ),
})).spec;

/** A call spec (the node under test for make). */
const callSpecArb: fc.Arbitrary<Extract<Spec, { t: 'call' }>> = specArb.filter((s): s is Extract<Spec, { t: 'call' }> => s.t === 'call');

/** Coordinates of moderate size. No subnormals: 1/x overflows there, and a normalizing rep
 * may write y/x as y·x^-1. */
const coordinate = (min: number, max: number): fc.Arbitrary<number> =>
  fc.double({ min, max, noNaN: true }).map((v) => (Math.abs(v) < 1e-6 ? 0 : v));

const envArb: fc.Arbitrary<Env> = fc.record({
  x: coordinate(-3, 3),
  y: coordinate(-3, 3),
  z: coordinate(0.05, 3),
});

/** Builds a spec through `ops` (post-order, iterative). */
export function build<T>(ops: TermOps<T>, spec: Spec): T {
  const done = new Map<Spec, T>();
  const stack: Spec[] = [spec];
  while (stack.length > 0) {
    const s = stack[stack.length - 1];
    if (done.has(s)) {
      stack.pop();
      continue;
    }
    if (s.t === 'num') done.set(s, ops.number(s.v));
    else if (s.t === 'sym') done.set(s, ops.symbol(s.name));
    else {
      const pending = s.args.filter((a) => !done.has(a));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      done.set(s, ops.make(s.op, s.args.map((a) => done.get(a)!)));
    }
    stack.pop();
  }
  return done.get(spec)!;
}

/** Value of a spec and the largest magnitude of any intermediate value (NaN if undefined). */
function evalSpec(spec: Spec, env: Env): { value: number; magnitude: number } {
  let magnitude = 0;
  const go = (s: Spec): number => {
    let v: number;
    if (s.t === 'num') v = numToNumber(s.v);
    else if (s.t === 'sym') v = env[s.name as keyof Env];
    else {
      const a = s.args.map(go);
      v = applyOperator(s.op, a);
      // A sum that cancels to a tiny non-zero value is float noise: exact arithmetic (the normal
      // form's) may rightly give 0 there, and 0^y or 1/0 then differs from the noisy reference.
      // Such points say nothing about the representation, so they count as undefined.
      if ((s.op === 'add' || s.op === 'sub') && v !== 0 && Math.abs(v) < 1e-9 * Math.max(...a.map(Math.abs))) {
        magnitude = NaN;
      }
    }
    magnitude = Number.isFinite(v) && !Number.isNaN(magnitude) ? Math.max(magnitude, Math.abs(v)) : NaN;
    return v;
  };
  const value = go(spec);
  return { value, magnitude };
}

/** Every distinct subterm reachable through op/args (iterative). */
function subterms<T>(ops: TermOps<T>, t: T): T[] {
  const out: T[] = [];
  const seen = new Set<T>();
  const stack: T[] = [t];
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (seen.has(u)) continue;
    seen.add(u);
    out.push(u);
    if (ops.isCall(u)) for (const a of ops.args(u)) stack.push(a);
  }
  return out;
}

/** Close enough given rounding in intermediate values of size `magnitude`. */
function close(expected: number, actual: number, magnitude: number): boolean {
  if (Object.is(expected, actual)) return true;
  return Math.abs(expected - actual) <= 1e-7 * (1 + magnitude + Math.abs(expected));
}

function definedOnReals(r: { value: number; magnitude: number }): boolean {
  return Number.isFinite(r.value) && Number.isFinite(r.magnitude);
}

export function termOpsContract<T>(name: string, ops: TermOps<T>, options: TermOpsContractOptions): void {
  const numRuns = options.numRuns ?? 200;
  const deep = options.deep ?? 100_000;
  const plain = options.construction === 'plain';
  const eq = (a: T, b: T): boolean => termEquals(ops, a, b);

  describe(`TermOps contract: ${name}`, () => {
    it('every term is exactly one of call, number, symbol', () => {
      fc.assert(
        fc.property(specArb, (spec) => {
          for (const u of subterms(ops, build(ops, spec))) {
            const kinds = Number(ops.isCall(u)) + Number(ops.isNumber(u)) + Number(ops.isSymbol(u));
            expect(kinds).toBe(1);
            if (ops.isCall(u)) expect(typeof ops.op(u)).toBe('string');
          }
        }),
        { numRuns },
      );
    });

    it('symbol(name) round-trips', () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), (n) => {
          const s = ops.symbol(n);
          expect(ops.isSymbol(s)).toBe(true);
          expect(ops.isCall(s) || ops.isNumber(s)).toBe(false);
          expect(ops.symbolName(s)).toBe(n);
          expect(eq(s, ops.symbol(n))).toBe(true);
          if (options.hashConsed) expect(ops.symbol(n)).toBe(s);
        }),
        { numRuns },
      );
    });

    it('number(v) round-trips and exact stays exact', () => {
      const anyNumber: fc.Arbitrary<Num> = fc.oneof(
        fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 20n })).map(([n, d]) => rational(n, d)),
        fc.double(),
      );
      fc.assert(
        fc.property(anyNumber, (v) => {
          const t = ops.number(v);
          expect(ops.isNumber(t)).toBe(true);
          expect(ops.isCall(t) || ops.isSymbol(t)).toBe(false);
          const back = ops.numberValue(t);
          expect(numIsExact(back)).toBe(numIsExact(v));
          expect(numEquals(back, v)).toBe(true);
          expect(eq(t, ops.number(v))).toBe(true);
          if (options.hashConsed) expect(ops.number(v)).toBe(t);
        }),
        { numRuns },
      );
    });

    it(plain ? 'make(op, args) is exactly the call op(args)' : 'make(op, args) has the value of op applied to args', () => {
      let compared = 0;
      fc.assert(
        fc.property(callSpecArb, envArb, (spec, env) => {
          const args = spec.args.map((a) => build(ops, a));
          const t = ops.make(spec.op, args);
          if (plain) {
            expect(ops.isCall(t)).toBe(true);
            expect(ops.op(t)).toBe(spec.op);
            const got = ops.args(t);
            expect(got.length).toBe(args.length);
            for (let i = 0; i < args.length; i++) expect(eq(got[i], args[i])).toBe(true);
            return;
          }
          const expected = evalSpec(spec, env);
          if (!definedOnReals(expected)) return;
          const actual = evaluate(t, env, ops);
          if (!close(expected.value, actual, expected.magnitude))
            throw new Error(`make('${spec.op}', ...) = ${String(t)}: expected ${expected.value}, got ${actual} at ${JSON.stringify(env)}`);
          compared++;
        }),
        { numRuns },
      );
      if (!plain) expect(compared).toBeGreaterThan(numRuns / 5); // the check is not vacuous
    });

    it('a built term evaluates like its spec', () => {
      let compared = 0;
      fc.assert(
        fc.property(specArb, envArb, (spec, env) => {
          const t = build(ops, spec);
          const expected = evalSpec(spec, env);
          const actual = evaluate(t, env, ops);
          if (plain) {
            expect(Object.is(actual, expected.value) || (Number.isNaN(actual) && Number.isNaN(expected.value))).toBe(true);
          } else if (definedOnReals(expected)) {
            if (!close(expected.value, actual, expected.magnitude))
              throw new Error(`${String(t)}: expected ${expected.value}, got ${actual} at ${JSON.stringify(env)}`);
            compared++;
          }
        }),
        { numRuns },
      );
      if (!plain) expect(compared).toBeGreaterThan(numRuns / 5);
    });

    if (ops.sortedArgs) {
      const sortedArgs = ops.sortedArgs.bind(ops);
      it('sortedArgs is a permutation of args', () => {
        fc.assert(
          fc.property(specArb, (spec) => {
            for (const u of subterms(ops, build(ops, spec))) {
              if (!ops.isCall(u)) continue;
              const rest = [...ops.args(u)];
              for (const a of sortedArgs(u)) {
                const k = rest.findIndex((b) => eq(a, b));
                expect(k).toBeGreaterThanOrEqual(0);
                rest.splice(k, 1);
              }
              expect(rest.length).toBe(0);
            }
          }),
          { numRuns },
        );
      });
    }

    it('rebuilding a call from its op and args gives an equal term', () => {
      fc.assert(
        fc.property(specArb, (spec) => {
          for (const u of subterms(ops, build(ops, spec))) {
            if (!ops.isCall(u)) continue;
            const again = ops.make(ops.op(u), ops.args(u));
            if (!eq(again, u)) throw new Error(`make(op(t), args(t)) ≠ t for t = ${String(u)}: got ${String(again)}`);
            if (options.hashConsed) expect(again).toBe(u);
          }
        }),
        { numRuns },
      );
    });

    it('equals and hash agree', () => {
      fc.assert(
        fc.property(specArb, specArb, (s1, s2) => {
          const a = build(ops, s1);
          const a2 = build(ops, s1);
          const b = build(ops, s2);
          expect(eq(a, a)).toBe(true);
          expect(eq(a, a2)).toBe(true);
          expect(eq(a, b)).toBe(eq(b, a));
          if (ops.hash) {
            expect(ops.hash(a)).toBe(ops.hash(a2));
            if (eq(a, b)) expect(ops.hash(a)).toBe(ops.hash(b));
          }
          if (options.hashConsed) expect(a2).toBe(a);
          if (plain) expect(eq(a, b)).toBe(specEquals(s1, s2));
        }),
        { numRuns },
      );
    });

    if (options.hashConsed) {
      it('make with equal arguments returns the same object', () => {
        fc.assert(
          fc.property(callSpecArb, (spec) => {
            const t1 = ops.make(spec.op, spec.args.map((a) => build(ops, a)));
            const t2 = ops.make(spec.op, spec.args.map((a) => build(ops, a)));
            expect(t2).toBe(t1);
          }),
          { numRuns },
        );
      });
    }

    it('rejects unknown operators and wrong argument counts', () => {
      const x = ops.symbol('x');
      expect(() => ops.make('no_such_operator', [x])).toThrow(/no_such_operator/);
      expect(() => ops.make('sin', [x, x])).toThrow(/sin/);
    });

    it(`builds, walks, compares and evaluates ${deep.toLocaleString('en')}-deep terms through the interface`, () => {
      const deepSin = (): T => {
        let t = ops.symbol('x');
        for (let i = 0; i < deep; i++) t = ops.make('sin', [t]);
        return t;
      };
      const a = deepSin();
      let depth = 1;
      for (let u = a; ops.isCall(u); u = ops.args(u)[0]) depth++;
      expect(depth).toBe(deep + 1);
      let expected = 0.5;
      for (let i = 0; i < deep; i++) expected = Math.sin(expected);
      expect(evaluate(a, { x: 0.5 }, ops)).toBe(expected);
      const b = deepSin();
      expect(eq(a, b)).toBe(true);
      if (ops.hash) expect(ops.hash(a)).toBe(ops.hash(b));
      if (options.hashConsed) expect(b).toBe(a);
      expect(subterms(ops, a).length).toBe(deep + 1);
    }, 60_000);
  });
}

function specEquals(a: Spec, b: Spec): boolean {
  if (a.t !== b.t) return false;
  if (a.t === 'num') return numEquals(a.v, (b as typeof a).v);
  if (a.t === 'sym') return a.name === (b as typeof a).name;
  const bc = b as typeof a;
  return a.op === bc.op && a.args.length === bc.args.length && a.args.every((x, i) => specEquals(x, bc.args[i]));
}
