/**
 * The simplifier's engine (simplify.ts is its public front door). One run:
 *
 *   1. the normal form of the input (toNormal: numbers folded exactly, like terms and powers
 *      collected, x - x and x/x cancelled) in a private normal store;
 *   2. rounds: the normal form is written in rule form (ruleform.ts), one bottom-up pass applies
 *      the rule set at every node (indexed by head operator, index.ts), the sum identities at
 *      every sum (trigsum.ts) and common factors of sums at every product (factor.ts), and the
 *      result is normalized again; until a round changes nothing, or a limit is hit;
 *   3. the result is displayed three ways (display.ts) — readable, smallest, cheapest — and the
 *      readable one is returned if it is no larger than the input by size and by operator cost,
 *      else the best of the other two that is no larger, else the input itself (`choose`).
 *
 * Budget: the run is one `Budget` (limits.ts), active for the rewriters and the matcher. The
 * normal-form conversion cannot be interrupted, so a term too large to convert in the time left
 * is simplified in chunks: its maximal subterms of at most CHUNK_SIZE nodes are simplified
 * one by one, and the part above them is rewritten by the rules alone.
 *
 * Caches: the result of each fixpoint run per input term, the rewrite of each rule-form node,
 * and the rule form of each normal-form term. They are dropped when a store releases terms
 * (its `epoch` changes), when they grow past a bound, and with the private normal store, which
 * is reset whenever it holds more than WORK_STORE_LIMIT terms.
 */
import { Budget, type Limits, type StopReason, withBudget } from '../../limits.js';
import { type NTerm, NormalStore, toNormal } from '../../normal.js';
import { OPERATORS } from '../../operators.js';
import { operatorCost } from '../../measures.js';
import type { RuleSet } from '../../rule.js';
import { defaultStore } from '../../terms.js';
import { KIND_CALL, type Term } from '../store.js';
import { withArgsFrom } from '../rebuild.js';
import { display } from './display.js';
import { RuleIndex } from './index.js';
import { SUBSUMED_BY_NORMAL_FORM } from './subsumed.js';
import { toRuleForm } from './ruleform.js';
import { SignContext, withSignContext } from './sign.js';
import { commonFactors } from './factor.js';
import { trigSums } from './trigsum.js';

/** What an engine does; fixed for its lifetime (its caches depend on it). */
export interface EngineConfig {
  readonly rules: RuleSet | undefined;
  readonly normal: boolean;
  readonly sumIdentities: boolean;
  readonly assume: ReadonlyMap<string, number>;
}

export interface EngineResult {
  readonly term: Term;
  /**
   * The readable display of the final normal form, whether or not it was small enough to be
   * returned; undefined when the run did not use the normal form (rule-only runs, chunked
   * terms, leaves).
   */
  readonly canonical: Term | undefined;
  readonly stopReason: StopReason;
  readonly iterations: number;
  readonly elapsedMs: number;
}

/** Subterms of at most this many nodes are simplified as units when a term is chunked. */
const CHUNK_SIZE = 2048;
/** Out of time, a chunked run still rebuilds this many pending ancestors rather than give up. */
const MAX_REBUILD_AFTER_TIME = 4096;
/** Conservative conversion speed of the normal form, for deciding whether a term fits the time left. */
const NODES_PER_MS = 100;
/** The private normal store is reset when it holds more terms than this (between runs). */
const WORK_STORE_LIMIT = 1 << 16;
/** A cache is cleared when it grows past this many entries. */
const CACHE_LIMIT = 1 << 17;
/** Conservative time to rebuild one argument of a node above the chunks (intern + compare). */
const REBUILD_MS_PER_ARG = 0.002;
/** Terms up to this size are costed by plain recursion. */
const SMALL_COST = 2048;

const work = new NormalStore(1 << 12);
let workEpoch = work.epoch;
let termEpoch = defaultStore.epoch;
/** Rule form of NF terms of `work`, in the default store. */
let ruleFormCache = new Map<NTerm, Term>();
/** Bumped whenever the shared caches are dropped, so engines drop theirs too. */
let generation = 0;

/** Drops the shared caches when a store released terms or they grew too big. */
function refreshShared(): void {
  if (work.stats().live > WORK_STORE_LIMIT) work.reset();
  if (work.epoch !== workEpoch || defaultStore.epoch !== termEpoch || ruleFormCache.size > CACHE_LIMIT) {
    workEpoch = work.epoch;
    termEpoch = defaultStore.epoch;
    ruleFormCache = new Map();
    generation++;
  }
}

/** Rule indexes per rule set and mode, shared by the engines (one per set of assumptions). */
const indexes = new WeakMap<RuleSet, { normal?: RuleIndex; plain?: RuleIndex }>();
const NO_RULES_INDEX = new RuleIndex([]);

function indexFor(rules: RuleSet | undefined, normal: boolean): RuleIndex {
  if (rules === undefined) return NO_RULES_INDEX;
  let entry = indexes.get(rules);
  if (entry === undefined) {
    entry = {};
    indexes.set(rules, entry);
  }
  const key = normal ? 'normal' : 'plain';
  return (entry[key] ??= new RuleIndex(rules.rules, normal ? SUBSUMED_BY_NORMAL_FORM : new Set()));
}

const opCosts = new Map<string, number>();
function costOfOp(op: string): number {
  let c = opCosts.get(op);
  if (c === undefined) {
    c = OPERATORS.get(op)?.cost ?? 1;
    opCosts.set(op, c);
  }
  return c;
}

function smallCost(t: Term): number {
  if (t.kind !== KIND_CALL) return 1;
  let c = costOfOp(t.op);
  const args = t.args;
  for (let i = 0; i < args.length; i++) c += smallCost(args[i]);
  return c;
}

/** Operator cost of `t` counted as a tree (measures.ts `operatorCost`). */
export function treeCost(t: Term): number {
  return t.size <= SMALL_COST ? smallCost(t) : operatorCost(t);
}

interface Outcome {
  readonly term: Term;
  readonly canonical: Term | undefined;
}

export class Engine {
  private readonly sign: SignContext;
  private readonly leafRules: boolean;
  private readonly index: RuleIndex;
  /** Per input term: the outcome of a run that reached its fixpoint. */
  private results = new Map<Term, Outcome>();
  /** Per rule-form node (children already rewritten): the node after the rules. */
  private nodeCache = new Map<Term, Term>();
  /** Per rule-form subterm: the result of a whole pass over it. */
  private passCache = new Map<Term, Term>();
  private generation = -1;
  /** Rounds run by the current run (reported as `iterations`). */
  private rounds = 0;

  constructor(private readonly config: EngineConfig) {
    this.sign = new SignContext(config.assume);
    this.index = indexFor(config.rules, config.normal);
    this.leafRules = this.index.hasLeafRules;
  }

  run(t: Term, limits: Limits): EngineResult {
    refreshShared();
    if (this.generation !== generation) {
      this.results = new Map();
      this.nodeCache = new Map();
      this.passCache = new Map();
      this.generation = generation;
    }
    // The rewrite caches serve the rounds of one run (and the units of a chunked run); kept
    // across runs they mostly hold terms never met again, at a cost in memory and GC time.
    if (this.nodeCache.size > 0) this.nodeCache.clear();
    if (this.passCache.size > 0) this.passCache.clear();
    if (ruleFormCache.size > 0) ruleFormCache.clear();
    const budget = new Budget(limits);
    const savedRounds = this.rounds; // a rule may call simplify again (re-entrant run)
    this.rounds = 0;
    const out = withBudget(budget, () =>
      withSignContext(this.sign, (): Outcome => {
        const cached = this.results.get(t);
        if (cached !== undefined) return cached;
        let r: Outcome;
        if (t.kind !== KIND_CALL) r = { term: t, canonical: undefined };
        else if (!this.config.normal) r = { term: this.rulesOnly(t, budget), canonical: undefined };
        else if (fitsTime(t, budget)) r = this.unit(t, budget);
        else r = { term: this.chunked(t, budget), canonical: undefined };
        if (budget.stopReason === undefined) {
          if (this.results.size > CACHE_LIMIT) this.results = new Map();
          this.results.set(t, r);
        }
        return r;
      }),
    );
    const rounds = this.rounds;
    this.rounds = savedRounds;
    return {
      term: out.term,
      canonical: out.canonical,
      stopReason: budget.stopReason ?? 'fixpoint',
      iterations: rounds,
      elapsedMs: budget.elapsedMs(),
    };
  }

  /** Normal form, rounds of rules, best display (steps 1-3 of the file comment). */
  private unit(t: Term, budget: Budget): Outcome {
    let n = toNormal(t, work);
    const maxRounds = budget.limits.iterations ?? Infinity;
    for (let round = 0; ; round++) {
      // The round limit is per unit (chunked terms have many); time is shared.
      if (round >= maxRounds) {
        budget.stop('iterations');
        break;
      }
      if (!budget.checkTime()) break;
      this.rounds++;
      const p = toRuleForm(n, ruleFormCache);
      const q = this.pass(p, budget);
      if (q === p) break;
      if (budget.limitsSize && !budget.fitsSize(q.size)) break;
      if (!fitsTime(q, budget)) {
        budget.stop('time'); // normalizing q would not fit in the time left
        break;
      }
      const n2 = toNormal(q, work);
      if (n2 === n) break;
      n = n2;
    }
    const canonical = display(n, 'readable');
    return { term: choose(t, n, canonical), canonical };
  }

  /** One bottom-up pass of the rules (and sum identities) over a term, copy-on-write. */
  private pass(root: Term, budget: Budget): Term {
    const cache = this.passCache;
    const nodes = this.nodeCache;
    const done = new Map<Term, Term>();
    const stack: Term[] = [root];
    const opened: number[] = [0];
    const values: Term[] = [];
    const leafRules = this.leafRules;
    while (stack.length > 0) {
      const top = stack.length - 1;
      const u = stack[top];
      const args = u.args;
      if (opened[top] === 0) {
        const known = done.get(u) ?? cache.get(u);
        if (known !== undefined) {
          stack.pop();
          opened.pop();
          values.push(known);
          continue;
        }
        if (args.length > 0) {
          if (budget.exhausted || (stack.length & 1023) === 0 && !budget.checkTime()) return root;
          opened[top] = 1;
          for (let i = args.length - 1; i >= 0; i--) {
            stack.push(args[i]);
            opened.push(0);
          }
          continue;
        }
      }
      // Out of time: give up the pass (its partial rewrites would cost a rebuild of every
      // ancestor); the caller keeps the term it had.
      if (budget.exhausted) return root;
      stack.pop();
      opened.pop();
      let v = u;
      const n = args.length;
      if (n > 0) {
        const base = values.length - n;
        v = withArgsFrom(u, values, base);
        values.length = base;
      }
      if (n > 0 || leafRules) {
        const w = v === u ? nodes.get(v) : undefined;
        if (w !== undefined) v = w;
        else if (!budget.exhausted && budget.step()) {
          // Sum identities only on sums in normal form (none of their terms rewritten in this
          // pass): terms that a rule just changed may merge first, in the next normalization.
          const r = this.rewriteNode(v, v === u);
          if (!budget.exhausted && v === u) {
            if (nodes.size > CACHE_LIMIT) nodes.clear();
            nodes.set(v, r);
          }
          v = r;
        }
        // Post-order: when u completes within the budget, so did its whole subtree.
        if (!budget.exhausted) {
          if (cache.size > CACHE_LIMIT) cache.clear();
          cache.set(u, v);
        }
      }
      done.set(u, v);
      values.push(v);
    }
    return values[0];
  }

  /** The rules, then (on a sum in normal form) the sum identities, once at the root of `t`. */
  private rewriteNode(t: Term, normalSum: boolean): Term {
    const r = this.index.apply(t);
    if (r !== undefined) return r;
    if (normalSum && this.config.sumIdentities && t.kind === KIND_CALL) {
      if (t.op === 'add') return trigSums(t) ?? t;
      if (t.op === 'mul') return commonFactors(t) ?? t;
    }
    return t;
  }

  /** Without the normal form: rounds of the rule pass on the term as it is. */
  private rulesOnly(t: Term, budget: Budget): Term {
    let cur = t;
    const maxRounds = budget.limits.iterations ?? Infinity;
    for (let round = 0; ; round++) {
      if (round >= maxRounds) {
        budget.stop('iterations');
        break;
      }
      if (!budget.checkTime()) break;
      this.rounds++;
      const q = this.pass(cur, budget);
      if (q === cur) break;
      if (budget.limitsSize && !budget.fitsSize(q.size)) break;
      cur = q;
    }
    return noLarger(cur, t);
  }

  /**
   * A term too large for one normal-form conversion in the time left: its maximal subterms of
   * at most CHUNK_SIZE nodes are simplified as units, the nodes above them by the rules alone.
   */
  private chunked(t: Term, budget: Budget): Term {
    const done = new Map<Term, Term>();
    const stack: Term[] = [t];
    const opened: number[] = [0];
    // Time kept back for rebuilding the opened ancestors (interning a node and comparing costs
    // is linear in its arguments): the chunks stop early enough for the rebuild to end in time.
    const limit = budget.limits.timeMs;
    let reserveMs = 0;
    const outOfTime = (): boolean => {
      if (!budget.exhausted && limit !== undefined && reserveMs > 0 && budget.elapsedMs() + reserveMs > limit) budget.stop('time');
      return budget.exhausted;
    };
    while (stack.length > 0) {
      const top = stack.length - 1;
      const u = stack[top];
      if (opened[top] === 0) {
        if (done.has(u)) {
          stack.pop();
          opened.pop();
          continue;
        }
        // Out of time: what is left is kept as it is (a leaf here, not walked).
        const late = outOfTime();
        if (u.kind !== KIND_CALL || u.size <= CHUNK_SIZE || late) {
          done.set(u, u.kind === KIND_CALL && !budget.exhausted && fitsTime(u, budget) ? this.unit(u, budget).term : u);
          stack.pop();
          opened.pop();
          continue;
        }
        if (!budget.step()) continue; // out of time while descending: u is kept (above)
        opened[top] = 1;
        reserveMs += u.args.length * REBUILD_MS_PER_ARG;
        for (let i = u.args.length - 1; i >= 0; i--) {
          if (!done.has(u.args[i])) {
            stack.push(u.args[i]);
            opened.push(0);
          }
        }
        continue;
      }
      // Out of time with much left to rebuild (a deep term): keep the input (see `pass`).
      // Otherwise the chunks already simplified are kept and their ancestors rebuilt.
      if (budget.exhausted && stack.length > MAX_REBUILD_AFTER_TIME) return t;
      stack.pop();
      opened.pop();
      reserveMs -= u.args.length * REBUILD_MS_PER_ARG;
      let v = u;
      let changed: Term[] | undefined;
      for (let i = 0; i < u.args.length; i++) {
        const c = done.get(u.args[i])!;
        if (changed !== undefined) changed.push(c);
        else if (c !== u.args[i]) {
          changed = u.args.slice(0, i);
          changed.push(c);
        }
      }
      if (changed !== undefined) v = defaultStore.call(u.op, changed);
      if (!budget.exhausted && budget.step()) v = this.rewriteNode(v, false);
      done.set(u, v);
    }
    return noLarger(done.get(t)!, t);
  }
}

/** Whether converting `t` to the normal form fits in the time left (estimate). */
function fitsTime(t: Term, budget: Budget): boolean {
  const limit = budget.limits.timeMs;
  if (limit === undefined) return true;
  const left = limit - budget.elapsedMs();
  return t.size <= Math.max(CHUNK_SIZE, left * NODES_PER_MS);
}

/** `candidate` unless it is larger than `input` by size or by operator cost. */
function noLarger(candidate: Term, input: Term): Term {
  if (candidate === input) return input;
  return candidate.size <= input.size && costDelta(candidate, input) <= 0 ? candidate : input;
}

/**
 * treeCost(candidate) - treeCost(input), walking only where the two differ: tree cost is a sum
 * over nodes, so shared subterms and the operators of nodes with the same operator and arity
 * cancel. A large input of which the simplifier changed a few chunks then costs the size of its
 * top, not two full walks (which alone took longer than a 200 ms time limit on 300k nodes).
 */
function costDelta(candidate: Term, input: Term): number {
  let delta = 0;
  const stack: Term[] = [candidate, input];
  while (stack.length > 0) {
    const b = stack.pop()!;
    const a = stack.pop()!;
    if (a === b) continue;
    if (a.kind === KIND_CALL && b.kind === KIND_CALL && a.op === b.op && a.args.length === b.args.length) {
      for (let i = 0; i < a.args.length; i++) stack.push(a.args[i], b.args[i]);
    } else {
      delta += treeCost(a) - treeCost(b);
    }
  }
  return delta;
}

/**
 * The display of `n` to return for `input`: the readable one if it is no larger than `input` by
 * size and by cost; otherwise the best (fewest nodes, then lowest cost; ties to the earlier) of
 * the smallest display, the cheapest display and `input` itself among those no larger than
 * `input`. Idempotent: every candidate depends on `n` only, so simplifying the result again
 * makes the same choice (a candidate no larger than the result is no larger than `input`).
 */
function choose(input: Term, n: NTerm, readable: Term): Term {
  if (readable === input) return input;
  const size = input.size;
  let cost = -1;
  const fits = (c: Term): boolean => {
    if (c.size > size) return false;
    if (cost < 0) cost = treeCost(input);
    return treeCost(c) <= cost;
  };
  if (fits(readable)) return readable;
  // Among the admissible other displays, the best; ties go to the earlier (smallest first).
  let best: Term | undefined;
  let bestCost = 0;
  for (const obj of ['size', 'cost'] as const) {
    const c = display(n, obj);
    if (!fits(c)) continue;
    const cc = treeCost(c);
    if (best === undefined || c.size < best.size || (c.size === best.size && cc < bestCost)) {
      best = c;
      bestCost = cc;
    }
  }
  return best ?? input;
}
