/**
 * The `arithmetic` rule group: constant folding (exact for rationals, float as soon as a float
 * takes part), neutral and absorbing elements, cancellation, and folding of functions at float
 * arguments. Under `simplify` the normal form already does most of this in one pass; the group is
 * what a rule-only run (`simplify(t, { normal: false })`, the e-graph) uses instead.
 *
 * Each rule is an identity wherever its left-hand side is a real number (x/x → 1 and 0*x → 0
 * drop only points where the left side is undefined or infinite).
 */
import { type Bindings, type RuleGroup, rule, ruleGroup } from '../rule.js';
import { UNARY_FUNCTIONS } from '../operators.js';
import type { Term } from '../terms.js';
import { SIGN_PREDICATES } from '../internal/simplify/sign.js';
import { numNeg } from '../numbers.js';
import { foldBinary, foldFloatCall, foldMinMax, numTerm } from '../internal/simplify/rulekit.js';

const opts = { predicates: SIGN_PREDICATES };
const v = (b: Bindings, name: string) => b.get(name).value;

/** Float folding of every unary function that has a numeric meaning (abs and sqrt included). */
const floatCalls = UNARY_FUNCTIONS.map((op) =>
  rule(`${op}(~x:float)`, (b) => foldFloatCall(op, v(b, 'x')), { ...opts, name: `${op}Float` }),
);

/**
 * The `arithmetic` rule group: constant folding and neutral/absorbing elements on the plain form.
 *
 * @example
 * fixpoint(postwalk(ruleSet(ARITHMETIC)))(parse('(x*1 + 0)*(2 + 3)'));   // x*5
 */
export const ARITHMETIC: RuleGroup = ruleGroup('arithmetic', [
  rule('~a:number + ~b:number', (b) => foldBinary('add', v(b, 'a'), v(b, 'b')), { ...opts, name: 'foldAdd' }),
  rule('~a:number * ~b:number', (b) => foldBinary('mul', v(b, 'a'), v(b, 'b')), { ...opts, name: 'foldMul' }),
  rule('~a:number - ~b:number', (b) => foldBinary('sub', v(b, 'a'), v(b, 'b')), { ...opts, name: 'foldSub' }),
  rule('~a:number / ~b:number', (b) => foldBinary('div', v(b, 'a'), v(b, 'b')), { ...opts, name: 'foldDiv' }),
  rule('~a:number ^ ~b:number', (b) => foldBinary('pow', v(b, 'a'), v(b, 'b')), { ...opts, name: 'foldPow' }),
  rule('-(~a:number)', (b): Term => numTerm(numNeg(v(b, 'a'))), { ...opts, name: 'foldNeg' }),
  rule('min(~a:number, ~b:number)', (b) => foldMinMax('min', v(b, 'a'), v(b, 'b')), { ...opts, name: 'foldMin' }),
  rule('max(~a:number, ~b:number)', (b) => foldMinMax('max', v(b, 'a'), v(b, 'b')), { ...opts, name: 'foldMax' }),
  rule('~x + 0 => ~x', { ...opts, name: 'addZero' }),
  rule('~x * 1 => ~x', { ...opts, name: 'mulOne' }),
  rule('~x * 0 => 0', { ...opts, name: 'mulZero' }),
  rule('~x - 0 => ~x', { ...opts, name: 'subZero' }),
  rule('0 - ~x => -~x', { ...opts, name: 'zeroSub' }),
  rule('~x - ~x => 0', { ...opts, name: 'subSelf' }),
  rule('~x + (-1)*~x => 0', { ...opts, name: 'addNegSelf' }),
  rule('~x + -~x => 0', { ...opts, name: 'addNeg' }),
  rule('~x + ~x => 2*~x', { ...opts, name: 'addSelf' }),
  rule('-(-~x) => ~x', { ...opts, name: 'negNeg' }),
  rule('~x - (-~x) => ~x + ~x', { ...opts, name: 'subNeg' }),
  rule('~x / 1 => ~x', { ...opts, name: 'divOne' }),
  rule('~x / ~x => 1', { ...opts, name: 'divSelf' }),
  rule('~x * ~x^(-1) => 1', { ...opts, name: 'mulInverse' }),
  rule('~x ^ 1 => ~x', { ...opts, name: 'powOne' }),
  rule('~x ^ 0 => 1', { ...opts, name: 'powZero' }),
  rule('1 ^ ~x => 1', { ...opts, name: 'onePow' }),
  rule('0 ^ ~x:positive => 0', { ...opts, name: 'zeroPow' }),
  rule('min(~x, ~x) => ~x', { ...opts, name: 'minSelf' }),
  rule('max(~x, ~x) => ~x', { ...opts, name: 'maxSelf' }),
  ...floatCalls,
]);
