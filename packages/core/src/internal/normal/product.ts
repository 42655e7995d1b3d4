/**
 * Building products and powers: collect (base, exponent) entries from any number of factors, sort
 * once, merge equal bases, fold numbers into the coefficient.
 *
 * Soundness. The normal form must equal its input wherever the input is a (non-NaN) real number,
 * with `pow` meaning `Math.pow`: u^e for a non-integer e is defined only for u >= 0. Where the
 * input is NaN the result may be anything (so x·x^-1 → 1 drops the point x = 0, and
 * sqrt(x)·sqrt(x) → x gains x < 0). The rules and why each holds:
 *
 *  (1) u^a · u^b → u^(a+b), for a, b both exact or both symbolic (see "Not done" below for
 *      the mixed case), though it holds for any real a, b. u > 0: the law of exponents.
 *      u < 0: the input is defined only when a and b are integers, where the law holds. u = 0:
 *      the input is NaN exactly when one exponent is negative and the other positive (∞·0);
 *      otherwise both sides are 0, 1 or ∞ alike.
 *  (2) (Π b_i^e_i)^n → Π b_i^(e_i·n) for an integer n: (xy)^n = x^n·y^n for all reals.
 *  (3) (u^a)^c for a non-integer c: the input needs u^a >= 0. If a is an even integer that holds
 *      for every u, and (u^a)^c = |u|^(a·c); otherwise u < 0 makes u^a negative or NaN, so only
 *      u >= 0 counts and (u^a)^c = u^(a·c). Hence (x^2)^(1/2) → |x| and (x^3)^(1/3) → x.
 *      The same with a symbolic exponent: (u^E)^c → |u|^(E·c) (|u| cannot be dropped there).
 *  (4) (k·P)^c → k^c · P^c for a number k > 0; for k < 0, |k|^c · (-P)^c. A product of two or
 *      more bases raised to a non-integer power is NOT distributed: sqrt(x·y) is defined for
 *      x, y < 0 where sqrt(x)·sqrt(y) is not. It stays an uncollectable power, a MUL base with
 *      a non-integer exponent, and is distributed by (2) once its exponent becomes an integer
 *      (sqrt(x·y)·sqrt(x·y) → x·y).
 *  (5) |u|^n → u^n for an even integer n.
 *  (6) numbers: exact powers fold exactly (4^(1/2) → 2, (4/9)^(-1/2) → 3/2); a positive
 *      rational with no exact root is split into numerator and denominator powers
 *      ((2/3)^(1/2) → 2^(1/2)·3^(-1/2), then (1/3)·2^(1/2)·3^(1/2) by rule 10) and kept; a
 *      negative base with a non-integer exponent
 *      is kept (Math.pow gives NaN), as is 0^-n (∞, always written 0^-1); a float base folds
 *      as a float.
 *  (7) c · (a sum) → the sum scaled by c, so 2·(x + 1) is 2·x + 2 and -(x - y) is y - x.
 *  (8) 0 · P → 0 (P finite wherever the input is defined), also when P holds 0^-1 or 0^E: a
 *      product with a positive exact power of 0 is 0, decided by its presence and not by a
 *      summed exponent, so that (0·x)·(y/0) and 0·(x·(y/0)) agree.
 *  (9) A^n → c^n · (A/c)^n for a sum A with content c (shape.ts primitiveOf), so that a sum
 *      inside a product has one form: 2·(x + 1)·y and (2x + 2)·y are the same NF. For a
 *      non-integer n only |c| leaves, as in (4).
 * (10) One exponent per base, whatever the grouping: after merging, the integer part of the
 *      exponent of a number base folds (2^(3/2) → 2·2^(1/2), 2^(-1/2) → (1/2)·2^(1/2)), that of
 *      a product base distributes (sqrt(x·y)^3 → x·y·sqrt(x·y)), and |u|^n keeps n in (0, 2)
 *      (|x|^3 → x^2·|x|). Each split is u^(k+f) = u^k·u^f where the left side is defined.
 *
 * Not done, on purpose: (u^a)^E for symbolic E (e.g. (x^2)^y is |x|^(2y), not x^(2y)); exact
 * and symbolic exponents of one base are not summed (x·x^y stays; x^(y+1)·x^-y is x, since
 * symbolic exponents that sum to a number rejoin the exact ones); x^1.0 is not x (a float
 * exponent keeps the result a float); radicals are not fully canonical (8^(1/2) stays, not
 * 2·2^(1/2); sqrt(2)·sqrt(3) is not sqrt(6)).
 *
 * Grouping: with exact coefficients, a·(b·c) and (a·b)·c give the same NF (rules 8 and 10 exist
 * for this) — except when dividing by an exact 0, an input undefined everywhere.
 */
import {
  type Num,
  MAX_EXACT_EXPONENT,
  MINUS_ONE,
  ONE,
  type Rational,
  ZERO,
  exactRoot,
  integer,
  numAdd,
  numDiv,
  numIsNegative,
  numMul,
  numNeg,
  numPowInt,
  numToNumber,
  rational,
} from '../../numbers.js';
import { absOf } from './calls.js';
import { NK_ADD, NK_CALL, NK_MUL, NK_NUMBER, NK_POW, NTerm, type NormalStore } from './nterm.js';
import { compareNums, sortParallel } from './order.js';
import { exactAdd, exactMul, isEvenIntegerRat, isExactOne, isZeroNum, negateSum, primitiveOf, unitOf } from './shape.js';
import { SumBuilder } from './sum.js';

/** Largest exact power computed, in bits of the result (bigger ones stay symbolic). */
const MAX_FOLD_BITS = 1 << 16;

export class ProductBuilder {
  /** The coefficient: its exact part, and float factors multiplied in sorted order at the end. */
  private exact: Rational = ONE;
  private floats: number[] | undefined = undefined;
  /** Entry bases and exponents: an exact `Rational`, or a non-exact exponent term. */
  private bases: NTerm[] = [];
  private exps: (Rational | NTerm)[] = [];
  /** Worklist of pending powers (keeps distribution over nested products iterative). */
  private workT: NTerm[] | undefined = undefined;
  private workR: Rational[] | undefined = undefined;

  constructor(private readonly store: NormalStore) {}

  /** Multiplies by the number c. */
  times(c: Num): this {
    if (typeof c === 'number') (this.floats ??= []).push(c);
    else this.exact = exactMul(this.exact, c);
    return this;
  }

  private coefficient(): Num {
    const fs = this.floats;
    if (fs === undefined) return this.exact;
    if (fs.length > 1) fs.sort(compareNums);
    let p = 1;
    for (const f of fs) p *= f;
    return numMul(this.exact, p);
  }

  /** Multiplies by t^r (r defaults to 1). */
  mul(t: NTerm, r: Rational = ONE): this {
    this.expand(t, r);
    const wt = this.workT;
    if (wt !== undefined) {
      const wr = this.workR!;
      while (wt.length > 0) this.expand(wt.pop()!, wr.pop()!);
    }
    return this;
  }

  private raw(b: NTerm, r: Rational | NTerm): void {
    this.bases.push(b);
    this.exps.push(r);
  }

  private expand(t: NTerm, r: Rational): void {
    switch (t.kind) {
      case NK_NUMBER:
        this.pushNumber(t.value, r);
        return;
      case NK_POW: {
        // (u^E)^r: rule (1)/(2) for an integer r, rule (3) otherwise.
        const u = t.children[0];
        const e = t.children[1];
        if (r.d === 1n) this.pushSymbolic(u, isExactOne(r) ? e : this.scaleExponent(e, r));
        else this.pushSymbolic(absOf(this.store, u), this.scaleExponent(e, r));
        return;
      }
      case NK_MUL:
        this.expandProduct(t, r);
        return;
      case NK_ADD:
        this.expandSum(t, r);
        return;
      case NK_CALL:
        if (t.name === 'abs' && isEvenIntegerRat(r)) this.push(t.children[0], r); // rule (5)
        else this.raw(t, r);
        return;
      default:
        this.raw(t, r);
    }
  }

  private push(t: NTerm, r: Rational): void {
    (this.workT ??= []).push(t);
    (this.workR ??= []).push(r);
  }

  private expandProduct(t: NTerm, r: Rational): void {
    const bs = t.children;
    const es = t.nums as readonly Rational[];
    if (r.d === 1n) {
      // Rule (2).
      this.pushNumber(t.value, r);
      const one = isExactOne(r);
      for (let i = bs.length - 1; i >= 0; i--) this.push(bs[i], one ? es[i] : exactMul(es[i], r));
      return;
    }
    const k = t.value;
    if (numIsNegative(k)) {
      // Rule (4), k < 0: |k|^r · (-P)^r, and -P is kept whole.
      const mag = numNeg(k);
      if (!isExactOne(mag)) this.pushNumber(mag, r);
      const negP = k === MINUS_ONE || (typeof k !== 'number' && k.n === -1n && k.d === 1n) ? t : this.store.internMul(MINUS_ONE, bs.slice(), es.slice());
      this.raw(negP, r);
      return;
    }
    if (!isExactOne(k)) this.pushNumber(k, r); // rule (4), k > 0
    const unit = unitOf(this.store, t);
    if (unit.kind !== NK_MUL) {
      this.push(unit, r);
      return;
    }
    if (unit.children.length === 1) {
      // Rule (3) on a single power u^a.
      const u = unit.children[0];
      const a = unit.nums[0] as Rational;
      const ar = exactMul(a, r);
      this.push(isEvenIntegerRat(a) ? absOf(this.store, u) : u, ar);
      return;
    }
    this.raw(unit, r); // uncollectable: sqrt(x*y)
  }

  /** A^r for a sum A: its content leaves the power (rule 9), the primitive part stays. */
  private expandSum(a: NTerm, r: Rational): void {
    const p = primitiveOf(this.store, a);
    if (p === a) {
      this.raw(a, r);
      return;
    }
    const c = numDiv(a.nums[0], p.nums[0]) as Rational;
    if (r.d === 1n || c.n > 0n) {
      this.pushNumber(c, r);
      this.raw(p, r);
      return;
    }
    // A non-integer power of a negative content: only |c| may leave (rule 4); A/|c| = -p stays.
    const mag = numNeg(c) as Rational;
    if (isExactOne(mag)) this.raw(a, r);
    else {
      this.pushNumber(mag, r);
      this.raw(negateSum(this.store, p), r);
    }
  }

  /** u^E for a non-exact exponent term E (an exact E is routed back to the rational path). */
  private pushSymbolic(u: NTerm, e: NTerm): void {
    if (e.kind === NK_NUMBER && typeof e.value !== 'number') {
      if (!isZeroNum(e.value)) this.push(u, e.value);
      return;
    }
    this.raw(u, e);
  }

  /** E·r for a non-exact exponent term E. */
  private scaleExponent(e: NTerm, r: Rational): NTerm {
    if (e.kind === NK_NUMBER) return this.store.number(numMul(e.value, r));
    return new ProductBuilder(this.store).times(r).mul(e).finish();
  }

  /** v^r for a number v: fold when exact (rule 6), else keep as an entry. */
  private pushNumber(v: Num, r: Rational): void {
    if (typeof v === 'number') {
      this.times(isExactOne(r) ? v : Math.pow(v, r.toNumber()));
      return;
    }
    if (v.n === 0n) {
      this.raw(this.store.number(v), r); // decided in finish, rule (8)
      return;
    }
    if (isExactOne(r)) {
      this.times(v);
      return;
    }
    if (this.foldNumber(v, r)) return;
    if (r.d !== 1n && v.n > 0n && v.d !== 1n) {
      this.pushIntegerPower(v.n, r);
      this.pushIntegerPower(v.d, numNeg(r) as Rational);
      return;
    }
    this.raw(this.store.number(v), r);
  }

  private pushIntegerPower(m: bigint, r: Rational): void {
    if (m === 1n) return;
    const v = integer(m);
    if (!this.foldNumber(v, r)) this.raw(this.store.number(v), r);
  }

  /** Folds the exact v^r into the coefficient when it has an exact value; false otherwise. */
  private foldNumber(v: Rational, r: Rational): boolean {
    if (v.n === v.d) return true; // 1^r
    if (r.d === 1n) return this.foldIntegerPower(v, r.n);
    if (v.n === 0n) {
      if (r.n < 0n) return false;
      this.exact = ZERO;
      return true;
    }
    if (v.n < 0n) return false;
    if (r.d > 64n && r.d > BigInt(bitLength(v.n) + bitLength(v.d))) return false; // no integer root > 1
    const q = Number(r.d);
    const n = exactRoot(v.n, q);
    if (n === undefined) return false;
    const d = exactRoot(v.d, q);
    if (d === undefined) return false;
    return this.foldIntegerPower(rational(n, d), r.n);
  }

  private foldIntegerPower(v: Rational, e: bigint): boolean {
    if (v.n === 0n && e < 0n) return false; // 0^-n is ∞: keep it visible
    const mag = e < 0n ? -e : e;
    if (mag > BigInt(MAX_EXACT_EXPONENT)) return false;
    if (mag > 64n && (bitLength(v.n) + bitLength(v.d)) * Number(mag) > MAX_FOLD_BITS) return false;
    this.exact = exactMul(this.exact, numPowInt(v, e) as Rational);
    return true;
  }

  /** The canonical product. The builder must not be used afterwards. */
  finish(): NTerm {
    const store = this.store;
    let bs = this.bases;
    let es = this.exps;
    let outB: NTerm[];
    let outE: Rational[];
    for (;;) {
      sortParallel(bs, es);
      outB = [];
      outE = [];
      let dirty = false;
      for (let i = 0; i < bs.length; ) {
        const b = bs[i];
        let r: Rational = ZERO;
        let syms: NTerm[] | undefined;
        let positive = false;
        let j = i;
        for (; j < bs.length && bs[j] === b; j++) {
          const e = es[j];
          if (e instanceof NTerm) (syms ??= []).push(e);
          else {
            r = exactAdd(r, e);
            if (e.n > 0n) positive = true;
          }
        }
        i = j;
        const zero = b.kind === NK_NUMBER && typeof b.value !== 'number' && b.value.n === 0n;
        if (zero && positive) {
          // Rule (8): a positive power of 0 makes the product 0, whatever else is there (0^-1
          // included): decided by presence, not by the summed exponent, so grouping is moot.
          this.exact = ZERO;
          continue;
        }
        if (syms !== undefined) {
          // Rule (1) for symbolic exponents: they sum to one power. The exact part stays apart
          // (x·x^y is not x^(y+1)) so that the splits below never meet a symbolic sum, which
          // keeps the result independent of grouping.
          const sum = new SumBuilder(store);
          for (const s of syms) sum.add(s);
          const e = sum.finish();
          if (e.kind !== NK_NUMBER || typeof e.value === 'number') this.powerAtom(b, e, outB, outE);
          else if (b.kind === NK_NUMBER && typeof b.value === 'number') {
            this.times(Math.pow(b.value, e.value.toNumber())); // a float base of symbolic powers
            continue;
          } else r = exactAdd(r, e.value);
        }
        if (r.n === 0n) continue;
        if (zero) {
          // 0^-n is +∞ for every n > 0: one form, 0^-1, so that 0^-1·0^-1 is 0^-1.
          if (r.n > 0n) this.exact = ZERO;
          else {
            outB.push(b);
            outE.push(MINUS_ONE);
          }
          continue;
        }
        if (b.kind === NK_NUMBER) {
          this.finishNumber(b, r, outB, outE);
          continue;
        }
        // Rule (10): the part of the exponent that can leave the base does.
        const k = movableExponent(store, b, r);
        if (k.n !== 0n) {
          if (this.bases === bs) {
            // New entries must not land in the array being read.
            this.bases = [];
            this.exps = [];
          }
          this.mul(b, k); // rule (2) / (5) / (9) now applies: its entries need merging again
          dirty = true;
          r = exactSub(r, k);
        }
        if (r.n !== 0n) {
          outB.push(b);
          outE.push(r);
        }
      }
      if (!dirty) break;
      for (let k = 0; k < outB.length; k++) this.mul(outB[k], outE[k]);
      bs = this.bases;
      es = this.exps;
    }
    sortParallel(outB, outE); // power atoms were appended out of order
    const c = this.coefficient();
    if (isZeroNum(c) || outB.length === 0) return store.number(c); // rule (8)
    if (outB.length === 1 && isExactOne(outE[0])) {
      if (isExactOne(c)) return outB[0];
      if (outB[0].kind === NK_ADD) return new SumBuilder(store).add(outB[0], c).finish(); // rule (7)
    }
    return store.internMul(c, outB, outE);
  }

  /** v^r for a number base after merging: exact parts fold, the rest keeps an exponent in (0, 1). */
  private finishNumber(b: NTerm, r: Rational, outB: NTerm[], outE: Rational[]): void {
    const v = b.value as Rational;
    if (this.foldNumber(v, r)) return;
    if (r.d !== 1n) {
      const k = floorRational(r);
      if (k !== 0n && this.foldIntegerPower(v, k)) {
        r = exactSub(r, integer(k));
        if (this.foldNumber(v, r)) return;
      }
    }
    outB.push(b);
    outE.push(r);
  }

  /** b^E for a non-exact exponent E, as a factor. */
  private powerAtom(b: NTerm, e: NTerm, outB: NTerm[], outE: Rational[]): void {
    if (e.kind === NK_NUMBER) {
      const x = e.value as number;
      if (b.kind === NK_NUMBER) {
        this.times(Math.pow(numToNumber(b.value), x));
        return;
      }
      if (x === 0) {
        this.times(1.0); // Math.pow(u, 0) is 1 for every u
        return;
      }
    }
    outB.push(this.store.internPow(b, e));
    outE.push(ONE);
  }
}

/**
 * How much of the exponent r of base b leaves the base (rule 10), so that each base keeps one
 * canonical exponent whatever the grouping: all of an integer power of a product (rule 2) or of
 * a sum that is not primitive (rule 9), the integer part of a non-integer power of those, and
 * the even part 2⌊r/2⌋ of a power of |u| (rule 5), leaving |u|^f with f in (0, 2).
 */
function movableExponent(store: NormalStore, b: NTerm, r: Rational): Rational {
  if (b.kind === NK_MUL || (b.kind === NK_ADD && primitiveOf(store, b) !== b)) return integer(floorRational(r));
  if (b.kind === NK_CALL && b.name === 'abs') return integer(2n * floorRational(exactMul(r, HALF_R)));
  return ZERO;
}

const HALF_R = rational(1, 2);

/** ⌊n/d⌋ for d > 0. */
function floorRational(r: Rational): bigint {
  return r.n >= 0n ? r.n / r.d : -((-r.n + r.d - 1n) / r.d);
}

function exactSub(a: Rational, b: Rational): Rational {
  return exactAdd(a, numNeg(b) as Rational);
}

function bitLength(n: bigint): number {
  return (n < 0n ? -n : n).toString(2).length;
}
