/**
 * The default term representation: immutable, hash-consed terms interned in a `TermStore`.
 *
 * Layout of a `Term` (one monomorphic class, so V8 keeps a single hidden class):
 *   kind   KIND_NUMBER | KIND_SYMBOL | KIND_CALL
 *   op     call: operator name; symbol: its name; number: ''
 *   args   call: argument terms (never mutated); otherwise a shared empty array
 *   value  number: its Num (Rational or float); otherwise 0
 *   hash   32-bit structural hash, computed once from the children's cached hashes
 *   id     integer unique within the store, increasing: children always have smaller ids
 *   size   tree size (nodes counted with multiplicity, as a float), depth: 1 for leaves
 *   owner  id of the store while the term is live, 0 once released
 *
 * Interning table: open addressing with linear probing over an array of terms, load <= 1/2.
 * Structural equality of two live terms of one store is `===`.
 *
 * Reclamation (the store never grows without bound in an SR loop): terms are released in
 * generations. `mark()` returns a watermark; `release(mark, keep)` drops every term created
 * since the mark that is not reachable from `keep`, so V8 can collect it. `scope(fn)` wraps the
 * two. A released term is dead: building with it throws `StaleTermError` rather than silently
 * producing a second copy of a structure (which would break `===`). `epoch` counts releases, so
 * caches keyed by terms know when to drop entries. WeakRef/FinalizationRegistry are avoided on
 * purpose: their cost and their dependence on GC timing do not suit a hot interning table.
 */
import { type Num, Rational, integer, numEquals } from '../numbers.js';
import { OPERATORS, type OperatorInfo, VARIADIC } from '../operators.js';
import { finish, hashBigInt, hashFloat, hashString, mix } from './hash.js';

/**
 * `Term.kind` of a number (its value is `t.value`).
 *
 * @example
 * parse('2').kind === KIND_NUMBER; // → true
 */
export const KIND_NUMBER = 0;
/**
 * `Term.kind` of a symbol (its name is `t.op`).
 *
 * @example
 * parse('x').kind === KIND_SYMBOL; // → true
 */
export const KIND_SYMBOL = 1;
/**
 * `Term.kind` of a call (operator `t.op`, arguments `t.args`).
 *
 * @example
 * parse('sin(x)').kind === KIND_CALL; // → true
 */
export const KIND_CALL = 2;
/**
 * The three kinds of terms.
 *
 * @example
 * const k: Kind = parse('x + 1').kind;
 * k === KIND_CALL; // → true
 */
export type Kind = typeof KIND_NUMBER | typeof KIND_SYMBOL | typeof KIND_CALL;

const NO_ARGS: readonly Term[] = Object.freeze([]);

/**
 * A hash-consed term. Build terms through a store (or the builders in terms.ts), never `new`.
 * Fields: `kind`, `op` (operator, or a symbol's name), `args`, `value` (a number's `Num`),
 * `hash`, `id`, `size` (tree size) and `depth`. Equal structures are the same object.
 *
 * @example
 * const t = parse('sin(x) + 1');
 * [t.kind === KIND_CALL, t.op, t.args.length, t.size, t.depth]; // → [true, 'add', 2, 4, 3]
 * t.args[0].args[0].op; // → 'x'
 * t === parse('sin(x)+1'); // → true
 */
export class Term {
  /** @internal */
  owner: number;
  /** @internal */
  constructor(
    readonly kind: Kind,
    readonly op: string,
    readonly args: readonly Term[],
    readonly value: Num,
    readonly hash: number,
    readonly id: number,
    readonly size: number,
    readonly depth: number,
    owner: number,
  ) {
    this.owner = owner;
  }
  /** Infix source of this term (set by format.ts to avoid an import cycle). */
  toString(): string {
    return termToString(this);
  }
}

let termToString: (t: Term) => string = (t) => `Term#${t.id}`;
/** @internal lets the printer install itself as `Term.prototype.toString`. */
export function setTermPrinter(f: (t: Term) => string): void {
  termToString = f;
}

/**
 * A term was used after its generation was released, or with a store it does not belong to.
 *
 * @example
 * const store = new TermStore();
 * const m = store.mark();
 * const dead = store.symbol('tmp');
 * store.release(m, []);
 * let error;
 * try { store.call1('sin', dead); } catch (e) { error = e; }
 * error instanceof StaleTermError; // → true
 */
export class StaleTermError extends Error {
  override name = 'StaleTermError';
}

/**
 * A call that no operator allows: unknown name or wrong number of arguments.
 *
 * @example
 * let error;
 * try { call('sin', sym('x'), sym('y')); } catch (e) { error = e; }
 * error instanceof TermError; // → true
 */
export class TermError extends Error {
  override name = 'TermError';
}

/** Per operator name: its info and its hash seed, found with one Map lookup per construction. */
interface OpEntry {
  readonly info: OperatorInfo;
  readonly seed: number;
}
const opEntries = new Map<string, OpEntry>();
function opEntry(op: string): OpEntry | undefined {
  let e = opEntries.get(op);
  if (e === undefined) {
    const info = OPERATORS.get(op);
    if (info === undefined) return undefined; // not cached: defineOperator may add it later
    e = { info, seed: hashString(op) ^ CALL_SEED };
    opEntries.set(op, e);
  }
  return e;
}

const SYMBOL_SEED = 0x3c6ef372;
const RATIONAL_SEED = 0x1f83d9ab;
const CALL_SEED = 0x5be0cd19;

let nextStoreId = 1;

/**
 * Counters of a `TermStore` (`store.stats()`).
 *
 * @example
 * const store = new TermStore();
 * store.call2('add', store.symbol('x'), store.integer(1));
 * store.stats().live; // → 3
 */
export interface StoreStats {
  /** Live interned terms. */
  live: number;
  /** Slots in the interning table. */
  capacity: number;
  /** Terms created since the store was made (ids handed out). */
  created: number;
  /** Releases so far. */
  epoch: number;
}

/**
 * The interning table of terms, with generational release: `mark()` / `release(mark, keep)`
 * or `scope(fn)`. Most code uses the default store through the builders (`sym`, `add`, `parse`,
 * ...); a separate store suits a worker or an isolated computation.
 *
 * @example
 * const store = new TermStore();
 * const x = store.symbol('x');
 * const t = store.call2('mul', store.integer(2), x);
 * store.call2('mul', store.integer(2), store.symbol('x')) === t; // → true
 * format(t); // → '2*x'
 */
export class TermStore {
  /** Identifies this store in its terms' `owner` field. */
  readonly storeId = nextStoreId++;
  private slots: (Term | undefined)[];
  private mask: number;
  private count = 0;
  /** Most live terms since the last release: sizes the table kept for the next generation. */
  private peak = 0;
  private nextId = 1;
  /** Bumped by every release: caches keyed by terms of this store are valid within one epoch. */
  epoch = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.slots = new Array(cap).fill(undefined);
    this.mask = cap - 1;
  }

  // ---- construction ------------------------------------------------------------------------

  /** The symbol `name` (interned). */
  symbol(name: string): Term {
    if (typeof name !== 'string' || name.length === 0)
      throw new TermError(`a symbol needs a non-empty name, got ${JSON.stringify(name)}`);
    const h = finish(mix(SYMBOL_SEED, hashString(name)));
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slots[i];
      if (s === undefined) return this.insert(i, new Term(KIND_SYMBOL, name, NO_ARGS, 0, h, this.nextId++, 1, 1, this.storeId));
      if (s.hash === h && s.kind === KIND_SYMBOL && s.op === name) return s;
    }
  }

  /** A number term: a `Rational` is exact, a JS number is a float64. */
  number(v: Num): Term {
    let h: number;
    if (typeof v === 'number') {
      if (Number.isNaN(v)) v = NaN;
      h = hashFloat(v);
    } else {
      if (!(v instanceof Rational)) throw new TermError(`not a number value: ${String(v)}`);
      h = finish(mix(mix(RATIONAL_SEED, hashBigInt(v.n)), hashBigInt(v.d)));
    }
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slots[i];
      if (s === undefined) return this.insert(i, new Term(KIND_NUMBER, '', NO_ARGS, v, h, this.nextId++, 1, 1, this.storeId));
      if (s.hash === h && s.kind === KIND_NUMBER && numEquals(s.value, v)) return s;
    }
  }

  /** Exact integer term. */
  integer(n: number | bigint): Term {
    return this.number(integer(n));
  }

  /**
   * The call `op(args...)`, exactly as given (no flattening, no reordering, no folding).
   * Throws `TermError` for an unknown operator or a wrong argument count, `StaleTermError` for
   * an argument from a released generation or another store.
   */
  call(op: string, args: readonly Term[]): Term {
    const entry = opEntry(op);
    const n = args.length;
    if (entry === undefined) throw new TermError(`unknown operator '${op}'`);
    const info = entry.info;
    if (info.arity === VARIADIC ? n < 2 : n !== info.arity)
      throw new TermError(
        info.arity === VARIADIC
          ? `'${op}' takes two or more arguments, got ${n}`
          : `'${op}' takes ${info.arity} argument${info.arity === 1 ? '' : 's'}, got ${n}`,
      );
    let h = entry.seed;
    for (let k = 0; k < n; k++) {
      const a = args[k];
      if (a.owner !== this.storeId) throw this.staleError(a);
      h = mix(h, a.hash);
    }
    h = finish(mix(h, n));
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slots[i];
      if (s === undefined) return this.insert(i, this.newCall(op, args.slice(), h));
      if (s.hash === h && s.kind === KIND_CALL && s.op === op && sameArgs(s.args, args)) return s;
    }
  }

  /** `op(a)` without allocating an argument array when the term already exists. */
  call1(op: string, a: Term): Term {
    const entry = opEntry(op);
    if (entry === undefined || entry.info.arity !== 1) return this.call(op, [a]); // reports the error
    if (a.owner !== this.storeId) throw this.staleError(a);
    const h = finish(mix(mix(entry.seed, a.hash), 1));
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slots[i];
      if (s === undefined) return this.insert(i, this.newCall(op, [a], h));
      if (s.hash === h && s.kind === KIND_CALL && s.op === op && s.args.length === 1 && s.args[0] === a) return s;
    }
  }

  /** `op(a, b)` without allocating an argument array when the term already exists. */
  call2(op: string, a: Term, b: Term): Term {
    const entry = opEntry(op);
    if (entry === undefined || (entry.info.arity !== 2 && entry.info.arity !== VARIADIC)) return this.call(op, [a, b]);
    if (a.owner !== this.storeId) throw this.staleError(a);
    if (b.owner !== this.storeId) throw this.staleError(b);
    const h = finish(mix(mix(mix(entry.seed, a.hash), b.hash), 2));
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slots[i];
      if (s === undefined) return this.insert(i, this.newCall(op, [a, b], h));
      if (s.hash === h && s.kind === KIND_CALL && s.op === op && s.args.length === 2 && s.args[0] === a && s.args[1] === b)
        return s;
    }
  }

  /** True when `t` is a live term of this store. */
  owns(t: Term): boolean {
    return t.owner === this.storeId;
  }

  // ---- reclamation -------------------------------------------------------------------------

  /** A watermark for `release`: every term created after this call is newer than it. */
  mark(): number {
    return this.nextId;
  }

  /**
   * Releases every term created since `mark` except those reachable from `keep`. Terms older
   * than the mark are untouched. Released terms become dead (see the file comment). Returns the
   * number of terms released.
   */
  release(mark: number, keep: Iterable<Term> = []): number {
    const kept = new Set<Term>();
    const stack: Term[] = [];
    for (const t of keep) {
      if (t.owner !== this.storeId) throw this.staleError(t);
      stack.push(t);
    }
    // Children have smaller ids than their parents, so the walk stops at the first old term.
    while (stack.length > 0) {
      const t = stack.pop()!;
      if (t.id < mark || kept.has(t)) continue;
      kept.add(t);
      for (const a of t.args) stack.push(a);
    }
    let released = 0;
    const survivors: Term[] = [];
    for (const s of this.slots) {
      if (s === undefined) continue;
      if (s.id >= mark && !kept.has(s)) {
        s.owner = 0;
        released++;
      } else survivors.push(s);
    }
    // Size the table for the generation just released (its peak), not for the largest one ever:
    // an SR loop refills it to about the same peak every generation without regrowing, and a
    // small generation after a huge one does not keep scanning a huge table. `reset` shrinks.
    let cap = 16;
    const want = mark === 0 ? survivors.length * 4 : Math.max(survivors.length * 4, this.peak * 4);
    while (cap < want) cap *= 2;
    this.rebuild(survivors, Math.min(cap, this.slots.length));
    this.peak = this.count;
    this.epoch++;
    return released;
  }

  /**
   * Runs `fn`, then releases every term it created except those reachable from its result
   * (a term, an array of terms, or nothing).
   *
   * @example
   * const store = new TermStore();
   * const best = store.scope(() => {
   *   const candidates = [1, 2, 3].map((k) => store.call2('mul', store.integer(k), store.symbol('x')));
   *   return candidates[2];
   * });  // the other candidates are reclaimed
   * store.stats().live; // → 3
   */
  scope<R extends Term | readonly Term[] | void>(fn: () => R): R {
    const m = this.mark();
    let result: R;
    try {
      result = fn();
    } catch (e) {
      this.release(m);
      throw e;
    }
    const keep: Term[] = result === undefined ? [] : result instanceof Term ? [result] : [...(result as readonly Term[])];
    this.release(m, keep);
    return result;
  }

  /** Releases every term of the store. Terms held anywhere become dead. */
  reset(): void {
    this.release(0);
  }

  /** Counters: live terms, table capacity, terms created, releases. */
  stats(): StoreStats {
    return { live: this.count, capacity: this.slots.length, created: this.nextId - 1, epoch: this.epoch };
  }

  // ---- internals ---------------------------------------------------------------------------

  private newCall(op: string, args: Term[], h: number): Term {
    let size = 1;
    let depth = 0;
    for (const a of args) {
      size += a.size;
      if (a.depth > depth) depth = a.depth;
    }
    return new Term(KIND_CALL, op, args, 0, h, this.nextId++, size, depth + 1, this.storeId);
  }

  private insert(slot: number, t: Term): Term {
    this.slots[slot] = t;
    if (++this.count > this.peak) this.peak = this.count;
    if (this.count * 2 > this.slots.length) this.rebuild(this.liveTerms(), this.slots.length * 2);
    return t;
  }

  private liveTerms(): Term[] {
    const out: Term[] = [];
    for (const s of this.slots) if (s !== undefined) out.push(s);
    return out;
  }

  /** Re-fills the table with `terms` (in place when the size is unchanged: no reallocation). */
  private rebuild(terms: Term[], capacity?: number): void {
    let cap = capacity ?? 16;
    if (capacity === undefined) while (cap < terms.length * 4) cap *= 2;
    let slots = this.slots;
    if (cap === slots.length) slots.fill(undefined);
    else slots = new Array(cap).fill(undefined);
    const mask = cap - 1;
    for (const t of terms) {
      let i = t.hash & mask;
      while (slots[i] !== undefined) i = (i + 1) & mask;
      slots[i] = t;
    }
    this.slots = slots;
    this.mask = mask;
    this.count = terms.length;
  }

  private staleError(t: Term): StaleTermError {
    return new StaleTermError(
      t.owner === 0
        ? `term #${t.id} was released (its generation ended with release/scope/reset) and cannot be used to build new terms`
        : `term #${t.id} belongs to another TermStore`,
    );
  }
}

function sameArgs(a: readonly Term[], b: readonly Term[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
