/**
 * `symx expand EXPR`: products distributed over sums and integer powers of sums multiplied out,
 * like terms collected. Bounded: an expansion too large to finish is reported (partial, still
 * equal in value) rather than hanging.
 */
import { expandWithReport } from '@symx/core';
import type { Command } from 'commander';
import type { Context } from '../cli.js';
import { readExpr, renderText, renderValue } from '../expr.js';
import { type FormatOptions, begin, examples, formatOption, jsonOption, printJSON, println, timeLimitOption } from './common.js';

interface Options extends FormatOptions {
  timeLimit?: number;
}

export function defineExpand(program: Command, ctx: Context): void {
  const cmd = program
    .command('expand')
    .description('expand products and integer powers of sums')
    .argument('<expr>', 'the expression (infix, or a JSON term)');
  timeLimitOption(cmd, 'the expansion');
  formatOption(cmd);
  jsonOption(cmd);
  examples(cmd, ["symx expand '(x + 1)^2'            # x^2 + 2*x + 1", "symx expand 'x*(y + 2) - 2*x' --json"]);
  cmd.action(async (expr: string, opts: Options) => {
    begin(ctx, opts);
    const r = expandWithReport(readExpr(expr, 'EXPR'), opts.timeLimit === undefined ? {} : { timeMs: opts.timeLimit });
    if (opts.json) {
      await printJSON(ctx, {
        input: expr,
        result: renderValue(r.term, opts.format),
        complete: r.complete,
        stopReason: r.stopReason,
        elapsedMs: r.elapsedMs,
      });
      return;
    }
    if (!r.complete) ctx.io.stderr.write(`symx: warning: the expansion stopped early (${r.stopReason}); the result is partly expanded\n`);
    await println(ctx, renderText(r.term, opts.format));
  });
}
