/**
 * `@symx/core/testing`: fast-check arbitraries and numeric helpers for property tests of
 * expressions, rules and evaluators — the ones symx's own cross-engine suite uses, exported for
 * users who test their own rules. Needs the optional peer dependency `fast-check` (>= 4.3).
 *
 * @example
 * import fc from 'fast-check';
 * import { rule, simplify } from '@symx/core';
 * import { expressionArb, pointsArb, compareNumerically } from '@symx/core/testing';
 *
 * const mine = [rule('~x*~x => ~x^2')];
 * fc.assert(fc.property(expressionArb(), pointsArb(['x0', 'x1', 'x2']), (t, ps) =>
 *   compareNumerically(t, simplify(t, { rules: mine }), ps, { domain: 'left' }).equal));
 */
export * from './floats.js';
export * from './expressions.js';
export * from './datasets.js';
export * from './numeric.js';
