/**
 * Errors and exit codes, in one place for every command and for the server.
 *
 * Exit codes: 0 success, 1 bad input (a malformed expression, a bad CSV cell, a missing file, a
 * wrong option: the message says what and where, and no stack trace is shown), 2 internal error
 * (a bug in symx: the stack trace is shown, to be reported).
 */
import { DerivativeError, EvaluationError, FlatError, JSONTermError, ParseError, TermError } from '@symx/core';
import { KernelError } from '@symx/wasm-eval';

/**
 * Exit codes of `run` and of the executable.
 *
 * @example
 * import { PassThrough } from 'node:stream';
 * const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), stderrIsTTY: false, cwd: '.' };
 * (await run(['simplify', 'x +'], io)) === EXIT_BAD_INPUT; // → true
 * (await run(['simplify', 'x + x'], io)) === EXIT_OK; // → true
 */
export const EXIT_OK = 0;
/**
 * Bad input: a malformed expression or data, a missing file, a wrong option.
 *
 * @example
 * import { PassThrough } from 'node:stream';
 * const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), stderrIsTTY: false, cwd: '.' };
 * (await run(['simplify', '2 * (x +'], io)) === EXIT_BAD_INPUT; // → true
 */
export const EXIT_BAD_INPUT = 1;
/**
 * A bug in symx.
 *
 * @example
 * // reserved for bugs: a run that ends with it printed a stack trace to report
 * [EXIT_OK, EXIT_BAD_INPUT, EXIT_INTERNAL]; // → [0, 1, 2]
 */
export const EXIT_INTERNAL = 2;

/** Where a user error happened, as far as it is known. */
export interface ErrorDetails {
  /** 0-based offset into `source` (expressions). */
  readonly position?: number;
  /** The text the position refers to (shown with a caret under the position). */
  readonly source?: string;
  /** What `source` is: 'EXPR', 'line 3', 'A'... */
  readonly where?: string;
  /** 1-based data row of a CSV file (the header is not a row) and its column name. */
  readonly row?: number;
  readonly column?: string;
  /** 1-based line of the file. */
  readonly line?: number;
  /** Index of an expression in a batch. */
  readonly index?: number;
}

/**
 * Bad input: reported as `symx: error: <message>` (plus the source with a caret under the
 * position, when there is one), exit code 1, never with a stack trace. `code` is a short
 * machine-readable category: 'usage', 'parse', 'csv', 'file', 'evaluation', 'unsupported'.
 *
 * @example
 * const e = new UserError("column 'z' is missing from data.csv", 'csv');
 * e.code; // → 'csv'
 * // thrown inside a command, it is printed as `symx: error: column 'z' is missing from data.csv`
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly code: string,
    readonly details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The user error that `e` stands for, or undefined when `e` is a bug. symx's own input errors
 * (parse errors, bad JSON terms, variables without data, operators without a derivative,
 * kernels given bad columns) and file-system errors are user errors.
 *
 * @example
 * asUserError(new ParseError('expected ...', 3))?.code;   // 'parse'
 */
export function asUserError(e: unknown): UserError | undefined {
  if (e instanceof UserError) return e;
  if (e instanceof ParseError) return new UserError(e.message, 'parse', { position: e.position }, { cause: e });
  if (e instanceof JSONTermError) return new UserError(e.message, 'parse', {}, { cause: e });
  if (e instanceof TermError || e instanceof FlatError) return new UserError(e.message, 'unsupported', {}, { cause: e });
  if (e instanceof DerivativeError) return new UserError(e.message, 'unsupported', {}, { cause: e });
  if (e instanceof EvaluationError || e instanceof KernelError) return new UserError(e.message, 'evaluation', {}, { cause: e });
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (e instanceof Error && typeof code === 'string' && FILE_ERRORS.has(code)) {
    const path = (e as NodeJS.ErrnoException).path;
    return new UserError(`${FILE_ERRORS.get(code)}${path ? `: ${path}` : ''}`, 'file', {}, { cause: e });
  }
  return undefined;
}

const FILE_ERRORS = new Map([
  ['ENOENT', 'no such file or directory'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'operation not permitted'],
  ['EISDIR', 'is a directory'],
  ['ENOTDIR', 'not a directory'],
  ['EEXIST', 'file already exists'],
  ['ENOSPC', 'no space left on device'],
  ['EROFS', 'read-only file system'],
]);

/** The JSON form of an error, as `--json` prints it and the server replies with. */
export interface ErrorJSON {
  code: string;
  message: string;
  position?: number;
  where?: string;
  row?: number;
  column?: string;
  line?: number;
  index?: number;
}

/**
 * The JSON form of any error: user errors with their details, anything else as code 'internal'.
 *
 * @example
 * errorJSON(new UserError('bad', 'csv', { row: 3, column: 'x' }));
 * // { code: 'csv', message: 'bad', row: 3, column: 'x' }
 */
export function errorJSON(e: unknown): ErrorJSON {
  const u = asUserError(e);
  if (u === undefined) return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
  const { position, where, row, column, line, index } = u.details;
  return {
    code: u.code,
    message: u.message,
    ...(position !== undefined ? { position } : {}),
    ...(where !== undefined ? { where } : {}),
    ...(row !== undefined ? { row } : {}),
    ...(column !== undefined ? { column } : {}),
    ...(line !== undefined ? { line } : {}),
    ...(index !== undefined ? { index } : {}),
  };
}

/**
 * Two lines showing `source` around `position` with a caret under it (long sources are
 * clipped to a window around the position; tabs and line breaks are shown as spaces).
 *
 * @example
 * caret('x + * y', 4);   // '  x + * y\n      ^'
 */
export function caret(source: string, position: number, width = 76): string {
  const pos = Math.max(0, Math.min(position, source.length));
  let start = 0;
  let end = source.length;
  if (end > width) {
    start = Math.max(0, pos - Math.floor(width / 2));
    end = Math.min(source.length, start + width);
    start = Math.max(0, end - width);
  }
  const prefix = start > 0 ? '…' : '';
  const suffix = end < source.length ? '…' : '';
  const shown = source.slice(start, end).replace(/[\t\n\r\v\f]/g, ' ');
  return `  ${prefix}${shown}${suffix}\n  ${' '.repeat(prefix.length + pos - start)}^`;
}

/**
 * The text report of an error for stderr: one `symx: error:` line (prefixed with where it
 * happened), the caret display when a source position is known, and for internal errors the
 * stack trace.
 *
 * @example
 * errorText(new UserError('expected a number', 'parse', { source: '2 +', position: 3 }));
 * // "symx: error: expected a number\n  2 +\n     ^\n"
 */
export function errorText(e: unknown): string {
  const u = asUserError(e);
  if (u === undefined) {
    const stack = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return `symx: internal error (a bug in symx; please report it with this output):\n${stack}\n`;
  }
  const { where, source, position } = u.details;
  let text = `symx: error: ${where !== undefined ? `${where}: ` : ''}${u.message}\n`;
  if (source !== undefined && position !== undefined) text += caret(source, position) + '\n';
  return text;
}

/**
 * The exit code for an error: 1 for user errors, 2 for internal ones.
 *
 * @example
 * exitCodeOf(new UserError('bad', 'usage'));   // 1
 */
export function exitCodeOf(e: unknown): number {
  return asUserError(e) === undefined ? EXIT_INTERNAL : EXIT_BAD_INPUT;
}
