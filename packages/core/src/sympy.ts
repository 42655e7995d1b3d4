/**
 * Python source that SymPy's `sympify` (or `parse_expr`) reads back as the same expression,
 * with exact numbers exact and floats bit for bit. Tested against SymPy 1.11 (sympy.test.ts).
 *
 * Conventions:
 * - Operators as Python operators (`+ - * / **`, unary `-`) with the fewest parentheses
 *   Python's precedence allows; a sum term starting with a minus is written as a subtraction.
 *   Functions by their SymPy names: `sin` ... `tanh`, `asin`, `exp`, `log`, `sqrt`, `Abs`, `Min`,
 *   `Max`; the constant `pi`. Operators from `defineOperator` become undefined SymPy functions,
 *   `Function('name')(a, b)`.
 * - Exact integers as Python integers (any size); rationals as `Rational(-1, 3)`.
 * - Floats as `Float('0.1', precision=53)`. A bare literal `0.1` is not enough: sympify gives a
 *   literal with 16 or 17 significant digits more than 53 bits of precision, so it would not be
 *   the same number (`0.30000000000000004` would become a 60-bit Float). With `precision=53` the
 *   decimal string, JavaScript's shortest round-trip form, is rounded to 53 bits: exactly the
 *   double. Below 2^-1021 (subnormals and the smallest normal binade, where IEEE doubles have
 *   fewer bits than an unbounded-exponent 53-bit float) the exact decimal expansion is written
 *   instead. NaN is `nan`, infinities `oo`/`-oo`. SymPy has no negative zero: -0.0 reads as 0.
 * - Symbols: a bare name only for one ASCII letter or a lowercase Greek letter name, optionally
 *   followed by digits or `_` and digits (`x`, `x1`, `x_1`, `theta2`), and not one of the names
 *   SymPy or Python already define (`E I N O Q S E1 pi beta gamma zeta lambda`). Every other name
 *   is written `Symbol('name')`, so no name can ever resolve to a SymPy object or a Python
 *   builtin (`Symbol('mass')`, `Symbol('S')`, `Symbol('min')`), whichever SymPy version reads it.
 *
 * SymPy's parser (CPython's) rejects deeply nested source (around 100–200 levels of parentheses);
 * this printer itself is iterative and handles any depth, in time linear in the DAG size plus
 * the output length (strings are built as ropes with `+` only; see latex.ts).
 */
import type { Term } from './internal/store.js';
import { KIND_NUMBER, KIND_SYMBOL } from './internal/store.js';
import { postOrder } from './measures.js';
import { type Num, floatToRational } from './numbers.js';

// Python precedence levels of a printed piece (higher binds tighter).
const SUM = 1;
const PROD = 2;
const UNARY = 3;
const POW = 4;
const ATOM = 5;

/** A printed subterm, `(neg ? '-' : '') + body`; see latex.ts for why the sign is kept apart. */
interface Piece {
  readonly body: string;
  readonly neg: boolean;
  readonly level: number;
}

const text = (p: Piece): string => (p.neg ? '-' + p.body : p.body);
const piece = (body: string, level: number, neg = false): Piece => ({ body, neg, level });
const paren = (p: Piece): Piece => piece('(' + text(p) + ')', ATOM);

const FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['sin', 'sin'],
  ['cos', 'cos'],
  ['tan', 'tan'],
  ['asin', 'asin'],
  ['acos', 'acos'],
  ['atan', 'atan'],
  ['sinh', 'sinh'],
  ['cosh', 'cosh'],
  ['tanh', 'tanh'],
  ['exp', 'exp'],
  ['log', 'log'],
  ['sqrt', 'sqrt'],
  ['abs', 'Abs'],
  ['min', 'Min'],
  ['max', 'Max'],
]);

/**
 * Python/SymPy source of `t` (see the file comment for the conventions).
 *
 * @example
 * toSympy(parse('x^2 + 1/3*sin(E)'));   // "x**2 + Rational(1, 3)*sin(Symbol('E'))"
 * toSympy(parse('0.1*x'));               // "Float('0.1', precision=53)*x"
 */
export function toSympy(t: Term): string {
  const done = new Map<Term, Piece>();
  for (const u of postOrder(t)) {
    let p: Piece;
    if (u.kind === KIND_NUMBER) p = numberPiece(u.value);
    else if (u.kind === KIND_SYMBOL) p = piece(sympySymbol(u.op), ATOM);
    else p = callPiece(u.op, u.args.map((a) => done.get(a)!));
    done.set(u, p);
  }
  return text(done.get(t)!);
}

function callPiece(op: string, a: readonly Piece[]): Piece {
  switch (op) {
    case 'add': {
      let s = a[0].body;
      for (let i = 1; i < a.length; i++) s += a[i].neg ? ' - ' + a[i].body : ' + ' + a[i].body;
      return piece(s, SUM, a[0].neg);
    }
    case 'sub': {
      const r = a[1].level <= SUM || a[1].neg ? paren(a[1]) : a[1];
      return piece(a[0].body + ' - ' + text(r), SUM, a[0].neg);
    }
    case 'mul': {
      // Python's unary minus binds tighter than `*`, so only the first factor may keep its sign.
      const first = a[0].level < PROD ? paren(a[0]) : a[0];
      let s = first.body;
      for (let i = 1; i < a.length; i++) {
        const f = a[i].level < PROD || a[i].neg ? paren(a[i]) : a[i];
        s += '*' + f.body;
      }
      return piece(s, PROD, first.neg);
    }
    case 'div': {
      const l = a[0].level < PROD ? paren(a[0]) : a[0];
      const r = a[1].level <= PROD || a[1].neg ? paren(a[1]) : a[1];
      return piece(l.body + '/' + text(r), PROD, l.neg);
    }
    case 'pow': {
      // `**` binds tighter than unary minus on its left and is right-associative.
      const base = a[0].level < ATOM || a[0].neg ? paren(a[0]) : a[0];
      const e = a[1].level < POW || a[1].neg ? paren(a[1]) : a[1];
      return piece(base.body + '**' + text(e), POW);
    }
    case 'neg': {
      const x = a[0].level < POW || a[0].neg ? paren(a[0]) : a[0];
      return piece(x.body, UNARY, true);
    }
    case 'pi':
      return piece('pi', ATOM);
  }
  const name = FUNCTIONS.get(op) ?? 'Function(' + pyString(op) + ')';
  let s = name + '(';
  for (let i = 0; i < a.length; i++) s += (i === 0 ? '' : ', ') + text(a[i]);
  return piece(s + ')', ATOM);
}

function numberPiece(v: Num): Piece {
  if (typeof v !== 'number') {
    if (v.d !== 1n) return piece('Rational(' + v.n.toString() + ', ' + v.d.toString() + ')', ATOM);
    return v.n < 0n ? piece((-v.n).toString(), UNARY, true) : piece(v.n.toString(), ATOM);
  }
  if (Number.isNaN(v)) return piece('nan', ATOM);
  if (v === Infinity) return piece('oo', ATOM);
  if (v === -Infinity) return piece('oo', UNARY, true);
  return piece("Float('" + floatDecimal(v) + "', precision=53)", ATOM);
}

/** Smallest magnitude at which a 53-bit float with unbounded exponent rounds like a double. */
const MIN_SAFE_SHORTEST = 2 ** -1021;

/**
 * A decimal string that a correctly rounding 53-bit parser (mpmath) turns into exactly `x`:
 * the shortest round-trip form, or the exact expansion for tiny magnitudes.
 */
function floatDecimal(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  if (Math.abs(x) >= MIN_SAFE_SHORTEST) return String(x);
  // x = n / 2^k = n * 5^k / 10^k exactly.
  const r = floatToRational(x);
  const k = r.d.toString(2).length - 1;
  return (r.n * 5n ** BigInt(k)).toString() + 'e-' + k;
}

/** Lowercase Greek letter names: bare symbols when SymPy does not define them. */
const GREEK =
  'alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|lambda|mu|nu|xi|omicron|pi|rho|sigma|tau|upsilon|phi|chi|psi|omega';
const BARE = new RegExp(`^(?:[A-Za-z]|${GREEK})(?:_?[0-9]+)?$`);
/**
 * Names of that shape that sympify resolves to something other than a fresh symbol: SymPy's
 * namespace (checked against `from sympy import *` of SymPy 1.11) and Python keywords.
 */
const TAKEN: ReadonlySet<string> = new Set(['E', 'E1', 'I', 'N', 'O', 'Q', 'S', 'pi', 'beta', 'gamma', 'zeta', 'lambda']);

/**
 * How `toSympy` writes a symbol: the bare name when it is safe, else `Symbol('name')`.
 *
 * @example
 * sympySymbol('x1');     // 'x1'
 * sympySymbol('gamma');  // "Symbol('gamma')"
 */
export function sympySymbol(name: string): string {
  return BARE.test(name) && !TAKEN.has(name) ? name : 'Symbol(' + pyString(name) + ')';
}

/**
 * A Python string literal for `s`: single-quoted, printable ASCII kept, everything else escaped
 * by code point (so the source is pure ASCII and lone surrogates survive).
 */
function pyString(s: string): string {
  let out = "'";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) out += '\\\\';
    else if (c === 0x27) out += "\\'";
    else if (c >= 0x20 && c < 0x7f) out += s[i];
    else {
      const cp = s.codePointAt(i)!;
      if (cp > 0xffff) {
        out += '\\U' + cp.toString(16).padStart(8, '0');
        i++;
      } else out += (cp <= 0xff ? '\\x' + cp.toString(16).padStart(2, '0') : '\\u' + cp.toString(16).padStart(4, '0'));
    }
  }
  return out + "'";
}
