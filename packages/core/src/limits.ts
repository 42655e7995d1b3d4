/**
 * Budgets for rewriting: time, iterations and result size, and the reason a run stopped.
 *
 * A budget is never an exception. A driver (`rewriteWithLimits`, `simplify`, ...) creates a
 * `Budget` and makes it the *active* budget for the duration of the run (`withBudget`); every
 * combinator in rewriters.ts consults the active budget, and once it is exhausted stops doing
 * new work and returns the (sound, partially rewritten) term it has. The driver then reports
 * `budget.stopReason`. Nested drivers stack: the innermost active budget is the one consulted.
 *
 * Cost: `step()` is a counter increment and a compare; the clock is read only every
 * `checkEvery` steps (default 32), so a time limit costs well under a nanosecond per step.
 */

/**
 * Why a rewriting run stopped. `'fixpoint'`: nothing more to rewrite (the normal end).
 *
 * @example
 * const r: StopReason = rewriteWithLimits(rule('~x + ~y => ~y + ~x'), parse('a + b'), { iterations: 10 }).stopReason;
 * r; // → 'iterations'
 */
export type StopReason = 'fixpoint' | 'iterations' | 'time' | 'size';

/**
 * Limits for one run. Every field is optional; absent means unlimited.
 *
 * @example
 * const limits: Limits = { timeMs: 50, iterations: 100, size: 1000 };
 * format(simplify(parse('x*1 + 0'), { limits })); // → 'x'
 */
export interface Limits {
  /** Wall-clock budget in milliseconds. */
  readonly timeMs?: number;
  /** Maximum number of rounds over all fixpoint-style loops of the run (see `Budget.iteration`). */
  readonly iterations?: number;
  /**
   * Maximum size of a result. A round whose result is larger is discarded: the run stops with
   * `'size'` and returns the last term within the limit. Size is `Term.size` (tree size) for
   * hash-consed terms, otherwise `sizeOf` (default: tree size through the `TermOps`).
   */
  readonly size?: number;
  /** Read the clock every this many steps (default 32). */
  readonly checkEvery?: number;
}

/**
 * What a driver returns: the term and how the run ended.
 *
 * @example
 * const report: RewriteReport<Term> = rewriteWithLimits(postwalk(rule('~x * 1 => ~x')), parse('y * 1'));
 * [format(report.term), report.stopReason]; // → ['y', 'fixpoint']
 */
export interface RewriteReport<T> {
  readonly term: T;
  readonly stopReason: StopReason;
  /** Rounds counted against `Limits.iterations`. */
  readonly iterations: number;
  readonly elapsedMs: number;
}

const clock: { now(): number } = (globalThis as { performance?: { now(): number } }).performance ?? Date;

/**
 * Current time in milliseconds from a monotonic clock where available (`performance.now`).
 *
 * @example
 * const start = nowMs();
 * simplify(parse('sin(x)^2 + cos(x)^2'));
 * const ms = nowMs() - start;
 * ms >= 0; // → true
 */
export function nowMs(): number {
  return clock.now();
}

/**
 * The mutable state of one run against its `Limits`.
 *
 * @example
 * const b = new Budget({ iterations: 10, timeMs: 5 });
 * let rounds = 0;
 * while (b.iteration()) rounds++;  // at most 10 rounds, at most ~5 ms
 * rounds <= 10; // → true
 * b.stopReason === 'iterations' || b.stopReason === 'time'; // → true
 */
export class Budget {
  /** Set once, by the first limit that is hit; `undefined` while the budget lasts. */
  stopReason: StopReason | undefined = undefined;
  /** Rounds counted so far. */
  iterations = 0;
  /** Steps counted so far (rewriter applications at nodes). */
  steps = 0;
  readonly startMs: number;
  private readonly deadline: number;
  private readonly maxIterations: number;
  private readonly maxSize: number;
  private readonly checkEvery: number;
  private nextCheck: number;

  constructor(readonly limits: Limits = {}) {
    this.startMs = clock.now();
    const { timeMs, iterations, size, checkEvery } = limits;
    this.deadline = timeMs === undefined ? Infinity : this.startMs + Math.max(0, timeMs);
    this.maxIterations = iterations ?? Infinity;
    this.maxSize = size ?? Infinity;
    this.checkEvery = Math.max(1, Math.floor(checkEvery ?? 32));
    this.nextCheck = this.checkEvery;
  }

  /** True once any limit was hit. */
  get exhausted(): boolean {
    return this.stopReason !== undefined;
  }

  /** Records the first stop reason; later ones are ignored. */
  stop(reason: Exclude<StopReason, 'fixpoint'>): void {
    if (this.stopReason === undefined) this.stopReason = reason;
  }

  /** Counts one unit of work; returns false when the budget is exhausted (time is checked every N). */
  step(): boolean {
    if (this.stopReason !== undefined) return false;
    if (++this.steps >= this.nextCheck) {
      this.nextCheck = this.steps + this.checkEvery;
      if (clock.now() > this.deadline) {
        this.stopReason = 'time';
        return false;
      }
    }
    return true;
  }

  /**
   * Asks for one more round of a fixpoint-style loop. Returns false (and stops the budget with
   * `'iterations'`) when the iteration limit is reached; also checks the clock.
   */
  iteration(): boolean {
    if (this.stopReason !== undefined) return false;
    if (this.iterations >= this.maxIterations) {
      this.stopReason = 'iterations';
      return false;
    }
    this.iterations++;
    if (clock.now() > this.deadline) {
      this.stopReason = 'time';
      return false;
    }
    return true;
  }

  /**
   * Reads the clock now (for loops whose steps are not `step()`s, e.g. the matcher's search);
   * returns false, stopping the budget with `'time'`, once the deadline has passed.
   */
  checkTime(): boolean {
    if (this.stopReason !== undefined) return false;
    if (clock.now() > this.deadline) {
      this.stopReason = 'time';
      return false;
    }
    return true;
  }

  /** True when `size` is within the size limit; otherwise stops the budget with `'size'`. */
  fitsSize(size: number): boolean {
    if (size <= this.maxSize) return true;
    this.stop('size');
    return false;
  }

  /** Whether a size limit is set (callers skip computing sizes otherwise). */
  get limitsSize(): boolean {
    return this.maxSize !== Infinity;
  }

  /** Milliseconds since the budget was created. */
  elapsedMs(): number {
    return clock.now() - this.startMs;
  }
}

let active: Budget | undefined;

/**
 * The budget of the innermost running driver, if any. Custom rewriters with loops of their
 * own can honour it the way the combinators do.
 *
 * @example
 * // a custom rewriter that honours the budget of whichever driver runs it
 * const countdown: Rewriter = (t) => {
 *   const budget = activeBudget();
 *   let n = 0;
 *   while (n < 1_000_000 && (budget === undefined || budget.step())) n++;
 *   return n === 1_000_000 ? undefined : int(n);
 * };
 * activeBudget(); // → undefined
 * const budget = new Budget({ timeMs: 0 });
 * withBudget(budget, () => countdown(sym('x')) !== undefined); // → true
 * budget.stopReason; // → 'time'
 */
export function activeBudget(): Budget | undefined {
  return active;
}

/**
 * Runs `fn` with `budget` as the active budget, restoring the previous one afterwards (also on
 * exceptions). Combinators called inside `fn` honour it.
 *
 * @example
 * const t = parse('a + b');
 * const budget = new Budget({ iterations: 5 });
 * const swap = fixpoint(postwalk(rule('~x + ~y => ~y + ~x')));
 * const out = withBudget(budget, () => swap(t)) ?? t;
 * budget.stopReason ?? 'fixpoint'; // → 'iterations'
 */
export function withBudget<R>(budget: Budget, fn: () => R): R {
  const saved = active;
  active = budget;
  try {
    return fn();
  } finally {
    active = saved;
  }
}
