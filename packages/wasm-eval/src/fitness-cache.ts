/**
 * An optional fitness cache for `lossPopulation`: GP runs score the same candidate again and
 * again (about 60% of evaluations in a typical run repeat an expression already scored), so a
 * loss remembered by the candidate's canonical structure and constant values is a lookup instead
 * of a VM run. Keys are core's `structuralKey` (equal up to commutativity and associativity of
 * add/mul, constants included), strings that outlive store generations, so the cache can span a
 * whole search while candidates are released and rebuilt. One cache entry per (dataset, loss
 * kind, early exit, key); least recently stored entries leave first beyond `capacity`.
 */
import { type Term, structuralKey } from '@symx/core';
import { KernelError } from './kernel.js';

/** A remembered result: the loss and the invalid flag. */
interface Entry {
  readonly loss: number;
  readonly invalid: number;
}

/**
 * Losses by candidate structure, for `lossPopulation(exprs, data, { cache })`.
 *
 * @example
 * const x = Float64Array.of(1, 2, 3);
 * const data = createDataset(['x'], [x], { target: Float64Array.of(2, 4, 6) });
 * const cache = new FitnessCache();
 * lossPopulation([parse('x + x'), parse('x*2')], data, { cache }).loss[0]; // → 0
 * lossPopulation([parse('x + x'), parse('3*x')], data, { cache }); // 'x + x' is a hit
 * [cache.hits, cache.misses, cache.size]; // → [1, 3, 3]
 * data.dispose();
 */
export class FitnessCache {
  private readonly byDataset = new WeakMap<object, Map<string, Map<string, Entry>>>();
  /** Every stored key in storage order (for eviction): [table, key]. */
  private readonly order: [Map<string, Entry>, string][] = [];
  private head = 0;
  private stored = 0;
  /** Candidates answered without a computation of their own (repeats within a call included). */
  hits = 0;
  /** Distinct candidates that had to be computed. */
  misses = 0;

  /** @param capacity the most entries kept (default 1,000,000) */
  constructor(readonly capacity = 1_000_000) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new KernelError(`FitnessCache: capacity must be a positive integer, got ${capacity}`);
  }

  /** Entries currently stored. */
  get size(): number {
    return this.stored;
  }

  /** Forgets everything (the counters too). */
  clear(): void {
    for (let i = this.head; i < this.order.length; i++) this.order[i][0].clear();
    this.order.length = 0;
    this.head = 0;
    this.stored = 0;
    this.hits = this.misses = 0;
  }

  /** @internal The table of one dataset and loss variant (kind, early exit). */
  table(dataset: object, variant: string): Map<string, Entry> {
    let variants = this.byDataset.get(dataset);
    if (variants === undefined) {
      variants = new Map();
      this.byDataset.set(dataset, variants);
    }
    let t = variants.get(variant);
    if (t === undefined) {
      t = new Map();
      variants.set(variant, t);
    }
    return t;
  }

  /** @internal Stores one result, evicting the oldest entries beyond the capacity. */
  store(table: Map<string, Entry>, key: string, loss: number, invalid: number): void {
    if (table.has(key)) return;
    table.set(key, { loss, invalid });
    this.order.push([table, key]);
    this.stored++;
    while (this.stored > this.capacity) {
      const [t, k] = this.order[this.head++];
      if (t.delete(k)) this.stored--;
    }
    // drop the evicted prefix now and then, so the order list does not grow without bound
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }
}

/** The cache key of a candidate: its structural key (constants included). */
export function fitnessKey(t: Term): string {
  return structuralKey(t);
}
