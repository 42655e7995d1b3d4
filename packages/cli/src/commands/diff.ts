/**
 * `symx diff EXPR --wrt x[,y...]`: the derivative with respect to one variable, or the gradient
 * (one derivative per line, in the order of --wrt). Results are simplified unless --no-simplify.
 */
import { derivative, gradient } from '@symx/core';
import type { Command } from 'commander';
import type { Context } from '../cli.js';
import { readExpr, renderText, renderValue } from '../expr.js';
import { simplifyTerm } from '../internal/engines.js';
import { type FormatOptions, begin, examples, formatOption, jsonOption, nameList, printJSON, println } from './common.js';

interface Options extends FormatOptions {
  wrt: string[];
  simplify: boolean;
}

export function defineDiff(program: Command, ctx: Context): void {
  const cmd = program
    .command('diff')
    .description('differentiate an expression (several variables: the gradient)')
    .argument('<expr>', 'the expression (infix, or a JSON term)')
    .requiredOption('-w, --wrt <vars>', 'variable(s) to differentiate by, comma-separated', nameList)
    .option('--no-simplify', 'print the derivative as computed, without simplifying it');
  formatOption(cmd);
  jsonOption(cmd);
  examples(cmd, [
    "symx diff 'sin(x^2)' --wrt x              # 2*x*cos(x^2)",
    "symx diff 'x^2*y + y^3' --wrt x,y         # gradient: 2*x*y, then x^2 + 3*y^2",
    "symx diff 'exp(a*x)' --wrt x --format sympy",
    "symx diff 'x*y' --wrt x --json",
  ]);
  cmd.action(async (expr: string, opts: Options) => {
    begin(ctx, opts);
    const t = readExpr(expr, 'EXPR');
    const raw = opts.wrt.length === 1 ? [derivative(t, opts.wrt[0])] : gradient(t, opts.wrt);
    const results = opts.simplify ? raw.map((d) => simplifyTerm(d, 'classical').term) : raw;
    if (opts.json) {
      await printJSON(ctx, { input: expr, wrt: opts.wrt, results: results.map((d) => renderValue(d, opts.format)) });
      return;
    }
    for (const d of results) await println(ctx, renderText(d, opts.format));
  });
}
