/**
 * Rule conditions in the style of egg's math suite, written once for both engines: in the
 * e-graph they ask the class (constant analysis, symbol leaves, class identity: see
 * `EGraphBindings`), in the classical engine they look at the bound term.
 *
 * @example
 * const divCanon = makeRule('div-canon', '(/ ?a ?b)', '(* ?a (pow ?b -1))', notZero('b'));
 */
import { type Term, KIND_NUMBER, KIND_SYMBOL, numIsZero } from '@symx/core';
import type { Bindings } from './internal/rule-api.js';
import { isEGraphBindings } from './rewrite.js';

/**
 * A rule condition.
 *
 * @example
 * const bigEnough: Condition = (b) => b.get('x').size > 1;
 * const r = rule('~x * 0 => 0', { where: bigEnough });
 * format(r.apply(parse('sin(y) * 0'))); // → '0'
 * r.apply(parse('y * 0')); // → undefined
 */
export type Condition = (b: Bindings) => boolean;

function isZeroTerm(t: Term): boolean {
  return t.kind === KIND_NUMBER && numIsZero(t.value);
}

/**
 * Holds unless slot `name` is known to be zero: in the e-graph, its class has no constant or a
 * non-zero one (egg's `is_not_zero`); classically, the term is not the number 0.
 *
 * @example
 * notZero('b')
 */
export function notZero(name: string): Condition {
  return (b) => {
    if (isEGraphBindings(b)) {
      const c = b.constant(name);
      return c === undefined || !numIsZero(c);
    }
    return !isZeroTerm(b.get(name));
  };
}

/**
 * Holds when slot `name` is a symbol: in the e-graph, its class contains a symbol leaf (egg's
 * `is_sym`).
 *
 * @example
 * isSymbol('x')
 */
export function isSymbol(name: string): Condition {
  return (b) => (isEGraphBindings(b) ? b.hasSymbol(name) : b.get(name).kind === KIND_SYMBOL);
}

/**
 * Holds when slot `name` is a constant: in the e-graph, its class has a folded constant (egg's
 * `is_const`); classically, the term is a number.
 *
 * @example
 * isConst('c')
 */
export function isConst(name: string): Condition {
  return (b) => (isEGraphBindings(b) ? b.constant(name) !== undefined : b.get(name).kind === KIND_NUMBER);
}

/**
 * Holds when slots `c` and `x` are bound differently and `c` is a constant or a symbol (egg's
 * `is_const_or_distinct_var`): the derivative of `c` with respect to `x` is then 0.
 *
 * @example
 * constOrDistinctVar('c', 'x')
 */
export function constOrDistinctVar(c: string, x: string): Condition {
  return (b) => {
    if (isEGraphBindings(b)) return b.classId(c) !== b.classId(x) && (b.constant(c) !== undefined || b.hasSymbol(c));
    const tc = b.get(c);
    return tc !== b.get(x) && (tc.kind === KIND_NUMBER || tc.kind === KIND_SYMBOL);
  };
}

/**
 * All conditions hold (checked in order, stopping at the first that fails).
 *
 * @example
 * allOf(isSymbol('x'), constOrDistinctVar('c', 'x'))
 */
export function allOf(...conditions: Condition[]): Condition {
  return (b) => {
    for (const c of conditions) if (!c(b)) return false;
    return true;
  };
}
