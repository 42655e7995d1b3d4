/**
 * `symx simplify [EXPR]`: one expression from the argument, or a batch from stdin (one per
 * line, one result per line: line i of the output answers line i of the input; a line that
 * fails prints an empty line, its error goes to stderr, and the exit code is 1).
 */
import { type Command, Option } from 'commander';
import type { Context } from '../cli.js';
import { asUserError, errorJSON, errorText, EXIT_BAD_INPUT } from '../errors.js';
import { readExpr, renderText, renderValue } from '../expr.js';
import { ENGINES, type Engine, simplifyTerm } from '../internal/engines.js';
import { Reclaimer } from '../internal/reclaim.js';
import { lines } from '../io.js';
import { type FormatOptions, begin, examples, formatOption, jsonOption, printJSON, println, timeLimitOption } from './common.js';

interface Options extends FormatOptions {
  engine: Engine;
  timeLimit?: number;
}

export function defineSimplify(program: Command, ctx: Context): void {
  const cmd = program
    .command('simplify')
    .description('simplify an expression, or each line of stdin (batch mode)')
    .argument('[expr]', 'the expression (infix, or a JSON term); omitted: one expression per line on stdin')
    .addOption(new Option('-e, --engine <engine>', 'classical rules or e-graph saturation').choices([...ENGINES]).default('classical'));
  timeLimitOption(cmd, 'each simplification');
  formatOption(cmd);
  jsonOption(cmd);
  examples(cmd, [
    "symx simplify 'x*y*x/(x*y)'                       # x",
    "symx simplify 'log(exp(x)) + 0*y' --format latex   # x",
    "symx simplify '(x + 1)*(x + 1) - x*x' --engine egraph --time-limit 200",
    'symx simplify < expressions.txt > simplified.txt   # batch: one per line',
    "symx simplify 'sin(x)^2 + cos(x)^2' --json",
  ]);
  cmd.action(async (expr: string | undefined, opts: Options) => {
    begin(ctx, opts);
    if (expr !== undefined) {
      await simplifyOne(ctx, expr, 'EXPR', opts, undefined);
      return;
    }
    const reclaimer = new Reclaimer();
    let n = 0;
    for await (const line of lines(ctx.io.stdin)) {
      n++;
      if (line.trim() === '') {
        if (!opts.json) await println(ctx, '');
        continue;
      }
      try {
        await simplifyOne(ctx, line, `line ${n}`, opts, n);
      } catch (e) {
        if (asUserError(e) === undefined) throw e;
        ctx.exitCode = EXIT_BAD_INPUT;
        if (opts.json) await printJSON(ctx, { line: n, input: line, error: errorJSON(e) });
        else {
          ctx.io.stderr.write(errorText(e));
          await println(ctx, '');
        }
      }
      reclaimer.maybeRelease();
    }
  });
}

async function simplifyOne(ctx: Context, source: string, where: string, opts: Options, line: number | undefined): Promise<void> {
  const r = simplifyTerm(readExpr(source, where), opts.engine, opts.timeLimit);
  if (!opts.json) return println(ctx, renderText(r.term, opts.format));
  return printJSON(ctx, {
    ...(line !== undefined ? { line } : {}),
    input: source,
    result: renderValue(r.term, opts.format),
    engine: opts.engine,
    stopReason: r.stopReason,
    elapsedMs: r.elapsedMs,
  });
}
