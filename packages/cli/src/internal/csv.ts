/**
 * Streaming CSV input for `symx eval` and the server's `load_dataset`: csv-parse's stream API,
 * records gathered into chunks of rows with the numeric columns a caller needs converted to
 * Float64Array columns, so files larger than memory are processed chunk by chunk.
 *
 * Validation, with messages naming the source, the data row (1-based, the header is not a row),
 * the line of the file (when it can be read again) and the column:
 * - an empty input (no header) is an error; a header without rows gives zero rows;
 * - a row with a different number of fields than the header (a ragged row);
 * - a needed column missing from the header, or named twice;
 * - a cell of a needed column that is not a number. Numbers are decimal (`1`, `-2.5`, `1e-3`,
 *   `.5`) or `nan`, `inf`, `-inf`, `infinity` in any case; an empty cell is an error unless
 *   `empty: 'nan'` (pandas writes NaN as an empty cell).
 * Lines that are completely empty are skipped.
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { UserError } from '../errors.js';

export interface CsvOptions {
  /** Field delimiter (default ','). */
  readonly delimiter?: string;
  /** What an empty cell of a needed column means: an error (default) or NaN. */
  readonly empty?: 'error' | 'nan';
  /** Rows per chunk (default 65,536). */
  readonly chunkRows?: number;
  /**
   * Keep each row's raw fields in the chunk (to write them back out); default false: only the
   * needed columns are kept, as numbers.
   */
  readonly keepFields?: boolean;
  /**
   * Opens the input again from the start (files): used to find the line of a bad row for the
   * error message. Without it (stdin), errors give the row only.
   */
  readonly reopen?: () => Readable;
}

/** A block of consecutive rows. */
export interface CsvChunk {
  /** 1-based number of the chunk's first data row. */
  readonly firstRow: number;
  readonly rows: number;
  /** The needed columns, in the order the header callback returned their names. */
  readonly columns: readonly Float64Array[];
  /** The raw fields of each row (only with `keepFields`). */
  readonly fields: readonly string[][];
}

export interface CsvSummary {
  readonly header: readonly string[];
  readonly rows: number;
}

/**
 * Reads CSV from `input` (named `name` in messages). `onHeader` receives the column names and
 * returns the names of the columns to convert to numbers; `onChunk` receives each chunk and may
 * be asynchronous (the input is not read further until it resolves).
 *
 * @example
 * await readCsv(createReadStream('data.csv'), 'data.csv', {},
 *   (header) => ['x', 'y'],
 *   async (chunk) => { use(chunk.columns[0], chunk.columns[1]); });
 */
export async function readCsv(
  input: Readable,
  name: string,
  options: CsvOptions,
  onHeader: (header: readonly string[]) => readonly string[],
  onChunk: (chunk: CsvChunk) => Promise<void> | void,
): Promise<CsvSummary> {
  const chunkRows = options.chunkRows ?? 65_536;
  const emptyIsNaN = options.empty === 'nan';
  const keepFields = options.keepFields === true;
  const delimiter = options.delimiter ?? ',';
  let header: string[] | undefined;
  let needed: Int32Array = new Int32Array(0);
  let neededNames: readonly string[] = [];
  let row = 0;

  // Per-record validation and number conversion, straight into the chunk's columns. (csv-parse's
  // per-record `info` would give line numbers but triples the parsing time, so the line of a bad
  // row is found afterwards, by `locateLine`, only when there is one.)
  let columns: Float64Array[] = [];
  let fields: string[][] = [];
  let count = 0;
  let firstRow = 1;
  const startChunk = (): void => {
    columns = Array.from({ length: needed.length }, () => new Float64Array(chunkRows));
    fields = [];
    count = 0;
  };
  const take = (record: string[]): void => {
    if (header === undefined) {
      header = record;
      neededNames = onHeader(record);
      needed = Int32Array.from(neededNames, (c) => columnIndex(record, c, name));
      startChunk();
      return;
    }
    row++;
    if (record.length !== header.length) {
      throw new RowError(row, undefined, `has ${record.length} field${record.length === 1 ? '' : 's'}, the header has ${header.length}`);
    }
    for (let k = 0; k < needed.length; k++) {
      const cell = record[needed[k]];
      let v = parseNumber(cell);
      if (v === undefined) {
        const empty = cell.trim() === '';
        if (!(empty && emptyIsNaN)) {
          throw new RowError(row, neededNames[k], empty ? 'is empty (use --empty nan to read empty cells as NaN)' : `'${clip(cell)}' is not a number`);
        }
        v = NaN;
      }
      columns[k][count] = v;
    }
    if (keepFields) fields.push(record);
    count++;
  };
  const flush = async (): Promise<void> => {
    const rows = count;
    const chunk: CsvChunk = { firstRow, rows, columns: columns.map((c) => (rows === chunkRows ? c : c.subarray(0, rows))), fields };
    startChunk();
    firstRow += rows;
    await onChunk(chunk);
  };

  const parser = parse({
    delimiter,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true, // ragged rows are reported with their row and line
  });
  // pipeline forwards errors of the input (a missing file, ...) to the parser.
  pipeline(input, parser, () => {});
  try {
    for await (const batch of recordBatches(parser)) {
      for (const record of batch as string[][]) {
        take(record);
        if (count === chunkRows) await flush();
      }
    }
  } catch (e) {
    // Stop reading: an error ends the run before the input does.
    parser.destroy();
    input.destroy();
    if (e instanceof CsvError) throw new UserError(`${name}: ${e.message}`, 'csv', {}, { cause: e });
    if (e instanceof RowError) {
      const line = options.reopen === undefined ? undefined : await locateLine(options.reopen(), delimiter, e.row).catch(() => undefined);
      const at = `row ${e.row}${line === undefined ? '' : ` (line ${line})`}${e.column === undefined ? '' : `, column '${e.column}'`}`;
      throw new UserError(`${name}: ${at}${e.column === undefined ? ' ' : ': '}${e.problem}`, 'csv', {
        row: e.row,
        ...(line === undefined ? {} : { line }),
        ...(e.column === undefined ? {} : { column: e.column }),
      });
    }
    throw e;
  }
  if (header === undefined) throw new UserError(`${name} is empty: expected a header row with the column names`, 'csv');
  if (count > 0) await flush();
  return { header, rows: row };
}

/** A bad data row, before its line in the file is known. */
class RowError extends Error {
  constructor(
    readonly row: number,
    readonly column: string | undefined,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/**
 * The records of an object stream in batches: everything readable at once, without a promise
 * per record (an `await` per record costs about as much as parsing it).
 */
async function* recordBatches(stream: Readable): AsyncGenerator<unknown[], void, undefined> {
  let ended = false;
  let failure: unknown;
  let signaled = false;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    signaled = true;
    wake?.();
  };
  stream.on('readable', signal);
  stream.on('end', () => {
    ended = true;
    signal();
  });
  stream.on('error', (e) => {
    failure = e;
    signal();
  });
  for (;;) {
    signaled = false;
    const batch: unknown[] = [];
    for (let r = stream.read(); r !== null; r = stream.read()) batch.push(r);
    if (batch.length > 0) yield batch;
    if (failure !== undefined) throw failure;
    if (ended) return;
    if (!signaled) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
}

/** The line of the file on which data row `row` (1-based, after the header) ends. */
async function locateLine(input: Readable, delimiter: string, row: number): Promise<number | undefined> {
  let line: number | undefined;
  const parser = parse({
    delimiter,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    on_record: (record: string[], context: { records: number; lines: number }) => {
      if (context.records === row + 1) line = context.lines;
      return record;
    },
  });
  pipeline(input, parser, () => {});
  for await (const batch of recordBatches(parser)) {
    void batch;
    if (line !== undefined) break;
  }
  input.destroy();
  parser.destroy();
  return line;
}

function columnIndex(header: readonly string[], column: string, name: string): number {
  const i = header.indexOf(column);
  if (i < 0) {
    throw new UserError(`${name} has no column '${column}' (its columns: ${header.map((h) => `'${clip(h)}'`).join(', ')})`, 'csv', { column });
  }
  if (header.indexOf(column, i + 1) >= 0) throw new UserError(`${name} has two columns named '${column}'`, 'csv', { column });
  return i;
}

// Characters a decimal number may contain; Number() alone would also take '0x1f', '0b1', ''.
const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const SPECIAL: ReadonlyMap<string, number> = new Map([
  ['nan', NaN],
  ['+nan', NaN],
  ['-nan', NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity],
]);

/**
 * A cell's number, or undefined when it is not one (see the file comment for the syntax).
 *
 * @example
 * parseNumber(' 1.5e-3 ');   // 0.0015
 * parseNumber('NaN');        // NaN
 * parseNumber('0x10');       // undefined
 */
export function parseNumber(cell: string): number | undefined {
  if (DECIMAL.test(cell)) return Number(cell);
  return SPECIAL.get(cell.trim().toLowerCase());
}

/**
 * A number as a CSV cell: the shortest text that reads back as the same double; `nan`, `inf`,
 * `-inf` for the non-finite values (as pandas and numpy read them).
 *
 * @example
 * formatNumber(0.1 + 0.2);   // '0.30000000000000004'
 * formatNumber(-Infinity);   // '-inf'
 */
export function formatNumber(v: number): string {
  if (Number.isFinite(v)) return String(v);
  return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
}

function clip(s: string): string {
  return s.length <= 40 ? s : `${s.slice(0, 37)}...`;
}
