// Regression (hardening, issue 8): compilePattern spread its lookup entries into one push()
// call, a stack overflow for a 100,000-node ground pattern.
import { describe, expect, it } from 'vitest';
import { type Term, add, int, neg, patternFromTerm, sym } from '@symx/core';
import { compilePattern } from './index.js';

describe('compilePattern on deep patterns', () => {
  it('compiles a 100,000-deep ground pattern', () => {
    let t: Term = sym('x');
    for (let i = 0; i < 100_000; i++) t = i % 2 === 0 ? neg(t) : add(int(1), t);
    expect(compilePattern(patternFromTerm(t))).toBeDefined();
  }, 60_000);
});
