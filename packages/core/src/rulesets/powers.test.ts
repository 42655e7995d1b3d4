import { describe, expect, it } from 'vitest';
import { format } from '../format.js';
import { parse } from '../parse.js';
import { fixpoint, postwalk } from '../rewriters.js';
import { ruleSet } from '../rule.js';
import { simplify } from '../simplify.js';
import type { Term } from '../terms.js';
import { POWERS } from './powers.js';

const run = (src: string): string => {
  const t = parse(src);
  return format(fixpoint(postwalk(ruleSet(POWERS)))(t) ?? (t as Term));
};

describe('powers group (rules alone)', () => {
  it.each([
    ['sqrt(x)^2', 'x'],
    ['sqrt(x^2)', 'abs(x)'],
    ['(x^2)^3', 'x^(2*3)'],
    ['(x^a)^b', '(x^a)^b'],
    ['(exp(y)^a)^b', 'exp(y)^(a*b)'],
    ['abs(x)^4', 'x^4'],
    ['x^a*x^b', 'x^(a + b)'],
    ['x*x^a', 'x^(a + 1)'],
    ['sqrt(x)*sqrt(x)', 'x'],
  ])('%s → %s', (input, expected) => {
    expect(run(input)).toBe(expected);
  });
});

describe('powers under simplify', () => {
  it('uses the sign of the base: (x^2)^y needs x >= 0', () => {
    expect(format(simplify(parse('(x^2)^y')))).toBe('(x^2)^y');
    expect(format(simplify(parse('(x^2)^y'), { assume: { x: 'positive' } }))).toBe('x^(2*y)');
  });
});
