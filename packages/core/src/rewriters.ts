/**
 * Rewriters and their combinators (after SymbolicUtils' rewriters.jl).
 *
 * One protocol: a `Rewriter<T>` is `(t) => T | undefined`, `undefined` meaning "no change"
 * (returning `t` itself means the same). Rules (`rule.apply`) and rule sets are rewriters at the
 * root; `postwalk`/`prewalk` apply a rewriter throughout a term; `chain`, `restartedChain`,
 * `fixpoint`, `ifElse`, `when`, `passThrough`, `empty` compose them.
 *
 * - Generic: traversals take a `TermOps<T>` (`{ ops }`, default: the hash-consed `Term`s).
 * - Copy-on-write: a node is rebuilt (`ops.make`) only when one of its children changed,
 *   compared by identity; when nothing changed the walk returns `undefined`.
 * - Depth-safe: walks are iterative (explicit stacks), so 100,000-deep terms are fine.
 * - DAG-aware: a walk visits each distinct subterm once (memo per walk, keyed by identity).
 * - Budgeted: inside a driver (`rewriteWithLimits`, see limits.ts) every walk step and every
 *   fixpoint round is counted against the active `Budget`; once it is exhausted the
 *   combinators stop rewriting and return what they have, which is always a sound term.
 * - Instrumentable: `instrument(rw, tracer)` rebuilds a combinator tree with every leaf (rule,
 *   rule set, plain function) reporting to a `Tracer`; `Stats` is a ready tracer.
 */
import { Budget, type Limits, type RewriteReport, activeBudget, nowMs, withBudget } from './limits.js';
import type { TermOps } from './term.js';
import { termOps } from './terms.js';
import { KIND_CALL, Term } from './internal/store.js';
import { withArgsFrom } from './internal/rebuild.js';

/**
 * A rewriter: the rewritten term, or `undefined` for no change.
 *
 * @example
 * const dropZero: Rewriter = (t) => (t.op === 'add' && t.args[1] === int(0) ? t.args[0] : undefined);
 * format(postwalk(dropZero)(parse('sin(x + 0) + 0'))); // → 'sin(x)'
 */
export type Rewriter<T = Term> = (t: T) => T | undefined;

/**
 * A rewriter or an object with an `apply` rewriter (a `Rule`, a `RuleSet`).
 *
 * @example
 * const steps: RewriterLike[] = [rule('~x * 1 => ~x'), (t) => undefined];
 * format(chain(steps)(parse('y * 1'))); // → 'y'
 */
export type RewriterLike<T = Term> = Rewriter<T> | { apply(t: T): T | undefined; readonly name?: string };

/**
 * Options of traversals: the term interface to walk through (default: hash-consed `Term`).
 *
 * @example
 * const options: WalkOptions<Term> = { ops: termOps };
 * format(postwalk(rule('~x * 1 => ~x'), options)(parse('sin(y * 1)'))); // → 'sin(y)'
 */
export interface WalkOptions<T> {
  readonly ops?: TermOps<T>;
}

/** How a combinator was built, so `instrument` can rebuild it with instrumented children. */
interface Structure<T> {
  readonly children: readonly RewriterLike<T>[];
  rebuild(children: Rewriter<T>[]): Rewriter<T>;
}
const structures = new WeakMap<object, Structure<unknown>>();

function composite<T>(f: Rewriter<T>, children: readonly RewriterLike<T>[], rebuild: (c: Rewriter<T>[]) => Rewriter<T>): Rewriter<T> {
  structures.set(f, { children, rebuild } as Structure<unknown>);
  return f;
}

/**
 * The function form of a rewriter-like value (a function, or an object with `apply`).
 *
 * @example
 * const f: Rewriter = asRewriter(rule('~x * 1 => ~x'));
 */
export function asRewriter<T>(r: RewriterLike<T>): Rewriter<T> {
  if (typeof r === 'function') return r;
  if (r !== null && typeof r === 'object' && typeof r.apply === 'function') return (t: T) => r.apply(t);
  throw new TypeError(`expected a rewriter (a function or an object with apply), got ${r === null ? 'null' : typeof r}`);
}

function opsOf<T>(opts: WalkOptions<T> | undefined): TermOps<T> {
  return opts?.ops ?? (termOps as unknown as TermOps<T>);
}

// ---- traversals -------------------------------------------------------------------------------

/**
 * Applies `rw` once at every node, children first (bottom-up): each node is rebuilt from its
 * rewritten children, then `rw` is applied to it. The result of `rw` is not walked again.
 *
 * @example
 * postwalk(rule('~x * 1 => ~x'))(parse('sin(x * 1) * 1'));   // sin(x)
 */
export function postwalk<T = Term>(rw: RewriterLike<T>, opts?: WalkOptions<T>): Rewriter<T> {
  const f = asRewriter(rw);
  const ops = opsOf(opts);
  // Hash-consed terms of the default store take a specialized loop (direct field reads).
  const walk =
    ops === (termOps as unknown as TermOps<T>)
      ? (t: T) => walkPostTerm(f as unknown as Rewriter<Term>, t as unknown as Term) as unknown as T | undefined
      : (t: T) => walkPost(f, t, ops);
  return composite(walk, [rw], ([c]) => postwalk(c, opts));
}

/** `walkPost` for `Term`s of the default store: the same algorithm without `TermOps` calls. */
function walkPostTerm(f: Rewriter<Term>, root: Term): Term | undefined {
  const budget = activeBudget();
  const done = new Map<Term, Term>();
  const stack: Term[] = [root];
  const opened: number[] = [0];
  const values: Term[] = [];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const u = stack[top];
    const args = u.args; // empty for leaves
    if (opened[top] === 0) {
      const known = done.get(u);
      if (known !== undefined) {
        stack.pop();
        opened.pop();
        values.push(known);
        continue;
      }
      if (args.length > 0) {
        opened[top] = 1;
        for (let i = args.length - 1; i >= 0; i--) {
          stack.push(args[i]);
          opened.push(0);
        }
        continue;
      }
    }
    stack.pop();
    opened.pop();
    let v = u;
    const n = args.length;
    if (n > 0) {
      const base = values.length - n;
      v = withArgsFrom(u, values, base);
      values.length = base;
    }
    if (budget === undefined || budget.step()) {
      const r = f(v);
      if (r !== undefined) v = r;
    }
    done.set(u, v);
    values.push(v);
  }
  const out = values[0];
  return out === root ? undefined : out;
}

/*
 * The post-order walk: an explicit stack of nodes (`opened` marks those whose children were
 * pushed) and a stack of results, so a node's rewritten children are the top entries of
 * `values` when it is finished. `done` memoizes each distinct subterm (DAG sharing): two Map
 * operations per distinct node. Two copies: generic over TermOps, and direct field reads for
 * the default store's terms (the hot path of classical simplification).
 */
function walkPost<T>(f: Rewriter<T>, root: T, ops: TermOps<T>): T | undefined {
  const budget = activeBudget();
  const done = new Map<T, T>();
  const stack: T[] = [root];
  const opened: number[] = [0];
  const values: T[] = [];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const u = stack[top];
    if (opened[top] === 0) {
      const known = done.get(u);
      if (known !== undefined) {
        stack.pop();
        opened.pop();
        values.push(known);
        continue;
      }
      if (ops.isCall(u)) {
        const args = ops.args(u);
        if (args.length > 0) {
          opened[top] = 1;
          for (let i = args.length - 1; i >= 0; i--) {
            stack.push(args[i]);
            opened.push(0);
          }
          continue;
        }
      }
    }
    const hasChildren = opened[top] === 1;
    stack.pop();
    opened.pop();
    let v = u;
    if (hasChildren) {
      const args = ops.args(u);
      const n = args.length;
      const base = values.length - n;
      let changed: T[] | undefined;
      for (let i = 0; i < n; i++) {
        const c = values[base + i];
        if (changed !== undefined) changed.push(c);
        else if (c !== args[i]) {
          changed = args.slice(0, i);
          changed.push(c);
        }
      }
      for (let i = 0; i < n; i++) values.pop();
      if (changed !== undefined) v = ops.make(ops.op(u), changed);
    }
    if (budget === undefined || budget.step()) {
      const r = f(v);
      if (r !== undefined) v = r;
    }
    done.set(u, v);
    values.push(v);
  }
  const out = values[0];
  return out === root ? undefined : out;
}

/**
 * Applies `rw` once at every node, parents first (top-down): `rw` rewrites a node, then the
 * walk continues into the children of the result. A rewrite that re-creates one of its own
 * ancestors (a cycle, e.g. `~x => f(~x)`) leaves that occurrence alone instead of looping.
 *
 * @example
 * prewalk(rule('sin(~x) => cos(~x)'))(parse('sin(sin(y))'));   // cos(cos(y))
 */
export function prewalk<T = Term>(rw: RewriterLike<T>, opts?: WalkOptions<T>): Rewriter<T> {
  const f = asRewriter(rw);
  const ops = opsOf(opts);
  return composite((t: T) => walkPre(f, t, ops), [rw], ([c]) => prewalk(c, opts));
}

function walkPre<T>(f: Rewriter<T>, root: T, ops: TermOps<T>): T | undefined {
  const budget = activeBudget();
  const done = new Map<T, T>();
  const active = new Set<T>();
  const stack: T[] = [root];
  const rewritten: (T | undefined)[] = [undefined]; // set once the node's children are pushed
  while (stack.length > 0) {
    const top = stack.length - 1;
    const u = stack[top];
    const v0 = rewritten[top];
    if (v0 === undefined) {
      if (done.has(u) || active.has(u)) {
        stack.pop();
        rewritten.pop();
        continue;
      }
      let v = u;
      if (budget === undefined || budget.step()) {
        const r = f(u);
        if (r !== undefined) v = r;
      }
      if (!ops.isCall(v) || ops.args(v).length === 0) {
        done.set(u, v);
        stack.pop();
        rewritten.pop();
        continue;
      }
      active.add(u);
      rewritten[top] = v;
      const args = ops.args(v);
      for (let i = args.length - 1; i >= 0; i--) {
        if (!done.has(args[i]) && !active.has(args[i])) {
          stack.push(args[i]);
          rewritten.push(undefined);
        }
      }
      continue;
    }
    // Children of v0 are done (or are active ancestors, which stay as they are).
    stack.pop();
    rewritten.pop();
    active.delete(u);
    const args = ops.args(v0);
    let changed: T[] | undefined;
    for (let i = 0; i < args.length; i++) {
      const c = done.get(args[i]) ?? args[i];
      if (changed !== undefined) changed.push(c);
      else if (c !== args[i]) {
        changed = args.slice(0, i);
        changed.push(c);
      }
    }
    done.set(u, changed !== undefined ? ops.make(ops.op(v0), changed) : v0);
  }
  const out = done.get(root)!;
  return out === root ? undefined : out;
}

// ---- combinators ------------------------------------------------------------------------------

/**
 * Applies each rewriter in turn to the result of the previous one; no change if none changed.
 *
 * @example
 * chain([rule('~x + 0 => ~x'), rule('~x * 1 => ~x')])(parse('(y * 1) + 0'));   // y
 */
export function chain<T = Term>(rws: readonly RewriterLike<T>[]): Rewriter<T> {
  const fs = rws.map(asRewriter);
  return composite(
    (t: T) => {
      const budget = activeBudget();
      let cur = t;
      for (let i = 0; i < fs.length; i++) {
        if (budget !== undefined && budget.exhausted) break;
        const r = fs[i](cur);
        if (r !== undefined) cur = r;
      }
      return cur === t ? undefined : cur;
    },
    rws,
    (c) => chain(c),
  );
}

/**
 * Tries the rewriters in order; at the first that changes the term, runs the whole chain once
 * on its result (SymbolicUtils' `RestartedChain`). No change if none applies.
 *
 * @example
 * const rw = restartedChain([rule('~x * 1 => ~x'), rule('~x + 0 => ~x')]);
 * rw(parse('(y * 1) + 0'));   // y: mulOne fails at the root, addZero fires, then the chain reruns
 */
export function restartedChain<T = Term>(rws: readonly RewriterLike<T>[]): Rewriter<T> {
  const fs = rws.map(asRewriter);
  const whole = chain(fs);
  return composite(
    (t: T) => {
      for (let i = 0; i < fs.length; i++) {
        const r = fs[i](t);
        if (r !== undefined && r !== t) {
          const budget = activeBudget();
          if (budget !== undefined && !budget.iteration()) return r;
          return whole(r) ?? r;
        }
      }
      return undefined;
    },
    rws,
    (c) => restartedChain(c),
  );
}

/**
 * Options of `fixpoint`.
 *
 * @example
 * const swap = fixpoint(rule('~x + ~y => ~y + ~x'), { maxIterations: 3 });
 * format(swap(parse('a + b'))); // → 'b + a'
 */
export interface FixpointOptions<T> extends WalkOptions<T> {
  /**
   * Rounds before giving up (default 1000). Reaching it stops the active budget, if any, with
   * `'iterations'`, so a looping rule set is reported rather than silently cut.
   */
  readonly maxIterations?: number;
}

/**
 * Applies `rw` until it makes no change. Each round counts against the active budget
 * (iterations, time; a result over the size limit is discarded and the loop stops).
 *
 * @example
 * const cleanup = fixpoint(postwalk(ruleSet('~x + 0 => ~x', '~x * 0 => 0')));
 * cleanup(parse('(a * 0 + b) * c'));   // b*c
 */
export function fixpoint<T = Term>(rw: RewriterLike<T>, opts?: FixpointOptions<T>): Rewriter<T> {
  const f = asRewriter(rw);
  const max = opts?.maxIterations ?? 1000;
  const ops = opsOf(opts);
  return composite(
    (t: T) => {
      const budget = activeBudget();
      let cur = t;
      for (let i = 0; ; i++) {
        if (i >= max) {
          budget?.stop('iterations');
          break;
        }
        if (budget !== undefined && !budget.iteration()) break;
        const r = f(cur);
        if (r === undefined || r === cur || (ops.equals !== undefined && ops.equals(r, cur))) break;
        if (budget !== undefined && budget.limitsSize && !budget.fitsSize(termSize(r, ops))) break;
        cur = r;
      }
      return cur === t ? undefined : cur;
    },
    [rw],
    ([c]) => fixpoint(c, opts),
  );
}

/**
 * `yes(t)` when `cond(t)`, else `no(t)` (default: no change).
 *
 * @example
 * const small = (t: Term) => t.size < 100;
 * const rw = ifElse(small, fixpoint(postwalk(SIMPLIFY_RULES)), postwalk(rule('~x * 1 => ~x')));
 * format(rw(parse('x*1 + 0'))); // → 'x'
 */
export function ifElse<T = Term>(cond: (t: T) => boolean, yes: RewriterLike<T>, no: RewriterLike<T> = empty): Rewriter<T> {
  const y = asRewriter(yes);
  const n = asRewriter(no);
  return composite((t: T) => (cond(t) ? y(t) : n(t)), [yes, no], ([a, b]) => ifElse(cond, a, b));
}

/**
 * `rw(t)` when `cond(t)`, otherwise no change.
 *
 * @example
 * when((t) => t.kind === KIND_CALL, ruleSet('~x * 1 => ~x'));
 */
export function when<T = Term>(cond: (t: T) => boolean, rw: RewriterLike<T>): Rewriter<T> {
  return ifElse(cond, rw, empty);
}

/**
 * A total function: `rw(t)`, or `t` itself when `rw` makes no change.
 *
 * @example
 * const t = parse('sin(y)');
 * const simplified: Term = passThrough(postwalk(rule('~x * 1 => ~x')))(t);
 * // no rule fired: the input comes back, not undefined
 * simplified === t; // → true
 */
export function passThrough<T = Term>(rw: RewriterLike<T>): (t: T) => T {
  const f = asRewriter(rw);
  return composite((t: T) => f(t) ?? t, [rw], ([c]) => passThrough(c)) as (t: T) => T;
}

/**
 * The rewriter that never changes anything.
 *
 * @example
 * ifElse((t) => t.size > 1000, empty, postwalk(rules));   // leave huge terms alone
 */
export const empty: Rewriter<never> & Rewriter<Term> = () => undefined;

// ---- limits -----------------------------------------------------------------------------------

/**
 * Tree size through `ops` (`Term.size` directly for hash-consed terms). Iterative; shared
 * subterms count once per occurrence (computed once).
 *
 * @example
 * termSize(parse('sin(x) + x'));   // 4
 */
export function termSize<T>(t: T, ops: TermOps<T> = termOps as unknown as TermOps<T>): number {
  if (t instanceof Term) return t.size;
  const sizes = new Map<T, number>();
  const stack: T[] = [t];
  while (stack.length > 0) {
    const u = stack[stack.length - 1];
    if (sizes.has(u)) {
      stack.pop();
      continue;
    }
    if (!ops.isCall(u)) {
      sizes.set(u, 1);
      stack.pop();
      continue;
    }
    const args = ops.args(u);
    let ready = true;
    for (const a of args) {
      if (!sizes.has(a)) {
        ready = false;
        stack.push(a);
      }
    }
    if (!ready) continue;
    let s = 1;
    for (const a of args) s += sizes.get(a)!;
    sizes.set(u, s);
    stack.pop();
  }
  return sizes.get(t)!;
}

/**
 * Options of `rewriteWithLimits`.
 *
 * @example
 * const once: RewriteOptions<Term> = { repeat: false };
 * rewriteWithLimits(rule('~x + ~y => ~y + ~x'), parse('a + b'), {}, once).stopReason; // → 'fixpoint'
 */
export interface RewriteOptions<T> extends WalkOptions<T> {
  /** Apply `rw` repeatedly until it makes no change (default true); false: once. */
  readonly repeat?: boolean;
}

/**
 * Runs `rw` on `t` under `limits` (time, iterations, size): repeatedly until it makes no change
 * or a limit is hit. Never throws for a limit: the report says why it stopped, and `term` is
 * the last sound result (a result over the size limit is discarded).
 *
 * @example
 * const set = ruleSet('~x + 0 => ~x', '~x * 1 => ~x');
 * const { term, stopReason } = rewriteWithLimits(fixpoint(postwalk(set)), parse('(y + 0) * 1'), { timeMs: 5 });
 * format(term); // → 'y'
 * stopReason; // → 'fixpoint'
 * rewriteWithLimits(postwalk(rule('~x + ~y => ~y + ~x')), parse('a + b'), { iterations: 10 }).stopReason;  // 'iterations'
 */
export function rewriteWithLimits<T = Term>(rw: RewriterLike<T>, t: T, limits: Limits = {}, opts?: RewriteOptions<T>): RewriteReport<T> {
  const f = asRewriter(rw);
  const ops = opsOf(opts);
  const repeat = opts?.repeat ?? true;
  const budget = new Budget(limits);
  const term = withBudget(budget, () => {
    let cur = t;
    for (;;) {
      if (!budget.iteration()) break;
      const r = f(cur);
      if (r === undefined || r === cur || (ops.equals !== undefined && ops.equals(r, cur))) break;
      if (budget.limitsSize && !budget.fitsSize(termSize(r, ops))) break;
      cur = r;
      if (!repeat || budget.exhausted) break;
    }
    return cur;
  });
  return { term, stopReason: budget.stopReason ?? 'fixpoint', iterations: budget.iterations, elapsedMs: budget.elapsedMs() };
}

// ---- instrumentation --------------------------------------------------------------------------

/**
 * Receives one record per application of an instrumented rewriter.
 *
 * @example
 * const log: string[] = [];
 * const tracer: Tracer = { record: (name, input, output) => { if (output !== undefined) log.push(name); } };
 * instrument(postwalk(rule('~x * 1 => ~x', { name: 'mulOne' })), tracer)(parse('sin(y * 1)'));
 * log; // → ['mulOne']
 */
export interface Tracer {
  /** `output` is undefined when nothing changed; `elapsedMs` is the time of that one call. */
  record(name: string, input: unknown, output: unknown, elapsedMs: number): void;
}

interface InstrumentableSet<T> {
  readonly kind: 'ruleset';
  instrument(tracer: Tracer): Rewriter<T>;
}

/**
 * The same rewriter with every leaf reporting to `tracer`: rules and rule sets per rule (by rule
 * name), other functions by `name` or their function name. Combinators are rebuilt around the
 * instrumented leaves, so `instrument(fixpoint(postwalk(set)), stats)` counts each rule.
 *
 * @example
 * const set = ruleSet(rule('~x * 1 => ~x', { name: 'mulOne' }), rule('~x + 0 => ~x', { name: 'addZero' }));
 * const stats = new Stats();
 * instrument(fixpoint(postwalk(set)), stats)(parse('(y * 1) + 0'));
 * stats.get('mulOne').fired; // → 1
 * stats.report(); // calls, firings and time per rule
 */
export function instrument<T = Term>(rw: RewriterLike<T>, tracer: Tracer, name?: string): Rewriter<T> {
  if (typeof rw === 'function' && (rw as unknown as InstrumentableSet<T>).kind === 'ruleset')
    return (rw as unknown as InstrumentableSet<T>).instrument(tracer);
  const s = typeof rw === 'function' ? (structures.get(rw) as Structure<T> | undefined) : undefined;
  if (s !== undefined) return s.rebuild(s.children.map((c) => instrument(c, tracer)));
  const f = asRewriter(rw);
  const label = name ?? (rw.name || 'anonymous');
  return (t: T) => {
    const start = nowMs();
    const out = f(t);
    tracer.record(label, t, out, nowMs() - start);
    return out;
  };
}

/**
 * Counts of one instrumented rewriter (or rule).
 *
 * @example
 * const stats = new Stats();
 * instrument(postwalk(rule('~x * 1 => ~x', { name: 'mulOne' })), stats)(parse('a * 1 + b'));
 * const e: StatsEntry = stats.get('mulOne');
 * [e.calls, e.fired]; // → [5, 1]
 */
export interface StatsEntry {
  /** Attempts. */
  calls: number;
  /** Attempts that changed the term. */
  fired: number;
  /** Time spent in all attempts, milliseconds. */
  timeMs: number;
}

/**
 * A `Tracer` that aggregates per name: attempts, firings, time.
 *
 * @example
 * const set = ruleSet(rule('~x * 1 => ~x', { name: 'mulOne' }));
 * const stats = new Stats();
 * instrument(postwalk(set), stats)(parse('sin(y * 1) * 1'));
 * stats.get('mulOne')?.fired; // → 2
 * stats.report();   // a text table, slowest first
 */
export class Stats implements Tracer {
  readonly entries = new Map<string, StatsEntry>();

  record(name: string, input: unknown, output: unknown, elapsedMs: number): void {
    let e = this.entries.get(name);
    if (e === undefined) {
      e = { calls: 0, fired: 0, timeMs: 0 };
      this.entries.set(name, e);
    }
    e.calls++;
    if (output !== undefined && output !== input) e.fired++;
    e.timeMs += elapsedMs;
  }

  /** The counts of one rewriter or rule, by name. */
  get(name: string): StatsEntry | undefined {
    return this.entries.get(name);
  }

  /** Entries sorted by a field, largest first. */
  sorted(by: keyof StatsEntry = 'timeMs'): [string, StatsEntry][] {
    return [...this.entries].sort((a, b) => b[1][by] - a[1][by]);
  }

  get totalTimeMs(): number {
    let s = 0;
    for (const e of this.entries.values()) s += e.timeMs;
    return s;
  }

  /** A text table of the `limit` most expensive entries. */
  report(limit = 20): string {
    const rows = this.sorted('timeMs').slice(0, limit);
    const lines = ['calls      fired      time(ms)   name'];
    for (const [name, e] of rows)
      lines.push(`${String(e.calls).padEnd(10)} ${String(e.fired).padEnd(10)} ${e.timeMs.toFixed(3).padEnd(10)} ${name}`);
    return lines.join('\n');
  }

  /** Forgets all counts. */
  reset(): void {
    this.entries.clear();
  }
}
