// Fuzzing the CLI in-process through run(argv, io): random commands, options and option values,
// mutated expressions, and mutated CSV data for `eval`. The exit code is 0 or 1, never 2 (an
// internal error); a failure prints `symx: error: ...` (or a JSON error with --json) and never a
// stack trace; valid CSV data evaluates to the reference evaluator's values. A few runs spawn
// the real executable for its exit codes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { evaluate, format, parse } from '@symx/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execCli, runCli, tempDir } from '../../packages/cli/test-support/harness.js';
import { FUZZ_SCALE, exprArb, mutate, mutatedArb, mutationArb, check, randomTextArb, report, timeout, tried } from './fuzz-support.js';

afterAll(() => console.log(report('cli')));

let dir = '';
let cleanup = (): void => {};
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  writeFileSync(join(dir, 'data.csv'), 'x,y\n1,2\n0.5,-3\n');
  writeFileSync(join(dir, 'empty.csv'), '');
  mkdirSync(join(dir, 'sub'));
});
afterAll(() => cleanup());

const STACK = /\n\s+at .*(\.ts|\.js|node:)/;

/** Checks the outcome of one run: exit 0 or 1, and a clean error report. */
function checkOutcome(argv: readonly string[], r: { code: number; stdout: string; stderr: string }): void {
  const shown = JSON.stringify(argv).slice(0, 400);
  if (r.code !== 0 && r.code !== 1) throw new Error(`exit code ${r.code} for ${shown}:\n${r.stderr.slice(0, 2000)}`);
  if (STACK.test(r.stderr)) throw new Error(`stack trace on stderr for ${shown}:\n${r.stderr.slice(0, 2000)}`);
  if (r.code === 1) {
    const json = argv.includes('--json');
    // Text errors: every non-caret line is a `symx: error:` line. JSON errors: an `error` object.
    if (!json || r.stdout === '') expect(r.stderr, shown).toMatch(/^symx: error: /);
    else expect(r.stdout, shown).toMatch(/"error":\{"code":"[a-z]+","message":/);
  }
}

const COMMANDS = ['simplify', 'diff', 'expand', 'compile', 'eval', 'equiv', 'distance'];
const FLAGS = [
  '--json', '--format', '-f', '--engine', '-e', '--time-limit', '-t', '--wrt', '-w', '--no-simplify', '--vars', '--tier', '-o', '--out',
  '--wat', '--no-loader', '--data', '-d', '--column', '-c', '--loss', '-l', '--target', '--delimiter', '--empty', '--chunk-rows',
  '--no-progress', '--normalized', '-n', '--help', '-V', '--bogus', '--', '-',
];
const VALUES = [
  'infix', 'latex', 'sympy', 'json', 'classical', 'egraph', 'vm', 'fused', 'mse', 'mae', 'rmse', 'x', 'y', 'x,y', 'x,,y', 'z',
  '0', '1', '50', '-5', '1e309', 'NaN', '0x10', '', ' ', ';', '\t', ',,', 'data.csv', 'empty.csv', 'missing.csv', 'sub', '-',
  'out.csv', 'k.wasm', 'sub/k.wasm', 'nan', 'error',
];

const exprText = fc.oneof(exprArb(4).map((t) => format(t)), mutatedArb(exprArb(3).map((t) => format(t))), randomTextArb, fc.constantFrom('x*y + 1', 'sin(x)', 'x', '{"sym":"x"}', '{"op":'));
const argvArb = fc
  .tuple(
    fc.constantFrom(...COMMANDS),
    fc.array(exprText, { maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom(...FLAGS), fc.oneof(fc.constantFrom(...VALUES), randomTextArb), fc.boolean()), { maxLength: 4 }),
    fc.nat(),
  )
  .map(([cmd, positional, options, seed]) => {
    const argv = [cmd];
    for (const [flag, value, withValue] of options) argv.push(flag, ...(withValue ? [value] : []));
    // Positionals anywhere among the options.
    for (const p of positional) argv.splice(1 + (seed % argv.length), 0, p);
    return argv;
  });

describe('CLI fuzzing (in-process)', () => {
  it(
    'random arguments: exit 0 or 1, clean errors',
    async () => {
      await check('cli/argv', 60,
        fc.asyncProperty(argvArb, fc.oneof(fc.constant(''), exprText), async (argv, stdin) => {
          tried('cli/argv');
          const r = await runCli(argv, { cwd: dir, stdin });
          checkOutcome(argv, r);
        }),
      );
    },
    timeout(60_000),
  );

  const SAFE = ['x*y + 1', 'x - y/2', 'sin(x)*y', 'exp(-x^2) + y', 'x/y'];
  const row = fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }));
  const csvArb = fc.array(row, { minLength: 1, maxLength: 20 }).map((rows) => 'x,y\n' + rows.map(([a, b]) => `${a},${b}`).join('\n') + '\n');

  it(
    'valid CSV: the values of the reference evaluator',
    async () => {
      await check('cli/csv-valid', 15,
        fc.asyncProperty(fc.constantFrom(...SAFE), csvArb, fc.constantFrom('vm', 'fused'), async (src, csv, tier) => {
          tried('cli/csv-valid');
          const argv = ['eval', src, '--data', '-', '--tier', tier];
          const r = await runCli(argv, { cwd: dir, stdin: csv });
          checkOutcome(argv, r);
          expect(r.code, r.stderr).toBe(0);
          const out = r.stdout.trim().split('\n');
          expect(out[0]).toBe('x,y,value');
          const t = parse(src);
          const rows = csv.trim().split('\n').slice(1);
          expect(out.length - 1).toBe(rows.length);
          rows.forEach((line, i) => {
            const [xs, ys] = line.split(',');
            const want = evaluate(t, { x: Number(xs), y: Number(ys) });
            const cells = out[i + 1].split(',');
            const got = Number(cells[cells.length - 1].replace(/^-?inf$/, (s) => (s[0] === '-' ? '-Infinity' : 'Infinity')));
            if (Number.isNaN(want)) expect(cells[cells.length - 1]).toBe('nan');
            else if (!Number.isFinite(want)) expect(got).toBe(want);
            else expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
          });
        }),
      );
    },
    timeout(60_000),
  );

  it(
    'mutated CSV and options: exit 0 or 1, errors name the row or the problem',
    async () => {
      const opts = fc.array(fc.constantFrom(['--empty', 'nan'], ['--delimiter', ';'], ['--loss', 'mse', '--target', 'y'], ['--json'], ['--chunk-rows', '1'], ['--tier', 'vm'], ['--column', 'x']), { maxLength: 3 });
      await check('cli/csv-mutated', 40,
        fc.asyncProperty(fc.constantFrom(...SAFE), csvArb, fc.array(mutationArb, { minLength: 1, maxLength: 5 }), opts, async (src, csv, ms, extra) => {
          tried('cli/csv-mutated');
          const argv = ['eval', src, '--data', '-', ...extra.flat()];
          const r = await runCli(argv, { cwd: dir, stdin: mutate(csv, ms) });
          checkOutcome(argv, r);
        }),
      );
    },
    timeout(60_000),
  );
});

describe('CLI fuzzing (the executable)', () => {
  // Spawning transpiles the sources (tens of seconds on a loaded machine): long runs only;
  // e2e.test.ts covers the exit codes of the executable in the default run.
  it.runIf(FUZZ_SCALE > 1)(
    'exit codes of a few spawned runs',
    async () => {
      const cases: [string[], string, number][] = [
        [['simplify', 'x +* y'], '', 1],
        [['eval', 'x*y', '--data', '-'], 'x,y\n1,abc\n', 1],
        [['diff', 'x^2', '--wrt', 'x'], '', 0],
      ];
      for (const [argv, stdin, code] of cases) {
        tried('cli/spawned');
        const r = await execCli(argv, { stdin });
        expect(r.code, r.stderr).toBe(code);
        expect(r.stderr).not.toMatch(STACK);
      }
    },
    180_000,
  );
});
