// The calls syntax: GP frameworks' printed expressions, Python repr constants read exactly,
// errors with positions, any depth, and printing back (formatCalls) as a round trip.
import { type Term, call, float, int, neg, parse, sym } from '@symx/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCalls } from './callsFormat.js';
import { type FloatLiteral, parseCalls } from './callsSyntax.js';
import { Vocabulary } from './vocabulary.js';

/** Python's repr of a float: the shortest round-trip digits, fixed notation for exponents in [-4, 16). */
function pyRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Object.is(v, -0)) return '-0.0';
  const [mantissa, expText] = v.toExponential().split('e');
  const exp = Number(expText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    return `${sign}${int}.${frac === '' ? '0' : frac}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

describe('reading', () => {
  it('nested calls of symx operators', () => {
    expect(parseCalls('add(mul(x, x), sin(-0.107))')).toBe(parse('x*x + sin(-0.107)'));
    expect(parseCalls(' add ( x ,\n y ) ')).toBe(call('add', sym('x'), sym('y')));
    expect(parseCalls('pi')).toBe(call('pi'));
    expect(parseCalls('pow(x, 2)')).toBe(call('pow', sym('x'), int(2)));
  });

  it('Python repr constants, exactly', () => {
    const cases: [string, number][] = [
      ['1.5e-05', 1.5e-5],
      ['-0.10730000000000001', -0.10730000000000001],
      ['1e+100', 1e100],
      ['5e-324', 5e-324],
      ['1.7976931348623157e+308', 1.7976931348623157e308],
      ['2.0', 2],
      ['0.1', 0.1],
    ];
    for (const [text, v] of cases) expect(parseCalls(text), text).toBe(float(v));
    expect(Object.is(parseCalls('-0.0').value, -0)).toBe(true);
    expect(parseCalls('inf')).toBe(float(Infinity));
    expect(parseCalls('-inf')).toBe(float(-Infinity));
    expect(Number.isNaN(parseCalls('nan').value)).toBe(true);
  });

  it('every double written as Python repr reads back as itself', () => {
    fc.assert(
      fc.property(fc.double(), (v) => {
        const t = parseCalls(pyRepr(v));
        expect(Object.is(t.value, v) || (Number.isNaN(v) && Number.isNaN(t.value as number))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('integers are exact, of any size; floats inside numpy reprs', () => {
    expect(parseCalls('3')).toBe(int(3));
    expect(parseCalls('-12')).toBe(int(-12));
    expect(parseCalls('123456789012345678901234567890')).toBe(int(123456789012345678901234567890n));
    expect(parseCalls('np.float64(0.5)')).toBe(float(0.5));
    expect(parseCalls('np.float64(1)')).toBe(float(1));
    expect(parseCalls('np.float32(-2.5)')).toBe(float(-2.5));
    expect(parseCalls('np.int64(3)')).toBe(int(3));
  });

  it('minus: a negative literal before a number, negation otherwise', () => {
    expect(parseCalls('-x')).toBe(neg(sym('x')));
    expect(parseCalls('--1')).toBe(neg(int(-1)));
    expect(parseCalls('-(x)')).toBe(neg(sym('x')));
    expect(parseCalls('-add(x, 1)')).toBe(neg(parse('x + 1')));
    expect(parseCalls('- 2.5')).toBe(float(-2.5));
  });

  it('names: variables with digits, underscores and dots', () => {
    expect(parseCalls('add(ARG0, x_1)')).toBe(call('add', sym('ARG0'), sym('x_1')));
    expect(parseCalls('X.1')).toBe(sym('X.1'));
  });

  it('any depth (iterative)', () => {
    const depth = 100_000;
    const t = parseCalls('neg('.repeat(depth) + 'x' + ')'.repeat(depth));
    expect(t.depth).toBe(depth + 1);
    expect(formatCalls(t).length).toBe(depth * 5 + 1);
  });
});

describe('errors: ParseError with the position', () => {
  const cases: [string, number, RegExp][] = [
    ['', 0, /expected an expression but found end of input/],
    ['add(x, )', 7, /expected an expression but found '\)'/],
    ['add(x y)', 6, /expected ',' or '\)' in the arguments of 'add' at position 0 but found 'y'/],
    ['foo(x)', 0, /unknown function 'foo' at position 0/],
    ['add(x)', 0, /'add' at position 0 takes two or more arguments, got 1/],
    ['sin(x, y)', 0, /'sin' at position 0 takes 1 argument, got 2/],
    ['(x', 2, /expected '\)' to close '\(' at position 0/],
    ['x)', 1, /expected the end of the expression but found '\)'/],
    ['x + 1', 2, /expected the end of the expression but found '\+'/],
    ['1.5e', 4, /expected digits in the exponent/],
    ['2x', 1, /unexpected 'x' after the number '2'/],
    ['np.float64(x)', 0, /must wrap one number/],
    ['add(x, 1', 8, /but found end of input/],
  ];
  for (const [src, position, message] of cases) {
    it(JSON.stringify(src), () => {
      try {
        parseCalls(src);
        expect.unreachable();
      } catch (e) {
        expect((e as { name: string }).name).toBe('ParseError');
        expect((e as { position: number }).position).toBe(position);
        expect((e as Error).message).toMatch(message);
      }
    });
  }
});

describe('literals for constant fitting', () => {
  it('each float occurrence is its own placeholder, with its span (sign included)', () => {
    const literals: FloatLiteral[] = [];
    const src = 'add(mul(0.5, x), add(mul(0.5, y), -1.5e-05))';
    const t = parseCalls(src, { literals });
    expect(literals.map((l) => l.value)).toEqual([0.5, 0.5, -1.5e-5]);
    expect(literals.map((l) => src.slice(l.start, l.end))).toEqual(['0.5', '0.5', '-1.5e-05']);
    expect(new Set(literals.map((l) => l.symbol)).size).toBe(3);
    expect(t.args[0].args[0]).toBe(literals[0].symbol);
  });

  it('integers stay numbers', () => {
    const literals: FloatLiteral[] = [];
    expect(parseCalls('pow(x, 2)', { literals })).toBe(parse('x^2'));
    expect(literals).toEqual([]);
  });
});

describe('printing back', () => {
  /** Plain terms with binary add/mul (GP trees), floats and integers. */
  const leaf = fc.oneof(
    fc.constantFrom('x', 'y', 'ARG0').map(sym),
    fc.double({ noNaN: true }).map(float),
    fc.integer({ min: -1000, max: 1000 }).map(int),
  );
  const tree = fc.letrec<{ t: Term }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(fc.constantFrom('add', 'sub', 'mul', 'div', 'pow', 'min'), tie('t'), tie('t')).map(([op, a, b]) => call(op, a, b)),
      fc.tuple(fc.constantFrom('sin', 'exp', 'neg', 'abs'), tie('t')).map(([op, a]) => call(op, a)),
    ),
  })).t;

  it('parseCalls(formatCalls(t)) === t', () => {
    fc.assert(
      fc.property(tree, (t) => {
        expect(parseCalls(formatCalls(t))).toBe(t);
      }),
      { numRuns: 300 },
    );
  });

  it('variadic sums and products nest as binary calls', () => {
    expect(formatCalls(parse('a + b + c + d'))).toBe('add(add(add(a, b), c), d)');
    expect(formatCalls(parse('2*x*y'))).toBe('mul(mul(2, x), y)');
    expect(formatCalls(parse('1/3 + x'))).toBe('add(0.3333333333333333, x)');
  });

  it("under the vocabulary's names", () => {
    const v = Vocabulary.compile({ plus: 'add', times: 'mul', pdiv: { protected: 'div', threshold: 0.001 } });
    expect(formatCalls(parse('x*y + z'), v)).toBe('plus(times(x, y), z)');
    const t = parseCalls('pdiv(plus(x, 1), times(y, pdiv(x, 2)))', { vocabulary: v });
    expect(formatCalls(t, v)).toBe('pdiv(plus(x, 1), times(y, pdiv(x, 2)))');
  });
});
