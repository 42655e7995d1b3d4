/**
 * The classical matcher: runs a compiled left-hand side (program.ts) against a term.
 *
 * Matching is backtracking search in continuation-passing style: `match(node, t, st, k)` tries
 * every way `node` matches `t` and calls `k()` after each, stopping at the first `k()` that
 * returns true. Bindings live in one array per state (`vals`, indexed by slot) with a trail
 * for undoing on backtrack, so a failed attempt allocates nothing until a candidate passes the
 * cheap filters (operator, arity, literal presence). Recursion follows the pattern, never the
 * term, and patterns are at most MAX_PATTERN_DEPTH deep; loops over a term's arguments and
 * segment enumerations are iterative or bounded by the pattern's size.
 *
 * add/mul (AC): nested same-operator calls of the term are flattened; each non-segment pattern
 * argument takes one term argument, in any order. Surplus arguments go:
 *  - to the segment slot(s) if the pattern has any (several segments: every distribution);
 *  - else to one plain slot, the "absorber", bound to `op(surplus...)` — each slot in turn,
 *    last first (so `~a * ~b` over `p*q*r` gives a=p, b=q*r first, then the other ways);
 *  - else, only at the root of a rule and only as a last resort, they stay outside: the rule
 *    rewrites the matched sub-multiset (`st.rest`, see rule.ts).
 * The search is bounded: every candidate tried counts as a step, linear work is charged by its
 * length (`charge`), and after `maxSteps` the attempt gives up as a non-match (`st.aborted`);
 * every CLOCK_EVERY steps it also looks at the active budget's deadline. Not rewriting is
 * always sound.
 */
import { KIND_CALL, type Term } from '../store.js';
import { activeBudget } from '../../limits.js';
import { defaultStore } from '../../terms.js';
import { M_AC, M_CALL, M_LIT, M_SEG, M_SEQ, M_SLOT, type MAC, type MNode, type MSeg, type MSeq } from './program.js';

export type Value = Term | readonly Term[] | undefined;
export type Cont = () => boolean;

/** Per-attempt matching state. Reused across attempts of one rule (see rule.ts). */
export class MatchState {
  readonly vals: Value[];
  readonly trail: number[] = [];
  steps = 0;
  nextClockCheck = 1024;
  aborted = false;
  busy = false;
  /** Root partial AC match: the unmatched arguments, and where the result goes among them. */
  rest: Term[] | undefined = undefined;
  restAt = 0;
  /** Scratch "argument used" flags, one array per level of nested add/mul matching. */
  readonly usedPool: number[][] = [];
  acDepth = 0;

  constructor(
    slotCount: number,
    readonly maxSteps: number,
  ) {
    this.vals = new Array<Value>(slotCount).fill(undefined);
  }

  /** Clears the bindings (all made through the trail) and the counters for the next attempt. */
  reset(): void {
    const trail = this.trail;
    const vals = this.vals;
    // Popping is cheaper than `trail.length = 0`, a runtime call in V8.
    while (trail.length > 0) vals[trail.pop()!] = undefined;
    this.steps = 0;
    this.nextClockCheck = 1024;
    this.aborted = false;
    this.rest = undefined;
    this.acDepth = 0;
  }
}

function undo(st: MatchState, mark: number): void {
  const trail = st.trail;
  const vals = st.vals;
  while (trail.length > mark) vals[trail.pop()!] = undefined;
}

function bind(st: MatchState, index: number, v: Term | readonly Term[]): void {
  st.vals[index] = v;
  st.trail.push(index);
}

/** Matcher steps between two looks at the active budget's clock. */
const CLOCK_EVERY = 1024;

/**
 * True (and counts it) while the step cap lasts; sets `aborted` when it runs out, or when the
 * active budget's deadline (limits.ts) passes: a long search stops within its time limit.
 */
function step(st: MatchState): boolean {
  if (++st.steps > st.maxSteps) st.aborted = true;
  else if (st.steps >= st.nextClockCheck) {
    st.nextClockCheck = st.steps + CLOCK_EVERY;
    const budget = activeBudget();
    if (budget !== undefined && !budget.checkTime()) st.aborted = true;
  }
  return !st.aborted;
}

/**
 * Charges `cost` steps for linear work on the current candidate (scans, leftover lists). The
 * candidate is still finished; the next `step` sees the cap. So one full pass over a huge term
 * always completes, and the total work stays within about twice the cap.
 */
function charge(st: MatchState, cost: number): void {
  st.steps += cost;
}

/** Deterministic match of a `simple` node; binds through the trail, caller undoes on failure. */
function matchSimple(n: MNode, t: Term, st: MatchState): boolean {
  switch (n.tag) {
    case M_SLOT: {
      const v = st.vals[n.index];
      if (v !== undefined) return v === t;
      if (n.pred !== undefined && !n.pred(t)) return false;
      bind(st, n.index, t);
      return true;
    }
    case M_LIT:
      return t === n.term;
    case M_CALL: {
      const args = n.args;
      if (t.kind !== KIND_CALL || t.op !== n.op || t.args.length !== args.length) return false;
      for (let i = 0; i < args.length; i++) if (!matchSimple(args[i], t.args[i], st)) return false;
      return true;
    }
    default:
      return false; // not simple: never called with these
  }
}

/** Tries every way `n` matches `t`, calling `k` after each; true as soon as `k` accepts. */
export function match(n: MNode, t: Term, st: MatchState, k: Cont): boolean {
  if (st.aborted) return false;
  if (n.simple) {
    const mark = st.trail.length;
    if (matchSimple(n, t, st) && k()) return true;
    undo(st, mark);
    return false;
  }
  switch (n.tag) {
    case M_CALL:
      if (t.kind !== KIND_CALL || t.op !== n.op || t.args.length !== n.args.length) return false;
      return matchOrdered(n.args, t.args, 0, st, k);
    case M_SEQ:
      if (t.kind !== KIND_CALL || t.op !== n.op || t.args.length < n.minRest[0]) return false;
      return matchSeq(n, t.args, 0, 0, st, k);
    case M_AC:
      return matchAC(n, t, st, k, false);
    default:
      return false;
  }
}

/** Ordered arguments, fixed arity: simple ones are tested in a loop, the others by continuation. */
function matchOrdered(ps: readonly MNode[], ts: readonly Term[], from: number, st: MatchState, k: Cont): boolean {
  const mark = st.trail.length;
  let i = from;
  while (i < ps.length && ps[i].simple) {
    if (!matchSimple(ps[i], ts[i], st)) {
      undo(st, mark);
      return false;
    }
    i++;
  }
  if (i === ps.length ? k() : match(ps[i], ts[i], st, () => matchOrdered(ps, ts, i + 1, st, k))) return true;
  undo(st, mark);
  return false;
}

/** Ordered arguments with segments: each segment tries every length that leaves enough terms. */
function matchSeq(n: MSeq, ts: readonly Term[], pi: number, ti: number, st: MatchState, k: Cont): boolean {
  if (st.aborted) return false;
  const ps = n.args;
  if (pi === ps.length) return ti === ts.length && k();
  const p = ps[pi];
  if (p.tag !== M_SEG) return ti < ts.length && match(p, ts[ti], st, () => matchSeq(n, ts, pi + 1, ti + 1, st, k));
  const maxLen = ts.length - ti - n.minRest[pi + 1];
  const bound = st.vals[p.index] as readonly Term[] | undefined;
  if (bound !== undefined) {
    if (bound.length > maxLen) return false;
    for (let j = 0; j < bound.length; j++) if (ts[ti + j] !== bound[j]) return false;
    return matchSeq(n, ts, pi + 1, ti + bound.length, st, k);
  }
  const mark = st.trail.length;
  for (let len = 0; len <= maxLen; len++) {
    if (!step(st)) return false;
    // Runs grow by one element: once an element fails the type, every longer run fails too.
    if (len > 0 && p.pred !== undefined && !p.pred(ts[ti + len - 1])) return false;
    bind(st, p.index, ts.slice(ti, ti + len));
    if (matchSeq(n, ts, pi + 1, ti + len, st, k)) return true;
    undo(st, mark);
  }
  return false;
}

/** Arguments of an add/mul term with nested same-operator calls spliced in (iterative). */
export function flatArgs(t: Term): readonly Term[] {
  const args = t.args;
  const op = t.op;
  let nested = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.kind === KIND_CALL && a.op === op) {
      nested = true;
      break;
    }
  }
  if (!nested) return args;
  const out: Term[] = [];
  const stack: Term[] = [];
  for (let i = args.length - 1; i >= 0; i--) stack.push(args[i]);
  while (stack.length > 0) {
    const a = stack.pop()!;
    if (a.kind === KIND_CALL && a.op === op) for (let i = a.args.length - 1; i >= 0; i--) stack.push(a.args[i]);
    else out.push(a);
  }
  return out;
}

/** Above this many arguments the (quadratic) duplicate pre-check is left to the search. */
export const DUP_SCAN_MAX = 16;

/** Whether two arguments are the same term. */
export function hasDuplicate(args: readonly Term[]): boolean {
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    for (let j = 0; j < i; j++) if (args[j] === a) return true;
  }
  return false;
}

const ABSORB_NONE = -1;
const PARTIAL = -2;

/**
 * add/mul matching. `partial`: the root-only mode in which surplus arguments stay outside.
 */
export function matchAC(n: MAC, t: Term, st: MatchState, k: Cont, partial: boolean): boolean {
  if (t.kind !== KIND_CALL || t.op !== n.op) return false;
  const args = flatArgs(t);
  const len = args.length;
  const hasSegs = n.segs.length > 0;
  if (len < n.k) return false;
  if (partial) {
    if (hasSegs || len === n.k) return false; // the exact attempt already covered these
  } else if (len > n.k && !hasSegs && n.slots.length === 0) return false;
  // Cheap reject: every literal must be present (identity scan, no allocation).
  const lits = n.lits;
  for (let i = 0; i < lits.length; i++) {
    const lit = lits[i];
    let j = 0;
    while (j < len && args[j] !== lit) j++;
    if (j === len) return false;
  }
  if (n.dup && len <= DUP_SCAN_MAX && !hasDuplicate(args)) return false;
  // Scratch flags from the state's pool: matching is strictly nested, so one array per depth.
  const depth = st.acDepth++;
  // A nested add/mul costs at least its length; the outermost one is the "one full pass".
  if (depth > 0) charge(st, len);
  let used = st.usedPool[depth];
  if (used === undefined) used = st.usedPool[depth] = [];
  for (let j = 0; j < len; j++) used[j] = 0;
  try {
    for (let i = 0; i < lits.length; i++) {
      let j = 0;
      while (j < len && (used[j] === 1 || args[j] !== lits[i])) j++;
      if (j === len) return false; // a literal wanted more copies than there are
      used[j] = 1;
    }
    if (partial) return acStep(n, n.order, 0, args, used, st, k, PARTIAL);
    if (len === n.k || hasSegs) return acStep(n, n.order, 0, args, used, st, k, ABSORB_NONE);
    for (let a = n.slots.length - 1; a >= 0; a--) {
      const order = n.absorbOrders[a];
      if (order !== null && acStep(n, order, 0, args, used, st, k, a)) return true;
      if (st.aborted) return false;
    }
    return false;
  } finally {
    st.acDepth = depth;
  }
}

/** Assigns pattern argument `order[i]` to each unused term argument in turn. */
function acStep(
  n: MAC,
  order: readonly MNode[],
  i: number,
  args: readonly Term[],
  used: number[],
  st: MatchState,
  k: Cont,
  absorber: number,
): boolean {
  if (st.aborted) return false;
  if (i === order.length) return acFinish(n, args, used, st, k, absorber);
  const p = order[i];
  // A bound slot is a fixed term: take the first unused copy (copies are interchangeable).
  if (p.tag === M_SLOT) {
    const v = st.vals[p.index];
    if (v !== undefined) {
      for (let j = 0; j < args.length; j++) {
        if (used[j] === 0 && args[j] === v) {
          charge(st, j);
          used[j] = 1;
          if (acStep(n, order, i + 1, args, used, st, k, absorber)) return true;
          used[j] = 0;
          return false;
        }
      }
      charge(st, args.length);
      return false;
    }
  }
  const wantOp = p.tag === M_CALL || p.tag === M_AC || p.tag === M_SEQ ? p.op : undefined;
  // Simple patterns have one way to match each candidate: test, then recurse (no closure).
  const next = p.simple ? undefined : (): boolean => acStep(n, order, i + 1, args, used, st, k, absorber);
  let previous: Term | undefined;
  for (let j = 0; j < args.length; j++) {
    if (used[j] === 1) continue;
    const a = args[j];
    if (!step(st)) return false;
    if (wantOp !== undefined && (a.kind !== KIND_CALL || a.op !== wantOp)) continue;
    if (a === previous) continue; // same term as the candidate just tried: same outcomes
    previous = a;
    used[j] = 1;
    if (next === undefined) {
      const mark = st.trail.length;
      if (matchSimple(p, a, st) && acStep(n, order, i + 1, args, used, st, k, absorber)) return true;
      undo(st, mark);
    } else if (match(p, a, st, next)) return true;
    used[j] = 0;
    if (st.aborted) return false;
  }
  return false;
}

/** All single-argument patterns are placed; bind what is left over. */
function acFinish(n: MAC, args: readonly Term[], used: number[], st: MatchState, k: Cont, absorber: number): boolean {
  // Exact mode without segments: there were as many pattern arguments as term arguments, so
  // every argument is placed (the common case of nested patterns): nothing to collect.
  if (absorber === ABSORB_NONE && n.segs.length === 0) return k();
  charge(st, args.length);
  if (absorber >= 0) {
    // The absorber already bound (a repeated slot) would have to equal op(rest), which is never
    // a flattened argument: fail without building anything.
    const bound = st.vals[n.slots[absorber].index];
    if (bound !== undefined && (bound as Term).op !== n.op) return false;
  }
  const rest: Term[] = [];
  let firstUsed = -1;
  for (let j = 0; j < args.length; j++) {
    if (used[j] === 0) rest.push(args[j]);
    else if (firstUsed < 0) firstUsed = j;
  }
  if (absorber === PARTIAL) {
    st.rest = rest;
    st.restAt = firstUsed;
    if (k()) return true;
    st.rest = undefined;
    return false;
  }
  if (absorber >= 0) {
    // rest has >= 2 terms here (len > k), so op(rest) is a valid call.
    const s = n.slots[absorber];
    const whole = defaultStore.call(n.op, rest);
    const mark = st.trail.length;
    if (matchSimple(s, whole, st) && k()) return true;
    undo(st, mark);
    return false;
  }
  const segs = n.segs;
  if (segs.length === 0) return rest.length === 0 && k();
  if (segs.length === 1) {
    const mark = st.trail.length;
    if (bindSegment(segs[0], rest, st) && k()) return true;
    undo(st, mark);
    return false;
  }
  return distribute(segs, rest, st, k);
}

/** Binds an AC segment (a bound one must hold the same multiset); checks the type of each. */
function bindSegment(s: MSeg, run: readonly Term[], st: MatchState): boolean {
  const bound = st.vals[s.index] as readonly Term[] | undefined;
  if (bound !== undefined) return sameMultiset(bound, run);
  if (s.pred !== undefined) for (let i = 0; i < run.length; i++) if (!s.pred(run[i])) return false;
  bind(st, s.index, run);
  return true;
}

function sameMultiset(a: readonly Term[], b: readonly Term[]): boolean {
  if (a.length !== b.length) return false;
  const taken = new Uint8Array(b.length);
  outer: for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      if (taken[j] === 0 && b[j] === a[i]) {
        taken[j] = 1;
        continue outer;
      }
    }
    return false;
  }
  return true;
}

/**
 * Several segments of one add/mul: every assignment of the leftover arguments to segments, as
 * an odometer over `choice` (iterative; each assignment counts as a step).
 */
function distribute(segs: readonly MSeg[], rest: readonly Term[], st: MatchState, k: Cont): boolean {
  const m = segs.length;
  const choice = new Int32Array(rest.length);
  for (;;) {
    if (!step(st)) return false;
    const buckets: Term[][] = segs.map(() => []);
    for (let e = 0; e < rest.length; e++) buckets[choice[e]].push(rest[e]);
    const mark = st.trail.length;
    let ok = true;
    for (let s = 0; s < m && ok; s++) ok = bindSegment(segs[s], buckets[s], st);
    if (ok && k()) return true;
    undo(st, mark);
    // Next assignment.
    let e = 0;
    while (e < rest.length && ++choice[e] === m) choice[e++] = 0;
    if (e === rest.length) return false;
  }
}
