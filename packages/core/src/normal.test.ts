import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NK_ADD,
  NK_CALL,
  NK_MUL,
  NK_NUMBER,
  NK_POW,
  type NTerm,
  NormalStore,
  defaultNormalStore,
  fromNormal,
  normalOps as N,
  normalStoreOps,
  toNormal,
} from './normal.js';
import {
  type Term,
  TermStore,
  StaleTermError,
  TermError,
  abs,
  add,
  call,
  defaultStore,
  div,
  float,
  int,
  mul,
  neg,
  num,
  pow,
  rat,
  sin,
  sqrt,
  sub,
  sym,
  termOps,
} from './terms.js';
import { type Num, type Rational, integer, numAdd, numDiv, numIsExact, numMul, numNeg, numPowInt, rational } from './numbers.js';
import { evaluate } from './evaluate.js';
import type { TermOps } from './term.js';
import { toNormalImpl } from './internal/normal/convert.js';

const x = sym('x');
const y = sym('y');
const z = sym('z');

/** The plain form of the normal form: compared with `===` (the default store hash-conses). */
const nf = (t: Term): Term => fromNormal(toNormal(t));

describe('collection', () => {
  const cases: [string, Term, Term][] = [
    ['x + x', add(x, x), mul(int(2), x)],
    ['2x + 3x', add(mul(int(2), x), mul(int(3), x)), mul(int(5), x)],
    ['x * x', mul(x, x), pow(x, int(2))],
    ['x * x^-1', mul(x, pow(x, int(-1))), int(1)],
    ['x / x', div(x, x), int(1)],
    ['x - x', sub(x, x), int(0)],
    ['(x*y)^2', pow(mul(x, y), int(2)), mul(pow(x, int(2)), pow(y, int(2)))],
    ['1/3 + 1/6', add(rat(1, 3), rat(1, 6)), rat(1, 2)],
    ['0.5 + 1/2 is the float 1.0', add(float(0.5), rat(1, 2)), float(1)],
    ['sqrt(x)^2', pow(sqrt(x), int(2)), x],
    ['sqrt(x) * sqrt(x)', mul(sqrt(x), sqrt(x)), x],
    ['(x^2)^(1/2) is |x|', pow(pow(x, int(2)), rat(1, 2)), abs(x)],
    ['sqrt(x^2) is |x|', sqrt(pow(x, int(2))), abs(x)],
    ['(x^4)^(1/2) is x^2', sqrt(pow(x, int(4))), pow(x, int(2))],
    ['(x^6)^(1/2) is |x|^3, written x^2*|x|', sqrt(pow(x, int(6))), mul(pow(x, int(2)), abs(x))],
    ['|x|^-1 is x^-2*|x|', pow(abs(x), int(-1)), div(abs(x), pow(x, int(2)))],
    ['2^(3/2) is 2*sqrt(2)', pow(int(2), rat(3, 2)), mul(int(2), sqrt(int(2)))],
    ['1/sqrt(2) is sqrt(2)/2', div(int(1), sqrt(int(2))), div(sqrt(int(2)), int(2))],
    ['sqrt(x*y)^3 is x*y*sqrt(x*y)', pow(sqrt(mul(x, y)), int(3)), mul(x, y, sqrt(mul(x, y)))],
    ['(x^3)^(1/3) is x', pow(pow(x, int(3)), rat(1, 3)), x],
    ['|x| * |x| is x^2', mul(abs(x), abs(x)), pow(x, int(2))],
    ['sqrt(x*y) stays whole', sqrt(mul(x, y)), sqrt(mul(x, y))],
    ['sqrt(x*y)^2 is x*y', pow(sqrt(mul(x, y)), int(2)), mul(x, y)],
    ['sqrt(x*y) * sqrt(x*y) / x is y', div(mul(sqrt(mul(x, y)), sqrt(mul(x, y))), x), y],
    ['sqrt(4*x) is 2*sqrt(x)', sqrt(mul(int(4), x)), mul(int(2), sqrt(x))],
    ['sqrt(-x) stays whole', sqrt(neg(x)), sqrt(neg(x))],
    ['sqrt(4/9) is 2/3', sqrt(rat(4, 9)), rat(2, 3)],
    ['8^(1/3) is 2', pow(int(8), rat(1, 3)), int(2)],
    ['(-8)^(1/3) stays (NaN, as Math.pow)', pow(int(-8), rat(1, 3)), pow(int(-8), rat(1, 3))],
    ['sqrt(2) * sqrt(2) is 2', mul(sqrt(int(2)), sqrt(int(2))), int(2)],
    ['0 * x/0 is 0 (a positive power of 0 decides)', mul(int(0), div(x, int(0))), int(0)],
    ['2 * (x + 1) distributes', mul(int(2), add(x, int(1))), add(mul(int(2), x), int(2))],
    ['-(x - y) is y - x', neg(sub(x, y)), sub(y, x)],
    ['x - (x - y) is y', sub(x, sub(x, y)), y],
    ['x*y - y*x is 0', sub(mul(x, y), mul(y, x)), int(0)],
    ['(x + 1)*(x + 1) is (x + 1)^2 (no expansion)', mul(add(x, int(1)), add(x, int(1))), pow(add(x, int(1)), int(2))],
    ['x^y * x^-y is 1', mul(pow(x, y), pow(x, neg(y))), int(1)],
    ['x^y * x stays x*x^y (exact and symbolic exponents kept apart)', mul(pow(x, y), x), mul(x, pow(x, y))],
    ['x^(y+1) * x^-y is x', mul(pow(x, add(y, int(1))), pow(x, neg(y))), x],
    ['x^y * x^z is x^(y + z)', mul(pow(x, y), pow(x, z)), pow(x, add(y, z))],
    ['(x^y)^2 is x^(2y)', pow(pow(x, y), int(2)), pow(x, mul(int(2), y))],
    ['(x^y)^(1/2) is |x|^(y/2)', sqrt(pow(x, y)), pow(abs(x), div(y, int(2)))],
    ['(x^2)^y stays', pow(pow(x, int(2)), y), pow(pow(x, int(2)), y)],
    ['1^y is 1', pow(int(1), y), int(1)],
    ['x^0 is 1', pow(x, int(0)), int(1)],
    ['x^0.0 is the float 1.0', pow(x, float(0)), float(1)],
    ['0 * x is 0', mul(int(0), x), int(0)],
    ['1.5*x - 1.5*x is the float 0.0', sub(mul(float(1.5), x), mul(float(1.5), x)), float(0)],
    ['2.0 * 3 is the float 6.0', mul(float(2), int(3)), float(6)],
    ['2^0.5 folds as a float', pow(int(2), float(0.5)), float(Math.SQRT2)],
    ['x^0.5 stays a float power', pow(x, float(0.5)), pow(x, float(0.5))],
    ['neg is -1 times', neg(neg(x)), x],
    ['sin is not evaluated', sin(int(0)), sin(int(0))],
    ['arguments of calls are normalized', sin(add(x, x)), sin(mul(int(2), x))],
    ['abs of a number folds', abs(int(-3)), int(3)],
    ['abs(abs(x)) is abs(x)', abs(abs(x)), abs(x)],
    ['x/0 keeps 0^-1 visible', div(x, int(0)), div(x, int(0))],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      const got = nf(input);
      expect(got, `${String(toNormal(input))}`).toBe(expected);
    });
  }

  it('keeps the NF kinds of the design', () => {
    expect(toNormal(add(x, x)).kind).toBe(NK_MUL);
    expect(toNormal(add(x, y)).kind).toBe(NK_ADD);
    expect(toNormal(pow(x, y)).kind).toBe(NK_POW);
    expect(toNormal(sqrt(pow(x, int(2)))).kind).toBe(NK_CALL);
    expect(toNormal(add(rat(1, 3), rat(1, 6))).kind).toBe(NK_NUMBER);
    const s = toNormal(add(mul(int(3), x), mul(int(-2), y), int(7)));
    expect(s.value).toEqual(integer(7));
    expect(s.children.map(String)).toEqual(['x', 'y']);
    expect(s.nums).toEqual([integer(3), integer(-2)]);
  });

  it('gives exact results for exact input and float results once a float takes part', () => {
    const exact = toNormal(add(rat(1, 3), mul(rat(2, 3), int(1))));
    expect(numIsExact(exact.value)).toBe(true);
    expect(toNormal(add(rat(1, 3), float(0.25))).value).toBe(1 / 3 + 0.25);
    expect(numIsExact(toNormal(mul(float(1), x)).value)).toBe(false); // 1.0*x keeps its float 1.0
  });
});

describe('presentation through TermOps', () => {
  it('shows a coefficient as mul(c, t), x^-1 as pow(x, -1), a sum constant first', () => {
    const twoX = N.make('add', [N.symbol('x'), N.symbol('x')]);
    expect(N.op(twoX)).toBe('mul');
    expect(N.args(twoX).map(String)).toEqual(['2', 'x']);
    const inv = N.make('div', [N.number(integer(1)), N.symbol('x')]);
    expect(N.op(inv)).toBe('pow');
    expect(N.args(inv)).toEqual([N.symbol('x'), N.number(integer(-1))]);
    const s = toNormal(add(x, mul(int(-2), y), int(1)));
    expect(N.op(s)).toBe('add');
    expect(N.args(s).map(String)).toEqual(['1', 'x', '(-2)*y']);
  });

  it('presents canonical NF arguments: make(op(t), args(t)) === t for every subterm', () => {
    fc.assert(
      fc.property(floatExprArb, (t) => {
        const n = toNormal(t);
        const stack = [n];
        while (stack.length > 0) {
          const u = stack.pop()!;
          if (!N.isCall(u)) continue;
          expect(N.make(N.op(u), N.args(u))).toBe(u);
          stack.push(...N.args(u));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('rejects bad input with a clear error', () => {
    expect(() => N.make('frob', [N.symbol('x')])).toThrow(/unknown operator 'frob'/);
    expect(() => N.make('pow', [N.symbol('x')])).toThrow(/'pow' takes 2 arguments, got 1/);
    expect(() => N.op(N.symbol('x'))).toThrow(TermError);
    expect(() => N.make('sin', [x as unknown as NTerm])).toThrow(/not a normal-form term/);
    expect(() => normalStoreOps(new NormalStore()).make('sin', [N.symbol('x')])).toThrow(/another NormalStore/);
    expect(() => toNormal(N.symbol('x') as unknown as Term)).toThrow(/not a Term/);
  });
});

// ---- soundness --------------------------------------------------------------------------------

/** Exact value of a rational function at a rational point, undefined where it is undefined. */
function evalExact<T>(ops: TermOps<T>, t: T, env: Record<string, Rational>): Num | undefined {
  const go = (u: T): Num | undefined => {
    if (ops.isNumber(u)) return ops.numberValue(u);
    if (ops.isSymbol(u)) return env[ops.symbolName(u)];
    const vals: Num[] = [];
    for (const a of ops.args(u)) {
      const v = go(a);
      if (v === undefined) return undefined;
      vals.push(v);
    }
    const op = ops.op(u);
    try {
      switch (op) {
        case 'add':
          return vals.reduce(numAdd);
        case 'mul':
          return vals.reduce(numMul);
        case 'sub':
          return numAdd(vals[0], numNeg(vals[1]));
        case 'neg':
          return numNeg(vals[0]);
        case 'div':
          return numDiv(vals[0], vals[1]);
        case 'pow': {
          const e = vals[1] as Rational;
          if (e.d !== 1n) throw new Error(`non-integer exponent in ${String(u)}`);
          return numPowInt(vals[0], e.n);
        }
        default:
          throw new Error(`unexpected operator ${op}`);
      }
    } catch (e) {
      if (e instanceof Error && e.name === 'ExactArithmeticError') return undefined;
      throw e;
    }
  };
  return go(t);
}

/** Random rational functions of x and y with exact constants. */
const rationalExprArb: fc.Arbitrary<Term> = fc.letrec<{ e: Term }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    fc.constantFrom(x, y),
    fc.integer({ min: -3, max: 3 }).map(int),
    fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 1, max: 4 })).map(([n, d]) => rat(n, d)),
    fc.array(tie('e'), { minLength: 2, maxLength: 4 }).map((a) => add(...a)),
    fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((a) => mul(...a)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => sub(a, b)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => div(a, b)),
    tie('e').map(neg),
    fc.tuple(tie('e'), fc.integer({ min: -3, max: 3 })).map(([a, n]) => pow(a, int(n))),
  ),
})).e;

const rationalPointArb = fc.record({
  x: fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 1, max: 3 })).map(([n, d]) => rational(n, d)),
  y: fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 1, max: 3 })).map(([n, d]) => rational(n, d)),
});

/** Random expressions with roots, rational and symbolic powers, abs and calls. */
function exprArb(withFloats: boolean): fc.Arbitrary<Term> {
  const constants = withFloats ? [rat(1, 2), rat(-2, 3), float(0.5), float(-1.5)] : [rat(1, 2), rat(-2, 3)];
  const exponents = [int(2), int(3), int(-1), int(-2), rat(1, 2), rat(1, 3), rat(3, 2), rat(-1, 2), rat(2, 3), y, z];
  if (withFloats) exponents.push(float(0.5));
  return fc.letrec<{ e: Term }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      fc.constantFrom(x, y, z),
      fc.integer({ min: -3, max: 4 }).map(int),
      fc.constantFrom(...constants),
      fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((a) => add(...a)),
      fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((a) => mul(...a)),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => sub(a, b)),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => div(a, b)),
      tie('e').map(neg),
      tie('e').map(sqrt),
      tie('e').map(abs),
      tie('e').map(sin),
      fc.tuple(tie('e'), fc.constantFrom(...exponents)).map(([a, e]) => pow(a, e)),
    ),
  })).e;
}
const floatExprArb = exprArb(true);
const exactExprArb = exprArb(false);

/** Points of moderate size; no subnormals, whose products underflow and would fake a mismatch. */
const coordinate = (...special: number[]): fc.Arbitrary<number> =>
  fc.oneof(
    fc.double({ min: -4, max: 4, noNaN: true }).map((v) => (Math.abs(v) < 1e-6 ? 0 : v)),
    fc.constantFrom(...special),
  );
const floatPointArb = fc.record({
  x: coordinate(0, 1, -1, 2, -2),
  y: coordinate(0, 1, -1, 2, -2, 0.5),
  z: coordinate(0, 1, -1, 3),
});

/** Value of t and the largest magnitude of its intermediate values (NaN when one is not finite). */
function evalWithMagnitude(t: Term, env: Record<string, number>): { value: number; magnitude: number } {
  let magnitude = 0;
  const seen = new Set<Term>();
  const stack = [t];
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (seen.has(u)) continue;
    seen.add(u);
    const v = evaluate(u, env);
    magnitude = Number.isFinite(v) ? Math.max(magnitude, Math.abs(v)) : NaN;
    stack.push(...u.args);
  }
  return { value: evaluate(t, env), magnitude };
}

/**
 * The soundness criterion: where the input is a real number (every intermediate value finite),
 * the normal form must evaluate to the same number up to rounding. Elsewhere anything goes.
 * Returns whether the point was compared.
 */
function checkSound(t: Term, env: Record<string, number>): boolean {
  const orig = evalWithMagnitude(t, env);
  if (!Number.isFinite(orig.value) || !Number.isFinite(orig.magnitude)) return false;
  const n = toNormal(t);
  const tol = 1e-9 * (1 + orig.magnitude);
  for (const [how, v] of [
    ['NF via normalOps', evaluate(n, env, N)],
    ['fromNormal', evaluate(fromNormal(n), env)],
  ] as const) {
    if (!(Math.abs(v - orig.value) <= tol))
      throw new Error(`${how}: ${String(n)} = ${v} but the input = ${orig.value} at ${JSON.stringify(env)}`);
  }
  return true;
}

describe('soundness on the real domain of the input', () => {
  const ruleInstances: [string, Term][] = [
    ['x*x', mul(x, x)],
    ['x*x^-1', mul(x, pow(x, int(-1)))],
    ['x^2*x^-3', mul(pow(x, int(2)), pow(x, int(-3)))],
    ['sqrt(x)*sqrt(x)', mul(sqrt(x), sqrt(x))],
    ['x^(1/3)*x^(1/6)', mul(pow(x, rat(1, 3)), pow(x, rat(1, 6)))],
    ['(x^2)^(1/2)', pow(pow(x, int(2)), rat(1, 2))],
    ['(x^3)^(1/3)', pow(pow(x, int(3)), rat(1, 3))],
    ['(x^(1/2))^2', pow(sqrt(x), int(2))],
    ['(x^(2/3))^(3/2)', pow(pow(x, rat(2, 3)), rat(3, 2))],
    ['(x^-2)^(1/2)', sqrt(pow(x, int(-2)))],
    ['(x^6)^(1/4)', pow(pow(x, int(6)), rat(1, 4))],
    ['(x*y)^2', pow(mul(x, y), int(2))],
    ['(x*y)^-1', pow(mul(x, y), int(-1))],
    ['sqrt(x*y)', sqrt(mul(x, y))],
    ['sqrt(x*y)^2', pow(sqrt(mul(x, y)), int(2))],
    ['sqrt(x*y)*sqrt(x*y)/x', div(mul(sqrt(mul(x, y)), sqrt(mul(x, y))), x)],
    ['sqrt(x^2*y)', sqrt(mul(pow(x, int(2)), y))],
    ['sqrt(4*x^2)', sqrt(mul(int(4), pow(x, int(2))))],
    ['sqrt(-2*x)', sqrt(mul(int(-2), x))],
    ['sqrt(-x)^2', pow(sqrt(neg(x)), int(2))],
    ['(x^y)^2', pow(pow(x, y), int(2))],
    ['(x^y)^(1/2)', sqrt(pow(x, y))],
    ['(x^y)^(1/3)', pow(pow(x, y), rat(1, 3))],
    ['x^y*x^z', mul(pow(x, y), pow(x, z))],
    ['x^y*x', mul(pow(x, y), x)],
    ['x^(1/2)*x^y', mul(sqrt(x), pow(x, y))],
    ['x^y/x^y', div(pow(x, y), pow(x, y))],
    ['|x|^2', pow(abs(x), int(2))],
    ['|x|*|x|*x', mul(abs(x), abs(x), x)],
    ['|x|^3', pow(abs(x), int(3))],
    ['2*(x+1) - 2*x', sub(mul(int(2), add(x, int(1))), mul(int(2), x))],
    ['0*x/x', div(mul(int(0), x), x)],
    ['(x^2)^0.5', pow(pow(x, int(2)), float(0.5))],
    ['x^0.5*x^0.5', mul(pow(x, float(0.5)), pow(x, float(0.5)))],
    ['(2^x)^(1/2)', sqrt(pow(int(2), x))],
  ];
  for (const [name, t] of ruleInstances) {
    it(`${name} = ${String(toNormal(t))}`, () => {
      let compared = 0;
      fc.assert(
        fc.property(floatPointArb, (env) => {
          if (checkSound(t, env)) compared++;
        }),
        { numRuns: 150 },
      );
      expect(compared).toBeGreaterThan(0);
    });
  }

  it('random rational functions keep their exact value wherever they are defined', () => {
    let compared = 0;
    fc.assert(
      fc.property(rationalExprArb, rationalPointArb, (t, env) => {
        const expected = evalExact(termOps, t, env);
        if (expected === undefined) return;
        const n = toNormal(t);
        const viaOps = evalExact(N, n, env);
        const viaPlain = evalExact(termOps, fromNormal(n), env);
        if (viaOps === undefined || !(viaOps.toString() === expected.toString()) || viaPlain?.toString() !== expected.toString())
          throw new Error(`${String(n)} = ${viaOps} / ${viaPlain}, expected ${expected} at x=${env.x}, y=${env.y}`);
        compared++;
      }),
      { numRuns: 400 },
    );
    expect(compared).toBeGreaterThan(100);
  });

  it('random expressions with roots, powers and calls agree numerically wherever defined', () => {
    let compared = 0;
    fc.assert(
      fc.property(floatExprArb, floatPointArb, (t, env) => {
        if (checkSound(t, env)) compared++;
      }),
      { numRuns: 500 },
    );
    expect(compared).toBeGreaterThan(150);
  });
});

// ---- determinism ------------------------------------------------------------------------------

describe('determinism', () => {
  const termsArb = fc.array(floatExprArb, { minLength: 2, maxLength: 6 });

  it('shuffling the arguments of a sum or a product gives the same NF object', () => {
    fc.assert(
      fc.property(termsArb, fc.func(fc.integer()), (ts, key) => {
        const shuffled = ts.map((t, i) => [key(i), t] as const).sort((a, b) => a[0] - b[0]).map((p) => p[1]);
        expect(toNormal(add(...shuffled))).toBe(toNormal(add(...ts)));
        expect(toNormal(mul(...shuffled))).toBe(toNormal(mul(...ts)));
        const ns = ts.map((t) => toNormal(t));
        const nsShuffled = shuffled.map((t) => toNormal(t));
        expect(N.make('add', nsShuffled)).toBe(N.make('add', ns));
        expect(N.make('mul', nsShuffled)).toBe(N.make('mul', ns));
      }),
      { numRuns: 200 },
    );
  });

  it('grouping does not matter (exact coefficients): a fold equals the bulk sum and product', () => {
    // Excluded: division by an exact 0, undefined everywhere, where 0*x → 0 can meet a 0^-1
    // in one grouping and not in another.
    const dividesByZero = (n: NTerm): boolean => {
      const stack = [n];
      while (stack.length > 0) {
        const u = stack.pop()!;
        if (u.kind === NK_MUL && u.children.some((b) => b.kind === NK_NUMBER && b.value === integer(0))) return true;
        stack.push(...u.children);
      }
      return false;
    };
    fc.assert(
      fc.property(fc.array(exactExprArb, { minLength: 2, maxLength: 6 }), (ts) => {
        const ns = ts.map((t) => toNormal(t));
        fc.pre(!ns.some(dividesByZero));
        for (const op of ['add', 'mul']) {
          const bulk = N.make(op, ns);
          expect(ns.reduce((a, b) => N.make(op, [a, b]))).toBe(bulk);
          expect(ns.reduceRight((a, b) => N.make(op, [b, a]))).toBe(bulk);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on creation order or term ids: fresh stores fed in opposite orders agree', () => {
    fc.assert(
      fc.property(termsArb, (ts) => {
        const a = new NormalStore();
        const b = new NormalStore();
        const na = ts.map((t) => toNormal(t, a));
        const nb = [...ts].reverse().map((t) => toNormal(t, b)).reverse();
        const sumA = normalStoreOps(a).make('add', na);
        const sumB = normalStoreOps(b).make('add', [...nb].reverse());
        expect(fromNormal(sumA)).toBe(fromNormal(sumB));
        expect(String(sumA)).toBe(String(sumB));
        expect(sumA.hash).toBe(sumB.hash);
      }),
      { numRuns: 100 },
    );
  });
});

// ---- round trips ------------------------------------------------------------------------------

describe('round trips', () => {
  it('fromNormal(toNormal(t)) evaluates like t wherever t is defined', () => {
    fc.assert(
      fc.property(floatExprArb, floatPointArb, (t, env) => {
        checkSound(t, env); // compares evaluate(fromNormal(toNormal(t))) too
      }),
      { numRuns: 300 },
    );
  });

  it('toNormal(fromNormal(n)) === n', () => {
    fc.assert(
      fc.property(fc.oneof(floatExprArb, rationalExprArb), (t) => {
        const n = toNormal(t);
        const back = fromNormal(n);
        if (toNormal(back) !== n) throw new Error(`${String(n)} printed as ${String(toNormal(back))}`);
      }),
      { numRuns: 400 },
    );
  });

  it('the iterative conversion (large terms) agrees with the recursive one (small terms)', () => {
    fc.assert(
      fc.property(fc.oneof(exactExprArb, rationalExprArb), fc.oneof(exactExprArb, rationalExprArb), (a, b) => {
        const shared = add(mul(a, b), div(a, sub(b, a)), neg(add(a, a))); // a DAG with shared regions
        for (const t of [a, shared]) expect(toNormalImpl(t, defaultNormalStore, 0)).toBe(toNormal(t));
      }),
      { numRuns: 300 },
    );
  });

  it('fromNormal into another store', () => {
    const s = new TermStore();
    const t = fromNormal(toNormal(add(x, x, y)), s);
    expect(s.owns(t)).toBe(true);
    expect(evaluate(t, { x: 2, y: 3 }, { ...termOps, args: (u) => u.args, make: (op, a) => s.call(op, a) })).toBe(7);
  });

  it('prints naturally', () => {
    expect(nf(add(x, neg(y)))).toBe(sub(x, y));
    expect(nf(mul(x, pow(y, int(-1))))).toBe(div(x, y));
    expect(nf(mul(rat(2, 3), x))).toBe(div(mul(int(2), x), int(3)));
    expect(nf(mul(int(-1), x))).toBe(neg(x));
    expect(nf(sub(neg(x), y))).toBe(sub(neg(x), y));
    expect(nf(pow(x, rat(-1, 2)))).toBe(div(int(1), sqrt(x)));
    expect(nf(add(x, int(-1)))).toBe(sub(x, int(1)));
    expect(nf(mul(int(-3), x, pow(y, int(-2))))).toBe(div(mul(int(-3), x), pow(y, int(2))));
  });
});

// ---- scale and depth --------------------------------------------------------------------------

describe('depth and size', () => {
  it('converts 100,000-deep nesting both ways', () => {
    let t = x;
    for (let i = 0; i < 100_000; i++) t = sin(t);
    const n = toNormal(t);
    expect(n.depth).toBe(100_001);
    expect(fromNormal(n)).toBe(t);
    expect(String(n).length).toBeGreaterThan(400_000);
  }, 60_000);

  it('converts a 100,000-deep alternating sum/product nest', () => {
    let t: Term = x;
    for (let i = 0; i < 100_000; i++) t = i % 2 === 0 ? add(y, t) : mul(y, t);
    const n = toNormal(t);
    expect(n.depth).toBeGreaterThan(50_000);
    expect(toNormal(fromNormal(n))).toBe(n);
  }, 60_000);

  it('builds sums of 100,000 distinct terms in bulk, however they are nested', () => {
    const vars = Array.from({ length: 100_000 }, (_, i) => sym(`v${i}`));
    const flat = toNormal(defaultStore.call('add', vars));
    expect(flat.kind).toBe(NK_ADD);
    expect(flat.children.length).toBe(100_000);
    let chain: Term = vars[0];
    for (let i = 1; i < vars.length; i++) chain = i % 3 === 0 ? sub(chain, vars[i]) : add(chain, vars[i]);
    const fromChain = toNormal(chain);
    expect(fromChain.children.length).toBe(100_000);
    let right: Term = vars[vars.length - 1];
    for (let i = vars.length - 2; i >= 0; i--) right = add(vars[i], right);
    expect(toNormal(right)).toBe(flat);
    expect(toNormal(fromNormal(fromChain))).toBe(fromChain);
    const viaMake = N.make('add', vars.map((v) => toNormal(v)));
    expect(viaMake).toBe(flat);
  }, 60_000);

  it('builds products of 100,000 factors in bulk', () => {
    let chain: Term = x;
    for (let i = 1; i < 100_000; i++) chain = i % 2 === 0 ? mul(chain, sym(`v${i % 1000}`)) : div(chain, x);
    const n = toNormal(chain);
    expect(n.kind).toBe(NK_MUL);
    expect(n.children.length).toBe(1000 - 500 + 1); // the even-index variables and x
  }, 60_000);

  it('converts a DAG by its size, not its unfolded size', () => {
    let t: Term = x;
    for (let i = 0; i < 200; i++) t = add(t, t);
    let p: Term = y;
    for (let i = 0; i < 200; i++) p = mul(p, p);
    const n = toNormal(add(t, p));
    expect(n.nums[0]).toEqual(integer(2n ** 200n));
    expect(String(n)).toContain(`y^${2n ** 200n}`);
  });
});

// ---- reclamation ------------------------------------------------------------------------------

describe('reclamation', () => {
  it('scope releases temporaries and keeps the result', () => {
    const s = new NormalStore();
    const ops = normalStoreOps(s);
    const xs = ops.symbol('x');
    const before = s.stats().live;
    const kept = s.scope(() => {
      let acc = xs;
      for (let i = 0; i < 100; i++) acc = ops.make('add', [acc, ops.make('mul', [ops.number(integer(i)), xs])]);
      return acc;
    });
    expect(String(kept)).toBe('4951*x');
    expect(s.stats().live).toBeLessThan(before + 10);
    expect(ops.make('add', [kept, xs])).toBe(ops.make('mul', [ops.number(integer(4952)), xs]));
  });

  it('a released term is dead: building with it throws StaleTermError', () => {
    const s = new NormalStore();
    const ops = normalStoreOps(s);
    const m = s.mark();
    const t = ops.make('sin', [ops.symbol('q')]);
    s.release(m);
    expect(s.owns(t)).toBe(false);
    expect(() => ops.make('cos', [t])).toThrow(StaleTermError);
    expect(ops.make('sin', [ops.symbol('q')])).not.toBe(t);
  });

  it('forgets cached arguments that point at released terms', () => {
    const s = new NormalStore();
    const ops = normalStoreOps(s);
    const [xs, ys] = [ops.symbol('x'), ops.symbol('y')];
    const sum = ops.make('add', [xs, ys, ys]); // x + 2y: the product 2*y was never built
    const m = s.mark();
    const twoY = ops.args(sum)[1]; // built now, after the mark
    expect(String(twoY)).toBe('2*y');
    s.release(m, [sum]);
    expect(s.owns(twoY)).toBe(false);
    const again = ops.args(sum)[1];
    expect(s.owns(again)).toBe(true);
    expect(ops.make('add', [again, xs])).toBe(sum);
  });

  it('keeps the table consistent through random generations of builds and releases', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(floatExprArb, { minLength: 1, maxLength: 8 }), fc.boolean(), fc.nat()), { minLength: 1, maxLength: 8 }),
        (rounds) => {
          const s = new NormalStore(4);
          const ops = normalStoreOps(s);
          const survivors: NTerm[] = [];
          for (const [terms, release, pick] of rounds) {
            const m = s.mark();
            const built = terms.map((t) => toNormal(t, s));
            for (const b of built) if (ops.isCall(b)) ops.args(b); // fill caches too
            if (release) {
              const keep = built.filter((_, i) => (pick >> i) & 1);
              s.release(m, keep);
              survivors.push(...keep);
            } else survivors.push(...built);
          }
          // Every survivor is still interned: rebuilding it finds the very same objects.
          for (const t of survivors) {
            expect(s.owns(t)).toBe(true);
            expect(toNormal(fromNormal(t), s)).toBe(t);
            if (ops.isCall(t)) {
              for (const a of ops.args(t)) expect(s.owns(a)).toBe(true);
              expect(ops.make(ops.op(t), ops.args(t))).toBe(t);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reset drops everything', () => {
    const s = new NormalStore();
    const t = toNormal(add(x, y), s);
    s.reset();
    expect(s.owns(t)).toBe(false);
    expect(s.stats().live).toBe(0);
    expect(toNormal(add(x, y), s)).not.toBe(t);
  });
});

it('the default NF store is the one normalOps and toNormal share', () => {
  expect(defaultNormalStore.owns(toNormal(x))).toBe(true);
  expect(N.symbol('x')).toBe(toNormal(x));
  expect(N.number(integer(3))).toBe(toNormal(num(3n)));
  expect(toNormal(call('pi'))).toBe(N.make('pi', []));
});
