/**
 * Small shared pieces of the normal form: number predicates on the hot path, and taking the
 * number factor out of a product or a sum (and putting it back).
 */
import { type Num, ONE, type Rational, ZERO, gcd, integer, numAdd, numDiv, numMul, numNeg, rational } from '../../numbers.js';
import { NK_MUL, type NTerm, type NormalStore } from './nterm.js';

const SMALL_MIN = -64n;
const SMALL_MAX = 1024n;

/** An integer Rational, through numbers.ts's cache of small integers when it fits. */
function exactInteger(n: bigint): Rational {
  return n >= SMALL_MIN && n <= SMALL_MAX ? integer(Number(n)) : integer(n);
}

/** a + b for exact numbers, with fast paths for 0 and integers (the common exponents). */
export function exactAdd(a: Rational, b: Rational): Rational {
  if (a === ZERO) return b;
  if (b === ZERO) return a;
  if (a.d === 1n && b.d === 1n) return exactInteger(a.n + b.n);
  return numAdd(a, b) as Rational;
}

/** a · b for exact numbers, with fast paths for 1 and integers. */
export function exactMul(a: Rational, b: Rational): Rational {
  if (a === ONE) return b;
  if (b === ONE) return a;
  if (a.d === 1n && b.d === 1n) return exactInteger(a.n * b.n);
  return numMul(a, b) as Rational;
}

/** Exactly the rational 1 (not the float 1.0). */
export function isExactOne(v: Num): boolean {
  return v === ONE || (typeof v !== 'number' && v.n === 1n && v.d === 1n);
}

/** Exact zero or float ±0. */
export function isZeroNum(v: Num): boolean {
  return typeof v === 'number' ? v === 0 : v.n === 0n;
}

export function isEvenIntegerRat(r: Rational): boolean {
  return r.d === 1n && (r.n & 1n) === 0n;
}

/**
 * The product without its coefficient: c·Π b^e ↦ Π b^e (a bare base when it is a single base to
 * the power 1). Precondition: `m` is a MUL. Cached in the term.
 */
export function unitOf(store: NormalStore, m: NTerm): NTerm {
  let u = m.unitCache;
  if (u === undefined || u.liveIn === 0) {
    if (isExactOne(m.value)) u = m;
    else if (m.children.length === 1 && isExactOne(m.nums[0])) u = m.children[0];
    else u = store.internMul(ONE, m.children.slice(), m.nums.slice() as Rational[]);
    store.setUnitCache(m, u);
  }
  return u;
}

/**
 * The primitive part of a sum with exact coefficients: the sum divided by its content c, so that
 * its coefficients (constant included) are coprime integers and its first term's coefficient is
 * positive. (2x + 2 ↦ x + 1, x/2 - y/3 ↦ 3x - 2y, -x + y ↦ x - y.) A sum with a float anywhere is
 * its own primitive part. Products use it so that 2·(x + 1)·y and (2x + 2)·y are one NF.
 * Precondition: `a` is an ADD. Cached in the term.
 */
export function primitiveOf(store: NormalStore, a: NTerm): NTerm {
  let p = a.unitCache;
  if (p === undefined || p.liveIn === 0) {
    const c = contentOf(a);
    if (c === undefined || isExactOne(c)) p = a;
    else {
      const cs = a.nums.map((k) => numDiv(k, c));
      p = store.internAdd(numDiv(a.value, c), a.children.slice(), cs);
      store.setUnitCache(p, p);
    }
    store.setUnitCache(a, p);
  }
  return p;
}

/** a = content · primitive part; undefined when a float takes part. Precondition: an ADD. */
export function contentOf(a: NTerm): Rational | undefined {
  let g = 0n;
  let l = 1n;
  const parts = isZeroNum(a.value) ? a.nums : [a.value, ...a.nums];
  for (const k of parts) {
    if (typeof k === 'number') return undefined;
    g = gcd(g, k.n);
    l = (l / gcd(l, k.d)) * k.d;
  }
  const lead = a.nums[0] as Rational;
  return rational(lead.n < 0n ? -g : g, l);
}

/** -a for a sum, without renormalizing (the terms keep their order). Precondition: an ADD. */
export function negateSum(store: NormalStore, a: NTerm): NTerm {
  return store.internAdd(numNeg(a.value), a.children.slice(), a.nums.map(numNeg));
}

/**
 * c·t for a term `t` that is a valid term of a sum (not a number, not a sum, no coefficient)
 * and a non-zero `c`: the canonical product.
 */
export function scaleTerm(store: NormalStore, t: NTerm, c: Num): NTerm {
  if (isExactOne(c)) return t;
  if (t.kind === NK_MUL) return store.internMul(c, t.children.slice(), t.nums.slice() as Rational[]);
  return store.internMul(c, [t], [ONE]);
}
