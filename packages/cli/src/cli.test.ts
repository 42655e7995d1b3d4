// The CLI's commands, run in-process through run(argv, io): outputs, JSON mode, batch mode,
// error messages and exit codes. (eval: commands/eval.test.ts; the real executable: e2e.test.ts.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@symx/core';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../test-support/harness.js';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK } from './errors.js';

describe('simplify', () => {
  it('simplifies its argument', async () => {
    expect(await runCli(['simplify', 'x*y*x/(x*y)'])).toEqual({ code: EXIT_OK, stdout: 'x\n', stderr: '' });
    expect((await runCli(['simplify', 'sin(x)^2 + cos(x)^2'])).stdout).toBe('1\n');
  });

  it('prints in the requested format', async () => {
    expect((await runCli(['simplify', 'x^2/2', '--format', 'latex'])).stdout).toBe('\\frac{x^{2}}{2}\n');
    expect((await runCli(['simplify', 'x**2', '-f', 'sympy'])).stdout).toBe('x**2\n');
    expect(JSON.parse((await runCli(['simplify', 'x + 0', '--format', 'json'])).stdout)).toEqual({ sym: 'x' });
  });

  it('reads JSON terms too', async () => {
    expect((await runCli(['simplify', '{"op": "add", "args": [{"sym": "x"}, {"int": "0"}]}'])).stdout).toBe('x\n');
  });

  it('runs the e-graph engine with a time limit', async () => {
    const r = await runCli(['simplify', '(x + 0)*(2 - 1)', '--engine', 'egraph', '--time-limit', '500', '--json']);
    expect(r.code).toBe(EXIT_OK);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ input: '(x + 0)*(2 - 1)', result: 'x', engine: 'egraph' });
    expect(typeof j.stopReason).toBe('string');
    expect(typeof j.elapsedMs).toBe('number');
  });

  it('reports --json results as one object', async () => {
    const j = JSON.parse((await runCli(['simplify', 'log(exp(x))', '--json'])).stdout);
    expect(j).toMatchObject({ input: 'log(exp(x))', result: 'x', engine: 'classical', stopReason: 'fixpoint' });
  });

  it('batch mode: one result per input line, aligned, errors on stderr, exit 1', async () => {
    const r = await runCli(['simplify'], { stdin: 'x*x/x\n\nsin(x)^2 + cos(x)^2\nx + \r\n2*3\n(y' });
    expect(r.stdout).toBe('x\n\n1\n\n6\n\n');
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stderr).toBe(
      "symx: error: line 4: expected an expression but found end of input at position 4\n  x + \n      ^\n" +
        "symx: error: line 6: expected ')' to close '(' at position 0 but found end of input at position 2\n  (y\n    ^\n",
    );
  });

  it('batch mode with --json: one JSON object per line, errors inline', async () => {
    const r = await runCli(['simplify', '--json'], { stdin: 'x - x\nsin(\n' });
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ line: 1, input: 'x - x', result: '0' });
    expect(lines[1]).toMatchObject({ line: 2, input: 'sin(', error: { code: 'parse', position: 4 } });
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stderr).toBe('');
  });

  it('batch mode with an empty input prints nothing', async () => {
    expect(await runCli(['simplify'], { stdin: '' })).toEqual({ code: EXIT_OK, stdout: '', stderr: '' });
  });

  it('malformed expressions: message with a caret under the position, exit 1, no stack', async () => {
    const r = await runCli(['simplify', '2 * (x + ']);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('symx: error: EXPR: expected an expression but found end of input at position 9\n  2 * (x + \n           ^\n');
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('long expressions are clipped around the error', async () => {
    const src = 'x + '.repeat(40) + '* y';
    const r = await runCli(['simplify', src]);
    const [, shown, mark] = r.stderr.split('\n');
    expect(shown.length).toBeLessThanOrEqual(2 + 76 + 2);
    expect(shown[mark.indexOf('^')]).toBe('*');
  });

  it('--json errors are JSON on stdout', async () => {
    const r = await runCli(['simplify', '--json', 'x +* y']);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: 'parse', message: "expected an expression but found '*' at position 3", position: 3, where: 'EXPR' },
    });
  });

  it('unknown options and bad option values are usage errors (exit 1)', async () => {
    const r = await runCli(['simplify', 'x', '--bogus']);
    expect(r).toEqual({ code: EXIT_BAD_INPUT, stdout: '', stderr: "symx: error: unknown option '--bogus'\n" });
    const e = await runCli(['simplify', 'x', '--engine', 'magic']);
    expect(e.code).toBe(EXIT_BAD_INPUT);
    expect(e.stderr).toContain("argument 'magic' is invalid");
    const t = await runCli(['simplify', 'x', '--time-limit', '-5']);
    expect(t.code).toBe(EXIT_BAD_INPUT);
    expect(t.stderr).toContain("expected a positive number, got '-5'");
    const j = await runCli(['simplify', 'x', '--time-limit', 'soon', '--json']);
    expect(JSON.parse(j.stdout).error.code).toBe('usage');
  });

  it('an unknown command suggests the right one', async () => {
    const r = await runCli(['simplfy', 'x']);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stderr).toContain("unknown command 'simplfy'");
    expect(r.stderr).toContain('simplify');
  });
});

describe('diff', () => {
  it('differentiates and simplifies', async () => {
    expect((await runCli(['diff', 'sin(x^2)', '--wrt', 'x'])).stdout).toBe('2*x*cos(x^2)\n');
    expect((await runCli(['diff', 'x*y', '-w', 'z'])).stdout).toBe('0\n');
  });

  it('several variables: the gradient, one line each in --wrt order', async () => {
    expect((await runCli(['diff', 'x^2*y + y^3', '--wrt', 'y,x'])).stdout).toBe('x^2 + 3*y^2\n2*x*y\n');
    expect((await runCli(['diff', 'x*y', '--wrt', 'x', '--wrt', 'y'])).stdout).toBe('y\nx\n');
  });

  it('--no-simplify prints the raw derivative; --json gives all', async () => {
    const raw = await runCli(['diff', 'x*x', '--wrt', 'x', '--no-simplify']);
    expect(raw.code).toBe(EXIT_OK);
    expect(parse(raw.stdout.trim())).toBeDefined();
    const j = JSON.parse((await runCli(['diff', 'x*y', '--wrt', 'x,y', '--json'])).stdout);
    expect(j).toEqual({ input: 'x*y', wrt: ['x', 'y'], results: ['y', 'x'] });
  });

  it('--wrt is required; bad lists are usage errors', async () => {
    const r = await runCli(['diff', 'x']);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stderr).toContain("required option '-w, --wrt <vars>' not specified");
    expect((await runCli(['diff', 'x', '--wrt', 'x,,y'])).stderr).toContain('expected comma-separated names');
  });
});

describe('expand', () => {
  it('expands', async () => {
    expect((await runCli(['expand', 'x*(y + 2) - 2*x'])).stdout).toBe('x*y\n');
    const j = JSON.parse((await runCli(['expand', '(x + 1)^2', '--json'])).stdout);
    expect(j).toMatchObject({ input: '(x + 1)^2', complete: true, stopReason: 'complete' });
  });

  it('warns when a limit stopped the expansion', async () => {
    const r = await runCli(['expand', '(a+b+c+d+e)^50']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.stderr).toContain('the expansion stopped early');
  });
});

describe('equiv', () => {
  it('proves, refutes, or says unknown, with the reason (exit 0)', async () => {
    const eq = await runCli(['equiv', '(x + 1)*(x + 1)', 'x*x + 2*x + 1']);
    expect(eq).toEqual({ code: EXIT_OK, stdout: 'equal: the rules prove them equal\n', stderr: '' });
    const ne = await runCli(['equiv', 'x + 1', 'x + 2']);
    expect(ne.stdout).toMatch(/^not equal: /);
    const j = JSON.parse((await runCli(['equiv', 'x*y', 'y*x + 1', '--json'])).stdout);
    expect(j).toMatchObject({ a: 'x*y', b: 'y*x + 1', result: false, method: 'egraph' });
  });

  it('falls back to the classical simplifier when the e-graph cannot decide', async () => {
    const j = JSON.parse((await runCli(['equiv', 'sin(x)^2 + cos(x)^2', '1', '--json'])).stdout);
    expect(j.result).toBe(true);
  });

  it('reports which argument is malformed', async () => {
    const r = await runCli(['equiv', 'x', 'y +']);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stderr).toMatch(/^symx: error: B: /);
  });
});

describe('distance', () => {
  it('tree edit distance, plain and normalized', async () => {
    const r = await runCli(['distance', 'x*y + 1', 'x*y + 2']);
    expect(r.code).toBe(EXIT_OK);
    expect(Number(r.stdout)).toBe(1);
    const j = JSON.parse((await runCli(['distance', 'x', 'x*y + z', '--normalized', '--json'])).stdout);
    expect(j.normalized).toBe(true);
    expect(j.distance).toBeGreaterThan(0);
    expect(j.distance).toBeLessThanOrEqual(1);
  });

  it('inputs too large are refused as bad input', async () => {
    const big = Array.from({ length: 2500 }, (_, i) => `x${i}`).join(' + ');
    const r = await runCli(['distance', big, big, '--json']);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(JSON.parse(r.stdout).error.code).toBe('unsupported');
  });
});

describe('compile', () => {
  it('checks, times and summarizes without -o', async () => {
    const r = await runCli(['compile', 'x*y + 2.5', '--vars', 'x,y', '--tier', 'fused', '--json']);
    expect(r.code).toBe(EXIT_OK);
    expect(JSON.parse(r.stdout)).toMatchObject({ variables: ['x', 'y'], constants: [2.5], tier: 'fused' });
    expect((await runCli(['compile', 'x + 1'])).stdout).toMatch(/^compiled x \+ 1 \(vm tier, .* ms\): 1 variable \(x\), 1 constant/);
  });

  it('writes the module and the loader', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const r = await runCli(['compile', 'sin(x)*y', '--vars', 'x,y', '-o', 'k.wasm'], { cwd: dir });
      expect(r.code).toBe(EXIT_OK);
      expect(WebAssembly.validate(readFileSync(join(dir, 'k.wasm')))).toBe(true);
      expect(readFileSync(join(dir, 'k.mjs'), 'utf8')).toContain('export async function loadKernel');
    } finally {
      cleanup();
    }
  });

  it('--wat prints the text form', async () => {
    const r = await runCli(['compile', 'x*x', '--wat']);
    expect(r.stdout).toMatch(/^\(module\n/);
    expect(r.stdout).toContain('f64.mul');
  });

  it('--vars must list every variable', async () => {
    const r = await runCli(['compile', 'x*y', '--vars', 'x']);
    expect(r).toMatchObject({ code: EXIT_BAD_INPUT, stderr: "symx: error: --vars does not list the variable 'y' of the expression\n" });
  });

  it('cannot write into a directory that does not exist', async () => {
    const r = await runCli(['compile', 'x', '-o', '/nonexistent-dir/k.wasm']);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stderr).toContain('does not exist');
  });
});

describe('help and version', () => {
  const commands = ['simplify', 'diff', 'expand', 'compile', 'eval', 'equiv', 'distance', 'serve'];

  it('every command has --help with examples (exit 0)', async () => {
    for (const c of commands) {
      const r = await runCli([c, '--help']);
      expect(r.code, c).toBe(EXIT_OK);
      expect(r.stdout, c).toContain(`Usage: symx ${c}`);
      expect(r.stdout, c).toContain('Examples:');
      expect(r.stdout, c).toContain('--json');
    }
  });

  it('top-level help lists the commands; no command is exit 1', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(EXIT_OK);
    for (const c of commands) expect(r.stdout).toContain(c);
    const none = await runCli([]);
    expect(none.code).toBe(EXIT_BAD_INPUT);
    expect(none.stderr).toContain('Usage: symx');
  });

  it('--version', async () => {
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('internal errors', () => {
  it('exit 2 with a stack trace (a broken stdin stands in for a bug)', async () => {
    const { Readable } = await import('node:stream');
    const stdin = new Readable({
      read() {
        this.destroy(new TypeError('boom'));
      },
    });
    const r = await runCli(['simplify'], { stdin });
    expect(r.code).toBe(EXIT_INTERNAL);
    expect(r.stderr).toContain('symx: internal error');
    expect(r.stderr).toContain('TypeError: boom');
  });
});
