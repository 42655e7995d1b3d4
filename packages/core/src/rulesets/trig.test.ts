import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.js';
import { format } from '../format.js';
import { parse } from '../parse.js';
import { simplify } from '../simplify.js';
import { type Term, add, call, cos, exp, float, int, mul, pow, rat, sin, sym } from '../terms.js';

const sinh = (x: Term): Term => call('sinh', x);
const cosh = (x: Term): Term => call('cosh', x);
import { trigSums } from '../internal/simplify/trigsum.js';
import { TRIG } from './trig.js';

const s = (src: string, opts: { sums?: boolean; all?: boolean } = {}): string =>
  format(simplify(parse(src), { rules: opts.all ? undefined : TRIG, sumIdentities: opts.sums ?? true }));

describe('trig group', () => {
  it.each([
    ['sin(-x)', '-sin(x)'],
    ['cos(-2*x)', 'cos(2*x)'],
    ['tan(-x)', '-tan(x)'],
    ['atan(-x)', '-atan(x)'],
    ['sin(pi)', '0'],
    ['cos(2*pi/3)', '-1/2'],
    ['tan(3*pi/4)', '-1'],
    ['sin(x + 2*pi)', 'sin(x)'],
    ['cos(x - pi)', '-cos(x)'],
    ['sin(x - pi/2)', '-cos(x)'],
    ['asin(1) - pi/2', '0'],
    ['acos(1/2) - pi/3', '0'],
    ['atan(1) - pi/4', '0'],
    ['asin(1)', 'asin(1)'],
    ['sin(x)/cos(x)', 'tan(x)'],
    ['sin(x)^3/cos(x)^3', 'tan(x)^3'],
    ['sin(x)/tan(x)', 'cos(x)'],
    ['tan(x)^2*cos(x)^2', 'sin(x)^2'],
    ['6*sin(x)*cos(x)', '3*sin(2*x)'],
    ['tan(atan(x))', 'x'],
    ['cos(acos(sin(y)))', 'sin(y)'],
    ['cos(acos(y))', 'cos(acos(y))'],
  ])('%s → %s', (input, expected) => {
    expect(s(input)).toBe(expected);
  });

  it('Pythagorean identity by the rules alone, and in general by the sum identities', () => {
    expect(s('sin(x)^2 + cos(x)^2', { sums: false })).toBe('1');
    expect(s('y*sin(x)^2 + y*cos(x)^2', { sums: false })).toBe('y');
    expect(s('5*sin(x)^2 + 5*cos(x)^2 + y')).toBe('y + 5');
    expect(s('1 - cos(x)^2')).toBe('sin(x)^2');
    expect(s('sin(x)^4 + sin(x)^2*cos(x)^2')).toBe('sin(x)^2');
    expect(s('cos(x)^2 - sin(x)^2')).toBe('cos(2*x)');
    expect(s('1 - 2*sin(x)^2')).toBe('cos(2*x)');
  });
});

describe('sum identities (trigSums): soundness at random points', () => {
  const u = fc.constantFrom<Term>(sym('a'), mul(int(2), sym('a')), add(sym('a'), sym('b')));
  const r = fc.constantFrom<Term | undefined>(undefined, sym('b'), mul(sym('b'), sym('c')), exp(sym('c')));
  const coeff = fc.oneof(fc.integer({ min: -4, max: 4 }).map((n) => int(n)), fc.constantFrom(rat(1, 2), rat(-3, 2), float(0.5)));
  const withR = (c: Term, f: Term | undefined, rr: Term | undefined): Term => {
    const parts = [c, ...(f ? [f] : []), ...(rr ? [rr] : [])];
    return parts.length === 1 ? parts[0] : mul(...parts);
  };
  it('rewrites only to equal values', () => {
    let fired = 0;
    fc.assert(
      fc.property(
        u,
        r,
        coeff,
        coeff,
        coeff,
        fc.constantFrom('trig', 'hyp', 'exp'),
        fc.record({ a: fc.double({ min: -3, max: 3, noNaN: true }), b: fc.double({ min: -3, max: 3, noNaN: true }), c: fc.double({ min: -2, max: 2, noNaN: true }) }),
        (uu, rr, ca, cb, ck, family, env) => {
          const [f, g] =
            family === 'trig' ? [pow(sin(uu), int(2)), pow(cos(uu), int(2))] : family === 'hyp' ? [pow(sinh(uu), int(2)), pow(cosh(uu), int(2))] : [exp(uu), exp(mul(int(-1), uu))];
          const t = add(withR(ca, f, rr), withR(cb, g, rr), withR(ck, undefined, rr), sym('c'));
          const out = trigSums(t);
          if (out === undefined) return;
          fired++;
          const x = evaluate(t, env);
          const y = evaluate(out, env);
          if (!Number.isFinite(x)) return;
          expect(Math.abs(x - y), `${format(t)} → ${format(out)}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x), 100));
        },
      ),
      { numRuns: 500 },
    );
    expect(fired).toBeGreaterThan(50);
  });

  it('leaves sums without an identity alone', () => {
    expect(trigSums(add(sin(sym('x')), cos(sym('x'))))).toBeUndefined();
    expect(trigSums(add(pow(sin(sym('x')), int(2)), pow(cos(sym('y')), int(2))))).toBeUndefined();
    expect(trigSums(add(call('cosh', sym('x')), mul(int(2), call('sinh', sym('x')))))).toBeUndefined();
  });
});
