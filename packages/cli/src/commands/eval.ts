/**
 * `symx eval EXPR --data file.csv [--out result.csv]`: evaluates an expression on every row of
 * a CSV file (the variables are read from the columns of the same names) and writes the rows
 * with the result appended as a new column; or, with `--loss mse --target y`, prints the loss of
 * the expression against a column instead.
 *
 * Streaming: the file is read, evaluated (a WebAssembly kernel, fused tier by default) and
 * written in chunks of rows, so its size is not limited by memory. A progress bar is drawn on
 * stderr when it is a terminal. With --out, the result appears whole or not at all (a temporary
 * file renamed on success, removed on failure or interruption).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { type Term, variables } from '@symx/core';
import { type Kernel, type Tier, compile } from '@symx/wasm-eval';
import { type Command, Option } from 'commander';
import { stringify } from 'csv-stringify';
import type { Context } from '../cli.js';
import { UserError, errorJSON } from '../errors.js';
import { readExpr } from '../expr.js';
import { AtomicFile } from '../internal/atomicFile.js';
import { type CsvChunk, type CsvOptions, type CsvSummary, formatNumber, readCsv } from '../internal/csv.js';
import { progressBar } from '../internal/progress.js';
import { write } from '../io.js';
import { type CommonOptions, begin, examples, jsonOption, positiveInteger, printJSON, println } from './common.js';

const LOSSES = ['mse', 'mae', 'rmse'] as const;
type Loss = (typeof LOSSES)[number];

interface Options extends CommonOptions {
  data: string;
  out?: string;
  column: string;
  loss?: Loss;
  target?: string;
  tier: Tier;
  delimiter: string;
  empty: 'error' | 'nan';
  chunkRows: number;
  progress: boolean;
}

/** Column name standing in for the row count of a constant expression (no variables). */
const ROWS_COLUMN = '\u0000rows';

export function defineEval(program: Command, ctx: Context): void {
  const cmd = program
    .command('eval')
    .description('evaluate an expression on the rows of a CSV file (or compute its loss against a column)')
    .argument('<expr>', 'the expression; its variables are columns of the data')
    .requiredOption('-d, --data <file>', "CSV file with a header row ('-' for stdin)")
    .option('-o, --out <file>', 'write the rows plus the result column here (default: stdout)')
    .option('-c, --column <name>', 'name of the result column', 'value')
    .addOption(new Option('-l, --loss <kind>', 'print the loss against --target instead of the values').choices([...LOSSES]))
    .option('--target <column>', 'the column the loss compares with (implies --loss mse)')
    .addOption(new Option('--tier <tier>', 'evaluation tier').choices(['vm', 'fused']).default('fused'))
    .option('--delimiter <char>', 'field delimiter', ',')
    .addOption(new Option('--empty <policy>', 'what an empty cell means').choices(['error', 'nan']).default('error'))
    .option('--chunk-rows <n>', 'rows evaluated per chunk', positiveInteger, 65_536)
    .option('--no-progress', 'never draw the progress bar');
  jsonOption(cmd);
  examples(cmd, [
    "symx eval 'x*y + sin(z)' --data data.csv --out result.csv",
    "symx eval 'x^2' --data data.csv --column x2 > with_x2.csv",
    "symx eval '2.5*x + 1' --data data.csv --loss mse --target y    # prints the MSE",
    "cat data.csv | symx eval 'x + 1' --data - --json",
  ]);
  cmd.action(async (expr: string, opts: Options) => {
    begin(ctx, opts);
    const t = readExpr(expr, 'EXPR');
    const loss = opts.loss ?? (opts.target !== undefined ? 'mse' : undefined);
    if (loss !== undefined && opts.target === undefined) throw new UserError('--loss needs --target <column>', 'usage');
    if (loss !== undefined && opts.out !== undefined) throw new UserError('--out is not used with --loss (the loss is printed)', 'usage');
    if (opts.delimiter.length !== 1) throw new UserError(`--delimiter must be one character, got '${opts.delimiter}'`, 'usage');
    const source = await openInput(ctx, opts.data);
    const job = new EvalJob(t, opts, loss, source);
    const progress = progressBar(ctx.io.stderr, ctx.io.stderrIsTTY && opts.progress, source.size, 'symx eval');
    const track = (rows: number): void => progress.update(job.bytesRead(), rows);
    try {
      if (loss !== undefined) await job.runLoss(ctx, track);
      else await job.runValues(ctx, track);
    } finally {
      progress.stop();
      job.dispose();
    }
  });
}

interface Input {
  /** Opens the input (lazily: a run that fails before reading leaves no file handle open). */
  readonly open: () => Readable;
  readonly name: string;
  readonly size?: number;
  /** Opens the file again (to locate the line of a bad row); absent for stdin. */
  readonly reopen?: () => Readable;
}

async function openInput(ctx: Context, data: string): Promise<Input> {
  if (data === '-') return { open: () => ctx.io.stdin, name: 'stdin' };
  const path = resolve(ctx.io.cwd, data);
  const st = await stat(path).catch(() => undefined);
  if (st === undefined) throw new UserError(`cannot read ${data}: no such file`, 'file');
  if (!st.isFile()) throw new UserError(`cannot read ${data}: not a file`, 'file');
  return { open: () => createReadStream(path), name: data, size: st.size, reopen: () => createReadStream(path) };
}

/** One evaluation of an expression over a CSV input. */
class EvalJob {
  private readonly vars: string[];
  private readonly kernel: Kernel;
  private input: Readable | undefined;

  constructor(
    t: Term,
    private readonly opts: Options,
    private readonly loss: Loss | undefined,
    private readonly source: Input,
  ) {
    this.vars = variables(t);
    this.kernel = compile([t], { variables: this.vars.length > 0 ? this.vars : [ROWS_COLUMN], tier: opts.tier });
  }

  /** Frees the kernel. */
  dispose(): void {
    this.kernel.dispose();
  }

  /** Opens the input (once). */
  private open(): Readable {
    return (this.input ??= this.source.open());
  }

  /** Bytes of the input read so far (files), for the progress bar. */
  bytesRead(): number {
    return (this.input as { bytesRead?: number } | undefined)?.bytesRead ?? 0;
  }

  private csvOptions(keepFields: boolean): CsvOptions {
    const { delimiter, empty, chunkRows } = this.opts;
    return { delimiter, empty, chunkRows, keepFields, ...(this.source.reopen ? { reopen: this.source.reopen } : {}) };
  }

  private columnsOf(chunk: CsvChunk): Float64Array[] {
    return this.vars.length > 0 ? chunk.columns.slice(0, this.vars.length) : [new Float64Array(chunk.rows)];
  }

  /** Prints the loss of the expression against the target column. */
  async runLoss(ctx: Context, track: (rows: number) => void): Promise<void> {
    const { name } = this.source;
    const input = this.open();
    const target = this.opts.target!;
    const kind = this.loss === 'mae' ? 'mae' : 'mse';
    let sum = 0;
    const summary = await readCsv(
      input,
      name,
      this.csvOptions(false),
      () => [...this.vars, target],
      (chunk) => {
        const l = this.kernel.loss(this.columnsOf(chunk), chunk.columns[this.vars.length], { kind })[0];
        sum += l * chunk.rows; // chunk means, weighted back to a sum
        track(chunk.firstRow + chunk.rows - 1);
      },
    );
    if (summary.rows === 0) throw new UserError(`${name} has no data rows to compute a loss on`, 'csv');
    const mean = sum / summary.rows;
    const value = this.loss === 'rmse' ? Math.sqrt(mean) : mean;
    if (this.opts.json) await printJSON(ctx, { loss: Number.isFinite(value) ? value : null, kind: this.loss, rows: summary.rows, finite: Number.isFinite(value) });
    else await println(ctx, formatNumber(value));
  }

  /** Writes the rows with the result column (CSV), or the values as JSON with --json and no --out. */
  async runValues(ctx: Context, track: (rows: number) => void): Promise<void> {
    const { name } = this.source;
    const opts = this.opts;
    if (opts.json && opts.out === undefined) return this.runJSONValues(ctx, track);
    const file = opts.out !== undefined ? await AtomicFile.open(resolve(ctx.io.cwd, opts.out)) : undefined;
    const input = this.open();
    const dest: Writable = file?.stream ?? ctx.io.stdout;
    const csv = stringify({ delimiter: opts.delimiter, record_delimiter: 'unix' });
    csv.pipe(dest, { end: false });
    try {
      const summary = await readCsv(
        input,
        name,
        this.csvOptions(true),
        (header) => {
          if (header.includes(opts.column)) {
            throw new UserError(`${name} already has a column '${opts.column}': choose another name with --column`, 'usage');
          }
          csv.write([...header, opts.column]);
          return this.vars;
        },
        async (chunk) => {
          const values = this.kernel.evaluate(this.columnsOf(chunk))[0];
          // A whole chunk is written at once, then the output is allowed to drain: memory stays
          // bounded by the chunk size without a wait per row.
          let full = false;
          for (let r = 0; r < chunk.rows; r++) {
            const record = chunk.fields[r];
            record.push(formatNumber(values[r]));
            full = !csv.write(record) || full;
          }
          track(chunk.firstRow + chunk.rows - 1);
          if (full) await once(csv, 'drain');
        },
      );
      const ended = once(csv, 'end');
      csv.end();
      await ended;
      if (file !== undefined) await file.commit();
      if (opts.json) await printJSON(ctx, { rows: summary.rows, out: opts.out, column: opts.column });
    } catch (e) {
      csv.unpipe(dest);
      csv.destroy();
      await file?.abort();
      throw e;
    }
  }

  /** `--json` without `--out`: {"column": ..., "values": [...], "rows": n}, streamed. */
  private async runJSONValues(ctx: Context, track: (rows: number) => void): Promise<void> {
    const { name } = this.source;
    const input = this.open();
    const out = ctx.io.stdout;
    let first = true;
    let started = false;
    const reading = readCsv(
      input,
      name,
      this.csvOptions(false),
      () => this.vars,
      async (chunk) => {
        if (!started) {
          started = true;
          await write(out, `{"column":${JSON.stringify(this.opts.column)},"values":[`);
        }
        const values = this.kernel.evaluate(this.columnsOf(chunk))[0];
        let text = '';
        for (let r = 0; r < chunk.rows; r++) {
          const v = values[r];
          text += (first ? '' : ',') + (Number.isFinite(v) ? String(v) : 'null');
          first = false;
        }
        await write(out, text);
        track(chunk.firstRow + chunk.rows - 1);
      },
    );
    let summary: CsvSummary;
    try {
      summary = await reading;
    } catch (e) {
      // Values are already out: close the document with the error inside, so it stays valid JSON.
      if (started) {
        await write(out, `],"error":${JSON.stringify(errorJSON(e))}}\n`);
        ctx.errorReported = true;
      }
      throw e;
    }
    if (!started) await write(out, `{"column":${JSON.stringify(this.opts.column)},"values":[`);
    await write(out, `],"rows":${summary.rows}}\n`);
  }
}
