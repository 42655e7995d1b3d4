/**
 * mathjs nodes as a builder of random term programs (see builders.js for the symx ones).
 */
import * as math from 'mathjs';
import { MATHJS_FN, MATHJS_OP, VAR_NAMES } from './random-terms.js';

/**
 * mathjs expression nodes, each one fresh (as `mathjs.parse` makes them).
 *
 * @type {import('./random-terms.js').Builder<math.MathNode>}
 */
export const mathjsBuilders = {
  constant: (v) => new math.ConstantNode(v),
  variable: (k) => new math.SymbolNode(VAR_NAMES[k]),
  binary: (c, a, b) => new math.OperatorNode(/** @type {any} */ (MATHJS_OP[c]), /** @type {any} */ (MATHJS_FN[c]), [a, b]),
  unary: (c, a) => new math.FunctionNode(MATHJS_FN[c], [a]),
};

