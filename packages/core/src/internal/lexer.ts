/**
 * The scanner of the infix syntax (see parse.ts for the grammar). A hand-written loop over char
 * codes: no regular expressions, and no substrings except the text of identifiers, quoted names,
 * slots and numbers. It never throws: a malformed token becomes a `T_ERROR` token carrying its
 * message, so the parser reports every problem the same way (a `ParseError` with a position).
 *
 * Tokens:
 *   T_INT     digits                                    `12`, `007`, 10^6 digits (exact, bigint)
 *   T_FLOAT   digits with `.` and/or an exponent        `1.5` `.5` `1.` `1e-3` `1.5E+21`
 *   T_IDENT   [A-Za-z_][A-Za-z0-9_]*                    `x`, `sin`, `inf`, `x_1`
 *   T_QUOTED  backtick-quoted name, `` `` `` inside is one backtick   `` `my var` ``
 *   T_SLOT    slots mode only: ~name, ~~name, optionally :type        `~x` `~~xs` `~n:integer`
 *   T_LPAREN T_RPAREN T_COMMA T_PLUS T_MINUS T_STAR T_SLASH
 *   T_POW     `**` or `^`
 *   T_OTHER   any other character (one code point), for the parser to report in context
 *   T_ERROR   a malformed token (bad exponent, unterminated quote, ...): `error` says what
 *   T_EOF     end of input (start = src.length)
 */
import { type Num, integer } from '../numbers.js';

export const T_EOF = 0;
export const T_INT = 1;
export const T_FLOAT = 2;
export const T_IDENT = 3;
export const T_QUOTED = 4;
export const T_SLOT = 5;
export const T_LPAREN = 6;
export const T_RPAREN = 7;
export const T_COMMA = 8;
export const T_PLUS = 9;
export const T_MINUS = 10;
export const T_STAR = 11;
export const T_SLASH = 12;
export const T_POW = 13;
export const T_OTHER = 14;
export const T_ERROR = 15;

// Char codes.
const C_TAB = 9;
const C_LF = 10;
const C_VT = 11;
const C_FF = 12;
const C_CR = 13;
const C_SPACE = 32;
const C_LPAREN = 40;
const C_RPAREN = 41;
const C_STAR = 42;
const C_PLUS = 43;
const C_COMMA = 44;
const C_MINUS = 45;
const C_DOT = 46;
const C_0 = 48;
const C_9 = 57;
const C_COLON = 58;
const C_UPPER_E = 69;
const C_CARET = 94;
const C_UNDERSCORE = 95;
const C_BACKTICK = 96;
const C_LOWER_E = 101;
const C_TILDE = 126;
const C_SLASH = 47;

/** Integers with at most this many digits are accumulated in a double exactly (< 2^53). */
const SAFE_DIGITS = 15;

export function isDigit(c: number): boolean {
  return c >= C_0 && c <= C_9;
}

export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === C_UNDERSCORE;
}

export function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

/** True when `s` is a plain identifier `[A-Za-z_][A-Za-z0-9_]*`. */
export function isIdentifier(s: string): boolean {
  if (s.length === 0 || !isIdentStart(s.charCodeAt(0))) return false;
  for (let i = 1; i < s.length; i++) if (!isIdentPart(s.charCodeAt(i))) return false;
  return true;
}

/** True when `s` is exactly a slot token: `~name` or `~~name`, optionally followed by `:type`. */
export function isSlotText(s: string): boolean {
  let i = 0;
  const n = s.length;
  if (i >= n || s.charCodeAt(i) !== C_TILDE) return false;
  i++;
  if (i < n && s.charCodeAt(i) === C_TILDE) i++;
  const name = i;
  if (i >= n || !isIdentStart(s.charCodeAt(i))) return false;
  while (i < n && isIdentPart(s.charCodeAt(i))) i++;
  if (i === n) return i > name;
  if (s.charCodeAt(i) !== C_COLON) return false;
  i++;
  if (i >= n || !isIdentStart(s.charCodeAt(i))) return false;
  while (i < n && isIdentPart(s.charCodeAt(i))) i++;
  return i === n;
}

/** Writes a name as a backtick-quoted name of the syntax (backticks inside are doubled). */
export function quoteName(name: string): string {
  return '`' + (name.indexOf('`') < 0 ? name : name.split('`').join('``')) + '`';
}

export class Lexer {
  /** Kind of the current token (a `T_*` constant). */
  kind = T_EOF;
  /** Offset of the current token's first character. */
  start = 0;
  /** Offset just past the current token. */
  end = 0;
  /** Text of T_IDENT, T_SLOT; the unquoted name of T_QUOTED. */
  text = '';
  /** Value of T_INT (exact) and T_FLOAT (a JS number). */
  num: Num = 0;
  /** Message of a T_ERROR token. */
  error = '';

  constructor(
    readonly src: string,
    /** Pattern mode: `~` starts a slot token. */
    readonly slots: boolean,
  ) {}

  /** Advances to the next token. */
  next(): void {
    const src = this.src;
    const n = src.length;
    let i = this.end;
    let c = 0;
    while (i < n) {
      c = src.charCodeAt(i);
      if (c !== C_SPACE && c !== C_TAB && c !== C_LF && c !== C_CR && c !== C_VT && c !== C_FF) break;
      i++;
    }
    this.start = i;
    if (i >= n) {
      this.kind = T_EOF;
      this.end = n;
      return;
    }
    switch (c) {
      case C_LPAREN:
        return this.single(T_LPAREN, i);
      case C_RPAREN:
        return this.single(T_RPAREN, i);
      case C_COMMA:
        return this.single(T_COMMA, i);
      case C_PLUS:
        return this.single(T_PLUS, i);
      case C_MINUS:
        return this.single(T_MINUS, i);
      case C_SLASH:
        return this.single(T_SLASH, i);
      case C_CARET:
        return this.single(T_POW, i);
      case C_STAR:
        if (i + 1 < n && src.charCodeAt(i + 1) === C_STAR) {
          this.kind = T_POW;
          this.end = i + 2;
          return;
        }
        return this.single(T_STAR, i);
      case C_BACKTICK:
        return this.quoted(i);
      case C_TILDE:
        if (this.slots) return this.slot(i);
        break;
      default:
        if (isDigit(c) || (c === C_DOT && i + 1 < n && isDigit(src.charCodeAt(i + 1)))) return this.number(i);
        if (isIdentStart(c)) {
          let j = i + 1;
          while (j < n && isIdentPart(src.charCodeAt(j))) j++;
          this.kind = T_IDENT;
          this.text = src.slice(i, j);
          this.end = j;
          return;
        }
    }
    // Anything else is one code point (a surrogate pair counts as one) for the parser to report.
    const hi = c >= 0xd800 && c <= 0xdbff && i + 1 < n;
    const lo = hi ? src.charCodeAt(i + 1) : 0;
    this.kind = T_OTHER;
    this.end = hi && lo >= 0xdc00 && lo <= 0xdfff ? i + 2 : i + 1;
  }

  private single(kind: number, i: number): void {
    this.kind = kind;
    this.end = i + 1;
  }

  private fail(message: string, at: number, end: number): void {
    this.kind = T_ERROR;
    this.error = message;
    this.start = at;
    this.end = end;
  }

  private number(i: number): void {
    const src = this.src;
    const n = src.length;
    const start = i;
    let exact = true;
    let value = 0;
    while (i < n) {
      const c = src.charCodeAt(i);
      if (!isDigit(c)) break;
      value = value * 10 + (c - C_0);
      i++;
    }
    if (i < n && src.charCodeAt(i) === C_DOT) {
      exact = false;
      i++;
      while (i < n && isDigit(src.charCodeAt(i))) i++;
    }
    if (i < n) {
      const c = src.charCodeAt(i);
      if (c === C_LOWER_E || c === C_UPPER_E) {
        exact = false;
        i++;
        if (i < n && (src.charCodeAt(i) === C_PLUS || src.charCodeAt(i) === C_MINUS)) i++;
        if (i >= n || !isDigit(src.charCodeAt(i))) {
          const found = i >= n ? 'end of input' : describeChar(src, i);
          return this.fail(
            `expected digits in the exponent of the number '${clip(src.slice(start, i))}' but found ${found} at position ${i}`,
            i,
            i,
          );
        }
        while (i < n && isDigit(src.charCodeAt(i))) i++;
      }
    }
    this.start = start;
    this.end = i;
    if (!exact) {
      this.kind = T_FLOAT;
      this.num = Number(src.slice(start, i)); // correctly rounded; 1e999 is Infinity
      return;
    }
    this.kind = T_INT;
    if (i - start <= SAFE_DIGITS) {
      this.num = integer(value);
      return;
    }
    try {
      this.num = integer(BigInt(src.slice(start, i)));
    } catch {
      // Only a literal beyond the engine's BigInt size limit gets here.
      this.fail(`the integer at position ${start} is too large (${i - start} digits)`, start, i);
    }
  }

  private quoted(i: number): void {
    const src = this.src;
    const n = src.length;
    const start = i;
    let escaped = false;
    i++;
    for (;;) {
      const j = src.indexOf('`', i);
      if (j < 0)
        return this.fail(
          `expected '\`' to close the quoted name at position ${start} but found end of input at position ${n}`,
          n,
          n,
        );
      if (j + 1 < n && src.charCodeAt(j + 1) === C_BACKTICK) {
        escaped = true; // a doubled backtick stands for one backtick
        i = j + 2;
        continue;
      }
      let name = src.slice(start + 1, j);
      if (escaped) name = name.split('``').join('`');
      if (name.length === 0)
        return this.fail(`empty quoted name at position ${start}: a name needs at least one character`, start, j + 1);
      this.kind = T_QUOTED;
      this.text = name;
      this.start = start;
      this.end = j + 1;
      return;
    }
  }

  private slot(i: number): void {
    const src = this.src;
    const n = src.length;
    const start = i;
    i++;
    if (i < n && src.charCodeAt(i) === C_TILDE) i++;
    if (i >= n || !isIdentStart(src.charCodeAt(i))) {
      const found = i >= n ? 'end of input' : describeChar(src, i);
      return this.fail(`expected a slot name after '${src.slice(start, i)}' but found ${found} at position ${i}`, i, i);
    }
    while (i < n && isIdentPart(src.charCodeAt(i))) i++;
    if (i < n && src.charCodeAt(i) === C_COLON) {
      i++;
      if (i >= n || !isIdentStart(src.charCodeAt(i))) {
        const found = i >= n ? 'end of input' : describeChar(src, i);
        return this.fail(
          `expected a type name after ':' in the slot '${src.slice(start, i)}' but found ${found} at position ${i}`,
          i,
          i,
        );
      }
      while (i < n && isIdentPart(src.charCodeAt(i))) i++;
    }
    this.kind = T_SLOT;
    this.text = src.slice(start, i);
    this.start = start;
    this.end = i;
  }
}

/** Shortens long token text for messages (a 10^6-digit number must not end up in one). */
export function clip(s: string): string {
  return s.length <= 24 ? s : s.slice(0, 20) + '…';
}

/** The character at `i` for a message: `'x'` when printable ASCII, else its code point `U+0007`. */
export function describeChar(src: string, i: number): string {
  const c = src.codePointAt(i)!;
  if (c > 32 && c < 127) return `'${String.fromCharCode(c)}'`;
  return `character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}
