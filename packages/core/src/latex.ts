/**
 * LaTeX output for reading (math mode, no surrounding `$`). It is not meant to be parsed back:
 * where two terms are equal as mathematics it may print them alike (`(-x)*y` and `-(x*y)` are
 * both `-x y`; nested sums and products lose their grouping: `a + (b + c)` is `a + b + c`).
 *
 * Conventions:
 * - Precedence, loosest first: sums (`+`, `-`), unary minus, products, powers, atoms.
 *   Parentheses, written `\left( \right)`, only where the precedence requires them; a negative
 *   factor after the first one and a negative operand of `-` are parenthesized too.
 * - A sum term that starts with a minus sign is written as a subtraction: `a + (-b)` is `a - b`.
 * - Products are juxtaposed (`2 x y`), with `\cdot` before a factor that starts with a digit or
 *   a fraction (`x \cdot 2`, `2 \cdot \frac{1}{3}`), where juxtaposition would read as a numeral
 *   or a mixed number.
 * - `\frac{a}{b}` for division and for exact rationals (`-\frac{1}{3}`); `x^{y}`; `e^{x}` for
 *   exp; `\ln` for the natural log; `\sqrt{x}`; `\left|x\right|`; `\pi`; `\min`, `\max`;
 *   `\sin`, `\arcsin`, `\sinh`, ... always with their argument in `\left( \right)`. Operators
 *   defined by `defineOperator` print as `\operatorname{name}\left(a, b\right)`.
 * - Exact integers as digits. Floats in JavaScript's shortest round-trip form, marked with `.0`
 *   when integral (`2.0`, so a float reads differently from an exact 2), in scientific form
 *   `1.5 \cdot 10^{-7}` where JavaScript would write an exponent (`10^{21}` when the mantissa
 *   is 1); `\infty`, `-\infty`, `\mathrm{NaN}`, `-0.0`.
 * - Symbols: one letter as is (`x`); a Greek letter name as its command (`theta` -> `\theta`,
 *   `Gamma` -> `\Gamma`); one letter or Greek name followed by digits gets them as a subscript
 *   (`x1` -> `x_{1}`); `head_tail` -> head with subscript tail (`x_1` -> `x_{1}`, `v_max` ->
 *   `v_{\mathrm{max}}`); any other name in `\mathrm{}` (`\mathrm{mass}`), LaTeX specials escaped.
 *   A symbol named `pi` or `e` prints like the constant: avoid such names where it matters.
 *
 * Iterative (any depth) and linear: each distinct subterm is printed once and its string
 * reused wherever the subterm occurs, so the cost is the DAG size plus the length of the
 * output. Strings are only ever concatenated with `+` (V8 builds ropes in O(1) and flattens
 * them once, without deep recursion); `Array.prototype.join` or slicing would copy every
 * subterm's text again at each level above it, quadratic for deep terms.
 */
import type { Term } from './internal/store.js';
import { KIND_NUMBER, KIND_SYMBOL } from './internal/store.js';
import { postOrder } from './measures.js';
import type { Num } from './numbers.js';

// Precedence levels of a printed piece (higher binds tighter).
const SUM = 1;
const NEG = 2;
const PROD = 3;
const POW = 4;
const ATOM = 5;

/**
 * A printed subterm: its text is `(neg ? '-' : '') + body`. Keeping the leading minus apart lets
 * a sum write `a - b` without slicing strings (slicing a rope would flatten it: quadratic).
 * When `neg` is set, `body` binds at least as tightly as a product.
 */
interface Piece {
  readonly body: string;
  readonly neg: boolean;
  readonly level: number;
  /** The text starts with a digit or with `\frac` (juxtaposed after a factor it would misread). */
  readonly numeric: boolean;
}

const text = (p: Piece): string => (p.neg ? '-' + p.body : p.body);
const piece = (body: string, level: number, neg = false, numeric = false): Piece => ({ body, neg, level, numeric });
const paren = (p: Piece): Piece => piece('\\left(' + text(p) + '\\right)', ATOM);

const FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['sin', '\\sin'],
  ['cos', '\\cos'],
  ['tan', '\\tan'],
  ['asin', '\\arcsin'],
  ['acos', '\\arccos'],
  ['atan', '\\arctan'],
  ['sinh', '\\sinh'],
  ['cosh', '\\cosh'],
  ['tanh', '\\tanh'],
  ['log', '\\ln'],
  ['min', '\\min'],
  ['max', '\\max'],
]);

/**
 * LaTeX source of `t` for display (see the file comment for the conventions).
 *
 * @example
 * toLatex(parse('sin(x)^2 + 1/3*theta'));   // '\\sin\\left(x\\right)^{2} + \\frac{1}{3} \\theta'
 * toLatex(parse('(a + b)/sqrt(x_1)'));      // '\\frac{a + b}{\\sqrt{x_{1}}}'
 */
export function toLatex(t: Term): string {
  const done = new Map<Term, Piece>();
  for (const u of postOrder(t)) {
    let p: Piece;
    if (u.kind === KIND_NUMBER) p = numberPiece(u.value);
    else if (u.kind === KIND_SYMBOL) p = piece(latexSymbol(u.op), ATOM);
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
      return piece(s, SUM, a[0].neg, a[0].numeric);
    }
    case 'sub': {
      const r = a[1].level <= SUM || a[1].neg ? paren(a[1]) : a[1];
      return piece(a[0].body + ' - ' + text(r), SUM, a[0].neg, a[0].numeric);
    }
    case 'mul': {
      const first = a[0].level < NEG ? paren(a[0]) : a[0];
      let s = first.body;
      for (let i = 1; i < a.length; i++) {
        const f = a[i].level < PROD || a[i].neg ? paren(a[i]) : a[i];
        s += (f.numeric ? ' \\cdot ' : ' ') + f.body;
      }
      return piece(s, PROD, first.neg, first.numeric);
    }
    case 'div':
      return piece('\\frac{' + text(a[0]) + '}{' + text(a[1]) + '}', PROD, false, true);
    case 'pow': {
      const base = a[0].level < ATOM || a[0].neg ? paren(a[0]) : a[0];
      return piece(base.body + '^{' + text(a[1]) + '}', POW, false, base.numeric);
    }
    case 'neg': {
      const x = a[0].level < PROD || a[0].neg ? paren(a[0]) : a[0];
      return piece(x.body, NEG, true, x.numeric);
    }
    case 'exp':
      return piece('e^{' + text(a[0]) + '}', POW);
    case 'sqrt':
      return piece('\\sqrt{' + text(a[0]) + '}', ATOM);
    case 'abs':
      return piece('\\left|' + text(a[0]) + '\\right|', ATOM);
    case 'pi':
      return piece('\\pi', ATOM);
  }
  const name = FUNCTIONS.get(op) ?? '\\operatorname{' + escapeText(op) + '}';
  if (a.length === 0) return piece(name, ATOM);
  let s = name + '\\left(' + text(a[0]);
  for (let i = 1; i < a.length; i++) s += ', ' + text(a[i]);
  return piece(s + '\\right)', ATOM);
}

function numberPiece(v: Num): Piece {
  if (typeof v !== 'number') {
    const neg = v.n < 0n;
    const n = (neg ? -v.n : v.n).toString();
    if (v.d === 1n) return piece(n, neg ? NEG : ATOM, neg, true);
    return piece('\\frac{' + n + '}{' + v.d.toString() + '}', neg ? NEG : PROD, neg, true);
  }
  if (Number.isNaN(v)) return piece('\\mathrm{NaN}', ATOM);
  const neg = v < 0 || Object.is(v, -0);
  const x = Math.abs(v);
  if (x === Infinity) return piece('\\infty', neg ? NEG : ATOM, neg);
  const s = String(x);
  const e = s.indexOf('e');
  if (e < 0) return piece(Number.isInteger(x) ? s + '.0' : s, neg ? NEG : ATOM, neg, true);
  const mantissa = s.slice(0, e);
  const exponent = s.slice(e + 1).replace('+', '');
  if (mantissa === '1') return piece('10^{' + exponent + '}', neg ? NEG : POW, neg, true);
  return piece(mantissa + ' \\cdot 10^{' + exponent + '}', neg ? NEG : PROD, neg, true);
}

const GREEK: ReadonlySet<string> = new Set(
  (
    'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi ' +
    'pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega ' +
    'Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega'
  ).split(' '),
);

/** A name part: one letter, a Greek letter, digits (in a subscript only), or `\mathrm{...}`. */
function word(w: string, subscript = false): string {
  if (/^[A-Za-z]$/.test(w) || (subscript && /^[0-9]+$/.test(w))) return w;
  if (GREEK.has(w)) return '\\' + w;
  return '\\mathrm{' + escapeText(w) + '}';
}

/**
 * LaTeX for a symbol name (see the file comment).
 *
 * @example
 * latexSymbol('theta_0');   // '\\theta_{0}'
 * latexSymbol('mass');      // '\\mathrm{mass}'
 */
export function latexSymbol(name: string): string {
  const us = name.indexOf('_');
  if (us > 0 && us < name.length - 1) {
    const tail = name.slice(us + 1);
    return word(name.slice(0, us)) + '_{' + (tail.includes('_') ? '\\mathrm{' + escapeText(tail) + '}' : word(tail, true)) + '}';
  }
  const m = /^([A-Za-z]+)([0-9]+)$/.exec(name);
  if (m && (m[1].length === 1 || GREEK.has(m[1]))) return word(m[1]) + '_{' + m[2] + '}';
  return word(name);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\backslash{}',
  '{': '\\{',
  '}': '\\}',
  _: '\\_',
  '#': '\\#',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  '^': '\\hat{}',
  '~': '\\sim{}',
  ' ': '\\ ',
};

/** Escapes the characters that LaTeX would interpret inside `\mathrm{}`/`\operatorname{}`. */
function escapeText(s: string): string {
  return s.replace(/[\\{}_#$%&^~ ]/g, (c) => ESCAPES[c]);
}
