/**
 * The `trig` rule group: trigonometric identities.
 *
 * - values at exact points: sin(0), cos(pi), sin(pi/6), tan(pi/4), asin(1/2), ...; and shifts by
 *   multiples of pi/2: sin(x + pi/2) = cos(x), cos(x + pi) = -cos(x), tan(x + pi) = tan(x);
 * - parity: sin, tan, asin, atan are odd, cos is even (sin(-x) = -sin(x), cos(-x) = cos(x));
 * - quotients: sin/cos = tan, cos/sin = 1/tan, tan·cos = sin, sin/tan = cos (only to fewer
 *   factors; tan(x) is undefined exactly where 1/cos(x) is);
 * - double angle: c·sin(x)·cos(x) = (c/2)·sin(2x) for a number c (not for c = 1, where it would
 *   be larger);
 * - Pythagorean identity in its simplest forms (sin² + cos² = 1, also times a common factor);
 *   `simplify` adds the general form (any coefficients, constants, double angles: see
 *   internal/simplify/trigsum.ts);
 * - inverses: tan(atan x) = x; sin(asin x) = x and cos(acos x) = x only where |x| <= 1 is known
 *   (otherwise the domain would grow).
 */
import { type RuleGroup, rule, ruleGroup } from '../rule.js';
import { defaultStore } from '../terms.js';
import { SIGN_PREDICATES } from '../internal/simplify/sign.js';
import { inverseSpecial, parity, trigSpecial } from '../internal/simplify/rulekit.js';

const opts = { predicates: SIGN_PREDICATES };

/**
 * The `trig` rule group: trigonometric functions (parity, exact values, `sin/cos = tan`, ...).
 *
 * @example
 * simplify(parse('sin(-x)'));                        // -sin(x)
 * simplify(parse('2*sin(x)*cos(x)'));                // sin(2*x)
 * simplify(parse('3*sin(x)^2 + 3*cos(x)^2 + y'));    // y + 3
 */
export const TRIG: RuleGroup = ruleGroup('trig', [
  rule('sin(~x)', (b) => trigSpecial('sin', b.get('x')), { ...opts, name: 'sinSpecial' }),
  rule('cos(~x)', (b) => trigSpecial('cos', b.get('x')), { ...opts, name: 'cosSpecial' }),
  rule('tan(~x)', (b) => trigSpecial('tan', b.get('x')), { ...opts, name: 'tanSpecial' }),
  rule('asin(~x)', (b) => inverseSpecial('asin', b.get('x')), { ...opts, name: 'asinSpecial' }),
  rule('acos(~x)', (b) => inverseSpecial('acos', b.get('x')), { ...opts, name: 'acosSpecial' }),
  rule('atan(~x)', (b) => inverseSpecial('atan', b.get('x')), { ...opts, name: 'atanSpecial' }),
  rule('sin(~x)', (b) => parity('sin', true, b.get('x')), { ...opts, name: 'sinOdd' }),
  rule('cos(~x)', (b) => parity('cos', false, b.get('x')), { ...opts, name: 'cosEven' }),
  rule('tan(~x)', (b) => parity('tan', true, b.get('x')), { ...opts, name: 'tanOdd' }),
  rule('asin(~x)', (b) => parity('asin', true, b.get('x')), { ...opts, name: 'asinOdd' }),
  rule('atan(~x)', (b) => parity('atan', true, b.get('x')), { ...opts, name: 'atanOdd' }),
  rule('sin(~x) * cos(~x)^(-1) => tan(~x)', { ...opts, name: 'sinOverCos' }),
  rule(
    'sin(~x)^~n:integer * cos(~x)^~m:integer',
    (b) => {
      const n = b.get('n');
      const m = b.get('m').value;
      const nv = n.value;
      if (typeof nv === 'number' || typeof m === 'number' || nv.n !== -m.n || nv.d !== m.d) return undefined;
      return defaultStore.call2('pow', defaultStore.call1('tan', b.get('x')), n);
    },
    { ...opts, name: 'sinPowOverCosPow' },
  ),
  rule('cos(~x) * sin(~x)^(-1) => tan(~x)^(-1)', { ...opts, name: 'cosOverSin' }),
  rule('tan(~x) * cos(~x) => sin(~x)', { ...opts, name: 'tanTimesCos' }),
  rule('tan(~x)^~n * cos(~x)^~n => sin(~x)^~n', { ...opts, name: 'tanPowTimesCosPow' }),
  rule('sin(~x) * tan(~x)^(-1) => cos(~x)', { ...opts, name: 'sinOverTan' }),
  rule('~c:number * sin(~x) * cos(~x) => ~c/2*sin(2*~x)', { ...opts, name: 'doubleAngle' }),
  rule('sin(~x)^2 + cos(~x)^2 => 1', { ...opts, name: 'pythagorean' }),
  rule('~c*sin(~x)^2 + ~c*cos(~x)^2 => ~c', { ...opts, name: 'pythagoreanScaled' }),
  rule('tan(atan(~x)) => ~x', { ...opts, name: 'tanAtan' }),
  rule('sin(asin(~x)) => ~x where unit(~x)', { ...opts, name: 'sinAsin' }),
  rule('cos(acos(~x)) => ~x where unit(~x)', { ...opts, name: 'cosAcos' }),
]);
