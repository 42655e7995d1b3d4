/**
 * Explanations: why two terms ended up in one e-class, as a chain of rewrite steps.
 *
 * With `explanations: true` the e-graph keeps a proof forest (egg's explain.rs, after
 * Nieuwenhuis & Oliveras): every e-node denotes exactly one term, and every union adds an edge
 * between the two e-nodes it was asked to merge, labelled with its reason (a rule, constant
 * folding, or congruence). The path between two e-nodes in that forest is the proof; a
 * congruence edge `f(a1, a2) = f(b1, b2)` expands into the proofs of `a1 = b1` and `a2 = b2`
 * inside the context `f(·, ·)`. Edges of the path between the children of a congruence edge
 * are older than that edge, so the expansion terminates.
 *
 * The result is flat: the sequence of whole terms from `a` to `b`, each obtained from the
 * previous one by one rule application at one position (forward or backward).
 */
import { type Term, type TermOps, format, termOps } from '@symx/core';
import { type EGraph, JUST_CONGRUENCE, JUST_FOLD } from './egraph.js';
import { opName } from './internal/ops.js';

/**
 * One step of an explanation.
 *
 * @example
 * const g = new EGraph({ explanations: true });
 * g.union(g.addTerm(parse('x*1')), g.addTerm(parse('x')), 'one-mul');
 * g.rebuild();
 * const steps: readonly ExplanationStep[] = explain(g, parse('x*1'), parse('x')).steps;
 * steps.map((s) => format(s.term)); // → ['x*1', 'x']
 * steps[1].rule; // → 'one-mul'
 */
export interface ExplanationStep {
  /** The whole term after this step (the first step is the starting term). */
  readonly term: Term;
  /** The rule (or 'constant-fold', or a union reason) applied; undefined for the first step. */
  readonly rule?: string;
  /** 'forward': the rule's left-hand side became its right-hand side; 'backward': the reverse. */
  readonly direction?: 'forward' | 'backward';
  /** Path of argument indices from the root to the rewritten subterm. */
  readonly position?: readonly number[];
}

/**
 * A chain of rewrite steps connecting two terms.
 *
 * @example
 * const egraph = new EGraph({ explanations: true });
 * const runner = new Runner({ egraph });
 * const [a, b] = [parse('(x + 0) * 1'), parse('x')];
 * runner.addTerm(a);
 * runner.addTerm(b);
 * runner.run([rule('~x + 0 => ~x'), rule('~x * 1 => ~x')]);
 * const e = explain(egraph, a, b);
 * e.steps.length > 1; // → true
 * e.toString(); // one line per step, naming the rule used
 */
export class Explanation {
  constructor(readonly steps: readonly ExplanationStep[]) {}
  /** Number of rewrite steps (the first entry is the starting term). */
  get length(): number {
    return this.steps.length - 1;
  }
  /** One line per term: `term` then `=> term   [rule]` (or `<=` for a backward step). */
  toString(): string {
    return this.steps
      .map((s, i) => (i === 0 ? format(s.term) : `${s.direction === 'backward' ? '<=' : '=>'} ${format(s.term)}   [${s.rule}]`))
      .join('\n');
  }
}

/**
 * An explanation was asked of an e-graph that cannot give it.
 *
 * @example
 * let error;
 * try { explain(new EGraph(), parse('x'), parse('x')); } catch (e) { error = e; }
 * // explanations are off in this e-graph
 * error instanceof ExplanationError; // → true
 */
export class ExplanationError extends Error {
  override name = 'ExplanationError';
}

/**
 * Default cap on the number of steps (explanations can grow exponentially in rare cases).
 *
 * @example
 * const egraph = new EGraph({ explanations: true });
 * const a = parse('x*1');
 * egraph.union(egraph.addTerm(a), egraph.addTerm(parse('x')));
 * egraph.rebuild();
 * explain(egraph, a, parse('x'), 10 * MAX_EXPLANATION_STEPS).steps.length; // → 2
 */
export const MAX_EXPLANATION_STEPS = 100_000;

interface Pos {
  readonly parent: Pos | undefined;
  readonly index: number;
}

/**
 * Explains why `a` and `b` are equal in `egraph` (built with `explanations: true`). Both terms
 * must be represented in the e-graph (added, or built by rules). Throws `ExplanationError` if
 * they are not equal, if explanations are off, or if a term is not in the e-graph.
 *
 * @example
 * const g = new EGraph({ explanations: true });
 * const runner = new Runner({ egraph: g });
 * const [a, b] = [parse('(x + 0) * 1'), parse('x')];
 * runner.addTerm(a); runner.addTerm(b);
 * runner.run([rule('~x + 0 => ~x'), rule('~x * 1 => ~x')]);
 * explain(g, a, b).toString(); // the rewrite chain, one step a line
 */
export function explain(egraph: EGraph, a: Term, b: Term, maxSteps = MAX_EXPLANATION_STEPS): Explanation {
  const g = egraph;
  if (!g.explaining) throw new ExplanationError('explanations are off: create the e-graph with { explanations: true }');
  const x = exactNodeOf(g, a);
  const y = exactNodeOf(g, b);
  if (x === undefined) throw new ExplanationError(`the term ${format(a)} is not in the e-graph`);
  if (y === undefined) throw new ExplanationError(`the term ${format(b)} is not in the e-graph`);
  if (g.find(x) !== g.find(y)) throw new ExplanationError(`${format(a)} and ${format(b)} are not equal in this e-graph`);
  return explainNodes(g, x, y, maxSteps);
}

/**
 * The e-node denoting exactly `t`. A term the e-graph represents (for example one built by a
 * rule) but that was never added as such is added now: that only creates e-nodes congruent to
 * existing ones, so no class changes.
 */
function exactNodeOf(g: EGraph, t: Term): number | undefined {
  const n = g.exactNode(t, termOps);
  if (n !== undefined) return n;
  if (g.lookupTerm(t) === undefined) return undefined;
  const id = g.addTerm(t);
  if (!g.isClean) g.rebuild();
  return id;
}

/** @internal Explanation between two e-nodes of one class. */
export function explainNodes(g: EGraph, x: number, y: number, maxSteps = MAX_EXPLANATION_STEPS): Explanation {
  const o: TermOps<Term> = termOps;
  const terms = new Map<number, Term>();
  const termOf = (node: number): Term => nodeTerm(g, node, terms, o);
  let current = termOf(x);
  const steps: ExplanationStep[] = [{ term: current }];
  // Work items, processed LIFO: a pair to explain, or a step to apply.
  type Item = { pair: true; x: number; y: number; pos: Pos | undefined } | { pair: false; rule: string; fwd: boolean; to: number; pos: Pos | undefined };
  const work: Item[] = [{ pair: true, x, y, pos: undefined }];
  while (work.length > 0) {
    const it = work.pop()!;
    if (!it.pair) {
      const path = pathOf(it.pos);
      current = replaceAt(current, path, termOf(it.to), o);
      steps.push({ term: current, rule: it.rule, direction: it.fwd ? 'forward' : 'backward', position: path });
      if (steps.length > maxSteps) throw new ExplanationError(`explanation longer than ${maxSteps} steps`);
      continue;
    }
    if (it.x === it.y) continue;
    const edges = proofPath(g, it.x, it.y);
    const items: Item[] = [];
    for (const [from, to, just, fwd] of edges) {
      if (just === JUST_CONGRUENCE) {
        const sf = g.nStart[from];
        const st = g.nStart[to];
        const arity = g.nStart[from + 1] - sf;
        for (let i = 0; i < arity; i++) items.push({ pair: true, x: g.okids![sf + i], y: g.okids![st + i], pos: { parent: it.pos, index: i } });
      } else {
        const rule = just === JUST_FOLD ? 'constant-fold' : g.reasons[just];
        items.push({ pair: false, rule, fwd, to, pos: it.pos });
      }
    }
    for (let i = items.length - 1; i >= 0; i--) work.push(items[i]);
  }
  return new Explanation(steps);
}

/** Edges [from, to, justification, forward] of the proof-forest path from x to y. */
function proofPath(g: EGraph, x: number, y: number): [number, number, number, boolean][] {
  const up = new Map<number, number>(); // node -> index on x's path to its root
  const xs: number[] = [];
  for (let c = x; ; c = g.exParent[c]) {
    up.set(c, xs.length);
    xs.push(c);
    if (g.exParent[c] === c) break;
  }
  const ys: number[] = [];
  let lca = y;
  while (!up.has(lca)) {
    ys.push(lca);
    if (g.exParent[lca] === lca) throw new ExplanationError(`internal: nodes ${x} and ${y} are not connected in the proof forest`);
    lca = g.exParent[lca];
  }
  const edges: [number, number, number, boolean][] = [];
  for (let i = 0; i < up.get(lca)!; i++) {
    const c = xs[i];
    edges.push([c, g.exParent[c], g.exJust[c], g.exFwd[c] === 1]);
  }
  for (let i = ys.length - 1; i >= 0; i--) {
    const c = ys[i];
    edges.push([g.exParent[c], c, g.exJust[c], g.exFwd[c] !== 1]);
  }
  return edges;
}

function pathOf(p: Pos | undefined): number[] {
  const out: number[] = [];
  for (let q = p; q !== undefined; q = q.parent) out.push(q.index);
  return out.reverse();
}

/** The term an e-node denotes (its original children), iterative with a cache. */
function nodeTerm(g: EGraph, node: number, cache: Map<number, Term>, o: TermOps<Term>): Term {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack[stack.length - 1];
    if (cache.has(n)) {
      stack.pop();
      continue;
    }
    const s = g.nStart[n];
    const e = g.nStart[n + 1];
    let ready = true;
    for (let k = e - 1; k >= s; k--) {
      if (!cache.has(g.okids![k])) {
        ready = false;
        stack.push(g.okids![k]);
      }
    }
    if (!ready) continue;
    const code = g.nOp[n];
    let t: Term;
    if (code < 0) t = g.leafKind[~code] === 0 ? o.symbol(g.leafName[~code]) : o.number(g.leafValue[~code]);
    else {
      const args: Term[] = [];
      for (let k = s; k < e; k++) args.push(cache.get(g.okids![k])!);
      t = o.make(opName(code), args);
    }
    cache.set(n, t);
    stack.pop();
  }
  return cache.get(node)!;
}

/** `t` with the subterm at `path` replaced by `r` (iterative). */
function replaceAt(t: Term, path: readonly number[], r: Term, o: TermOps<Term>): Term {
  const chain: Term[] = [];
  let u = t;
  for (const i of path) {
    chain.push(u);
    u = o.args(u)[i];
  }
  let acc = r;
  for (let j = path.length - 1; j >= 0; j--) {
    const parent = chain[j];
    const args = o.args(parent).slice();
    args[path[j]] = acc;
    acc = o.make(o.op(parent), args);
  }
  return acc;
}
