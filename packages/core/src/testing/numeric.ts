/**
 * Numeric comparison of terms for property tests, with a tolerance that follows the
 * conditioning of the expression at the point and an explicit domain and NaN policy.
 *
 * Conditioning: besides its value, each term is evaluated a few more times with every call's
 * result multiplied by (1 + eps*r), r a deterministic pseudo-random in ±[0.5, 1] (eps = 1e-13,
 * about 1000 times the float64 rounding unit). The largest change of the result, the *spread*,
 * is a first-order estimate of how much rounding errors are amplified at that point, scaled up
 * about a thousandfold: cancellation (x + 1e20 - 1e20), division by a difference of nearly equal
 * numbers, sin of a huge argument all widen it, so two algebraically equal forms can be compared
 * with a tight relative tolerance (default 1e-9) plus the spreads, with no hand-tuned slack.
 * A point where a perturbation changes whether the result is NaN or finite (the input is
 * within rounding of a domain edge or a pole) is *unstable* and is skipped, and counted.
 *
 * Domains (`domain` option):
 * - 'exact': NaN must match NaN and ±Infinity the same infinity at every stable point.
 * - 'left': compare only where the left term is *real*: every subterm (leaves included) is 0
 *   or of a magnitude in `realRange` (default 1e-100..1e100) and nothing underflowed to zero
 *   (the reference policy of `simplify`: the result must equal the input where the input is a
 *   real number; where it is not, anything goes). The range keeps float range effects out of
 *   soundness questions: x/y/z → x/(y*z) is an identity of the reals, but y*z may overflow
 *   where x/y/z does not; with every value within 1e±100 products of three stay finite.
 * - 'real': compare only where both terms are real.
 */
import { evaluate } from '../evaluate.js';
import { applyOperator } from '../evaluate.js';
import { numToNumber } from '../numbers.js';
import { postOrder } from '../measures.js';
import { KIND_NUMBER, KIND_SYMBOL } from '../internal/store.js';
import type { Term } from '../terms.js';
import type { Point } from './datasets.js';

/** Smallest positive normal float64: values below lose relative precision. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Operators whose float64 results differ between implementations (Math.* vs the WASM SIMD
 * math, <= 4 ULP): the ones perturbed in `perturb: 'transcendental'` mode.
 *
 * @example
 * TRANSCENDENTAL_OPERATORS.has('exp');   // true
 * TRANSCENDENTAL_OPERATORS.has('sqrt');  // false: IEEE correctly rounded everywhere
 */
export const TRANSCENDENTAL_OPERATORS: ReadonlySet<string> = new Set([
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'pow',
]);

/**
 * Options of {@link analyzePoint}.
 *
 * @example
 * analyzePoint(parse('sin(x)'), { x: 1 }, { perturb: 'transcendental', eps: 1e-14 });   // the WASM tiers' allowance
 */
export interface ConditioningOptions {
  /** Relative perturbation of each perturbed result (default 1e-13). */
  readonly eps?: number;
  /** Perturbed evaluations (default 4). */
  readonly trials?: number;
  /** Which calls are perturbed: every call (default) or only {@link TRANSCENDENTAL_OPERATORS}. */
  readonly perturb?: 'all' | 'transcendental';
  /** Magnitudes a real value may have, besides 0 (default [1e-100, 1e100]). */
  readonly realRange?: readonly [number, number];
}

/**
 * What {@link analyzePoint} finds out about a term at a point.
 *
 * @example
 * const { value, real, spread, stable } = analyzePoint(parse('log(x)'), { x: 2 });
 */
export interface PointAnalysis {
  /** `evaluate(t, point)`. */
  readonly value: number;
  /** Every subterm is 0 or within `realRange`, and no call underflowed to 0 from non-zero operands. */
  readonly real: boolean;
  /** Largest |perturbed - value| over the trials (0 when unperturbed; Infinity if unstable). */
  readonly spread: number;
  /** No perturbation changed the class of the value (NaN, finite, +Infinity, -Infinity). */
  readonly stable: boolean;
}

/** Deterministic pseudo-random numbers (mulberry32): the same analysis in every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function valueClass(v: number): number {
  return Number.isNaN(v) ? 0 : v === Infinity ? 2 : v === -Infinity ? 3 : 1;
}

/** Whether the call `op` produced 0 by underflow (from operands that make it non-zero). */
function underflowed(op: string, args: readonly number[], v: number): boolean {
  if (v !== 0) return false;
  switch (op) {
    case 'mul': return args.every((a) => a !== 0);
    case 'div': return args[0] !== 0;
    case 'pow': return args[0] !== 0;
    case 'exp': return true;
    default: return false;
  }
}

/**
 * Value, realness and conditioning of `t` at `point` (see the file comment). Iterative and
 * linear in the number of distinct subterms times `trials`.
 *
 * @example
 * const a = analyzePoint(parse('(x + 1e20) - 1e20'), { x: 1 });
 * a.value;    // 0: the 1 was lost to rounding
 * a.spread;   // about 1e7: the tolerance of a comparison widens accordingly
 * analyzePoint(parse('log(x)'), { x: -1 }).real;   // false
 */
export function analyzePoint(t: Term, point: Point, opts: ConditioningOptions = {}): PointAnalysis {
  const eps = opts.eps ?? 1e-13;
  const trials = opts.trials ?? 4;
  const onlyTranscendental = opts.perturb === 'transcendental';
  const [lo, hi] = opts.realRange ?? [1e-100, 1e100];
  if (!(lo >= MIN_NORMAL && lo <= hi && hi <= Number.MAX_VALUE)) {
    throw new RangeError(`analyzePoint: realRange must satisfy ${MIN_NORMAL} <= lo <= hi <= ${Number.MAX_VALUE}, got [${lo}, ${hi}]`);
  }
  const nodes = postOrder(t);
  const index = new Map<Term, number>();
  nodes.forEach((u, i) => index.set(u, i));
  const exact = new Float64Array(nodes.length);
  let real = true;
  for (let i = 0; i < nodes.length; i++) {
    const u = nodes[i];
    let v: number;
    if (u.kind === KIND_NUMBER) v = numToNumber(u.value);
    else if (u.kind === KIND_SYMBOL) v = evaluate(u, point);
    else {
      const args = u.args.map((a) => exact[index.get(a)!]);
      v = applyOperator(u.op, args);
      if (real && underflowed(u.op, args, v)) real = false;
    }
    if (real && v !== 0 && !(Math.abs(v) >= lo && Math.abs(v) <= hi)) real = false;
    exact[i] = v;
  }
  const value = exact[nodes.length - 1];
  let spread = 0;
  let stable = true;
  const noisy = new Float64Array(nodes.length);
  for (let k = 0; k < trials && stable; k++) {
    const next = rng(0x9e3779b9 + k * 7919);
    for (let i = 0; i < nodes.length; i++) {
      const u = nodes[i];
      if (u.kind === KIND_NUMBER || u.kind === KIND_SYMBOL) {
        noisy[i] = exact[i];
        continue;
      }
      const args = u.args.map((a) => noisy[index.get(a)!]);
      // An integer exponent stays an integer: whether pow(negative, y) is NaN is structural.
      if (u.op === 'pow' && Number.isInteger(exact[index.get(u.args[1])!])) args[1] = exact[index.get(u.args[1])!];
      const perturbed = !onlyTranscendental || TRANSCENDENTAL_OPERATORS.has(u.op);
      const factor = () => {
        const r = 0.5 + 0.5 * next();
        return 1 + eps * (next() < 0.5 ? -r : r);
      };
      let v: number;
      if (perturbed && (u.op === 'add' || u.op === 'mul') && args.length > 2) {
        // every partial sum or product rounds: perturb each step of the left-to-right fold
        v = args[0];
        for (let j = 1; j < args.length; j++) v = (u.op === 'add' ? v + args[j] : v * args[j]) * factor();
      } else {
        v = applyOperator(u.op, args);
        if (perturbed) v *= factor();
      }
      noisy[i] = v;
    }
    const w = noisy[nodes.length - 1];
    if (valueClass(w) !== valueClass(value)) stable = false;
    else if (Number.isFinite(value)) spread = Math.max(spread, Math.abs(w - value));
  }
  return { value, real, spread: stable ? spread : Infinity, stable };
}

/**
 * Options of {@link compareNumerically} and {@link numericallyEqual}.
 *
 * @example
 * const t = parse('x*x/x');
 * numericallyEqual(t, simplify(t), [{ x: 0 }, { x: 2 }], { domain: 'left', relTol: 1e-12 }); // → true
 */
export interface NumericOptions extends ConditioningOptions {
  /** Relative tolerance on top of the conditioning spreads (default 1e-9). */
  readonly relTol?: number;
  /** Absolute tolerance (default 0). */
  readonly absTol?: number;
  /** Where to compare and how NaN counts (default 'exact'; see the file comment). */
  readonly domain?: 'exact' | 'left' | 'real';
  /** Estimate the conditioning and widen the tolerance by it (default true). */
  readonly conditioning?: boolean;
}

/**
 * The first point where two terms differ, with what was compared.
 *
 * @example
 * const m = compareNumerically(parse('x'), parse('-x'), [{ x: 1 }]).mismatch;   // { point: { x: 1 }, left: 1, right: -1, ... }
 */
export interface NumericMismatch {
  readonly point: Point;
  readonly left: number;
  readonly right: number;
  readonly tolerance: number;
  readonly reason: string;
}

/**
 * What {@link compareNumerically} returns.
 *
 * @example
 * const { equal, compared, skipped } = compareNumerically(parse('x/x'), parse('1'), [{ x: 0 }, { x: 2 }], { domain: 'real' });
 * // equal, 1 point compared, 1 skipped (x/x is NaN at 0)
 */
export interface NumericComparison {
  /** No compared point disagreed. */
  readonly equal: boolean;
  /** Points compared. */
  readonly compared: number;
  /** Points outside the domain, or unstable (near a domain edge or pole), or ill-conditioned. */
  readonly skipped: number;
  /** The first disagreement, if any. */
  readonly mismatch?: NumericMismatch;
}

function sameInfinityOrNaN(a: number, b: number): boolean {
  return (Number.isNaN(a) && Number.isNaN(b)) || a === b;
}

/**
 * Compares `a` and `b` at `points` under the domain policy and with the conditioning-aware
 * tolerance of the file comment: at a compared point both are finite and
 * |a - b| <= relTol*max(|a|, |b|) + absTol + spread(a) + spread(b), or both are the same
 * infinity, or (domain 'exact') both NaN.
 *
 * @example
 * const r = compareNumerically(parse('x/x'), parse('1'), [{ x: 0 }, { x: 2 }], { domain: 'left' });
 * r.equal;     // true: at x = 0 the left side is NaN, outside the domain
 * r.skipped;   // 1
 * compareNumerically(parse('x - y'), parse('y - x'), [{ x: 1, y: 2 }]).mismatch?.reason;   // 'values differ ...'
 */
export function compareNumerically(a: Term, b: Term, points: readonly Point[], opts: NumericOptions = {}): NumericComparison {
  const relTol = opts.relTol ?? 1e-9;
  const absTol = opts.absTol ?? 0;
  const domain = opts.domain ?? 'exact';
  const conditioning = opts.conditioning ?? true;
  const cond: ConditioningOptions = conditioning ? opts : { trials: 0 };
  let compared = 0;
  let skipped = 0;
  for (const point of points) {
    const A = analyzePoint(a, point, cond);
    const B = analyzePoint(b, point, cond);
    if ((domain !== 'exact' && !A.real) || (domain === 'real' && !B.real) || !A.stable) {
      skipped++;
      continue;
    }
    const x = A.value;
    const y = B.value;
    const fail = (reason: string, tolerance: number): NumericComparison => ({
      equal: false,
      compared: compared + 1,
      skipped,
      mismatch: { point, left: x, right: y, tolerance, reason },
    });
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (sameInfinityOrNaN(x, y)) {
        compared++;
        continue;
      }
      // b blows up where a is finite but a has no reliable digits there: not comparable.
      if (Number.isFinite(x) && !(A.spread <= 1e-3 * Math.abs(x))) {
        skipped++;
        continue;
      }
      return fail(`${describe(x)} vs ${describe(y)}`, 0);
    }
    const tolerance = relTol * Math.max(Math.abs(x), Math.abs(y)) + absTol + A.spread + (Number.isFinite(B.spread) ? B.spread : 0);
    if (!(Math.abs(x - y) <= tolerance)) return fail(`values differ by ${Math.abs(x - y)} > tolerance ${tolerance}`, tolerance);
    compared++;
  }
  return { equal: true, compared, skipped };
}

function describe(v: number): string {
  return Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? 'finite ' + String(v) : String(v);
}

/**
 * Whether `a` and `b` agree at every compared point ({@link compareNumerically}, default
 * domain 'exact': NaN must match NaN).
 *
 * @example
 * numericallyEqual(parse('(x + 1)^2'), parse('x^2 + 2*x + 1'), [{ x: 0.5 }, { x: -3 }]);   // true
 * numericallyEqual(parse('sqrt(x^2)'), parse('x'), [{ x: -2 }]);                          // false
 */
export function numericallyEqual(a: Term, b: Term, points: readonly Point[], opts: NumericOptions = {}): boolean {
  return compareNumerically(a, b, points, opts).equal;
}
