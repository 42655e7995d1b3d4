// Core round trips and the reference evaluator: flat encoding both ways, and `evaluate` against an
// independent naive evaluator written here (recursive, over the representation-free specs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FlatError, EvaluationError, OP_CONST, OP_VAR, type Spec, evaluate, fromFlat, int, numToNumber,
  parse, sym, termOps, toFlat, add, mul, sin, float, call,
} from './contracts/imports.js';
import { build, specArb } from './contracts/termOps.contract.js';

/** Deliberately written apart from core's applyOperator: one switch, straight from Math. */
function naive(s: Spec, env: Record<string, number>): number {
  if (s.t === 'num') return numToNumber(s.v);
  if (s.t === 'sym') return env[s.name];
  const a = s.args.map((x) => naive(x, env));
  switch (s.op) {
    case 'add': return a.reduce((p, q) => p + q);
    case 'mul': return a.reduce((p, q) => p * q);
    case 'sub': return a[0] - a[1];
    case 'div': return a[0] / a[1];
    case 'pow': return a[0] ** a[1];
    case 'neg': return -a[0];
    case 'pi': return Math.PI;
    case 'min': return Math.min(a[0], a[1]);
    case 'max': return Math.max(a[0], a[1]);
    default: return (Math as unknown as Record<string, (x: number) => number>)[s.op](a[0]);
  }
}

const envArb = fc.record({
  x: fc.double({ min: -10, max: 10, noNaN: true }),
  y: fc.oneof(fc.double({ noNaN: false }), fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 5e-324)),
  z: fc.double({ min: 0, max: 100, noNaN: true }),
});

describe('evaluate (the reference) agrees with a naive evaluator', () => {
  it('on random expressions and points, bit for bit (NaN where it is NaN)', () => {
    fc.assert(
      fc.property(specArb, envArb, (spec, env) => {
        const t = build(termOps, spec);
        expect(Object.is(evaluate(t, env), naive(spec, env)) || (Number.isNaN(evaluate(t, env)) && Number.isNaN(naive(spec, env)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('follows IEEE semantics and names a missing variable', () => {
    expect(evaluate(parse('log(-1)'), {})).toBeNaN();
    expect(evaluate(parse('1/x'), { x: 0 })).toBe(Infinity);
    expect(evaluate(parse('x'), new Map([['x', 2]]))).toBe(2);
    expect(() => evaluate(parse('x + y'), { x: 1 })).toThrow(EvaluationError);
    expect(() => evaluate(parse('x + y'), { x: 1 })).toThrow(/'y'/);
  });

  it('evaluates 100,000-deep nesting and shared DAGs with exponential tree size', () => {
    let t = sym('x');
    for (let i = 0; i < 100_000; i++) t = sin(t);
    expect(evaluate(t, { x: 1 })).toBeCloseTo(0.00547, 4);
    let d = sym('x');
    for (let i = 0; i < 200; i++) d = add(d, d); // tree size 2^200, 201 distinct nodes
    expect(evaluate(d, { x: 1 })).toBe(2 ** 200);
  }, 60_000);
});

describe('flat encoding', () => {
  it('round-trips random terms, several roots at once', () => {
    fc.assert(
      fc.property(fc.array(specArb, { minLength: 1, maxLength: 4 }), (specs) => {
        const terms = specs.map((s) => build(termOps, s));
        const flat = toFlat(terms);
        const back = fromFlat(flat);
        back.forEach((b, i) => expect(b).toBe(terms[i]));
        for (let i = 0; i < flat.ops.length; i++) {
          for (let k = 0; k < flat.arity[i]; k++) expect(flat.children[flat.data[i] + k]).toBeLessThan(i);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stores shared subterms once and follows a given variable order', () => {
    const x = sym('x');
    const f = toFlat(mul(sin(x), sin(x), int(2)), { variables: ['y', 'x'] });
    expect(Array.from(f.ops).filter((o) => o === OP_VAR)).toHaveLength(1);
    expect(f.vars).toEqual(['y', 'x']);
    expect(f.data[Array.from(f.ops).indexOf(OP_VAR)]).toBe(1);
    expect(f.constValues).toEqual(new Float64Array([2]));
    expect(Array.from(f.ops).filter((o) => o === OP_CONST)).toHaveLength(1);
    expect(() => toFlat(parse('x + z'), { variables: ['x'] })).toThrow(/'z' is not in the variable list/);
  });

  it('rejects malformed encodings with the bad node named', () => {
    const good = toFlat(parse('x + 1'));
    expect(() => fromFlat({ ...good, children: new Int32Array([5, 0]) })).toThrow(FlatError);
    expect(() => fromFlat({ ...good, ops: new Uint8Array([99, 0, 2]) })).toThrow(/node 0: unknown opcode 99/);
    expect(() => fromFlat({ ...good, roots: new Int32Array([7]) })).toThrow(/root 7/);
  });

  it('handles 100,000-deep terms and 100,000-term sums', () => {
    let t = sym('x');
    for (let i = 0; i < 100_000; i++) t = call('exp', t);
    expect(fromFlat(toFlat(t))[0]).toBe(t);
    const args = [];
    for (let i = 0; i < 100_000; i++) args.push(float(i + 0.5));
    const s = add(...args);
    expect(fromFlat(toFlat(s))[0]).toBe(s);
  }, 60_000);
});
