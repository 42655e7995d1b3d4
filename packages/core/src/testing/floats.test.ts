import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDGE_FLOATS, NON_FINITE_FLOATS, edgeFloatArb, floatArb } from './floats.js';

describe('edge floats', () => {
  it('cover ±0, subnormals, tiny and huge, and only with nonFinite NaN/±Infinity', () => {
    expect(EDGE_FLOATS.some((x) => Object.is(x, -0))).toBe(true);
    expect(EDGE_FLOATS).toContain(Number.MIN_VALUE);
    expect(EDGE_FLOATS.some((x) => x !== 0 && Math.abs(x) < 2.2250738585072014e-308)).toBe(true);
    expect(EDGE_FLOATS).toContain(Number.MAX_VALUE);
    expect(EDGE_FLOATS.every(Number.isFinite)).toBe(true);
    expect(NON_FINITE_FLOATS.filter(Number.isFinite)).toEqual([]);
    const seen = fc.sample(edgeFloatArb({ nonFinite: true }), { numRuns: 500, seed: 1 });
    expect(seen.some(Number.isNaN)).toBe(true);
    expect(fc.sample(edgeFloatArb(), { numRuns: 200, seed: 1 }).every(Number.isFinite)).toBe(true);
  });

  it('floatArb stays in range unless edge values are asked for', () => {
    fc.assert(fc.property(floatArb({ min: -2, max: 3 }), (x) => x >= -2 && x <= 3), { numRuns: 200, seed: 2 });
    const mixed = fc.sample(floatArb({ min: -1, max: 1, edgeValues: true }), { numRuns: 400, seed: 3 });
    expect(mixed.some((x) => Math.abs(x) > 1)).toBe(true);
    expect(mixed.every((x) => !Number.isNaN(x))).toBe(true);
    expect(fc.sample(floatArb({ nonFinite: true }), { numRuns: 400, seed: 4 }).some((x) => !Number.isFinite(x))).toBe(true);
    expect(() => floatArb({ min: 1, max: 0 })).toThrow(/min <= max/);
  });
});
