/**
 * E-class analyses: a value attached to every e-class, computed from its e-nodes (`make`),
 * combined when classes merge (`merge`) and optionally acted upon (`modify`, which may add
 * nodes and unions, e.g. to add a folded constant). The constant-folding analysis is built into
 * the e-graph (see EGraph's `constantFolding` option); user analyses implement this interface.
 */
import {
  type Num,
  ExactArithmeticError,
  applyOperator,
  exactRoot,
  numAdd,
  numCompare,
  numDiv,
  numIsInteger,
  numIsZero,
  numMul,
  numNeg,
  numPowInt,
  numSub,
  numToNumber,
  rational,
} from '@symx/core';
import type { EGraph, ENode, Id } from './egraph.js';

/**
 * A user e-class analysis with data of type `D`.
 *
 * - `make(egraph, node)`: the data of a class made of this one e-node (its children's data is
 *   available through `egraph.data(analysis, child)`).
 * - `merge(a, b)`: the data of the union of two classes. It must be commutative, associative
 *   and idempotent (a semilattice join), or the result depends on the order of unions.
 * - `equals(a, b)` (default `===`): tells the e-graph when a merge changed something, so that
 *   parents are re-made only then.
 * - `modify(egraph, id)` (optional): called after a class is made or changes; may add e-nodes
 *   and unions (never remove).
 *
 * @example
 * // Which variables occur in a class (the same for every term of it).
 * const vars: Analysis<ReadonlySet<string>> = {
 *   name: 'vars',
 *   make: (g, n) => n.kind === KIND_SYMBOL ? new Set([n.op])
 *     : new Set(n.children.flatMap((c) => [...g.data(vars, c)])),
 *   merge: (a, b) => (a.size <= b.size ? a : b),
 *   equals: (a, b) => a.size === b.size,
 * };
 * const g = new EGraph({ analyses: [vars] });
 */
export interface Analysis<D> {
  /** A name for messages and explanations. */
  readonly name: string;
  /** The data of a new e-node's class. */
  make(egraph: EGraph, node: ENode): D;
  /** The data of the union of two classes. */
  merge(a: D, b: D): D;
  /** Whether two data are equal (default `Object.is`): how a change of a class's data is detected. */
  equals?(a: D, b: D): boolean;
  /** Called after a class's data changed; may add e-nodes or unions. */
  modify?(egraph: EGraph, id: Id): void;
}

/**
 * Options of the built-in constant-folding analysis.
 *
 * @example
 * const g = new EGraph({ constantFolding: { operators: ['add', 'mul'], prune: false } });
 * const id = g.addTerm(parse('2*3 + 1'));
 * g.rebuild();
 * g.constant(id).toString(); // → '7'
 */
export interface ConstantFoldingOptions {
  /**
   * Operators folded when all their arguments are constants. Default:
   * {@link DEFAULT_FOLD_OPERATORS}. Exact arguments give exact results (or no folding when the
   * result would not be exact, e.g. `sin(1)` or `2^(1/2)`); float arguments give floats.
   */
  readonly operators?: readonly string[];
  /**
   * Remove every non-leaf e-node from a class once it has a constant value, leaving the
   * constant leaf (egg's math suite does this). Default true: it keeps the e-graph small, and
   * the removed nodes stay equal to the constant.
   */
  readonly prune?: boolean;
}

/**
 * The operators folded by default.
 *
 * @example
 * DEFAULT_FOLD_OPERATORS.includes('sin'); // → true
 * new EGraph({ constantFolding: { operators: DEFAULT_FOLD_OPERATORS.filter((op) => op !== 'sin') } });
 */
export const DEFAULT_FOLD_OPERATORS: readonly string[] = Object.freeze([
  'add', 'sub', 'mul', 'div', 'neg', 'pow', 'abs', 'sqrt', 'min', 'max',
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log',
]);

/** Largest integer exponent folded exactly (bounds the size of exact results). */
const MAX_FOLD_EXPONENT = 64;
/** Largest bit length of an exact folded value's numerator or denominator. */
const MAX_FOLD_BITS = 4096;

function tooBig(v: Num): boolean {
  if (typeof v === 'number') return false;
  const n = v.n < 0n ? -v.n : v.n;
  return n.toString(16).length * 4 > MAX_FOLD_BITS || v.d.toString(16).length * 4 > MAX_FOLD_BITS;
}

/**
 * The value of operator `op` applied to constant arguments, or undefined when it should not be
 * folded: the result would be NaN or infinite, inexact from exact arguments, undefined
 * (division by zero), or too large. Never throws.
 *
 * @example
 * foldConstant('add', [integer(1), rational(1, 2)]);   // 3/2 (exact)
 * foldConstant('div', [integer(1), integer(0)]);       // undefined
 * foldConstant('sin', [integer(1)]);                   // undefined (would be inexact)
 * foldConstant('sin', [1.0]);                          // 0.8414709848078965
 */
export function foldConstant(op: string, args: readonly Num[]): Num | undefined {
  let r: Num | undefined;
  try {
    r = fold(op, args);
  } catch (e) {
    if (e instanceof ExactArithmeticError || e instanceof RangeError) return undefined;
    throw e;
  }
  if (r === undefined) return undefined;
  if (typeof r === 'number') return Number.isFinite(r) ? r : undefined;
  return tooBig(r) ? undefined : r;
}

function allExact(args: readonly Num[]): boolean {
  for (const a of args) if (typeof a === 'number') return false;
  return true;
}

function fold(op: string, a: readonly Num[]): Num | undefined {
  switch (op) {
    case 'add': {
      let s = a[0];
      for (let i = 1; i < a.length; i++) s = numAdd(s, a[i]);
      return s;
    }
    case 'mul': {
      let p = a[0];
      for (let i = 1; i < a.length; i++) p = numMul(p, a[i]);
      return p;
    }
    case 'sub':
      return numSub(a[0], a[1]);
    case 'div':
      return numIsZero(a[1]) ? undefined : numDiv(a[0], a[1]);
    case 'neg':
      return numNeg(a[0]);
    case 'abs':
      return numCompare(a[0], 0) < 0 ? numNeg(a[0]) : a[0];
    case 'min':
      return numCompare(a[0], a[1]) <= 0 ? a[0] : a[1];
    case 'max':
      return numCompare(a[0], a[1]) >= 0 ? a[0] : a[1];
    case 'pow': {
      const [b, e] = a;
      if (allExact(a)) {
        if (!numIsInteger(e)) return undefined;
        const k = typeof e === 'number' ? e : Number(e.n);
        if (Math.abs(k) > MAX_FOLD_EXPONENT) return undefined;
        if (numIsZero(b) && k <= 0) return undefined; // 0^0 and 0^-k are left alone
        return numPowInt(b, k);
      }
      return Math.pow(numToNumber(b), numToNumber(e));
    }
    case 'sqrt': {
      const x = a[0];
      if (typeof x !== 'number') {
        if (x.n < 0n) return undefined;
        const n = exactRoot(x.n, 2);
        const d = exactRoot(x.d, 2);
        return n !== undefined && d !== undefined ? rational(n, d) : undefined;
      }
      return Math.sqrt(x);
    }
    default:
      // Transcendental functions: only float arguments (an exact argument would lose exactness).
      if (allExact(a)) return undefined;
      try {
        return applyOperator(op, a.map(numToNumber));
      } catch {
        return undefined;
      }
  }
}
