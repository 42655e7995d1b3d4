// Golden snapshots of fused modules: each fixture expression is compiled, validated (engine and
// binaryen), printed as text and compared with test-fixtures/<name>.wat, and evaluated against
// core's evaluate. Also: every module emitted for random expressions validates. Regenerate after an intended codegen change with
//   UPDATE_GOLDEN=1 npx vitest run packages/wasm-eval/src/fused/golden.test.ts
// and review the diff.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  abs,
  add,
  call,
  div,
  exp,
  float,
  mul,
  pow,
  sin,
  sqrt,
  sub,
  sym,
  toFlat,
  type Term,
} from '@symx/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reference, sameFloat, term, VARS } from '../../test-fixtures/exprs.js';
import { toWat, validateBinary } from '../module.js';
import { buildDerivativeModule, buildValueModule } from './build.js';
import { compileFused, fallbackHost } from './index.js';
import { planExpression } from './plan.js';

const x = sym('x');
const y = sym('y');
const z = sym('z');
const xy = add(x, y);
const FIXTURES: Record<string, { terms: Term[]; derivative?: boolean }> = {
  // arithmetic only, a constant used twice (one slot)
  'poly': { terms: [add(mul(float(0.5), x, x), mul(float(-1.25), y), float(0.5))] },
  // the SR classic: an imported transcendental between parameters
  'sine': { terms: [add(mul(float(2.5), sin(mul(float(1.3), x))), float(0.7))] },
  // a shared subterm (x + y) kept in a local; native min/max/abs/sqrt; pi
  'shared': {
    terms: [div(mul(xy, xy), add(float(1), call('min', xy, call('max', abs(z), call('pi'))))), sqrt(xy)],
  },
  // a rational Feynman-style formula with pow
  'feynman': { terms: [div(mul(float(6.674e-11), x, y), pow(sub(z, float(0.1)), float(2)))] },
  // derivative module (Levenberg-Marquardt normal equations) of a*exp(b*x) + c
  'exp-normal': { terms: [add(mul(float(2), exp(mul(float(-0.5), x))), float(1))], derivative: true },
};

const dir = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));
const host = fallbackHost();

describe('golden .wat snapshots of fused modules', () => {
  for (const [name, { terms, derivative }] of Object.entries(FIXTURES)) {
    it(name, () => {
      const variables = ['x', 'y', 'z'];
      const flat = toFlat(terms, { variables });
      const plans = terms.map((_, i) => planExpression(flat, i, Int32Array.from([0, 1, 2])));
      const bytes = derivative
        ? buildDerivativeModule(plans[0], 3, new Uint8Array(plans[0].slots).fill(1), 'normal', host, { names: true })
        : buildValueModule(plans, 3, host, { names: true });
      validateBinary(bytes);
      const wat = toWat(bytes);
      const file = `${dir}${name}.wat`;
      if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, wat);
      expect(wat).toBe(readFileSync(file, 'utf8'));

      // numeric check of the same kernel against the reference
      const cols = [Float64Array.of(0.5, -1, 2, 3.5, 0), Float64Array.of(1, 2, -3, 0.25, 0), Float64Array.of(2, 0.5, -1, 4, -0)];
      const k = compileFused(flat, { variables, host });
      const outs = k.evaluate(cols);
      terms.forEach((t, i) => {
        const ref = reference(t, cols);
        ref.forEach((v, r) => expect(sameFloat(outs[i][r], v), `${name}[${i}] row ${r}: ${outs[i][r]} vs ${v}`).toBe(true));
      });
    });
  }
});

const columnOf = Int32Array.from([0, 1, 2]);

describe('encoder output validates (WebAssembly.validate and binaryen)', () => {
  it('value and derivative modules of random expressions', () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 3 }), fc.boolean(), (ts, shared) => {
        const flat = toFlat(ts, { variables: VARS });
        const plans = ts.map((_, e) => planExpression(flat, e, columnOf));
        validateBinary(buildValueModule(plans, VARS.length, host));
        validateBinary(buildValueModule(plans, VARS.length, { shared, maxPages: shared ? 1024 : undefined }), { shared });
        const p = plans[0];
        const free = Uint8Array.from({ length: p.slots }, (_, s) => (s % 3 === 2 ? 0 : 1));
        validateBinary(buildDerivativeModule(p, VARS.length, free, 'normal', host));
        validateBinary(buildDerivativeModule(p, VARS.length, free, 'gradient', host));
      }),
      { numRuns: 100 },
    );
  });
});
