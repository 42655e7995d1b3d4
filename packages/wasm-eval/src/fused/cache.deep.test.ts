// Regression (hardening, issue 8): a fused module over the engine's limits (50,000 locals per
// function) escaped as a raw WebAssembly.CompileError from lossGradient / fitConstants; it is a
// KernelError now, like every other refusal.
import { describe, expect, it } from 'vitest';
import { type Term, add, float, sin, sym } from '@symx/core';
import { KernelError, lossGradient } from '../index.js';

describe('fused kernels over the engine limits', () => {
  it('lossGradient of a 100,000-deep expression throws KernelError', () => {
    let t: Term = sym('x');
    for (let i = 0; i < 100_000; i++) t = sin(t);
    const columns = [Float64Array.from([0.5, 1, 2])];
    const target = Float64Array.from([1, 2, 3]);
    expect(() => lossGradient(add(t, float(1.5)), columns, target, { variables: ['x'] })).toThrow(KernelError);
  }, 60_000);
});
