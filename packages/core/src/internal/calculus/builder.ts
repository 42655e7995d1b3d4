/**
 * Smart constructors over any `TermOps`: the local simplification that keeps derivatives (and
 * other built results) compact. Each constructor looks only at its arguments and at most two
 * levels below them, and opens at most MAX_FLAT nested arguments, so it costs O(arity +
 * MAX_FLAT) and never recurses deeply: building over a 100,000-deep term is as safe as
 * building a leaf.
 *
 * What they do (u, v are any terms; c, k numbers):
 *   sum       nested sums are opened one level (within MAX_FLAT summands), so a + (b - a) → b;
 *             numbers fold into one constant; equal terms (by identity) add their
 *             coefficients, c·u + k·u → (c+k)·u; zero terms vanish; negative terms are
 *             subtracted: u + (-1)·v → u - v, and several are grouped: u - (v + w)
 *   product   nested products and quotients are opened two levels (within MAX_FLAT factors);
 *             numbers and the coefficients of `neg`, `mul` and `div` arguments fold into one
 *             coefficient; 0·u → 0; 1·u → u; (-1)·u → -u; equal bases (by identity) add their
 *             exact exponents (sqrt(u) counts as u^(1/2)): u·u → u^2, u^2/u → u, (1/u)·u → 1;
 *             the result is written N/D with the negative powers in D, and a rational
 *             coefficient p/q as p·N/(q·D)
 *   quotient  u/v is the product u·v^-1 (above); u/0 is kept as it is, never folded
 *   power     u^1 → u; u^0 → 1; 1^u → 1; u^(1/2) → sqrt(u); (u^a)^n → u^(a·n) for an integer n;
 *             numbers fold (exactly when exact, to a bounded size)
 * Equal means `===`: hash-consed representations (the default store, the normal form) share
 * every equal subterm, so that is structural equality there; other representations just get
 * fewer merges.
 *
 * Domain: these are identities wherever the result is finite and the input defined, the usual
 * convention of symbolic algebra. 0·u → 0 drops the points where u is infinite or NaN; u/u → 1
 * and u·u^-1 → 1 drop u = 0. Derivative formulas (calculus.ts) are stated under the same
 * convention. Nothing here turns an exact number into a float.
 */
import {
  type Num,
  HALF,
  MINUS_ONE,
  ONE,
  ZERO,
  integer,
  numAdd,
  numDiv,
  numIsExact,
  numIsNegative,
  numIsZero,
  numMul,
  numNeg,
  numPowInt,
  numToNumber,
} from '../../numbers.js';
import type { TermOps } from '../../term.js';

/** Largest |exponent| for which an exact power of an exact number is folded (bounds bigint sizes). */
const MAX_FOLD_EXPONENT = 64;

/**
 * The most summands (factors) a sum (product) may have after opening nested sums (products).
 * Bounds the work per constructor call, so building over a chain of n nested terms costs
 * O(n·MAX_FLAT) however deep it is; the price is one extra node every MAX_FLAT levels of such
 * a chain.
 */
const MAX_FLAT = 32;

/** Above this many arguments, merging equal terms uses a Map instead of a linear scan. */
const SCAN_LIMIT = 16;

function isExactValue(v: Num, n: bigint): boolean {
  return typeof v !== 'number' && v.d === 1n && v.n === n;
}

/** True for the exact rational 1/2. */
function isExactHalf(v: Num): boolean {
  return typeof v !== 'number' && v.n === 1n && v.d === 2n;
}

/**
 * The smart constructors for one representation. Not re-entrant: `split` leaves its result in
 * two fields, read right after each call.
 */
export class Builder<T> {
  readonly zero: T;
  readonly one: T;
  readonly two: T;
  /** Result of `split`: the coefficient... */
  private sc: Num = ONE;
  /** ...and the rest (undefined when the term is a number). */
  private sr: T | undefined = undefined;

  constructor(readonly ops: TermOps<T>) {
    this.zero = ops.number(ZERO);
    this.one = ops.number(ONE);
    this.two = ops.number(numAdd(ONE, ONE));
  }

  num(v: Num): T {
    return this.ops.number(v);
  }

  /** True for the exact number 0 (the derivative of a constant). */
  isZero(t: T): boolean {
    return t === this.zero || (this.ops.isNumber(t) && isExactValue(this.ops.numberValue(t), 0n));
  }

  isOne(t: T): boolean {
    return t === this.one || (this.ops.isNumber(t) && isExactValue(this.ops.numberValue(t), 1n));
  }

  /** `op(args)` exactly as given (no simplification). */
  make(op: string, args: readonly T[]): T {
    return this.ops.make(op, args);
  }

  /** `op(a)` for a unary function, as given. */
  call1(op: string, a: T): T {
    return this.ops.make(op, [a]);
  }

  /**
   * Splits `t` into a numeric coefficient and the rest, one level deep: k → (k, none);
   * -u → (-c, r) where u → (c, r); k1·u·k2·v → (k1·k2, u·v); anything else → (1, t).
   * Leaves the answer in `sc` / `sr`.
   */
  private splitSimple(t: T): void {
    const ops = this.ops;
    let c: Num = ONE;
    let u = t;
    for (;;) {
      if (ops.isNumber(u)) {
        this.sc = numMul(c, ops.numberValue(u));
        this.sr = undefined;
        return;
      }
      if (!ops.isCall(u)) break;
      const op = ops.op(u);
      if (op === 'neg') {
        c = numNeg(c);
        u = ops.args(u)[0];
        continue;
      }
      if (op !== 'mul') break;
      const args = ops.args(u);
      let numbers = 0;
      for (let i = 0; i < args.length; i++) if (ops.isNumber(args[i])) numbers++;
      if (numbers === 0) break;
      const rest: T[] = [];
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (ops.isNumber(a)) c = numMul(c, ops.numberValue(a));
        else rest.push(a);
      }
      if (rest.length === 0) {
        this.sc = c;
        this.sr = undefined;
        return;
      }
      if (rest.length > 1) {
        u = ops.make('mul', rest);
        break;
      }
      u = rest[0]; // may itself be a neg or a mul with a coefficient
    }
    this.sc = c;
    this.sr = u;
  }

  /**
   * `splitSimple`, and for a quotient p/q also the coefficients of p and q (one level):
   * (2·x)/(3·y) → (2/3, x/y). Leaves the answer in `sc` / `sr`.
   */
  private split(t: T): void {
    this.splitSimple(t);
    const r = this.sr;
    const ops = this.ops;
    if (r === undefined || !ops.isCall(r) || ops.op(r) !== 'div') return;
    const c = this.sc;
    const [p, q] = ops.args(r);
    this.splitSimple(q);
    const cq = this.sc;
    const rq = this.sr;
    this.splitSimple(p);
    const cp = this.sc;
    const rp = this.sr;
    if (numIsZero(cq) || (isExactValue(cp, 1n) && isExactValue(cq, 1n))) {
      this.sc = c; // nothing to pull out (or a division by zero, kept as it is)
      this.sr = r;
      return;
    }
    this.sc = numMul(c, numDiv(cp, cq));
    if (rq === undefined) this.sr = rp;
    else this.sr = ops.make('div', [rp ?? this.one, rq]);
  }

  /** c·r for a number c and a term r without a coefficient of its own (see `split`). */
  private scaled(c: Num, r: T): T {
    if (isExactValue(c, 1n)) return r;
    const ops = this.ops;
    if (ops.isCall(r) && ops.op(r) === 'div') {
      // The coefficient goes into the quotient: (2/3)·(x/y) is 2·x/(3·y), -(x/y) is -x/y.
      const [p, q] = ops.args(r);
      if (typeof c === 'number') return ops.make('div', [this.scaledSimple(c, p), q]);
      return ops.make('div', [this.scaledSimple(integer(c.n), p), this.scaledSimple(integer(c.d), q)]);
    }
    return this.scaledSimple(c, r);
  }

  /** c·r without looking into r beyond a product's arguments. */
  private scaledSimple(c: Num, r: T): T {
    if (isExactValue(c, 1n)) return r;
    const ops = this.ops;
    if (ops.isNumber(r)) return this.num(numMul(c, ops.numberValue(r)));
    if (isExactValue(c, -1n)) return ops.make('neg', [r]);
    // Re-attach the coefficient to a product's own arguments: k·(u·v) is the k·u·v it came from.
    if (ops.isCall(r) && ops.op(r) === 'mul') return ops.make('mul', [ops.number(c), ...ops.args(r)]);
    return ops.make('mul', [ops.number(c), r]);
  }

  /**
   * Σ weights[i]·terms[i] (weights default to 1), simplified as described in the file comment.
   */
  sum(terms: readonly T[], weights?: readonly Num[]): T {
    const ops = this.ops;
    const acc = new TermAccumulator<T>();
    // Nested sums are opened one level so that like terms of both levels merge (a + (b - a)
    // → b), within MAX_FLAT summands; deeper levels stay as they are (linear cost on chains).
    // A sum with a coefficient other than ±1 is opened only when that merges something
    // (2·(2/x - 1) - 4/x → -2), since distributing alone makes the term larger.
    let budget = MAX_FLAT - terms.length;
    let scaledSums: T[] | undefined;
    let scaledCoefs: Num[] | undefined;
    for (let i = 0; i < terms.length; i++) {
      this.split(terms[i]);
      const c = weights === undefined ? this.sc : numMul(this.sc, weights[i]);
      const r = this.sr;
      if (r === undefined) acc.constant = numAdd(acc.constant, c);
      else if (!isSumCall(ops, r) || ops.args(r).length - 1 > budget) acc.add(r, c);
      else if (isExactValue(c, 1n) || isExactValue(c, -1n)) {
        budget -= ops.args(r).length - 1;
        this.addSummands(acc, r, c);
      } else {
        (scaledSums ??= []).push(r);
        (scaledCoefs ??= []).push(c);
      }
    }
    if (scaledSums !== undefined) {
      for (let i = 0; i < scaledSums.length; i++) {
        const r = scaledSums[i];
        const n = ops.args(r).length - 1;
        if (n <= budget && this.mergesWith(acc, r)) {
          budget -= n;
          this.addSummands(acc, r, scaledCoefs![i]);
        } else acc.add(r, scaledCoefs![i]);
      }
    }
    let constant = acc.constant;
    const { keys, coefs } = acc;
    const plus: T[] = [];
    const minus: T[] = [];
    for (let i = 0; i < keys.length; i++) {
      const c = coefs[i];
      if (numIsZero(c)) {
        if (typeof c === 'number') constant = numAdd(constant, c); // a float 0.0 stays a float
        continue;
      }
      if (numIsNegative(c)) minus.push(this.scaled(numNeg(c), keys[i]));
      else plus.push(this.scaled(c, keys[i]));
    }
    if (plus.length === 0 && minus.length === 0) return this.num(constant);
    if (!numIsZero(constant)) {
      if (numIsNegative(constant)) minus.push(this.num(numNeg(constant)));
      else plus.push(this.num(constant));
    }
    const m = minus.length === 0 ? undefined : minus.length === 1 ? minus[0] : ops.make('add', minus);
    if (plus.length === 0) return this.neg(m!);
    const p = plus.length === 1 ? plus[0] : ops.make('add', plus);
    return m === undefined ? p : ops.make('sub', [p, m]);
  }

  /** Adds c·(each summand of the sum call r) to `acc`. */
  private addSummands(acc: TermAccumulator<T>, r: T, c: Num): void {
    const ops = this.ops;
    const op = ops.op(r);
    const args = ops.args(r);
    for (let k = 0; k < args.length; k++) {
      this.split(args[k]);
      const w = op === 'neg' || (op === 'sub' && k === 1) ? numNeg(c) : c;
      if (this.sr === undefined) acc.constant = numAdd(acc.constant, numMul(this.sc, w));
      else acc.add(this.sr, numMul(this.sc, w));
    }
  }

  /** True when a summand of the sum call r is a like term of `acc` (or a number next to its constant). */
  private mergesWith(acc: TermAccumulator<T>, r: T): boolean {
    const args = this.ops.args(r);
    for (let k = 0; k < args.length; k++) {
      this.split(args[k]);
      if (this.sr === undefined ? !numIsZero(acc.constant) : acc.has(this.sr)) return true;
    }
    return false;
  }

  /** a - b. */
  sub(a: T, b: T): T {
    return this.sum([a, b], SUB_WEIGHTS);
  }

  /** -a. */
  neg(a: T): T {
    this.split(a);
    const c = numNeg(this.sc);
    return this.sr === undefined ? this.num(c) : this.scaled(c, this.sr);
  }

  /** Π factors, simplified as described in the file comment. */
  product(factors: readonly T[]): T {
    return this.productOf(factors, undefined);
  }

  /**
   * Π factors[i]^signs[i] for signs ±1 (default all 1). A quotient among the factors is opened
   * one level (p/q contributes p and q^-1) so that its parts merge with the other factors; the
   * result is written N/D with the negative powers in D.
   */
  private productOf(factors: readonly T[], signs: readonly number[] | undefined): T {
    const ops = this.ops;
    const acc = new FactorAccumulator<T>(ops);
    // Open quotients and nested products two levels deep (x·(y/z) → x, y, z^-1) so that their
    // factors merge, within MAX_FLAT factors; deeper levels stay as they are.
    let budget = MAX_FLAT - factors.length;
    const open = (f: T, sign: number, level: number): void => {
      this.split(f);
      if (sign < 0 && numIsExact(this.sc) && numIsZero(this.sc)) {
        acc.factor(f, sign); // a division by exact zero stays visible: u/0, never folded
        return;
      }
      acc.times(this.sc, sign);
      const r = this.sr;
      if (r === undefined) return;
      if (level < 2 && ops.isCall(r)) {
        const op = ops.op(r);
        if ((op === 'div' || op === 'mul') && ops.args(r).length - 1 <= budget) {
          const args = ops.args(r);
          budget -= args.length - 1;
          for (let k = 0; k < args.length; k++) open(args[k], op === 'div' && k === 1 ? -sign : sign, level + 1);
          return;
        }
      }
      acc.factor(r, sign);
    };
    for (let i = 0; i < factors.length; i++) open(factors[i], signs === undefined ? 1 : signs[i], 0);
    let c = acc.coefficient;
    if (numIsZero(c)) return this.num(c);
    const num: T[] = [];
    const den: T[] = [];
    const { bases, exps } = acc;
    for (let i = 0; i < bases.length; i++) {
      const e = exps[i];
      if (e === undefined) {
        num.push(bases[i]);
        continue;
      }
      if (numIsZero(e)) continue; // u^a·u^-a → 1 (see the file comment)
      const negative = numIsNegative(e);
      const f = this.pow(bases[i], this.num(negative ? numNeg(e) : e));
      if (ops.isNumber(f) && !numIsZero(ops.numberValue(f))) {
        const v = ops.numberValue(f);
        c = negative ? numDiv(c, v) : numMul(c, v);
      } else (negative ? den : num).push(f);
    }
    if (numIsZero(c)) return this.num(c);
    const n = num.length === 0 ? undefined : num.length === 1 ? num[0] : ops.make('mul', num);
    if (den.length === 0) return n === undefined ? this.num(c) : this.scaled(c, n);
    const d = den.length === 1 ? den[0] : ops.make('mul', den);
    return this.scaled(c, ops.make('div', [n ?? this.one, d]));
  }

  /** a·b. */
  mul(a: T, b: T): T {
    return this.product([a, b]);
  }

  /** a / b, simplified as described in the file comment. */
  div(a: T, b: T): T {
    this.split(b);
    if (numIsZero(this.sc)) return this.ops.make('div', [a, b]); // keep a division by zero visible
    return this.productOf([a, b], DIV_SIGNS);
  }

  /** base^exponent, simplified as described in the file comment. */
  pow(base: T, exponent: T): T {
    const ops = this.ops;
    if (ops.isNumber(exponent)) {
      const e0 = ops.numberValue(exponent);
      if (numIsExact(e0) && e0.d === 1n && ops.isCall(base) && ops.op(base) === 'pow') {
        // (u^a)^n = u^(a·n) for an integer n, wherever u^a is defined. One level only.
        const [u, a] = ops.args(base);
        if (ops.isNumber(a) && numIsExact(ops.numberValue(a))) {
          base = u;
          exponent = this.num(numMul(ops.numberValue(a), e0));
        }
      }
      const e = ops.numberValue(exponent);
      if (numIsExact(e)) {
        if (e.n === 0n) return this.one; // Math.pow(u, 0) is 1 for every u
        if (e.n === 1n && e.d === 1n) return base;
        if (ops.isNumber(base)) {
          const b = ops.numberValue(base);
          if (!numIsExact(b)) return this.num(Math.pow(b, numToNumber(e)));
          if (e.d === 1n && !(b.n === 0n && e.n < 0n) && (e.n < 0n ? -e.n : e.n) <= BigInt(MAX_FOLD_EXPONENT))
            return this.num(numPowInt(b, e.n));
        }
        if (isExactHalf(e)) return ops.make('sqrt', [base]);
      } else if (ops.isNumber(base)) {
        return this.num(Math.pow(numToNumber(ops.numberValue(base)), e));
      }
    } else if (ops.isNumber(base) && isExactValue(ops.numberValue(base), 1n)) {
      return this.one; // 1^u is 1 for every u (Math.pow)
    }
    return ops.make('pow', [base, exponent]);
  }
}

const SUB_WEIGHTS: readonly Num[] = [ONE, MINUS_ONE];
const DIV_SIGNS: readonly number[] = [1, -1];

function isSumCall<T>(ops: TermOps<T>, t: T): boolean {
  if (!ops.isCall(t)) return false;
  const op = ops.op(t);
  return op === 'add' || op === 'sub' || op === 'neg';
}

/** The terms of a sum: a constant and (term, coefficient) entries, equal terms (by identity) merged. */
class TermAccumulator<T> {
  constant: Num = ZERO;
  readonly keys: T[] = [];
  readonly coefs: Num[] = [];
  private index: Map<T, number> | undefined;

  has(t: T): boolean {
    return findIndex(this.keys, t, this.index) >= 0;
  }

  add(t: T, c: Num): void {
    const at = findIndex(this.keys, t, this.index);
    if (at >= 0) {
      this.coefs[at] = numAdd(this.coefs[at], c);
      return;
    }
    this.keys.push(t);
    this.coefs.push(c);
    if (this.index === undefined && this.keys.length > SCAN_LIMIT) this.index = new Map(this.keys.map((k, j) => [k, j]));
    else this.index?.set(t, this.keys.length - 1);
  }
}

/**
 * Collects the factors of a product: a numeric coefficient and (base, exponent) entries, equal
 * bases (by identity) merged. u^e with an exact e and sqrt(u) count as base u; a number factor
 * joins the coefficient.
 */
class FactorAccumulator<T> {
  coefficient: Num = ONE;
  readonly bases: T[] = [];
  /** undefined: exponent 1 from a plain factor, kept as the original node. */
  readonly exps: (Num | undefined)[] = [];
  private index: Map<T, number> | undefined;

  constructor(private readonly ops: TermOps<T>) {}

  /** Multiplies the coefficient by c^sign. */
  times(c: Num, sign: number): void {
    if (isExactValue(c, 1n)) return;
    this.coefficient = sign > 0 ? numMul(this.coefficient, c) : numDiv(this.coefficient, c);
  }

  /** Multiplies by f^sign. */
  factor(f: T, sign: number): void {
    const ops = this.ops;
    if (ops.isNumber(f)) {
      const v = ops.numberValue(f);
      if (sign > 0 || !numIsZero(v)) {
        this.times(v, sign);
        return;
      }
    }
    let b = f;
    let e: Num | undefined;
    if (ops.isCall(f)) {
      const op = ops.op(f);
      if (op === 'pow') {
        const [pb, pe] = ops.args(f);
        if (ops.isNumber(pe) && numIsExact(ops.numberValue(pe))) {
          b = pb;
          e = ops.numberValue(pe);
        }
      } else if (op === 'sqrt') {
        b = ops.args(f)[0];
        e = HALF;
      }
    }
    if (sign < 0) e = numNeg(e ?? ONE);
    const at = findIndex(this.bases, b, this.index);
    if (at >= 0) {
      this.exps[at] = numAdd(this.exps[at] ?? ONE, e ?? ONE);
      return;
    }
    this.bases.push(b);
    this.exps.push(e);
    if (this.index === undefined && this.bases.length > SCAN_LIMIT) this.index = new Map(this.bases.map((k, j) => [k, j]));
    else this.index?.set(b, this.bases.length - 1);
  }
}

function findIndex<T>(keys: readonly T[], k: T, index: Map<T, number> | undefined): number {
  if (index !== undefined) return index.get(k) ?? -1;
  for (let i = 0; i < keys.length; i++) if (keys[i] === k) return i;
  return -1;
}
