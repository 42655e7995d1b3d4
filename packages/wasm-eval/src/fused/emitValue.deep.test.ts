// Deep chains through the fused tier: commutative operators emit their deeper operand first, so
// a 100,000-deep sum or product runs in a constant WASM operand stack (V8 refuses a frame with a
// 100,000-deep one with a RangeError).
import { type Term, add, int, mul, sym } from '@symx/core';
import { describe, expect, it } from 'vitest';
import { compile } from '../compile.js';

const DEPTH = 100_000;

describe('fused tier on 100,000-deep commutative chains', () => {
  it('a right-nested sum evaluates (in the written order: the same bits)', () => {
    let t: Term = sym('y');
    for (let i = 0; i < DEPTH; i++) t = add(i % 2 ? int(1) : sym('y'), t);
    const [out] = compile(t, { variables: ['y'], tier: 'fused' }).evaluate([Float64Array.of(0.5, 1)]);
    expect(out[0]).toBe(50_000 + 50_001 * 0.5);
    expect(out[1]).toBe(50_000 + 50_001);
  }, 60_000);

  it('a right-nested product evaluates', () => {
    let t: Term = sym('y');
    for (let i = 0; i < DEPTH; i++) t = mul(sym('y'), t);
    const [out] = compile(t, { variables: ['y'], tier: 'fused' }).evaluate([Float64Array.of(1, -1, 2)]);
    expect([out[0], out[1], out[2]]).toEqual([1, -1, Infinity]);
  }, 60_000);
});
