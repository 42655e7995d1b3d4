import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineOperator } from './operators.js';
import { format } from './format.js';
import { parse } from './parse.js';
import {
  type Term,
  PI,
  TermStore,
  abs,
  add,
  call,
  div,
  exp,
  float,
  int,
  log,
  mul,
  neg,
  pow,
  rat,
  sin,
  sqrt,
  sub,
  sym,
} from './terms.js';

// User operators, including names that are not identifiers (printed as quoted callees).
defineOperator('dd', 2);
defineOperator('d/dx', 1);
defineOperator('E0', 0);
defineOperator('Ω', 0);
defineOperator('`q', 1);
defineOperator('f3', -1);

const x = sym('x');
const y = sym('y');
const z = sym('z');
const a = sym('a');
const b = sym('b');
const c = sym('c');

describe('format: style and minimal parentheses', () => {
  const cases: [Term, string][] = [
    [sub(add(pow(x, int(2)), mul(int(3), x)), int(1)), 'x^2 + 3*x - 1'],
    [add(a, b, c), 'a + b + c'],
    [add(add(a, b), c), '(a + b) + c'],
    [add(a, add(b, c)), 'a + (b + c)'],
    [add(sub(a, b), c), 'a - b + c'],
    [add(a, sub(b, c)), 'a + (b - c)'],
    [sub(add(a, b), c), 'a + b - c'],
    [sub(sub(a, b), c), 'a - b - c'],
    [sub(a, sub(b, c)), 'a - (b - c)'],
    [sub(a, add(b, c)), 'a - (b + c)'],
    [mul(a, b, c), 'a*b*c'],
    [mul(mul(a, b), c), '(a*b)*c'],
    [mul(a, mul(b, c)), 'a*(b*c)'],
    [mul(div(a, b), c), 'a/b*c'],
    [mul(a, div(b, c)), 'a*(b/c)'],
    [div(mul(a, b), c), 'a*b/c'],
    [div(a, mul(b, c)), 'a/(b*c)'],
    [div(div(a, b), c), 'a/b/c'],
    [div(a, div(b, c)), 'a/(b/c)'],
    [mul(add(a, b), sub(a, b)), '(a + b)*(a - b)'],
    [add(mul(a, b), mul(b, c)), 'a*b + b*c'],
    [pow(x, pow(y, z)), 'x^y^z'],
    [pow(pow(x, y), z), '(x^y)^z'],
    [pow(neg(x), int(2)), '(-x)^2'],
    [neg(pow(x, int(2))), '-x^2'],
    [pow(int(-2), x), '(-2)^x'],
    [pow(rat(1, 3), x), '(1/3)^x'],
    [pow(float(1.5), x), '1.5^x'],
    [pow(float(-1.5), x), '(-1.5)^x'],
    [pow(float(Infinity), x), 'inf^x'],
    [pow(float(-Infinity), x), '(-inf)^x'],
    [pow(mul(a, b), c), '(a*b)^c'],
    [pow(sin(x), int(2)), 'sin(x)^2'],
    [pow(PI, x), 'pi^x'],
    [pow(x, int(-2)), 'x^-2'],
    [pow(x, float(-0.5)), 'x^-0.5'],
    [pow(x, neg(y)), 'x^(-y)'],
    [pow(x, rat(1, 3)), 'x^(1/3)'],
    [pow(x, rat(-1, 3)), 'x^(-1/3)'],
    [pow(x, mul(y, z)), 'x^(y*z)'],
    [neg(int(2)), '-(2)'],
    [neg(int(-2)), '-(-2)'],
    [neg(rat(1, 3)), '-(1/3)'],
    [neg(float(1.5)), '-(1.5)'],
    [neg(neg(x)), '--x'],
    [neg(neg(neg(int(2)))), '---(2)'],
    [neg(add(x, y)), '-(x + y)'],
    [neg(mul(x, y)), '-(x*y)'],
    [mul(neg(x), y), '-x*y'],
    [mul(x, neg(y)), 'x*-y'],
    [sub(x, neg(y)), 'x - -y'],
    [add(x, int(-2)), 'x + -2'],
    [sub(x, int(-2)), 'x - -2'],
    [mul(x, int(-2)), 'x*-2'],
    [mul(int(-2), x), '-2*x'],
    [div(x, int(-2)), 'x/-2'],
    [neg(sin(x)), '-sin(x)'],
    [neg(PI), '-pi'],
    [rat(1, 3), '1/3'],
    [rat(-1, 3), '-1/3'],
    [mul(rat(1, 3), x), '1/3*x'],
    [mul(x, rat(1, 3)), 'x*(1/3)'],
    [div(mul(x, int(1)), int(3)), 'x*1/3'],
    [div(int(1), int(3)), '1/(3)'],
    [div(int(-1), int(3)), '-1/(3)'],
    [div(int(1), int(-3)), '1/(-3)'],
    [div(int(1), int(0)), '1/0'],
    [div(int(0), int(0)), '0/0'],
    [div(rat(1, 3), int(3)), '1/3/3'],
    [div(int(3), rat(1, 3)), '3/(1/3)'],
    [div(float(1), int(3)), '1.0/3'],
    [add(x, rat(1, 3)), 'x + 1/3'],
    [sub(x, rat(-1, 3)), 'x - -1/3'],
    [int(123456789012345678901234n), '123456789012345678901234'],
    [float(1), '1.0'],
    [float(-0), '-0.0'],
    [float(0.1), '0.1'],
    [float(1e21), '1e+21'],
    [float(5e-324), '5e-324'],
    [float(NaN), 'nan'],
    [float(-Infinity), '-inf'],
    [sin(x), 'sin(x)'],
    [call('min', x, add(y, z)), 'min(x, y + z)'],
    [sqrt(add(pow(x, int(2)), pow(y, int(2)))), 'sqrt(x^2 + y^2)'],
    [exp(neg(div(x, y))), 'exp(-(x/y))'],
    [log(abs(x)), 'log(abs(x))'],
    [PI, 'pi'],
    [call('dd', x, y), 'dd(x, y)'],
    [call('d/dx', x), '`d/dx`(x)'],
    [call('E0'), 'E0'],
    [call('Ω'), '`Ω`()'],
    [call('`q', x), '```q`(x)'],
    [call('f3', x, y, z), 'f3(x, y, z)'],
    [sym('x_1'), 'x_1'],
    [sym('a b'), '`a b`'],
    [sym('sin'), '`sin`'],
    [sym('pi'), '`pi`'],
    [sym('inf'), '`inf`'],
    [sym('nan'), '`nan`'],
    [sym('add'), '`add`'],
    [sym('E0'), '`E0`'],
    [sym('a`b'), '`a``b`'],
    [sym('`'), '````'],
    [sym('1x'), '`1x`'],
    [sym('~x'), '`~x`'],
    [mul(rat(1, 3), sym('my var')), '1/3*`my var`'],
  ];
  for (const [t, expected] of cases)
    it(expected, () => {
      expect(format(t)).toBe(expected);
      expect(parse(format(t))).toBe(t);
    });

  it('is Term.prototype.toString', () => {
    expect(String(add(x, int(1)))).toBe('x + 1');
    expect(`${pow(x, int(2))}`).toBe('x^2');
  });

  it('prints slot symbols bare with { slots: true }', () => {
    const t = add(mul(sym('~c:positive'), sym('~x')), sym('~~rest'));
    expect(format(t, { slots: true })).toBe('~c:positive*~x + ~~rest');
    expect(format(t)).toBe('`~c:positive`*`~x` + `~~rest`');
    expect(parse(format(t, { slots: true }), { slots: true })).toBe(t);
    expect(format(sym('~x:'), { slots: true })).toBe('`~x:`'); // not a slot token
  });
});

// ---- random terms -------------------------------------------------------------------------------

const bigint = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
const numberLeaf: fc.Arbitrary<Term> = fc.oneof(
  fc.integer({ min: -5, max: 20 }).map((n) => int(n)),
  bigint.map((n) => int(n)),
  fc.tuple(bigint, bigint.filter((d) => d !== 0n)).map(([n, d]) => rat(n, d)),
  fc.tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: 1, max: 9 })).map(([n, d]) => rat(n, d)),
  fc.double().map((v) => float(v)),
  fc.constantFrom(0, -0, 1e21, -1e21, 5e-324, 0.1, 1e-7, 123.456, Infinity, -Infinity, NaN, 2 ** 53).map((v) => float(v)),
);
const symbolLeaf: fc.Arbitrary<Term> = fc.oneof(
  fc.constantFrom('x', 'y', 'x_1', '_', 'Z9'),
  fc.constantFrom('inf', 'nan', 'sin', 'pi', 'add', 'E0', 'dd', 'a b', '`', '``x', '~x', '~~xs', '~n:integer', '1x', 'é', '\u0000', '\ud800', ' ', '(', ')'),
  fc.string({ minLength: 1, maxLength: 6, unit: 'binary' }),
).map((name) => sym(name));
const leaf = fc.oneof({ weight: 3, arbitrary: symbolLeaf }, { weight: 3, arbitrary: numberLeaf }, { weight: 1, arbitrary: fc.constantFrom(PI, call('E0'), call('Ω')) });

const unaryOps = ['neg', 'neg', 'sin', 'cos', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'd/dx', '`q'];
const binaryOps = ['sub', 'div', 'pow', 'pow', 'min', 'max', 'dd'];
const variadicOps = ['add', 'mul', 'f3'];

const { term } = fc.letrec<{ term: Term }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom(...unaryOps), tie('term')).map(([op, t]) => call(op, t)),
    fc.tuple(fc.constantFrom(...binaryOps), tie('term'), tie('term')).map(([op, p, q]) => call(op, p, q)),
    fc.tuple(fc.constantFrom(...variadicOps), fc.array(tie('term'), { minLength: 2, maxLength: 4 })).map(([op, ts]) => call(op, ...ts)),
    // same-operator nesting, where flattening and associativity bite
    fc.tuple(fc.constantFrom('add', 'mul', 'sub', 'div', 'pow'), tie('term'), tie('term'), tie('term'), fc.boolean()).map(
      ([op, p, q, r, left]) => {
        const arity2 = op === 'sub' || op === 'div' || op === 'pow';
        const inner = call(op, p, q);
        return left ? call(op, inner, r) : arity2 ? call(op, r, inner) : call(op, r, inner, p);
      },
    ),
  ),
}));

/** Removes the parenthesis pair opening at `open` (which must not be a call's). */
function withoutParens(s: string, open: number): string {
  let depth = 0;
  let inQuote = false;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (ch === '`') inQuote = !inQuote;
    if (inQuote) continue;
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return s.slice(0, open) + s.slice(open + 1, i) + s.slice(i + 1);
  }
  throw new Error('unbalanced');
}

describe('format: properties', () => {
  it('parse(format(t)) === t for random terms', () => {
    fc.assert(
      fc.property(term, (t) => {
        const s = format(t);
        const back = parse(s);
        if (back !== t) expect.fail(`${s} re-parses as ${format(back)}`);
      }),
      { numRuns: 500 },
    );
  });

  it('every grouping parenthesis is needed (except the readability ones of x^(-y) and -(-2))', () => {
    fc.assert(
      fc.property(term, (t) => {
        const s = format(t);
        let inQuote = false;
        for (let i = 0; i < s.length; i++) {
          if (s[i] === '`') inQuote = !inQuote;
          if (inQuote || s[i] !== '(') continue;
          const before = s[i - 1] ?? '';
          if (/[A-Za-z0-9_`]/.test(before)) continue; // a call's parenthesis
          if (before === '^' && s[i + 1] === '-') continue; // x^(-y): chosen for readability
          if (before === '-' && s[i + 1] === '-' && /[0-9.i]/.test(s[i + 2])) continue; // -(-2), not --2
          let same = false;
          try {
            same = parse(withoutParens(s, i)) === t;
          } catch {
            // no longer parses: the parentheses were needed
          }
          if (same) expect.fail(`the parentheses at ${i} of ${s} are not needed`);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('format: depth and size (iterative, linear)', () => {
  // Right-nested chains (neg, calls, powers) and a flat 100,000-term sum are round-tripped in
  // parse.test.ts; here the shapes that need 100,000 nested parentheses.
  const N = 100_000;
  // Generous: the machine may be shared; the work itself is linear (about a second unloaded).
  const DEPTH_TIMEOUT = 60_000;

  it('left-nested sums and powers', () => {
    const s = new TermStore();
    const x = s.symbol('x');
    const two = s.integer(2);
    let sums = x;
    let pows = x;
    for (let i = 0; i < N; i++) {
      sums = s.call2('add', sums, x);
      pows = s.call2('pow', pows, two);
    }
    const sumText = format(sums);
    expect(sumText).toBe('('.repeat(N - 1) + 'x + x' + ') + x'.repeat(N - 1));
    expect(parse(sumText, { store: s })).toBe(sums);
    const powText = format(pows);
    expect(powText).toBe('('.repeat(N - 1) + 'x^2' + ')^2'.repeat(N - 1));
    expect(parse(powText, { store: s })).toBe(pows);
  }, DEPTH_TIMEOUT);

  it('a 100,000-term sum of products', () => {
    const s = new TermStore();
    const args: Term[] = [];
    for (let i = 0; i < N; i++) args.push(s.call2('mul', s.integer(i), s.symbol(`x${i % 100}`)));
    const sum = s.call('add', args);
    const text = format(sum);
    expect(text.split(' + ').length).toBe(N);
    expect(parse(text, { store: s })).toBe(sum);
  }, DEPTH_TIMEOUT);
});
