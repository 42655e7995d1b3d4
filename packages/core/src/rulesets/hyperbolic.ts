/**
 * The `hyperbolic` rule group: sinh and tanh are odd, cosh is even; values at 0; sinh/cosh =
 * tanh, tanh·cosh = sinh, sinh/tanh = cosh; double angle c·sinh(x)·cosh(x) = (c/2)·sinh(2x);
 * cosh² − sinh² = 1 and cosh ± sinh = e^(±x) in their simplest forms (`simplify` adds the
 * general forms with any coefficients, and e^x ± e^(−x) = 2·cosh(x) / 2·sinh(x): see
 * internal/simplify/trigsum.ts). All are identities for every real x.
 */
import { type RuleGroup, rule, ruleGroup } from '../rule.js';
import { SIGN_PREDICATES } from '../internal/simplify/sign.js';
import { inverseSpecial, parity } from '../internal/simplify/rulekit.js';

const opts = { predicates: SIGN_PREDICATES };

/**
 * The `hyperbolic` rule group: hyperbolic functions (parity, values at 0, `cosh² - sinh² = 1`, ...).
 *
 * @example
 * simplify(parse('cosh(-x)'));                   // cosh(x)
 * simplify(parse('cosh(x)^2 - sinh(x)^2'));      // 1
 */
export const HYPERBOLIC: RuleGroup = ruleGroup('hyperbolic', [
  rule('sinh(~x)', (b) => inverseSpecial('sinh', b.get('x')), { ...opts, name: 'sinhSpecial' }),
  rule('cosh(~x)', (b) => inverseSpecial('cosh', b.get('x')), { ...opts, name: 'coshSpecial' }),
  rule('tanh(~x)', (b) => inverseSpecial('tanh', b.get('x')), { ...opts, name: 'tanhSpecial' }),
  rule('sinh(~x)', (b) => parity('sinh', true, b.get('x')), { ...opts, name: 'sinhOdd' }),
  rule('cosh(~x)', (b) => parity('cosh', false, b.get('x')), { ...opts, name: 'coshEven' }),
  rule('tanh(~x)', (b) => parity('tanh', true, b.get('x')), { ...opts, name: 'tanhOdd' }),
  rule('sinh(~x) * cosh(~x)^(-1) => tanh(~x)', { ...opts, name: 'sinhOverCosh' }),
  rule('tanh(~x) * cosh(~x) => sinh(~x)', { ...opts, name: 'tanhTimesCosh' }),
  rule('sinh(~x) * tanh(~x)^(-1) => cosh(~x)', { ...opts, name: 'sinhOverTanh' }),
  rule('~c:number * sinh(~x) * cosh(~x) => ~c/2*sinh(2*~x)', { ...opts, name: 'doubleAngleHyperbolic' }),
  rule('cosh(~x)^2 + (-1)*sinh(~x)^2 => 1', { ...opts, name: 'coshSquaredMinusSinhSquared' }),
  rule('cosh(~x)^2 - sinh(~x)^2 => 1', { ...opts, name: 'coshSquaredSubSinhSquared' }),
  rule('cosh(~x) + sinh(~x) => exp(~x)', { ...opts, name: 'coshPlusSinh' }),
  rule('cosh(~x) + (-1)*sinh(~x) => exp(-~x)', { ...opts, name: 'coshMinusSinh' }),
  rule('cosh(~x) - sinh(~x) => exp(-~x)', { ...opts, name: 'coshSubSinh' }),
]);
