/**
 * The `explog` rule group: exponentials and logarithms.
 *
 * Always applied (identities wherever the left side is defined): log(e^x) = x; e^a·e^b = e^(a+b);
 * (e^a)^b = e^(a·b) (e^a > 0); log(u^n) = n·log(u) for a number n that is not an even integer
 * (log(u^n) defined implies u > 0 then), and log(-(u^n)) = n·log(-u) for an odd n (the normal
 * form writes 1/(x - y) as -(y - x)^-1); log(e^a·u) = a + log(u) (defined implies u > 0).
 *
 * Only where the argument is provably positive (declared: `assume: { x: 'positive' }`, or by
 * structure: a positive constant, e^y, a square plus a positive constant, ...): e^(log x) = x
 * (the left side is undefined for x < 0, the right side is not: the domain would grow);
 * log(x^y) = y·log(x) (log(x^2) = 2·log(x) is false for x < 0); log(a·b) = log(a) + log(b);
 * e^(y·log x) = x^y; e^(log(x) + r) = x·e^r.
 */
import { type RuleGroup, rule, ruleGroup } from '../rule.js';
import { SIGN_PREDICATES } from '../internal/simplify/sign.js';
import { inverseSpecial } from '../internal/simplify/rulekit.js';

const opts = { predicates: SIGN_PREDICATES };

/**
 * The `explog` rule group: exponentials and logarithms (`log(exp(x)) = x`, products of exponentials, ...).
 *
 * @example
 * simplify(parse('log(exp(x))'));                                  // x
 * simplify(parse('exp(log(x))'), { assume: { x: 'positive' } });   // x
 */
export const EXPLOG: RuleGroup = ruleGroup('explog', [
  rule('exp(~x)', (b) => inverseSpecial('exp', b.get('x')), { ...opts, name: 'expSpecial' }),
  rule('log(~x)', (b) => inverseSpecial('log', b.get('x')), { ...opts, name: 'logSpecial' }),
  rule('log(exp(~x)) => ~x', { ...opts, name: 'logExp' }),
  rule('exp(log(~x)) => ~x where positive(~x)', { ...opts, name: 'expLog' }),
  rule('exp(~a) * exp(~b) => exp(~a + ~b)', { ...opts, name: 'expMul' }),
  rule('exp(~a)^~b => exp(~a*~b)', { ...opts, name: 'expPow' }),
  rule('exp(~y*log(~x)) => ~x^~y where positive(~x)', { ...opts, name: 'expMulLog' }),
  rule('exp(log(~x) + ~~r) => ~x*exp(0 + ~~r) where positive(~x)', { ...opts, name: 'expAddLog' }),
  rule('log(~x^~n:number) => ~n*log(~x) where !even(~n)', { ...opts, name: 'logPow' }),
  rule('log(~x^~y) => ~y*log(~x) where positive(~x)', { ...opts, name: 'logPowPositive' }),
  rule('log((-1)*~x^~n:odd) => ~n*log(-~x)', { ...opts, name: 'logNegOddPow' }),
  rule('log(sqrt(~x)) => log(~x)/2', { ...opts, name: 'logSqrt' }),
  rule('log(exp(~a)*~b) => ~a + log(~b)', { ...opts, name: 'logMulExp' }),
  rule('log(~a*~b) => log(~a) + log(~b) where positive(~a), positive(~b)', { ...opts, name: 'logMul' }),
  rule('log(~a/~b) => log(~a) - log(~b) where positive(~a), positive(~b)', { ...opts, name: 'logDiv' }),
]);
