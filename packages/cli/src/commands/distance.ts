/**
 * `symx distance A B`: the tree edit distance between two expressions (core's
 * `treeEditDistance`); with --normalized, the SRSD score: the distance between the simplified
 * expressions divided by the size of B (the reference, "true" expression), capped at 1.
 */
import { treeEditDistance } from '@symx/core';
import type { Command } from 'commander';
import type { Context } from '../cli.js';
import { readExpr } from '../expr.js';
import { UserError } from '../errors.js';
import { type CommonOptions, begin, examples, jsonOption, printJSON, println } from './common.js';

interface Options extends CommonOptions {
  normalized?: boolean;
}

export function defineDistance(program: Command, ctx: Context): void {
  const cmd = program
    .command('distance')
    .description('tree edit distance between two expressions')
    .argument('<a>', 'the expression to score (e.g. a regression result)')
    .argument('<b>', 'the reference expression')
    .option('-n, --normalized', 'normalized distance (SRSD): after simplification, divided by the size of B, at most 1');
  jsonOption(cmd);
  examples(cmd, ["symx distance 'x*y + 1' 'x*y + 2'                # 1", "symx distance 'x*y' 'x*y + z' --normalized --json"]);
  cmd.action(async (a: string, b: string, opts: Options) => {
    begin(ctx, opts);
    const ta = readExpr(a, 'A');
    const tb = readExpr(b, 'B');
    const normalized = opts.normalized === true;
    let d: number;
    try {
      d = treeEditDistance(ta, tb, { normalized });
    } catch (e) {
      // Inputs too large for the dynamic program are refused with a RangeError saying so.
      if (e instanceof RangeError) throw new UserError(e.message, 'unsupported', {}, { cause: e });
      throw e;
    }
    if (opts.json) await printJSON(ctx, { a, b, normalized, distance: d });
    else await println(ctx, String(d));
  });
}
