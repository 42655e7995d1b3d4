/**
 * Tree edit distance between expressions, and the normalized tree edit distance with which the
 * SRSD benchmark scores symbolic-regression results.
 *
 * The distance is the ordered tree edit distance of Zhang and Shasha ("Simple fast algorithms
 * for the editing distance between trees and related problems", SIAM J. Comput. 18(6), 1989)
 * with unit costs: deleting a node (its children move up to its parent), inserting one, and
 * relabeling one each cost 1. Labels are operator names for calls, names for symbols, and, for
 * numbers, their value (or one shared label, see `ignoreConstants`).
 *
 * Ordered trees see argument order, so x + y and y + x would be two relabels apart. Like
 * SRSD, which compares trees after SymPy has put them in its canonical order, the distance is
 * taken between canonical forms (`canonicalForm`: add/mul flattened, commutative arguments
 * sorted) of the simplified inputs: x + y and y + x are at distance 0.
 *
 * The computation: both trees are laid out in post-order in typed arrays (label, leftmost leaf)
 * with their keyroots, and one dynamic program over two (n1+1)×(n2+1) Int32Array matrices (tree
 * distances and a reused forest-distance scratch) runs in time
 * O(Σ_keyroots |T1(i)| · Σ_keyroots |T2(j)|) — O(n1·n2·min(depth, leaves)²) — without recursion.
 * Inputs beyond `maxNodes` nodes, or whose exact work estimate exceeds `maxWork` cells, are
 * refused with a RangeError before any large allocation.
 */
import { type Num, numAdd, numCompare, numIsExact, numIsInteger, numIsOne, numIsZero, numMul, numPowInt, numToNumber, integer, rational } from './numbers.js';
import { applyOperator } from './evaluate.js';
import { postOrder } from './measures.js';
import { canonicalForm } from './sr-canonical.js';
import { simplify as coreSimplify } from './simplify.js';
import { Term, TermStore, defaultStore } from './terms.js';
import { KIND_CALL, KIND_NUMBER } from './internal/store.js';

/**
 * Options of {@link treeEditDistance}.
 *
 * @example
 * const options: TreeEditDistanceOptions = { normalized: true };
 * treeEditDistance(parse('x + 1'), parse('x + 1'), options); // → 0
 * treeEditDistance(parse('x + 1'), parse('x + 2')); // → 1
 */
export interface TreeEditDistanceOptions {
  /**
   * Return SRSD's normalized tree edit distance `min(1, d / |truth|)` instead of `d` (default
   * false). Also switches the defaults of `shape` and `ignoreConstants` to SRSD's conventions.
   */
  readonly normalized?: boolean;
  /**
   * Applied to both inputs first (default: symx's `simplify`, sound and bounded in time; it works
   * on terms of the default store). `false` compares the inputs as given.
   */
  readonly simplify?: ((t: Term) => Term) | false;
  /** Compare canonical forms, so argument order of add/mul/min/max does not count (default true). */
  readonly canonical?: boolean;
  /**
   * The tree whose nodes are counted and edited:
   * - `'symx'`: symx's own terms (add/mul n-ary after canonicalization; `sub`, `div`, `neg`,
   *   `sqrt` are nodes of their own);
   * - `'sympy'`: the shape SymPy gives the same expression, as in SRSD: x - y is Add(x, Mul(-1, y)),
   *   x/y is Mul(x, Pow(y, -1)), -x is Mul(-1, x), sqrt(x) is Pow(x, 1/2), constant subterms
   *   (pi, 2*pi, sin(1)) are folded to one number, the numbers of a sum or product are combined,
   *   a number times a sum is distributed (2*(x + y) → 2*x + 2*y), integer powers of products and
   *   of powers are expanded ((x*y)^-1 → x^-1*y^-1, (x^2)^-1 → x^-2).
   * Default: `'sympy'` when `normalized`, else `'symx'`.
   */
  readonly shape?: 'symx' | 'sympy';
  /**
   * Give every number the same label, so constant values never count (SRSD labels every numeric
   * node 'Const'). Otherwise numbers match when their values are equal (exact rationals and
   * floats compared by value: 1/2 matches 0.5), or within `tolerance`. Default: true when
   * `normalized`, else false.
   */
  readonly ignoreConstants?: boolean;
  /**
   * Relative tolerance for matching numbers when constants are compared: a and b match when
   * |a − b| ≤ tolerance · max(|a|, |b|) (NaN matches only NaN). Default 0: equal values only.
   */
  readonly tolerance?: number;
  /**
   * Largest tree (nodes) accepted, for each input as given and after preprocessing (default
   * 2000). Memory is 8·(n1+1)·(n2+1) bytes: 32 MB at the default.
   */
  readonly maxNodes?: number;
  /** Largest amount of dynamic-programming work (matrix cells) accepted (default 2e8, about a second). */
  readonly maxWork?: number;
  /** Store of the inputs, where canonical and SymPy-shaped forms are built (default: the default store). */
  readonly store?: TermStore;
}

/**
 * Default of `TreeEditDistanceOptions.maxNodes`.
 *
 * @example
 * treeEditDistance(parse('x'), parse('y'), { maxNodes: 2 * DEFAULT_TED_MAX_NODES }); // → 1
 */
export const DEFAULT_TED_MAX_NODES = 2000;
/**
 * Default of `TreeEditDistanceOptions.maxWork`.
 *
 * @example
 * treeEditDistance(parse('x'), parse('y'), { maxWork: DEFAULT_TED_MAX_WORK / 2 }); // → 1
 */
export const DEFAULT_TED_MAX_WORK = 2e8;

/**
 * Tree edit distance between expressions `a` and `b`, or with `normalized` the normalized tree
 * edit distance (NED) of SRSD for predicted expression `a` against true expression `b`.
 *
 * Preprocessing, in order, for each input: `simplify` (default symx's simplify), the SymPy shape
 * (`shape: 'sympy'`), `canonicalForm` (add/mul flattened, commutative arguments sorted; with
 * `ignoreConstants` sorted as if all numbers were equal). Then the Zhang–Shasha distance d with
 * unit costs (see the file comment). Without `normalized` the result is the integer d: with
 * `tolerance` 0, a metric on the preprocessed trees (symmetric, zero only for trees with equal
 * labels, triangle inequality).
 *
 * Normalized tree edit distance (SRSD: Y. Matsubara, N. Chiba, R. Igarashi, Y. Ushiku,
 * "Rethinking Symbolic Regression Datasets and Benchmarks for Scientific Discovery",
 * arXiv:2206.10540, 2022):
 *
 *     NED(f_pred, f_true) = min(1, d(f_pred, f_true) / |f_true|)
 *
 * where f_pred and f_true are the simplified predicted and true equations, d is the Zhang–Shasha
 * tree edit distance between their expression trees, and |f_true| the number of nodes of the
 * true tree. It is 0 for an exact recovery and 1 for anything at least as far as rebuilding the
 * truth from nothing; not symmetric (the argument order is predicted, then true). The reference
 * implementation (github.com/omron-sinicx/srsd-benchmark, eq/eval.py `compute_distance` and
 * eq/conversion.py `sympy2zss_module`) builds zss trees from SymPy expressions after
 * `subs(pi, pi.evalf()).evalf().factor().simplify()`, with the label 'Const' for every numeric
 * node, the name for symbols and SymPy's function name (Add, Mul, Pow, sin, ...) otherwise.
 * With `normalized`, the defaults here follow it: the SymPy tree shape (`shape: 'sympy'`, so
 * |f_true| counts SymPy's nodes: x - y has 5) and constants ignored. Differences that remain:
 * symx's `simplify` stands in for SymPy's `factor().simplify()`, so a result SymPy would write
 * differently gets a different tree; SymPy's automatic collection of like terms (x*x → x**2) is
 * left to `simplify`; and commutative arguments are in symx's canonical order rather than
 * SymPy's, which can change d by a little for near misses (not for exact matches, 0 either way).
 *
 * Throws RangeError when an input (as given, or after preprocessing) has more than `maxNodes`
 * nodes or the work estimate exceeds `maxWork`, TypeError for a bad option or a term of another
 * store.
 *
 * @example
 * treeEditDistance(parse('x + y'), parse('y + x'));                   // 0 (canonical forms)
 * treeEditDistance(parse('x*y'), parse('x*z'));                       // 1 (one relabel)
 * treeEditDistance(parse('sin(x)'), parse('x'));                      // 1 (delete sin)
 * treeEditDistance(parse('x*y + 1'), parse('x*y + z + 1'), { normalized: true });   // 1/6
 * treeEditDistance(parse('2.9*x'), parse('3*x'), { simplify: false, tolerance: 0.05 });   // 0
 */
export function treeEditDistance(a: Term, b: Term, opts: TreeEditDistanceOptions = {}): number {
  const o = resolveOptions(opts);
  const labels = new Map<string, number>();
  const t1 = prepare(a, 'first', o, labels);
  const t2 = prepare(b, 'second', o, labels);
  const work = keyrootWork(t1) * keyrootWork(t2);
  if (work > o.maxWork)
    throw new RangeError(
      `treeEditDistance: comparing trees of ${t1.n} and ${t2.n} nodes needs ${work} cells of work, more than maxWork (${o.maxWork})`,
    );
  const d = zhangShasha(t1, t2, o.ignoreConstants ? -1 : o.tolerance);
  return o.normalized ? Math.min(1, d / t2.n) : d;
}

// ---- options ---------------------------------------------------------------------------------

interface Resolved {
  readonly normalized: boolean;
  readonly simplify: ((t: Term) => Term) | undefined;
  readonly canonical: boolean;
  readonly sympy: boolean;
  readonly ignoreConstants: boolean;
  readonly tolerance: number;
  readonly maxNodes: number;
  readonly maxWork: number;
  readonly store: TermStore;
}

function resolveOptions(opts: TreeEditDistanceOptions): Resolved {
  if (typeof opts !== 'object' || opts === null) throw new TypeError('treeEditDistance: options must be an object');
  const bool = (v: unknown, name: string, dflt: boolean): boolean => {
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') throw new TypeError(`treeEditDistance: option '${name}' must be a boolean, got ${String(v)}`);
    return v;
  };
  const positive = (v: unknown, name: string, dflt: number): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !(v >= 1)) throw new RangeError(`treeEditDistance: option '${name}' must be a number >= 1, got ${String(v)}`);
    return v;
  };
  const normalized = bool(opts.normalized, 'normalized', false);
  const shape = opts.shape ?? (normalized ? 'sympy' : 'symx');
  if (shape !== 'symx' && shape !== 'sympy') throw new TypeError(`treeEditDistance: option 'shape' must be 'symx' or 'sympy', got ${String(shape)}`);
  const s = opts.simplify;
  if (s !== undefined && s !== false && typeof s !== 'function')
    throw new TypeError(`treeEditDistance: option 'simplify' must be a function or false`);
  const tolerance = opts.tolerance ?? 0;
  if (typeof tolerance !== 'number' || !(tolerance >= 0) || !Number.isFinite(tolerance))
    throw new RangeError(`treeEditDistance: option 'tolerance' must be a finite number >= 0, got ${String(tolerance)}`);
  const store = opts.store ?? defaultStore;
  if (!(store instanceof TermStore)) throw new TypeError(`treeEditDistance: option 'store' must be a TermStore`);
  return {
    normalized,
    simplify: s === false ? undefined : (s ?? ((t: Term) => coreSimplify(t))),
    canonical: bool(opts.canonical, 'canonical', true),
    sympy: shape === 'sympy',
    ignoreConstants: bool(opts.ignoreConstants, 'ignoreConstants', normalized),
    tolerance,
    maxNodes: positive(opts.maxNodes, 'maxNodes', DEFAULT_TED_MAX_NODES),
    maxWork: positive(opts.maxWork, 'maxWork', DEFAULT_TED_MAX_WORK),
    store,
  };
}

// ---- preprocessing ---------------------------------------------------------------------------

/** A tree in post-order, 1-based: node k has label `label[k]` and leftmost leaf `lml[k]`. */
interface PostOrderTree {
  readonly n: number;
  readonly label: Int32Array;
  readonly lml: Int32Array;
  /** Values of number nodes (label NUMBER_LABEL), by post-order index. */
  readonly value: (Num | undefined)[];
  /** Keyroots in increasing order: the root and every node with a left sibling. */
  readonly keyroots: Int32Array;
}

/** The label shared by every number; other labels are interned from 1. */
const NUMBER_LABEL = 0;

function prepare(t: Term, which: string, o: Resolved, labels: Map<string, number>): PostOrderTree {
  if (!(t instanceof Term)) throw new TypeError(`treeEditDistance: the ${which} argument is not a Term`);
  if (!o.store.owns(t))
    throw new TypeError(`treeEditDistance: the ${which} term belongs to another TermStore or was released (pass { store })`);
  checkSize(t, which, 'as given', o.maxNodes);
  let u = t;
  if (o.simplify !== undefined) {
    u = o.simplify(u);
    if (!(u instanceof Term) || !o.store.owns(u)) throw new TypeError(`treeEditDistance: 'simplify' did not return a live Term of the store`);
  }
  if (o.sympy) u = sympyShape(u, o.store);
  if (o.canonical) u = canonicalForm(u, { ignoreConstants: o.ignoreConstants, store: o.store });
  checkSize(u, which, 'after preprocessing', o.maxNodes);
  return layOut(u, labels);
}

function checkSize(t: Term, which: string, when: string, maxNodes: number): void {
  if (t.size > maxNodes)
    throw new RangeError(
      `treeEditDistance: the ${which} tree has ${t.size} nodes ${when}, more than maxNodes (${maxNodes}); pass a larger maxNodes to compare it`,
    );
}

/** Post-order arrays of the tree of `t` (shared subterms expanded), iteratively. */
function layOut(t: Term, labels: Map<string, number>): PostOrderTree {
  const n = t.size;
  const label = new Int32Array(n + 1);
  const lml = new Int32Array(n + 1);
  const value: (Num | undefined)[] = [];
  const terms: Term[] = [t];
  const next: number[] = [0];
  const firstLeaf: number[] = [0];
  let k = 0;
  while (terms.length > 0) {
    const top = terms.length - 1;
    const u = terms[top];
    const i = next[top];
    if (i < u.args.length) {
      next[top] = i + 1;
      terms.push(u.args[i]);
      next.push(0);
      firstLeaf.push(0);
      continue;
    }
    terms.pop();
    next.pop();
    const leaf = firstLeaf.pop()!;
    k++;
    if (u.kind === KIND_NUMBER) {
      label[k] = NUMBER_LABEL;
      value[k] = u.value;
    } else label[k] = labelOf(labels, (u.kind === KIND_CALL ? 'c' : 's') + u.op);
    lml[k] = u.args.length === 0 ? k : leaf;
    // The first child to finish gives its parent's leftmost leaf.
    if (top > 0 && next[top - 1] === 1) firstLeaf[top - 1] = lml[k];
  }
  const seen = new Uint8Array(n + 1);
  const roots: number[] = [];
  for (let i = n; i >= 1; i--) {
    if (seen[lml[i]] === 0) {
      seen[lml[i]] = 1;
      roots.push(i);
    }
  }
  roots.reverse();
  return { n, label, lml, value, keyroots: Int32Array.from(roots) };
}

function labelOf(labels: Map<string, number>, key: string): number {
  let id = labels.get(key);
  if (id === undefined) {
    id = labels.size + 1;
    labels.set(key, id);
  }
  return id;
}

/** Σ over keyroots of their subtree sizes: the DP does this × the other tree's cells. */
function keyrootWork(t: PostOrderTree): number {
  let s = 0;
  for (const i of t.keyroots) s += i - t.lml[i] + 1;
  return s;
}

// ---- Zhang–Shasha ----------------------------------------------------------------------------

// Scratch matrices reused across calls (grown on demand): an SR loop scores many candidates.
let treeDist = new Int32Array(0);
let forestDist = new Int32Array(0);

/**
 * Zhang–Shasha with unit costs. `tolerance` < 0: numbers all match; otherwise they match by
 * value within the relative tolerance. treeDist[x][y] is the distance between the subtrees
 * rooted at x and y; forestDist is the forest distance for the current keyroot pair, indexed
 * from the keyroots' leftmost leaves (row/column 0: the empty forest).
 */
function zhangShasha(t1: PostOrderTree, t2: PostOrderTree, tolerance: number): number {
  const n1 = t1.n;
  const n2 = t2.n;
  const w = n2 + 1;
  const cells = (n1 + 1) * w;
  if (treeDist.length < cells) {
    treeDist = new Int32Array(cells);
    forestDist = new Int32Array(cells);
  }
  const td = treeDist;
  const fd = forestDist;
  const l1 = t1.lml;
  const l2 = t2.lml;
  const lab1 = t1.label;
  const lab2 = t2.label;
  for (const i of t1.keyroots) {
    const li = l1[i];
    for (const j of t2.keyroots) {
      const lj = l2[j];
      fd[0] = 0;
      for (let dx = 1; dx <= i - li + 1; dx++) fd[dx * w] = dx;
      for (let dy = 1; dy <= j - lj + 1; dy++) fd[dy] = dy;
      for (let x = li; x <= i; x++) {
        const row = (x - li + 1) * w;
        const prev = row - w;
        const lx = l1[x];
        const wholeX = lx === li; // x's subtree is a prefix of the forest: a tree distance is due
        for (let y = lj; y <= j; y++) {
          const dy = y - lj + 1;
          const del = fd[prev + dy] + 1;
          const ins = fd[row + dy - 1] + 1;
          let best = del < ins ? del : ins;
          const ly = l2[y];
          if (wholeX && ly === lj) {
            let cost = lab1[x] === lab2[y] ? 0 : 1;
            if (cost === 0 && lab1[x] === NUMBER_LABEL && tolerance >= 0 && !numbersMatch(t1.value[x]!, t2.value[y]!, tolerance)) cost = 1;
            const rel = fd[prev + dy - 1] + cost;
            if (rel < best) best = rel;
            fd[row + dy] = best;
            td[x * w + y] = best;
          } else {
            const sub = fd[(lx - li) * w + (ly - lj)] + td[x * w + y];
            fd[row + dy] = sub < best ? sub : best;
          }
        }
      }
    }
  }
  return td[n1 * w + n2];
}

/** Exact values compare exactly; otherwise as floats, NaN matching only NaN. */
function numbersMatch(a: Num, b: Num, tolerance: number): boolean {
  if (numIsExact(a) && numIsExact(b) && numCompare(a, b) === 0) return true;
  const x = numToNumber(a);
  const y = numToNumber(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (x === y) return true;
  return tolerance > 0 && Math.abs(x - y) <= tolerance * Math.max(Math.abs(x), Math.abs(y));
}

// ---- the SymPy shape -------------------------------------------------------------------------

const MINUS_ONE = integer(-1);
const HALF = rational(1, 2);

/**
 * The tree SymPy builds for `t` (see `TreeEditDistanceOptions.shape`), bottom-up over the DAG.
 * The helpers below only look one or two levels into already-shaped arguments, so the whole
 * pass is iterative and linear.
 */
function sympyShape(t: Term, store: TermStore): Term {
  const shaped = new Map<Term, Term>();
  for (const u of postOrder(t)) {
    let r: Term;
    if (u.kind !== KIND_CALL) r = u;
    else {
      const args = u.args.map((a) => shaped.get(a)!);
      r = shapeCall(u, args, store);
    }
    shaped.set(u, r);
  }
  return shaped.get(t)!;
}

function shapeCall(u: Term, args: Term[], store: TermStore): Term {
  const num = (v: Num): Term => store.number(v);
  switch (u.op) {
    case 'add':
      return makeAdd(args, store);
    case 'mul':
      return makeMul(args, store);
    case 'sub':
      return makeAdd([args[0], makeMul([num(MINUS_ONE), args[1]], store)], store);
    case 'neg':
      return makeMul([num(MINUS_ONE), args[0]], store);
    case 'div':
      return makeMul([args[0], makePow(args[1], num(MINUS_ONE), store)], store);
    case 'sqrt':
      return makePow(args[0], num(HALF), store);
    case 'pow':
      return makePow(args[0], args[1], store);
  }
  // Constant subterms (pi, sin(2), ...) become one number, as SymPy's evalf makes them.
  if (args.every((a) => a.kind === KIND_NUMBER)) {
    const v = foldFloat(u.op, args);
    if (v !== undefined) return num(v);
  }
  let same = true;
  for (let i = 0; i < args.length; i++) if (args[i] !== u.args[i]) same = false;
  return same ? u : store.call(u.op, args);
}

/** The float value of `op(numbers)`, or undefined for an operator with no numeric meaning. */
function foldFloat(op: string, args: readonly Term[]): number | undefined {
  try {
    return applyOperator(
      op,
      args.map((a) => numToNumber(a.value)),
    );
  } catch {
    return undefined;
  }
}

/** Arguments with nested calls of `op` spliced in (arguments are shaped, hence already flat). */
function spliced(op: string, args: readonly Term[]): Term[] {
  const out: Term[] = [];
  for (const a of args) {
    if (a.kind === KIND_CALL && a.op === op) out.push(...a.args);
    else out.push(a);
  }
  return out;
}

/** SymPy's Add: flat, its numbers summed into one (dropped when zero). */
function makeAdd(args: readonly Term[], store: TermStore): Term {
  let sum: Num | undefined;
  const rest: Term[] = [];
  for (const a of spliced('add', args)) {
    if (a.kind === KIND_NUMBER) sum = sum === undefined ? a.value : numAdd(sum, a.value);
    else rest.push(a);
  }
  if (sum !== undefined && (!numIsZero(sum) || rest.length === 0)) rest.unshift(store.number(sum));
  return rest.length === 1 ? rest[0] : store.call('add', rest);
}

/**
 * SymPy's Mul: flat, its numbers multiplied into one coefficient (dropped when one; zero
 * absorbs), and a coefficient times a single sum distributed over the sum.
 */
function makeMul(args: readonly Term[], store: TermStore): Term {
  let coef: Num | undefined;
  const rest: Term[] = [];
  for (const a of spliced('mul', args)) {
    if (a.kind === KIND_NUMBER) coef = coef === undefined ? a.value : numMul(coef, a.value);
    else rest.push(a);
  }
  if (coef !== undefined && numIsZero(coef)) return store.number(integer(0));
  if (rest.length === 0) return store.number(coef!);
  if (coef === undefined || numIsOne(coef)) return rest.length === 1 ? rest[0] : store.call('mul', rest);
  const c = store.number(coef);
  // The terms of a shaped sum are not sums, so this goes one level deep only.
  if (rest.length === 1 && rest[0].kind === KIND_CALL && rest[0].op === 'add')
    return makeAdd(rest[0].args.map((s) => makeMul([c, s], store)), store);
  return store.call('mul', [c, ...rest]);
}

/** SymPy's Pow: numbers folded, x^1 = x, x^0 = 1, and integer powers of products and powers expanded. */
function makePow(base: Term, e: Term, store: TermStore): Term {
  if (e.kind === KIND_NUMBER) {
    const k = e.value;
    if (numIsZero(k)) return store.number(integer(1));
    if (numIsOne(k)) return base;
    if (base.kind === KIND_NUMBER) return store.number(foldPow(base.value, k));
    if (numIsInteger(k)) {
      if (base.kind === KIND_CALL && base.op === 'mul') return makeMul(base.args.map((f) => powOnce(f, k, store)), store);
      return powOnce(base, k, store);
    }
  } else if (base.kind === KIND_NUMBER && numIsOne(base.value)) return base;
  return store.call('pow', [base, e]);
}

/** base^k for an integer k, combining with a numeric exponent of `base` (one level). */
function powOnce(base: Term, k: Num, store: TermStore): Term {
  if (base.kind === KIND_NUMBER) return store.number(foldPow(base.value, k));
  if (base.kind === KIND_CALL && base.op === 'pow' && base.args[1].kind === KIND_NUMBER) {
    const e = numMul(base.args[1].value, k);
    return numIsOne(e) ? base.args[0] : store.call('pow', [base.args[0], store.number(e)]);
  }
  return store.call('pow', [base, store.number(k)]);
}

/** Exact when base and exponent are exact and the exponent a small integer; float otherwise. */
function foldPow(base: Num, k: Num): Num {
  if (numIsExact(base) && numIsExact(k) && k.d === 1n && !(base.n === 0n && k.n < 0n)) {
    try {
      return numPowInt(base, k.n);
    } catch {
      // too large for exact arithmetic: fall through to floats
    }
  }
  return Math.pow(numToNumber(base), numToNumber(k));
}
