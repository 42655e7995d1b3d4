import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FlatExpr, OP_ADD, OP_MUL, OP_SIN, PI, type Term, call, defineOperator, float, int, parse, sym, toFlat } from '@symx/core';
import { KernelError } from './kernel.js';
import { KIND_CONST, KIND_REG, KIND_SREG, KIND_VAR, Lowerer, OP_COPY, SCALAR, SLOT_PI, constantOrder, constantSlots, lowerFlat } from './lower.js';
import { compile } from './compile.js';
import { sameFloat, term, VARS } from '../test-fixtures/exprs.js';

const operand = (kind: number, index: number) => (kind << 28) | index;

/** Instructions of expression e as [op, dst, a, b] tuples. */
function instructions(p: ReturnType<typeof lowerFlat>, e = 0): number[][] {
  const out: number[][] = [];
  for (let w = p.codeOffsets[e]; w < p.codeOffsets[e + 1]; w += 4) out.push([...p.code.subarray(w, w + 4)]);
  return out;
}

describe('lowering', () => {
  it('numbers constants by first appearance; a shared constant is one parameter', () => {
    const flat = toFlat(parse('2*x + 3 - 2'));
    const slots = constantSlots(flat, flat.roots[0]);
    expect([...slots].map((n) => flat.constValues[flat.data[n]])).toEqual([2, 3]);
    const p = lowerFlat(flat);
    expect([...p.params]).toEqual([2, 3]);
    expect([...p.paramSources]).toEqual([...slots]);
  });

  it('gives each expression its own parameter order, independent of the other roots', () => {
    const flat = toFlat([parse('sin(2)'), parse('3 + 2')]);
    const alone = toFlat(parse('3 + 2'));
    const order = (f: FlatExpr, r: number) => [...constantSlots(f, r)].map((n) => f.constValues[f.data[n]]);
    expect(order(flat, flat.roots[1])).toEqual([3, 2]);
    expect(order(flat, flat.roots[1])).toEqual(order(alone, alone.roots[0]));
    const p = lowerFlat(flat);
    expect([...p.paramOffsets]).toEqual([0, 1, 3]);
    expect([...p.params]).toEqual([2, 3, 2]);
  });

  it('computes a shared subterm once', () => {
    const p = lowerFlat(toFlat(parse('sin(x) + sin(x)*2')));
    expect(instructions(p).filter(([op]) => (op & 0xff) === OP_SIN).length).toBe(1);
  });

  it('folds n-ary add/mul left to right', () => {
    const p = lowerFlat(toFlat(call('add', sym('x'), sym('y'), sym('z')), { variables: ['x', 'y', 'z'] }));
    const ins = instructions(p);
    expect(ins.length).toBe(2);
    expect(ins[0]).toEqual([OP_ADD, 0, operand(KIND_VAR, 0), operand(KIND_VAR, 1)]);
    expect(ins[1]).toEqual([OP_ADD, 0, operand(KIND_REG, 0), operand(KIND_VAR, 2)]);
  });

  it('marks constant-only operators SCALAR and copies leaf or scalar roots to a full register', () => {
    const p = lowerFlat(toFlat([parse('sin(2) * x'), parse('x'), parse('2*pi')]));
    const [s, m] = instructions(p, 0);
    expect(s[0]).toBe(OP_SIN | SCALAR);
    expect(m[0]).toBe(OP_MUL);
    expect(m[2]).toBe(operand(KIND_SREG, s[1]));
    expect(instructions(p, 1)).toEqual([[OP_COPY, 0, operand(KIND_VAR, 0), 0]]);
    const [mul2, copy] = instructions(p, 2);
    expect(mul2).toEqual([OP_MUL | SCALAR, 0, operand(KIND_CONST, 1), operand(KIND_CONST, SLOT_PI)]);
    expect(copy).toEqual([OP_COPY, 1, operand(KIND_SREG, 0), 0]); // not in place over its scalar
  });

  it('never writes a full-width result over a scalar register it reads', () => {
    const p = lowerFlat(toFlat(parse('x + sin(2)')));
    const [s, add] = instructions(p);
    expect(add[3]).toBe(operand(KIND_SREG, s[1]));
    expect(add[1]).not.toBe(s[1]);
  });

  it('reuses registers: a chain needs 1, a balanced tree of depth d about d', () => {
    let chain: Term = sym('x');
    for (let i = 0; i < 50; i++) chain = call('sin', call('add', chain, sym('y')));
    expect(lowerFlat(toFlat(chain)).registers).toBe(1);
    let tree: Term = sym('x');
    for (let d = 0; d < 6; d++) tree = call('mul', call('exp', tree), call('cos', tree));
    expect(lowerFlat(toFlat(tree)).registers).toBeLessThanOrEqual(3);
    const leaves = (d: number, i = 0): Term => (d === 0 ? sym(`v${i}`) : call('sub', leaves(d - 1, 2 * i), leaves(d - 1, 2 * i + 1)));
    expect(lowerFlat(toFlat(leaves(8))).registers).toBeLessThanOrEqual(9);
  });

  it('lowers terms directly exactly as through the flat encoding', () => {
    const leaf = fc.oneof(fc.constantFrom('x', 'y').map(sym), fc.double({ noNaN: true, min: -5, max: 5 }).map(float), fc.integer({ min: -3, max: 3 }).map((n) => int(n)), fc.constant(PI));
    const { t } = fc.letrec<{ t: Term }>((tie) => ({
      t: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.tuple(fc.constantFrom('sin', 'neg', 'exp'), tie('t')).map(([op, a]) => call(op, a)),
        fc.tuple(fc.constantFrom('sub', 'pow', 'min'), tie('t'), tie('t')).map(([op, a, b]) => call(op, a, b)),
        fc.tuple(fc.constantFrom('add', 'mul'), fc.array(tie('t'), { minLength: 2, maxLength: 4 })).map(([op, as]) => call(op, ...as)),
        fc.tuple(tie('t'), fc.constantFrom('add', 'div')).map(([a, op]) => call(op, a, call('cos', a))),
      ),
    }));
    const lw = new Lowerer();
    const vars = new Map([['x', 0], ['y', 1]]);
    fc.assert(
      fc.property(fc.array(t, { minLength: 1, maxLength: 4 }), (ts) => {
        lw.begin();
        for (const u of ts) lw.addTerm(u, vars);
        const direct = lw.finish();
        const viaFlat = lowerFlat(toFlat(ts, { variables: ['x', 'y'] }));
        expect([...direct.code]).toEqual([...viaFlat.code]);
        expect([...direct.params]).toEqual([...viaFlat.params]);
        expect([...direct.paramOffsets]).toEqual([...viaFlat.paramOffsets]);
        expect(direct.registers).toBe(viaFlat.registers);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects operators without an instruction and malformed flat input with KernelError', () => {
    defineOperator('lowertest_g', 2);
    const sinx = toFlat(parse('sin(x)'));
    const unknown: FlatExpr = { ...sinx, ops: Uint8Array.of(sinx.ops[0], 200) };
    expect(() => lowerFlat(unknown)).toThrow(KernelError);
    expect(() => lowerFlat(unknown)).toThrow(/node 1: operator '#200' has no VM instruction/);
    const lw = new Lowerer();
    lw.begin();
    expect(() => lw.addTerm(call('lowertest_g', sym('x'), int(1)), new Map([['x', 0]]))).toThrow(/lowertest_g/);
    expect(() => lw.addTerm(parse('x + q'), new Map([['x', 0]]))).toThrow(/'q'/);
    const good = toFlat(parse('x + 1'));
    expect(() => constantSlots(good, 7)).toThrow(/root node 7/);
    const bad: FlatExpr = { ...good, children: Int32Array.of(2, 1) };
    expect(() => lowerFlat(bad)).toThrow(/does not precede/);
    const badArity: FlatExpr = { ...good, arity: Int32Array.of(0, 0, 1) };
    expect(() => lowerFlat(badArity)).toThrow(/1 argument/);
  });

  it('lowers a 100,000-deep expression without recursion', () => {
    let t: Term = sym('x');
    for (let i = 0; i < 100000; i++) t = call('sin', t);
    const p = lowerFlat(toFlat(t));
    expect(p.code.length).toBe(4 * 100000);
    expect(p.registers).toBe(1);
  }, 60000);
});

// The parameter order has one definition (constantOrder); these check that every path that
// numbers parameters agrees with it: the VM's flat lowering, the VM's term lowering (compile
// 'vm'), the fused planner (compile 'fused'), on kernels of several roots sharing constants.
describe('one parameter order for every tier', () => {
  const vars = ['x', 'y', 'z'];
  const values = (f: FlatExpr, r: number) => [...constantOrder(f, r)].map((n) => f.constValues[f.data[n]]);

  it('roots sharing constants: constantOrder, lowerFlat, compile vm and compile fused agree', () => {
    const exprs = [parse('sin(2.5*x) + 1.5'), parse('1.5*y + 2.5'), parse('(2.5 + x) * (1.5 - z) + 0.25')];
    const flat = toFlat(exprs, { variables: vars });
    const p = lowerFlat(flat);
    const vm = compile(exprs, { variables: vars, tier: 'vm' });
    const fused = compile(exprs, { variables: vars, tier: 'fused' });
    const expected = [[2.5, 1.5], [1.5, 2.5], [2.5, 1.5, 0.25]];
    exprs.forEach((_, e) => {
      expect(values(flat, flat.roots[e])).toEqual(expected[e]);
      expect([...p.params.subarray(p.paramOffsets[e], p.paramOffsets[e + 1])]).toEqual(expected[e]);
      expect([...vm.params(e)]).toEqual(expected[e]);
      expect([...fused.params(e)]).toEqual(expected[e]);
    });
    // writing params(i)[j] changes the same constant in both tiers
    const cols = [Float64Array.of(0.5, 2), Float64Array.of(1, -1), Float64Array.of(3, 0)];
    vm.params(2)[2] = 10;
    fused.params(2)[2] = 10;
    const ref = [0, 1].map((r) => (2.5 + cols[0][r]) * (1.5 - cols[2][r]) + 10);
    expect([...vm.evaluate(cols)[2]]).toEqual(ref);
    expect([...fused.evaluate(cols)[2]]).toEqual(ref);
  });

  it('random multi-root kernels with shared subterms and constants', () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 4 }), fc.boolean(), (ts, chain) => {
        const exprs = chain ? ts.map((t, i) => (i > 0 ? call('add', ts[i - 1], t) : t)) : ts;
        const flat = toFlat(exprs, { variables: VARS });
        const p = lowerFlat(flat);
        const vm = compile(exprs, { variables: VARS, tier: 'vm' });
        const fused = compile(exprs, { variables: VARS, tier: 'fused' });
        exprs.forEach((_, e) => {
          const want = [...constantOrder(flat, flat.roots[e])];
          expect([...p.paramSources.subarray(p.paramOffsets[e], p.paramOffsets[e + 1])]).toEqual(want);
          const v = values(flat, flat.roots[e]);
          const same = (a: Float64Array) => a.length === v.length && v.every((x, j) => sameFloat(x, a[j]));
          expect(same(vm.params(e))).toBe(true);
          expect(same(fused.params(e))).toBe(true);
        });
      }),
      { numRuns: 200 },
    );
  });
});
