import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetArb, datasetPoints, pointArb, pointsArb, pointsToDataset } from './datasets.js';

describe('points and datasets', () => {
  it('points give every variable a value in range', () => {
    fc.assert(
      fc.property(pointArb(['x', 'y'], { min: -1, max: 2 }), (p) => {
        expect(Object.keys(p).sort()).toEqual(['x', 'y']);
        expect(p.x >= -1 && p.x <= 2 && p.y >= -1 && p.y <= 2).toBe(true);
      }),
      { numRuns: 100, seed: 1 },
    );
    fc.assert(fc.property(pointsArb(['x'], { minLength: 3, maxLength: 5 }), (ps) => ps.length >= 3 && ps.length <= 5), { numRuns: 50, seed: 1 });
    expect(() => pointArb(['x', 'x'])).toThrow(/listed twice/);
  });

  it('datasets have one Float64Array column per variable, all of `rows` values, and round-trip through points', () => {
    fc.assert(
      fc.property(datasetArb(['a', 'b', 'c'], { minRows: 2, maxRows: 20, edgeValues: true, target: true }), (d) => {
        expect(d.columns).toHaveLength(3);
        for (const c of d.columns) {
          expect(c).toBeInstanceOf(Float64Array);
          expect(c.length).toBe(d.rows);
        }
        expect(d.target!.length).toBe(d.rows);
        const back = pointsToDataset(d.variables, datasetPoints(d));
        back.columns.forEach((c, i) => expect(Array.from(c)).toEqual(Array.from(d.columns[i])));
      }),
      { numRuns: 100, seed: 2 },
    );
    const edgy = fc.sample(datasetArb(['x'], { minRows: 50, maxRows: 50, edgeValues: true }), { numRuns: 5, seed: 3 });
    expect(edgy.some((d) => d.columns[0].some((v) => Math.abs(v) > 1e200 || (v !== 0 && Math.abs(v) < 1e-200)))).toBe(true);
    expect(() => pointsToDataset(['x', 'y'], [{ x: 1 }])).toThrow(/point 0 has no value for 'y'/);
    expect(() => datasetArb(['x'], { minRows: 5, maxRows: 2 })).toThrow(/minRows/);
  });
});
