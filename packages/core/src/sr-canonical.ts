/**
 * Canonical forms and structural keys for symbolic-regression populations: recognizing two
 * candidates as the same expression up to the order and grouping of commutative arguments and,
 * optionally, up to the values of their numeric constants — for dedup and fitness caches.
 *
 * The canonical form is purely structural, not algebraic:
 * - nested `add` in `add` and `mul` in `mul` are flattened (associativity): (a + b) + c → a + b + c;
 * - the arguments of `add`, `mul`, `min` and `max` are sorted by a total structural order
 *   (commutativity): y + x → x + y;
 * - nothing else changes: x - y stays sub(x, y) (not x + -y), x*x stays x*x, 2 + 3 stays 2 + 3.
 *   Run `simplify` first for algebraic equivalence.
 * With `ignoreConstants`, every number is first replaced by one placeholder, the float NaN term,
 * so 2*x + 1 and 3.5*x + 7 have the same canonical form (c*x + c); named constants such as `pi`
 * are structure and stay.
 *
 * The order: numbers < symbols < calls; numbers exact before float, then by value; symbols by
 * name; calls by operator name, then argument count, then structural hash, then (on a hash tie)
 * a lexicographic comparison of their structure. Every key is a function of structure only —
 * never of term ids or creation order — so the canonical form of a term is the same in every
 * run, and the `structuralKey` and `structuralHash` derived from it are stable across runs and
 * processes (of one symx version: the hash order follows the store's hash function).
 *
 * Cost: linear in the size of the term's DAG (shared subterms are processed once), except that a
 * flattened add/mul gets one argument per occurrence. Results are cached per store and input
 * term, so a population that shares subtrees — what crossover produces — pays only for its new
 * nodes; a cache holds at most 2^17 entries and is dropped by the first call after the store
 * released terms. Every traversal is iterative: any depth works.
 */
import { formatNum, type Num } from './numbers.js';
import { Term, TermStore, defaultStore } from './terms.js';
import { KIND_CALL, KIND_NUMBER, KIND_SYMBOL } from './internal/store.js';
import { finish } from './internal/hash.js';
import { compareNums } from './internal/normal/order.js';

/**
 * Options of {@link canonicalForm}, {@link structuralKey} and {@link structuralHash}.
 *
 * @example
 * const options: CanonicalOptions = { ignoreConstants: true };
 * structuralKey(parse('2.5*x + 1'), options) === structuralKey(parse('1 + 0.3*x'), options); // → true
 */
export interface CanonicalOptions {
  /**
   * Treat all numeric constants as equal: every number is replaced by the placeholder (the
   * float NaN term) before canonicalization. Default false.
   */
  readonly ignoreConstants?: boolean;
  /** The store the term lives in and the canonical form is built in (default: the default store). */
  readonly store?: TermStore;
}

/** Variadic operators whose nested calls are flattened, then sorted. */
const FLATTENED: ReadonlySet<string> = new Set(['add', 'mul']);
/** Commutative operators whose arguments are sorted. */
const COMMUTATIVE: ReadonlySet<string> = new Set(['add', 'mul', 'min', 'max']);

/**
 * The canonical form of `t` up to commutativity and associativity of add/mul (and commutativity
 * of min/max): flattened, arguments in canonical order (see the file comment). Two terms have the
 * same canonical form (the same object: terms are hash-consed) exactly when they are equal up to
 * those laws — and, with `ignoreConstants`, up to the values of numeric constants.
 * Idempotent: `canonicalForm(canonicalForm(t)) === canonicalForm(t)`.
 *
 * @example
 * canonicalForm(parse('(y + x) + 2*z')) === canonicalForm(parse('z*2 + (x + y)'));   // true
 * format(canonicalForm(parse('(y + x) + sin(b*a)')));                                   // 'x + y + sin(a*b)'
 * canonicalForm(parse('2*x + 1'), { ignoreConstants: true })
 *   === canonicalForm(parse('1.5 + x*0.3'), { ignoreConstants: true });                  // true
 */
export function canonicalForm(t: Term, opts?: CanonicalOptions): Term {
  const store = opts?.store ?? defaultStore;
  checkLive(t, store, 'canonicalForm');
  const erase = opts?.ignoreConstants === true;
  return canonicalize(t, store, erase, cacheFor(store, erase));
}

/**
 * A string that identifies `t` up to commutativity and associativity (and, with
 * `ignoreConstants`, constant values): `structuralKey(a, o) === structuralKey(b, o)` exactly when
 * `canonicalForm(a, o) === canonicalForm(b, o)`. Meant for dedup maps and fitness caches that
 * must outlive a store generation or cross a process boundary (within one generation a
 * `Map<Term, …>` keyed by `canonicalForm(t)` is faster still).
 *
 * The key is the canonical form written in prefix notation, deterministic across runs:
 * calls as `op(a,b)` (nullary `pi()`), symbols by name (JSON-quoted unless an identifier),
 * exact numbers as `3` or `-1/2`, floats as JS prints them with a `.` or exponent (`2.0`,
 * `1.5e-7`, and `#nan`, `#inf`, `#-inf`), and `#` for every constant when they are ignored.
 * Its length is linear in the tree size of `t`; a tree of more than 10^7 nodes is refused.
 *
 * @example
 * structuralKey(parse('sin(y) + 2*x'));                             // 'add(mul(2,x),sin(y))'
 * structuralKey(parse('x*0.5 + 3'), { ignoreConstants: true });     // 'add(#,mul(#,x))'
 */
export function structuralKey(t: Term, opts?: CanonicalOptions): string {
  const c = canonicalForm(t, opts);
  if (c.size > MAX_KEY_NODES)
    throw new RangeError(`structuralKey: the term has ${c.size} nodes as a tree; keys are limited to ${MAX_KEY_NODES} nodes`);
  return writeKey(c, opts?.ignoreConstants === true, opts?.store ?? defaultStore);
}

/**
 * A 53-bit hash of `structuralKey(t, opts)`: a non-negative safe integer that depends only on
 * the key, so it is the same in every run and process. Equal keys give equal hashes; different
 * keys collide with probability about 2^-53 per pair (so about 1 in 10^4 for a million distinct
 * candidates): confirm with the key where a collision would matter.
 *
 * @example
 * structuralHash(parse('x + y')) === structuralHash(parse('y + x'));   // true
 * Number.isSafeInteger(structuralHash(parse('sin(x)')));                // true
 */
export function structuralHash(t: Term, opts?: CanonicalOptions): number {
  return hashKey(structuralKey(t, opts));
}

// ---- canonicalization ------------------------------------------------------------------------

/** Tree size beyond which `structuralKey` refuses (the key would be hundreds of megabytes). */
const MAX_KEY_NODES = 1e7;

/** Entries kept per store and cache before it is emptied (checked at the start of a call). */
const CACHE_LIMIT = 1 << 17;

interface StoreCache {
  epoch: number;
  /** Canonical forms, constants kept. */
  readonly exact: Map<Term, Term>;
  /** Canonical forms, constants erased. */
  readonly erased: Map<Term, Term>;
  /** Key tokens of leaves (symbols and numbers). */
  readonly tokens: Map<Term, string>;
}
const caches = new WeakMap<TermStore, StoreCache>();

/** The caches of `store`, emptied when the store has released terms since their last use. */
function storeCache(store: TermStore): StoreCache {
  let c = caches.get(store);
  if (c === undefined) {
    c = { epoch: store.epoch, exact: new Map(), erased: new Map(), tokens: new Map() };
    caches.set(store, c);
  } else if (c.epoch !== store.epoch) {
    c.epoch = store.epoch;
    c.exact.clear();
    c.erased.clear();
    c.tokens.clear();
  }
  return c;
}

/** The memo of canonical forms for `store` and a mode. */
function cacheFor(store: TermStore, erase: boolean): Map<Term, Term> {
  const c = storeCache(store);
  const m = erase ? c.erased : c.exact;
  if (m.size > CACHE_LIMIT) m.clear();
  return m;
}

function checkLive(t: Term, store: TermStore, where: string): void {
  if (!(t instanceof Term)) throw new TypeError(`${where}: expected a Term, got ${t === null ? 'null' : typeof t}`);
  if (!(store instanceof TermStore)) throw new TypeError(`${where}: option 'store' must be a TermStore`);
  if (!store.owns(t))
    throw new TypeError(
      `${where}: the term belongs to another TermStore or was released (pass { store } for terms of another store)`,
    );
}

/**
 * Post-order over the DAG with `memo` as the visited set. A flattened call waits for the
 * operands of its whole same-operator cluster (not for its inner add/mul nodes, which would
 * make a deep chain quadratic), then sorts them.
 */
function canonicalize(root: Term, store: TermStore, erase: boolean, memo: Map<Term, Term>): Term {
  const hit = memo.get(root);
  if (hit !== undefined) return hit;
  const placeholder = erase ? store.number(NaN) : undefined;
  const leaf = (u: Term): Term => (placeholder !== undefined && u.kind === KIND_NUMBER ? placeholder : u);
  if (root.args.length === 0) {
    const c = leaf(root);
    memo.set(root, c);
    return c;
  }
  const pending = new Map<Term, readonly Term[]>();
  const stack: Term[] = [root];
  while (stack.length > 0) {
    const u = stack[stack.length - 1];
    if (memo.has(u)) {
      stack.pop();
      continue;
    }
    let operands = pending.get(u);
    if (operands === undefined) {
      operands = FLATTENED.has(u.op) ? clusterOperands(u) : u.args;
      pending.set(u, operands);
    }
    let ready = true;
    for (let i = operands.length - 1; i >= 0; i--) {
      const o = operands[i];
      if (memo.has(o)) continue;
      if (o.args.length === 0) memo.set(o, leaf(o));
      else {
        stack.push(o);
        ready = false;
      }
    }
    if (!ready) continue;
    stack.pop();
    pending.delete(u);
    memo.set(u, build(u, operands, memo, store));
  }
  return memo.get(root)!;
}

/** The operands of the maximal cluster of `u.op` calls rooted at `u`, left to right. */
function clusterOperands(u: Term): readonly Term[] {
  const op = u.op;
  let nested = false;
  for (const a of u.args) if (a.kind === KIND_CALL && a.op === op) nested = true;
  if (!nested) return u.args;
  const out: Term[] = [];
  const stack: Term[] = [];
  for (let i = u.args.length - 1; i >= 0; i--) stack.push(u.args[i]);
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (v.kind === KIND_CALL && v.op === op) for (let i = v.args.length - 1; i >= 0; i--) stack.push(v.args[i]);
    else out.push(v);
  }
  return out;
}

/** The canonical call for `u` from the canonical forms of its operands (`u` itself if unchanged). */
function build(u: Term, operands: readonly Term[], memo: Map<Term, Term>, store: TermStore): Term {
  const n = operands.length;
  const args: Term[] = new Array(n);
  for (let i = 0; i < n; i++) args[i] = memo.get(operands[i])!;
  if (COMMUTATIVE.has(u.op)) sortCanonical(args);
  if (n === u.args.length) {
    let same = true;
    for (let i = 0; i < n; i++) if (args[i] !== u.args[i]) same = false;
    if (same) return u;
  }
  return store.call(u.op, args);
}

function sortCanonical(a: Term[]): void {
  if (a.length > 12) {
    a.sort(compareCanonical);
    return;
  }
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && compareCanonical(a[j], x) > 0) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

/**
 * The canonical order on canonical terms of one store (see the file comment). Zero only for the
 * same term, so sorting gives one result whatever the input order.
 */
function compareCanonical(a: Term, b: Term): number {
  if (a === b) return 0;
  const c = compareShallow(a, b);
  if (c !== 0) return c;
  if (a.hash !== b.hash) return a.hash < b.hash ? -1 : 1;
  return compareStructure(a, b);
}

/** Kind, then number value, symbol name, or operator name and argument count. */
function compareShallow(a: Term, b: Term): number {
  if (a.kind !== b.kind) return a.kind - b.kind;
  if (a.kind === KIND_NUMBER) return compareNums(a.value, b.value);
  if (a.op !== b.op) return a.op < b.op ? -1 : 1;
  return a.args.length - b.args.length;
}

/** Lexicographic comparison in pre-order, iterative; reached only on a 32-bit hash tie. */
function compareStructure(a: Term, b: Term): number {
  const stack: Term[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    if (x === y) continue;
    const c = compareShallow(x, y);
    if (c !== 0) return c;
    for (let i = x.args.length - 1; i >= 0; i--) stack.push(x.args[i], y.args[i]);
  }
  return 0;
}

// ---- keys ------------------------------------------------------------------------------------

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A symbol or operator name: as is when an identifier, else JSON-quoted (keeps keys unambiguous). */
function nameToken(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** Exact numbers never contain `.`/`e`/letters and floats always do, so the two never collide. */
function numberToken(v: Num): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return `#${formatNum(v)}`;
  return formatNum(v);
}

/** `op(` for an operator name, memoized (operator names are few). */
const openTokens = new Map<string, string>();
function openToken(op: string): string {
  let s = openTokens.get(op);
  if (s === undefined) {
    s = `${nameToken(op)}(`;
    openTokens.set(op, s);
  }
  return s;
}

/**
 * Prefix notation of a canonical term: an explicit stack of terms and punctuation, and one
 * growing string (appending keeps V8's rope shallow on the right, so flattening is linear).
 */
function writeKey(c: Term, erase: boolean, store: TermStore): string {
  const tokens = storeCache(store).tokens;
  if (tokens.size > CACHE_LIMIT) tokens.clear();
  let out = '';
  const stack: (Term | string)[] = [c];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (typeof x === 'string') out += x;
    else if (x.kind === KIND_CALL) {
      out += openToken(x.op);
      stack.push(')');
      for (let i = x.args.length - 1; i >= 0; i--) {
        stack.push(x.args[i]);
        if (i > 0) stack.push(',');
      }
    } else if (erase && x.kind === KIND_NUMBER) out += '#';
    else {
      let tok = tokens.get(x);
      if (tok === undefined) {
        tok = x.kind === KIND_NUMBER ? numberToken(x.value) : nameToken(x.op);
        tokens.set(x, tok);
      }
      out += tok;
    }
  }
  return out;
}

/** Two independent 32-bit multiplicative hashes over the UTF-16 code units, combined to 53 bits. */
function hashKey(key: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x2545f491;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  h1 = finish(h1 ^ key.length);
  h2 = finish(h2 ^ Math.imul(key.length, 0x9e3779b1));
  return (h2 >>> 11) * 0x100000000 + (h1 >>> 0);
}
