// The real executable, spawned from its sources (test-support/ts-hooks.mjs transpiles them on
// the fly, no build needed): exit codes, interruption of an --out being written, and the server
// over real pipes. Most behaviour is tested in-process (cli.test.ts, eval.test.ts, server/).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execCli, spawnCli, tempDir } from '../test-support/harness.js';

const TIMEOUT = 120_000; // a cold start transpiles the workspace once

describe('the symx executable', () => {
  it(
    'exit codes 0 and 1, message with a caret, no stack trace',
    async () => {
      const ok = await execCli(['simplify', 'x*y*x/(x*y)']);
      expect(ok).toMatchObject({ code: 0, stdout: 'x\n', stderr: '' });
      const bad = await execCli(['simplify', 'sin(x']);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toBe("symx: error: EXPR: expected ')' to close '(' of the call to 'sin' at position 0 but found end of input at position 5\n  sin(x\n       ^\n");
      const batch = await execCli(['simplify', '--json'], { stdin: 'x+x-x\n' });
      expect(JSON.parse(batch.stdout)).toMatchObject({ line: 1, result: 'x' });
    },
    TIMEOUT,
  );

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(
      `${signal} while writing --out leaves nothing behind`,
      async () => {
        const { dir, cleanup } = tempDir();
        try {
          const child = spawnCli(['eval', 'x*2', '--data', '-', '--out', 'out.csv', '--chunk-rows', '100'], { cwd: dir });
          let stderr = '';
          child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
          const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
          child.stdin!.write('x\n');
          let row = 0;
          const temp = (): string | undefined => readdirSync(dir).find((f) => f.startsWith('.out.csv.symx-'));
          // Feed rows until the temporary file has data in it: the output is half written.
          for (let tries = 0; tries < 600; tries++) {
            let rows = '';
            for (let k = 0; k < 500; k++) rows += `${row++}\n`;
            child.stdin!.write(rows);
            await new Promise((r) => setTimeout(r, 50));
            const t = temp();
            if (t !== undefined && statSync(join(dir, t)).size > 0) break;
          }
          expect(temp()).toBeDefined();
          child.kill(signal);
          const end = await closed;
          expect(end.signal, stderr).toBe(signal);
          expect(readdirSync(dir)).toEqual([]);
          expect(existsSync(join(dir, 'out.csv'))).toBe(false);
        } finally {
          cleanup();
        }
      },
      TIMEOUT,
    );
  }

  it(
    'serve answers over pipes, errors included, until stdin ends',
    async () => {
      const lines = [
        '{"id": 1, "method": "simplify", "params": {"expr": "x + 0"}}',
        '{"id": 2, "method": ',
        '{"id": 3, "method": "frobnicate"}',
        '{"id": 4, "method": "parse", "params": {"expr": "x +"}}',
        '{"id": 5, "method": "vocabulary", "params": {"operators": {"add": "add", "mul": "mul", "pdiv": {"protected": "div"}}}}',
        '{"id": 6, "method": "load_dataset", "params": {"name": "d", "columns": {"x": [1, 2, 0], "y": [2, 4, 1]}, "target": "y"}}',
        '{"id": 7, "method": "loss", "params": {"dataset": "d", "exprs": ["mul(x, 2)", "pdiv(1, x)", "mul(x, "]}}',
        '{"id": 8, "method": "loss", "params": {"dataset": "d", "exprs": ["mul(x, 2)", "pdiv(2, x)"]}}',
      ];
      const r = await execCli(['serve'], { stdin: lines.join('\n') + '\n' });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const replies = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(replies.map((x) => x.id)).toEqual([1, null, 3, 4, 5, 6, 7, 8]);
      expect(replies[0].result).toEqual({ result: 'x' });
      expect(replies[1].error.code).toBe('parse_error');
      expect(replies[2].error.code).toBe('unknown_method');
      expect(replies[3].error).toMatchObject({ code: 'bad_expression', position: 3 });
      expect(replies[6].error).toMatchObject({ code: 'bad_expression', index: 2, position: 7 });
      expect(replies[7].result.results).toEqual([1 / 3, 3]); // pdiv(2, 0) is 1
    },
    TIMEOUT,
  );
});
