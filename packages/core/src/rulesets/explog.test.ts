import { describe, expect, it } from 'vitest';
import { format } from '../format.js';
import { parse } from '../parse.js';
import { simplify } from '../simplify.js';
import { EXPLOG } from './explog.js';

const s = (src: string, assume?: Record<string, 'positive' | 'nonnegative'>): string => format(simplify(parse(src), { rules: EXPLOG, assume }));

describe('explog group', () => {
  it.each([
    ['log(exp(x))', 'x'],
    ['exp(a)*exp(b)*c', 'c*exp(a + b)'],
    ['exp(x)^3', 'exp(3*x)'],
    ['1/exp(x)', 'exp(-x)'],
    ['log(x^3)', '3*log(x)'],
    ['log(1/x)', '-log(x)'],
    ['log(exp(a)*b)', 'a + log(b)'],
    ['exp(0) + log(1)', '1'],
  ])('%s → %s', (input, expected) => {
    expect(s(input)).toBe(expected);
  });

  it('leaves domain-changing rewrites to declared or provable positivity', () => {
    expect(s('exp(log(x))')).toBe('exp(log(x))');
    expect(s('exp(log(x))', { x: 'positive' })).toBe('x');
    expect(s('exp(log(exp(y) + 1))')).toBe('exp(y) + 1');
    expect(s('log(x^2)')).toBe('log(x^2)');
    expect(s('log(x^2)', { x: 'positive' })).toBe('2*log(x)');
    expect(s('2*exp(log(x) + y + z)', { x: 'positive' })).toBe('2*x*exp(y + z)');
    expect(s('log(x*y) - log(y)', { x: 'positive', y: 'positive' })).toBe('log(x)');
    expect(s('log(x*y) - log(y)')).toBe('log(x*y) - log(y)');
  });
});
