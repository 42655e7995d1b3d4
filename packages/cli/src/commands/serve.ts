/**
 * `symx serve`: the JSON stdio server (server/server.ts): requests on stdin, replies on stdout,
 * one JSON object per line; diagnostics of internal errors on stderr. It runs until stdin ends.
 */
import type { Command } from 'commander';
import type { Context } from '../cli.js';
import { Server } from '../server/server.js';
import { type CommonOptions, begin, examples, jsonOption } from './common.js';

export function defineServe(program: Command, ctx: Context): void {
  const cmd = program
    .command('serve')
    .description('answer JSON requests, one per line on stdin, one reply per line on stdout (see the README for the protocol)');
  jsonOption(cmd);
  examples(cmd, [
    `echo '{"id": 1, "method": "simplify", "params": {"expr": "x*y*x/(x*y)"}}' | symx serve`,
    '# -> {"id":1,"result":{"result":"x"}}',
    'python3 examples/python-client/symx_client.py     # a client using only the standard library',
  ]);
  cmd.action(async (opts: CommonOptions) => {
    begin(ctx, opts);
    await new Server({ log: ctx.io.stderr }).serve(ctx.io.stdin, ctx.io.stdout);
  });
}
