import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { evaluate } from './evaluate.js';
import { expand, expandWithReport, factorCommon } from './expand.js';
import { format } from './format.js';
import { postOrder } from './measures.js';
import { defaultNormalStore, toNormal } from './normal.js';
import { parse } from './parse.js';
import { type Term, TermStore, add, call, float, int, mul, pow, rat, sin, sym } from './terms.js';

// Property tests and 100,000-node terms take a few seconds; allow for a busy shared machine.
vi.setConfig({ testTimeout: 60_000 });

const p = (s: string): Term => parse(s);
const e = (s: string): string => format(expand(p(s)));
const f = (s: string): string => format(factorCommon(p(s)));
const sameNF = (a: Term, b: Term): boolean => toNormal(a) === toNormal(b);

const isSum = (t: Term): boolean => t.op === 'add' || t.op === 'sub' || (t.op === 'neg' && isSum(t.args[0]));

/**
 * No product of sums left: no mul with a sum argument, no sum to a positive integer power, no
 * sum over a denominator. Denominators themselves are not checked (1/(2*(x + 1)) is expanded:
 * the sum there is a base with exponent -1).
 */
function fullyExpanded(t: Term): boolean {
  const stack: Term[] = [t];
  const seen = new Set<Term>();
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (seen.has(u)) continue;
    seen.add(u);
    if (u.op === 'mul' && u.args.some(isSum)) return false;
    if (u.op === 'div' && isSum(u.args[0])) return false;
    if (u.op === 'pow' && isSum(u.args[0])) {
      const n = u.args[1];
      if (n.kind === 0 && typeof n.value !== 'number' && n.value.d === 1n && n.value.n > 0n) return false;
    }
    if (u.op === 'div') stack.push(u.args[0]);
    else for (const a of u.args) stack.push(a);
  }
  return true;
}

function close(a: number, b: number, rel = 1e-9): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

describe('expand', () => {
  it('distributes products and multiplies out integer powers of sums, collecting like terms', () => {
    expect(sameNF(expand(p('(x + 1)^2')), p('x^2 + 2*x + 1'))).toBe(true);
    expect(e('x*(y + 2) - 2*x')).toBe('x*y');
    expect(e('(x + 1)*(x - 1)')).toBe('x^2 - 1');
    expect(sameNF(expand(p('(a + b + c)^3')), p('a^3 + b^3 + c^3 + 3*a^2*b + 3*a^2*c + 3*a*b^2 + 3*b^2*c + 3*a*c^2 + 3*b*c^2 + 6*a*b*c'))).toBe(true);
    expect(sameNF(expand(p('(x^2 + 1)^2*(x - 1)')), p('x^5 - x^4 + 2*x^3 - 2*x^2 + x - 1'))).toBe(true);
    expect(sameNF(expand(p('x*(y*(z + 1) + 1)')), p('x*y*z + x*y + x'))).toBe(true);
  });

  it('expands inside function arguments and exponents, and denominators', () => {
    expect(e('sin((a + b)*c)')).toBe(format(sin(add(mul(sym('b'), sym('c')), mul(sym('a'), sym('c'))))));
    expect(sameNF(expand(p('exp((x + 1)^2)')), p('exp(x^2 + 2*x + 1)'))).toBe(true);
    expect(sameNF(expand(p('(a + b)^-2')), p('(a + b)^-2'))).toBe(true);
    expect(sameNF(expand(p('((a + b)*c)^-2')), p('1/(c^2*(a + b)^2)'))).toBe(true);
    expect(sameNF(expand(p('x/(y*(a + b)^2) + 1/((x + 1)^2)^-1')), p('x/(y*(a + b)^2) + x^2 + 2*x + 1'))).toBe(true);
    expect(sameNF(expand(p('(a + b)/c')), p('a/c + b/c'))).toBe(true);
    expect(sameNF(expand(p('2^(x*(y + 1))')), p('2^(x*y + x)'))).toBe(true);
  });

  it('leaves what is not a product of sums: non-integer and symbolic powers, floats exponents', () => {
    expect(e('(x + 1)^2.0')).toBe('(x + 1)^2.0');
    expect(e('(x + 1)^y')).toBe('(x + 1)^y');
    expect(e('sqrt(x + 1)')).toBe('sqrt(x + 1)');
    expect(e('x/(y*(a + b))')).toBe('x/(y*(a + b))');
  });

  it('keeps exact coefficients exact and floats float', () => {
    expect(sameNF(expand(p('(x/2 + 1/3)^2')), p('x^2/4 + x/3 + 1/9'))).toBe(true);
    const r = expand(mul(float(1.5), add(sym('x'), int(2))));
    expect(evaluate(r, { x: 2 })).toBe(6);
    expect(postOrder(r).some((u) => u.kind === 0 && typeof u.value === 'number')).toBe(true);
  });

  it('(a+b+c)^50 expands completely: 1,326 terms', () => {
    const r = expandWithReport(p('(a + b + c)^50'));
    expect(r.complete).toBe(true);
    expect(r.stopReason).toBe('complete');
    expect(toNormal(r.term).children.length).toBe(1326);
    const env = { a: 0.3, b: -0.2, c: 0.8 };
    expect(close(evaluate(r.term, env), 0.9 ** 50, 1e-9)).toBe(true);
  });

  it('limits: stops and reports, never hangs; the result is still equal in value', () => {
    const big = expandWithReport(p('(a + b + c + d + e)^50'));
    expect(big.complete).toBe(false);
    expect(big.stopReason).toBe('maxTerms');
    expect(big.products).toBe(0);
    expect(format(big.term)).toBe('(a + b + c + d + e)^50');

    const long = expandWithReport(p('(a + b)^1000'));
    expect(long.stopReason).toBe('maxProducts');
    expect(long.products).toBe(0); // refused before starting

    const small = expandWithReport(p('(x + 1)^3*(y + 1) + (a + b)^2'), { maxProducts: 10 });
    expect(small.stopReason).toBe('maxProducts');
    expect(small.products).toBeLessThanOrEqual(10);
    const env = { x: 0.7, y: -1.3, a: 2, b: 0.5 };
    expect(close(evaluate(small.term, env), evaluate(p('(x + 1)^3*(y + 1) + (a + b)^2'), env))).toBe(true);

    // a local maxTerms stop does not prevent the other subterms from being expanded
    const mixed = expandWithReport(p('sin((a + b + c + d + e)^30) + (x + 1)^2'));
    expect(mixed.stopReason).toBe('maxTerms');
    expect(format(mixed.term)).toContain('(a + b + c + d + e)^30');
    expect(format(mixed.term)).not.toContain('(x + 1)^2');

    expect(expandWithReport(p('(x + 1)*(y + 1)'), { timeMs: 0 }).stopReason).toBe('time');
    expect(expandWithReport(p('(x + 1)*(y + 1)'), { maxTerms: 3 }).stopReason).toBe('maxTerms');
    expect(() => expand(p('x'), { maxTerms: -1 })).toThrow(/maxTerms must be a non-negative number/);
  });

  it('releases its temporary normal-form terms', () => {
    expand(p('(q1 + q2)^3'));
    const before = defaultNormalStore.stats().live;
    expand(p('(q3 + q4 + q5)^7 * sin((q6 + 1)^2)'));
    expect(defaultNormalStore.stats().live).toBe(before);
  });

  it('works in another store and on 100,000-deep terms', { timeout: 120_000 }, () => {
    const store = new TermStore();
    const r = expand(parse('(x + 1)^2', { store }), { store });
    expect(store.owns(r)).toBe(true);
    let t: Term = pow(add(sym('x'), int(1)), int(2));
    for (let i = 0; i < 100_000; i++) t = sin(t);
    const deep = expand(t);
    expect(deep.depth).toBe(t.depth);
    expect(close(evaluate(deep, { x: 0.3 }), evaluate(t, { x: 0.3 }))).toBe(true);
  });
});

describe('factorCommon', () => {
  it('pulls out the numeric content and the lowest common powers', () => {
    expect(f('2*x*y + 4*x')).toBe('2*x*(y + 2)');
    expect(f('x^3*y - x^2*y^2')).toBe('x^2*y*(x - y)');
    expect(f('6*x^2*y^3 - 9*x^3*y^2 + 3*x*y')).toBe('3*x*y*(2*x*y^2 + 1 - 3*x^2*y)');
    expect(f('1/x + 1/x^2')).toBe('(x + 1)/x^2');
    expect(f('-3*a - 6*b')).toBe('-3*(a + 2*b)');
    expect(f('x/2 + y/3')).toBe('(3*x + 2*y)/6');
    expect(f('exp(x)*y + exp(x)')).toBe('exp(x)*(y + 1)');
    expect(f('x*sqrt(y) + sqrt(y)')).toBe('sqrt(y)*(x + 1)');
  });

  it('works inside function arguments and merges with the enclosing product', () => {
    expect(f('sin(2*x + 4*x*y) + 1')).toBe('sin(2*x*(2*y + 1)) + 1');
    expect(f('x*(x*y + x)')).toBe('x^2*(y + 1)');
  });

  it('leaves sums without a common factor, and float coefficients without a content', () => {
    expect(f('x^2 - 1')).toBe('x^2 - 1');
    expect(f('x + y')).toBe('x + y');
    expect(f('1.5*x + 3*x*y')).toBe('x*(3*y + 1.5)');
    expect(f('2')).toBe('2');
  });
});

// ---- properties -------------------------------------------------------------------------------------

const leafArb: fc.Arbitrary<Term> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(sym('x'), sym('y'), sym('z')) },
  { weight: 3, arbitrary: fc.integer({ min: -4, max: 6 }).map((n) => int(n)) },
  { weight: 1, arbitrary: fc.constantFrom(rat(1, 2), rat(-3, 4)) },
);
const { poly } = fc.letrec<{ poly: Term }>((tie) => ({
  poly: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    leafArb,
    fc.tuple(fc.constantFrom('add', 'mul'), fc.array(tie('poly'), { minLength: 2, maxLength: 3 })).map(([op, as]) => call(op, ...as)),
    fc.tuple(fc.constantFrom('sub', 'div'), tie('poly'), tie('poly')).map(([op, a, b]) => call(op, a, b)),
    fc.tuple(tie('poly'), fc.integer({ min: -2, max: 4 })).map(([a, n]) => pow(a, int(n))),
    fc.tuple(fc.constantFrom('sin', 'exp', 'neg'), tie('poly')).map(([op, a]) => call(op, a)),
  ),
}));
// Away from 0, where 1/x^2 and 1/x/x round differently enough to change sin(1/x^2) completely.
const coordinate = fc.double({ min: -2, max: 2, noNaN: true }).filter((v) => Math.abs(v) > 1e-2);
const { polynomial } = fc.letrec<{ polynomial: Term }>((tie) => ({
  polynomial: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    leafArb,
    fc.tuple(fc.constantFrom('add', 'mul'), fc.array(tie('polynomial'), { minLength: 2, maxLength: 3 })).map(([op, as]) => call(op, ...as)),
    fc.tuple(tie('polynomial'), tie('polynomial')).map(([a, b]) => call('sub', a, b)),
    fc.tuple(tie('polynomial'), fc.integer({ min: 0, max: 4 })).map(([a, n]) => pow(a, int(n))),
    fc.tuple(fc.constantFrom('sin', 'exp', 'neg'), tie('polynomial')).map(([op, a]) => call(op, a)),
  ),
}));
const pointArb = fc.record({ x: coordinate, y: coordinate, z: coordinate });

/**
 * Σ |summand| over the top-level sum of `t` at `env`: the size of the numbers that cancel when
 * `t` is evaluated, which bounds its rounding error ((2z - 3)^12 expanded has terms of 1e10 for
 * a value near 1).
 */
function magnitude(t: Term, env: Record<string, number>): number {
  let total = 0;
  const stack: Term[] = [t];
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (u.op === 'add' || u.op === 'sub' || u.op === 'neg') stack.push(...u.args);
    else total += Math.abs(evaluate(u, env));
  }
  return total;
}

/** Numeric equality where the original is defined and of moderate size, up to rounding. */
function agrees(a: Term, b: Term, env: Record<string, number>): boolean {
  const va = evaluate(a, env);
  const vb = evaluate(b, env);
  if (!Number.isFinite(va) || Math.abs(va) > 1e6) return true;
  const scale = Math.max(1, Math.abs(va), Math.abs(vb), magnitude(a, env), magnitude(b, env));
  return Math.abs(va - vb) <= 1e-9 * scale;
}

describe('expand and factorCommon: properties', () => {
  it('expand is numerically equal, fully expanded, idempotent and deterministic', () => {
    fc.assert(
      fc.property(poly, pointArb, (t, env) => {
        const r = expandWithReport(t);
        expect(r.complete).toBe(true);
        expect(agrees(t, r.term, env)).toBe(true);
        expect(fullyExpanded(r.term)).toBe(true);
        expect(expand(r.term)).toBe(r.term);
        expect(expand(t)).toBe(r.term);
      }),
      { numRuns: 300 },
    );
  });

  it('factorCommon is numerically equal', () => {
    fc.assert(
      fc.property(poly, pointArb, (t, env) => {
        const r = factorCommon(t);
        expect(agrees(t, r, env)).toBe(true);
        expect(agrees(t, expand(r), env)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  // Without denominators, factoring cannot enable a cancellation, so expand undoes it exactly.
  it('on polynomials, expand undoes factorCommon: expand(factorCommon(t)) === expand(t)', () => {
    fc.assert(
      fc.property(polynomial, (t) => {
        expect(expand(factorCommon(t))).toBe(expand(t));
        const x1 = expand(t);
        expect(expand(factorCommon(x1))).toBe(x1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('TSDoc examples', () => {
  it('expand, expandWithReport, ExpandOptions, factorCommon', () => {
    expect(expandWithReport(parse('(a+b)^200'), { maxProducts: 1000 }).stopReason).toBe('maxProducts');
    expect(format(expand(parse('(x + 1)^2')))).toBe('2*x + x^2 + 1');
    expect(format(expand(parse('x*(y + 2) - 2*x')))).toBe('x*y');
    expect(format(expand(parse('sin((a + b)*c)')))).toBe('sin(b*c + a*c)');
    const r = expandWithReport(parse('(a+b+c+d+e)^50'));
    expect([r.complete, r.stopReason, format(r.term)]).toEqual([false, 'maxTerms', '(a + b + c + d + e)^50']);
    expect(format(factorCommon(parse('2*x*y + 4*x')))).toBe('2*x*(y + 2)');
    expect(format(factorCommon(parse('x^3*y - x^2*y^2')))).toBe('x^2*y*(x - y)');
    expect(format(factorCommon(parse('1/x + 1/x^2')))).toBe('(x + 1)/x^2');
    expect(format(factorCommon(parse('-3*a - 6*b')))).toBe('-3*(a + 2*b)');
  });
});

describe('time limit on inputs too large to convert in time', () => {
  it('returns the input unexpanded with stop reason time, without converting it', () => {
    const t = add(...Array.from({ length: 50_000 }, (_, i) => mul(sym(`v${i % 97}`), add(sym('a'), int(i)))));
    const r = expandWithReport(t, { timeMs: 50 });
    expect([r.term === t, r.complete, r.stopReason, r.products]).toEqual([true, false, 'time', 0]);
    // a small input under the same limit is expanded as usual
    expect(expandWithReport(parse('x*(a + 1)'), { timeMs: 50 }).complete).toBe(true);
  });
});
