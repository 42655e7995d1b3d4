/**
 * The infix parser: source text to a `Term`, exactly as written (plain construction).
 *
 * Grammar, loosest to tightest (Python/SymPy precedence):
 *
 *   expr    := sum
 *   sum     := product (('+' | '-') product)*            left associative
 *   product := unary (('*' | '/') unary)*                left associative
 *   unary   := ('-' | '+') unary | power                  unary '+' is ignored
 *   power   := atom (('**' | '^') unary)?                 right associative: 2^3^2 = 2^(3^2)
 *   atom    := number | 'inf' | 'nan' | name | '`' quoted '`' | slot
 *            | name '(' args? ')' | '`' quoted '`' '(' args? ')' | '(' expr ')'
 *
 * So `-x**2` is neg(pow(x, 2)), `2**-1` is pow(2, -1) and `-x*y` is mul(neg(x), y). There is no
 * implicit multiplication: `2x`, `2 x` and `x(y)` are errors.
 *
 * Construction conventions (what makes `parse(format(t)) === t` possible):
 * - An unparenthesized chain of `+` (or of `*`) is one flat call: `a + b + c` is add(a, b, c),
 *   while `(a + b) + c` is add(add(a, b), c). `-` and `/` are binary: `a - b - c` is
 *   sub(sub(a, b), c), and `a - b + c` is add(sub(a, b), c).
 * - A unary minus applied to an unparenthesized numeric literal is a negative literal: `-2`,
 *   `-1.5`, `-inf` are numbers; but `-2**2` is neg(pow(2, 2)) (the literal is a power's base),
 *   `-(2)` is neg(2), and `--2` is neg(-2).
 * - A division of two integer literals (after the rule above) is an exact rational literal:
 *   `1/3`, `-1/3`, `2/4` = 1/2, `4/2` = 2. A zero denominator is not folded: `1/0` is div(1, 0).
 *   `(1)/3` and `1/(3)` are divisions.
 * - Integers are exact (bigint when large); a literal with `.` or an exponent is a float64.
 *   `inf` and `nan` are float literals, `pi` is the nullary operator call('pi').
 * - A name followed by `(` calls that operator (any name in OPERATORS, including add, mul, ...
 *   and user operators from `defineOperator`); a nullary operator may also be written bare.
 *   A backtick-quoted name is a symbol whatever its text (`` `sin` ``, `` `a b` ``), or an
 *   operator call when followed by `(` (for operators whose names are not identifiers).
 *
 * The parser is iterative (operator-precedence with explicit stacks), so nesting depth is bounded
 * only by memory, and it runs in time linear in the input.
 */
import { numDiv, numIsZero, numNeg } from './numbers.js';
import { OPERATORS, checkArity } from './operators.js';
import { type Term, TermStore, defaultStore } from './terms.js';
import {
  Lexer,
  T_COMMA,
  T_EOF,
  T_ERROR,
  T_FLOAT,
  T_IDENT,
  T_INT,
  T_LPAREN,
  T_MINUS,
  T_OTHER,
  T_PLUS,
  T_POW,
  T_QUOTED,
  T_RPAREN,
  T_SLASH,
  T_SLOT,
  T_STAR,
  clip,
  describeChar,
} from './internal/lexer.js';

/**
 * Malformed source text. `position` is the 0-based offset in the source where it went wrong;
 * the message names what was expected and what was found there.
 *
 * @example
 * try {
 *   parse('(x + 1');
 * } catch (e) {
 *   if (e instanceof ParseError) e.position;  // 6
 *   // e.message: "expected ')' to close '(' at position 0 but found end of input at position 6"
 * }
 */
export class ParseError extends Error {
  override name = 'ParseError';
  constructor(
    message: string,
    /** 0-based offset into the source. */
    readonly position: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Options of {@link parse}.
 *
 * @example
 * parse('~x * 1', { slots: true, store: new TermStore() });
 */
export interface ParseOptions {
  /** The store to build the term in (default: `defaultStore`). */
  store?: TermStore;
  /**
   * Pattern mode for the rule API: `~x`, `~~xs`, `~n:integer` are symbols named by the exact
   * token text. Without it `~` is an error.
   */
  slots?: boolean;
}

/**
 * Parses infix source into a term of the store (the default store unless `opts.store`).
 * Throws `ParseError` (with `.position`) for every malformed input, and nothing else.
 *
 * @example
 * const x = sym('x');
 * parse('x^2 + 3*x - 1') === sub(add(pow(x, int(2)), mul(int(3), x)), int(1));  // true
 * parse('-x**2') === neg(pow(x, int(2)));                                        // true
 * parse('a + b + c').args.length;                                                // 3
 * parse('1/3') === rat(1, 3);                                                    // true
 * parse('~x * 1', { slots: true }).args[0] === sym('~x');                        // true
 */
export function parse(src: string, opts?: ParseOptions): Term {
  if (typeof src !== 'string') throw new ParseError(`expected a string to parse but got ${typeof src}`, 0);
  return new Parser(src, opts?.store ?? defaultStore, opts?.slots === true).run();
}

// ---- operator stack entries -------------------------------------------------------------------

// Binary operators and unary minus; their precedence is PREC[kind].
const K_ADD = 0;
const K_SUB = 1;
const K_MUL = 2;
const K_DIV = 3;
const K_NEG = 4;
const K_POW = 5;
// Markers: a group `(` and the `(` of a call. Reductions stop at them.
const K_PAREN = 6;
const K_CALL = 7;

const PREC = [1, 1, 2, 2, 3, 4];
const BINARY_KIND: Record<number, number> = { [T_PLUS]: K_ADD, [T_MINUS]: K_SUB, [T_STAR]: K_MUL, [T_SLASH]: K_DIV };

// Operand flags.
/** A bare numeric literal token: a unary minus right before it folds into a negative literal. */
const F_LITERAL = 1;
/** An integer literal token, or one folded with a minus: two of them divided make a rational. */
const F_INT = 2;

const NO_ARGS: readonly Term[] = [];

class Parser {
  private readonly lex: Lexer;
  // Operand stack, with one flags word per operand.
  private readonly terms: Term[] = [];
  private readonly flags: number[] = [];
  // Operator stack: kind, source position, and for K_ADD/K_MUL the number of operands of the
  // chain, for K_CALL the operand-stack height at its `(`. Call names live on their own stack.
  private readonly kinds: number[] = [];
  private readonly positions: number[] = [];
  private readonly counts: number[] = [];
  private readonly callNames: string[] = [];

  constructor(
    private readonly src: string,
    private readonly store: TermStore,
    slots: boolean,
  ) {
    this.lex = new Lexer(src, slots);
  }

  run(): Term {
    const lex = this.lex;
    lex.next();
    for (;;) {
      this.operand();
      // Operator position: loop over `)` until a binary operator, `,` or the end.
      for (;;) {
        const k = lex.kind;
        if (k === T_RPAREN) {
          this.closeGroup();
          lex.next();
          continue;
        }
        if (k === T_PLUS || k === T_MINUS || k === T_STAR || k === T_SLASH) {
          this.binary(BINARY_KIND[k], lex.start);
        } else if (k === T_POW) {
          this.push(K_POW, lex.start, 0); // right associative: nothing to reduce
        } else if (k === T_COMMA) {
          this.comma();
        } else if (k === T_EOF) {
          return this.finish();
        } else {
          throw this.unexpectedAfterOperand();
        }
        lex.next();
        break;
      }
    }
  }

  /** Reads one operand, with any prefix `-`, `+` and `(` before it. */
  private operand(): void {
    const lex = this.lex;
    const store = this.store;
    for (;;) {
      switch (lex.kind) {
        case T_MINUS:
          this.push(K_NEG, lex.start, 0);
          lex.next();
          continue;
        case T_PLUS:
          lex.next();
          continue;
        case T_LPAREN:
          this.push(K_PAREN, lex.start, 0);
          lex.next();
          continue;
        case T_INT:
          this.pushTerm(store.number(lex.num), F_LITERAL | F_INT);
          lex.next();
          return;
        case T_FLOAT:
          this.pushTerm(store.number(lex.num), F_LITERAL);
          lex.next();
          return;
        case T_IDENT: {
          const name = lex.text;
          const at = lex.start;
          if (name === 'inf' || name === 'nan') {
            this.pushTerm(store.number(name === 'inf' ? Infinity : NaN), F_LITERAL);
            lex.next();
            return;
          }
          const info = OPERATORS.get(name);
          if (this.advance() === T_LPAREN) {
            if (info === undefined) throw this.unknownFunction(name, at);
            if (this.openCall(name, at)) return;
            continue;
          }
          if (info === undefined) this.pushTerm(store.symbol(name), 0);
          else if (info.arity === 0) this.pushTerm(this.build(name, NO_ARGS, at), 0);
          else throw this.tokenError(`expected '(' after '${name}'`);
          return;
        }
        case T_QUOTED: {
          const name = lex.text;
          const at = lex.start;
          if (this.advance() === T_LPAREN) {
            if (!OPERATORS.has(name)) throw this.unknownFunction(name, at);
            if (this.openCall(name, at)) return;
            continue;
          }
          this.pushTerm(store.symbol(name), 0);
          return;
        }
        case T_SLOT:
          this.pushTerm(store.symbol(lex.text), 0);
          lex.next();
          return;
        default:
          throw this.tokenError('expected an expression');
      }
    }
  }

  /** Moves to the next token and returns its kind (a plain number, so TS does not narrow it). */
  private advance(): number {
    this.lex.next();
    return this.lex.kind;
  }

  /**
   * Pushes the marker of `name(`; the current token is the `(`. Returns true when the call had
   * no arguments and is already complete (`f()`), false when an argument follows.
   */
  private openCall(name: string, at: number): boolean {
    const lex = this.lex;
    this.push(K_CALL, at, this.terms.length);
    this.callNames.push(name);
    lex.next();
    if (lex.kind !== T_RPAREN) return false;
    this.closeGroup();
    lex.next();
    return true;
  }

  /** A binary `+ - * /` at position `at`: reduces what binds tighter, or extends a chain. */
  private binary(kind: number, at: number): void {
    const kinds = this.kinds;
    const p = PREC[kind];
    for (;;) {
      const top = kinds.length - 1;
      if (top < 0) break;
      const k = kinds[top];
      if (k >= K_PAREN) break;
      const q = PREC[k];
      if (q < p) break;
      if (q === p && k === kind && (k === K_ADD || k === K_MUL)) {
        this.counts[top]++; // a + b + c: one flat add
        return;
      }
      this.reduce();
    }
    this.push(kind, at, 2);
  }

  /** `)`: completes the innermost group or call. */
  private closeGroup(): void {
    this.reduceToMarker();
    const top = this.kinds.length - 1;
    if (top < 0)
      throw new ParseError(`expected an operator or end of input but found ')' at position ${this.lex.start} with no '(' to close`, this.lex.start);
    if (this.kinds[top] === K_PAREN) {
      this.popOp();
      this.flags[this.flags.length - 1] = 0; // parenthesized: no longer a bare literal
      return;
    }
    const base = this.counts[top];
    const at = this.positions[top];
    const name = this.callNames.pop()!;
    this.popOp();
    const n = this.terms.length - base;
    let t: Term;
    if (n === 1) t = this.build1(name, this.terms[base], at);
    else {
      const args = n === 0 ? NO_ARGS : this.terms.splice(base);
      this.flags.length = base;
      t = this.build(name, args, at);
      this.pushTerm(t, 0);
      return;
    }
    this.terms[base] = t;
    this.flags[base] = 0;
  }

  /** `,`: ends one argument of the innermost call. */
  private comma(): void {
    this.reduceToMarker();
    if (this.topKind() !== K_CALL) {
      const at = this.lex.start;
      throw new ParseError(`expected an operator or end of input but found ',' at position ${at} outside a function call`, at);
    }
  }

  /** End of input: reduces everything; an open `(` left over is an error. */
  private finish(): Term {
    this.reduceToMarker();
    const top = this.kinds.length - 1;
    if (top >= 0) {
      const at = this.positions[top];
      const what = this.kinds[top] === K_CALL ? `'(' of the call to '${this.callNames[this.callNames.length - 1]}'` : `'('`;
      throw new ParseError(
        `expected ')' to close ${what} at position ${at} but found end of input at position ${this.src.length}`,
        this.src.length,
      );
    }
    return this.terms[0];
  }

  private reduceToMarker(): void {
    const kinds = this.kinds;
    while (kinds.length > 0 && kinds[kinds.length - 1] < K_PAREN) this.reduce();
  }

  /** Pops the top operator and replaces its operands with the term it builds. */
  private reduce(): void {
    const top = this.kinds.length - 1;
    const kind = this.kinds[top];
    const count = this.counts[top];
    this.popOp();
    const store = this.store;
    const terms = this.terms;
    const flags = this.flags;
    const last = terms.length - 1;
    if (kind === K_NEG) {
      const a = terms[last];
      const f = flags[last];
      if (f & F_LITERAL) {
        terms[last] = store.number(numNeg(a.value));
        flags[last] = f & F_INT;
      } else {
        terms[last] = store.call1('neg', a);
        flags[last] = 0;
      }
      return;
    }
    if (count > 2) {
      // A flat chain of + or * with three or more operands.
      const base = terms.length - count;
      const args = terms.splice(base);
      terms.push(store.call(kind === K_ADD ? 'add' : 'mul', args));
      flags.length = base;
      flags.push(0);
      return;
    }
    const a = terms[last - 1];
    const b = terms[last];
    let t: Term;
    if (kind === K_DIV && flags[last - 1] & F_INT && flags[last] & F_INT && !numIsZero(b.value)) {
      t = store.number(numDiv(a.value, b.value)); // rational literal: both sides are integer literals
    } else {
      t = store.call2(kind === K_ADD ? 'add' : kind === K_SUB ? 'sub' : kind === K_MUL ? 'mul' : kind === K_DIV ? 'div' : 'pow', a, b);
    }
    terms.length = last;
    flags.length = last;
    terms[last - 1] = t;
    flags[last - 1] = 0;
  }

  // ---- building calls (arity checked here so the error names the call's position) -------------

  private build(name: string, args: readonly Term[], at: number): Term {
    this.checkCall(name, args.length, at);
    try {
      return this.store.call(name, args);
    } catch (e) {
      throw new ParseError(`${(e as Error).message} in the call at position ${at}`, at, { cause: e });
    }
  }

  private build1(name: string, a: Term, at: number): Term {
    this.checkCall(name, 1, at);
    try {
      return this.store.call1(name, a);
    } catch (e) {
      throw new ParseError(`${(e as Error).message} in the call at position ${at}`, at, { cause: e });
    }
  }

  private checkCall(name: string, argc: number, at: number): void {
    const problem = checkArity(name, argc);
    if (problem !== undefined) throw new ParseError(`${problem} in the call at position ${at}`, at);
  }

  // ---- stacks -------------------------------------------------------------------------------

  private push(kind: number, at: number, count: number): void {
    this.kinds.push(kind);
    this.positions.push(at);
    this.counts.push(count);
  }

  private popOp(): void {
    this.kinds.pop();
    this.positions.pop();
    this.counts.pop();
  }

  private topKind(): number {
    const k = this.kinds;
    return k.length === 0 ? -1 : k[k.length - 1];
  }

  private pushTerm(t: Term, f: number): void {
    this.terms.push(t);
    this.flags.push(f);
  }

  // ---- error messages -----------------------------------------------------------------------

  /** The current token for a message: `')' at position 4`, `end of input at position 7`. */
  private found(): string {
    const lex = this.lex;
    return `${this.describeToken()} at position ${lex.start}`;
  }

  private describeToken(): string {
    const lex = this.lex;
    switch (lex.kind) {
      case T_EOF:
        return 'end of input';
      case T_INT:
      case T_FLOAT:
        return `the number '${clip(this.src.slice(lex.start, lex.end))}'`;
      case T_IDENT:
      case T_SLOT:
        return `'${clip(lex.text)}'`;
      case T_QUOTED:
        return `the quoted name '${clip(this.src.slice(lex.start, lex.end))}'`;
      case T_OTHER:
        return describeChar(this.src, lex.start);
      default:
        return `'${this.src.slice(lex.start, lex.end)}'`;
    }
  }

  /** An error for the current token in a place where `expected` was needed. */
  private tokenError(expected: string): ParseError {
    const lex = this.lex;
    if (lex.kind === T_ERROR) return new ParseError(lex.error, lex.start);
    let hint = '';
    if (lex.kind === T_OTHER && this.src.charCodeAt(lex.start) === 126 /* ~ */)
      hint = " (slot patterns such as '~x' are allowed only in pattern mode: parse(src, { slots: true }))";
    return new ParseError(`${expected} but found ${this.found()}${hint}`, lex.start);
  }

  /** A token after a complete operand that cannot follow one. */
  private unexpectedAfterOperand(): ParseError {
    const k = this.lex.kind;
    const startsOperand =
      k === T_INT || k === T_FLOAT || k === T_IDENT || k === T_QUOTED || k === T_SLOT || k === T_LPAREN;
    if (!startsOperand) return this.tokenError('expected an operator or end of input');
    return new ParseError(
      `expected an operator or end of input but found ${this.found()} (implicit multiplication is not supported: write '*')`,
      this.lex.start,
    );
  }

  private unknownFunction(name: string, at: number): ParseError {
    const close = closestOperator(name);
    const hint = close !== undefined ? `did you mean '${close}'?` : `for a product write '${clip(name)}*(...)'`;
    return new ParseError(`unknown function '${clip(name)}' at position ${at} (${hint})`, at);
  }
}

// ---- suggestions ------------------------------------------------------------------------------

/** Common names from other systems that are spelled differently here. */
const ALIASES: Record<string, string> = {
  ln: 'log',
  arcsin: 'asin',
  arccos: 'acos',
  arctan: 'atan',
  power: 'pow',
  fabs: 'abs',
};

/** The operator name closest to `name` (edit distance 1, or 2 for names longer than 4). */
function closestOperator(name: string): string | undefined {
  if (Object.hasOwn(ALIASES, name) && OPERATORS.has(ALIASES[name])) return ALIASES[name];
  if (name.length > 32) return undefined;
  const limit = name.length > 4 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of OPERATORS.keys()) {
    const d = editDistance(name.toLowerCase(), candidate, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions, or `cap` once it is known to be >= cap. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return Math.min(prev[b.length], cap);
}
