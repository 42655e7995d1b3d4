/**
 * The `powers` rule group: powers and roots. The normal form already merges x^a·x^b, applies
 * (x^a)^n for integer n, sqrt(x)^2 → x and (x^2)^(1/2) → |x|; these rules do the same for a
 * rule-only run and cover the cases that need a sign (`where nonnegative(~x)`).
 *
 * Soundness (JavaScript's pow: a non-integer power of a negative number is NaN): sqrt(x)^2 = x
 * wherever sqrt(x) is defined; (x^a)^n = x^(a·n) for an integer n; (x^a)^b = x^(a·b) for x >= 0;
 * |x|^n = x^n for an even n; x^a·x^b = x^(a+b) wherever the left side is defined.
 */
import { type RuleGroup, rule, ruleGroup } from '../rule.js';
import { SIGN_PREDICATES } from '../internal/simplify/sign.js';

const opts = { predicates: SIGN_PREDICATES };

/**
 * The `powers` rule group: powers and roots (`sqrt(x^2) = abs(x)`, nested powers, ...).
 *
 * @example
 * fixpoint(postwalk(ruleSet(POWERS)))(parse('sqrt(x)^2'));   // x
 */
export const POWERS: RuleGroup = ruleGroup(
  'powers',
  {
    sqrtSquared: 'sqrt(~x)^2 => ~x',
    sqrtOfSquare: 'sqrt(~x^2) => abs(~x)',
    sqrtOfSquareNonneg: 'sqrt(~x^2) => ~x where nonnegative(~x)',
    powPowInteger: '(~x^~a)^~n:integer => ~x^(~a*~n)',
    powPowNonneg: '(~x^~a)^~b => ~x^(~a*~b) where nonnegative(~x)',
    absPowEven: 'abs(~x)^~n:even => ~x^~n',
    powMul: '~x^~a * ~x^~b => ~x^(~a + ~b)',
    powMulBase: '~x * ~x^~a => ~x^(~a + 1)',
    sqrtMulSqrt: 'sqrt(~x) * sqrt(~x) => ~x',
  },
  opts,
);
