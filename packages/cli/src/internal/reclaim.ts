/**
 * Bounded memory for long runs (a batch of a million lines, a server answering an SR search for
 * hours): terms are hash-consed in core's default store, which only shrinks when told to. A
 * `Reclaimer` takes a watermark when it is created and, once more than `threshold` terms have
 * been created since, releases every term newer than the watermark except those the owner still
 * needs (`keep`). Releasing rebuilds the store's table, so it is done in large steps rather than
 * after every expression.
 */
import { type Term, type TermStore, defaultStore } from '@symx/core';

export class Reclaimer {
  private readonly mark: number;
  private baseline: number;

  /**
   * @example
   * const r = new Reclaimer();
   * for (const line of input) { handle(line); r.maybeRelease(); }
   */
  constructor(
    private readonly threshold = 50_000,
    private readonly store: TermStore = defaultStore,
  ) {
    this.mark = store.mark();
    this.baseline = store.stats().live;
  }

  /**
   * Releases the terms created since the watermark, except those reachable from `keep()`, when
   * more than `threshold` have accumulated. Returns the number of terms released.
   *
   * @example
   * reclaimer.maybeRelease(() => session.retainedTerms());
   */
  maybeRelease(keep: () => Iterable<Term> = () => []): number {
    if (this.store.stats().live - this.baseline <= this.threshold) return 0;
    const released = this.store.release(this.mark, keep());
    this.baseline = this.store.stats().live;
    return released;
  }
}
