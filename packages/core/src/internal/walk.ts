/**
 * The memoized bottom-up walk over a term's DAG that derivative, expand and substitute share:
 * iterative (any depth), each distinct subterm computed once, over any `TermOps` representation.
 */
import type { TermOps } from '../term.js';

/**
 * Computes a value for `root` bottom-up and returns it. Every distinct subterm `u` gets its
 * value once, into `memo` (entries already there are reused, not recomputed): `before(u)` when
 * it returns a value (leaves; subterms decided without their arguments), otherwise
 * `after(u, args)` once `memo` holds the value of each of `u`'s arguments `args`.
 */
export function memoizedPostOrder<T, R>(
  root: T,
  ops: TermOps<T>,
  memo: Map<T, R>,
  before: (u: T) => R | undefined,
  after: (u: T, args: readonly T[]) => R,
): R {
  const stack: T[] = [root];
  const expanded: boolean[] = [false];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const u = stack[top];
    if (memo.has(u)) {
      stack.pop();
      expanded.pop();
      continue;
    }
    if (!expanded[top]) {
      const early = before(u);
      if (early !== undefined) {
        memo.set(u, early);
        stack.pop();
        expanded.pop();
        continue;
      }
      expanded[top] = true;
      const args = ops.args(u);
      let pending = false;
      for (let k = args.length - 1; k >= 0; k--) {
        if (!memo.has(args[k])) {
          stack.push(args[k]);
          expanded.push(false);
          pending = true;
        }
      }
      if (pending) continue;
    }
    memo.set(u, after(u, ops.args(u)));
    stack.pop();
    expanded.pop();
  }
  return memo.get(root)!;
}
