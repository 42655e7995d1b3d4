// Vocabularies: plain names, definitions, and protected operators, whose rewriting into symx
// operators must give exactly the guarded definition's value in every evaluator (the scalar
// reference, the VM tier and the fused tier), edge cases included.
import { type Term, evaluate, parse, sym } from '@symx/core';
import { compile, createDataset, evaluatePopulation } from '@symx/wasm-eval';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from './protocol.js';
import { Vocabulary } from './vocabulary.js';

const EDGE = [0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 0.001, -0.001, 0.0010000000000000002, 0.0009999999999999998, 1, -1, 2.5, -7, 1e300, -1e300, Infinity, -Infinity, NaN];

/**
 * Equal values; the SIMD math of the WebAssembly tiers (exp, log, ...) may differ from Math.* in
 * the last bits, so finite non-zero values may differ by a few ulps. Which branch a guard takes
 * is still checked exactly: the protected value and the function's value are far apart here.
 */
function same(a: number, b: number): boolean {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) || (a === 0 && b === 0)) return true;
  return Number.isFinite(b) && b !== 0 && Math.abs(a - b) <= 4 * Number.EPSILON * Math.abs(b);
}

/** The operator applied through every evaluator, checked against `reference` at each point. */
function checkEverywhere(spec: Term, points: number[][], reference: (...args: number[]) => number): void {
  const names = points[0].map((_, i) => `v${i}`);
  const columns = names.map((_, i) => Float64Array.from(points, (p) => p[i]));
  const scalar = points.map((p) => evaluate(spec, Object.fromEntries(names.map((n, i) => [n, p[i]]))));
  const data = createDataset(names, columns);
  const vm = evaluatePopulation([spec], data, { earlyExit: false }).values;
  data.dispose();
  const kernel = compile([spec], { variables: names, tier: 'fused' });
  const fused = kernel.evaluate(columns)[0];
  kernel.dispose();
  points.forEach((p, r) => {
    const want = reference(...p);
    const where = `at (${p.join(', ')}): want ${want}`;
    expect(same(scalar[r], want), `scalar ${scalar[r]} ${where}`).toBe(true);
    expect(same(vm[r], want), `vm ${vm[r]} ${where}`).toBe(true);
    expect(same(fused[r], want), `fused ${fused[r]} ${where}`).toBe(true);
  });
}

const build = (v: Vocabulary, name: string, arity: number): Term => v.operators.get(name)!.build(Array.from({ length: arity }, (_, i) => sym(`v${i}`)));

const finiteOrEdge = fc.oneof(fc.constantFrom(...EDGE.filter(Number.isFinite)), fc.double({ noNaN: true, noDefaultInfinity: true }));

describe('protected operators compute exactly their definitions', () => {
  const grid = (xs: number[], ys: number[]): number[][] => xs.flatMap((x) => ys.map((y) => [x, y]));

  it('div, DEAP style: b == 0 ? 1 : a / b', () => {
    const v = Vocabulary.compile({ pdiv: { protected: 'div' } });
    const finiteA = EDGE.filter(Number.isFinite);
    checkEverywhere(build(v, 'pdiv', 2), grid(finiteA, EDGE), (a, b) => (b === 0 ? 1 : a / b));
  });

  it('div, gplearn style: |b| <= 0.001 ? 1 : a / b', () => {
    const v = Vocabulary.compile({ pdiv: { protected: 'div', threshold: 0.001, value: 1 } });
    checkEverywhere(build(v, 'pdiv', 2), grid(EDGE.filter(Number.isFinite), EDGE), (a, b) => (Math.abs(b) <= 0.001 ? 1 : a / b));
  });

  it('div on random finite inputs', () => {
    const v = Vocabulary.compile({ pdiv: { protected: 'div', threshold: 0.5, value: -3 } });
    fc.assert(
      fc.property(fc.array(fc.tuple(finiteOrEdge, finiteOrEdge), { minLength: 1, maxLength: 40 }), (pairs) => {
        checkEverywhere(build(v, 'pdiv', 2), pairs, (a, b) => (Math.abs(b) <= 0.5 ? -3 : a / b));
      }),
      { numRuns: 60 },
    );
  });

  it('inv: |a| <= threshold ? value : 1 / a', () => {
    const v = Vocabulary.compile({ inv: { protected: 'inv', threshold: 0.001 } });
    checkEverywhere(build(v, 'inv', 1), EDGE.map((x) => [x]), (a) => (Math.abs(a) <= 0.001 ? 0 : 1 / a));
  });

  it('log: |a| <= threshold ? value : log(|a|), and the non-abs form', () => {
    const v = Vocabulary.compile({ plog: { protected: 'log', threshold: 0.001 }, plog0: { protected: 'log' }, lg: { protected: 'log', abs: false, value: -1 } });
    checkEverywhere(build(v, 'plog', 1), EDGE.map((x) => [x]), (a) => (Math.abs(a) <= 0.001 ? 0 : Math.log(Math.abs(a))));
    checkEverywhere(build(v, 'plog0', 1), EDGE.map((x) => [x]), (a) => (Math.abs(a) <= 0 ? 0 : Math.log(Math.abs(a))));
    checkEverywhere(build(v, 'lg', 1), EDGE.map((x) => [x]), (a) => (Number.isNaN(a) ? NaN : a <= 0 ? -1 : Math.log(a)));
  });

  it('sqrt: sqrt(|a|); exp: clamped, or a value above the threshold', () => {
    const v = Vocabulary.compile({ psqrt: { protected: 'sqrt' }, pexp: { protected: 'exp' }, pexp2: { protected: 'exp', threshold: 50, value: 0 } });
    checkEverywhere(build(v, 'psqrt', 1), EDGE.map((x) => [x]), (a) => Math.sqrt(Math.abs(a)));
    const xs = [...EDGE, 99, 100, 100.00000000000001, 700, 49.9, 50, 50.1];
    checkEverywhere(build(v, 'pexp', 1), xs.map((x) => [x]), (a) => Math.exp(Math.min(a, 100)));
    checkEverywhere(build(v, 'pexp2', 1), xs.map((x) => [x]), (a) => (Number.isNaN(a) ? NaN : a > 50 ? 0 : Math.exp(a)));
  });
});

describe('definitions and plain names', () => {
  it('plain names build symx calls with the operator arity', () => {
    const v = Vocabulary.compile({ plus: 'add', square: { args: ['a'], define: 'a*a' }, hyp: { args: ['a', 'b'], define: 'sqrt(a^2 + b^2)' } });
    expect(v.operators.get('plus')!.arity).toBe(-1);
    expect(build(v, 'square', 1)).toBe(parse('v0*v0'));
    expect(v.operators.get('hyp')!.build([parse('x + 1'), sym('y')])).toBe(parse('sqrt((x + 1)^2 + y^2)'));
    expect(v.printNames.get('add')).toBe('plus');
  });

  it('instances are recognized for printing', () => {
    const v = Vocabulary.compile({ pdiv: { protected: 'div' } });
    const t = v.operators.get('pdiv')!.build([parse('x + 1'), sym('y')]);
    expect(v.recognize(t)).toEqual({ name: 'pdiv', args: [parse('x + 1'), sym('y')] });
    expect(v.recognize(parse('x/y'))).toBeUndefined();
  });

  const bad: [unknown, RegExp][] = [
    [{ f: 'frobnicate' }, /'frobnicate' is not a symx operator/],
    [{ f: 42 }, /expected a symx operator name/],
    [{ f: { args: ['a'], define: 'a +' } }, /"define" does not parse/],
    [{ f: { args: ['a'], define: 'a*z' } }, /uses 'z', which is not in "args"/],
    [{ f: { args: ['a', 'a'], define: 'a' } }, /lists a name twice/],
    [{ f: { args: [1], define: '1' } }, /"args" must be an array of parameter names/],
    [{ f: { args: ['a'], define: 'a', extra: 1 } }, /unknown field 'extra'/],
    [{ f: { protected: 'div', threshold: 'big' } }, /"threshold" must be a finite number/],
    [{ f: { protected: 'log', abs: 'yes' } }, /"abs" must be true or false/],
    [{ f: { protected: 'exp', threshold: 800 } }, /must be <= 709/],
    [{ '1f': 'add' }, /is not an identifier/],
    [null, /a vocabulary is an object/],
  ];
  for (const [json, message] of bad) {
    it(`rejects ${JSON.stringify(json)}`, () => {
      expect(() => Vocabulary.compile(json)).toThrow(ProtocolError);
      expect(() => Vocabulary.compile(json)).toThrow(message);
    });
  }
});
