/**
 * Every WASM tier against the reference evaluator on random populations and datasets with edge
 * values: compile(tier 'vm'), compile(tier 'fused'), evaluatePopulation and lossPopulation.
 *
 * Policy: arithmetic (+ - * / neg abs sqrt min max) is IEEE in both, in the same order, so the
 * only allowed difference comes from the transcendental functions (the SIMD math is within 4
 * ULP of Math.*; pow too). The reference is analysed with only those results perturbed by a
 * relative 1e-13 (~100x the allowed error): the tolerance is that spread (0 for expressions
 * without transcendental functions: bit-equal up to the sign of zero), and a row where such a
 * perturbation changes whether the value is NaN or infinite is skipped (and counted). On every
 * other row NaN must match NaN exactly and ±Infinity the same infinity.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type Term, format, simplify } from '@symx/core';
import { type Point, analyzePoint, datasetArb, datasetPoints, expressionArb, NUMERIC_OPERATORS } from '@symx/core/testing';
import { compile, createDataset, evaluatePopulation, lossPopulation } from '@symx/wasm-eval';
import { runs, VARS } from './config.js';

const population = fc.array(
  expressionArb({ operators: NUMERIC_OPERATORS, variables: VARS, maxDepth: 4, constants: { edgeFloats: true, nonFinite: true } }),
  { minLength: 1, maxLength: 5 },
);
const data = datasetArb(VARS, { min: -5, max: 5, edgeValues: true, nonFinite: true, minRows: 1, maxRows: 40, target: true });
/** Sometimes more than one 256-row block of the VM. */
const bigData = datasetArb(VARS, { min: -5, max: 5, edgeValues: true, minRows: 250, maxRows: 300, target: true });

interface RowRef {
  readonly value: number;
  readonly spread: number;
  readonly stable: boolean;
}

function reference(t: Term, rows: readonly Point[]): RowRef[] {
  return rows.map((p) => analyzePoint(t, p, { perturb: 'transcendental' }));
}

let rowsCompared = 0;
let rowsSkipped = 0;

/** Throws unless `got` matches the reference on every stable row. */
function checkValues(t: Term, ref: readonly RowRef[], got: ArrayLike<number>, offset: number, where: string, rows: readonly Point[]): void {
  for (let r = 0; r < ref.length; r++) {
    const want = ref[r];
    if (!want.stable) {
      rowsSkipped++;
      continue;
    }
    rowsCompared++;
    const v = got[offset + r];
    const ok = Number.isNaN(want.value)
      ? Number.isNaN(v)
      : Number.isFinite(want.value)
        ? Math.abs(v - want.value) <= want.spread
        : v === want.value;
    if (!ok) {
      throw new Error(`${where}: ${format(t)} at ${JSON.stringify(rows[r])}: got ${v}, reference ${want.value} (tolerance ${want.spread})`);
    }
  }
}

afterAll(() => console.info(`wasm tiers: ${rowsCompared} rows compared, ${rowsSkipped} skipped (within 1e-13 of a NaN/Infinity edge)`));

describe('WASM tiers agree with the reference evaluator', () => {
  for (const [name, dataArb, n] of [['small datasets', data, 150], ['datasets over one VM block', bigData, 20]] as const) {
    it(`compile (vm and fused) and evaluatePopulation, on ${name}`, () => {
      fc.assert(
        fc.property(population, dataArb, (exprs, d) => {
          // the simplified forms are candidates too: they must compile and agree as well
          const all = [...exprs, ...exprs.map((t) => simplify(t))];
          const rows = datasetPoints(d);
          const refs = all.map((t) => reference(t, rows));
          for (const tier of ['vm', 'fused'] as const) {
            const k = compile(all, { variables: VARS, tier });
            try {
              const out = k.evaluate(d.columns);
              all.forEach((t, i) => checkValues(t, refs[i], out[i], 0, `compile(${tier})`, rows));
            } finally {
              k.dispose();
            }
          }
          const ds = createDataset(VARS, d.columns, { target: d.target });
          try {
            const { values } = evaluatePopulation(all, ds, { earlyExit: false });
            all.forEach((t, i) => checkValues(t, refs[i], values, i * d.rows, 'evaluatePopulation', rows));
            // with early exit, a candidate is flagged invalid exactly when some row is not finite
            const { invalid } = evaluatePopulation(all, ds);
            all.forEach((t, i) => {
              if (refs[i].some((r) => !r.stable)) return;
              const bad = refs[i].some((r) => !Number.isFinite(r.value));
              expect(invalid[i], `evaluatePopulation invalid flag of ${format(t)}`).toBe(bad ? 1 : 0);
            });
          } finally {
            ds.dispose();
          }
        }),
        { numRuns: runs(n) },
      );
    });
  }

  it('lossPopulation (mse, mae, rmse) equals the loss of the reference values', () => {
    fc.assert(
      fc.property(population, data, fc.constantFrom('mse', 'mae', 'rmse' as const), (exprs, d, kind) => {
        const rows = datasetPoints(d);
        const target = d.target!;
        const ds = createDataset(VARS, d.columns, { target });
        try {
          const { loss, invalid } = lossPopulation(exprs, ds, { kind });
          exprs.forEach((t, i) => {
            const ref = reference(t, rows);
            if (ref.some((r) => !r.stable)) return;
            const bad = ref.some((r) => !Number.isFinite(r.value)) || Array.from(target).some((y) => !Number.isFinite(y));
            if (bad) {
              expect(Number.isFinite(loss[i]), `loss of ${format(t)} should not be finite`).toBe(false);
              if (ref.some((r) => !Number.isFinite(r.value))) expect(invalid[i]).toBe(1);
              return;
            }
            expect(invalid[i], format(t)).toBe(0);
            // loss of the reference values, and a bound from the per-row tolerances
            let sum = 0;
            let err = 0;
            ref.forEach((r, k) => {
              const e = r.value - target[k];
              sum += kind === 'mae' ? Math.abs(e) : e * e;
              err += kind === 'mae' ? r.spread : 2 * Math.abs(e) * r.spread + r.spread * r.spread;
            });
            let want = sum / d.rows;
            let tol = err / d.rows + 1e-12 * want;
            if (kind === 'rmse') {
              tol = Math.sqrt(want + tol) - Math.sqrt(want) + 1e-12 * Math.sqrt(want);
              want = Math.sqrt(want);
            }
            if (!Number.isFinite(want)) {
              expect(loss[i], `${kind} of ${format(t)}`).toBe(want);
              return;
            }
            expect(Math.abs(loss[i] - want), `${kind} of ${format(t)}: ${loss[i]} vs ${want}`).toBeLessThanOrEqual(tol);
          });
        } finally {
          ds.dispose();
        }
      }),
      { numRuns: runs(150) },
    );
  });
});
