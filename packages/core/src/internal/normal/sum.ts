/**
 * Building sums in bulk: collect (term, coefficient) pairs from any number of summands, then sort
 * once and merge equal neighbours. No map is built and nothing is re-normalized per summand, so
 * a sum of n summands costs O(n log n) however it is nested (see convert.ts for chains).
 *
 * Rules (all exact identities on the reals, so sound wherever the input is defined):
 *   numbers fold into the constant (exact stays exact; a float makes the constant a float);
 *   a sum's terms are spliced in, each scaled by the summand's coefficient;
 *   c·Π b^e contributes the term Π b^e with coefficient c;
 *   equal terms add their coefficients; a term whose coefficient cancels to 0 disappears (a
 *   float 0 leaves a float 0.0 behind in the constant, so 1.5·x - 1.5·x is the float 0.0).
 *
 * Float addition is not associative, so float parts are added in sorted order: the result does
 * not depend on the order of the summands.
 */
import { type Num, ONE, type Rational, ZERO, numAdd, numMul } from '../../numbers.js';
import { NK_ADD, NK_MUL, NK_NUMBER, type NTerm, type NormalStore } from './nterm.js';
import { compareNums, sortParallel } from './order.js';
import { exactAdd, isExactOne, isZeroNum, scaleTerm, unitOf } from './shape.js';

export class SumBuilder {
  private exact: Rational = ZERO;
  private floats: number[] | undefined = undefined;
  private readonly terms: NTerm[] = [];
  private readonly coeffs: Num[] = [];

  constructor(private readonly store: NormalStore) {}

  private addNumber(v: Num): void {
    if (typeof v === 'number') (this.floats ??= []).push(v);
    else if (v.n !== 0n) this.exact = exactAdd(this.exact, v);
  }

  /** Adds c·t (c defaults to 1). */
  add(t: NTerm, c?: Num): this {
    const one = c === undefined || isExactOne(c);
    switch (t.kind) {
      case NK_NUMBER:
        this.addNumber(one ? t.value : numMul(c!, t.value));
        break;
      case NK_ADD: {
        this.addNumber(one ? t.value : numMul(c!, t.value));
        const ts = t.children;
        const cs = t.nums;
        for (let i = 0; i < ts.length; i++) {
          this.terms.push(ts[i]);
          this.coeffs.push(one ? cs[i] : numMul(c!, cs[i]));
        }
        break;
      }
      case NK_MUL:
        if (isExactOne(t.value)) {
          this.terms.push(t);
          this.coeffs.push(one ? ONE : c!);
        } else {
          this.terms.push(unitOf(this.store, t));
          this.coeffs.push(one ? t.value : numMul(c!, t.value));
        }
        break;
      default:
        this.terms.push(t);
        this.coeffs.push(one ? ONE : c!);
    }
    return this;
  }

  /** The canonical sum. The builder must not be used afterwards. */
  finish(): NTerm {
    const store = this.store;
    const ts = this.terms;
    const cs = this.coeffs;
    sortParallel(ts, cs);
    // Merge runs of equal terms in place.
    let w = 0;
    for (let i = 0; i < ts.length; ) {
      const t = ts[i];
      let j = i + 1;
      while (j < ts.length && ts[j] === t) j++;
      const c = j === i + 1 ? cs[i] : sumNums(cs, i, j);
      i = j;
      if (isZeroNum(c)) {
        if (typeof c === 'number') this.addNumber(c);
        continue;
      }
      ts[w] = t;
      cs[w] = c;
      w++;
    }
    if (w < ts.length) {
      ts.length = w;
      cs.length = w;
    }
    const constant = this.floats === undefined ? this.exact : numAdd(this.exact, sortedSum(this.floats));
    if (w === 0) return store.number(constant);
    if (isZeroNum(constant)) {
      if (w === 1) return scaleTerm(store, ts[0], cs[0]);
      return store.internAdd(ZERO, ts, cs);
    }
    return store.internAdd(constant, ts, cs);
  }
}

/** Sum of cs[i..j): exact parts exactly, float parts in sorted order. */
function sumNums(cs: Num[], i: number, j: number): Num {
  let exact: Rational = ZERO;
  let floats: number[] | undefined;
  for (let k = i; k < j; k++) {
    const c = cs[k];
    if (typeof c === 'number') (floats ??= []).push(c);
    else exact = exactAdd(exact, c);
  }
  return floats === undefined ? exact : numAdd(exact, sortedSum(floats));
}

function sortedSum(xs: number[]): number {
  if (xs.length > 1) xs.sort(compareNums);
  let s = 0;
  for (const x of xs) s += x;
  return xs.length === 0 ? 0 : s;
}
