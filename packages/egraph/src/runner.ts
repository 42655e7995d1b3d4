/**
 * The equality-saturation runner (after egg's run.rs). One iteration: check the limits, run the
 * hooks, search every (scheduled) rule against the same clean e-graph, apply all matches rule
 * by rule, rebuild once. The run stops at the first of:
 *   saturated        an iteration applied nothing new and the scheduler agrees (no bans left)
 *   iteration-limit  `iterLimit` iterations ran              (default 30)
 *   node-limit       the hash-cons grew past `nodeLimit`     (default 10,000 entries)
 *   time-limit       `timeLimit` milliseconds elapsed        (default 5,000)
 *   hook             a hook returned a message
 * The stop reason is part of the result; a budget never throws.
 *
 * Limits are checked before each iteration, after each rule's search, after each match applied
 * (node limit) or every 64 matches (time limit), and after each iteration. So a run may pass
 * the node limit by one right-hand side plus the final rebuild, and the time limit by one
 * rule's search.
 */
import type { Term, TermOps } from '@symx/core';
import { EGraph, type EGraphOptions, type Id } from './egraph.js';
import { Matches } from './ematch.js';
import { now } from './internal/clock.js';
import type { Rule } from './internal/rule-api.js';
import { type EGraphRule, MatchBindings, applyMatch, compileRule } from './rewrite.js';

/**
 * Why a run stopped.
 *
 * @example
 * const runner = new Runner({ iterLimit: 2 });
 * runner.addTerm(parse('a + b'));
 * const reason: StopReason = runner.run([rule('~x + ~y => ~y + ~x')]).stopReason;
 * reason.kind; // → 'saturated'
 */
export type StopReason =
  | { readonly kind: 'saturated' }
  | { readonly kind: 'iteration-limit'; readonly iterations: number }
  | { readonly kind: 'node-limit'; readonly nodes: number }
  | { readonly kind: 'time-limit'; readonly elapsedMs: number }
  | { readonly kind: 'hook'; readonly message: string };

/**
 * What one iteration did.
 *
 * @example
 * const runner = new Runner();
 * runner.addTerm(parse('(x + 0) * 1'));
 * const { iterations } = runner.run([rule('~x + 0 => ~x'), rule('~x * 1 => ~x')]);
 * const first: IterationReport = iterations[0];
 * first.applied; // → { '~x + 0 => ~x': 1, '~x * 1 => ~x': 1 }
 */
export interface IterationReport {
  /** 0-based. */
  readonly index: number;
  /** Hash-cons entries (egg's total_size) and classes at the start of the iteration. */
  readonly nodes: number;
  readonly classes: number;
  /** Matches found per rule name (rules with none are omitted). */
  readonly matches: Readonly<Record<string, number>>;
  /** Applications that changed the e-graph, per rule name (rules with none are omitted). */
  readonly applied: Readonly<Record<string, number>>;
  /** Rules the scheduler skipped or whose matches it dropped this iteration. */
  readonly banned: readonly string[];
  readonly hookMs: number;
  readonly searchMs: number;
  readonly applyMs: number;
  readonly rebuildMs: number;
  readonly totalMs: number;
  /** Unions made by congruence during the rebuild. */
  readonly rebuildUnions: number;
  /** Set on the last iteration. */
  readonly stopReason?: StopReason;
}

/**
 * Totals of a run.
 *
 * @example
 * const runner = new Runner();
 * runner.addTerm(parse('(x + 0) * 1'));
 * const report: RunReport = runner.run([rule('~x + 0 => ~x'), rule('~x * 1 => ~x')]).report;
 * [report.stopReason.kind, report.rules['~x * 1 => ~x'].applied]; // → ['saturated', 1]
 */
export interface RunReport {
  readonly stopReason: StopReason;
  readonly iterations: number;
  /** Hash-cons entries, live e-nodes and classes at the end. */
  readonly nodes: number;
  readonly enodes: number;
  readonly classes: number;
  readonly hookMs: number;
  readonly searchMs: number;
  readonly applyMs: number;
  readonly rebuildMs: number;
  readonly totalMs: number;
  readonly rebuildUnions: number;
  /** Per rule: matches found and applications that changed something, over the run. */
  readonly rules: Readonly<Record<string, { readonly matches: number; readonly applied: number }>>;
}

/**
 * The result of `Runner.run`.
 *
 * @example
 * const runner = new Runner();
 * const id = runner.addTerm(parse('x * 1'));
 * const result: RunResult = runner.run([rule('~x * 1 => ~x')]);
 * result.egraph.find(result.roots[0]) === result.egraph.find(id); // → true
 */
export interface RunResult {
  readonly stopReason: StopReason;
  readonly iterations: readonly IterationReport[];
  readonly report: RunReport;
  readonly egraph: EGraph;
  readonly roots: readonly Id[];
}

/**
 * A hook runs before each iteration; returning a string stops the run with that message.
 *
 * @example
 * const stopAt100: Hook = (r) => (r.egraph.nodeCount > 100 ? 'too big' : undefined);
 * const runner = new Runner({ hooks: [stopAt100] });
 * runner.addTerm(parse('x * 1'));
 * runner.run([rule('~x * 1 => ~x')]).stopReason.kind; // → 'saturated'
 */
export type Hook = (runner: Runner) => string | undefined | void;

/**
 * Decides which rules run each iteration. All methods are optional.
 * - `start(rules)`: a run begins with these rules.
 * - `matchLimit(iteration, rule)`: how many matches to collect for rule index `rule` (0 skips
 *   the rule; default Infinity).
 * - `afterSearch(iteration, rule, found)`: `found` matches were collected with that limit;
 *   return false to drop them (default true).
 * - `canStop(iteration)`: the iteration changed nothing; may the run stop as saturated?
 *   (default true).
 *
 * @example
 * // a scheduler that lets every rule apply at most 10 matches per iteration
 * const capped: Scheduler = { matchLimit: () => 10 };
 * const runner = new Runner({ scheduler: capped });
 * runner.addTerm(parse('a + b'));
 * runner.run([rule('~x + ~y => ~y + ~x')]).stopReason.kind; // → 'saturated'
 */
export interface Scheduler {
  /** Called once before a run with the rule names. */
  start?(rules: readonly string[]): void;
  /** Matches rule `rule` may collect this iteration (0 bans it). */
  matchLimit?(iteration: number, rule: number): number;
  /** `found` matches were collected with that limit; false drops them. */
  afterSearch?(iteration: number, rule: number, found: number): boolean;
  /** The iteration changed nothing: may the run stop as saturated? */
  canStop?(iteration: number): boolean;
}

/**
 * Every rule, every match, every iteration.
 *
 * @example
 * new Runner({ scheduler: simpleScheduler() });
 */
export function simpleScheduler(): Scheduler {
  return {};
}

/**
 * Options of {@link backoffScheduler}.
 *
 * @example
 * const options: BackoffOptions = { matchLimit: 100, banLength: 2 };
 * const runner = new Runner({ scheduler: backoffScheduler(options) });
 * runner.addTerm(parse('a*b*c*d'));
 * runner.run([rule('~x * ~y => ~y * ~x'), rule('(~x * ~y) * ~z => ~x * (~y * ~z)')]).stopReason.kind !== undefined; // → true
 */
export interface BackoffOptions {
  /** Matches a rule may find in one iteration before it is banned (default 1000). */
  readonly matchLimit?: number;
  /** Iterations of the first ban (default 5). */
  readonly banLength?: number;
}

/**
 * egg's backoff scheduler (the default): a rule whose search finds more than
 * `matchLimit * 2^k` matches (k = times banned so far) has its matches dropped and is skipped
 * for `banLength * 2^k` iterations. When nothing else changes, bans are fast-forwarded instead
 * of stopping.
 *
 * @example
 * new Runner({ scheduler: backoffScheduler({ matchLimit: 500, banLength: 3 }) });
 */
export function backoffScheduler(options: BackoffOptions = {}): Scheduler {
  const limit0 = options.matchLimit ?? 1000;
  const ban0 = options.banLength ?? 5;
  let timesBanned: number[] = [];
  let bannedUntil: number[] = [];
  return {
    start(rules) {
      timesBanned = rules.map(() => 0);
      bannedUntil = rules.map(() => 0);
    },
    matchLimit(iteration, r) {
      if (iteration < bannedUntil[r]) return 0;
      return limit0 * 2 ** timesBanned[r] + 1;
    },
    afterSearch(iteration, r, found) {
      const threshold = limit0 * 2 ** timesBanned[r];
      if (found <= threshold) return true;
      bannedUntil[r] = iteration + ban0 * 2 ** timesBanned[r];
      timesBanned[r]++;
      return false;
    },
    canStop(iteration) {
      let minBan = Infinity;
      for (const b of bannedUntil) if (b > iteration && b < minBan) minBan = b;
      if (minBan === Infinity) return true;
      const delta = minBan - iteration;
      for (let r = 0; r < bannedUntil.length; r++) if (bannedUntil[r] > iteration) bannedUntil[r] -= delta;
      return false;
    },
  };
}

/**
 * Options of a Runner.
 *
 * @example
 * const options: RunnerOptions = { iterLimit: 5, nodeLimit: 1000, timeLimit: 100, egraph: { explanations: true } };
 * const runner = new Runner(options);
 * runner.iterLimit; // → 5
 */
export interface RunnerOptions {
  /** Maximum iterations (default 30). */
  readonly iterLimit?: number;
  /** Maximum hash-cons entries, stale ones included, as egg counts them (default 10,000). */
  readonly nodeLimit?: number;
  /** Maximum run time in milliseconds (default 5,000). */
  readonly timeLimit?: number;
  /** Default: `backoffScheduler()`. */
  readonly scheduler?: Scheduler;
  /** Run before each iteration. */
  readonly hooks?: readonly Hook[];
  /** The e-graph to saturate, or options for a new one (default: a new e-graph). */
  readonly egraph?: EGraph | EGraphOptions;
  /**
   * The clock of the time limit, in milliseconds (default: `performance.now`). For tests and
   * simulations that need deterministic time.
   */
  readonly clock?: () => number;
}

/**
 * Default limits (egg's): 30 iterations, 10,000 hash-cons entries, 5,000 ms.
 *
 * @example
 * new Runner({ nodeLimit: 10 * RUNNER_DEFAULTS.nodeLimit });
 */
export const RUNNER_DEFAULTS = Object.freeze({ iterLimit: 30, nodeLimit: 10_000, timeLimit: 5_000 });

/**
 * Equality saturation over an e-graph with core `Rule`s.
 *
 * @example
 * const runner = new Runner({ iterLimit: 10 });
 * const root = runner.addTerm(parse('(x + 0) * 1'));
 * const result = runner.run([rule('~x + 0 => ~x'), rule('~x * 1 => ~x')]);
 * result.stopReason.kind; // → 'saturated'
 * format(extract(runner.egraph, root).term); // → 'x'
 */
export class Runner {
  readonly egraph: EGraph;
  /** Classes of the terms added with `addTerm` (re-canonicalize with `egraph.find`). */
  readonly roots: Id[] = [];
  /** Reports of the iterations of the last run. */
  iterations: IterationReport[] = [];
  readonly iterLimit: number;
  readonly nodeLimit: number;
  readonly timeLimit: number;
  private readonly scheduler: Scheduler;
  private readonly hooks: readonly Hook[];
  private readonly clock: () => number;
  private startTime = 0;

  constructor(options: RunnerOptions = {}) {
    this.egraph = options.egraph instanceof EGraph ? options.egraph : new EGraph(options.egraph as EGraphOptions | undefined);
    this.iterLimit = options.iterLimit ?? RUNNER_DEFAULTS.iterLimit;
    this.nodeLimit = options.nodeLimit ?? RUNNER_DEFAULTS.nodeLimit;
    this.timeLimit = options.timeLimit ?? RUNNER_DEFAULTS.timeLimit;
    for (const [k, v] of [['iterLimit', this.iterLimit], ['nodeLimit', this.nodeLimit], ['timeLimit', this.timeLimit]] as const)
      if (!(v >= 0)) throw new RangeError(`Runner: ${k} must be a non-negative number, got ${v}`);
    this.scheduler = options.scheduler ?? backoffScheduler();
    this.hooks = options.hooks ?? [];
    this.clock = options.clock ?? now;
  }

  /** Adds a term to the e-graph and records its class as a root. */
  addTerm(t: Term): Id;
  addTerm<T>(t: T, ops: TermOps<T>): Id;
  addTerm<T>(t: T, ops?: TermOps<T>): Id {
    const id = ops ? this.egraph.addTerm(t, ops) : this.egraph.addTerm(t as Term);
    this.roots.push(id);
    return id;
  }

  /** Milliseconds since the current run started. */
  elapsed(): number {
    return this.clock() - this.startTime;
  }

  private checkLimits(iteration: number): StopReason | undefined {
    const t = this.elapsed();
    if (t > this.timeLimit) return { kind: 'time-limit', elapsedMs: t };
    if (this.egraph.memoSize > this.nodeLimit) return { kind: 'node-limit', nodes: this.egraph.memoSize };
    if (iteration >= this.iterLimit) return { kind: 'iteration-limit', iterations: iteration };
    return undefined;
  }

  private work = 0;

  /**
   * The node limit is checked every time (a counter); the clock only after `work` (matches
   * found or applied) reached 64 since the last reading, so tiny runs do not pay for it.
   */
  private checkBudget(work: number): StopReason | undefined {
    if (this.egraph.memoSize > this.nodeLimit) return { kind: 'node-limit', nodes: this.egraph.memoSize };
    this.work += work;
    if (this.work < 64) return undefined;
    this.work = 0;
    const t = this.elapsed();
    if (t > this.timeLimit) return { kind: 'time-limit', elapsedMs: t };
    return undefined;
  }

  /**
   * Saturates with `rules` until a stop condition. Throws only for bad rules
   * (`UnsupportedPatternError`) or errors raised by user code (conditions, hooks, analyses).
   */
  run(rules: readonly Rule[]): RunResult {
    const g = this.egraph;
    const compiled: EGraphRule[] = rules.map(compileRule);
    const names = compiled.map((r) => r.name);
    const justs = compiled.map((r) => (g.explaining ? g.reasonCode(r.name) : 0));
    // Borrow each rule's match buffer (a nested run with the same rule gets its own).
    const matches = compiled.map((r) => {
      const b = r.buffer;
      r.buffer = undefined;
      return b ?? new Matches(r.searcher.width);
    });
    const bindings = compiled.map((r) => (r.rule.condition !== undefined || typeof r.rhs === 'function' ? new MatchBindings(g, r.searcher.slots, r.name) : undefined));
    this.scheduler.start?.(names);
    this.iterations = [];
    this.work = 0;
    this.startTime = this.clock();
    if (!g.isClean) g.rebuild();
    let stop: StopReason | undefined;
    for (let i = 0; stop === undefined; i++) {
      stop = this.checkLimits(i);
      if (stop !== undefined) break;
      const it0 = now();
      const nodes0 = g.memoSize;
      const classes0 = g.classCount;
      for (const h of this.hooks) {
        const msg = h(this);
        if (typeof msg === 'string') {
          stop = { kind: 'hook', message: msg };
          break;
        }
      }
      if (!g.isClean) g.rebuild(); // a hook may have edited the e-graph
      const nodesH = g.memoSize;
      const classesH = g.classCount;
      const hookMs = now() - it0;
      const found: Record<string, number> = {};
      const applied: Record<string, number> = {};
      const banned: string[] = [];
      let totalApplied = 0;
      const s0 = now();
      if (stop === undefined) {
        for (let r = 0; r < compiled.length; r++) {
          matches[r].clear();
          const limit = this.scheduler.matchLimit?.(i, r) ?? Infinity;
          if (limit <= 0) {
            banned.push(names[r]);
            continue;
          }
          const n = compiled[r].searcher.search(g, limit, matches[r]);
          if (n > 0) found[names[r]] = (found[names[r]] ?? 0) + n;
          if (!(this.scheduler.afterSearch?.(i, r, n) ?? true)) {
            matches[r].clear();
            banned.push(names[r]);
          }
          stop = this.checkBudget(n);
          if (stop !== undefined) break;
        }
      }
      const a0 = now();
      if (stop === undefined) {
        outer: for (let r = 0; r < compiled.length; r++) {
          const m = matches[r];
          let count = 0;
          for (let k = 0; k < m.length; k++) {
            if (applyMatch(g, compiled[r], m, k, bindings[r]!, justs[r])) count++;
            if (g.memoSize > this.nodeLimit || (k & 63) === 63) {
              stop = this.checkBudget(64);
              if (stop !== undefined) {
                if (count > 0) applied[names[r]] = (applied[names[r]] ?? 0) + count;
                totalApplied += count;
                break outer;
              }
            }
          }
          if (count > 0) applied[names[r]] = (applied[names[r]] ?? 0) + count;
          totalApplied += count;
          stop = this.checkBudget(m.length & 63);
          m.clear();
          if (stop !== undefined) break;
        }
      }
      const r0 = now();
      const rebuildUnions = g.rebuild();
      const end = now();
      if (
        stop === undefined &&
        totalApplied === 0 &&
        (this.scheduler.canStop?.(i) ?? true) &&
        nodes0 === nodesH &&
        classes0 === classesH &&
        nodes0 === g.memoSize &&
        classes0 === g.classCount
      )
        stop = { kind: 'saturated' };
      if (stop === undefined) stop = this.checkLimits(i + 1);
      this.iterations.push({
        index: i,
        nodes: nodes0,
        classes: classes0,
        matches: found,
        applied,
        banned,
        hookMs,
        searchMs: a0 - s0,
        applyMs: r0 - a0,
        rebuildMs: end - r0,
        totalMs: end - it0,
        rebuildUnions,
        ...(stop !== undefined ? { stopReason: stop } : {}),
      });
    }
    for (let r = 0; r < compiled.length; r++) {
      matches[r].clear();
      compiled[r].buffer = matches[r];
    }
    if (!g.isClean) g.rebuild();
    return { stopReason: stop, iterations: this.iterations, report: this.summary(stop), egraph: g, roots: this.roots };
  }

  private summary(stop: StopReason): RunReport {
    let hookMs = 0;
    let searchMs = 0;
    let applyMs = 0;
    let rebuildMs = 0;
    let totalMs = 0;
    let rebuildUnions = 0;
    const rules: Record<string, { matches: number; applied: number }> = {};
    for (const it of this.iterations) {
      hookMs += it.hookMs;
      searchMs += it.searchMs;
      applyMs += it.applyMs;
      rebuildMs += it.rebuildMs;
      totalMs += it.totalMs;
      rebuildUnions += it.rebuildUnions;
      for (const [k, v] of Object.entries(it.matches)) (rules[k] ??= { matches: 0, applied: 0 }).matches += v;
      for (const [k, v] of Object.entries(it.applied)) (rules[k] ??= { matches: 0, applied: 0 }).applied += v;
    }
    const g = this.egraph;
    return {
      stopReason: stop,
      iterations: this.iterations.length,
      nodes: g.memoSize,
      enodes: g.nodeCount,
      classes: g.classCount,
      hookMs,
      searchMs,
      applyMs,
      rebuildMs,
      totalMs,
      rebuildUnions,
      rules,
    };
  }
}
