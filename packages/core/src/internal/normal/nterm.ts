/**
 * Terms of the normal form (NF) and the store that interns them.
 *
 * Layout of an `NTerm` (one monomorphic class, so V8 keeps a single hidden class):
 *   kind      NK_NUMBER | NK_SYMBOL | NK_MUL | NK_POW | NK_ADD | NK_CALL (also the rank of the
 *             canonical order, see order.ts)
 *   value     NUMBER: the number; ADD: the constant term; MUL: the coefficient; otherwise ZERO
 *   name      SYMBOL: its name; CALL: the operator; otherwise ''
 *   children  ADD: the terms, MUL: the bases, both in canonical order; POW: [base, exponent];
 *             CALL: the arguments; otherwise empty
 *   nums      ADD: coefficient of each term; MUL: exact exponent (a Rational) of each base;
 *             otherwise empty
 *   hash      32-bit structural hash from the children's cached hashes (never from ids)
 *   id        unique within the store and increasing: children always have smaller ids
 *   depth     1 for leaves, 1 + deepest child otherwise
 *   liveIn    id of the store while the term is live, 0 once released (named unlike Term's
 *             `owner` so that a plain Term passed by mistake never looks live here)
 *
 * Invariants of a canonical term (the builders in sum.ts / product.ts establish them; nothing
 * else creates ADD or MUL terms):
 *   ADD  value + Σ nums[i]·children[i]. No term is a number or an ADD; no term is a MUL whose
 *        coefficient is not exactly 1 (coefficients are pulled out); no coefficient is 0; at least
 *        two parts (a non-zero constant and one term, or two terms). A zero constant is exact 0.
 *   MUL  value · Π children[i]^nums[i]. Exponents are exact, non-zero rationals. A base is never
 *        a float. A number base is an integer > 1 or a negative number with an exponent in
 *        (0, 1) and no exact root, 0 as 0^-1, or a power too big to fold. A MUL base (an
 *        uncollectable power such as sqrt(x*y)) and a non-primitive ADD base (such as -x - 1)
 *        have an exponent in (0, 1); an ADD base with an integer exponent is primitive (shape.ts);
 *        an `abs` base has an exponent in (0, 2). A POW base has exponent exactly 1; its own base
 *        may appear besides it with an exact exponent (x*x^y). The coefficient is never 0, and
 *        the MUL is never a bare base (coefficient 1, one base, exponent 1) nor a number times
 *        one ADD (that ADD is scaled instead).
 *   POW  base^exponent for an exponent that is not an exact number (a float or a symbolic term).
 *   CALL any other operator applied to NF arguments, e.g. sin(x + 1).
 *
 * Reclamation mirrors `TermStore` (internal/store.ts): `mark()` / `release(mark, keep)` /
 * `scope(fn)` / `reset()` drop every term created since a watermark that is not reachable from
 * `keep`; a released term is dead, and building with it throws `StaleTermError`. Two lazily
 * filled caches (the presented `args`, and the coefficient-free form of a MUL or ADD) may point
 * at terms newer than the term holding them; release clears every cache that points at a
 * released term, and the cache is refilled on next use.
 */
import { MINUS_ONE, type Num, ONE, Rational, ZERO, numEquals } from '../../numbers.js';
import { StaleTermError, TermError } from '../store.js';
import { finish, hashBigInt, hashFloat, hashString, mix } from '../hash.js';

/**
 * `NTerm.kind` of a number: `value` holds it.
 *
 * @example
 * toNormal(parse('1/2 + 1/3')).kind === NK_NUMBER; // → true
 */
export const NK_NUMBER = 0;
/**
 * `NTerm.kind` of a symbol: `name` holds it.
 *
 * @example
 * toNormal(parse('x')).kind === NK_SYMBOL; // → true
 */
export const NK_SYMBOL = 1;
/**
 * `NTerm.kind` of a product `value · Π children[i]^nums[i]`.
 *
 * @example
 * toNormal(parse('2*x*x')).kind === NK_MUL; // → true
 */
export const NK_MUL = 2;
/**
 * `NTerm.kind` of a power `children[0]^children[1]` with a non-exact exponent.
 *
 * @example
 * toNormal(parse('x^y')).kind === NK_POW; // → true
 */
export const NK_POW = 3;
/**
 * `NTerm.kind` of a sum `value + Σ nums[i]·children[i]`.
 *
 * @example
 * toNormal(parse('x + x + 1')).kind === NK_ADD; // → true
 */
export const NK_ADD = 4;
/**
 * `NTerm.kind` of a call `name(children...)` of any other operator.
 *
 * @example
 * toNormal(parse('sin(x)')).kind === NK_CALL; // → true
 */
export const NK_CALL = 5;
/**
 * The kinds of normal-form terms.
 *
 * @example
 * const k: NKind = toNormal(parse('3*x^2')).kind;
 * k === NK_MUL; // → true
 */
export type NKind = typeof NK_NUMBER | typeof NK_SYMBOL | typeof NK_MUL | typeof NK_POW | typeof NK_ADD | typeof NK_CALL;

const NO_TERMS: readonly NTerm[] = Object.freeze([]);
const NO_NUMS: readonly Num[] = Object.freeze([]);

/**
 * A hash-consed normal-form term (see the layout at the top of this file). Build through
 * `normalOps` / `normalStoreOps`, `toNormal`, or a store's `number` / `symbol`, never `new`.
 * Walk it generically through `normalOps` (op/args), or read its fields by `kind`.
 *
 * @example
 * const s = toNormal(parse('3*x - 2*y + 7'));
 * s.kind === NK_ADD;            // true
 * s.value;                      // 7 (the constant)
 * s.children.map(String);       // ['x', 'y']
 * s.nums;                       // [3, -2]
 */
export class NTerm {
  /** @internal */
  liveIn: number;
  /** @internal presented arguments (ops.ts), filled on first use */
  argsCache: readonly NTerm[] | undefined = undefined;
  /** @internal MUL: the product with coefficient 1; ADD: its primitive part (shape.ts); filled on first use */
  unitCache: NTerm | undefined = undefined;
  /** @internal */
  constructor(
    readonly kind: NKind,
    readonly value: Num,
    readonly name: string,
    readonly children: readonly NTerm[],
    readonly nums: readonly Num[],
    readonly hash: number,
    readonly id: number,
    readonly depth: number,
    liveIn: number,
  ) {
    this.liveIn = liveIn;
  }
  /** Readable infix text, for messages and debugging (print.ts installs it). */
  toString(): string {
    return printer(this);
  }
}

let printer: (t: NTerm) => string = (t) => `NTerm#${t.id}`;
/** @internal lets print.ts install itself as `NTerm.prototype.toString`. */
export function setNormalPrinter(f: (t: NTerm) => string): void {
  printer = f;
}

const SYMBOL_SEED = 0x3c6ef372;
const RATIONAL_SEED = 0x1f83d9ab;
const ADD_SEED = 0x510e527f;
const MUL_SEED = 0x9b05688c;
const POW_SEED = 0x1f83d9ac;
const CALL_SEED = 0x5be0cd19;

function hashRational(v: Rational): number {
  return v.d === 1n ? finish(mix(RATIONAL_SEED, hashBigInt(v.n))) : finish(mix(mix(RATIONAL_SEED, hashBigInt(v.n)), hashBigInt(v.d)));
}
// Most coefficients and exponents are one of these shared objects: skip the bigint work.
const HASH_ONE = hashRational(ONE);
const HASH_ZERO = hashRational(ZERO);
const HASH_MINUS_ONE = hashRational(MINUS_ONE);

/** Hash of a number value: exact and float values of the same magnitude hash differently. */
export function hashNum(v: Num): number {
  if (typeof v === 'number') return hashFloat(v);
  if (v === ONE) return HASH_ONE;
  if (v === ZERO) return HASH_ZERO;
  if (v === MINUS_ONE) return HASH_MINUS_ONE;
  return hashRational(v);
}

const opHashes = new Map<string, number>();
function opHash(op: string): number {
  let h = opHashes.get(op);
  if (h === undefined) {
    h = hashString(op);
    opHashes.set(op, h);
  }
  return h;
}

let nextStoreId = 1;

/**
 * Counters of a `NormalStore` (`stats()`).
 *
 * @example
 * const nstore = new NormalStore();
 * toNormal(parse('x + y'), nstore);
 * nstore.stats().live > 0; // → true
 */
export interface NormalStoreStats {
  /** Live interned terms. */
  live: number;
  /** Slots in the interning table. */
  capacity: number;
  /** Terms created since the store was made. */
  created: number;
  /** Releases so far. */
  epoch: number;
}

/**
 * The interning table of NF terms, with generational release. Its `number`/`symbol` methods are
 * public; the `intern*` methods take parts that are already canonical and are used only by the
 * builders. Terms of different stores never mix (building with one throws `StaleTermError`).
 *
 * @example
 * const nstore = new NormalStore();
 * const ops = normalStoreOps(nstore);
 * const m = nstore.mark();
 * const t = ops.make('add', [ops.symbol('x'), ops.symbol('x')]);   // 2*x
 * nstore.release(m, [t]);                                           // drops all but t
 */
export class NormalStore {
  /** Identifies this store in its terms' `liveIn` field. */
  readonly storeId = nextStoreId++;
  private slots: (NTerm | undefined)[];
  private mask: number;
  private readonly minCapacity: number;
  private count = 0;
  private nextId = 1;
  /** Every live term in creation order (so ascending ids): release reads only its tail. */
  private readonly log: NTerm[] = [];
  /** Terms whose caches were filled, in fill order, with `nextId` at the time of filling. */
  private readonly cacheLog: NTerm[] = [];
  private readonly cacheLogStamp: number[] = [];
  /** Bumped by every release: caches keyed by terms of this store are valid within one epoch. */
  epoch = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.slots = new Array(cap).fill(undefined);
    this.mask = cap - 1;
    this.minCapacity = cap;
  }

  /** A variable. */
  symbol(name: string): NTerm {
    if (typeof name !== 'string' || name.length === 0)
      throw new TermError(`a symbol needs a non-empty name, got ${JSON.stringify(name)}`);
    const h = finish(mix(SYMBOL_SEED, hashString(name)));
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slots[i];
      if (s === undefined) return this.insert(i, new NTerm(NK_SYMBOL, ZERO, name, NO_TERMS, NO_NUMS, h, this.nextId++, 1, this.storeId));
      if (s.hash === h && s.kind === NK_SYMBOL && s.name === name) return s;
    }
  }

  /** A number: a `Rational` is exact, a JS number is a float64 (all NaNs are one term). */
  number(v: Num): NTerm {
    if (typeof v === 'number') {
      if (Number.isNaN(v)) v = NaN;
    } else if (!(v instanceof Rational)) throw new TermError(`not a number value: ${String(v)}`);
    const h = hashNum(v);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slots[i];
      if (s === undefined) return this.insert(i, new NTerm(NK_NUMBER, v, '', NO_TERMS, NO_NUMS, h, this.nextId++, 1, this.storeId));
      if (s.hash === h && s.kind === NK_NUMBER && numEquals(s.value, v)) return s;
    }
  }

  /** @internal an ADD from canonical parts (see the file comment); takes ownership of the arrays. */
  internAdd(constant: Num, terms: NTerm[], coeffs: Num[]): NTerm {
    return this.internPairs(NK_ADD, ADD_SEED, constant, terms, coeffs);
  }

  /** @internal a MUL from canonical parts; takes ownership of the arrays. */
  internMul(coeff: Num, bases: NTerm[], exps: Rational[]): NTerm {
    return this.internPairs(NK_MUL, MUL_SEED, coeff, bases, exps);
  }

  /** @internal base^exponent with a non-exact exponent. */
  internPow(base: NTerm, exponent: NTerm): NTerm {
    this.check(base);
    this.check(exponent);
    const h = finish(mix(mix(POW_SEED, base.hash), exponent.hash));
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slots[i];
      if (s === undefined) {
        const depth = 1 + Math.max(base.depth, exponent.depth);
        return this.insert(i, new NTerm(NK_POW, ZERO, '', [base, exponent], NO_NUMS, h, this.nextId++, depth, this.storeId));
      }
      if (s.hash === h && s.kind === NK_POW && s.children[0] === base && s.children[1] === exponent) return s;
    }
  }

  /** @internal `op(args)` for an operator the NF does not interpret; takes ownership of `args`. */
  internCall(op: string, args: NTerm[]): NTerm {
    let h = opHash(op) ^ CALL_SEED;
    let depth = 0;
    for (let k = 0; k < args.length; k++) {
      const a = args[k];
      this.check(a);
      h = mix(h, a.hash);
      if (a.depth > depth) depth = a.depth;
    }
    h = finish(mix(h, args.length));
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slots[i];
      if (s === undefined) return this.insert(i, new NTerm(NK_CALL, ZERO, op, args, NO_NUMS, h, this.nextId++, depth + 1, this.storeId));
      if (s.hash === h && s.kind === NK_CALL && s.name === op && sameTerms(s.children, args)) return s;
    }
  }

  private internPairs(kind: NKind, seed: number, value: Num, terms: NTerm[], nums: Num[]): NTerm {
    let h = mix(seed, hashNum(value));
    let depth = 0;
    for (let k = 0; k < terms.length; k++) {
      const t = terms[k];
      this.check(t);
      h = mix(mix(h, t.hash), hashNum(nums[k]));
      if (t.depth > depth) depth = t.depth;
    }
    h = finish(mix(h, terms.length));
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slots[i];
      if (s === undefined) return this.insert(i, new NTerm(kind, value, '', terms, nums, h, this.nextId++, depth + 1, this.storeId));
      if (s.hash === h && s.kind === kind && sameNum(s.value, value) && sameTerms(s.children, terms) && sameNums(s.nums, nums)) return s;
    }
  }

  /** True when `t` is a live term of this store. */
  owns(t: NTerm): boolean {
    return t.liveIn === this.storeId;
  }

  /** Throws `StaleTermError` unless `t` is a live term of this store. */
  check(t: NTerm): void {
    if (t.liveIn !== this.storeId) throw this.staleError(t);
  }

  // ---- caches -----------------------------------------------------------------------------

  /** @internal fills `t.argsCache`, logged so that release can drop it if it names dead terms. */
  setArgsCache(t: NTerm, args: readonly NTerm[]): void {
    t.argsCache = args;
    this.cacheLog.push(t);
    this.cacheLogStamp.push(this.nextId);
  }

  /** @internal fills `t.unitCache` (logged like setArgsCache). */
  setUnitCache(t: NTerm, u: NTerm): void {
    t.unitCache = u;
    if (u !== t) {
      this.cacheLog.push(t);
      this.cacheLogStamp.push(this.nextId);
    }
  }

  // ---- reclamation (the contract of TermStore, at the cost of the released generation) ------

  /** A watermark for `release`: every term created after this call is newer than it. */
  mark(): number {
    return this.nextId;
  }

  /**
   * Releases every term created since `mark` except those reachable from `keep`; returns how
   * many were released. Released terms are dead: building with them throws `StaleTermError`.
   * Costs O(terms created since the mark + kept terms), not O(store size): the store keeps its
   * terms in creation order and deletes from the table without rebuilding it.
   */
  release(mark: number, keep: Iterable<NTerm> = []): number {
    const kept = new Set<NTerm>();
    const stack: NTerm[] = [];
    for (const t of keep) {
      this.check(t);
      stack.push(t);
    }
    // Children are older than their parents: the walk stops at the first term below the mark.
    while (stack.length > 0) {
      const t = stack.pop()!;
      if (t.id < mark || kept.has(t)) continue;
      kept.add(t);
      for (const c of t.children) stack.push(c);
    }
    const log = this.log;
    const from = firstAtLeast(log.length, (i) => log[i].id, mark);
    let w = from;
    let released = 0;
    for (let i = from; i < log.length; i++) {
      const t = log[i];
      if (kept.has(t)) log[w++] = t;
      else {
        this.remove(t);
        t.liveIn = 0;
        t.argsCache = undefined;
        t.unitCache = undefined;
        released++;
      }
    }
    log.length = w;
    // A cache filled since the mark may name a released term (one filled before cannot).
    const cl = this.cacheLog;
    const stamps = this.cacheLogStamp;
    const c0 = firstAtLeast(cl.length, (i) => stamps[i], mark);
    let cw = c0;
    for (let i = c0; i < cl.length; i++) {
      const t = cl[i];
      if (t.liveIn === 0) continue;
      if (t.unitCache !== undefined && t.unitCache.liveIn === 0) t.unitCache = undefined;
      const a = t.argsCache;
      if (a !== undefined) {
        for (let k = 0; k < a.length; k++) {
          if (a[k].liveIn === 0) {
            t.argsCache = undefined;
            break;
          }
        }
      }
      if (t.argsCache === undefined && (t.unitCache === undefined || t.unitCache === t)) continue;
      cl[cw] = t;
      stamps[cw++] = stamps[i];
    }
    cl.length = cw;
    stamps.length = cw;
    if (this.count * 8 < this.slots.length && this.slots.length > this.minCapacity) this.rebuild(this.liveTerms());
    this.epoch++;
    return released;
  }

  /**
   * Runs `fn`, then releases every term it created except those reachable from its result.
   *
   * @example
   * const nstore = new NormalStore();
   * const candidates = [parse('x + x'), parse('x*x*x')];
   * const kept = nstore.scope(() => candidates.map((c) => toNormal(c, nstore))[1]);
   * format(fromNormal(kept)); // → 'x^3'
   */
  scope<R extends NTerm | readonly NTerm[] | void>(fn: () => R): R {
    const m = this.mark();
    let result: R;
    try {
      result = fn();
    } catch (e) {
      this.release(m);
      throw e;
    }
    const keep: NTerm[] = result === undefined ? [] : result instanceof NTerm ? [result] : [...(result as readonly NTerm[])];
    this.release(m, keep);
    return result;
  }

  /** Releases every term of the store. */
  reset(): void {
    this.release(0);
  }

  /** Counters: live terms, table capacity, terms created, releases. */
  stats(): NormalStoreStats {
    return { live: this.count, capacity: this.slots.length, created: this.nextId - 1, epoch: this.epoch };
  }

  // ---- internals ---------------------------------------------------------------------------

  private insert(slot: number, t: NTerm): NTerm {
    this.slots[slot] = t;
    this.log.push(t);
    if (++this.count * 2 > this.slots.length) this.rebuild(this.liveTerms(), this.slots.length * 2);
    return t;
  }

  /** Deletes `t` from the table by backward-shift deletion (linear probing needs no tombstones). */
  private remove(t: NTerm): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = t.hash & mask;
    while (slots[i] !== t) i = (i + 1) & mask;
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const s = slots[j];
      if (s === undefined) break;
      const home = s.hash & mask;
      // Move s back into the hole when its home is not cyclically within (i, j].
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        slots[i] = s;
        i = j;
      }
    }
    slots[i] = undefined;
    this.count--;
  }

  private liveTerms(): NTerm[] {
    const out: NTerm[] = [];
    for (const s of this.slots) if (s !== undefined) out.push(s);
    return out;
  }

  /** Re-creates the table for `terms`: load <= 1/4 after a shrink, the given size on growth. */
  private rebuild(terms: NTerm[], capacity?: number): void {
    let cap = capacity ?? this.minCapacity;
    if (capacity === undefined) while (cap < terms.length * 4) cap *= 2;
    const slots: (NTerm | undefined)[] = new Array(cap).fill(undefined);
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

  private staleError(t: NTerm): StaleTermError {
    if (!(t instanceof NTerm)) return new StaleTermError(`not a normal-form term: ${String(t)}`);
    return new StaleTermError(
      t.liveIn === 0
        ? `normal-form term #${t.id} was released (its generation ended with release/scope/reset) and cannot be used to build new terms`
        : `normal-form term #${t.id} belongs to another NormalStore`,
    );
  }
}

/** The first index i in [0, n) with key(i) >= target, for keys ascending in i. */
function firstAtLeast(n: number, key: (i: number) => number, target: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(mid) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameTerms(a: readonly NTerm[], b: readonly NTerm[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** numEquals with a shortcut for the shared small rationals (floats still compare by bits: 0 ≠ -0). */
function sameNum(a: Num, b: Num): boolean {
  return (a === b && typeof a !== 'number') || numEquals(a, b);
}

function sameNums(a: readonly Num[], b: readonly Num[]): boolean {
  for (let i = 0; i < a.length; i++) if (!sameNum(a[i], b[i])) return false;
  return true;
}
