/**
 * Pairs of expressions for the `equivalent` properties, and the property itself (shared with the
 * mutation check): a `true` from the e-graph's `equivalent` must agree with the numbers.
 */
import fc from 'fast-check';
import { type Rule, type Term, KIND_CALL, defaultStore, float, format, numToNumber, postOrder, simplify } from '@symx/core';
import { equivalent } from '@symx/egraph';
import { type Point, compareNumerically } from '@symx/core/testing';
import { expr, points } from './config.js';
import { mapConstants, reorder } from './transform.js';

/** `t` with its first sub/div (in post-order) swapped, or its first constant changed by 1. */
export function perturb(t: Term): Term {
  const target = postOrder(t).find((u) => u.kind === KIND_CALL && (u.op === 'sub' || u.op === 'div'));
  if (target !== undefined) return replace(t, target, defaultStore.call(target.op, [target.args[1], target.args[0]]));
  let done = false;
  return mapConstants(t, (c) => {
    if (done) return c;
    done = true;
    return float(numToNumber(c.value) + 1);
  });
}

function replace(t: Term, from: Term, to: Term): Term {
  const memo = new Map<Term, Term>();
  for (const u of postOrder(t)) {
    if (u === from) memo.set(u, to);
    else if (u.kind !== KIND_CALL || u.args.length === 0) memo.set(u, u);
    else memo.set(u, defaultStore.call(u.op, u.args.map((a) => memo.get(a)!)));
  }
  return memo.get(t)!;
}

/** Pairs (a, b) of the kinds listed in the file comment. */
export const pairs = fc
  .tuple(expr, expr, fc.nat(), fc.constantFrom('reorder', 'simplify', 'perturb', 'independent'))
  .map(([a, other, seed, kind]): [Term, Term] => {
    switch (kind) {
      case 'reorder': return [a, reorder(a, (n, u) => (seed + u.id) % n)];
      case 'simplify': return [a, simplify(a)];
      case 'perturb': return [a, perturb(a)];
      default: return [a, other];
    }
  });

export const EQUIV_LIMITS = { samples: 0, iterLimit: 6, nodeLimit: 1500, timeLimit: 200 } as const;

/**
 * The property: a `true` from `equivalent` (with `rules`, default the e-graph's defaults) is
 * never contradicted at `points`. Counts the `true` verdicts in `seen`.
 */
export function equivalentImpliesEqual(rules: readonly Rule[] | undefined, seen: { proved: number }) {
  return fc.property(pairs, points, ([a, b]: [Term, Term], ps: Point[]) => {
    const r = equivalent(a, b, { ...EQUIV_LIMITS, rules });
    if (r.result !== true) return;
    seen.proved++;
    const c = compareNumerically(a, b, ps, { domain: 'real' });
    if (!c.equal) {
      const m = c.mismatch!;
      throw new Error(`equivalent(${format(a)}, ${format(b)}) is true, but at ${JSON.stringify(m.point)}: ${m.left} vs ${m.right}`);
    }
  });
}
