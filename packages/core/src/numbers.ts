/**
 * Numbers in symx: exact rationals (bigint numerator and denominator, always normalized:
 * gcd(n, d) = 1 and d > 0; integers have d = 1) and float64 (plain JS `number`).
 *
 * Arithmetic on two exact numbers stays exact; as soon as a float takes part the result is a
 * float. Nothing here ever turns 1/3 into 0.333… on its own.
 */

/**
 * An exact rational number n/d in lowest terms with d > 0. Construct with {@link rational}.
 *
 * @example
 * const r = rational(6, -4);
 * [r.n, r.d]; // → [-3n, 2n]
 * r.toString(); // → '-3/2'
 * r.toNumber(); // → -1.5
 */
export class Rational {
  /** @internal use {@link rational} or {@link integer}; this constructor does not normalize. */
  constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}
  /** True when the denominator is 1. */
  get isInteger(): boolean {
    return this.d === 1n;
  }
  /** The nearest float64 (correctly rounded). */
  toNumber(): number {
    return ratToNumber(this.n, this.d);
  }
  /** Source text: `3` or `-1/3`. */
  toString(): string {
    return this.d === 1n ? this.n.toString() : `${this.n}/${this.d}`;
  }
}

/**
 * A number value: an exact {@link Rational} or a float64.
 *
 * @example
 * const values: Num[] = [rational(1, 3), 0.25];
 * values.map(formatNum); // → ['1/3', '0.25']
 */
export type Num = Rational | number;

/**
 * Thrown for arithmetic that has no exact answer (division by exact zero, 0^-1, ...).
 *
 * @example
 * let error;
 * try { numDiv(ONE, ZERO); } catch (e) { error = e; }
 * error instanceof ExactArithmeticError; // → true
 * // floats follow IEEE 754
 * numDiv(1, 0); // → Infinity
 */
export class ExactArithmeticError extends Error {
  override name = 'ExactArithmeticError';
}

const SMALL_MIN = -64;
const SMALL_MAX = 1024;
const SMALL_MIN_BIG = BigInt(SMALL_MIN);
const SMALL_MAX_BIG = BigInt(SMALL_MAX);
const smallInts: Rational[] = [];
for (let i = SMALL_MIN; i <= SMALL_MAX; i++) smallInts.push(new Rational(BigInt(i), 1n));

/**
 * The exact 0 (shared instance).
 *
 * @example
 * ZERO.toString(); // → '0'
 */
export const ZERO = smallInts[-SMALL_MIN];
/**
 * The exact 1 (shared instance).
 *
 * @example
 * numIsOne(ONE); // → true
 */
export const ONE = smallInts[1 - SMALL_MIN];
/**
 * The exact -1 (shared instance).
 *
 * @example
 * numNeg(ONE) === MINUS_ONE; // → true
 */
export const MINUS_ONE = smallInts[-1 - SMALL_MIN];
/**
 * The exact 2 (shared instance).
 *
 * @example
 * numAdd(ONE, ONE) === TWO; // → true
 */
export const TWO = smallInts[2 - SMALL_MIN];
/**
 * The exact 1/2.
 *
 * @example
 * numEquals(numInv(TWO), HALF); // → true
 */
export const HALF = new Rational(1n, 2n);

function bigAbs(a: bigint): bigint {
  return a < 0n ? -a : a;
}

/**
 * Greatest common divisor of |a| and |b| (gcd(0, 0) = 0).
 *
 * @example
 * gcd(12n, -18n); // → 6n
 */
export function gcd(a: bigint, b: bigint): bigint {
  a = bigAbs(a);
  b = bigAbs(b);
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/**
 * The exact integer `n` (a JS integer or a bigint). Throws for a non-integer number.
 *
 * @example
 * integer(2n ** 64n).toString(); // → '18446744073709551616'
 * // small integers are shared
 * integer(3) === integer(3n); // → true
 */
export function integer(n: number | bigint): Rational {
  if (typeof n === 'number') {
    if (!Number.isInteger(n)) throw new RangeError(`integer(): ${n} is not an integer`);
    if (n >= SMALL_MIN && n <= SMALL_MAX) return smallInts[n - SMALL_MIN];
    return new Rational(BigInt(n), 1n);
  }
  if (n >= SMALL_MIN_BIG && n <= SMALL_MAX_BIG) return smallInts[Number(n) - SMALL_MIN];
  return new Rational(n, 1n);
}

/**
 * The exact rational n/d in lowest terms. Throws `ExactArithmeticError` when d is 0.
 *
 * @example
 * rational(10, 4).toString(); // → '5/2'
 * rational(3, -9).toString(); // → '-1/3'
 */
export function rational(n: number | bigint, d: number | bigint = 1n): Rational {
  let nn = typeof n === 'bigint' ? n : toBigInt(n, 'numerator');
  let dd = typeof d === 'bigint' ? d : toBigInt(d, 'denominator');
  if (dd === 0n) throw new ExactArithmeticError(`rational(): zero denominator in ${nn}/0`);
  if (dd < 0n) {
    nn = -nn;
    dd = -dd;
  }
  if (dd !== 1n) {
    const g = gcd(nn, dd);
    if (g !== 1n) {
      nn /= g;
      dd /= g;
    }
  }
  return dd === 1n ? integer(nn) : new Rational(nn, dd);
}

function toBigInt(x: number, what: string): bigint {
  if (!Number.isInteger(x)) throw new RangeError(`rational(): ${what} ${x} is not an integer`);
  return BigInt(x);
}

/**
 * Exact value of a finite float as a rational (every float64 is a dyadic rational).
 *
 * @example
 * floatToRational(0.375).toString(); // → '3/8'
 * floatToRational(0.1).toString(); // → '3602879701896397/36028797018963968'
 */
export function floatToRational(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`floatToRational(): ${x} is not finite`);
  if (Number.isInteger(x)) return integer(BigInt(x));
  let d = 1n;
  while (!Number.isInteger(x)) {
    x *= 2;
    d *= 2n;
  }
  return rational(BigInt(x), d);
}

/**
 * Whether `x` is exact (a `Rational`) rather than a float.
 *
 * @example
 * numIsExact(rational(1, 3)); // → true
 * numIsExact(0.5); // → false
 */
export function numIsExact(x: Num): x is Rational {
  return typeof x !== 'number';
}

/** Nearest float64 to n/d, correctly rounded even when n and d exceed 2^53. */
function ratToNumber(n: bigint, d: bigint): number {
  if (d === 1n) return Number(n);
  const nf = Number(n);
  const df = Number(d);
  if (Number.isSafeInteger(nf) && Number.isSafeInteger(df)) return nf / df;
  // Scale so that the integer quotient has 64+ significant bits, then let Number() round.
  const neg = n < 0n;
  let a = neg ? -n : n;
  const shift = BigInt(Math.max(0, d.toString(2).length - a.toString(2).length + 66));
  a <<= shift;
  const q = a / d;
  const sticky = a % d === 0n ? 0n : 1n; // keeps round-to-nearest honest on exact ties
  const v = Number((q << 1n) | sticky) * Math.pow(2, -Number(shift) - 1);
  // 2^-(shift+1) may underflow for huge shifts; fall back to splitting the exponent.
  const r = Number.isFinite(v) && v !== 0 ? v : Number((q << 1n) | sticky) / 2 ** Number(shift + 1n);
  return neg ? -r : r;
}

/**
 * The nearest float64 (correctly rounded for rationals).
 *
 * @example
 * numToNumber(rational(1, 4)); // → 0.25
 * numToNumber(2.5); // → 2.5
 */
export function numToNumber(x: Num): number {
  return typeof x === "number" ? x : x.toNumber();
}

/**
 * Whether `x` is zero (exact 0, or the float ±0).
 *
 * @example
 * numIsZero(ZERO); // → true
 * numIsZero(-0); // → true
 */
export function numIsZero(x: Num): boolean {
  return typeof x === 'number' ? x === 0 : x.n === 0n;
}
/**
 * Whether `x` is one (exact 1, or the float 1).
 *
 * @example
 * numIsOne(rational(2, 2)); // → true
 * numIsOne(1.5); // → false
 */
export function numIsOne(x: Num): boolean {
  return typeof x === 'number' ? x === 1 : x.n === 1n && x.d === 1n;
}
/**
 * Whether `x` is strictly negative.
 *
 * @example
 * numIsNegative(rational(-1, 3)); // → true
 * numIsNegative(0); // → false
 */
export function numIsNegative(x: Num): boolean {
  return typeof x === 'number' ? x < 0 : x.n < 0n;
}
/**
 * Whether `x` is an integer (an exact integer, or an integral float).
 *
 * @example
 * numIsInteger(rational(4, 2)); // → true
 * numIsInteger(2.5); // → false
 */
export function numIsInteger(x: Num): boolean {
  return typeof x === 'number' ? Number.isInteger(x) : x.d === 1n;
}

/**
 * a + b: exact when both are exact, else float64.
 *
 * @example
 * numAdd(rational(1, 3), rational(1, 6)).toString(); // → '1/2'
 * numAdd(rational(1, 2), 0.25); // → 0.75
 */
export function numAdd(a: Num, b: Num): Num {
  if (typeof a === 'number' || typeof b === 'number') return numToNumber(a) + numToNumber(b);
  if (a.d === 1n && b.d === 1n) return integer(a.n + b.n);
  return rational(a.n * b.d + b.n * a.d, a.d * b.d);
}
/**
 * a - b: exact when both are exact, else float64.
 *
 * @example
 * numSub(ONE, rational(1, 3)).toString(); // → '2/3'
 */
export function numSub(a: Num, b: Num): Num {
  return numAdd(a, numNeg(b));
}
/**
 * -a.
 *
 * @example
 * numNeg(rational(2, 3)).toString(); // → '-2/3'
 */
export function numNeg(a: Num): Num {
  return typeof a === 'number' ? -a : a.d === 1n ? integer(-a.n) : new Rational(-a.n, a.d);
}
/**
 * a * b: exact when both are exact, else float64.
 *
 * @example
 * numMul(rational(2, 3), rational(3, 4)).toString(); // → '1/2'
 */
export function numMul(a: Num, b: Num): Num {
  if (typeof a === 'number' || typeof b === 'number') return numToNumber(a) * numToNumber(b);
  if (a.d === 1n && b.d === 1n) return integer(a.n * b.n);
  return rational(a.n * b.n, a.d * b.d);
}
/**
 * a / b. Exact division by exact zero throws `ExactArithmeticError`; float division is IEEE.
 *
 * @example
 * numDiv(ONE, rational(3)).toString(); // → '1/3'
 * numDiv(1, 4); // → 0.25
 */
export function numDiv(a: Num, b: Num): Num {
  if (typeof a === 'number' || typeof b === 'number') return numToNumber(a) / numToNumber(b);
  if (b.n === 0n) throw new ExactArithmeticError(`division by exact zero: ${a}/0`);
  return rational(a.n * b.d, a.d * b.n);
}
/**
 * 1 / a (exact inverse of an exact number; throws `ExactArithmeticError` for exact 0).
 *
 * @example
 * numInv(rational(-2, 5)).toString(); // → '-5/2'
 */
export function numInv(a: Num): Num {
  return numDiv(ONE, a);
}

/**
 * Largest exponent magnitude powInt computes exactly; beyond it the caller should not fold.
 *
 * @example
 * numPowInt(TWO, MAX_EXACT_EXPONENT).toString().length; // → 1234
 */
export const MAX_EXACT_EXPONENT = 4096;

/**
 * base^e for an integer exponent. Exact when base is exact (throws `ExactArithmeticError` for
 * 0^negative, RangeError when |e| > MAX_EXACT_EXPONENT, to keep bigint sizes bounded).
 *
 * @example
 * numPowInt(rational(2, 3), 3).toString(); // → '8/27'
 * numPowInt(TWO, -2).toString(); // → '1/4'
 */
export function numPowInt(base: Num, e: bigint | number): Num {
  const eb = typeof e === 'bigint' ? e : BigInt(e);
  if (typeof base === 'number') return Math.pow(base, Number(eb));
  if (bigAbs(eb) > BigInt(MAX_EXACT_EXPONENT))
    throw new RangeError(`exponent ${eb} is too large for exact arithmetic`);
  if (eb < 0n) {
    if (base.n === 0n) throw new ExactArithmeticError('0 raised to a negative power');
    return rational(base.d ** -eb, base.n ** -eb);
  }
  return rational(base.n ** eb, base.d ** eb);
}

/**
 * Exact integer k-th root of a non-negative bigint, or undefined when it is not a perfect power.
 *
 * @example
 * exactRoot(27n, 3); // → 3n
 * exactRoot(10n, 2); // → undefined
 */
export function exactRoot(x: bigint, k: number): bigint | undefined {
  if (x < 0n) return undefined;
  if (x < 2n) return x;
  const kb = BigInt(k);
  // Newton iteration on integers, starting above the root.
  let r = 1n << BigInt(Math.ceil(x.toString(2).length / k));
  for (;;) {
    const next = ((kb - 1n) * r + x / r ** (kb - 1n)) / kb;
    if (next >= r) break;
    r = next;
  }
  return r ** kb === x ? r : undefined;
}

/**
 * Sign: -1, 0 or 1 (NaN for a NaN float).
 *
 * @example
 * numSign(rational(-1, 7)); // → -1
 * numSign(0); // → 0
 */
export function numSign(a: Num): number {
  if (typeof a === 'number') return Number.isNaN(a) ? NaN : a > 0 ? 1 : a < 0 ? -1 : 0;
  return a.n > 0n ? 1 : a.n < 0n ? -1 : 0;
}

/**
 * Numeric comparison: negative, zero or positive (exact when both are exact).
 *
 * @example
 * numCompare(rational(1, 3), 0.3) > 0; // → true
 * numCompare(rational(1, 2), 0.5); // → 0
 */
export function numCompare(a: Num, b: Num): number {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = numToNumber(a);
    const y = numToNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * Same value and same kind (exact vs float). Floats compare by bits: -0 ≠ 0, NaN = NaN.
 *
 * @example
 * numEquals(rational(2, 4), HALF); // → true
 * // exact vs float
 * numEquals(HALF, 0.5); // → false
 * numEquals(NaN, NaN); // → true
 */
export function numEquals(a: Num, b: Num): boolean {
  if (typeof a === 'number') return typeof b === 'number' && Object.is(a, b);
  return typeof b !== 'number' && a.n === b.n && a.d === b.d;
}

/**
 * Source text of a number: exact ones as `3` or `1/3`; floats in the shortest form that
 * round-trips (JS `String`), always with a `.`, `e`, `inf` or `nan` so they re-parse as floats.
 *
 * @example
 * formatNum(rational(1, 3)); // → '1/3'
 * formatNum(2); // → '2.0'
 * formatNum(Infinity); // → 'inf'
 */
export function formatNum(x: Num): string {
  if (typeof x !== 'number') return x.toString();
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0.0';
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return `${x}.0`; // keep it a float on re-parse
  return String(x);
}
