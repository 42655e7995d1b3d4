/**
 * Term transformations for the metamorphic properties: renaming variables, reordering the
 * arguments of commutative calls, replacing constants. All iterative (postOrder), memoized per
 * distinct subterm.
 */
import { type Term, KIND_NUMBER, KIND_SYMBOL, defaultStore, postOrder } from '@symx/core';

function rebuild(t: Term, leaf: (u: Term) => Term, node: (u: Term, args: Term[]) => Term): Term {
  const memo = new Map<Term, Term>();
  for (const u of postOrder(t)) {
    if (u.kind === KIND_NUMBER || u.kind === KIND_SYMBOL) memo.set(u, leaf(u));
    else memo.set(u, node(u, u.args.map((a) => memo.get(a)!)));
  }
  return memo.get(t)!;
}

/** `t` with every variable renamed by `map` (names not in the map are kept). */
export function rename(t: Term, map: Readonly<Record<string, string>>): Term {
  return rebuild(
    t,
    (u) => (u.kind === KIND_SYMBOL ? defaultStore.symbol(map[u.op] ?? u.op) : u),
    (u, args) => defaultStore.call(u.op, args),
  );
}

const COMMUTATIVE = new Set(['add', 'mul', 'min', 'max']);

/** `t` with the arguments of each commutative call permuted by `pick` (a rotation per call). */
export function reorder(t: Term, pick: (n: number, u: Term) => number): Term {
  return rebuild(
    t,
    (u) => u,
    (u, args) => {
      if (!COMMUTATIVE.has(u.op)) return defaultStore.call(u.op, args);
      const k = pick(args.length, u) % args.length;
      const rotated = [...args.slice(k), ...args.slice(0, k)];
      // a reversal too, so two-argument calls get swapped by odd picks
      return defaultStore.call(u.op, pick(2, u) % 2 === 1 ? rotated.reverse() : rotated);
    },
  );
}

/** `t` with each numeric constant replaced by `f(value)` (same store). */
export function mapConstants(t: Term, f: (u: Term) => Term): Term {
  return rebuild(
    t,
    (u) => (u.kind === KIND_NUMBER ? f(u) : u),
    (u, args) => defaultStore.call(u.op, args),
  );
}
