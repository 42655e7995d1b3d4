/**
 * Substitution: replace variables (or any subterms) by terms or numbers, all at once.
 */
import { Rational, integer } from './numbers.js';
import type { TermOps } from './term.js';
import { termOps } from './terms.js';
import { Term } from './internal/store.js';
import { memoizedPostOrder } from './internal/walk.js';

/**
 * What a key may be replaced by: a term, or a number: a JS `number` is a float64 (like `num`),
 * a `bigint` or a `Rational` is exact (like `int` / `rat`).
 *
 * @example
 * substitute(parse('x'), { x: 2 }) === float(2);    // true
 * substitute(parse('x'), { x: 2n }) === int(2);     // true
 */
export type Replacement<T = Term> = T | number | bigint | Rational;

/**
 * A substitution: an object from variable name to replacement, or a Map whose keys are
 * variable names, symbols or any subterms.
 *
 * @example
 * const s: Substitution = new Map<string | Term, Replacement>([['x', 1n], [parse('sin(y)'), sym('s')]]);
 */
export type Substitution<T = Term> =
  | Readonly<Record<string, Replacement<T>>>
  | ReadonlyMap<string | T, Replacement<T>>;

/**
 * `t` with every occurrence of a key replaced by its value, simultaneously: a replacement is
 * not itself searched for keys (so `{ x: y, y: x }` swaps x and y), and the subterms of a
 * replaced subterm are not visited. Keys are variable names, symbols, or arbitrary subterms
 * (matched structurally: `===` in a hash-consed store, `ops.equals` otherwise).
 *
 * Copy-on-write: a subterm is rebuilt only when one of its arguments changed, so when nothing
 * matches, `t` itself is returned. Each distinct subterm is visited once (the result of a DAG is
 * a DAG with the same sharing), and the walk is iterative (any depth). Nothing is simplified:
 * `substitute(x*y, { x: int(0) })` is `0*y`.
 *
 * Throws `TypeError` for a replacement that is neither a term nor a number, naming its key.
 *
 * @example
 * const t = parse('x^2 + y');
 * format(substitute(t, { x: int(2) }));                          // '2^2 + y'
 * format(substitute(t, new Map([[sym('x'), parse('a + 1')]])));  // '(a + 1)^2 + y'
 * format(substitute(t, new Map([[parse('x^2'), sym('u')]])));    // 'u + y'
 * substitute(t, { z: int(1) }) === t;                            // true: nothing changed
 */
export function substitute(t: Term, map: Substitution): Term;
export function substitute<T>(t: T, map: Substitution<T>, ops: TermOps<T>): T;
export function substitute<T>(t: T, map: Substitution<T>, ops?: TermOps<T>): T {
  const o = ops ?? (termOps as unknown as TermOps<T>);
  if (ops === undefined && !(t instanceof Term)) throw new TypeError(`substitute: expected a Term, got ${typeof t}`);
  const table = new SubstitutionTable(o, map, ops === undefined);
  if (table.empty) return t;
  return substituteWith(o, t, table);
}

/** The keys of a substitution, split into variable names and other subterms. */
class SubstitutionTable<T> {
  private readonly byName = new Map<string, T>();
  /** Non-symbol keys: by identity, and by hash when the representation has one. */
  private readonly byTerm = new Map<T, T>();
  private readonly byHash: Map<number, { key: T; value: T }[]> | undefined;
  readonly empty: boolean;

  constructor(
    private readonly ops: TermOps<T>,
    map: Substitution<T>,
    private readonly defaultStore: boolean,
  ) {
    if (map === null || typeof map !== 'object') throw new TypeError(`substitute: expected an object or a Map, got ${String(map)}`);
    const hashed = ops.hash !== undefined && ops.equals !== undefined && !defaultStore;
    this.byHash = hashed ? new Map() : undefined;
    const entries: Iterable<[string | T, Replacement<T>]> =
      map instanceof Map ? (map as ReadonlyMap<string | T, Replacement<T>>).entries() : Object.entries(map);
    for (const [k, v] of entries) {
      const value = this.value(k, v);
      if (typeof k === 'string') {
        if (k.length === 0) throw new TypeError('substitute: a variable name is empty');
        this.byName.set(k, value);
      } else if (this.isTerm(k) && ops.isSymbol(k)) this.byName.set(ops.symbolName(k), value);
      else if (this.isTerm(k)) {
        this.byTerm.set(k, value);
        if (this.byHash !== undefined) {
          const h = ops.hash!(k);
          let bucket = this.byHash.get(h);
          if (bucket === undefined) this.byHash.set(h, (bucket = []));
          bucket.push({ key: k, value });
        }
      } else throw new TypeError(`substitute: a key must be a variable name or a term, got ${typeof k}`);
    }
    this.empty = this.byName.size === 0 && this.byTerm.size === 0;
  }

  private isTerm(k: unknown): k is T {
    if (this.defaultStore) return k instanceof Term;
    return k !== null && k !== undefined && typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'bigint';
  }

  private value(key: string | T, v: Replacement<T>): T {
    const ops = this.ops;
    if (typeof v === 'number') return ops.number(v);
    if (typeof v === 'bigint') return ops.number(integer(v));
    if (v instanceof Rational) return ops.number(v);
    if (this.isTerm(v)) return v;
    const name = typeof key === 'string' ? `'${key}'` : String(key);
    throw new TypeError(`substitute: the value for ${name} must be a term or a number, got ${v === null ? 'null' : typeof v}`);
  }

  /** The replacement of `u`, or undefined. */
  lookup(u: T): T | undefined {
    const ops = this.ops;
    if (ops.isSymbol(u)) return this.byName.get(ops.symbolName(u));
    if (this.byTerm.size === 0) return undefined;
    const hit = this.byTerm.get(u);
    if (hit !== undefined || this.byHash === undefined) return hit;
    const bucket = this.byHash.get(ops.hash!(u));
    if (bucket !== undefined) for (const e of bucket) if (ops.equals!(e.key, u)) return e.value;
    return undefined;
  }
}

/** The iterative copy-on-write walk. */
function substituteWith<T>(ops: TermOps<T>, root: T, table: SubstitutionTable<T>): T {
  const memo = new Map<T, T>();
  return memoizedPostOrder(
    root,
    (u) => ops.args(u),
    memo,
    // a replaced subterm is not walked; leaves stay
    (u) => table.lookup(u) ?? (ops.isCall(u) ? undefined : u),
    (u, args) => {
      let changed: T[] | undefined;
      for (let k = 0; k < args.length; k++) {
        const a = memo.get(args[k])!;
        if (a !== args[k] && changed === undefined) changed = args.slice(0, k);
        changed?.push(a);
      }
      return changed === undefined ? u : ops.make(ops.op(u), changed);
    },
  );
}
