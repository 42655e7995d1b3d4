// The fused tier as users get it: linked to the VM instance (shared memory, the VM's SIMD math),
// through compile(..., { tier: 'fused' }). Checked against core's evaluate with a bound derived
// from the math accuracy target (<= 4 ULP per transcendental), and against the VM tier for the
// order of parameters.
import { add, evaluate, type Term } from '@symx/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnsArb, perturbedReference, rng, sameFloat, term, VARS } from '../../test-fixtures/exprs.js';
import { compile } from '../compile.js';

/**
 * Checks one row. The reference is recomputed with each transcendental result moved 4 ULP in
 * random directions (6 runs): if the runs disagree on NaN-ness the row is at a domain edge and
 * skipped; otherwise the fused value must lie within twice the largest deviation of the runs
 * (plus one ULP), and be NaN exactly where the reference is. Rows without transcendentals must
 * match exactly. Returns false for a skipped row.
 */
function checkRow(t: Term, cols: Float64Array[], row: number, got: number): boolean {
  const env: Record<string, number> = {};
  VARS.forEach((v, k) => (env[v] = cols[k][row]));
  const ref = evaluate(t, env);
  const r = rng(row * 7919 + 1);
  const runs = Array.from({ length: 6 }, () => perturbedReference(t, cols, row, 4, r));
  const nan = runs.map(Number.isNaN);
  if (nan.some((b) => b !== Number.isNaN(ref))) return false;
  if (Number.isNaN(ref)) {
    if (!Number.isNaN(got)) throw new Error(`row ${row}: fused ${got}, reference NaN`);
    return true;
  }
  if (!Number.isFinite(ref) || runs.some((v) => !Number.isFinite(v))) {
    if (runs.some((v) => !Object.is(v, ref))) return false; // overflow only in some runs
    if (!sameFloat(got, ref)) throw new Error(`row ${row}: fused ${got}, reference ${ref}`);
    return true;
  }
  const dev = Math.max(...runs.map((v) => Math.abs(v - ref)));
  const ulp = Math.max(Number.MIN_VALUE, Math.abs(ref) * 2 ** -52);
  const bound = dev === 0 ? 0 : 2 * dev + ulp;
  if (!(Math.abs(got - ref) <= bound) && !sameFloat(got, ref))
    throw new Error(`row ${row}: fused ${got}, reference ${ref}, allowed deviation ${bound}`);
  return true;
}

describe('fused tier linked to the VM instance', () => {
  it('agrees with evaluate within the math error bound on random expressions and edge data', () => {
    let rows = 0;
    let skipped = 0;
    fc.assert(
      fc.property(term, columnsArb(fc.integer({ min: 1, max: 9 })), (t, cols) => {
        const [out] = compile(t, { variables: VARS, tier: 'fused' }).evaluate(cols);
        for (let row = 0; row < out.length; row++) {
          rows++;
          if (!checkRow(t, cols, row, out[row])) skipped++;
        }
      }),
      { numRuns: 300 },
    );
    expect(skipped).toBeLessThan(rows / 20);
  });

  it('numbers constants exactly as the VM tier does (params order), several roots sharing constants', () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 4 }), (ts) => {
        const exprs = ts.map((t, i) => (i > 0 ? add(ts[i - 1], t) : t));
        const fused = compile(exprs, { variables: VARS, tier: 'fused' });
        const vm = compile(exprs, { variables: VARS, tier: 'vm' });
        exprs.forEach((_, i) => {
          const a = Array.from(fused.params(i));
          const b = Array.from(vm.params(i));
          expect(a.length).toBe(b.length);
          a.forEach((v, j) => expect(sameFloat(v, b[j])).toBe(true));
        });
      }),
      { numRuns: 200 },
    );
  });
});
