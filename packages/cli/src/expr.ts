/**
 * Expressions in and out of the CLI: reading an argument or a line (infix, or symx's JSON term
 * form when it starts with `{`), and printing a term in one of the output formats.
 */
import {
  type JSONDag,
  type JSONTerm,
  JSONTermError,
  ParseError,
  type Term,
  format,
  fromJSONString,
  parse,
  toJSON,
  toJSONString,
  toLatex,
  toSympy,
} from '@symx/core';
import { UserError } from './errors.js';

/** Output formats of terms. */
export const OUTPUT_FORMATS = ['infix', 'latex', 'sympy', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * Parses one expression given on the command line or on a line of input. Text starting with
 * `{` is read as symx's JSON term form, anything else as infix. Malformed input throws a
 * `UserError` carrying the source and the position, so the report shows a caret under it.
 *
 * @example
 * readExpr('x^2 + 1', 'EXPR');          // the term x^2 + 1
 * readExpr('{"sym": "x"}', 'line 2');   // the symbol x
 * readExpr('x + ', 'EXPR');             // throws UserError (code 'parse', position 4)
 */
export function readExpr(source: string, where: string): Term {
  try {
    return source.trimStart().startsWith('{') ? fromJSONString(source) : parse(source);
  } catch (e) {
    if (e instanceof ParseError) throw new UserError(e.message, 'parse', { source, position: e.position, where }, { cause: e });
    if (e instanceof JSONTermError) throw new UserError(`invalid JSON term: ${e.message}`, 'parse', { where }, { cause: e });
    if (e instanceof SyntaxError) throw new UserError(`invalid JSON: ${e.message}`, 'parse', { where }, { cause: e });
    throw e;
  }
}

/**
 * A term as text in the given format (JSON as one line of symx's JSON term form).
 *
 * @example
 * renderText(parse('x^2/2'), 'latex');   // '\\frac{x^{2}}{2}'
 */
export function renderText(t: Term, fmt: OutputFormat): string {
  switch (fmt) {
    case 'infix':
      return format(t);
    case 'latex':
      return toLatex(t);
    case 'sympy':
      return toSympy(t);
    case 'json':
      return toJSONString(t);
  }
}

/**
 * A term as a value inside `--json` output: a string in the text formats, the JSON term itself
 * (an object, tree or DAG form, never deeply nested) in the 'json' format.
 *
 * @example
 * renderValue(parse('x + 1'), 'json');   // { op: 'add', args: [{ sym: 'x' }, { int: '1' }] }
 */
export function renderValue(t: Term, fmt: OutputFormat): string | JSONTerm | JSONDag {
  return fmt === 'json' ? toJSON(t) : renderText(t, fmt);
}

/**
 * Checks a `--format` value.
 *
 * @example
 * outputFormat('latex');   // 'latex'
 */
export function outputFormat(value: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UserError(`unknown format '${value}' (expected ${OUTPUT_FORMATS.join(', ')})`, 'usage');
}
