/**
 * Building blocks of the shipped rule groups (rulesets/): exact folding of numbers, folding of
 * functions at float arguments and at special exact points (0, multiples of pi), and the parity
 * rewrites. Each returns a term or undefined ("decline"), for function right-hand sides.
 */
import { applyOperator } from '../../evaluate.js';
import {
  HALF,
  MAX_EXACT_EXPONENT,
  MINUS_ONE,
  type Num,
  ONE,
  type Rational,
  ZERO,
  numAdd,
  numCompare,
  numDiv,
  numIsZero,
  numMul,
  numNeg,
  numPowInt,
  numSub,
  numToNumber,
  rational,
} from '../../numbers.js';
import { defaultStore } from '../../terms.js';
import { KIND_CALL, KIND_NUMBER, type Term } from '../store.js';
import { isNegativeForm, negateRuleForm } from './ruleform.js';

export const PI_TERM = defaultStore.call('pi', []);

export function numTerm(v: Num): Term {
  return defaultStore.number(v);
}

function isFloatNaN(v: Num): boolean {
  return typeof v === 'number' && Number.isNaN(v);
}

/** a op b for two numbers, exactly when both are exact; undefined where it has no value. */
export function foldBinary(op: 'add' | 'sub' | 'mul' | 'div' | 'pow', a: Num, b: Num): Term | undefined {
  switch (op) {
    case 'add':
      return numTerm(numAdd(a, b));
    case 'sub':
      return numTerm(numSub(a, b));
    case 'mul':
      return numTerm(numMul(a, b));
    case 'div':
      if (typeof a !== 'number' && typeof b !== 'number' && numIsZero(b)) return undefined; // 1/0 stays visible
      return numTerm(numDiv(a, b));
    case 'pow': {
      if (typeof a === 'number' || typeof b === 'number') return numTerm(Math.pow(numToNumber(a), numToNumber(b)));
      if (b.d !== 1n) return undefined; // roots: the normal form folds the exact ones
      if (a.n === 0n && b.n < 0n) return undefined;
      const mag = b.n < 0n ? -b.n : b.n;
      if (mag > BigInt(MAX_EXACT_EXPONENT)) return undefined;
      // Keep results to a few thousand bits.
      const bits = (a.n < 0n ? -a.n : a.n).toString(2).length + a.d.toString(2).length;
      if (bits * Number(mag) > 1 << 14) return undefined;
      return numTerm(numPowInt(a, b.n));
    }
  }
}

/** min/max of two numbers (undefined when a NaN takes part). */
export function foldMinMax(op: 'min' | 'max', a: Num, b: Num): Term | undefined {
  if (isFloatNaN(a) || isFloatNaN(b)) return undefined;
  const c = numCompare(a, b);
  const pickA = op === 'min' ? c <= 0 : c >= 0;
  // Exact and float of equal value: keep the float (the result of a float operation).
  if (c === 0 && typeof a !== typeof b) return numTerm(typeof a === 'number' ? a : b);
  return numTerm(pickA ? a : b);
}

/** op(x) for a float x, when finite (sin(0.5) → 0.479…); exact arguments are not evaluated. */
export function foldFloatCall(op: string, x: Num): Term | undefined {
  if (typeof x !== 'number') return undefined;
  const v = applyOperator(op, [x]);
  return Number.isFinite(v) ? numTerm(v) : undefined;
}

/** The exact rational q with t = q·pi, for t = pi or mul(q, pi); undefined otherwise. */
export function piMultiple(t: Term): Rational | undefined {
  if (t === PI_TERM) return ONE;
  if (t.kind === KIND_CALL && t.op === 'mul' && t.args.length === 2 && t.args[1] === PI_TERM) {
    const q = t.args[0];
    if (q.kind === KIND_NUMBER && typeof q.value !== 'number') return q.value;
  }
  return undefined;
}

/** q mod m for an exact q and a positive integer m, in [0, m). */
function modRational(q: Rational, m: bigint): Rational {
  const d = q.d * m;
  let r = q.n % d;
  if (r < 0n) r += d;
  return rational(r, q.d);
}

/** sin(q·pi) when it is rational (q a multiple of 1/6): 0, ±1/2, ±1; undefined otherwise. */
function sinPiMultiple(q: Rational): Num | undefined {
  const r = modRational(q, 2n); // in [0, 2)
  const sixths = r.n * (6n / r.d);
  if ((6n % r.d) !== 0n) return undefined;
  const table: Record<string, Num> = {
    '0': ZERO,
    '1': HALF,
    '3': ONE,
    '5': HALF,
    '6': ZERO,
    '7': numNeg(HALF),
    '9': MINUS_ONE,
    '11': numNeg(HALF),
  };
  return table[sixths.toString()];
}

/**
 * sin, cos, tan at a special exact argument: 0, q·pi with a rational value, or u + q·pi for a
 * half-integer q (a shift by quarter turns: sin(u + pi/2) = cos(u), cos(u + pi) = -cos(u), ...).
 */
export function trigSpecial(op: 'sin' | 'cos' | 'tan', x: Term): Term | undefined {
  if (x.kind === KIND_NUMBER) {
    if (typeof x.value !== 'number' && x.value.n === 0n) return numTerm(op === 'cos' ? ONE : ZERO);
    return undefined;
  }
  const q = piMultiple(x);
  if (q !== undefined) {
    if (op === 'sin') return wrapNum(sinPiMultiple(q));
    if (op === 'cos') return wrapNum(sinPiMultiple(numAdd(q, HALF) as Rational));
    const r = modRational(q, 1n);
    if (r.n === 0n) return numTerm(ZERO);
    if (r.d === 4n) return numTerm(r.n === 1n ? ONE : MINUS_ONE);
    return undefined;
  }
  if (x.kind !== KIND_CALL || x.op !== 'add') return undefined;
  // A shift by a multiple of pi/2 among the terms of the sum.
  for (let i = 0; i < x.args.length; i++) {
    const s = piMultiple(x.args[i]);
    if (s === undefined || (2n * s.n) % s.d !== 0n) continue;
    const quarter = Number(modRational(rational(2n * s.n, s.d), 4n).n); // shift in quarter turns, 0..3
    if (op === 'tan' && quarter % 2 === 1) continue; // tan(u + pi/2) = -1/tan(u): not smaller
    const rest = x.args.slice();
    rest.splice(i, 1);
    const u = rest.length === 1 ? rest[0] : defaultStore.call('add', rest);
    if (op === 'tan') return defaultStore.call1('tan', u);
    // sin(u + k·pi/2), cos(u + k·pi/2) for k = quarter.
    const k = op === 'sin' ? quarter : (quarter + 1) % 4;
    const f = defaultStore.call1(k % 2 === 0 ? 'sin' : 'cos', u);
    return k >= 2 ? defaultStore.call1('neg', f) : f;
  }
  return undefined;
}

function wrapNum(v: Num | undefined): Term | undefined {
  return v === undefined ? undefined : numTerm(v);
}

/** Values of inverse and hyperbolic functions at 0, ±1, 1/2 where they are exact multiples of pi (or 0, 1). */
export function inverseSpecial(op: string, x: Term): Term | undefined {
  if (x.kind !== KIND_NUMBER || typeof x.value === 'number') return undefined;
  const v = x.value;
  const piTimes = (q: Rational): Term => (q.n === 1n && q.d === 1n ? PI_TERM : defaultStore.call2('mul', numTerm(q), PI_TERM));
  const is = (n: bigint, d: bigint = 1n): boolean => v.n === n && v.d === d;
  switch (op) {
    case 'asin':
      if (is(0n)) return numTerm(ZERO);
      if (is(1n)) return piTimes(HALF);
      if (is(1n, 2n)) return piTimes(rational(1, 6));
      return undefined;
    case 'acos':
      if (is(1n)) return numTerm(ZERO);
      if (is(0n)) return piTimes(HALF);
      if (is(-1n)) return PI_TERM;
      if (is(1n, 2n)) return piTimes(rational(1, 3));
      return undefined;
    case 'atan':
      if (is(0n)) return numTerm(ZERO);
      if (is(1n)) return piTimes(rational(1, 4));
      return undefined;
    case 'sinh':
    case 'tanh':
      return is(0n) ? numTerm(ZERO) : undefined;
    case 'cosh':
      return is(0n) ? numTerm(ONE) : undefined;
    case 'exp':
      return is(0n) ? numTerm(ONE) : undefined;
    case 'log':
      return is(1n) ? numTerm(ZERO) : undefined;
    default:
      return undefined;
  }
}

/**
 * Parity: f(-u) → -f(u) for an odd f, f(-u) → f(u) for an even f. "-u" is a negative number, a
 * product with a negative coefficient, a negation, or a sum: for an odd f, one whose every term
 * is negative (so the result is no larger: sin(-x - y) → -sin(x + y)); for an even f, one whose
 * first term is negative (a canonical sign: cos(1 - x) → cos(x - 1)).
 */
export function parity(op: string, odd: boolean, x: Term): Term | undefined {
  if (!isNegativeForm(x, odd)) return undefined;
  const m = x.kind === KIND_CALL && x.op === 'neg' ? x.args[0] : negateRuleForm(x);
  const f = defaultStore.call1(op, m);
  return odd ? defaultStore.call1('neg', f) : f;
}

/** |v| for a number. */
export function numAbs(v: Num): Num {
  return typeof v === 'number' ? Math.abs(v) : v.n < 0n ? numNeg(v) : v;
}
