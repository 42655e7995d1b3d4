"""Derives the constants of assembly/math.ts: the polynomial kernels (Chebyshev fits in 80-digit
arithmetic, each with its max abs error) and the split constants of the argument reductions.

Run: python3 packages/wasm-eval/scripts/fit-math.py   (needs mpmath). Prints AssemblyScript
constant declarations; paste them into assembly/math.ts.
"""
from mpmath import mp, mpf, chebyfit, sin, cos, atan, asin, sqrt, log, exp, atanh, expm1

mp.dps = 80


def fit(name, f, a, b, deg):
    poly, err = chebyfit(f, [mpf(a), mpf(b)], deg + 1, error=True)
    coeffs = list(reversed(poly))  # ascending
    print(f"// {name}: degree {deg} on [{a}, {b}], max abs error {mp.nstr(err, 3)}")
    for i, c in enumerate(coeffs):
        print(f"const {name}{i}: f64 = {mp.nstr(c, 20, strip_zeros=False, min_fixed=-1, max_fixed=0)};")
    print()


def safe(g, taylor):
    # g has a removable singularity at 0: use the series there
    return lambda z: taylor(z) if abs(z) < mpf('1e-30') else g(z)


half_ln2 = log(2) / 2
# expm1(r) = r + r^2 * E(r)
fit('E', safe(lambda r: (expm1(r) - r) / r**2, lambda r: mpf(1) / 2), -half_ln2 - mpf('1e-3'), half_ln2 + mpf('1e-3'), 11)

smax = (sqrt(2) - 1) / (sqrt(2) + 1)
zmax = smax**2 * mpf('1.0001')
# log(1+f) = f - hfsq + s*(hfsq + z*L(z)), z = s^2, L(z) = (2atanh(s)/s - 2)/z
fit('L', safe(lambda z: (2 * atanh(sqrt(z)) / sqrt(z) - 2) / z, lambda z: mpf(2) / 3), 0, zmax, 6)
# double-double log for pow: 2atanh(s) = 2s + 2s^3/3 + s^5 T(z)
fit('T', safe(lambda z: (2 * atanh(sqrt(z)) - 2 * sqrt(z) - 2 * sqrt(z)**3 / 3) / sqrt(z)**5, lambda z: mpf(2) / 5), 0, zmax, 6)

pio4sq = (mp.pi / 4)**2 * mpf('1.0001')
# sin(x) = x + x^3 * S(z), z = x^2
fit('S', safe(lambda z: (sin(sqrt(z)) - sqrt(z)) / sqrt(z)**3, lambda z: -mpf(1) / 6), 0, pio4sq, 6)
# cos(x) = 1 - z/2 + z^2 * C(z)
fit('C', safe(lambda z: (cos(sqrt(z)) - 1 + z / 2) / z**2, lambda z: mpf(1) / 24), 0, pio4sq, 6)
# atan(t) = t - t * z * A(z), |t| <= 7/16
fit('A', safe(lambda z: (sqrt(z) - atan(sqrt(z))) / sqrt(z)**3, lambda z: mpf(1) / 3), 0, (mpf(7) / 16)**2 * mpf('1.0001'), 11)
# asin(s) = s + s * z * P(z), |s| <= 1/2
fit('P', safe(lambda z: (asin(sqrt(z)) - sqrt(z)) / sqrt(z)**3, lambda z: mpf(1) / 6), 0, mpf('0.25') * mpf('1.0001'), 13)


def split(name, v, bits):
    """v = hi + lo with hi truncated to `bits` significant bits (so k*hi is exact for small k)."""
    m, e = mp.frexp(v)
    hi = mp.ldexp(mp.floor(m * 2**bits), e - bits)
    print(f"const {name}_HI: f64 = {repr(float(hi))};  const {name}_LO: f64 = {repr(float(v - hi))};")


def hilo(name, v):
    hi = mpf(float(v))
    print(f"const {name}_HI: f64 = {repr(float(hi))};  const {name}_LO: f64 = {repr(float(v - hi))};")


print("// reduction constants")
split('LN2', log(2), 32)
split('LN2_42', log(2), 42)
p1 = mp.ldexp(mp.floor(mp.frexp(mp.pi / 2)[0] * 2**33), mp.frexp(mp.pi / 2)[1] - 33)
rest = mp.pi / 2 - p1
p2 = mp.ldexp(mp.floor(mp.frexp(rest)[0] * 2**33), mp.frexp(rest)[1] - 33)
print(f"const PIO2_1: f64 = {repr(float(p1))};  const PIO2_2: f64 = {repr(float(p2))};  const PIO2_3: f64 = {repr(float(mp.pi / 2 - p1 - p2))};")
for name, v in [('PIO2', mp.pi / 2), ('PIO4', mp.pi / 4), ('ATAN_HALF', atan(mpf(1) / 2)), ('ATAN_ONEHALF', atan(mpf(3) / 2)), ('TWO_THIRDS', mpf(2) / 3)]:
    hilo(name, v)
