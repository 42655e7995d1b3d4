/**
 * `symx equiv A B`: are two expressions equal? First the e-graph (`equivalent`: a proof by
 * equality saturation, or a refutation by a numeric counterexample or distinct constants); when
 * it cannot decide, the classical simplifier (A and B simplify to the same term, or A - B
 * simplifies to 0). The answer is `equal`, `not equal` or `unknown`, with the reason. The exit
 * code is 0 whatever the answer (1 and 2 are for errors).
 */
import { type Term, int, simplify, sub } from '@symx/core';
import { equivalent } from '@symx/egraph';
import type { Command } from 'commander';
import type { Context } from '../cli.js';
import { readExpr } from '../expr.js';
import { type CommonOptions, begin, examples, jsonOption, printJSON, println, timeLimitOption } from './common.js';

interface Options extends CommonOptions {
  timeLimit?: number;
}

export interface EquivAnswer {
  result: true | false | 'unknown';
  reason: string;
  /** Which method decided: 'egraph' or 'classical' (undefined when neither did). */
  method?: 'egraph' | 'classical';
  witness?: Readonly<Record<string, number>>;
}

/**
 * Decides whether `a` and `b` are equal (see the file comment).
 *
 * @example
 * decideEquivalence(parse('(x + 1)^2'), parse('x^2 + 2*x + 1')).result;   // true
 */
export function decideEquivalence(a: Term, b: Term, timeLimitMs?: number): EquivAnswer {
  const e = equivalent(a, b, timeLimitMs === undefined ? {} : { timeLimit: timeLimitMs });
  if (e.result !== 'unknown') return { result: e.result, reason: e.reason, method: 'egraph', ...(e.witness ? { witness: e.witness } : {}) };
  const limits = timeLimitMs === undefined ? undefined : { limits: { timeMs: timeLimitMs } };
  if (simplify(a, limits) === simplify(b, limits)) return { result: true, reason: 'both simplify to the same expression', method: 'classical' };
  if (simplify(sub(a, b), limits) === int(0)) return { result: true, reason: 'their difference simplifies to 0', method: 'classical' };
  return { result: 'unknown', reason: e.reason };
}

export function defineEquiv(program: Command, ctx: Context): void {
  const cmd = program
    .command('equiv')
    .description('decide whether two expressions are equal (proof, counterexample, or unknown)')
    .argument('<a>', 'first expression')
    .argument('<b>', 'second expression');
  timeLimitOption(cmd, 'the proof search');
  jsonOption(cmd);
  examples(cmd, [
    "symx equiv '(x + 1)^2' 'x^2 + 2*x + 1'     # equal: ...",
    "symx equiv 'x + 1' 'x + 2'                 # not equal: ...",
    "symx equiv 'sin(x)^2' '1 - cos(x)^2' --json",
  ]);
  cmd.action(async (a: string, b: string, opts: Options) => {
    begin(ctx, opts);
    const answer = decideEquivalence(readExpr(a, 'A'), readExpr(b, 'B'), opts.timeLimit);
    if (opts.json) {
      await printJSON(ctx, { a, b, ...answer });
      return;
    }
    const word = answer.result === true ? 'equal' : answer.result === false ? 'not equal' : 'unknown';
    await println(ctx, `${word}: ${answer.reason}`);
  });
}
