/**
 * Extraction: choosing, for each e-class, one term of least cost.
 *
 * Tree extraction (`Extractor`, `extract`) minimizes a monotone cost computed bottom-up from an
 * e-node's children (`size`, `depth`, the operator table `ops`, or a user function). It runs a
 * relaxation over the parent lists: leaves first, then every parent of a class whose cost
 * dropped is re-evaluated, until nothing improves. Works on clean and dirty e-graphs.
 *
 * DAG extraction (`extractDag`) counts a shared subterm once, which is what the evaluators and
 * the WASM compiler pay when they evaluate a DAG. Exact DAG extraction is NP-hard; this is the
 * greedy heuristic of the extraction-gym project: each class keeps the set of classes its best
 * choice uses, and a node's cost is the total over the union of its children's sets.
 *
 * Terms come back through a `TermOps` (default: core terms of the default store).
 */
import { type Term, type TermOps, termOps } from '@symx/core';
import type { EGraph, ENode, Id } from './egraph.js';
import { OP_ADD, OP_MUL, opCost, opName } from './internal/ops.js';

/**
 * A user cost function: the cost of an e-node given the costs of its children (in order). It
 * must be monotone (never decreasing when a child's cost decreases) and strictly greater than
 * each child's cost, or extraction may pick a cyclic "term".
 *
 * @example
 * // sin and cos cost 10, everything else 1
 * const cost: CostFunction = (node, childCosts) => (node.op === 'sin' || node.op === 'cos' ? 10 : 1) + childCosts.reduce((a, b) => a + b, 0);
 * const g = new EGraph();
 * const root = g.addTerm(parse('sin(x)^2'));
 * extract(g, root, cost).cost; // → 13
 */
export type CostFunction = (node: ENode, childCosts: readonly number[]) => number;

/**
 * Built-in costs: `size` counts e-nodes (AST size), `depth` the height, `ops` sums the
 * operator costs of DESIGN.md (OperatorInfo.cost; symbols and numbers cost 1).
 *
 * @example
 * const g = new EGraph();
 * const root = g.addTerm(parse('sin(x) + 1'));
 * const names: CostName[] = ['size', 'depth'];
 * names.map((c) => extract(g, root, c).cost); // → [4, 3]
 */
export type CostName = 'size' | 'depth' | 'ops';

const C_SIZE = 0;
const C_DEPTH = 1;
const C_OPS = 2;
const C_USER = 3;

/**
 * Options of term construction.
 *
 * @example
 * const g = new EGraph();
 * const root = g.addTerm(parse('a + b + c'));   // binarized in the e-graph
 * const options: TermOptions<Term> = { flatten: true };
 * extract(g, root, 'size', options).term.args.length; // → 3
 */
export interface TermOptions<T> {
  /** How to build the terms (default: core terms). */
  readonly ops?: TermOps<T>;
  /**
   * Re-nest chains of `add`/`mul` into one variadic call, undoing the binarization of
   * `addTerm`: `(a + b) + c` and `a + (b + c)` both come back as `add(a, b, c)`. A left-folded
   * chain keeps its evaluation order (the same float result); a right-nested one is evaluated
   * left to right afterwards, which is equal in real arithmetic (as any associativity rule).
   * Default false.
   */
  readonly flatten?: boolean;
}

/**
 * Best terms of every class under one cost, computed once.
 *
 * @example
 * const egraph = new EGraph();
 * const root = egraph.addTerm(parse('x*1'));
 * egraph.union(root, egraph.addTerm(parse('x')));
 * egraph.rebuild();
 * const ex = new Extractor(egraph, 'ops');
 * const { term, cost } = ex.best(root);
 * format(term); // → 'x'
 */
export class Extractor {
  private readonly costs: Float64Array;
  private readonly choice: Int32Array;
  private readonly kind: number;

  constructor(
    private readonly egraph: EGraph,
    cost: CostName | CostFunction = 'size',
  ) {
    this.kind = cost === 'size' ? C_SIZE : cost === 'depth' ? C_DEPTH : cost === 'ops' ? C_OPS : C_USER;
    if (this.kind === C_USER && typeof cost !== 'function') throw new RangeError(`unknown cost ${JSON.stringify(cost)} (use 'size', 'depth', 'ops' or a function)`);
    const n = egraph.idBound;
    this.costs = new Float64Array(n).fill(Infinity);
    this.choice = new Int32Array(n).fill(-1);
    this.run(typeof cost === 'function' ? cost : undefined);
  }

  private run(user: CostFunction | undefined): void {
    const g = this.egraph;
    const n = g.idBound;
    // Ring buffer of classes whose cost dropped (each class is queued at most once at a time).
    const queue = new Int32Array(n + 1);
    const queued = new Uint8Array(n);
    let qHead = 0;
    let qTail = 0;
    const childCosts: number[] = [];
    const relax = (p: number): void => {
      const s = g.nStart[p];
      const e = g.nStart[p + 1];
      let v: number;
      const code = g.nOp[p];
      if (this.kind === C_USER) {
        childCosts.length = 0;
        for (let k = s; k < e; k++) {
          const c = this.costs[g.find(g.kids[k])];
          if (c === Infinity) return;
          childCosts.push(c);
        }
        v = user!(g.view(p), childCosts);
        if (!(v >= 0) && !(v < 0)) throw new RangeError(`cost function returned ${v} for ${g.describe(p)}`);
      } else {
        let acc = this.kind === C_OPS ? (code >= 0 ? opCost(code) : 1) : 1;
        let max = 0;
        for (let k = s; k < e; k++) {
          const c = this.costs[g.find(g.kids[k])];
          if (c === Infinity) return;
          acc += c;
          if (c > max) max = c;
        }
        v = this.kind === C_DEPTH ? 1 + max : acc;
      }
      const r = g.find(p);
      if (v < this.costs[r]) {
        this.costs[r] = v;
        this.choice[r] = p;
        if (!queued[r]) {
          queued[r] = 1;
          queue[qTail] = r;
          qTail = qTail === n ? 0 : qTail + 1;
        }
      }
    };
    for (let p = 0; p < n; p++) if (g.isLive(p) && g.nStart[p + 1] === g.nStart[p]) relax(p);
    while (qHead !== qTail) {
      const c = queue[qHead];
      qHead = qHead === n ? 0 : qHead + 1;
      queued[c] = 0;
      const h = g.pHead[c];
      if (h >= 0) {
        let e = h;
        do {
          const p = g.peNode[e];
          if (g.isLive(p)) relax(p);
          e = g.peNext[e];
        } while (e !== h);
      }
    }
  }

  /** Least cost of a class (Infinity when it has no finite term, e.g. only cycles). */
  cost(id: Id | number): number {
    return this.costs[this.egraph.find(id)];
  }

  /** The chosen e-node of a class, or -1. @internal */
  chosen(id: Id | number): number {
    return this.choice[this.egraph.find(id)];
  }

  /**
   * The best term of a class and its cost. Throws if the class has no finite term or the cost
   * function let a cycle be chosen.
   */
  best(id: Id | number): { term: Term; cost: number };
  best<T>(id: Id | number, options: TermOptions<T>): { term: T; cost: number };
  best<T>(id: Id | number, options: TermOptions<T> = {}): { term: T; cost: number } {
    const term = buildTerm(this.egraph, [id], (c) => this.choice[c], options)[0];
    return { term, cost: this.cost(id) };
  }
}

/**
 * Builds the terms of `roots` from a choice of one e-node per class (iterative; shared classes
 * are built once). @internal
 */
export function buildTerm<T>(g: EGraph, roots: readonly (Id | number)[], choose: (c: number) => number, options: TermOptions<T>): T[] {
  const o = options.ops ?? (termOps as unknown as TermOps<T>);
  const flatten = options.flatten === true;
  const n = g.idBound;
  const built: (T | undefined)[] = new Array(n);
  // 0: not seen, 1: on the stack (children pending), 2: built
  const state = new Uint8Array(n);
  const out: T[] = [];
  const stack: number[] = [];
  for (const r of roots) {
    stack.push(g.find(r));
    while (stack.length > 0) {
      const c = stack[stack.length - 1];
      if (state[c] === 2) {
        stack.pop();
        continue;
      }
      const node = choose(c);
      if (node < 0) throw new RangeError(`class ${c} has no extractable term (every e-node depends on an unextractable class)`);
      const s = g.nStart[node];
      const e = g.nStart[node + 1];
      let ready = true;
      state[c] = 1;
      for (let k = e - 1; k >= s; k--) {
        const kc = g.find(g.kids[k]);
        if (state[kc] !== 2) {
          // A class expanded but not built is an ancestor on the current path: a cycle.
          if (state[kc] === 1) throw new RangeError(`extraction chose a cycle through class ${kc}: the cost function must grow strictly with each node`);
          ready = false;
          stack.push(kc);
        }
      }
      if (!ready) continue;
      const code = g.nOp[node];
      let t: T;
      if (code < 0) {
        const li = ~code;
        t = g.leafKind[li] === 0 ? o.symbol(g.leafName[li]) : o.number(g.leafValue[li]);
      } else {
        const args: T[] = [];
        for (let k = s; k < e; k++) args.push(built[g.find(g.kids[k])]!);
        if (flatten && (code === OP_ADD || code === OP_MUL)) {
          const name = opName(code);
          const a0 = args[0];
          const a1 = args[1];
          const left = o.isCall(a0) && o.op(a0) === name ? o.args(a0) : [a0];
          const right = o.isCall(a1) && o.op(a1) === name ? o.args(a1) : [a1];
          // Bounded: every class of a chain is built, so flattening a chain of n without a
          // bound costs n²/2 (a 100,000-long sum never finished); longer chains stay nested
          // in groups of at most FLATTEN_MAX_ARGS arguments.
          const width = left.length + right.length;
          if (width > 2 && width <= FLATTEN_MAX_ARGS) args.splice(0, 2, ...left, ...right);
        }
        t = o.make(opName(code), args);
      }
      built[c] = t;
      state[c] = 2;
      stack.pop();
    }
    out.push(built[g.find(r)]!);
  }
  return out;
}

/**
 * The least-cost term of class `id`. For many queries on one e-graph, build one `Extractor`.
 *
 * @example
 * const egraph = new EGraph();
 * const root = egraph.addTerm(parse('x*1'));
 * egraph.union(root, egraph.addTerm(parse('x')));
 * egraph.rebuild();
 * const { term, cost } = extract(egraph, root, 'size');
 * format(term); // → 'x'
 * cost; // → 1
 */
export function extract(egraph: EGraph, id: Id | number, cost?: CostName | CostFunction): { term: Term; cost: number };
export function extract<T>(egraph: EGraph, id: Id | number, cost: CostName | CostFunction | undefined, options: TermOptions<T>): { term: T; cost: number };
export function extract<T>(egraph: EGraph, id: Id | number, cost: CostName | CostFunction = 'size', options: TermOptions<T> = {}): { term: T; cost: number } {
  return new Extractor(egraph, cost).best(id, options);
}

/** Most arguments of one add/mul built by flattening a chain (`TermOptions.flatten`). */
const FLATTEN_MAX_ARGS = 256;

/** Entries the greedy phase of {@link extractDag} may copy between class sets (about 100 MB). */
const DAG_SET_BUDGET = 2_000_000;

/**
 * Per-node cost for DAG extraction: `size` (1 each), `ops` (operator table), or a function.
 *
 * @example
 * const g = new EGraph();
 * const roots = [g.addTerm(parse('sin(x) + 1')), g.addTerm(parse('sin(x) * 2'))];
 * const cost: DagCost = 'size';
 * // shared sin(x) and x are counted once: x, sin(x), 1, +, 2, *
 * extractDag(g, roots, cost).cost; // → 6
 */
export type DagCost = 'size' | 'ops' | ((node: ENode) => number);

/**
 * DAG-aware extraction of several roots at once: shared subterms (the same class) are counted
 * once in `cost`. Greedy (not always optimal, never worse than the tree extraction it starts
 * from on each class's own set). Returns one term per root; with core terms, shared subterms
 * are the same hash-consed object.
 *
 * @example
 * const egraph = new EGraph();
 * const root1 = egraph.addTerm(parse('sin(x)^2'));
 * const root2 = egraph.addTerm(parse('sin(x) + 1'));
 * const { terms, cost } = extractDag(egraph, [root1, root2], 'ops');
 * terms.map(format); // → ['sin(x)^2', 'sin(x) + 1']
 */
export function extractDag(egraph: EGraph, roots: readonly (Id | number)[], cost?: DagCost): { terms: Term[]; cost: number };
export function extractDag<T>(egraph: EGraph, roots: readonly (Id | number)[], cost: DagCost | undefined, options: TermOptions<T>): { terms: T[]; cost: number };
export function extractDag<T>(egraph: EGraph, roots: readonly (Id | number)[], cost: DagCost = 'size', options: TermOptions<T> = {}): { terms: T[]; cost: number } {
  const g = egraph;
  const n = g.idBound;
  const nodeCost = (p: number): number => {
    if (cost === 'size') return 1;
    if (cost === 'ops') return g.nOp[p] >= 0 ? opCost(g.nOp[p]) : 1;
    const v = cost(g.view(p));
    if (!(v >= 0)) throw new RangeError(`DAG cost must be a non-negative number, got ${v} for ${g.describe(p)}`);
    return v;
  };
  // Each class's best: its chosen node, the set of classes that choice uses (class -> cost of
  // its node) and the total.
  const sets: (Map<number, number> | undefined)[] = new Array(n);
  const total = new Float64Array(n).fill(Infinity);
  const choice = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n + 1);
  const queued = new Uint8Array(n);
  let qHead = 0;
  let qTail = 0;
  // The class sets grow with depth: a chain of n classes holds n²/2 entries in all. Past this
  // many entries copied the greedy phase gives up and starts from tree extraction instead
  // (100,000-deep terms would otherwise need hours and tens of gigabytes).
  let setWork = 0;
  const relax = (p: number): void => {
    if (setWork > DAG_SET_BUDGET) return;
    const s = g.nStart[p];
    const e = g.nStart[p + 1];
    const r = g.find(p);
    let biggest: Map<number, number> | undefined;
    for (let k = s; k < e; k++) {
      const kc = g.find(g.kids[k]);
      const ks = sets[kc];
      if (ks === undefined || kc === r || ks.has(r)) return;
      if (biggest === undefined || ks.size > biggest.size) biggest = ks;
    }
    const set = new Map<number, number>(biggest ?? []);
    for (let k = s; k < e; k++) {
      const ks = sets[g.find(g.kids[k])]!;
      if (ks !== biggest) for (const [c, v] of ks) set.set(c, v);
    }
    set.set(r, nodeCost(p));
    setWork += set.size;
    let sum = 0;
    for (const v of set.values()) sum += v;
    if (sum < total[r]) {
      total[r] = sum;
      sets[r] = set;
      choice[r] = p;
      if (!queued[r]) {
        queued[r] = 1;
        queue[qTail] = r;
        qTail = qTail === n ? 0 : qTail + 1;
      }
    }
  };
  for (let p = 0; p < n; p++) if (g.isLive(p) && g.nStart[p + 1] === g.nStart[p]) relax(p);
  while (qHead !== qTail) {
    const c = queue[qHead];
    qHead = qHead === n ? 0 : qHead + 1;
    queued[c] = 0;
    const h = g.pHead[c];
    if (h < 0) continue;
    let e = h;
    do {
      const p = g.peNode[e];
      if (g.isLive(p)) relax(p);
      e = g.peNext[e];
    } while (e !== h);
  }
  if (setWork > DAG_SET_BUDGET) {
    const tree = new Extractor(g, cost === 'size' || cost === 'ops' ? cost : (node, kids) => kids.reduce((a, b) => a + b, cost(node)));
    for (let c = 0; c < n; c++) if (g.find(c) === c) choice[c] = tree.chosen(c);
  }
  // The greedy choice decides each class alone, so it misses sharing between siblings.
  // Improve it by local search: switch one class to another e-node when that lowers the DAG
  // cost of the whole extraction, until no switch helps (bounded work).
  const seenAt = new Int32Array(n); // == stamp: visited in the current evaluation
  const onPath = new Uint8Array(n);
  let stamp = 0;
  const dagCost = (): number => {
    stamp++;
    const stack = roots.map((r) => g.find(r) as number);
    let sum = 0;
    // Iterative DFS with exit markers (~c), to reject cyclic choices.
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (c < 0) {
        onPath[~c] = 0;
        continue;
      }
      if (seenAt[c] === stamp) {
        if (onPath[c]) {
          for (const x of stack) if (x < 0) onPath[~x] = 0;
          onPath[c] = 0;
          return Infinity;
        }
        continue;
      }
      seenAt[c] = stamp;
      onPath[c] = 1;
      const p = choice[c];
      if (p < 0) {
        for (const x of stack) if (x < 0) onPath[~x] = 0;
        onPath[c] = 0;
        return Infinity;
      }
      sum += nodeCost(p);
      stack.push(~c);
      for (let k = g.nStart[p]; k < g.nStart[p + 1]; k++) stack.push(g.find(g.kids[k]));
    }
    return sum;
  };
  let best = dagCost();
  const reached = (): number[] => {
    const seen = new Set<number>();
    const stack = roots.map((r) => g.find(r) as number);
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      seen.add(c);
      const p = choice[c];
      for (let k = g.nStart[p]; k < g.nStart[p + 1]; k++) stack.push(g.find(g.kids[k]));
    }
    return [...seen];
  };
  let budget = 2_000_000; // class visits the local search may spend
  for (let pass = 0; pass < 8 && budget > 0; pass++) {
    let improved = false;
    const classes = reached();
    for (const c of classes) {
      const h = g.cRing[c];
      if (h < 0) continue;
      let p = h;
      do {
        if (g.isLive(p) && p !== choice[c]) {
          let ok = true;
          for (let k = g.nStart[p]; k < g.nStart[p + 1] && ok; k++) if (choice[g.find(g.kids[k])] < 0) ok = false;
          if (ok) {
            const old = choice[c];
            choice[c] = p;
            const cost2 = dagCost();
            budget -= classes.length;
            if (cost2 < best) {
              best = cost2;
              improved = true;
            } else choice[c] = old;
          }
        }
        p = g.ring[p];
      } while (p !== h && budget > 0);
      if (budget <= 0) break;
    }
    if (!improved) break;
  }
  return { terms: buildTerm(g, roots, (c) => choice[c], options), cost: best };
}
