/**
 * Simple measures of terms, and the post-order walk over distinct subterms that the printers,
 * the JSON writer and other modules build on.
 *
 * Two ways to count a term:
 * - as a tree: shared subterms count once per occurrence (`size`, `operatorCost`). With
 *   hash-consing a term of a few dozen nodes can be an exponentially large tree, so these are
 *   floats and may be huge (or Infinity beyond ~1e308);
 * - as a DAG: each distinct subterm counts once (`dagSize`, `subterms`, `variables`).
 *
 * Every function here is iterative (any depth) and linear in the number of distinct subterms
 * (`size`/`depth` are O(1): the store caches them in each term).
 */
import { OPERATORS } from './operators.js';
import { KIND_CALL, KIND_SYMBOL, type Term } from './internal/store.js';

/**
 * Number of nodes of `t` counted as a tree (leaves and calls, with multiplicity). O(1).
 *
 * @example
 * size(parse('x*x + 1'));   // 5: add, mul, x, x, 1
 */
export function size(t: Term): number {
  return t.size;
}

/**
 * Length of the longest root-to-leaf path, counting nodes: 1 for a leaf. O(1).
 *
 * @example
 * depth(parse('sin(x) + 1'));   // 3
 */
export function depth(t: Term): number {
  return t.depth;
}

/**
 * The distinct subterms of `t` in post-order: every term comes after all of its arguments,
 * arguments are visited left to right, and `t` itself is last. Iterative; linear in the number
 * of distinct subterms (the walk is {@link postOrder}'s, done up front).
 *
 * @example
 * [...subterms(parse('x*x + 1'))].map(String);   // ['x', 'x*x', '1', 'x*x + 1']
 */
export function* subterms(t: Term): Generator<Term, void, undefined> {
  yield* postOrder(t);
}

/**
 * The distinct subterms of `t` in post-order (see {@link subterms}) as an array: the order in
 * which bottom-up passes (printers, folds, encoders) visit a DAG.
 *
 * @example
 * postOrder(parse('sin(x)*x')).length;   // 3: x, sin(x), sin(x)*x
 */
export function postOrder(t: Term): Term[] {
  const out: Term[] = [];
  const seen = new Set<Term>([t]);
  const stack: Term[] = [t];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const u = stack[top];
    const i = next[top];
    if (i < u.args.length) {
      next[top] = i + 1;
      const c = u.args[i];
      if (!seen.has(c)) {
        seen.add(c);
        stack.push(c);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      out.push(u);
    }
  }
  return out;
}

/**
 * Number of distinct subterms of `t` (nodes of its DAG), `t` included.
 *
 * @example
 * dagSize(parse('x*x + x'));   // 3: x, x*x, x*x + x
 */
export function dagSize(t: Term): number {
  if (t.kind !== KIND_CALL) return 1;
  return postOrder(t).length;
}

/**
 * Names of the variables (symbols) of `t`, unique and sorted by UTF-16 code units (the order
 * of `Array.prototype.sort`, so `x10` comes before `x2`).
 *
 * @example
 * variables(parse('y*x + sin(x)'));   // ['x', 'y']
 */
export function variables(t: Term): string[] {
  const names = new Set<string>();
  for (const u of postOrder(t)) if (u.kind === KIND_SYMBOL) names.add(u.op);
  return [...names].sort();
}

/**
 * Cost of `t` counted as a tree: the sum over every node, with multiplicity, of its operator's
 * `OperatorInfo.cost` (the CPU-cycle table of operators.ts); leaves (numbers, symbols) cost 1.
 * A variadic node counts its operator's cost once, whatever its number of arguments. Linear in
 * the DAG size (shared subterms are costed once and multiplied).
 *
 * @example
 * operatorCost(parse('x*x + 1'));   // add 1 + mul 3 + three leaves = 7
 */
export function operatorCost(t: Term): number {
  if (t.kind !== KIND_CALL) return 1;
  const cost = new Map<Term, number>();
  let last = 0;
  for (const u of postOrder(t)) {
    let c: number;
    if (u.kind !== KIND_CALL) c = 1;
    else {
      c = OPERATORS.get(u.op)?.cost ?? 1;
      for (const a of u.args) c += cost.get(a)!;
    }
    cost.set(u, c);
    last = c;
  }
  return last;
}
