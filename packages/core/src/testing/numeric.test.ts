import { describe, expect, it } from 'vitest';
import { parse } from '../parse.js';
import { analyzePoint, compareNumerically, numericallyEqual } from './numeric.js';

describe('analyzePoint', () => {
  it('finds the value, whether every subterm is real, and the conditioning', () => {
    const a = analyzePoint(parse('x^2 + 1'), { x: 3 });
    expect(a).toMatchObject({ value: 10, real: true, stable: true });
    expect(a.spread).toBeGreaterThan(0);
    expect(a.spread).toBeLessThan(1e-11);
    expect(analyzePoint(parse('0*log(x)'), { x: -1 }).real).toBe(false);
    expect(analyzePoint(parse('atan(1/x)'), { x: 0 }).real).toBe(false); // 1/0 is not real
    expect(analyzePoint(parse('exp(-x)*2'), { x: 800 }).real).toBe(false); // underflow
    expect(analyzePoint(parse('x*y'), { x: 1e-200, y: 1e-120 }).real).toBe(false); // subnormal
    expect(analyzePoint(parse('x*y'), { x: 1e-60, y: 1e-60 }).real).toBe(false); // outside the default range
    expect(analyzePoint(parse('x*y'), { x: 1e-60, y: 1e-60 }, { realRange: [1e-300, 1e300] }).real).toBe(true);
    expect(analyzePoint(parse('sin(x)'), { x: 1e300 }).real).toBe(false); // huge leaf
    expect(analyzePoint(parse('x - x'), { x: 3 }).real).toBe(true); // 0 is real
    expect(() => analyzePoint(parse('x'), { x: 1 }, { realRange: [0, 1] })).toThrow(/realRange/);
    // cancellation: the spread follows the size of the cancelled terms
    expect(analyzePoint(parse('(x + 1e20) - 1e20'), { x: 1 }).spread).toBeGreaterThan(1e6);
    // ...also inside one variadic sum, whose partial sums round too
    expect(analyzePoint(parse('x + y + 3'), { x: 2.220446049250313e-16, y: -2.9999997614659164 }).spread).toBeGreaterThan(1e-14);
  });

  it('calls a point unstable where a perturbation changes NaN-ness or finiteness', () => {
    // sin² + cos² - 1 is 0 or a rounding residue: its sign is noise
    expect(analyzePoint(parse('sqrt(sin(x)^2 + cos(x)^2 - 1)'), { x: 3 }).stable).toBe(false);
    // ...and 1/residue has no reliable digit: stable (finite either way) but a huge spread
    const inv = analyzePoint(parse('1/(sin(x)^2 + cos(x)^2 - 1)'), { x: 3 });
    expect(inv.spread).toBeGreaterThan(Math.abs(inv.value));
    // identical subterms are computed identically by every implementation: x - x is exactly 0
    expect(analyzePoint(parse('sqrt(x - x)'), { x: 3 }).stable).toBe(true);
    expect(analyzePoint(parse('sqrt(x)'), { x: 3 }).stable).toBe(true);
    // an integer exponent stays integral: (-2)^(1 + 1) is not NaN under perturbation
    expect(analyzePoint(parse('x^(1 + 1)'), { x: -2 }).stable).toBe(true);
    // only the transcendental results are perturbed in that mode
    expect(analyzePoint(parse('sqrt((x + 0.1) - (0.1 + x))'), { x: 3 }).stable).toBe(false);
    expect(analyzePoint(parse('sqrt((x + 0.1) - (0.1 + x))'), { x: 3 }, { perturb: 'transcendental' }).stable).toBe(true);
  });
});

describe('compareNumerically', () => {
  it('accepts equal forms with the tolerance their conditioning needs', () => {
    const pts = [{ x: 0.3, y: -2 }, { x: 7, y: 1e-3 }, { x: -1e5, y: 4 }];
    expect(numericallyEqual(parse('(x + y)^2'), parse('x^2 + 2*x*y + y^2'), pts)).toBe(true);
    expect(numericallyEqual(parse('(x + 1e20) - 1e20'), parse('x'), [{ x: 1 }])).toBe(true);
    expect(numericallyEqual(parse('sin(x)^2 + cos(x)^2'), parse('1'), pts)).toBe(true);
  });

  it('finds differences and reports the point', () => {
    const r = compareNumerically(parse('x - y'), parse('y - x'), [{ x: 1, y: 1 }, { x: 1, y: 2 }]);
    expect(r.equal).toBe(false);
    expect(r.mismatch!.point).toEqual({ x: 1, y: 2 });
    expect(r.mismatch!.reason).toMatch(/values differ/);
    expect(numericallyEqual(parse('x*(1 + 1e-8)'), parse('x'), [{ x: 1 }])).toBe(false);
  });

  it('has the NaN semantics of its domain', () => {
    const pts = [{ x: 0 }, { x: 2 }];
    // exact: NaN must match NaN
    expect(numericallyEqual(parse('x/x'), parse('1'), pts)).toBe(false);
    expect(numericallyEqual(parse('log(x - 3)'), parse('sqrt(x - 3)'), pts)).toBe(true);
    // left: only where the left side is real
    const left = compareNumerically(parse('x/x'), parse('1'), pts, { domain: 'left' });
    expect(left).toMatchObject({ equal: true, compared: 1, skipped: 1 });
    // ...and the right side must be real there
    expect(numericallyEqual(parse('x + 1'), parse('log(x - 1)'), pts, { domain: 'left' })).toBe(false);
    // real: only where both are real
    expect(compareNumerically(parse('x + 1'), parse('x + sqrt(x - 3)'), pts, { domain: 'real' })).toMatchObject({ equal: true, compared: 0, skipped: 2 });
  });

  it('skips points near a domain edge or pole, and ill-conditioned blow-ups', () => {
    // the left side is sqrt of a rounding residue: unstable
    expect(compareNumerically(parse('sqrt(sin(x)^2 + cos(x)^2 - 1)'), parse('0'), [{ x: 3 }], { domain: 'left' }).skipped).toBe(1);
    // 1/(rounding noise) against 1/0: the left side has no reliable digit
    const r = compareNumerically(parse('1/((x + y) - (y + x))'), parse('1/0'), [{ x: 0.1, y: 0.2 }], { domain: 'left' });
    expect(r.equal).toBe(true);
    // without conditioning only the relative tolerance counts
    expect(numericallyEqual(parse('(x + 1e20) - 1e20'), parse('x'), [{ x: 1 }], { conditioning: false })).toBe(false);
  });
});
