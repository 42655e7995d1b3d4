/**
 * Options and helpers shared by the commands: `--json`, `--format`, `--time-limit`, examples in
 * `--help`, and printing results.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Context } from '../cli.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../expr.js';
import { write } from '../io.js';

/** Adds `--json` (every command has it). */
export function jsonOption(cmd: Command): Command {
  return cmd.option('--json', 'print the result (or the error) as JSON on stdout');
}

/** Adds `--format <infix|latex|sympy|json>` for commands that print terms. */
export function formatOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('-f, --format <format>', 'how to print expressions').choices([...OUTPUT_FORMATS]).default('infix'),
  );
}

/** Adds `--time-limit <ms>`. */
export function timeLimitOption(cmd: Command, what: string): Command {
  return cmd.option('-t, --time-limit <ms>', `stop ${what} after this many milliseconds (best result so far)`, positiveNumber);
}

/** Appends an "Examples:" section to a command's help. */
export function examples(cmd: Command, lines: readonly string[]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/** Commander argument parser: a number > 0. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a positive number, got '${value}'`);
  return n;
}

/** Commander argument parser: an integer >= 1. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return n;
}

/** Commander argument parser: a comma-separated list of names (`x,y`), repeated options add up. */
export function nameList(value: string, previous: string[] | undefined): string[] {
  const names = value.split(',').map((s) => s.trim());
  if (names.some((s) => s === '')) throw new InvalidArgumentError(`expected comma-separated names, got '${value}'`);
  return [...(previous ?? []), ...names];
}

/** Options every command has. */
export interface CommonOptions {
  json?: boolean;
}

/** Options of commands that print terms. */
export interface FormatOptions extends CommonOptions {
  format: OutputFormat;
}

/** Prints one line on stdout (waiting when the pipe is full). */
export async function println(ctx: Context, text: string): Promise<void> {
  await write(ctx.io.stdout, text + '\n');
}

/** Prints one JSON value as one line on stdout. */
export async function printJSON(ctx: Context, value: unknown): Promise<void> {
  await write(ctx.io.stdout, JSON.stringify(value) + '\n');
}

/** Marks the run as JSON mode when `--json` was given (errors are then reported as JSON). */
export function begin(ctx: Context, opts: CommonOptions): void {
  ctx.json = opts.json === true;
}
