/**
 * The generic term interface. Rewriters, the e-graph (`addTerm` / `extract`), printers and
 * compilers reach terms only through a `TermOps<T>`, never through a representation's concrete
 * nodes, so any representation that implements it (the hash-consed store, the normal form, a
 * user's own tree) works with all of them. See test/contracts/termOps.contract.ts.
 *
 * A term is one of three things:
 * - a number (`isNumber`): an exact rational or a float64 (see numbers.ts);
 * - a symbol (`isSymbol`): a variable, by name;
 * - a call (`isCall`): an operator name (operators.ts) applied to argument terms; nullary calls
 *   are named constants such as `pi`.
 * Exactly one of the three predicates holds for every term.
 */
import type { Num } from './numbers.js';

/**
 * The generic term interface: the classical rewriters, `derivative`, `toFlat`, the e-graph's
 * `addTerm`/`extract` and the printers reach terms only through it, so any representation works.
 *
 * @example
 * // a plain-object tree representation
 * const treeOps: TermOps<any> = {
 *   isCall: (t) => 'op' in t, op: (t) => t.op, args: (t) => t.args, make: (op, args) => ({ op, args }),
 *   isNumber: (t) => 'num' in t, numberValue: (t) => t.num, number: (v) => ({ num: numToNumber(v) }),
 *   isSymbol: (t) => 'sym' in t, symbolName: (t) => t.sym, symbol: (name) => ({ sym: name }),
 *   equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
 * };
 * const tree = { op: 'mul', args: [{ num: 3 }, { sym: 'x' }] };
 * toFlat(tree, {}, treeOps).vars; // → ['x']
 * format(fromFlat(toFlat(tree, {}, treeOps))[0]); // → '3.0*x'
 */
export interface TermOps<T> {
  /** True for a call (operator applied to arguments, possibly none). */
  isCall(t: T): boolean;
  /** Operator name. Precondition: `isCall(t)`. */
  op(t: T): string;
  /** Arguments, in order. Precondition: `isCall(t)`. Callers must not mutate the array. */
  args(t: T): readonly T[];
  /**
   * A call term `op(args...)`. Representations may normalize (the normal form does) but must
   * return a term equal in value; the plain store returns exactly what was asked for.
   */
  make(op: string, args: readonly T[]): T;

  /** True for a numeric constant. */
  isNumber(t: T): boolean;
  /** Precondition: `isNumber(t)`. */
  numberValue(t: T): Num;
  /** A numeric constant term. */
  number(v: Num): T;

  /** True for a symbol (variable). */
  isSymbol(t: T): boolean;
  /** Precondition: `isSymbol(t)`. */
  symbolName(t: T): string;
  /** A symbol term. */
  symbol(name: string): T;

  /**
   * Structural equality. Optional: hash-consed representations decide it with `===`, which is
   * what callers use when this is absent.
   */
  equals?(a: T, b: T): boolean;
  /** Structural hash, consistent with `equals`.Optional: hash-consed representations cache it. */
  hash?(t: T): number;
  /**
   * Arguments of a commutative call in canonical order, for matching and printing. Optional
   * (fallback: `args`).
   */
  sortedArgs?(t: T): readonly T[];
}

/**
 * Structural equality through the interface, with `ops.equals` or `===` when hash-consed.
 *
 * @example
 * termEquals(termOps, parse('x + 1'), parse('x+1')); // → true
 */
export function termEquals<T>(ops: TermOps<T>, a: T, b: T): boolean {
  return ops.equals ? ops.equals(a, b) : a === b;
}
