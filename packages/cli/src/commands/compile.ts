/**
 * `symx compile EXPR --vars x,y [--tier vm|fused] [-o kernel.wasm] [--wat]`
 *
 * Compiles the expression with wasm-eval's chosen tier (checking that it compiles and timing
 * it) and writes a standalone WebAssembly module of it (internal/standalone/kernelModule.ts):
 * usable without symx through the loader written next to it (kernel.mjs), or through its
 * documented ABI with nothing but `{ Math }` as imports. `--wat` gives the text form instead,
 * on stdout or in the -o file. The standalone module is a scalar loop (wasm-eval's own kernels
 * are linked to its VM instance and cannot be shipped alone), so `--tier` only selects the
 * in-process kernel that is checked and timed.
 */
import { basename, dirname, extname, join, resolve } from 'node:path';
import { variables } from '@symx/core';
import { type Tier, compile } from '@symx/wasm-eval';
import { type Command, Option } from 'commander';
import type { Context } from '../cli.js';
import { UserError } from '../errors.js';
import { readExpr } from '../expr.js';
import { AtomicFile } from '../internal/atomicFile.js';
import { buildStandaloneKernel } from '../internal/standalone/kernelModule.js';
import { LOADER_SOURCE } from '../internal/standalone/loaderSource.js';
import { write } from '../io.js';
import { type CommonOptions, begin, examples, jsonOption, nameList, printJSON, println } from './common.js';

interface Options extends CommonOptions {
  vars?: string[];
  tier: Tier;
  out?: string;
  wat?: boolean;
  loader: boolean;
}

export function defineCompile(program: Command, ctx: Context): void {
  const cmd = program
    .command('compile')
    .description('compile an expression to a standalone WebAssembly kernel')
    .argument('<expr>', 'the expression (infix, or a JSON term)')
    .option('--vars <names>', 'the variables, in column order (default: those of EXPR, sorted)', nameList)
    .addOption(new Option('--tier <tier>', 'in-process tier to check and time').choices(['vm', 'fused']).default('vm'))
    .option('-o, --out <file>', 'write the module here (and the loader next to it, as <name>.mjs)')
    .option('--wat', 'the text format (WAT) instead of the binary')
    .option('--no-loader', 'do not write the loader file');
  jsonOption(cmd);
  examples(cmd, [
    "symx compile 'x*y + sin(x)' --vars x,y -o kernel.wasm      # also writes kernel.mjs",
    "symx compile '2.5*x^2' --wat                                # WAT on stdout",
    "symx compile 'x + 1' --tier fused --json                     # check and time only",
    '',
    'Using the kernel from JavaScript, without symx:',
    "  import { loadKernel } from './kernel.mjs';",
    "  const k = await loadKernel(new URL('./kernel.wasm', import.meta.url));",
    '  k.evaluate({ x: Float64Array.of(1, 2), y: Float64Array.of(3, 4) });',
  ]);
  cmd.action(async (expr: string, opts: Options) => {
    begin(ctx, opts);
    const t = readExpr(expr, 'EXPR');
    const used = variables(t);
    const vars = opts.vars ?? used;
    const missing = used.filter((v) => !vars.includes(v));
    if (missing.length > 0) throw new UserError(`--vars does not list the variable${missing.length > 1 ? 's' : ''} ${missing.map((v) => `'${v}'`).join(', ')} of the expression`, 'usage');
    const dup = vars.find((v, i) => vars.indexOf(v) !== i);
    if (dup !== undefined) throw new UserError(`--vars lists '${dup}' twice`, 'usage');

    const start = performance.now();
    const kernel = compile([t], { variables: vars, tier: opts.tier });
    const compileMs = performance.now() - start;
    kernel.dispose();
    const standalone = buildStandaloneKernel(t, vars);

    let loaderPath: string | undefined;
    if (opts.out !== undefined) {
      const target = resolve(ctx.io.cwd, opts.out);
      await writeAtomically(target, opts.wat ? standalone.wat : standalone.bytes);
      if (!opts.wat && opts.loader) {
        loaderPath = join(dirname(opts.out), `${basename(opts.out, extname(opts.out))}.mjs`);
        await writeAtomically(resolve(ctx.io.cwd, loaderPath), LOADER_SOURCE);
      }
    }
    if (opts.json) {
      await printJSON(ctx, {
        expression: expr,
        variables: vars,
        constants: standalone.constants.map((c) => (Number.isFinite(c) ? c : String(c))),
        tier: opts.tier,
        compileMs,
        bytes: standalone.bytes.length,
        ...(opts.out !== undefined ? { out: opts.out } : {}),
        ...(loaderPath !== undefined ? { loader: loaderPath } : {}),
        ...(opts.wat && opts.out === undefined ? { wat: standalone.wat } : {}),
      });
      return;
    }
    if (opts.out === undefined && opts.wat) {
      await write(ctx.io.stdout, standalone.wat);
      return;
    }
    const summary =
      `compiled ${expr} (${opts.tier} tier, ${compileMs.toFixed(2)} ms): ${vars.length} variable${vars.length === 1 ? '' : 's'} (${vars.join(', ')}), ` +
      `${standalone.constants.length} constant${standalone.constants.length === 1 ? '' : 's'}; standalone module ${standalone.bytes.length} bytes`;
    if (opts.out === undefined) await println(ctx, `${summary} (use -o FILE to write it, --wat to print it)`);
    else await println(ctx, `${summary} written to ${opts.out}${loaderPath !== undefined ? `, loader ${loaderPath}` : ''}`);
  });
}

async function writeAtomically(target: string, content: string | Uint8Array): Promise<void> {
  const file = await AtomicFile.open(target);
  try {
    file.stream.write(content);
    await file.commit();
  } catch (e) {
    await file.abort();
    throw e;
  }
}
