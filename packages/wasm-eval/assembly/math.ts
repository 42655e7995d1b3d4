/**
 * SIMD f64x2 elementary functions, with the semantics of JavaScript's `Math.*`.
 *
 * Exports (wasm functions of the VM module, importable by other modules through the JS API):
 * `m_exp m_log m_sin m_cos m_tan m_tanh m_sinh m_cosh m_atan m_asin m_acos`: (v128) -> v128, and
 * `m_pow`: (v128, v128) -> v128; every lane is an f64 and is computed independently, as the
 * same-named `Math` function would (NaN, ±Infinity, ±0 and subnormals included; `m_pow` follows
 * `Math.pow`: pow(x, ±0) = 1 for every x, pow(±1, ±Infinity) = NaN, negative base with a
 * non-integer exponent NaN, odd integer exponents keep the sign). They keep no state (scratch
 * v128 globals only; the scalar fallback of sin/cos/tan reads a constant table in the VM's data
 * segment), so any module importing them may call them freely. The VM itself inlines the same
 * code (`v_*`, @inline) into its loops, so that independent vectors overlap in the pipeline.
 * Accuracy against `Math.*` is measured by src/math.test.ts over the whole float64 range (the
 * worst figures are in the package README); the design target is <= 4 ULP everywhere.
 *
 * Algorithms: classic argument reduction + polynomial kernels (the structure of fdlibm), computed
 * on both lanes without branches except for rare lanes (specials, extreme ranges). The polynomial coefficients are our own Chebyshev fits
 * (scripts/fit-math.py). sin/cos/tan reduce with a three-part Cody–Waite pi/2 (119 bits) carried
 * as a double-double, exact for |x| <= 2^20·pi/2 (~1.6e6); lanes beyond that, and ±Infinity, go
 * to a scalar fallback (AssemblyScript's `Math`, a Payne–Hanek reduction) one lane at a time.
 * pow computes log|x| as a double-double (~2^-66 relative) so that exp(y·log|x|) keeps its
 * accuracy when |y·log|x|| is large.
 */

// ---------------------------------------------------------------------------------------------
// Constants (see scripts/fit-math.py for how they were derived)

// ln 2 split so that k*LN2_HI is exact: 32 significant bits (|k| < 2^21), and 42 bits (|k| < 2^11)
const LN2_HI: f64 = 0.6931471803691238;
const LN2_LO: f64 = 1.9082149292705877e-10;
const LN2_HI42: f64 = 0.6931471805598903;
const LN2_LO42: f64 = 5.497923018708371e-14;
const INVLN2: f64 = 1.4426950408889634;
// pi/2 in three parts of 33, 33 and 53 bits: k*PIO2_1 and k*PIO2_2 are exact for |k| <= 2^20
const PIO2_1: f64 = 1.5707963267341256;
const PIO2_2: f64 = 6.077100506303966e-11;
const PIO2_3: f64 = 2.0222662487959506e-21;
const INVPIO2: f64 = 0.6366197723675814;
// Beyond this |x|, k = round(x*2/pi) may exceed 2^20: sin/cos/tan take the scalar path.
const TRIG_FAST_MAX: f64 = 1.647e6;
const PIO2_HI: f64 = 1.5707963267948966;
const PIO2_LO: f64 = 6.123233995736766e-17;
const PIO4_HI: f64 = 0.7853981633974483;
const ATAN_HALF_HI: f64 = 0.4636476090008061;
const ATAN_HALF_LO: f64 = 2.2698777452961687e-17;
const PIO4_LO: f64 = 3.061616997868383e-17;
const ATAN_ONEHALF_HI: f64 = 0.982793723247329;
const ATAN_ONEHALF_LO: f64 = 1.3903311031230998e-17;
const TWO_THIRDS_HI: f64 = 0.6666666666666666;
const TWO_THIRDS_LO: f64 = 3.700743415417188e-17;
const SQRT2: f64 = 1.4142135623730951;
// 1.5*2^52: adding it to an integer-valued f64 puts the integer in the low mantissa bits
const MAGIC: f64 = 6755399441055744.0;
const TWO54: f64 = 18014398509481984.0;
const MIN_NORMAL: f64 = 2.2250738585072014e-308;
const SPLITTER: f64 = 134217729.0; // 2^27 + 1 (Dekker)

// expm1(r) = r + r^2 * E(r), |r| <= ln2/2
const E0: f64 = 4.9999999999999999998e-1;
const E1: f64 = 1.6666666666666666667e-1;
const E2: f64 = 4.1666666666666677059e-2;
const E3: f64 = 8.3333333333333340260e-3;
const E4: f64 = 1.3888888888878853084e-3;
const E5: f64 = 1.9841269841263151887e-4;
const E6: f64 = 2.4801587337029031426e-5;
const E7: f64 = 2.7557319247609841320e-6;
const E8: f64 = 2.7557262652836800342e-7;
const E9: f64 = 2.5052070676884163543e-8;
const E10: f64 = 2.0918368776542247232e-9;
const E11: f64 = 1.6086781948613065847e-10;

// log(1+f) = f - f^2/2 + s*(f^2/2 + z*L(z)), s = f/(2+f), z = s^2
const L0: f64 = 6.6666666666666696883e-1;
const L1: f64 = 3.9999999999899443233e-1;
const L2: f64 = 2.8571428626003268742e-1;
const L3: f64 = 2.2222211130259877029e-1;
const L4: f64 = 1.8182889455674946039e-1;
const L5: f64 = 1.5331710618210771568e-1;
const L6: f64 = 1.4616585424888621989e-1;

// 2 atanh(s) = 2s + 2s^3/3 + s^5 T(s^2) (double-double log of pow)
const T0: f64 = 4.0000000000000027064e-1;
const T1: f64 = 2.8571428571338505857e-1;
const T2: f64 = 2.2222222271102339008e-1;
const T3: f64 = 1.8181808247544543225e-1;
const T4: f64 = 1.5385574796462031360e-1;
const T5: f64 = 1.3285957435193352649e-1;
const T6: f64 = 1.2913617672182250673e-1;

// sin(x) = x + x^3 S(x^2), |x| <= pi/4
const S0: f64 = -1.6666666666666666666e-1;
const S1: f64 = 8.3333333333333314910e-3;
const S2: f64 = -1.9841269841265062561e-4;
const S3: f64 = 2.7557319219337310344e-6;
const S4: f64 = -2.5052106231802837884e-8;
const S5: f64 = 1.6058531516797759169e-10;
const S6: f64 = -7.5866910941979583589e-13;

// cos(x) = 1 - x^2/2 + x^4 C(x^2), |x| <= pi/4
const C0: f64 = 4.1666666666666666666e-2;
const C1: f64 = -1.3888888888888887865e-3;
const C2: f64 = 2.4801587301584645102e-5;
const C3: f64 = -2.7557319221401792411e-7;
const C4: f64 = 2.0876755790721963620e-9;
const C5: f64 = -1.1470460830795304115e-11;
const C6: f64 = 4.7458685530816657964e-14;

// atan(t) = t - t^3 A(t^2), |t| <= 7/16
const A0: f64 = 3.3333333333333332941e-1;
const A1: f64 = -1.9999999999999409032e-1;
const A2: f64 = 1.4285714285566672422e-1;
const A3: f64 = -1.1111111096633359985e-1;
const A4: f64 = 9.0909083550819761748e-2;
const A5: f64 = -7.6922855414019476740e-2;
const A6: f64 = 6.6662417062973255826e-2;
const A7: f64 = -5.8769442203304605490e-2;
const A8: f64 = 5.2166649790788855599e-2;
const A9: f64 = -4.4921989571273562987e-2;
const A10: f64 = 3.3126743673841462582e-2;
const A11: f64 = -1.4771803541259420798e-2;

// asin(s) = s + s^3 P(s^2), |s| <= 1/2
const P0: f64 = 1.6666666666666666591e-1;
const P1: f64 = 7.5000000000001179272e-2;
const P2: f64 = 4.4642857142551466782e-2;
const P3: f64 = 3.0381944475572607846e-2;
const P4: f64 = 2.2372157441539661494e-2;
const P5: f64 = 1.7352816597293970869e-2;
const P6: f64 = 1.3963778957563368525e-2;
const P7: f64 = 1.1566472648606428602e-2;
const P8: f64 = 9.6217330325398844291e-3;
const P9: f64 = 9.3201953844022034058e-3;
const P10: f64 = 3.0424136374185629492e-3;
const P11: f64 = 1.9560681547532375699e-2;
const P12: f64 = -1.9250636024377279150e-2;
const P13: f64 = 2.9617763136747390331e-2;

// ---------------------------------------------------------------------------------------------
// Small helpers (all inlined)

// @ts-ignore: decorator
@inline function sp(x: f64): v128 { return f64x2.splat(x); }
// @ts-ignore: decorator
@inline function add(a: v128, b: v128): v128 { return f64x2.add(a, b); }
// @ts-ignore: decorator
@inline function sub(a: v128, b: v128): v128 { return f64x2.sub(a, b); }
// @ts-ignore: decorator
@inline function mul(a: v128, b: v128): v128 { return f64x2.mul(a, b); }
// @ts-ignore: decorator
@inline function div(a: v128, b: v128): v128 { return f64x2.div(a, b); }
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: f64): v128 { return f64x2.add(f64x2.mul(a, b), f64x2.splat(c)); }
/** mask ? a : b */
// @ts-ignore: decorator
@inline function sel(mask: v128, a: v128, b: v128): v128 { return v128.bitselect(a, b, mask); }
// @ts-ignore: decorator
@inline function vabs(a: v128): v128 { return f64x2.abs(a); }
// @ts-ignore: decorator
@inline function signOf(a: v128): v128 { return v128.and(a, i64x2.splat(0x8000000000000000)); }
/** |a| with the sign of `sign` (a sign bit already isolated). */
// @ts-ignore: decorator
@inline function withSign(absA: v128, sign: v128): v128 { return v128.or(absA, sign); }
/** Low 32 bits cleared: a number whose square is exact. */
// @ts-ignore: decorator
@inline function trunc32(a: v128): v128 { return v128.and(a, i64x2.splat(0xffffffff00000000)); }
/** 2^n for integer lanes n (i64) with -1022 <= n <= 1023. */
// @ts-ignore: decorator
@inline function pow2i(n: v128): v128 { return i64x2.shl(i64x2.add(n, i64x2.splat(1023)), 52); }
/** An integer-valued f64 (|k| < 2^51) as i64 lanes, modulo 2^51 (enough for its low bits). */
// @ts-ignore: decorator
@inline function toIntBits(k: v128): v128 { return f64x2.add(k, f64x2.splat(MAGIC)); }

// Error of a*b (Dekker's exact product, no FMA): a*b = mul(a,b) + twoProdErr(a, b, mul(a,b)).
// @ts-ignore: decorator
@inline function twoProdErr(a: v128, b: v128, p: v128): v128 {
  let t = mul(a, sp(SPLITTER));
  const ah = sub(t, sub(t, a));
  const al = sub(a, ah);
  t = mul(b, sp(SPLITTER));
  const bh = sub(t, sub(t, b));
  const bl = sub(b, bh);
  return add(add(add(sub(mul(ah, bh), p), mul(ah, bl)), mul(al, bh)), mul(al, bl));
}
// Error of a+b (Knuth's TwoSum, any magnitudes).
// @ts-ignore: decorator
@inline function twoSumErr(a: v128, b: v128, s: v128): v128 {
  const bb = sub(s, a);
  return add(sub(a, sub(s, bb)), sub(b, bb));
}

// ---------------------------------------------------------------------------------------------
// exp family. exp(xh + xl) = 2^k * (1 + e): the shared core writes k (f64 lanes) and e.

let gK: v128 = i64x2.splat(0);
let gE: v128 = i64x2.splat(0);
let gEl: v128 = i64x2.splat(0);

/** r^2 E(r): expm1(r) = r + expm1Tail(r), |r| <= ln2/2 (Estrin's scheme: short latency). */
// @ts-ignore: decorator
@inline function expm1Tail(r: v128): v128 {
  const r2 = mul(r, r);
  const r4 = mul(r2, r2);
  const r8 = mul(r4, r4);
  const p01 = madd(r, sp(E1), E0);
  const p23 = madd(r, sp(E3), E2);
  const p45 = madd(r, sp(E5), E4);
  const p67 = madd(r, sp(E7), E6);
  const p89 = madd(r, sp(E9), E8);
  const pab = madd(r, sp(E11), E10);
  const p03 = add(p01, mul(r2, p23));
  const p47 = add(p45, mul(r2, p67));
  const p8b = add(p89, mul(r2, pab));
  const p = add(add(p03, mul(r4, p47)), mul(r8, p8b));
  return mul(r2, p);
}

/**
 * Sets gK, gE, gEl with exp(xh + xl) = 2^gK * (1 + gE + gEl), |gE| <= ~0.42, gEl tiny (a
 * double-double, so that expm1 near k = ±1 loses nothing to cancellation). xh is clamped to
 * [-746, 711] (beyond, exp is 0 or Infinity, and so are exp/2 and 2^k*(1+e)); xl must be tiny
 * relative to xh (or 0).
 */
// @ts-ignore: decorator
@inline function expCore(xh: v128, xl: v128): void {
  const x = f64x2.min(f64x2.max(xh, sp(-746.0)), sp(711.0));
  const k = f64x2.nearest(mul(x, sp(INVLN2)));
  const hi = sub(x, mul(k, sp(LN2_HI42))); // exact: Sterbenz, k*LN2_HI42 exact
  const lo = sub(xl, mul(k, sp(LN2_LO42)));
  const r = add(hi, lo);
  const c = twoSumErr(hi, lo, r); // r + c = hi + lo
  const t = expm1Tail(r);
  const e = add(r, t);
  // expm1(r + c) ~= expm1(r) + c*(1 + expm1(r))
  gK = k;
  gE = e;
  gEl = add(twoSumErr(r, t, e), add(c, mul(c, e)));
}

/** v * 2^k for integer-valued f64 lanes k in [-1076, 1026], one rounding (two exact steps). */
// @ts-ignore: decorator
@inline function scale2k(v: v128, k: v128): v128 {
  // k sits in the low 51 bits of toIntBits(k) (two's complement): sign-extend, then halve
  const kf = i64x2.shr_s(i64x2.shl(toIntBits(k), 13), 13);
  const k1 = i64x2.shr_s(kf, 1);
  const k2 = i64x2.sub(kf, k1);
  return mul(mul(v, pow2i(k1)), pow2i(k2));
}

// @ts-ignore: decorator
@inline function expDD(xh: v128, xl: v128): v128 {
  expCore(xh, xl);
  return scale2k(add(sp(1.0), add(gE, gEl)), gK);
}

// @ts-ignore: decorator
@inline export function v_exp(x: v128): v128 {
  // expCore without the double-double compensation (pow and the hyperbolics need it; exp of a
  // double does not: <= 1 ULP without it, and a quarter fewer operations)
  const xc = f64x2.min(f64x2.max(x, sp(-746.0)), sp(711.0));
  const k = f64x2.nearest(mul(xc, sp(INVLN2)));
  const r = sub(sub(xc, mul(k, sp(LN2_HI42))), mul(k, sp(LN2_LO42)));
  const p = add(sp(1.0), add(r, expm1Tail(r)));
  // |x| < 708: the result is normal, so 2^k goes straight into the exponent field
  if (!v128.any_true(f64x2.ge(vabs(xc), sp(708.0)))) return i64x2.add(p, i64x2.shl(toIntBits(k), 52));
  return scale2k(p, k);
}

/**
 * expm1 of the argument of the last expCore, valid when its k <= 53 (|x| <= ~36): (2^k - 1) +
 * 2^k e, both terms exact, summed as a double-double.
 */
// @ts-ignore: decorator
@inline function expm1FromCore(): v128 {
  const two = pow2i(toIntBits(gK)); // pow2i only reads the low 12 bits
  const a = sub(two, sp(1.0));
  const b = mul(two, gE);
  const s = add(a, b);
  return add(s, add(twoSumErr(a, b, s), mul(two, gEl)));
}

// @ts-ignore: decorator
@inline export function v_sinh(x: v128): v128 {
  const a = vabs(x);
  expCore(a, sp(0.0)); // one exp for every branch
  const t = expm1FromCore(); // meaningful for a < 22
  // a < 1: (2t - t^2/(t+1))/2;  a < 22: (t + t/(t+1))/2;  else exp(a)/2 (scaled without overflow)
  const t1 = add(t, sp(1.0));
  const small = mul(sp(0.5), sub(add(t, t), div(mul(t, t), t1)));
  const mid = mul(sp(0.5), add(t, div(t, t1)));
  const big = scale2k(add(sp(1.0), add(gE, gEl)), sub(gK, sp(1.0)));
  let r = sel(f64x2.lt(a, sp(1.0)), small, sel(f64x2.lt(a, sp(22.0)), mid, big));
  r = sel(f64x2.ne(a, a), a, r); // NaN
  return withSign(r, signOf(x));
}

// @ts-ignore: decorator
@inline export function v_cosh(x: v128): v128 {
  const a = vabs(x);
  expCore(a, sp(0.0)); // a < ln2/2 gives k = 0, so gE = expm1(a) there
  const e = gE;
  const k = gK;
  // small: 1 + e^2/(2(1+e));  mid (a < 22): (t + 1/t)/2 with t = exp(a);  big: exp(a)/2
  const e1 = add(sp(1.0), add(e, gEl));
  const small = add(sp(1.0), div(mul(e, e), mul(sp(2.0), e1)));
  const t = scale2k(e1, f64x2.min(k, sp(64.0)));
  const mid = add(mul(sp(0.5), t), div(sp(0.5), t));
  const big = scale2k(e1, sub(k, sp(1.0)));
  let r = sel(f64x2.lt(a, sp(0.34657359027997264)), small, sel(f64x2.lt(a, sp(22.0)), mid, big));
  r = sel(f64x2.ne(a, a), a, r);
  return r;
}

// @ts-ignore: decorator
@inline export function v_tanh(x: v128): v128 {
  const a = vabs(x);
  // u = expm1(2a) >= 0: tanh(a) = u/(u+2) (relative error of u shrinks), or 1 - 2/(u+2) for
  // a >= 1 (the result is near 1). For a >= 22, u = expm1(64) and the result rounds to 1.
  expCore(f64x2.min(mul(a, sp(2.0)), sp(64.0)), sp(0.0));
  const u = expm1FromCore();
  const u2 = add(u, sp(2.0));
  let r = sel(f64x2.ge(a, sp(1.0)), sub(sp(1.0), div(sp(2.0), u2)), div(u, u2));
  r = sel(f64x2.ne(a, a), a, r);
  return withSign(r, signOf(x));
}

// ---------------------------------------------------------------------------------------------
// log

/**
 * Splits positive normal-or-subnormal x as 2^e * m, m in [sqrt(1/2), sqrt(2)): returns m and
 * writes e (f64 lanes) to gK. Garbage for 0, negative, Infinity and NaN lanes (fixed by callers).
 */
// @ts-ignore: decorator
@inline function splitExp(x: v128): v128 {
  const subn = f64x2.lt(x, sp(MIN_NORMAL));
  const xs = sel(subn, mul(x, sp(TWO54)), x);
  const bits = xs;
  // exponent field minus bias (i64), and mantissa with exponent 0 (m in [1, 2))
  let e = i64x2.sub(i64x2.shr_u(bits, 52), i64x2.splat(1023));
  e = i64x2.add(e, v128.and(subn, i64x2.splat(-54)));
  let m = v128.or(v128.and(bits, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  const big = f64x2.gt(m, sp(SQRT2));
  m = sel(big, mul(m, sp(0.5)), m);
  e = i64x2.sub(e, big); // mask lanes are -1
  // e as f64: place it in the mantissa of MAGIC and subtract MAGIC
  gK = f64x2.sub(i64x2.add(e, f64x2.splat(MAGIC)), f64x2.splat(MAGIC));
  return m;
}

// @ts-ignore: decorator
@inline export function v_log(x: v128): v128 {
  const m = splitExp(x);
  const k = gK;
  const f = sub(m, sp(1.0));
  const s = div(f, add(sp(2.0), f));
  const z = mul(s, s);
  let p = madd(z, sp(L6), L5);
  p = madd(p, z, L4);
  p = madd(p, z, L3);
  p = madd(p, z, L2);
  p = madd(p, z, L1);
  p = madd(p, z, L0);
  const R = mul(z, p);
  const hfsq = mul(sp(0.5), mul(f, f));
  // k*ln2_hi - ((hfsq - (s*(hfsq+R) + k*ln2_lo)) - f)
  let r = sub(mul(k, sp(LN2_HI)), sub(sub(hfsq, add(mul(s, add(hfsq, R)), mul(k, sp(LN2_LO)))), f));
  // 0 -> -Infinity; negative, NaN -> NaN; +Infinity -> +Infinity
  const special = v128.not(v128.and(f64x2.gt(x, sp(0.0)), f64x2.lt(x, sp(Infinity))));
  if (v128.any_true(special)) {
    let sv = sel(f64x2.eq(x, sp(0.0)), sp(-Infinity), x);
    sv = sel(f64x2.lt(x, sp(0.0)), sp(NaN), sv);
    r = sel(special, sv, r);
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// pow

/** log(x) for positive finite x as a double-double: returns hi, writes lo to gE. */
// @ts-ignore: decorator
@inline function logDD(x: v128): v128 {
  const m = splitExp(x);
  const e = gK;
  const f = sub(m, sp(1.0)); // exact
  // s = f/(m+1) as a double-double
  const dh = add(m, sp(1.0));
  const dl = twoSumErr(m, sp(1.0), dh);
  const sh = div(f, dh);
  const ph = mul(sh, dh);
  const pl = twoProdErr(sh, dh, ph);
  const sl = div(sub(sub(sub(f, ph), pl), mul(sh, dl)), dh);
  // s^2, s^3 as double-doubles
  const zh = mul(sh, sh);
  const zl = add(twoProdErr(sh, sh, zh), mul(add(sh, sh), sl));
  const th = mul(zh, sh);
  const tl = add(twoProdErr(zh, sh, th), add(mul(zh, sl), mul(zl, sh)));
  // (2/3) s^3
  const uh = mul(th, sp(TWO_THIRDS_HI));
  const ul = add(twoProdErr(th, sp(TWO_THIRDS_HI), uh), add(mul(th, sp(TWO_THIRDS_LO)), mul(tl, sp(TWO_THIRDS_HI))));
  // s^5 T(s^2)
  let q = madd(zh, sp(T6), T5);
  q = madd(q, zh, T4);
  q = madd(q, zh, T3);
  q = madd(q, zh, T2);
  q = madd(q, zh, T1);
  q = madd(q, zh, T0);
  const tail = mul(mul(th, zh), q);
  // log m = 2s + (2/3)s^3 + tail
  const s2h = add(sh, sh);
  const ah = add(s2h, uh);
  const al = add(twoSumErr(s2h, uh, ah), add(add(add(sl, sl), ul), tail));
  // + e*ln2 (e*LN2_HI42 exact)
  const eh = mul(e, sp(LN2_HI42));
  const bh = add(eh, ah);
  const bl = add(twoSumErr(eh, ah, bh), add(al, mul(e, sp(LN2_LO42))));
  const h = add(bh, bl);
  gE = sub(bl, sub(h, bh));
  return h;
}

// @ts-ignore: decorator
@inline function isInteger(y: v128): v128 { return f64x2.eq(f64x2.floor(y), y); }

// @ts-ignore: decorator
@inline export function v_pow(x: v128, y: v128): v128 {
  const ax = vabs(x);
  let lh = logDD(ax);
  let ll = gE;
  // log|x| of 0, Infinity, NaN
  const special = v128.not(v128.and(f64x2.gt(ax, sp(0.0)), f64x2.lt(ax, sp(Infinity))));
  if (v128.any_true(special)) {
    const sv = sel(f64x2.eq(ax, sp(0.0)), sp(-Infinity), ax);
    lh = sel(special, sv, lh);
    ll = sel(special, sp(0.0), ll);
  }
  const ph = mul(y, lh);
  let pl = add(twoProdErr(y, lh, ph), mul(y, ll));
  // pl is meaningless (NaN or garbage from Dekker's split overflowing) when |ph| is huge, where
  // the result is 0 or Infinity anyway, or when |y| > 2^996 and ph = 0 (|x| = 1, exact 1)
  pl = sel(v128.and(f64x2.lt(vabs(ph), sp(1.0e3)), f64x2.eq(pl, pl)), pl, sp(0.0));
  let r = expDD(ph, pl);
  // sign and domain for negative bases (sign bit set: includes -0 and -Infinity)
  const yInt = isInteger(y);
  const halfY = mul(y, sp(0.5));
  const yOdd = v128.andnot(yInt, isInteger(halfY));
  const negX = signOf(x);
  const negMask = i64x2.shr_s(x, 63);
  r = v128.xor(r, v128.and(negX, yOdd));
  const nanMask = v128.andnot(v128.and(f64x2.lt(x, sp(0.0)), f64x2.gt(x, sp(-Infinity))), yInt);
  r = sel(nanMask, sp(NaN), r);
  // exact cases, as Math.pow: y = 2 -> x*x, 1 -> x, -1 -> 1/x, 0.5 -> sqrt(x) (x >= +0)
  r = sel(f64x2.eq(y, sp(2.0)), mul(x, x), r);
  r = sel(f64x2.eq(y, sp(1.0)), x, r);
  r = sel(f64x2.eq(y, sp(-1.0)), div(sp(1.0), x), r);
  r = sel(v128.andnot(f64x2.eq(y, sp(0.5)), negMask), f64x2.sqrt(x), r);
  r = sel(f64x2.eq(y, sp(0.0)), sp(1.0), r);
  return r;
}

// ---------------------------------------------------------------------------------------------
// sin, cos, tan

let gRh: v128 = i64x2.splat(0);
let gRl: v128 = i64x2.splat(0);

/** x = k*pi/2 + (gRh + gRl) for |x| <= TRIG_FAST_MAX; returns the low bits of k (quadrant). */
// @ts-ignore: decorator
@inline function reducePio2(x: v128): v128 {
  const k = f64x2.nearest(mul(x, sp(INVPIO2)));
  const a = sub(x, mul(k, sp(PIO2_1))); // exact
  const w2 = mul(k, sp(PIO2_2)); // exact
  const b = sub(a, w2);
  const berr = twoSumErr(a, f64x2.neg(w2), b);
  const c = sub(berr, mul(k, sp(PIO2_3)));
  const h = add(b, c);
  gRl = twoSumErr(b, c, h);
  gRh = h;
  return toIntBits(k);
}

/** sin(h + l), |h| <= ~pi/4, l tiny. */
// @ts-ignore: decorator
@inline function kernelSin(h: v128, l: v128): v128 {
  const z = mul(h, h);
  const v = mul(z, h);
  let r = madd(z, sp(S6), S5);
  r = madd(r, z, S4);
  r = madd(r, z, S3);
  r = madd(r, z, S2);
  r = madd(r, z, S1);
  // h - ((z*(l/2 - v*r) - l) - v*S0)
  return sub(h, sub(sub(mul(z, sub(mul(sp(0.5), l), mul(v, r))), l), mul(v, sp(S0))));
}

/** cos(h + l), |h| <= ~pi/4, l tiny. */
// @ts-ignore: decorator
@inline function kernelCos(h: v128, l: v128): v128 {
  const z = mul(h, h);
  let r = madd(z, sp(C6), C5);
  r = madd(r, z, C4);
  r = madd(r, z, C3);
  r = madd(r, z, C2);
  r = madd(r, z, C1);
  r = madd(r, z, C0);
  r = mul(z, r);
  const hz = mul(sp(0.5), z);
  const w = sub(sp(1.0), hz);
  return add(w, add(sub(sub(sp(1.0), w), hz), sub(mul(z, r), mul(h, l))));
}

// Lanes the fast reduction cannot take (|x| > TRIG_FAST_MAX, ±Infinity): computed one by one.
// @ts-ignore: decorator
@inline function needsSlow(x: v128): bool {
  return v128.any_true(f64x2.gt(vabs(x), sp(TRIG_FAST_MAX)));
}

// @ts-ignore: decorator
@inline function isOdd(q: v128): v128 { return i64x2.eq(v128.and(q, i64x2.splat(1)), i64x2.splat(1)); }

// @ts-ignore: decorator
@inline function slowLanes(x: v128, r: v128, which: i32): v128 {
  const big = f64x2.gt(vabs(x), sp(TRIG_FAST_MAX));
  if (i64x2.extract_lane(big, 0) != 0) r = f64x2.replace_lane(r, 0, scalarTrig(f64x2.extract_lane(x, 0), which));
  if (i64x2.extract_lane(big, 1) != 0) r = f64x2.replace_lane(r, 1, scalarTrig(f64x2.extract_lane(x, 1), which));
  return r;
}

// @ts-ignore: decorator
@inline function tiny(x: v128): v128 { return f64x2.lt(vabs(x), sp(1.4901161193847656e-8)); } // 2^-26

function scalarTrig(x: f64, which: i32): f64 {
  if (which == 0) return Math.sin(x);
  if (which == 1) return Math.cos(x);
  return Math.tan(x);
}

// @ts-ignore: decorator
@inline export function v_sin(x: v128): v128 {
  const q = reducePio2(x);
  const h = gRh;
  const l = gRl;
  const s = kernelSin(h, l);
  const c = kernelCos(h, l);
  let r = sel(isOdd(q), c, s);
  r = v128.xor(r, i64x2.shl(v128.and(q, i64x2.splat(2)), 62));
  r = sel(tiny(x), x, r); // also keeps the sign of -0
  if (needsSlow(x)) r = slowLanes(x, r, 0);
  return r;
}

// @ts-ignore: decorator
@inline export function v_cos(x: v128): v128 {
  const q = reducePio2(x);
  const h = gRh;
  const l = gRl;
  const s = kernelSin(h, l);
  const c = kernelCos(h, l);
  let r = sel(isOdd(q), s, c);
  r = v128.xor(r, i64x2.shl(v128.and(i64x2.add(q, i64x2.splat(1)), i64x2.splat(2)), 62));
  if (needsSlow(x)) r = slowLanes(x, r, 1);
  return r;
}

// @ts-ignore: decorator
@inline export function v_tan(x: v128): v128 {
  const q = reducePio2(x);
  const h = gRh;
  const l = gRl;
  const s = kernelSin(h, l);
  const c = kernelCos(h, l);
  const odd = isOdd(q);
  let r = div(sel(odd, f64x2.neg(c), s), sel(odd, s, c));
  r = sel(tiny(x), x, r);
  if (needsSlow(x)) r = slowLanes(x, r, 2);
  return r;
}

// ---------------------------------------------------------------------------------------------
// atan, asin, acos

// @ts-ignore: decorator
@inline export function v_atan(x: v128): v128 {
  const a = vabs(x);
  let num = a;
  let den = sp(1.0);
  let hi = sp(0.0);
  let lo = sp(0.0);
  // reduce to |t| <= 7/16 with atan(a) = atan(c) + atan((a - c)/(1 + c a))
  let m = f64x2.ge(a, sp(0.4375));
  num = sel(m, sub(add(a, a), sp(1.0)), num);
  den = sel(m, add(sp(2.0), a), den);
  hi = sel(m, sp(ATAN_HALF_HI), hi);
  lo = sel(m, sp(ATAN_HALF_LO), lo);
  m = f64x2.ge(a, sp(0.6875));
  num = sel(m, sub(a, sp(1.0)), num);
  den = sel(m, add(a, sp(1.0)), den);
  hi = sel(m, sp(PIO4_HI), hi);
  lo = sel(m, sp(PIO4_LO), lo);
  m = f64x2.ge(a, sp(1.1875));
  num = sel(m, sub(a, sp(1.5)), num);
  den = sel(m, add(sp(1.0), mul(sp(1.5), a)), den);
  hi = sel(m, sp(ATAN_ONEHALF_HI), hi);
  lo = sel(m, sp(ATAN_ONEHALF_LO), lo);
  m = f64x2.ge(a, sp(2.4375));
  num = sel(m, sp(-1.0), num);
  den = sel(m, a, den);
  hi = sel(m, sp(PIO2_HI), hi);
  lo = sel(m, sp(PIO2_LO), lo);
  const t = div(num, den);
  const z = mul(t, t);
  // A(z), degree 11, by Estrin's scheme
  const z2 = mul(z, z);
  const z4 = mul(z2, z2);
  const z8 = mul(z4, z4);
  const a03 = add(madd(z, sp(A1), A0), mul(z2, madd(z, sp(A3), A2)));
  const a47 = add(madd(z, sp(A5), A4), mul(z2, madd(z, sp(A7), A6)));
  const a8b = add(madd(z, sp(A9), A8), mul(z2, madd(z, sp(A11), A10)));
  const p = add(add(a03, mul(z4, a47)), mul(z8, a8b));
  // hi - ((t*z*p - lo) - t)
  const r = sub(hi, sub(sub(mul(mul(t, z), p), lo), t));
  return withSign(r, signOf(x));
}

/** z*P(z): asin(s) = s + s*asinR(s^2) for |s| <= 1/2. */
// @ts-ignore: decorator
@inline function asinR(z: v128): v128 {
  // P(z), degree 13, by Estrin's scheme
  const z2 = mul(z, z);
  const z4 = mul(z2, z2);
  const z8 = mul(z4, z4);
  const p03 = add(madd(z, sp(P1), P0), mul(z2, madd(z, sp(P3), P2)));
  const p47 = add(madd(z, sp(P5), P4), mul(z2, madd(z, sp(P7), P6)));
  const p8b = add(madd(z, sp(P9), P8), mul(z2, madd(z, sp(P11), P10)));
  const pcd = madd(z, sp(P13), P12);
  const p07 = add(p03, mul(z4, p47));
  const p8d = add(p8b, mul(z4, pcd));
  return mul(z, add(p07, mul(z8, p8d)));
}

// @ts-ignore: decorator
@inline export function v_asin(x: v128): v128 {
  const a = vabs(x);
  const small = f64x2.lt(a, sp(0.5));
  // small: z = a^2;  large: asin(a) = pi/2 - 2 asin(sqrt(z)), z = (1 - a)/2
  const z = sel(small, mul(a, a), mul(sub(sp(1.0), a), sp(0.5)));
  const r = asinR(z);
  const rs = add(a, mul(a, r));
  const s = f64x2.sqrt(z);
  // near 1: pio2_hi - (2(s + s r) - pio2_lo)
  const r1 = sub(sp(PIO2_HI), sub(mul(sp(2.0), add(s, mul(s, r))), sp(PIO2_LO)));
  // otherwise split s = w + c exactly-ish so that pi/4 - w loses nothing
  const w = trunc32(s);
  const c = div(sub(z, mul(w, w)), add(s, w));
  const p = sub(mul(mul(sp(2.0), s), r), sub(sp(PIO2_LO), mul(sp(2.0), c)));
  const q = sub(sp(PIO4_HI), mul(sp(2.0), w));
  const r2 = sub(sp(PIO4_HI), sub(p, q));
  const rl = sel(f64x2.ge(a, sp(0.975)), r1, r2);
  const res = sel(small, rs, rl);
  return withSign(res, signOf(x));
}

// @ts-ignore: decorator
@inline export function v_acos(x: v128): v128 {
  const a = vabs(x);
  const small = f64x2.lt(a, sp(0.5));
  const z = sel(small, mul(x, x), mul(sub(sp(1.0), a), sp(0.5)));
  const r = asinR(z);
  // |x| < 1/2: pio2_hi - (x - (pio2_lo - x r))
  const rs = sub(sp(PIO2_HI), sub(x, sub(sp(PIO2_LO), mul(x, r))));
  const s = f64x2.sqrt(z);
  // x <= -1/2: pi - 2(s + (r s - pio2_lo))
  const rn = sub(sp(2.0 * PIO2_HI), mul(sp(2.0), add(s, sub(mul(r, s), sp(PIO2_LO)))));
  // x >= 1/2: 2(w + (r s + c)), s = w + c
  const w = trunc32(s);
  let c = div(sub(z, mul(w, w)), add(s, w));
  c = sel(f64x2.eq(s, sp(0.0)), sp(0.0), c);
  const rp = mul(sp(2.0), add(w, add(mul(r, s), c)));
  return sel(small, rs, sel(f64x2.lt(x, sp(0.0)), rn, rp));
}

// ---------------------------------------------------------------------------------------------
// The exported functions (not inlined): what the fused tier imports.

export function m_exp(x: v128): v128 { return v_exp(x); }
export function m_log(x: v128): v128 { return v_log(x); }
export function m_sin(x: v128): v128 { return v_sin(x); }
export function m_cos(x: v128): v128 { return v_cos(x); }
export function m_tan(x: v128): v128 { return v_tan(x); }
export function m_tanh(x: v128): v128 { return v_tanh(x); }
export function m_sinh(x: v128): v128 { return v_sinh(x); }
export function m_cosh(x: v128): v128 { return v_cosh(x); }
export function m_atan(x: v128): v128 { return v_atan(x); }
export function m_asin(x: v128): v128 { return v_asin(x); }
export function m_acos(x: v128): v128 { return v_acos(x); }
export function m_pow(x: v128, y: v128): v128 { return v_pow(x, y); }
