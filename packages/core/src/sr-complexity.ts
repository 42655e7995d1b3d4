/**
 * Complexity of a candidate expression, the second objective of symbolic regression (accuracy
 * vs. complexity Pareto fronts, parsimony pressure, bloat control).
 *
 * Every measure counts the term as a tree, as written: shared subterms count once per
 * occurrence, and add(add(a, b), c) has one node more than add(a, b, c) — apply `canonicalForm`
 * (or `simplify`) first to measure a normalized shape. Linear in the size of the term's DAG.
 */
import { depth, operatorCost, postOrder, size } from './measures.js';
import { KIND_CALL, KIND_NUMBER, type Term } from './internal/store.js';

/**
 * Per-node weights for a custom complexity, in the style of PySR's `complexity_of_operators`,
 * `complexity_of_constants` and `complexity_of_variables`. Every weight must be a finite number.
 *
 * @example
 * const weights: ComplexityWeights = { operators: { sin: 3 }, number: 1, symbol: 1 };
 * complexity(parse('sin(x) + 1'), weights); // → 6
 */
export interface ComplexityWeights {
  /** Weight of a call by operator name (nullary constants such as `pi` included). */
  readonly operators?: Readonly<Record<string, number>>;
  /** Weight of an operator not listed in `operators` (default 1). */
  readonly operator?: number;
  /** Weight of a symbol (variable) (default 1). */
  readonly symbol?: number;
  /** Weight of a numeric constant (default 1). */
  readonly number?: number;
}

/**
 * The built-in measures:
 * - `'nodes'`: number of nodes (calls, symbols, numbers), as `size`;
 * - `'depth'`: nodes on the longest root-to-leaf path (1 for a leaf), as `depth`;
 * - `'cost'`: the sum of `OperatorInfo.cost` (the CPU-cycle table of DESIGN.md: `+` 1, `*` 3,
 *   `/` 24, `^` 100, `sin` 134, ...) over all nodes, leaves 1, as `operatorCost`.
 *
 * @example
 * const measures: ComplexityMeasure[] = ['nodes', 'depth'];
 * measures.map((m) => complexity(parse('sin(x) + 1'), m)); // → [4, 3]
 */
export type ComplexityMeasure = 'nodes' | 'depth' | 'cost';

/**
 * Complexity of `t` under a built-in measure (default `'nodes'`) or custom per-node weights
 * (summed over every node of the tree, with multiplicity). The result is a float: a hash-consed
 * DAG of a few dozen nodes can stand for an astronomically large tree.
 *
 * @example
 * const t = parse('x*x + sin(2*y)');
 * complexity(t);            // 8
 * complexity(t, 'depth');   // 4
 * complexity(t, 'cost');    // add 1 + mul 3 + sin 134 + mul 3 + four leaves = 145
 * complexity(t, { operators: { sin: 3 }, number: 2 });   // calls 1+1+3+1, symbols 3, number 2 = 11
 */
export function complexity(t: Term, measure: ComplexityMeasure | ComplexityWeights = 'nodes'): number {
  switch (measure) {
    case 'nodes':
      return size(t);
    case 'depth':
      return depth(t);
    case 'cost':
      return operatorCost(t);
  }
  if (typeof measure !== 'object' || measure === null)
    throw new TypeError(`complexity: the measure must be 'nodes', 'depth', 'cost' or an object of weights, got ${JSON.stringify(measure)}`);
  return weightedSize(t, checkWeights(measure));
}

interface Weights {
  readonly operators: ReadonlyMap<string, number>;
  readonly operator: number;
  readonly symbol: number;
  readonly number: number;
}

function checkWeights(w: ComplexityWeights): Weights {
  const weight = (v: unknown, where: string): number => {
    if (v === undefined) return 1;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`complexity: weight ${where} must be a finite number, got ${String(v)}`);
    return v;
  };
  const operators = new Map<string, number>();
  if (w.operators !== undefined) {
    if (typeof w.operators !== 'object' || w.operators === null) throw new TypeError(`complexity: 'operators' must be an object of weights`);
    for (const [name, v] of Object.entries(w.operators)) operators.set(name, weight(v, `operators.${name}`));
  }
  return { operators, operator: weight(w.operator, "'operator'"), symbol: weight(w.symbol, "'symbol'"), number: weight(w.number, "'number'") };
}

/** Sum of node weights over the tree, each distinct subterm weighed once (bottom-up memo). */
function weightedSize(t: Term, w: Weights): number {
  const total = new Map<Term, number>();
  let last = 0;
  for (const u of postOrder(t)) {
    let c: number;
    if (u.kind === KIND_NUMBER) c = w.number;
    else if (u.kind !== KIND_CALL) c = w.symbol;
    else {
      c = w.operators.get(u.op) ?? w.operator;
      for (const a of u.args) c += total.get(a)!;
    }
    total.set(u, c);
    last = c;
  }
  return last;
}
