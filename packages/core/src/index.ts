/**
 * @symx/core — terms, exact numbers, parsing and printing, the scalar reference evaluator.
 * The one public entry point of the package; everything under internal/ is private.
 */
export * from './numbers.js';
export * from './operators.js';
export * from './term.js';
export * from './terms.js';
export { KIND_CALL, KIND_NUMBER, KIND_SYMBOL, type Kind } from './internal/store.js';
export * from './flat.js';
export * from './evaluate.js';
export * from './measures.js';
export * from './latex.js';
export * from './sympy.js';
export * from './json.js';
export * from './parse.js';
export * from './format.js';
export * from './limits.js';
export * from './pattern.js';
export * from './rule.js';
export * from './rewriters.js';
export * from './normal.js';
export * from './calculus.js';
export * from './substitute.js';
export * from './expand.js';
export * from './simplify.js';
export * from './sr-canonical.js';
export * from './sr-distance.js';
export * from './sr-complexity.js';
