/**
 * Conversion between plain terms (internal/store.ts) and the normal form, both iterative and
 * memoized per call (a shared subterm is converted once).
 *
 * toNormal converts maximal regions of sums (add/sub/neg) and of products (mul/div) in bulk:
 * the region's inner nodes are never normalized on their own. A weight is pushed down the
 * region's DAG in topological order (sub and neg negate it; div negates the exponent), and the
 * leaves with their summed weights go to one SumBuilder / ProductBuilder (a product gets the
 * + and - occurrences of a leaf apart; see regionPlan). So a chain
 * x1 + x2 + ... + xn, nested any way, costs O(n log n) rather than O(n²), and a DAG that
 * doubles at each level (a = x + x, b = a + a, ...) costs its size, not its unfolded size.
 * Distributing the region's integer exponents over products is rule (2) of product.ts.
 *
 * fromNormal prints naturally: x - y rather than x + (-1)*y, x/y rather than x*y^-1,
 * sqrt(x) for x^(1/2), 2*x/3 for (2/3)*x, and toNormal(fromNormal(n)) === n.
 */
import { type Num, MINUS_ONE, ONE, type Rational, HALF, ZERO, integer, numAdd, numIsNegative, numNeg, numSub } from '../../numbers.js';
import { KIND_CALL, KIND_NUMBER, KIND_SYMBOL, Term, type TermStore } from '../store.js';
import { NK_ADD, NK_CALL, NK_MUL, NK_NUMBER, NK_POW, NK_SYMBOL, type NTerm, type NormalStore } from './nterm.js';
import { makeNormal } from './ops.js';
import { ProductBuilder } from './product.js';
import { isExactOne, isZeroNum } from './shape.js';
import { SumBuilder } from './sum.js';

const PLAN_SUM = 0;
const PLAN_PRODUCT = 1;
const PLAN_CALL = 2;

/** A region spanning several nodes: its leaves, and their occurrences with each sign. */
interface Plan {
  kind: typeof PLAN_SUM | typeof PLAN_PRODUCT;
  leaves: readonly Term[];
  /** Occurrences of each leaf with a + sign (a SUM coefficient, a PRODUCT exponent). */
  weights: readonly Rational[];
  /** Occurrences of each leaf with a - sign. */
  negatives: readonly Rational[];
}

function isSumOp(op: string): boolean {
  return op === 'add' || op === 'sub' || op === 'neg';
}
function isProductOp(op: string): boolean {
  return op === 'mul' || op === 'div';
}
/** Sign of the k-th argument of a region node: sub's and div's second argument, neg's only one. */
function edgeSign(op: string, k: number): Rational {
  return op === 'neg' || (k === 1 && (op === 'sub' || op === 'div')) ? MINUS_ONE : ONE;
}

/**
 * Terms up to this tree size (nodes counted with multiplicity, so also depth) are converted by
 * plain recursion without a memo: cheaper than maps for the short candidates of an SR loop.
 * Both paths feed the builders the same leaves and weights, so they give the same NF; with
 * float coefficients, shared subterms may be summed in a different grouping and the two may
 * differ in the last bit (each is deterministic, and the path depends only on the input).
 */
const SMALL_SIZE = 256;

/** The normal form of a plain term (`smallSize` is for tests of the iterative path). */
export function toNormalImpl(root: Term, store: NormalStore, smallSize = SMALL_SIZE): NTerm {
  if (!(root instanceof Term)) throw new TypeError(`toNormal: not a Term: ${String(root)}`);
  if (root.size <= smallSize) return convertSmall(root, store);
  const memo = new Map<Term, NTerm>();
  // Plans of nodes whose region spans more than one node, between their two visits.
  const plans = new Map<Term, Plan>();
  const stack: Term[] = [root];
  while (stack.length > 0) {
    const u = stack[stack.length - 1];
    if (memo.has(u)) {
      stack.pop();
      continue;
    }
    if (u.kind === KIND_NUMBER) {
      memo.set(u, store.number(u.value));
      stack.pop();
      continue;
    }
    if (u.kind === KIND_SYMBOL) {
      memo.set(u, store.symbol(u.op));
      stack.pop();
      continue;
    }
    const kind = regionKind(u.op);
    let plan = kind === PLAN_CALL ? undefined : plans.get(u);
    if (plan === undefined && kind !== PLAN_CALL && hasNestedRegion(u, kind, memo)) {
      plan = regionPlan(u, memo, kind);
      plans.set(u, plan);
    }
    // A single node (the common case) uses its own arguments as leaves: nothing to allocate.
    const leaves = plan === undefined ? u.args : plan.leaves;
    let pending = false;
    for (let i = leaves.length - 1; i >= 0; i--) {
      if (!memo.has(leaves[i])) {
        stack.push(leaves[i]);
        pending = true;
      }
    }
    if (pending) continue;
    if (plan === undefined) memo.set(u, buildNode(u, kind, memo, store));
    else {
      memo.set(u, buildPlan(plan, memo, store));
      plans.delete(u);
    }
    stack.pop();
  }
  return memo.get(root)!;
}

/** Recursive conversion of a small tree (depth <= size <= SMALL_SIZE): same regions, no memo. */
function convertSmall(t: Term, store: NormalStore): NTerm {
  if (t.kind === KIND_NUMBER) return store.number(t.value);
  if (t.kind === KIND_SYMBOL) return store.symbol(t.op);
  const op = t.op;
  if (isSumOp(op)) {
    const b = new SumBuilder(store);
    gatherSum(t, ONE, b, store);
    return b.finish();
  }
  if (isProductOp(op)) {
    const b = new ProductBuilder(store);
    gatherProduct(t, ONE, b, store);
    return b.finish();
  }
  const args: NTerm[] = new Array(t.args.length);
  for (let i = 0; i < args.length; i++) args[i] = convertSmall(t.args[i], store);
  return makeNormal(store, op, args);
}

function gatherSum(t: Term, w: Rational, b: SumBuilder, store: NormalStore): void {
  for (let k = 0; k < t.args.length; k++) {
    const a = t.args[k];
    const wk = edgeSign(t.op, k) === ONE ? w : (numNeg(w) as Rational);
    if (a.kind === KIND_CALL && isSumOp(a.op)) gatherSum(a, wk, b, store);
    else b.add(convertSmall(a, store), wk);
  }
}

function gatherProduct(t: Term, e: Rational, b: ProductBuilder, store: NormalStore): void {
  for (let k = 0; k < t.args.length; k++) {
    const a = t.args[k];
    const ek = edgeSign(t.op, k) === ONE ? e : (numNeg(e) as Rational);
    if (a.kind === KIND_CALL && isProductOp(a.op)) gatherProduct(a, ek, b, store);
    else b.mul(convertSmall(a, store), ek);
  }
}

function regionKind(op: string): typeof PLAN_SUM | typeof PLAN_PRODUCT | typeof PLAN_CALL {
  return isSumOp(op) ? PLAN_SUM : isProductOp(op) ? PLAN_PRODUCT : PLAN_CALL;
}

/** True for a region node not yet converted: it belongs to its parent's region. */
function inRegion(t: Term, kind: typeof PLAN_SUM | typeof PLAN_PRODUCT, memo: Map<Term, NTerm>): boolean {
  return t.kind === KIND_CALL && regionKind(t.op) === kind && !memo.has(t);
}

function hasNestedRegion(u: Term, kind: typeof PLAN_SUM | typeof PLAN_PRODUCT, memo: Map<Term, NTerm>): boolean {
  for (const a of u.args) if (inRegion(a, kind, memo)) return true;
  return false;
}

/**
 * The leaves of the region rooted at `root`, each with how many times it occurs with a + sign
 * and with a - sign (counted along all paths). Sums need only the difference; products keep
 * the two apart because a positive power of 0 decides a product by its presence (product.ts
 * rule 8), so x·0 / (x·0) must see 0^1 and 0^-1, not 0^0 — as the recursive path does.
 */
function regionPlan(root: Term, memo: Map<Term, NTerm>, kind: typeof PLAN_SUM | typeof PLAN_PRODUCT): Plan {
  // Post-order of the region's nodes (iterative DFS), then counts pushed parents-first.
  const region = new Set<Term>([root]);
  const order: Term[] = [];
  const stack: Term[] = [root];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top];
    const i = next[top];
    if (i < t.args.length) {
      next[top] = i + 1;
      const c = t.args[i];
      if (!region.has(c) && inRegion(c, kind, memo)) {
        region.add(c);
        stack.push(c);
        next.push(0);
      }
      continue;
    }
    order.push(t);
    stack.pop();
    next.pop();
  }
  const plus = new Map<Term, Rational>([[root, ONE]]);
  const minus = new Map<Term, Rational>();
  const leaves: Term[] = [];
  const bump = (into: Map<Term, Rational>, c: Term, by: Rational): void => {
    if (by.n === 0n) return;
    const prev = into.get(c);
    into.set(c, prev === undefined ? by : (numAdd(prev, by) as Rational));
  };
  for (let k = order.length - 1; k >= 0; k--) {
    const t = order[k];
    const p = plus.get(t) ?? ZERO;
    const n = minus.get(t) ?? ZERO;
    for (let i = 0; i < t.args.length; i++) {
      const c = t.args[i];
      if (!region.has(c) && !plus.has(c) && !minus.has(c)) leaves.push(c);
      const flip = edgeSign(t.op, i) !== ONE;
      bump(plus, c, flip ? n : p);
      bump(minus, c, flip ? p : n);
    }
  }
  const weights: Rational[] = [];
  const negatives: Rational[] = [];
  for (const leaf of leaves) {
    weights.push(plus.get(leaf) ?? ZERO);
    negatives.push(minus.get(leaf) ?? ZERO);
  }
  return { kind, leaves, weights, negatives };
}

/** NF of a node whose arguments are all converted and none belongs to its region. */
function buildNode(u: Term, kind: number, memo: Map<Term, NTerm>, store: NormalStore): NTerm {
  const args = u.args;
  if (kind === PLAN_SUM) {
    const s = new SumBuilder(store);
    for (let i = 0; i < args.length; i++) s.add(memo.get(args[i])!, edgeSign(u.op, i));
    return s.finish();
  }
  if (kind === PLAN_PRODUCT) {
    const p = new ProductBuilder(store);
    for (let i = 0; i < args.length; i++) p.mul(memo.get(args[i])!, edgeSign(u.op, i));
    return p.finish();
  }
  const nargs: NTerm[] = new Array(args.length);
  for (let i = 0; i < args.length; i++) nargs[i] = memo.get(args[i])!;
  return makeNormal(store, u.op, nargs);
}

function buildPlan(plan: Plan, memo: Map<Term, NTerm>, store: NormalStore): NTerm {
  const { leaves, weights, negatives } = plan;
  if (plan.kind === PLAN_SUM) {
    const s = new SumBuilder(store);
    for (let i = 0; i < leaves.length; i++) s.add(memo.get(leaves[i])!, numSub(weights[i], negatives[i]));
    return s.finish();
  }
  const p = new ProductBuilder(store);
  for (let i = 0; i < leaves.length; i++) {
    const leaf = memo.get(leaves[i])!;
    if (weights[i].n !== 0n) p.mul(leaf, weights[i]);
    if (negatives[i].n !== 0n) p.mul(leaf, numNeg(negatives[i]) as Rational);
  }
  return p.finish();
}

// ---- fromNormal -------------------------------------------------------------------------------

/** A plain term equal to `root`, in `store`, printed naturally (see the file comment). */
export function fromNormalImpl(root: NTerm, store: TermStore): Term {
  const memo = new Map<NTerm, Term>();
  const stack: NTerm[] = [root];
  while (stack.length > 0) {
    const u = stack[stack.length - 1];
    if (memo.has(u)) {
      stack.pop();
      continue;
    }
    let pending = false;
    for (let i = u.children.length - 1; i >= 0; i--) {
      const c = u.children[i];
      if (!memo.has(c)) {
        stack.push(c);
        pending = true;
      }
    }
    if (pending) continue;
    memo.set(u, plainOf(u, memo, store));
    stack.pop();
  }
  return memo.get(root)!;
}

function plainOf(u: NTerm, memo: Map<NTerm, Term>, store: TermStore): Term {
  switch (u.kind) {
    case NK_NUMBER:
      return store.number(u.value);
    case NK_SYMBOL:
      return store.symbol(u.name);
    case NK_POW:
      return store.call2('pow', memo.get(u.children[0])!, memo.get(u.children[1])!);
    case NK_CALL:
      return store.call(u.name, u.children.map((c) => memo.get(c)!));
    case NK_MUL:
      return productDisplay(u.value, u.children, u.nums as readonly Rational[], memo, store);
    case NK_ADD:
      return sumDisplay(u, memo, store);
  }
}

/** c·t for a term of a sum and c > 0 (or NaN). */
function scaledDisplay(t: NTerm, c: Num, memo: Map<NTerm, Term>, store: TermStore): Term {
  if (t.kind === NK_MUL) return productDisplay(c, t.children, t.nums as readonly Rational[], memo, store);
  if (isExactOne(c)) return memo.get(t)!;
  return productDisplay(c, [t], [ONE], memo, store);
}

function sumDisplay(u: NTerm, memo: Map<NTerm, Term>, store: TermStore): Term {
  const plus: Term[] = [];
  const minus: Term[] = [];
  for (let i = 0; i < u.children.length; i++) {
    const c = u.nums[i];
    if (numIsNegative(c)) minus.push(scaledDisplay(u.children[i], numNeg(c), memo, store));
    else plus.push(scaledDisplay(u.children[i], c, memo, store));
  }
  const k = u.value;
  if (!isZeroNum(k)) {
    if (numIsNegative(k)) minus.push(store.number(numNeg(k)));
    else plus.push(store.number(k));
  }
  let acc: Term;
  let first = 0;
  if (plus.length === 0) {
    acc = store.call1('neg', minus[0]);
    first = 1;
  } else acc = plus.length === 1 ? plus[0] : store.call('add', plus);
  for (let i = first; i < minus.length; i++) acc = store.call2('sub', acc, minus[i]);
  return acc;
}

function productDisplay(
  c: Num,
  bases: readonly NTerm[],
  exps: readonly Rational[],
  memo: Map<NTerm, Term>,
  store: TermStore,
): Term {
  const num: Term[] = [];
  const den: Term[] = [];
  let negate = false;
  if (typeof c === 'number') num.push(store.number(c));
  else {
    if (c.n === -1n) negate = true;
    else if (c.n !== 1n) num.push(store.number(integer(c.n)));
    if (c.d !== 1n) den.push(store.number(integer(c.d)));
  }
  for (let i = 0; i < bases.length; i++) {
    const b = memo.get(bases[i])!;
    const e = exps[i];
    if (numIsNegative(e)) den.push(powerDisplay(b, numNeg(e) as Rational, store));
    else num.push(powerDisplay(b, e, store));
  }
  let body = num.length === 0 ? store.number(ONE) : num.length === 1 ? num[0] : store.call('mul', num);
  if (den.length > 0) body = store.call2('div', body, den.length === 1 ? den[0] : store.call('mul', den));
  return negate ? store.call1('neg', body) : body;
}

function powerDisplay(b: Term, e: Rational, store: TermStore): Term {
  if (isExactOne(e)) return b;
  if (e.n === HALF.n && e.d === HALF.d) return store.call1('sqrt', b);
  return store.call2('pow', b, store.number(e));
}
