/**
 * The wire format of `symx serve` (documented in packages/cli/README.md): one JSON request per
 * line, `{"id": any, "method": string, "params": object}`, answered by one line,
 * `{"id": same, "result": ...}` or `{"id": same, "error": {"code", "message", ...}}`.
 * This file has the error type, the error codes and the parameter readers that turn a bad
 * parameter into an `invalid_params` error naming it.
 */
import { asUserError } from '../errors.js';

/**
 * Version of the protocol, reported by the `version` method; it changes only when a request
 * that worked stops working the same way.
 *
 * @example
 * const server = new Server();
 * JSON.parse(await server.handle('{"id": 1, "method": "version"}')).result.protocol === PROTOCOL_VERSION; // → true
 */
export const PROTOCOL_VERSION = 1;

/**
 * Error codes of replies:
 * - parse_error       the line is not JSON
 * - invalid_request   not an object, or no string `method`
 * - unknown_method    no such method
 * - invalid_params    a parameter is missing, has the wrong type or an invalid value
 * - bad_expression    an expression does not parse (`position`, and `index` in a batch)
 * - bad_vocabulary    an operator vocabulary is malformed
 * - unknown_dataset   no dataset of that name was loaded
 * - unknown_kernel    no compiled kernel of that id
 * - data_error        dataset values are malformed (a CSV cell: `row`, `column`)
 * - evaluation_error  evaluation is impossible (a variable the dataset lacks, no target...)
 * - unsupported       an operation symx cannot do (an operator without a derivative, ...)
 * - internal_error    a bug in symx; the server keeps running
 *
 * @example
 * const server = new Server();
 * const reply = JSON.parse(server.handle('{"id": 7, "method": "simplify", "params": {"expr": "x +"}}'));
 * const code: ErrorCode = reply.error.code;
 * code; // → 'bad_expression'
 */
export type ErrorCode =
  | 'parse_error'
  | 'invalid_request'
  | 'unknown_method'
  | 'invalid_params'
  | 'bad_expression'
  | 'bad_vocabulary'
  | 'unknown_dataset'
  | 'unknown_kernel'
  | 'data_error'
  | 'evaluation_error'
  | 'unsupported'
  | 'internal_error';

/** Extra fields of an error reply. */
export interface ErrorFields {
  position?: number;
  index?: number;
  row?: number;
  column?: string;
  line?: number;
  param?: string;
}

/**
 * An error reply. Handlers throw it; the server turns it into `{"id", "error": {...}}`.
 *
 * @example
 * const e = new ProtocolError('invalid_params', "'name' must be a string", { param: 'name' });
 * e.code; // → 'invalid_params'
 * // thrown by a method handler, the server replies {"id": ..., "error": {"code": "invalid_params", ...}}
 */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: ErrorFields = {},
  ) {
    super(message);
  }
}

/** The `error` object of a reply for any thrown value (bugs become internal_error). */
export function errorReply(e: unknown): { code: ErrorCode; message: string } & ErrorFields {
  if (e instanceof ProtocolError) return { code: e.code, message: e.message, ...e.fields };
  const u = asUserError(e);
  if (u === undefined) return { code: 'internal_error', message: e instanceof Error ? e.message : String(e) };
  const code: ErrorCode =
    u.code === 'parse'
      ? 'bad_expression'
      : u.code === 'csv' || u.code === 'file'
        ? 'data_error'
        : u.code === 'evaluation'
          ? 'evaluation_error'
          : u.code === 'unsupported'
            ? 'unsupported'
            : 'invalid_params';
  const { position, index, row, column, line } = u.details;
  return {
    code,
    message: u.message,
    ...(position !== undefined ? { position } : {}),
    ...(index !== undefined ? { index } : {}),
    ...(row !== undefined ? { row } : {}),
    ...(column !== undefined ? { column } : {}),
    ...(line !== undefined ? { line } : {}),
  };
}

/** Request parameters: a JSON object. */
export type Params = Readonly<Record<string, unknown>>;

function bad(param: string, what: string): ProtocolError {
  return new ProtocolError('invalid_params', `'${param}' ${what}`, { param });
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/** A required string parameter. */
export function str(p: Params, name: string): string {
  const v = p[name];
  if (typeof v !== 'string') throw bad(name, v === undefined ? 'is required (a string)' : `must be a string, got ${typeName(v)}`);
  return v;
}

/** An optional string parameter. */
export function optStr(p: Params, name: string): string | undefined {
  return p[name] === undefined ? undefined : str(p, name);
}

/** An optional string parameter restricted to `choices`, with a default. */
export function choice<T extends string>(p: Params, name: string, choices: readonly T[], fallback: T): T {
  const v = p[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw bad(name, `must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

/** An optional number parameter within [min, max]. */
export function optNum(p: Params, name: string, min = -Infinity, max = Infinity): number | undefined {
  const v = p[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(name, `must be a finite number, got ${typeName(v)}`);
  if (v < min || v > max) throw bad(name, `must be in [${min}, ${max}], got ${v}`);
  return v;
}

/** An optional boolean parameter. */
export function optBool(p: Params, name: string): boolean | undefined {
  const v = p[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw bad(name, `must be true or false, got ${typeName(v)}`);
  return v;
}

/** A required array of strings. */
export function strArray(p: Params, name: string): string[] {
  const v = p[name];
  if (!Array.isArray(v)) throw bad(name, v === undefined ? 'is required (an array of strings)' : `must be an array of strings, got ${typeName(v)}`);
  v.forEach((s, i) => {
    if (typeof s !== 'string') throw bad(name, `must be an array of strings, but item ${i} is ${typeName(s)}`);
  });
  return v as string[];
}

/** An optional object parameter. */
export function optObj(p: Params, name: string): Params | undefined {
  const v = p[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(name, `must be an object, got ${typeName(v)}`);
  return v as Params;
}

/** The params object of a request (absent means empty). */
export function paramsOf(request: Record<string, unknown>): Params {
  const p = request.params;
  if (p === undefined) return {};
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new ProtocolError('invalid_request', `'params' must be an object, got ${typeName(p)}`);
  return p as Params;
}

/** A JSON-safe number: finite numbers as they are, NaN and ±Infinity as null. */
export function jsonNumber(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
