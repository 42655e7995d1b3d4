// `symx eval`: CSV in and out, losses, streaming in chunks, and every kind of bad data, each
// with its message and exit code; with --out, nothing partial is ever left behind.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../test-support/harness.js';
import { EXIT_BAD_INPUT, EXIT_OK } from '../errors.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const file = (name: string, content: string): string => {
  writeFileSync(join(dir, name), content);
  return name;
};
const evalIn = (args: string[], stdin?: string | Readable) => runCli(['eval', ...args], { cwd: dir, stdin });
/** Files in the directory other than the inputs (temporary files included: they start with '.'). */
const outputs = (...inputs: string[]): string[] => readdirSync(dir).filter((f) => !inputs.includes(f));

describe('values', () => {
  it('appends the result column to each row, keeping the other fields as they were', async () => {
    file('d.csv', 'x,y,name\n1,2,a\n3,4.5,"b, c"\n-1e-3,0,d\n');
    const r = await evalIn(['x*y + 1', '--data', 'd.csv']);
    expect(r).toEqual({ code: EXIT_OK, stdout: 'x,y,name,value\n1,2,a,3\n3,4.5,"b, c",14.5\n-1e-3,0,d,1\n', stderr: '' });
  });

  it('--out writes the file (and nothing else), --column names the result', async () => {
    file('d.csv', 'x\n1\n2\n');
    const r = await evalIn(['x^2', '--data', 'd.csv', '--out', 'out.csv', '--column', 'x2']);
    expect(r).toEqual({ code: EXIT_OK, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('x,x2\n1,1\n2,4\n');
    expect(outputs('d.csv')).toEqual(['out.csv']);
  });

  it('non-finite values are written nan, inf, -inf and read back', async () => {
    file('d.csv', 'x\n0\n-1\nnan\ninf\n-Infinity\n');
    const r = await evalIn(['log(x)', '--data', 'd.csv']);
    expect(r.stdout).toBe('x,value\n0,-inf\n-1,nan\nnan,nan\ninf,inf\n-Infinity,nan\n');
  });

  it('--json without --out: the values as one JSON document (non-finite as null)', async () => {
    file('d.csv', 'x\n1\n0\n');
    const r = await evalIn(['1/x', '--data', 'd.csv', '--json']);
    expect(JSON.parse(r.stdout)).toEqual({ column: 'value', values: [1, null], rows: 2 });
    const w = await evalIn(['x', '--data', 'd.csv', '--json', '--out', 'o.csv']);
    expect(JSON.parse(w.stdout)).toEqual({ rows: 2, out: 'o.csv', column: 'value' });
  });

  it('a constant expression gives one value per row', async () => {
    file('d.csv', 'a\n1\n2\n3\n');
    expect((await evalIn(['2.5', '--data', 'd.csv'])).stdout).toBe('a,value\n1,2.5\n2,2.5\n3,2.5\n');
  });

  it('another delimiter', async () => {
    file('d.tsv', 'x;y\n1;2\n');
    expect((await evalIn(['x + y', '--data', 'd.tsv', '--delimiter', ';'])).stdout).toBe('x;y;value\n1;2;3\n');
  });

  it('both tiers give the same values', async () => {
    file('d.csv', 'x,y\n' + Array.from({ length: 50 }, (_, i) => `${i / 7},${Math.cos(i)}`).join('\n') + '\n');
    const vm = await evalIn(['sin(x)*y + x^3', '--data', 'd.csv', '--tier', 'vm', '--json']);
    const fused = await evalIn(['sin(x)*y + x^3', '--data', 'd.csv', '--tier', 'fused', '--json']);
    const a = JSON.parse(vm.stdout).values as number[];
    const b = JSON.parse(fused.stdout).values as number[];
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 12));
  });

  it('a header without rows writes the header only', async () => {
    file('d.csv', 'x,y\n');
    expect(await evalIn(['x', '--data', 'd.csv'])).toEqual({ code: EXIT_OK, stdout: 'x,y,value\n', stderr: '' });
  });

  it('skips empty lines; reads a byte-order mark and CRLF line ends', async () => {
    file('d.csv', '\ufeffx\r\n1\r\n\r\n2\r\n');
    expect((await evalIn(['x + 1', '--data', 'd.csv'])).stdout).toBe('x,value\n1,2\n2,3\n');
  });
});

describe('streaming', () => {
  it('reads stdin (--data -) in chunks and writes as it goes', async () => {
    const n = 100_000;
    function* rows(): Generator<string> {
      yield 'i,x\n';
      for (let i = 0; i < n; i += 1000) {
        let s = '';
        for (let j = i; j < i + 1000; j++) s += `${j},${j / 1000}\n`;
        yield s;
      }
    }
    const r = await evalIn(['2*x + 1', '--data', '-', '--chunk-rows', '4096', '--loss', 'mse', '--target', 'i', '--json'], Readable.from(rows()));
    expect(r.code).toBe(EXIT_OK);
    const j = JSON.parse(r.stdout);
    expect(j.rows).toBe(n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (2 * (i / 1000) + 1 - i) ** 2;
    expect(Math.abs(j.loss - sum / n) / (sum / n)).toBeLessThan(1e-12);

    const v = await evalIn(['2*x + 1', '--data', '-', '--chunk-rows', '999', '--out', 'o.csv'], Readable.from(rows()));
    expect(v.code).toBe(EXIT_OK);
    const lines = readFileSync(join(dir, 'o.csv'), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(n + 1);
    expect(lines[54321]).toBe(`54320,54.32,${2 * 54.32 + 1}`);
  });

  it('draws a progress bar on stderr only when it is a terminal', async () => {
    file('d.csv', 'x\n' + '1\n'.repeat(1000));
    const quiet = await evalIn(['x', '--data', 'd.csv', '--out', 'a.csv']);
    expect(quiet.stderr).toBe('');
    const tty = await runCli(['eval', 'x', '--data', 'd.csv', '--out', 'b.csv'], { cwd: dir, tty: true });
    expect(tty.code).toBe(EXIT_OK);
    expect(tty.stderr).toContain('symx eval');
    const off = await runCli(['eval', 'x', '--data', 'd.csv', '--out', 'c.csv', '--no-progress'], { cwd: dir, tty: true });
    expect(off.stderr).toBe('');
  });
});

describe('loss', () => {
  const data = 'x,y\n1,2\n2,5\n3,7\n';

  it('mse, mae, rmse against a column; --target alone means mse', async () => {
    file('d.csv', data);
    // residuals of 2x: 0, -1, -1
    expect((await evalIn(['2*x', '--data', 'd.csv', '--loss', 'mse', '--target', 'y'])).stdout).toBe(`${2 / 3}\n`);
    expect((await evalIn(['2*x', '--data', 'd.csv', '--loss', 'mae', '--target', 'y'])).stdout).toBe(`${2 / 3}\n`);
    expect((await evalIn(['2*x', '--data', 'd.csv', '--loss', 'rmse', '--target', 'y'])).stdout).toBe(`${Math.sqrt(2 / 3)}\n`);
    expect((await evalIn(['2*x', '--data', 'd.csv', '--target', 'y'])).stdout).toBe(`${2 / 3}\n`);
    const j = JSON.parse((await evalIn(['2*x', '--data', 'd.csv', '--target', 'y', '--json', '--chunk-rows', '1'])).stdout);
    expect(j.rows).toBe(3);
    expect(j.loss).toBeCloseTo(2 / 3, 15);
  });

  it('a loss that is not finite', async () => {
    file('d.csv', data);
    expect((await evalIn(['log(x - 2)', '--data', 'd.csv', '--target', 'y'])).stdout).toBe('nan\n');
    expect(JSON.parse((await evalIn(['log(x - 2)', '--data', 'd.csv', '--target', 'y', '--json'])).stdout)).toMatchObject({ loss: null, finite: false });
  });

  it('usage errors: --loss without --target, --out with --loss', async () => {
    file('d.csv', data);
    expect(await evalIn(['x', '--data', 'd.csv', '--loss', 'mse'])).toEqual({ code: EXIT_BAD_INPUT, stdout: '', stderr: 'symx: error: --loss needs --target <column>\n' });
    expect((await evalIn(['x', '--data', 'd.csv', '--target', 'y', '--out', 'o.csv'])).stderr).toContain('--out is not used with --loss');
  });

  it('no rows: no loss', async () => {
    file('d.csv', 'x,y\n');
    expect(await evalIn(['x', '--data', 'd.csv', '--target', 'y'])).toEqual({ code: EXIT_BAD_INPUT, stdout: '', stderr: 'symx: error: d.csv has no data rows to compute a loss on\n' });
  });
});

describe('bad data: message, exit 1, nothing at --out', () => {
  const failsCleanly = async (args: string[], message: string, inputs: string[]): Promise<void> => {
    const r = await evalIn([...args, '--out', 'out.csv']);
    expect(r).toEqual({ code: EXIT_BAD_INPUT, stdout: '', stderr: `symx: error: ${message}\n` });
    expect(outputs(...inputs)).toEqual([]);
  };

  it('a variable with no column (unknown variable)', async () => {
    file('d.csv', 'x,y\n1,2\n');
    await failsCleanly(['x*z', '--data', 'd.csv'], "d.csv has no column 'z' (its columns: 'x', 'y')", ['d.csv']);
  });

  it('a ragged row: its row and line', async () => {
    file('d.csv', 'x,y\n1,2\n\n3\n4,5\n');
    await failsCleanly(['x', '--data', 'd.csv'], 'd.csv: row 2 (line 4) has 1 field, the header has 2', ['d.csv']);
    file('e.csv', 'x,y\n1,2,3\n');
    await failsCleanly(['x', '--data', 'e.csv'], 'e.csv: row 1 (line 2) has 3 fields, the header has 2', ['d.csv', 'e.csv']);
  });

  it('a non-numeric cell: its row, line and column', async () => {
    file('d.csv', 'x,y\n1,2\n3,abc\n');
    await failsCleanly(['x*y', '--data', 'd.csv'], "d.csv: row 2 (line 3), column 'y': 'abc' is not a number", ['d.csv']);
    file('h.csv', 'x\n0x10\n');
    await failsCleanly(['x', '--data', 'h.csv'], "h.csv: row 1 (line 2), column 'x': '0x10' is not a number", ['d.csv', 'h.csv']);
  });

  it('non-numeric cells of unused columns are fine', async () => {
    file('d.csv', 'x,label\n1,abc\n');
    expect((await evalIn(['x', '--data', 'd.csv'])).stdout).toBe('x,label,value\n1,abc,1\n');
  });

  it('an empty cell, unless --empty nan', async () => {
    file('d.csv', 'x,y\n1,\n');
    await failsCleanly(['x + y', '--data', 'd.csv'], "d.csv: row 1 (line 2), column 'y': is empty (use --empty nan to read empty cells as NaN)", ['d.csv']);
    expect((await evalIn(['x + y', '--data', 'd.csv', '--empty', 'nan'])).stdout).toBe('x,y,value\n1,,nan\n');
  });

  it('an empty file', async () => {
    file('d.csv', '');
    await failsCleanly(['x', '--data', 'd.csv'], 'd.csv is empty: expected a header row with the column names', ['d.csv']);
  });

  it('an unterminated quote', async () => {
    file('d.csv', 'x\n"1\n');
    const r = await evalIn(['x', '--data', 'd.csv', '--out', 'out.csv']);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stderr).toMatch(/^symx: error: d\.csv: Quote Not Closed/);
    expect(outputs('d.csv')).toEqual([]);
  });

  it('a missing data file', async () => {
    await failsCleanly(['x', '--data', 'nope.csv'], 'cannot read nope.csv: no such file', []);
  });

  it('a malformed expression', async () => {
    file('d.csv', 'x\n1\n');
    const r = await evalIn(['x +', '--data', 'd.csv', '--out', 'out.csv']);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stderr).toContain('expected an expression but found end of input at position 3');
    expect(outputs('d.csv')).toEqual([]);
  });

  it('a result column that already exists', async () => {
    file('d.csv', 'x,value\n1,2\n');
    await failsCleanly(['x', '--data', 'd.csv'], "d.csv already has a column 'value': choose another name with --column", ['d.csv']);
  });

  it('a failure after many chunks were written leaves nothing, and keeps an existing --out', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i}`);
    rows[4990] = 'oops';
    file('d.csv', 'x\n' + rows.join('\n') + '\n');
    file('out.csv', 'previous content\n');
    const r = await evalIn(['x + 1', '--data', 'd.csv', '--out', 'out.csv', '--chunk-rows', '100']);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stderr).toBe("symx: error: d.csv: row 4991 (line 4992), column 'x': 'oops' is not a number\n");
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('previous content\n');
    expect(outputs('d.csv', 'out.csv')).toEqual([]);
  });

  it('--json: a failure after values were streamed still gives valid JSON', async () => {
    // The bad row comes after the first 64 KiB read, so earlier chunks are already out.
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i}`);
    rows[29_000] = 'bad';
    file('d.csv', 'x\n' + rows.join('\n') + '\n');
    const r = await evalIn(['x', '--data', 'd.csv', '--json', '--chunk-rows', '1000']);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    const j = JSON.parse(r.stdout);
    expect(j.values.length).toBeGreaterThan(0);
    expect(j.values.slice(0, 3)).toEqual([0, 1, 2]);
    expect(j.error).toMatchObject({ code: 'csv', row: 29_001, column: 'x' });
  });
});

it('the output directory must exist', async () => {
  file('d.csv', 'x\n1\n');
  const r = await evalIn(['x', '--data', 'd.csv', '--out', 'no/such/dir/o.csv']);
  expect(r.code).toBe(EXIT_BAD_INPUT);
  expect(r.stderr).toMatch(/does not exist/);
  expect(existsSync(join(dir, 'no'))).toBe(false);
});
