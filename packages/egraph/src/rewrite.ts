/**
 * Running core `Rule`s in the e-graph: the left-hand side compiles to an e-matching program
 * (ematch.ts), the right-hand side to an instantiation program (or stays a function), and the
 * condition receives e-graph bindings. Compiled once per Rule object and cached.
 *
 * Bindings in the e-graph: a slot is bound to an e-class, which stands for many terms.
 * `get(name)` returns a representative term of the class (its smallest by AST size, extracted
 * lazily), so conditions and function right-hand sides written for the classical engine run
 * unchanged. Conditions that want the class itself use {@link EGraphBindings} (`classId`,
 * `constant`, `hasSymbol`, `egraph`): see conditions.ts for helpers that work in both engines.
 */
import type { Num, Term } from '@symx/core';
import type { EGraph, Id } from './egraph.js';
import { Matches, type Program, compilePattern, flattenPattern } from './ematch.js';
import { representative } from './internal/represent.js';
import { type Bindings, type Pattern, type Rule, UnsupportedPatternError } from './internal/rule-api.js';

/**
 * Bindings of one e-graph match: slot name to e-class, with class-level queries.
 *
 * @example
 * // a condition that asks the e-graph: fold only when ~c is a known constant
 * const r = rule('~x * ~c => ~c * ~x', { where: (b) => isEGraphBindings(b) && (b as EGraphBindings).constant('c') !== undefined });
 * const runner = new Runner({ iterLimit: 2 });
 * const root = runner.addTerm(parse('y * (1 + 1)'));
 * runner.run([r]);
 * runner.egraph.lookupTerm(parse('2*y')) === runner.egraph.find(root); // → true
 */
export interface EGraphBindings extends Bindings {
  /** The e-graph being rewritten. */
  readonly egraph: EGraph;
  /** The canonical class bound to slot `name`. Throws for a slot the rule does not have. */
  classId(name: string): Id;
  /** The folded constant of that class, if any (constant-folding analysis). */
  constant(name: string): Num | undefined;
  /** True when that class contains a symbol. */
  hasSymbol(name: string): boolean;
}

/**
 * True for bindings that come from the e-graph (so `classId` and `constant` are available).
 *
 * @example
 * const nonZero = (b: Bindings) => isEGraphBindings(b) ? b.constant('x') !== undefined : b.get('x').kind === KIND_NUMBER;
 */
export function isEGraphBindings(b: Bindings): b is EGraphBindings {
  return b instanceof MatchBindings;
}

/** @internal The bindings of match `k` of a match buffer; one object reused per rule. */
export class MatchBindings implements EGraphBindings {
  matches!: Matches;
  k = 0;
  constructor(
    readonly egraph: EGraph,
    private readonly slots: readonly string[],
    private readonly ruleName: string,
  ) {}
  private index(name: string): number {
    const i = this.slots.indexOf(name);
    if (i < 0) throw new RangeError(`rule '${this.ruleName}' has no slot '${name}' (slots: ${this.slots.join(', ') || 'none'})`);
    return i;
  }
  classId(name: string): Id {
    return this.egraph.find(this.matches.slot(this.k, this.index(name)));
  }
  constant(name: string): Num | undefined {
    return this.egraph.constant(this.classId(name));
  }
  hasSymbol(name: string): boolean {
    return this.egraph.hasSymbol(this.classId(name));
  }
  get(name: string): Term {
    return representative(this.egraph, this.classId(name));
  }
  getSegment(name: string): readonly Term[] {
    throw new UnsupportedPatternError(`rule '${this.ruleName}': the e-graph has no segment slots (asked for ~~${name})`, this.ruleName);
  }
  has(name: string): boolean {
    return this.slots.includes(name);
  }
}

// Instantiation programs: post-order nodes, each [kind, value, arity, children...].
const N_SLOT = 0;
const N_LEAF = 1;
const N_CALL = 2;

/** @internal A pattern compiled for building: slots refer to the searcher's slot order. */
export class Instantiator {
  private ids: Int32Array;
  private buf = new Int32Array(8);
  constructor(
    private readonly code: Int32Array,
    private readonly count: number,
    private readonly literals: readonly Term[],
  ) {
    this.ids = new Int32Array(Math.max(1, count));
  }

  /** Adds the instance for match `k` and returns its id (an exact node with explanations). */
  build(g: EGraph, m: Matches, k: number): number {
    const code = this.code;
    const ids = this.ids;
    let p = 0;
    for (let i = 0; i < this.count; i++) {
      const kind = code[p];
      const value = code[p + 1];
      const arity = code[p + 2];
      if (kind === N_SLOT) ids[i] = m.slot(k, value);
      else if (kind === N_LEAF) ids[i] = g.leafOfTerm(this.literals[value], true);
      else {
        if (this.buf.length < arity) this.buf = new Int32Array(arity * 2);
        for (let a = 0; a < arity; a++) this.buf[a] = ids[code[p + 3 + a]];
        ids[i] = g.addNode(value, this.buf, arity);
      }
      p += 3 + arity;
    }
    return ids[this.count - 1];
  }
}

function compileInstantiator(p: Pattern, slotOrder: readonly string[], ruleName: string): Instantiator {
  const fp = flattenPattern(p, ruleName);
  const code: number[] = [];
  // flattenPattern is post-order with the root last only if no node is shared; re-linearize
  // from the root to be safe.
  const order: number[] = [];
  const index = new Map<number, number>();
  const stack: number[] = [fp.root];
  while (stack.length > 0) {
    const x = stack[stack.length - 1];
    if (index.has(x)) {
      stack.pop();
      continue;
    }
    let ready = true;
    for (let i = fp.nodes[x].children.length - 1; i >= 0; i--) {
      const c = fp.nodes[x].children[i];
      if (!index.has(c)) {
        ready = false;
        stack.push(c);
      }
    }
    if (!ready) continue;
    index.set(x, order.length);
    order.push(x);
    stack.pop();
  }
  for (const x of order) {
    const nd = fp.nodes[x];
    if (nd.kind === 0) {
      const name = fp.slots[nd.value].name;
      const si = slotOrder.indexOf(name);
      if (si < 0) throw new UnsupportedPatternError(`rule '${ruleName}': the right-hand side uses ~${name}, which the left-hand side does not bind`, ruleName);
      code.push(N_SLOT, si, 0);
    } else if (nd.kind === 1) code.push(N_LEAF, nd.value, 0);
    else code.push(N_CALL, nd.value, nd.children.length, ...nd.children.map((c) => index.get(c)!));
  }
  return new Instantiator(Int32Array.from(code), order.length, fp.literals);
}

/**
 * A rule compiled for the e-graph.
 *
 * @example
 * const compiled: EGraphRule = compileRule(rule('~x + 0 => ~x', { name: 'addZero' }));
 * compiled.name; // → 'addZero'
 */
export interface EGraphRule {
  readonly rule: Rule;
  readonly name: string;
  /** The left-hand side's e-matching program. */
  readonly searcher: Program;
  /** @internal */ readonly rhs: Instantiator | ((b: Bindings) => Term | undefined);
  /** @internal the left-hand side as an instantiation (explanations need the exact lhs term) */
  readonly lhs: Instantiator;
  /** @internal a match buffer the Runner may borrow (reused across runs) */
  buffer: Matches | undefined;
}

const compiled = new WeakMap<Rule, EGraphRule>();

/**
 * Compiles a core `Rule` for the e-graph (cached per Rule object). Throws
 * `UnsupportedPatternError` naming the rule for pattern features the e-graph cannot run
 * (segment slots) or a right-hand side slot the left-hand side does not bind.
 *
 * @example
 * const egraph = new EGraph();
 * egraph.addTerm(parse('sin(a * 1)'));
 * egraph.rebuild();
 * const r = compileRule(rule('~x * 1 => ~x'));
 * const m = new Matches(r.searcher.width);
 * r.searcher.search(egraph, Infinity, m);
 * m.length; // → 1
 */
export function compileRule(rule: Rule): EGraphRule {
  let c = compiled.get(rule);
  if (c !== undefined) return c;
  const searcher = compilePattern(rule.lhs, rule.name);
  const rhs = typeof rule.rhs === 'function' ? rule.rhs : compileInstantiator(rule.rhs, searcher.slots, rule.name);
  const lhs = compileInstantiator(rule.lhs, searcher.slots, rule.name);
  c = { rule, name: rule.name, searcher, rhs, lhs, buffer: new Matches(searcher.width) };
  compiled.set(rule, c);
  return c;
}

/**
 * Applies match `k` of rule `r`: checks the condition, builds the right-hand side, unions it
 * with the matched class. Returns true when the union changed the e-graph. @internal
 */
export function applyMatch(g: EGraph, r: EGraphRule, m: Matches, k: number, bindings: MatchBindings, just: number): boolean {
  const cond = r.rule.condition;
  if (cond !== undefined || typeof r.rhs === 'function') {
    bindings.matches = m;
    bindings.k = k;
  }
  if (cond !== undefined && !cond(bindings)) return false;
  let to: number;
  if (typeof r.rhs === 'function') {
    const t = r.rhs(bindings);
    if (t === undefined) return false;
    to = g.addTerm(t);
  } else to = r.rhs.build(g, m, k);
  const from = g.explaining ? r.lhs.build(g, m, k) : m.root(k);
  return g.unionJust(from, to, just);
}

