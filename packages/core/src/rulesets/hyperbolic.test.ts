import { describe, expect, it } from 'vitest';
import { format } from '../format.js';
import { parse } from '../parse.js';
import { simplify } from '../simplify.js';
import { HYPERBOLIC } from './hyperbolic.js';

const s = (src: string, sums = true): string => format(simplify(parse(src), { rules: HYPERBOLIC, sumIdentities: sums }));

describe('hyperbolic group', () => {
  it.each([
    ['sinh(-x)', '-sinh(x)'],
    ['cosh(-x)', 'cosh(x)'],
    ['tanh(-2*x) + tanh(2*x)', '0'],
    ['sinh(0) + cosh(0)', '1'],
    ['sinh(x)/cosh(x)', 'tanh(x)'],
    ['tanh(x)*cosh(x)', 'sinh(x)'],
    ['2*sinh(x)*cosh(x)', 'sinh(2*x)'],
    ['cosh(x)^2 - sinh(x)^2', '1'],
    ['y*cosh(x)^2 - y*sinh(x)^2', 'y'],
  ])('%s → %s', (input, expected) => {
    expect(s(input)).toBe(expected);
  });

  it('sum identities with any coefficients', () => {
    expect(s('3*cosh(x)^2 - 3*sinh(x)^2 + z')).toBe('z + 3');
    expect(s('2*cosh(x)^2 - 1')).toBe('cosh(2*x)');
    expect(s('exp(x) + exp(-x)')).toBe('2*cosh(x)');
    expect(s('3*exp(x) - 3*exp(-x)')).toBe('6*sinh(x)');
  });
});
