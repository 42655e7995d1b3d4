/**
 * The expression panel's computation, free of the DOM so the browser test can run the same
 * code in Node and compare: parse, simplify with both engines, differentiate, LaTeX.
 */
import { ParseError, type Term, derivative, format, parse, simplify, toLatex, variables } from '@symx/core';
import { simplify as egraphSimplify } from '@symx/egraph';

/** One engine's answer, or why it failed (an engine failing must not hide the others). */
export type Outcome<T> = { readonly ok: true; readonly value: T; readonly ms: number } | { readonly ok: false; readonly error: string };

/** A parse failure: the message and the 0-based offset and length of the text to underline. */
export interface ParseFailure {
  readonly ok: false;
  readonly message: string;
  readonly position: number;
  readonly length: number;
}

export interface Analysis {
  readonly ok: true;
  readonly term: Term;
  /** `format` of the parsed term (what the parser understood). */
  readonly parsed: string;
  readonly latex: string;
  /** The term's variables, sorted; the derivative and the plot use `variable`. */
  readonly variables: readonly string[];
  readonly variable: string;
  readonly core: Outcome<Term>;
  readonly egraph: Outcome<Term>;
  /** d term / d variable as the differentiator returns it, then simplified by core. */
  readonly derivative: Outcome<Term>;
  readonly derivativeSimplified: Outcome<Term>;
}

/** The variable used when the expression has none (constants still plot, as flat lines). */
export const DEFAULT_VARIABLE = 'x';

/**
 * Parses `src` and runs every transformation; `variable` is the one to differentiate by
 * (default: the first variable of the expression, or 'x').
 *
 * @example
 * const a = analyze('x*1 + 0');
 * a.ok && format(a.core.ok ? a.core.value : a.term);   // 'x'
 * analyze('(x + 1');                                    // { ok: false, position: 6, ... }
 */
export function analyze(src: string, variable?: string): Analysis | ParseFailure {
  let term: Term;
  try {
    term = parse(src);
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, message: e.message, position: e.position, length: errorLength(src, e.position) };
    throw e;
  }
  const vars = variables(term);
  const v = variable !== undefined && variable !== '' ? variable : (vars[0] ?? DEFAULT_VARIABLE);
  const d = attempt(() => derivative(term, v));
  return {
    ok: true,
    term,
    parsed: format(term),
    latex: toLatex(term),
    variables: vars,
    variable: v,
    core: attempt(() => simplify(term)),
    egraph: attempt(() => egraphSimplify(term)),
    derivative: d,
    derivativeSimplified: d.ok ? attempt(() => simplify(d.value)) : d,
  };
}

function attempt<T>(fn: () => T): Outcome<T> {
  const t0 = performance.now();
  try {
    const value = fn();
    return { ok: true, value, ms: performance.now() - t0 };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/**
 * How many characters to underline at an error position: the whole word or number there (so
 * `2 $x` marks `$`, `sin(x) foo` marks `foo`), at least one character; 0 at the end of input.
 */
export function errorLength(src: string, position: number): number {
  if (position >= src.length) return 0;
  const word = /^[A-Za-z0-9_.]+/.exec(src.slice(position, position + 200));
  return word ? word[0].length : 1;
}
