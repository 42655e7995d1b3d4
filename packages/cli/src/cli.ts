/**
 * The `symx` command line: `run(argv, io)` parses the arguments (commander), runs one command
 * and returns the exit code. It never calls `process.exit` and touches the process only through
 * `io`, so the whole CLI runs in-process in tests; `main.ts` is the thin executable around it.
 *
 * Every error ends here: user errors are printed without a stack trace (with a caret under the
 * position for expressions, the row and column for CSV data) and exit with 1; anything else is
 * a bug, printed with its stack, exit 2. With `--json` the error is a JSON object on stdout.
 */
import { Command, CommanderError } from 'commander';
import { defineCompile } from './commands/compile.js';
import { defineDiff } from './commands/diff.js';
import { defineDistance } from './commands/distance.js';
import { defineEquiv } from './commands/equiv.js';
import { defineEval } from './commands/eval.js';
import { defineExpand } from './commands/expand.js';
import { defineServe } from './commands/serve.js';
import { defineSimplify } from './commands/simplify.js';
import { EXIT_BAD_INPUT, EXIT_OK, UserError, errorJSON, errorText, exitCodeOf } from './errors.js';
import type { CliIO } from './io.js';
import { VERSION } from './version.js';

/**
 * What commands share during one run.
 *
 * @example
 * // commands receive it; from outside, `run` builds one per call
 * const ctx: Pick<Context, 'exitCode' | 'json'> = { exitCode: EXIT_OK, json: false };
 * ctx.exitCode; // → 0
 */
export interface Context {
  readonly io: CliIO;
  /** The exit code of the run when no error escapes (a batch with failed lines sets 1). */
  exitCode: number;
  /** Whether errors are reported as JSON (set from the command's `--json`). */
  json: boolean;
  /**
   * Set by a command that already wrote its error into its own (streamed) JSON output, so that
   * the error is not printed a second time.
   */
  errorReported?: boolean;
}


const EXAMPLES = `
Examples:
  $ symx simplify "x*y*x/(x*y)"                  x
  $ echo "sin(x)^2 + cos(x)^2" | symx simplify   1
  $ symx diff "x^2*y" --wrt x,y                  the gradient, one line per variable
  $ symx eval "x*y + 1" --data data.csv --out result.csv
  $ symx serve                                   JSON requests on stdin (see the README)

Exit codes: 0 success, 1 bad input, 2 internal error.
Run 'symx <command> --help' for a command's options and examples.
`;

/**
 * Runs the CLI on `argv` (the arguments after the program name) and resolves to the exit code.
 *
 * @example
 * const code = await run(['simplify', 'x*y*x/(x*y)'], processIO());   // prints 'x', returns 0
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const ctx: Context = { io, exitCode: EXIT_OK, json: argv.includes('--json') };
  let commanderMessage = '';
  const program = new Command('symx')
    .description('Simplify, differentiate, compile and evaluate mathematical expressions.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      // Keep commander's error message: it is reported below like every other error.
      outputError: (s) => void (commanderMessage = s),
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', EXAMPLES);
  defineSimplify(program, ctx);
  defineDiff(program, ctx);
  defineExpand(program, ctx);
  defineCompile(program, ctx);
  defineEval(program, ctx);
  defineEquiv(program, ctx);
  defineDistance(program, ctx);
  defineServe(program, ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0; a bare `symx` shows help with 1.
      if (e.exitCode === 0 || e.code === 'commander.help' || e.code === 'commander.helpDisplayed') return e.exitCode;
      const message = (commanderMessage || e.message).trim().replace(/^error:\s*/, '');
      return report(new UserError(message, 'usage'), ctx);
    }
    return report(e, ctx);
  }
}

/** Prints an error (text on stderr, or JSON on stdout with --json) and returns the exit code. */
export function report(e: unknown, ctx: Context): number {
  const code = exitCodeOf(e);
  if (ctx.json && !ctx.errorReported) ctx.io.stdout.write(JSON.stringify({ error: errorJSON(e) }) + '\n');
  // Internal errors always leave their stack trace on stderr, JSON mode or not.
  if (!ctx.json || code !== EXIT_BAD_INPUT) ctx.io.stderr.write(errorText(e));
  return code;
}
