import { describe, expect, it } from 'vitest';
import { format } from '../format.js';
import { parse } from '../parse.js';
import { simplify } from '../simplify.js';
import { ABS } from './abs.js';

const s = (src: string, assume?: Record<string, 'positive' | 'nonnegative' | 'negative' | 'nonpositive'>): string =>
  format(simplify(parse(src), { rules: ABS, assume }));

describe('abs group', () => {
  it.each([
    ['abs(-3*x)', '3*abs(x)'],
    ['abs(-x)', 'abs(x)'],
    ['abs(y - x)', 'abs(x - y)'],
    ['abs(abs(x))', 'abs(x)'],
    ['abs(exp(x)*y)', 'abs(y)*exp(x)'],
    ['abs(x^2 + 1)', 'x^2 + 1'],
    ['abs(-2)', '2'],
  ])('%s → %s', (input, expected) => {
    expect(s(input)).toBe(expected);
  });

  it('uses declared signs', () => {
    expect(s('abs(x)', { x: 'nonnegative' })).toBe('x');
    expect(s('abs(x)', { x: 'nonpositive' })).toBe('-x');
    expect(s('abs(x*y)', { x: 'positive' })).toBe('x*abs(y)');
    expect(s('abs(x)')).toBe('abs(x)');
  });
});
