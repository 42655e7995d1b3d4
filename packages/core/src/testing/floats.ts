/**
 * Edge float64 values for property tests: signed zeros, subnormals, the smallest and largest
 * normals, and (on request) the non-finite values. Shared by the constant, point and dataset
 * arbitraries of `@symx/core/testing`.
 */
import fc from 'fast-check';

/**
 * Finite edge values: ±0, the smallest subnormal, a mid subnormal, the smallest normal, tiny
 * (1e-300), huge (1e300), the largest finite double, and the spacing of doubles at 1.
 *
 * @example
 * EDGE_FLOATS.includes(-0);               // true (compare with Object.is to tell it from 0)
 * EDGE_FLOATS.includes(Number.MIN_VALUE); // true: 5e-324, the smallest subnormal
 */
export const EDGE_FLOATS: readonly number[] = Object.freeze([
  0,
  -0,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  1e-310,
  2.2250738585072014e-308,
  -2.2250738585072014e-308,
  1e-300,
  -1e-300,
  Number.EPSILON,
  1e300,
  -1e300,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
]);

/**
 * The non-finite values: NaN, +Infinity, -Infinity.
 *
 * @example
 * NON_FINITE_FLOATS.some(Number.isNaN);   // true
 */
export const NON_FINITE_FLOATS: readonly number[] = Object.freeze([NaN, Infinity, -Infinity]);

/**
 * Options of {@link edgeFloatArb}.
 *
 * @example
 * edgeFloatArb({ nonFinite: true });   // also NaN, Infinity, -Infinity
 */
export interface EdgeFloatOptions {
  /** Also NaN and ±Infinity (default false). */
  readonly nonFinite?: boolean;
}

/**
 * One of {@link EDGE_FLOATS} (and {@link NON_FINITE_FLOATS} with `nonFinite`); shrinks towards 0.
 *
 * @example
 * fc.assert(fc.property(edgeFloatArb(), (x) => Number.isFinite(x)));
 */
export function edgeFloatArb(opts: EdgeFloatOptions = {}): fc.Arbitrary<number> {
  const values = opts.nonFinite === true ? [...EDGE_FLOATS, ...NON_FINITE_FLOATS] : EDGE_FLOATS;
  return fc.constantFrom(...values);
}

/**
 * Options of {@link floatArb}.
 *
 * @example
 * floatArb({ min: 0.1, max: 5, edgeValues: true });
 */
export interface FloatOptions extends EdgeFloatOptions {
  /** Range of the ordinary values (default -10..10). */
  readonly min?: number;
  readonly max?: number;
  /**
   * Mix in {@link EDGE_FLOATS} (default false). With this or `nonFinite`, about one value in
   * eight is a special value.
   */
  readonly edgeValues?: boolean;
}

/**
 * Float64 values in `[min, max]`, optionally mixed with edge values (and non-finite ones).
 *
 * @example
 * const x = floatArb({ min: -3, max: 3, edgeValues: true });
 * fc.assert(fc.property(x, (v) => !Number.isNaN(v)));
 */
export function floatArb(opts: FloatOptions = {}): fc.Arbitrary<number> {
  const min = opts.min ?? -10;
  const max = opts.max ?? 10;
  if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max)) {
    throw new RangeError(`floatArb: expected finite min <= max, got min=${min}, max=${max}`);
  }
  const plain = fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  const special = [...(opts.edgeValues === true ? EDGE_FLOATS : []), ...(opts.nonFinite === true ? NON_FINITE_FLOATS : [])];
  if (special.length === 0) return plain;
  return fc.oneof({ weight: 7, arbitrary: plain }, { weight: 1, arbitrary: fc.constantFrom(...special) });
}
