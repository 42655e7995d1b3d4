import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Rational, rational } from './numbers.js';
import { defineOperator } from './operators.js';
import { ParseError, parse } from './parse.js';
import { format } from './format.js';
import {
  type Term,
  PI,
  TermStore,
  add,
  call,
  cos,
  div,
  exp,
  float,
  int,
  mul,
  neg,
  num,
  pow,
  rat,
  sin,
  sqrt,
  sub,
  sym,
} from './terms.js';

const x = sym('x');
const y = sym('y');
const z = sym('z');
const a = sym('a');
const b = sym('b');
const c = sym('c');

/** Asserts that `src` parses to `expected` (=== is structural equality in the store). */
function check(src: string, expected: Term): void {
  const t = parse(src);
  if (t !== expected) expect.fail(`parse(${JSON.stringify(src)}) = ${format(t)}, expected ${format(expected)}`);
}

describe('parse: precedence and associativity', () => {
  const cases: [string, Term][] = [
    ['x + y*z', add(x, mul(y, z))],
    ['x*y + z', add(mul(x, y), z)],
    ['(x + y)*z', mul(add(x, y), z)],
    ['x - y/z', sub(x, div(y, z))],
    ['-x**2', neg(pow(x, int(2)))],
    ['-x^2', neg(pow(x, int(2)))],
    ['2**3**2', pow(int(2), pow(int(3), int(2)))],
    ['2^3^2', pow(int(2), pow(int(3), int(2)))],
    ['(2^3)^2', pow(pow(int(2), int(3)), int(2))],
    ['2**-1', pow(int(2), int(-1))],
    ['2^-x', pow(int(2), neg(x))],
    ['2^-x^2', pow(int(2), neg(pow(x, int(2))))],
    ['x^-2*y', mul(pow(x, int(-2)), y)],
    ['-x*y', mul(neg(x), y)],
    ['-x/y', div(neg(x), y)],
    ['-(x*y)', neg(mul(x, y))],
    ['x*-y', mul(x, neg(y))],
    ['x - -y', sub(x, neg(y))],
    ['--x', neg(neg(x))],
    ['---x', neg(neg(neg(x)))],
    ['+x', x],
    ['x + +y', add(x, y)],
    ['x^y*z', mul(pow(x, y), z)],
    ['x*y^z', mul(x, pow(y, z))],
    ['x/y^z', div(x, pow(y, z))],
    ['x/y/z', div(div(x, y), z)],
    ['x/(y/z)', div(x, div(y, z))],
    ['x*y/z', div(mul(x, y), z)],
    ['x/y*z', mul(div(x, y), z)],
    ['2^x^y^z', pow(int(2), pow(x, pow(y, z)))],
    ['-2^x', neg(pow(int(2), x))],
    ['(-2)^x', pow(int(-2), x)],
    ['sin(x)^2', pow(sin(x), int(2))],
    ['sin(x + y)*2', mul(sin(add(x, y)), int(2))],
    ['  x\t+\n\ry  ', add(x, y)],
  ];
  for (const [src, expected] of cases) it(src, () => check(src, expected));
});

describe('parse: flat chains of + and *', () => {
  const cases: [string, Term][] = [
    ['a + b + c', add(a, b, c)],
    ['a*b*c', mul(a, b, c)],
    ['(a + b) + c', add(add(a, b), c)],
    ['a + (b + c)', add(a, add(b, c))],
    ['(a*b)*c', mul(mul(a, b), c)],
    ['a*(b*c)', mul(a, mul(b, c))],
    ['a - b - c', sub(sub(a, b), c)],
    ['a - b + c', add(sub(a, b), c)],
    ['a + b - c', sub(add(a, b), c)],
    ['a + b - c + x + y', add(sub(add(a, b), c), x, y)],
    ['a + b*c + x', add(a, mul(b, c), x)],
    ['a*b + c*x*y', add(mul(a, b), mul(c, x, y))],
    ['a*b/c*x', mul(div(mul(a, b), c), x)],
    ['a + -b + c', add(a, neg(b), c)],
    ['a^b + a^b + a^b', add(pow(a, b), pow(a, b), pow(a, b))],
  ];
  for (const [src, expected] of cases) it(src, () => check(src, expected));
});

describe('parse: numbers', () => {
  const cases: [string, Term][] = [
    ['12', int(12)],
    ['0', int(0)],
    ['007', int(7)],
    ['123456789012345', int(123456789012345)],
    ['123456789012345678901234', int(123456789012345678901234n)],
    ['1.5', float(1.5)],
    ['.5', float(0.5)],
    ['1.', float(1)],
    ['1e-3', float(0.001)],
    ['1.5E+21', float(1.5e21)],
    ['2e3', float(2000)],
    ['1.e2', float(100)],
    ['1e999', float(Infinity)],
    ['5e-324', float(5e-324)],
    ['1e-400', float(0)],
    ['inf', float(Infinity)],
    ['nan', float(NaN)],
    ['-inf', float(-Infinity)],
    ['0.1', float(0.1)],
    ['-0.0', float(-0)],
    ['-0', int(0)],
  ];
  for (const [src, expected] of cases) it(src, () => check(src, expected));

  it('keeps 10^5-digit integers exact', () => {
    const digits = '7'.repeat(100_000);
    expect(parse(digits)).toBe(int(BigInt(digits)));
  });
});

describe('parse: negative literals', () => {
  const cases: [string, Term][] = [
    ['-2', int(-2)],
    ['- 2', int(-2)],
    ['-1.5', float(-1.5)],
    ['-inf', float(-Infinity)],
    ['-2**2', neg(pow(int(2), int(2)))],
    ['-2^x', neg(pow(int(2), x))],
    ['-(2)', neg(int(2))],
    ['--2', neg(int(-2))],
    ['-(-2)', neg(int(-2))],
    ['-2*x', mul(int(-2), x)],
    ['x*-2', mul(x, int(-2))],
    ['x - -2', sub(x, int(-2))],
    ['x^-2', pow(x, int(-2))],
    ['x^-2.5', pow(x, float(-2.5))],
    ['-+2', int(-2)], // unary + is transparent
    ['sin(-2)', sin(int(-2))],
  ];
  for (const [src, expected] of cases) it(src, () => check(src, expected));
});

describe('parse: rational literals', () => {
  const cases: [string, Term][] = [
    ['1/3', rat(1, 3)],
    ['-1/3', rat(-1, 3)],
    ['2/4', rat(1, 2)],
    ['4/2', int(2)],
    ['1/-3', rat(-1, 3)],
    ['1/0', div(int(1), int(0))],
    ['0/5', int(0)],
    ['(1)/3', div(int(1), int(3))],
    ['1/(3)', div(int(1), int(3))],
    ['-(1)/3', div(neg(int(1)), int(3))],
    ['(-1)/3', div(int(-1), int(3))],
    ['1.0/3', div(float(1), int(3))],
    ['1/3*x', mul(rat(1, 3), x)],
    ['x*1/3', div(mul(x, int(1)), int(3))],
    ['x*(1/3)', mul(x, rat(1, 3))],
    ['1/3/3', div(rat(1, 3), int(3))],
    ['2*3/4', div(mul(int(2), int(3)), int(4))],
    ['x + 1/3', add(x, rat(1, 3))],
    ['x^1/3', div(pow(x, int(1)), int(3))],
    ['x^(1/3)', pow(x, rat(1, 3))],
    ['-(1/3)', neg(rat(1, 3))],
    ['--1/3', div(neg(int(-1)), int(3))],
    ['12345678901234567890/98765432109876543210', num(rational(12345678901234567890n, 98765432109876543210n))],
  ];
  for (const [src, expected] of cases) it(src, () => check(src, expected));
});

describe('parse: names, constants and calls', () => {
  defineOperator('dd', 2);
  defineOperator('d/dx', 1);
  defineOperator('E0', 0);
  const cases: [string, Term][] = [
    ['x_1', sym('x_1')],
    ['_', sym('_')],
    ['Abc_09', sym('Abc_09')],
    ['pi', PI],
    ['pi()', PI],
    ['2*pi*r', mul(int(2), PI, sym('r'))],
    ['`any text`', sym('any text')],
    ['`sin`', sym('sin')],
    ['`pi`', sym('pi')],
    ['`inf`', sym('inf')],
    ['`a``b`', sym('a`b')],
    ['````', sym('`')],
    ['`~x`', sym('~x')],
    ['`a` + `a`', add(sym('a'), sym('a'))],
    ['sin(x)', sin(x)],
    ['sin (x)', sin(x)],
    ['cos(sin(x))', cos(sin(x))],
    ['exp(-x)', exp(neg(x))],
    ['sqrt(x^2 + y^2)', sqrt(add(pow(x, int(2)), pow(y, int(2))))],
    ['min(x, y)', call('min', x, y)],
    ['max(1, min(x, y))', call('max', int(1), call('min', x, y))],
    ['pow(x, 2)', pow(x, int(2))],
    ['add(a, b, c)', add(a, b, c)],
    ['add(add(a, b), c)', add(add(a, b), c)],
    ['mul(a, b)', mul(a, b)],
    ['neg(2)', neg(int(2))],
    ['sub(a, b)', sub(a, b)],
    ['div(1, 3)', div(int(1), int(3))],
    ['dd(x, y)', call('dd', x, y)],
    ['`d/dx`(x)', call('d/dx', x)],
    ['`sin`(x)', sin(x)],
    ['E0', call('E0')],
    ['E0()', call('E0')],
    ['atan(tanh(sinh(cosh(asin(acos(abs(log(tan(x)))))))))', call('atan', call('tanh', call('sinh', call('cosh', call('asin', call('acos', call('abs', call('log', call('tan', x)))))))))],
  ];
  for (const [src, expected] of cases) it(src, () => check(src, expected));
});

describe('parse: slots mode', () => {
  const cases: [string, Term][] = [
    ['~x', sym('~x')],
    ['~~xs', sym('~~xs')],
    ['~n:integer', sym('~n:integer')],
    ['~c:positive * ~x', mul(sym('~c:positive'), sym('~x'))],
    ['~x + ~~rest', add(sym('~x'), sym('~~rest'))],
    ['sin(~x)^2', pow(sin(sym('~x')), int(2))],
    ['-~x', neg(sym('~x'))],
    ['x + 1', add(x, int(1))],
  ];
  for (const [src, expected] of cases) it(src, () => expect(parse(src, { slots: true })).toBe(expected));

  it('rejects malformed slots', () => {
    expectError(() => parse('~', { slots: true }), 1, "expected a slot name after '~' but found end of input");
    expectError(() => parse('~~ x', { slots: true }), 2, "expected a slot name after '~~' but found character U+0020");
    expectError(() => parse('~~~x', { slots: true }), 2, "expected a slot name after '~~' but found '~'");
    expectError(() => parse('~x:', { slots: true }), 3, "expected a type name after ':' in the slot '~x:'");
    expectError(() => parse('~x:1', { slots: true }), 3, "expected a type name after ':'");
    expectError(() => parse('~1', { slots: true }), 1, 'expected a slot name');
  });
});

describe('parse: options', () => {
  it('builds in the given store', () => {
    const s = new TermStore();
    const t = parse('sin(x) + 1/3', { store: s });
    expect(s.owns(t)).toBe(true);
    expect(t).toBe(s.call('add', [s.call1('sin', s.symbol('x')), s.number(rational(1, 3))]));
    expect(t).not.toBe(parse('sin(x) + 1/3'));
  });
});

function expectError(fn: () => unknown, position: number, fragment: string): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, `expected a ParseError containing ${JSON.stringify(fragment)}`).toBeInstanceOf(ParseError);
  const pe = error as ParseError;
  expect(pe.name).toBe('ParseError');
  expect(pe.message).toContain(fragment);
  expect(pe.position).toBe(position);
}

describe('parse: errors name what was expected, what was found, and where', () => {
  defineOperator('dd', 2);
  const cases: [string, number, string][] = [
    ['', 0, 'expected an expression but found end of input at position 0'],
    ['   ', 3, 'expected an expression but found end of input at position 3'],
    ['x +', 3, 'expected an expression but found end of input at position 3'],
    ['x + )', 4, "expected an expression but found ')' at position 4"],
    ['(x + 1', 6, "expected ')' to close '(' at position 0 but found end of input at position 6"],
    ['((x)', 4, "expected ')' to close '(' at position 0 but found end of input"],
    ['sin(x', 5, "expected ')' to close '(' of the call to 'sin' at position 0 but found end of input"],
    ['x)', 1, "found ')' at position 1 with no '(' to close"],
    ['()', 1, "expected an expression but found ')' at position 1"],
    ['2x', 1, "found 'x' at position 1 (implicit multiplication is not supported"],
    ['2 x', 2, "found 'x' at position 2 (implicit multiplication"],
    ['x y', 2, 'implicit multiplication'],
    ['(x)(y)', 3, "found '(' at position 3 (implicit multiplication"],
    ['2(x)', 1, 'implicit multiplication'],
    ['x`y`', 1, "found the quoted name '`y`' at position 1 (implicit multiplication"],
    ['1.5.2', 3, "found the number '.2' at position 3"],
    ['x(y)', 0, "unknown function 'x' at position 0 (for a product write 'x*(...)')"],
    ['foo(x)', 0, "unknown function 'foo' at position 0"],
    ['sinn(x)', 0, "unknown function 'sinn' at position 0 (did you mean 'sin'?)"],
    ['Sin(x)', 0, "did you mean 'sin'?"],
    ['sqr(x)', 0, "did you mean 'sqrt'?"],
    ['ln(x)', 0, "did you mean 'log'?"],
    ['`foo`(x)', 0, "unknown function 'foo' at position 0"],
    ['sin', 3, "expected '(' after 'sin' but found end of input at position 3"],
    ['sin x', 4, "expected '(' after 'sin' but found 'x' at position 4"],
    ['2*sin + 1', 6, "expected '(' after 'sin' but found '+' at position 6"],
    ['add', 3, "expected '(' after 'add'"],
    ['sin()', 0, "'sin' takes 1 argument, got 0 in the call at position 0"],
    ['x + sin(x, y)', 4, "'sin' takes 1 argument, got 2 in the call at position 4"],
    ['add(x)', 0, "'add' takes two or more arguments, got 1"],
    ['dd(x)', 0, "'dd' takes 2 arguments, got 1"],
    ['pi(2)', 0, "'pi' takes 0 arguments, got 1"],
    ['sin(x,)', 6, "expected an expression but found ')' at position 6"],
    ['sin(,x)', 4, "expected an expression but found ',' at position 4"],
    ['x, y', 1, "found ',' at position 1 outside a function call"],
    ['(x, y)', 2, 'outside a function call'],
    ['x ** * y', 5, "expected an expression but found '*' at position 5"],
    ['x ^^ y', 3, "expected an expression but found '^' at position 3"],
    ['**x', 0, "expected an expression but found '**' at position 0"],
    ['*x', 0, "expected an expression but found '*'"],
    ['x $ y', 2, "expected an operator or end of input but found '$' at position 2"],
    ['.', 0, "expected an expression but found '.' at position 0"],
    ['x\u0000', 1, 'found character U+0000 at position 1'],
    ['\ud800', 0, 'found character U+D800 at position 0'],
    ['x + \u{1F600}', 4, 'found character U+1F600 at position 4'],
    ['1e', 2, "expected digits in the exponent of the number '1e' but found end of input at position 2"],
    ['1e+', 3, 'expected digits in the exponent'],
    ['2.5ex', 4, "expected digits in the exponent of the number '2.5e' but found 'x' at position 4"],
    ['`abc', 4, "expected '`' to close the quoted name at position 0 but found end of input at position 4"],
    ['x + ``', 4, 'empty quoted name at position 4'],
    ['~x', 0, "found '~' at position 0 (slot patterns such as '~x' are allowed only in pattern mode"],
    ['x + 1 2', 6, "found the number '2' at position 6"],
    ['x ' + '1' + '2'.repeat(100), 2, "found the number '12222222222222222222…' at position 2"],
    ['x + ' + '9'.repeat(40) + 'x', 44, "found 'x' at position 44"],
  ];
  for (const [src, position, fragment] of cases)
    it(JSON.stringify(src).slice(0, 40), () => expectError(() => parse(src), position, fragment));

  it('rejects a non-string with a ParseError', () => {
    expectError(() => parse(undefined as unknown as string), 0, 'expected a string to parse but got undefined');
  });
});

// ---- a reference parser: plain recursive descent over the grammar, for shallow inputs -----------

interface Operand {
  t: Term;
  literal: boolean; // bare numeric literal token
  int: boolean; // integer literal token, possibly negated
}

/** Recursive-descent parser of valid sources, written independently of parse.ts's stack machine. */
function referenceParse(src: string): Term {
  const tokens = src.match(/\*\*|`(?:[^`]|``)+`|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|[A-Za-z_]\w*|\S/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const take = (): string => tokens[i++];
  const plain = (t: Term): Operand => ({ t, literal: false, int: false });

  function sum(): Term {
    let acc = product().t;
    let chain: Term[] | undefined;
    while (peek() === '+' || peek() === '-') {
      const op = take();
      const r = product().t;
      if (op === '+') {
        if (chain) chain.push(r);
        else chain = [acc, r];
      } else {
        acc = sub(chain ? add(...chain) : acc, r);
        chain = undefined;
      }
    }
    return chain ? add(...chain) : acc;
  }
  function product(): Operand {
    let acc = unary();
    let chain: Term[] | undefined;
    while (peek() === '*' || peek() === '/') {
      const op = take();
      const r = unary();
      if (op === '*') {
        if (chain) chain.push(r.t);
        else chain = [acc.t, r.t];
      } else {
        const l = chain ? plain(mul(...chain)) : acc;
        chain = undefined;
        acc =
          l.int && r.int && (r.t.value as Rational).n !== 0n
            ? plain(num(rational((l.t.value as Rational).n, (r.t.value as Rational).n)))
            : plain(div(l.t, r.t));
      }
    }
    return chain ? plain(mul(...chain)) : acc;
  }
  function unary(): Operand {
    if (peek() === '-') {
      take();
      const u = unary();
      if (u.literal) {
        const v = u.t.value;
        return { t: typeof v === 'number' ? float(-v) : num(rational(-v.n, v.d)), literal: false, int: u.int };
      }
      return plain(neg(u.t));
    }
    if (peek() === '+') {
      take();
      return unary();
    }
    return power();
  }
  function power(): Operand {
    const base = atom();
    if (peek() === '^' || peek() === '**') {
      take();
      return plain(pow(base.t, unary().t));
    }
    return base;
  }
  function atom(): Operand {
    const tok = take();
    if (tok === '(') {
      const t = sum();
      take(); // ')'
      return plain(t);
    }
    if (/^[\d.]/.test(tok)) {
      if (/^\d+$/.test(tok)) return { t: int(BigInt(tok)), literal: true, int: true };
      return { t: float(Number(tok)), literal: true, int: false };
    }
    if (tok === 'inf' || tok === 'nan') return { t: float(tok === 'inf' ? Infinity : NaN), literal: true, int: false };
    const name = tok.startsWith('`') ? tok.slice(1, -1).replaceAll('``', '`') : tok;
    if (peek() === '(') {
      take();
      const args: Term[] = [];
      if (peek() !== ')') {
        args.push(sum());
        while (peek() === ',') {
          take();
          args.push(sum());
        }
      }
      take(); // ')'
      return plain(call(name, ...args));
    }
    if (name === 'pi' && !tok.startsWith('`')) return plain(PI);
    return plain(sym(name));
  }
  const t = sum();
  if (i !== tokens.length) throw new Error(`reference parser: trailing tokens in ${src}`);
  return t;
}

// ---- source generators ------------------------------------------------------------------------

const space = fc.constantFrom('', '', '', ' ', '  ', '\t', '\n');
const leafSource = fc.oneof(
  fc.constantFrom('0', '1', '2', '3', '12', '007', '123456789012345678901234567890'),
  fc.constantFrom('1.5', '.5', '1.', '1e-3', '2.5E+3', '1e999', '5e-324', 'inf', 'nan', '0.0'),
  fc.constantFrom('x', 'y', 'z_1', '_t', 'pi', '`a b`', '`sin`', '`x``y`', '`inf`'),
);

const { source } = fc.letrec<{ source: string }>((tie) => ({
  source: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafSource,
    fc
      .tuple(tie('source'), space, fc.constantFrom('+', '-', '*', '/', '^', '**'), space, tie('source'))
      .map((p) => p.join('')),
    fc.tuple(fc.constantFrom('-', '+', '- '), tie('source')).map(([op, s]) => op + s),
    tie('source').map((s) => `(${s})`),
    fc
      .tuple(fc.constantFrom('sin', 'cos', 'exp', 'log', 'sqrt', 'abs', 'neg', '`tanh`'), tie('source'))
      .map(([f, s]) => `${f}(${s})`),
    fc
      .tuple(fc.constantFrom('min', 'max', 'pow', 'add', 'mul', 'sub', 'div'), tie('source'), space, tie('source'))
      .map(([f, s, sp, t]) => `${f}(${s},${sp}${t})`),
    fc.tuple(tie('source'), tie('source'), tie('source')).map(([p, q, r]) => `add(${p}, ${q}, ${r})`),
  ),
}));

function expectOnlyParseErrors(src: string): void {
  try {
    parse(src);
  } catch (e) {
    if (!(e instanceof ParseError)) throw new Error(`parse(${JSON.stringify(src)}) threw ${String(e)}`);
    expect(Number.isInteger(e.position) && e.position >= 0 && e.position <= src.length).toBe(true);
  }
}

describe('parse: properties', () => {
  it('agrees with a recursive-descent reference parser on generated sources', () => {
    fc.assert(
      fc.property(source, (src) => {
        const t = parse(src);
        const r = referenceParse(src);
        if (t !== r) expect.fail(`${JSON.stringify(src)}: parse = ${format(t)}, reference = ${format(r)}`);
      }),
      { numRuns: 400 },
    );
  });

  it('parse(format(parse(s))) === parse(s) for generated sources', () => {
    fc.assert(
      fc.property(source, (src) => {
        const t = parse(src);
        expect(parse(format(t))).toBe(t);
      }),
      { numRuns: 400 },
    );
  });

  it('throws nothing but ParseError on arbitrary strings', () => {
    const lone = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)); // includes lone surrogates
    const tokens = fc.constantFrom(
      'x', '1', '2.5', '.', 'e', 'e+', '(', ')', ',', '+', '-', '*', '/', '^', '**', '`', '~', ':', ' ',
      'sin', 'pi', 'inf', 'nan', 'add', '1e', '0', '9999999999999999999', '\u0000', '\ud83d', '\ude00',
    );
    for (const arb of [
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: lone }),
      fc.array(tokens, { maxLength: 20 }).map((ts) => ts.join('')),
    ]) {
      fc.assert(
        fc.property(arb, fc.boolean(), (src, slots) => {
          try {
            parse(src, { slots });
          } catch (e) {
            if (!(e instanceof ParseError)) throw e;
            expect(e.position).toBeGreaterThanOrEqual(0);
            expect(e.position).toBeLessThanOrEqual(src.length);
          }
        }),
        { numRuns: 300 },
      );
    }
  });

  it('throws nothing but ParseError on mutations of valid sources', () => {
    const edit = fc.record({
      kind: fc.constantFrom('insert', 'delete', 'replace'),
      at: fc.nat(),
      char: fc.constantFrom('(', ')', ',', '+', '-', '*', '/', '^', '`', '~', '.', 'e', '1', 'x', ' ', '\ud800', '\u0000'),
    });
    fc.assert(
      fc.property(source, fc.array(edit, { minLength: 1, maxLength: 4 }), (src, edits) => {
        let s = src;
        for (const { kind, at, char } of edits) {
          const i = s.length === 0 ? 0 : at % (s.length + (kind === 'insert' ? 1 : 0));
          if (kind === 'insert') s = s.slice(0, i) + char + s.slice(i);
          else if (kind === 'delete') s = s.slice(0, i) + s.slice(i + 1);
          else s = s.slice(0, i) + char + s.slice(i + 1);
        }
        expectOnlyParseErrors(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parse: depth and size (iterative, linear), with format round trips', () => {
  const N = 100_000;
  // Generous: the machine may be shared; the work itself is linear (about a second unloaded).
  const DEPTH_TIMEOUT = 60_000;

  it('nested parentheses', () => {
    const s = new TermStore();
    expect(parse('('.repeat(N) + 'x' + ')'.repeat(N), { store: s })).toBe(s.symbol('x'));
    expectError(() => parse('('.repeat(N) + 'x' + ')'.repeat(N - 1), { store: s }), 2 * N, "expected ')' to close '(' at position 0");
  }, DEPTH_TIMEOUT);

  it('nested negations', () => {
    const s = new TermStore();
    const t = parse('-('.repeat(N) + 'x' + ')'.repeat(N), { store: s });
    expect(t.depth).toBe(N + 1);
    const text = format(t);
    expect(text).toBe('-'.repeat(N) + 'x');
    expect(parse(text, { store: s })).toBe(t);
  }, DEPTH_TIMEOUT);

  it('nested calls', () => {
    const s = new TermStore();
    const src = 'sin('.repeat(N) + 'x' + ')'.repeat(N);
    const t = parse(src, { store: s });
    expect(t.depth).toBe(N + 1);
    expect(format(t)).toBe(src); // so parse(format(t)) === t
  }, DEPTH_TIMEOUT);

  it('a 100,000-long right-associative power chain', () => {
    const s = new TermStore();
    const src = Array(N).fill('x').join('^');
    const t = parse(src, { store: s });
    expect(t.depth).toBe(N);
    expect(t.args[0]).toBe(s.symbol('x')); // x^(x^(...))
    expect(format(t)).toBe(src);
  }, DEPTH_TIMEOUT);

  it('a 100,000-term sum is one flat add', () => {
    const s = new TermStore();
    const src = Array.from({ length: N }, (_, i) => `x${i % 100}`).join(' + ');
    const t = parse(src, { store: s });
    expect(t.op).toBe('add');
    expect(t.args.length).toBe(N);
    expect(format(t)).toBe(src);
  }, DEPTH_TIMEOUT);
});
