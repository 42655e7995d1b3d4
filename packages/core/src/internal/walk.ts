/**
 * The memoized bottom-up walk over a term's DAG that derivative, expand, factorCommon and
 * substitute share: iterative (any depth), each distinct node computed once, over any term
 * representation (the caller says what a node's children are: its arguments, usually).
 */

/**
 * Computes a value for `root` bottom-up and returns it. Every distinct node `u` gets its value
 * once, into `memo` (entries already there are reused, not recomputed): `before(u)` when it
 * returns a value (leaves; nodes decided without their children), otherwise `after(u, kids)`
 * once `memo` holds the value of each of `kids = children(u)`.
 */
export function memoizedPostOrder<T, R>(
  root: T,
  children: (u: T) => readonly T[],
  memo: Map<T, R>,
  before: (u: T) => R | undefined,
  after: (u: T, kids: readonly T[]) => R,
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
      const kids = children(u);
      let pending = false;
      for (let k = kids.length - 1; k >= 0; k--) {
        if (!memo.has(kids[k])) {
          stack.push(kids[k]);
          expanded.push(false);
          pending = true;
        }
      }
      if (pending) continue;
    }
    memo.set(u, after(u, children(u)));
    stack.pop();
    expanded.pop();
  }
  return memo.get(root)!;
}
