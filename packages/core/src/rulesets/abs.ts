/**
 * The `abs` rule group. |x| = x where x is provably nonnegative (under the declared
 * assumptions: `simplify(t, { assume: { x: 'positive' } })`), -x where nonpositive; |-x| = |x|;
 * nonnegative factors and numbers leave the bars: |c·x| = |c|·|x|, |e^y·x| = e^y·|x|.
 */
import { type RuleGroup, rule, ruleGroup } from '../rule.js';
import { SIGN_PREDICATES } from '../internal/simplify/sign.js';
import { numAbs, numTerm, parity } from '../internal/simplify/rulekit.js';

const opts = { predicates: SIGN_PREDICATES };

/**
 * The `abs` rule group of the classical simplifier: absolute values of signed and factored terms.
 *
 * @example
 * simplify(parse('abs(x)'), { assume: { x: 'nonnegative' } });   // x
 * simplify(parse('abs(-3*x)'));                                    // 3*abs(x)
 */
export const ABS: RuleGroup = ruleGroup('abs', [
  rule('abs(~x) => ~x where nonnegative(~x)', { ...opts, name: 'absNonneg' }),
  rule('abs(~x) => -~x where nonpositive(~x)', { ...opts, name: 'absNonpos' }),
  rule('abs(~x)', (b) => parity('abs', false, b.get('x')), { ...opts, name: 'absEven' }),
  rule('abs(~c:number * ~x) => abs(~c)*abs(~x)', { ...opts, name: 'absCoefficient' }),
  rule('abs(~a * ~b) => ~a*abs(~b) where nonnegative(~a)', { ...opts, name: 'absNonnegFactor' }),
  rule('abs(abs(~x)) => abs(~x)', { ...opts, name: 'absAbs' }),
  rule('abs(~c:rational)', (b) => numTerm(numAbs(b.get('c').value)), { ...opts, name: 'absNumber' }),
]);
