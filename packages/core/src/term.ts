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

  isNumber(t: T): boolean;
  /** Precondition: `isNumber(t)`. */
  numberValue(t: T): Num;
  number(v: Num): T;

  isSymbol(t: T): boolean;
  /** Precondition: `isSymbol(t)`. */
  symbolName(t: T): string;
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

/** Structural equality through the interface, with `ops.equals` or `===` when hash-consed. */
export function termEquals<T>(ops: TermOps<T>, a: T, b: T): boolean {
  return ops.equals ? ops.equals(a, b) : a === b;
}
