/**
 * The "calls" syntax: expressions as GP frameworks print them, nested function calls without
 * infix operators, under the names of an operator vocabulary:
 *
 *   add(mul(x, x), sin(-0.107))          protectedDiv(ARG0, 1.5e-05)          np.float64(0.5)
 *
 *   expr  := '-'* atom
 *   atom  := number | name | name '(' [expr (',' expr)*] ')' | '(' expr ')'
 *   name  := [A-Za-z_][A-Za-z0-9_.]*
 *
 * Numbers are read as Python's repr writes them: an integer (`3`, exact) or a float (`-0.107`,
 * `1.5e-05`, `2.0`, `inf`, `nan`), each to the nearest double exactly as Python reads it. A
 * minus sign right before a number makes a negative literal; before anything else it is
 * negation. numpy scalar reprs (`np.float64(0.5)`, `np.int64(3)`) are read as their number.
 * A name followed by `(` is looked up in the vocabulary, then among symx's operators; a bare
 * name is a variable (`pi` is the constant, `inf` and `nan` are numbers).
 *
 * For constant fitting, `literals` collects every float literal with its source span and turns
 * each occurrence into its own placeholder symbol (so two equal constants are two parameters).
 * The parser is iterative (explicit stack): nesting depth is limited only by memory.
 */
import { KIND_NUMBER, OPERATORS, OP_NONE, ParseError, type Term, VARIADIC, defaultStore, float, int, numToNumber } from '@symx/core';
import type { Vocabulary } from './vocabulary.js';

/** A float literal of the source, for constant fitting. */
export interface FloatLiteral {
  readonly value: number;
  /** Source span [start, end), the sign included. */
  readonly start: number;
  readonly end: number;
  /** The placeholder symbol standing for it in the parsed term. */
  readonly symbol: Term;
}

export interface CallsOptions {
  readonly vocabulary?: Vocabulary;
  /** When given: float literals become placeholder symbols, described here in source order. */
  readonly literals?: FloatLiteral[];
}

/** Name prefix of placeholder symbols (a control character: no user variable has it). */
export const PLACEHOLDER_PREFIX = '\u0001c';

const FLOAT_WRAPPERS = new Set(['np.float64', 'np.float32', 'np.float16', 'numpy.float64', 'numpy.float32', 'numpy.float16', 'np.double']);
const INT_WRAPPERS = new Set(['np.int64', 'np.int32', 'numpy.int64', 'numpy.int32']);

const GROUP = '';

interface Frame {
  /** Function name, or GROUP for a parenthesized expression. */
  readonly name: string;
  readonly pos: number;
  readonly args: Term[];
  /** Unary minus signs before it. */
  readonly negs: number;
}

/**
 * Parses `src` in the calls syntax. Throws core's `ParseError` (with `.position`) when malformed.
 *
 * @example
 * parseCalls('add(mul(x, x), sin(-0.107))') === parse('x*x + sin(-0.107)');       // true
 * parseCalls('pdiv(x, 2)', { vocabulary: Vocabulary.compile({ pdiv: { protected: 'div' } }) });
 */
export function parseCalls(src: string, options: CallsOptions = {}): Term {
  return new CallsParser(src, options).run();
}

class CallsParser {
  private i = 0;
  private readonly n: number;
  private readonly stack: Frame[] = [];

  constructor(
    private readonly src: string,
    private readonly options: CallsOptions,
  ) {
    this.n = src.length;
  }

  run(): Term {
    const { src, n, stack } = this;
    for (;;) {
      // An operand: minus signs, then a number, a name, a call or a group.
      this.skipWs();
      let negs = 0;
      let lastMinus = -1;
      while (this.i < n && src.charCodeAt(this.i) === 45 /* - */) {
        negs++;
        lastMinus = this.i;
        this.i++;
        this.skipWs();
      }
      const start = this.i;
      const c = this.i < n ? src.charCodeAt(this.i) : -1;
      let t: Term;
      if (isDigit(c) || (c === 46 /* . */ && isDigit(src.charCodeAt(this.i + 1)))) {
        // Only spaces separate the last minus sign from the operand: it belongs to the literal.
        const signed = negs > 0;
        t = this.number(signed ? lastMinus : start, signed);
        if (signed) negs--;
      } else if (isNameStart(c)) {
        const name = this.name();
        const j = this.i;
        this.skipWs();
        if (this.i < n && src.charCodeAt(this.i) === 40 /* ( */) {
          this.i++;
          stack.push({ name, pos: start, args: [], negs });
          this.skipWs();
          if (this.i < n && src.charCodeAt(this.i) === 41 /* ) */) {
            this.i++;
            t = this.finishCall(stack.pop()!);
            t = this.negate(t, negs);
            if (this.reduce(t)) return this.result!;
          }
          continue;
        }
        this.i = j;
        const signed = negs > 0 && (name === 'inf' || name === 'nan');
        t = this.bareName(name, signed ? lastMinus : start, signed);
        if (signed) negs--;
      } else if (c === 40 /* ( */) {
        this.i++;
        stack.push({ name: GROUP, pos: start, args: [], negs });
        continue;
      } else {
        throw new ParseError(`expected an expression but found ${this.found(start)} at position ${start}`, start);
      }
      t = this.negate(t, negs);
      if (this.reduce(t)) return this.result!;
    }
  }

  private result: Term | undefined;

  /** After an operand: closes calls and groups; true when the whole input is parsed. */
  private reduce(t: Term): boolean {
    const { src, n, stack } = this;
    for (;;) {
      this.skipWs();
      if (stack.length === 0) {
        if (this.i < n) throw new ParseError(`expected the end of the expression but found ${this.found(this.i)} at position ${this.i}`, this.i);
        this.result = t;
        return true;
      }
      const top = stack[stack.length - 1];
      const c = this.i < n ? src.charCodeAt(this.i) : -1;
      if (c === 44 /* , */ && top.name !== GROUP) {
        top.args.push(t);
        this.i++;
        return false;
      }
      if (c === 41 /* ) */) {
        this.i++;
        stack.pop();
        if (top.name === GROUP) t = this.negate(t, top.negs);
        else {
          top.args.push(t);
          t = this.negate(this.finishCall(top), top.negs);
        }
        continue;
      }
      const what = top.name === GROUP ? `')' to close '(' at position ${top.pos}` : `',' or ')' in the arguments of '${top.name}' at position ${top.pos}`;
      throw new ParseError(`expected ${what} but found ${this.found(this.i)} at position ${this.i}`, this.i);
    }
  }

  private negate(t: Term, negs: number): Term {
    for (let k = 0; k < negs; k++) t = defaultStore.call1('neg', t);
    return t;
  }

  private number(spanStart: number, negative: boolean): Term {
    const { src, n } = this;
    const start = this.i;
    let isFloat = false;
    while (this.i < n && isDigit(src.charCodeAt(this.i))) this.i++;
    if (this.i < n && src.charCodeAt(this.i) === 46 /* . */) {
      isFloat = true;
      this.i++;
      while (this.i < n && isDigit(src.charCodeAt(this.i))) this.i++;
    }
    const e = this.i < n ? src.charCodeAt(this.i) : -1;
    if (e === 101 || e === 69 /* e E */) {
      isFloat = true;
      this.i++;
      const s = this.i < n ? src.charCodeAt(this.i) : -1;
      if (s === 43 || s === 45) this.i++;
      const digits = this.i;
      while (this.i < n && isDigit(src.charCodeAt(this.i))) this.i++;
      if (this.i === digits) {
        throw new ParseError(`expected digits in the exponent of '${src.slice(start, this.i)}' but found ${this.found(this.i)} at position ${this.i}`, this.i);
      }
    }
    if (this.i < n && (isNameStart(src.charCodeAt(this.i)) || src.charCodeAt(this.i) === 46)) {
      throw new ParseError(`unexpected ${this.found(this.i)} after the number '${src.slice(start, this.i)}' at position ${this.i}`, this.i);
    }
    const text = src.slice(start, this.i);
    if (!isFloat) {
      if (text.length <= 15) return int(negative ? -Number(text) : Number(text));
      const big = BigInt(text);
      return int(negative ? -big : big);
    }
    const value = negative ? -Number(text) : Number(text);
    return this.floatLiteral(value, spanStart, this.i);
  }

  private floatLiteral(value: number, start: number, end: number): Term {
    const literals = this.options.literals;
    if (literals === undefined) return float(value);
    const symbol = defaultStore.symbol(`${PLACEHOLDER_PREFIX}${literals.length}`);
    literals.push({ value, start, end, symbol });
    return symbol;
  }

  private name(): string {
    const { src, n } = this;
    const start = this.i;
    this.i++;
    while (this.i < n && isNamePart(src.charCodeAt(this.i))) this.i++;
    return src.slice(start, this.i);
  }

  private bareName(name: string, spanStart: number, negative: boolean): Term {
    if (name === 'inf' || name === 'nan') {
      const v = name === 'inf' ? Infinity : NaN;
      return this.floatLiteral(negative ? -v : v, spanStart, this.i);
    }
    const spec = this.options.vocabulary?.operators.get(name);
    if (spec !== undefined && spec.arity === 0) return spec.build([]);
    const info = OPERATORS.get(name);
    if (info !== undefined && info.arity === 0 && info.code !== OP_NONE) return defaultStore.call(name, []);
    return defaultStore.symbol(name);
  }

  private finishCall(f: Frame): Term {
    const { name, args, pos } = f;
    const spec = this.options.vocabulary?.operators.get(name);
    if (spec !== undefined) {
      checkArity(name, spec.arity, args.length, pos);
      return spec.build(args);
    }
    if (FLOAT_WRAPPERS.has(name) || INT_WRAPPERS.has(name)) return this.unwrap(name, args, pos);
    const info = OPERATORS.get(name);
    if (info === undefined || info.code === OP_NONE) {
      const hint = this.options.vocabulary === undefined ? ' (declare it with the vocabulary method)' : '';
      throw new ParseError(`unknown function '${name}' at position ${pos}: not in the vocabulary nor a symx operator${hint}`, pos);
    }
    checkArity(name, info.arity, args.length, pos);
    return defaultStore.call(name, args);
  }

  /** np.float64(0.5) and friends: the number inside. */
  private unwrap(name: string, args: readonly Term[], pos: number): Term {
    const literals = this.options.literals;
    const a = args.length === 1 ? args[0] : undefined;
    const isLiteral = a !== undefined && (a.kind === KIND_NUMBER || (literals !== undefined && literals.some((l) => l.symbol === a)));
    if (!isLiteral) throw new ParseError(`'${name}(...)' at position ${pos} must wrap one number`, pos);
    if (INT_WRAPPERS.has(name) || a.kind !== KIND_NUMBER || typeof a.value === 'number') return a;
    // An integer written inside a float wrapper is a float: np.float64(1) is 1.0.
    return float(numToNumber(a.value));
  }

  private skipWs(): void {
    while (this.i < this.n && isSpace(this.src.charCodeAt(this.i))) this.i++;
  }

  private found(at: number): string {
    if (at >= this.n) return 'end of input';
    const ch = String.fromCodePoint(this.src.codePointAt(at)!);
    return `'${ch}'`;
  }
}

function checkArity(name: string, arity: number, got: number, pos: number): void {
  const ok = arity === VARIADIC ? got >= 2 : got === arity;
  if (ok) return;
  const want = arity === VARIADIC ? 'two or more arguments' : `${arity} argument${arity === 1 ? '' : 's'}`;
  throw new ParseError(`'${name}' at position ${pos} takes ${want}, got ${got}`, pos);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || isDigit(c) || c === 46;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
