/**
 * The infix printer: a term to source text that `parse` reads back to the same term
 * (`parse(format(t)) === t` in the term's store), with as few parentheses as that allows.
 *
 * Style: `x^2 + 3*x - 1`. Spaces around binary `+` and `-`, none around `*`, `/` and `^`;
 * calls as `sin(x)`, `min(a, b)`; `pi` bare; unary minus bare (`-x`, `--x`, `-x^2`), except that
 * the negation of a number is written `-(2)` (because `-2` is the literal), and `-(-2)` rather
 * than the equivalent but cryptic `--2`. Numbers: exact
 * integers `12`, rationals `1/3` (a rational literal; the division of two integer terms prints
 * as `1/(3)` to stay a division, except `1/0`, which parse never folds), floats through `formatNum` (`1.0`, `0.5`, `1e+21`, `-0.0`,
 * `inf`, `nan`: always re-read as floats). Symbols whose names are not plain identifiers, or
 * that collide with `inf`, `nan` or an operator name, are backtick-quoted: `` `a b` ``,
 * `` `sin` `` (a backtick inside is doubled). Operators whose names are not identifiers are
 * called through a quoted name: `` `d/dx`(f, x) ``.
 *
 * Parentheses follow the grammar in parse.ts: a chain of `+` (or `*`) parses as one flat call,
 * so an add inside an add is parenthesized where it would otherwise merge: first argument of an
 * add that is an add, later arguments that are add or sub (likewise mul with mul/div); the right
 * side of `-` and `/` when of the same precedence; a power's base unless it is a symbol, a
 * non-negative number or a call; a power's exponent only when looser than unary minus (it may
 * be a negative literal: `x^-2`; other negations are parenthesized for readability: `x^(-y)`).
 *
 * Iterative (an explicit stack of pending terms and strings), linear in the size of the output.
 */
import { type Num, type Rational, formatNum } from './numbers.js';
import { OPERATORS } from './operators.js';
import { KIND_CALL, KIND_NUMBER, KIND_SYMBOL, type Term, setTermPrinter } from './internal/store.js';
import { isIdentifier, isSlotText, quoteName } from './internal/lexer.js';

/**
 * Options of {@link format}.
 *
 * @example
 * format(mul(sym('~x'), int(1)), { slots: true });  // '~x*1'
 */
export interface FormatOptions {
  /**
   * Print symbols named like slot tokens (`~x`, `~~xs`, `~n:integer`) bare, as rule patterns
   * are written; such output must be read back with `parse(src, { slots: true })`.
   * Default: false (they are quoted: `` `~x` ``).
   */
  slots?: boolean;
}

/**
 * Infix source of a term; `parse(format(t)) === t`. Also installed as `Term.prototype.toString`.
 *
 * @example
 * const x = sym('x'), y = sym('y'), z = sym('z');
 * format(sub(add(pow(x, int(2)), mul(int(3), x)), int(1)));  // 'x^2 + 3*x - 1'
 * format(neg(pow(x, int(2))));                               // '-x^2'
 * format(add(add(x, y), z));                                 // '(x + y) + z'
 * format(mul(rat(1, 3), sym('my var')));                     // '1/3*`my var`'
 */
export function format(t: Term, opts?: FormatOptions): string {
  const slots = opts?.slots === true;
  const out: string[] = [];
  // Pending items, popped from the end: a term to print or a string to emit as is.
  const stack: (Term | string)[] = [t];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
    } else if (item.kind === KIND_NUMBER) {
      out.push(formatNum(item.value));
    } else if (item.kind === KIND_SYMBOL) {
      out.push(symbolText(item.op, slots));
    } else {
      pushCall(item, stack);
    }
  }
  return out.join('');
}

// Precedence of a term's printed form (the grammar levels of parse.ts).
const P_SUM = 1; // add, sub
const P_PRODUCT = 2; // mul, div, rational literals
const P_UNARY = 3; // neg, negative number literals
const P_POWER = 4; // pow
const P_ATOM = 5; // symbols, non-negative numbers, calls

function precedence(t: Term): number {
  if (t.kind === KIND_CALL) {
    switch (t.op) {
      case 'add':
      case 'sub':
        return P_SUM;
      case 'mul':
      case 'div':
        return P_PRODUCT;
      case 'neg':
        return P_UNARY;
      case 'pow':
        return P_POWER;
      default:
        return P_ATOM;
    }
  }
  if (t.kind === KIND_NUMBER) return numberPrecedence(t.value);
  return P_ATOM;
}

function numberPrecedence(v: Num): number {
  if (typeof v === 'number') return v < 0 || Object.is(v, -0) ? P_UNARY : P_ATOM; // NaN, inf: atoms
  if (v.d !== 1n) return P_PRODUCT;
  return v.n < 0n ? P_UNARY : P_ATOM;
}

/** True for an exact integer term (printed as a bare integer literal). */
function isIntegerTerm(t: Term): boolean {
  return t.kind === KIND_NUMBER && typeof t.value !== 'number' && t.value.d === 1n;
}

/** True when `a/b` would be read back as a rational literal rather than as this division. */
function readsAsRational(a: Term, b: Term): boolean {
  return isIntegerTerm(a) && isIntegerTerm(b) && (b.value as Rational).n !== 0n;
}

/** Schedules the parts of a call, in reverse order (the stack pops from the end). */
function pushCall(t: Term, stack: (Term | string)[]): void {
  const args = t.args;
  switch (t.op) {
    case 'add':
      for (let i = args.length - 1; i >= 0; i--) {
        const a = args[i];
        // add(add(..), ..) would flatten; a later add or sub would re-associate.
        pushArg(stack, a, i === 0 ? a.kind === KIND_CALL && a.op === 'add' : precedence(a) <= P_SUM);
        if (i > 0) stack.push(' + ');
      }
      return;
    case 'mul':
      for (let i = args.length - 1; i >= 0; i--) {
        const a = args[i];
        const p = precedence(a);
        pushArg(stack, a, i === 0 ? p < P_PRODUCT || (a.kind === KIND_CALL && a.op === 'mul') : p <= P_PRODUCT);
        if (i > 0) stack.push('*');
      }
      return;
    case 'sub':
      pushArg(stack, args[1], precedence(args[1]) <= P_SUM);
      stack.push(' - ');
      pushArg(stack, args[0], false);
      return;
    case 'div': {
      const [a, b] = args;
      // `1/3` would be read as the rational literal: keep a division of integers as `1/(3)`
      // (`1/0` is not folded, so it stays bare).
      pushArg(stack, b, precedence(b) <= P_PRODUCT || readsAsRational(a, b));
      stack.push('/');
      pushArg(stack, a, precedence(a) < P_PRODUCT);
      return;
    }
    case 'pow': {
      const [a, b] = args;
      const pb = precedence(b);
      // A negative literal exponent reads fine bare (`x^-2`); a negation is parenthesized.
      const bareExponent = pb >= P_POWER || (pb === P_UNARY && b.kind === KIND_NUMBER);
      pushArg(stack, b, !bareExponent);
      stack.push('^');
      pushArg(stack, a, precedence(a) < P_ATOM);
      return;
    }
    case 'neg': {
      const a = args[0];
      // `-2` is the literal -2, so neg(2) is `-(2)`; `--x` and `-x^2` need nothing.
      pushArg(stack, a, a.kind === KIND_NUMBER || precedence(a) < P_UNARY);
      stack.push('-');
      return;
    }
    default: {
      const name = callName(t.op);
      if (args.length === 0) {
        stack.push(isIdentifier(t.op) && t.op !== 'inf' && t.op !== 'nan' ? t.op : name + '()');
        return;
      }
      stack.push(')');
      for (let i = args.length - 1; i >= 0; i--) {
        stack.push(args[i]);
        if (i > 0) stack.push(', ');
      }
      stack.push(name + '(');
    }
  }
}

function pushArg(stack: (Term | string)[], a: Term, parens: boolean): void {
  if (parens) stack.push(')', a, '(');
  else stack.push(a);
}

/** An operator name as a callee: bare when the lexer reads it back as that name. */
function callName(op: string): string {
  return isIdentifier(op) && op !== 'inf' && op !== 'nan' ? op : quoteName(op);
}

/** A symbol name: bare when it re-parses as that symbol, quoted otherwise. */
function symbolText(name: string, slots: boolean): string {
  if (isIdentifier(name) && name !== 'inf' && name !== 'nan' && !OPERATORS.has(name)) return name;
  if (slots && isSlotText(name)) return name;
  return quoteName(name);
}

setTermPrinter(format);
