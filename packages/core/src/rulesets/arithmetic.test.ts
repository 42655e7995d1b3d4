import { describe, expect, it } from 'vitest';
import { format } from '../format.js';
import { parse } from '../parse.js';
import { fixpoint, postwalk } from '../rewriters.js';
import { ruleSet } from '../rule.js';
import type { Term } from '../terms.js';
import { ARITHMETIC } from './arithmetic.js';

/** The group alone, to a fixpoint, on the term as written (no normal form). */
const run = (src: string): string => {
  const t = parse(src);
  return format(fixpoint(postwalk(ruleSet(ARITHMETIC)))(t) ?? (t as Term));
};

describe('arithmetic group (rules alone)', () => {
  it.each([
    ['2 + 3', '5'],
    ['1/3 + 1/6', '1/2'],
    ['0.5 + 1/2', '1.0'],
    ['2*3*x', '6*x'],
    ['7 - 10', '-3'],
    ['1/0', '1/0'],
    ['1.0/0', 'inf'],
    ['2^10', '1024'],
    ['2^(-2)', '1/4'],
    ['-(3)', '-3'],
    ['min(2, 1/2)', '1/2'],
    ['max(2.0, 2)', '2.0'],
    ['(x*1 + 0)*(2 + 3)', 'x*5'],
    ['x - x + y', 'y'],
    ['x/x', '1'],
    ['x + x', '2*x'],
    ['--x', 'x'],
    ['x*x^(-1)', '1'],
    ['x^1 + y^0', 'x + 1'],
    ['0^2', '0'],
    ['0^y', '0^y'],
    ['sin(0.5)', '0.479425538604203'],
    ['log(-1.0)', 'log(-1.0)'],
    ['sin(1)', 'sin(1)'],
  ])('%s → %s', (input, expected) => {
    expect(run(input)).toBe(expected);
  });

  it('names every rule', () => {
    expect(ARITHMETIC.name).toBe('arithmetic');
    expect(new Set(ARITHMETIC.rules.map((r) => r.name)).size).toBe(ARITHMETIC.rules.length);
  });
});
