// Regression (hardening, issue 8): buildStandaloneKernel pushed the whole body with
// lines.push(...body), a stack overflow for a 100,000-deep expression.
import { describe, expect, it } from 'vitest';
import { type Term, neg, sym } from '@symx/core';
import { buildStandaloneKernel } from './kernelModule.js';

describe('buildStandaloneKernel on deep expressions', () => {
  it('builds the module of a 100,000-deep expression', () => {
    let t: Term = sym('x');
    for (let i = 0; i < 100_000; i++) t = neg(t);
    const k = buildStandaloneKernel(t, ['x']);
    expect(k.bytes.length).toBeGreaterThan(0);
    expect(k.wat.length).toBeGreaterThan(0);
  }, 60_000);
});
