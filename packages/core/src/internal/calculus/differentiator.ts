/**
 * The derivative engine: forward-mode symbolic differentiation over the DAG of a term, with
 * respect to one variable.
 *
 * Each distinct subterm (by identity) is differentiated once and its derivative memoized, so a
 * DAG costs its number of distinct nodes, not its tree size, and a subterm shared in the input
 * has one shared derivative in the output. The memo lives as long as the `Differentiator`:
 * the gradient and hessian builders reuse one per variable across several terms, so the
 * subterms those terms share are differentiated once in all.
 *
 * The walk is iterative (explicit stack): any depth. Work per node is O(arity) except for
 * products, O(arity²) (the product rule), so the output has at most a constant times as many
 * distinct nodes as the input has edges.
 */
import type { TermOps } from '../../term.js';
import { memoizedPostOrder } from '../walk.js';
import { Builder } from './builder.js';
import { derivativeOfCall } from './rules.js';

export class Differentiator<T> {
  private readonly memo = new Map<T, T>();
  readonly builder: Builder<T>;

  constructor(
    readonly ops: TermOps<T>,
    /** Name of the variable. */
    readonly variable: string,
    builder?: Builder<T>,
  ) {
    this.builder = builder ?? new Builder(ops);
  }

  /** d root / d variable. */
  diff(root: T): T {
    const ops = this.ops;
    const b = this.builder;
    const da: T[] = [];
    return memoizedPostOrder(
      root,
      (u) => ops.args(u),
      this.memo,
      (u) => (ops.isCall(u) ? undefined : ops.isSymbol(u) && ops.symbolName(u) === this.variable ? b.one : b.zero),
      (u, args) => {
        da.length = args.length;
        let constant = true;
        for (let k = 0; k < args.length; k++) {
          const d = this.memo.get(args[k])!;
          da[k] = d;
          if (constant && !b.isZero(d)) constant = false;
        }
        // A call none of whose arguments depends on v is constant (pi too: no arguments at all).
        return constant ? b.zero : derivativeOfCall(b, u, ops.op(u), args, da, this.variable);
      },
    );
  }
}
