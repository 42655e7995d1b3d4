import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Term } from './internal/store.js';
import { toJSON } from './json.js';
import { defineOperator } from './operators.js';
import { sympySymbol, toSympy } from './sympy.js';
import {
  PI, abs, add, call, cos, div, exp, float, int, log, mul, neg, pow, rat, sin, sqrt, sub, sym,
} from './terms.js';

const x = sym('x');
const y = sym('y');
const a = sym('a');
const b = sym('b');
defineOperator('sympy_test_f', 2);
defineOperator('sympy_test_c', 0);

const table: [string, Term, string][] = [
  ['symbol', x, 'x'],
  ['integer', int(42), '42'],
  ['negative integer', int(-7), '-7'],
  ['big integer', int(-(2n ** 100n)), '-1267650600228229401496703205376'],
  ['rational', rat(1, 3), 'Rational(1, 3)'],
  ['negative rational', rat(-1, 3), 'Rational(-1, 3)'],
  ['float', float(0.1), "Float('0.1', precision=53)"],
  ['17-digit float', float(0.1 + 0.2), "Float('0.30000000000000004', precision=53)"],
  ['integral float', float(-2), "Float('-2', precision=53)"],
  ['float with exponent', float(1.5e-7), "Float('1.5e-7', precision=53)"],
  ['-0', float(-0), "Float('-0.0', precision=53)"],
  ['nan', float(NaN), 'nan'],
  ['inf', float(Infinity), 'oo'],
  ['-inf', float(-Infinity), '-oo'],
  ['pi', PI, 'pi'],
  ['sum', add(x, y, int(1)), 'x + y + 1'],
  ['sum with negation', add(x, neg(y)), 'x - y'],
  ['sum with negative number', add(x, int(-3)), 'x - 3'],
  ['sum with negative product', add(x, mul(int(-2), y)), 'x - 2*y'],
  ['sum with -oo', add(x, float(-Infinity)), 'x - oo'],
  ['difference', sub(x, y), 'x - y'],
  ['difference of sum', sub(x, add(y, a)), 'x - (y + a)'],
  ['difference of negation', sub(x, neg(y)), 'x - (-y)'],
  ['difference of product', sub(x, mul(y, a)), 'x - y*a'],
  ['product', mul(int(2), x, y), '2*x*y'],
  ['product of sums', mul(add(x, int(1)), sub(y, int(1))), '(x + 1)*(y - 1)'],
  ['negative first factor', mul(neg(x), y), '-x*y'],
  ['negative later factor', mul(x, neg(y)), 'x*(-y)'],
  ['negative number factor', mul(x, int(-2)), 'x*(-2)'],
  ['negated product', neg(mul(x, y)), '-(x*y)'],
  ['product with quotient', mul(x, div(a, b)), 'x*a/b'],
  ['quotient', div(x, y), 'x/y'],
  ['quotient of product', div(x, mul(y, a)), 'x/(y*a)'],
  ['quotient of quotient', div(x, div(y, a)), 'x/(y/a)'],
  ['left-nested quotient', div(div(x, y), a), 'x/y/a'],
  ['quotient by negation', div(x, neg(y)), 'x/(-y)'],
  ['negated quotient', div(neg(x), y), '-x/y'],
  ['quotient of sums', div(add(x, int(1)), sub(x, int(1))), '(x + 1)/(x - 1)'],
  ['square', pow(x, int(2)), 'x**2'],
  ['power of sum', pow(add(x, int(1)), int(2)), '(x + 1)**2'],
  ['power of negation', pow(neg(x), int(2)), '(-x)**2'],
  ['power of negative number', pow(int(-2), x), '(-2)**x'],
  ['power of rational', pow(rat(1, 2), x), 'Rational(1, 2)**x'],
  ['power of power', pow(pow(x, y), a), '(x**y)**a'],
  ['power tower', pow(x, pow(y, a)), 'x**y**a'],
  ['negative exponent', pow(x, int(-1)), 'x**(-1)'],
  ['product exponent', pow(x, mul(y, a)), 'x**(y*a)'],
  ['negated power', neg(pow(x, int(2))), '-x**2'],
  ['double negation', neg(neg(x)), '-(-x)'],
  ['negated sum', neg(add(x, y)), '-(x + y)'],
  ['negated negative number', neg(int(-3)), '-(-3)'],
  ['negated function', neg(sin(x)), '-sin(x)'],
  ['functions', add(sin(x), cos(x), call('tan', x)), 'sin(x) + cos(x) + tan(x)'],
  ['inverse trig', add(call('asin', x), call('acos', x), call('atan', x)), 'asin(x) + acos(x) + atan(x)'],
  ['hyperbolic', add(call('sinh', x), call('cosh', x), call('tanh', x)), 'sinh(x) + cosh(x) + tanh(x)'],
  ['exp log sqrt', mul(exp(x), log(x), sqrt(x)), 'exp(x)*log(x)*sqrt(x)'],
  ['abs', abs(sub(x, y)), 'Abs(x - y)'],
  ['min max', call('min', x, call('max', y, int(0))), 'Min(x, Max(y, 0))'],
  ['user operator', call('sympy_test_f', x, neg(y)), "Function('sympy_test_f')(x, -y)"],
  ['user constant', call('sympy_test_c'), "Function('sympy_test_c')()"],
  ['colliding symbols', add(sym('E'), sym('I'), sym('S'), sym('lambda')), "Symbol('E') + Symbol('I') + Symbol('S') + Symbol('lambda')"],
  ['mixed', add(pow(x, int(2)), mul(rat(1, 3), sin(sym('E')))), "x**2 + Rational(1, 3)*sin(Symbol('E'))"],
];

describe('toSympy', () => {
  it.each(table)('%s', (_name, t, expected) => {
    expect(toSympy(t)).toBe(expected);
  });

  it('writes subnormal floats exactly', () => {
    expect(toSympy(float(5e-324))).toBe(`Float('${5n ** 1074n}e-1074', precision=53)`);
    expect(toSympy(float(-(2 ** -1022)))).toBe(`Float('-${5n ** 1022n}e-1022', precision=53)`);
    expect(toSympy(float(2 ** -1021))).toBe(`Float('${2 ** -1021}', precision=53)`);
  });
});

describe('sympySymbol', () => {
  it.each([
    ['x', 'x'],
    ['X', 'X'],
    ['x1', 'x1'],
    ['x_12', 'x_12'],
    ['theta', 'theta'],
    ['theta_0', 'theta_0'],
    ['alpha2', 'alpha2'],
    ['E', "Symbol('E')"],
    ['E1', "Symbol('E1')"],
    ['I', "Symbol('I')"],
    ['N', "Symbol('N')"],
    ['O', "Symbol('O')"],
    ['Q', "Symbol('Q')"],
    ['S', "Symbol('S')"],
    ['pi', "Symbol('pi')"],
    ['beta', "Symbol('beta')"],
    ['gamma', "Symbol('gamma')"],
    ['zeta', "Symbol('zeta')"],
    ['lambda', "Symbol('lambda')"],
    ['Theta', "Symbol('Theta')"],
    ['mass', "Symbol('mass')"],
    ['min', "Symbol('min')"],
    ['Symbol', "Symbol('Symbol')"],
    ['xy', "Symbol('xy')"],
    ['x_a', "Symbol('x_a')"],
    ['_x', "Symbol('_x')"],
    ['1x', "Symbol('1x')"],
    ['a b', "Symbol('a b')"],
    ["it's", "Symbol('it\\'s')"],
    ['back\\slash', "Symbol('back\\\\slash')"],
    ['tab\there', "Symbol('tab\\x09here')"],
    ['θ', "Symbol('\\u03b8')"],
    ['😀', "Symbol('\\U0001f600')"],
    ['\ud800', "Symbol('\\ud800')"],
  ])('%s -> %s', (name, expected) => {
    expect(sympySymbol(name)).toBe(expected);
  });
});

describe('depth safety', () => {
  it('prints a 100,000-deep term', () => {
    const n = 100_000;
    let t: Term = x;
    for (let i = 0; i < n; i++) t = sin(t);
    expect(toSympy(t)).toBe('sin('.repeat(n) + 'x' + ')'.repeat(n));
    let u: Term = x;
    for (let i = 0; i < n; i++) u = i % 3 === 0 ? sub(int(1), u) : i % 3 === 1 ? pow(u, int(2)) : neg(u);
    expect(toSympy(u).startsWith('1 - (-(1 - (-')).toBe(true);
    // variadic and multi-argument calls at depth (a join per level would be quadratic)
    let v: Term = x;
    for (let i = 0; i < n; i++) v = i % 3 === 0 ? add(v, y) : i % 3 === 1 ? mul(a, v, b) : call('max', v, int(1));
    const w = toSympy(v);
    expect(w.startsWith('Max(a*(Max(a*(')).toBe(true);
    expect(w.endsWith(' + y)*b, 1) + y')).toBe(true);
  }, 60_000);

  it('prints a 100,000-argument sum', () => {
    const n = 100_000;
    const args: Term[] = [];
    for (let i = 0; i < n; i++) args.push(i % 2 === 0 ? sym(`x${i}`) : int(-i));
    const s = toSympy(add(...args));
    expect(s.startsWith('x0 - 1 + x2 - 3')).toBe(true);
    expect(s.endsWith('x99998 - 99999')).toBe(true);
    expect(toSympy(mul(...args)).startsWith('x0*(-1)*x2')).toBe(true);
  }, 60_000);
});

// ---- against real SymPy --------------------------------------------------------------------

const PYTHON = process.env.SYMX_PYTHON ?? '/usr/bin/python3';
const hasSympy = spawnSync(PYTHON, ['-c', 'import sympy'], { stdio: 'ignore' }).status === 0;

/**
 * Reads three batches from stdin and checks each with sympify:
 * - exact: sympify(s) == Rational(n, d), and is a Rational;
 * - floats: sympify(s) is a 53-bit Float with exactly the double's bits (nan/oo/-oo for the
 *   non-finite ones; SymPy has no -0, so -0.0 must read as zero);
 * - terms: sympify(s) is structurally equal (==) to the same term built directly from its JSON
 *   DAG with SymPy's constructors; if not (float rounding may differ with the grouping of
 *   nested sums), the two must agree numerically at a point.
 * Prints a JSON report of failures.
 */
const CHECKER = String.raw`
import json, math, struct, sys, random
from sympy import (sympify, Rational, Integer, Float, Symbol, Function, nan, oo, pi, sin, cos, tan,
    asin, acos, atan, sinh, cosh, tanh, exp, log, sqrt, Abs, Min, Max, N, I)
data = json.load(sys.stdin)
fails = []

for s, n, d in data['exact']:
    v = sympify(s)
    if not (v.is_Rational and v == Rational(int(n), int(d))):
        fails.append(['exact', s, str(v)])

for s, h in data['floats']:
    x = struct.unpack('>d', bytes.fromhex(h))[0]
    v = sympify(s)
    if math.isnan(x): ok = v is nan
    elif math.isinf(x): ok = v == (oo if x > 0 else -oo)
    elif x == 0: ok = v.is_Float and v == 0
    else: ok = v.is_Float and v._prec == 53 and v._mpf_ == Float(x)._mpf_ and float(v) == x
    if not ok: fails.append(['float', s, h, repr(v)])

FUNCS = {'sin': sin, 'cos': cos, 'tan': tan, 'asin': asin, 'acos': acos, 'atan': atan, 'sinh': sinh,
    'cosh': cosh, 'tanh': tanh, 'exp': exp, 'log': log, 'sqrt': sqrt, 'abs': Abs, 'min': Min, 'max': Max}
SPECIAL = {'nan': nan, 'inf': oo, '-inf': -oo, '-0': Float(-0.0)}
def leaf(node):
    if 'sym' in node: return Symbol(node['sym'])
    if 'int' in node: return Integer(int(node['int']))
    if 'rat' in node: return Rational(int(node['rat'][0]), int(node['rat'][1]))
    f = node['float']
    return SPECIAL[f] if isinstance(f, str) else Float(float(f))
def build(dag):
    built = []
    for node in dag['nodes']:
        if 'op' not in node:
            built.append(leaf(node)); continue
        op, a = node['op'], [built[i] for i in node['args']]
        if op == 'add':
            r = a[0]
            for t in a[1:]: r = r + t
        elif op == 'mul':
            r = a[0]
            for t in a[1:]: r = r * t
        elif op == 'sub': r = a[0] - a[1]
        elif op == 'div': r = a[0] / a[1]
        elif op == 'pow': r = a[0] ** a[1]
        elif op == 'neg': r = -a[0]
        elif op == 'pi': r = pi
        elif op in FUNCS: r = FUNCS[op](*a)
        else: r = Function(op)(*a)
        built.append(r)
    return built[dag['root']]

rng = random.Random(1)
fallbacks = 0
refused = 0
for s, dag in data['terms']:
    try:
        got = sympify(s)
    except Exception as e:
        # SymPy refuses some expressions however they are built (Min/Max of complex values):
        # fine when building the term directly fails the same way.
        try:
            build(dag)
            fails.append(['term', s, 'sympify raised ' + repr(e)])
        except Exception as e2:
            if type(e2) is not type(e): fails.append(['term', s, repr(e), repr(e2)])
            refused += 1
        continue
    want = build(dag)
    if got == want: continue
    fallbacks += 1
    point = {v: Rational(rng.randint(1, 9), rng.randint(1, 4)) for v in got.free_symbols | want.free_symbols}
    try:
        g, w = complex(N(got.subs(point), 30)), complex(N(want.subs(point), 30))
        ok = abs(g - w) <= 1e-9 * max(1.0, abs(w)) or (str(g) == str(w))
    except Exception:
        ok = str(N(got.subs(point), 30)) == str(N(want.subs(point), 30))
    if not ok: fails.append(['term', s, str(got), str(want)])
print(json.dumps({'fails': fails, 'fallbacks': fallbacks, 'refused': refused, 'counts': [len(data['exact']), len(data['floats']), len(data['terms'])]}))
`;

function hex(v: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  let s = '';
  for (let i = 0; i < 8; i++) s += view.getUint8(i).toString(16).padStart(2, '0');
  return s;
}

const NAMES = ['x', 'y', 'x1', 'x_2', 'theta', 'E', 'I', 'S', 'N', 'O', 'Q', 'pi', 'gamma', 'lambda', 'min',
  'sum', 'Symbol', 'mass', 'a b', "it's", 'back\\slash', 'θ', '😀', 'x"y'];
const UNARY = ['neg', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'sqrt', 'abs'];

/** Random terms whose SymPy evaluation stays cheap (small exponents, moderate integers). */
const termArb: fc.Arbitrary<Term> = fc.letrec<{ t: Term }>((tie) => {
  const leaf = fc.oneof(
    fc.constantFrom(...NAMES).map(sym),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(int),
    fc.tuple(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: 1n, max: 1000n })).map(([n, d]) => rat(n, d)),
    fc.double().map(float),
    fc.constant(PI),
  );
  const exponent = fc.oneof(
    fc.integer({ min: -3, max: 3 }).map(int),
    fc.constantFrom(rat(1, 2), rat(-1, 3), float(0.5), float(-1.5), x, y),
  );
  return {
    t: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.tuple(fc.constantFrom(...UNARY), tie('t')).map(([op, u]) => call(op, u)),
      fc.tuple(fc.constantFrom('sub', 'div', 'min', 'max', 'sympy_test_f'), tie('t'), tie('t')).map(([op, u, v]) => call(op, u, v)),
      fc.tuple(tie('t'), exponent).map(([u, e]) => pow(u, e)),
      fc.tuple(fc.constantFrom('add', 'mul'), fc.array(tie('t'), { minLength: 2, maxLength: 4 })).map(([op, as]) => call(op, ...as)),
    ),
  };
}).t;

describe('SymPy reads toSympy output back exactly', () => {
  it.skipIf(!hasSympy)(
    `sympify agrees on numbers and random terms${hasSympy ? '' : ` (SKIPPED: no SymPy for ${PYTHON}; apt-get install python3-sympy, or set SYMX_PYTHON)`}`,
    () => {
      const exactValues: [bigint, bigint][] = [[0n, 1n], [1n, 1n], [-1n, 1n], [1n, 3n], [-7n, 2n], [2n ** 200n, 3n ** 50n], [-(10n ** 40n), 1n]];
      for (const [n, d] of fc.sample(fc.tuple(fc.bigInt(), fc.bigInt({ min: 1n, max: 2n ** 80n })), { seed: 3, numRuns: 100 })) exactValues.push([n, d]);
      const exact = exactValues.map(([n, d]) => {
        const t = rat(n, d);
        const r = t.value as { n: bigint; d: bigint };
        return [toSympy(t), r.n.toString(), r.d.toString()];
      });
      const floatValues = [0.1, 0.2, 0.1 + 0.2, 1 / 3, -1.5, 2, 1e21, 1e-7, 123456789012345680000, 1.7976931348623157e308,
        -1.7976931348623157e308, 5e-324, -5e-324, 2 ** -1022, 2 ** -1022 - 2 ** -1074, 2 ** -1021, 2 ** -1021 + 2 ** -1073,
        2.2250738585072014e-308, 4.9406564584124654e-324, Number.EPSILON, 1 + Number.EPSILON, 9007199254740993, Math.PI,
        NaN, Infinity, -Infinity, 0, -0];
      floatValues.push(...fc.sample(fc.double(), { seed: 5, numRuns: 400 }));
      const floats = floatValues.map((v) => [toSympy(float(v)), hex(v)]);
      const terms = fc.sample(termArb, { seed: 7, numRuns: 300 }).map((t) => [toSympy(t), toJSON(t, { form: 'dag' })]);
      const r = spawnSync(PYTHON, ['-c', CHECKER], {
        input: JSON.stringify({ exact, floats, terms }),
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        timeout: 120_000,
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const report = JSON.parse(r.stdout) as { fails: unknown[]; fallbacks: number; refused: number; counts: number[] };
      console.log(`SymPy check: ${JSON.stringify(report.counts)} exact/float/term cases, ${report.fallbacks} compared numerically, ${report.refused} refused by SymPy either way`);
      expect(report.fails).toEqual([]);
      expect(report.counts).toEqual([exact.length, floats.length, terms.length]);
      // structural equality should be the rule, the numeric fallback the exception
      expect(report.fallbacks).toBeLessThan(terms.length / 10);
      expect(report.refused).toBeLessThan(terms.length / 10);
    },
    180_000,
  );
});
