/**
 * A deliberately tiny CSV reader for the demo: a header line of variable names, then rows of
 * numbers separated by commas; the last column is the target. No quoting, no missing values.
 */
import { parse } from '@symx/core';
import { compile } from '@symx/wasm-eval';
import { rng } from './random.js';

export interface Table {
  /** Input variable names (every column but the last). */
  readonly variables: readonly string[];
  /** Name of the target column (the last). */
  readonly targetName: string;
  readonly columns: readonly Float64Array[];
  readonly target: Float64Array;
  readonly rows: number;
}

/** Malformed CSV text; the message names the line (1-based) and column. */
export class CsvError extends Error {
  override name = 'CsvError';
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads CSV text: header of names, then numeric rows; blank lines are skipped.
 *
 * @example
 * const t = parseCsv('x,y\n1,2\n3,4');
 * t.variables;   // ['x']
 * t.target;      // Float64Array [2, 4]
 */
export function parseCsv(text: string): Table {
  const lines = text.split(/\r?\n/);
  let i = 0;
  while (i < lines.length && lines[i].trim() === '') i++;
  if (i === lines.length) throw new CsvError('the CSV is empty: expected a header line such as "x,y"');
  const header = lines[i].split(',').map((s) => s.trim());
  header.forEach((h, c) => {
    if (!NAME.test(h)) throw new CsvError(`line ${i + 1}, column ${c + 1}: '${h}' is not a variable name (letters, digits, _)`);
    if (header.indexOf(h) !== c) throw new CsvError(`line ${i + 1}, column ${c + 1}: '${h}' appears twice in the header`);
  });
  if (header.length < 2) throw new CsvError(`line ${i + 1}: need at least one input column and a target column`);
  const cells: number[][] = header.map(() => []);
  for (let l = i + 1; l < lines.length; l++) {
    if (lines[l].trim() === '') continue;
    const parts = lines[l].split(',');
    if (parts.length !== header.length) throw new CsvError(`line ${l + 1}: ${parts.length} values, the header has ${header.length}`);
    parts.forEach((p, c) => {
      const s = p.trim();
      const v = Number(s);
      if (s === '' || Number.isNaN(v)) throw new CsvError(`line ${l + 1}, column ${c + 1}: '${s}' is not a number`);
      cells[c].push(v);
    });
  }
  const rows = cells[0].length;
  if (rows === 0) throw new CsvError('the CSV has a header but no rows');
  const columns = cells.map((c) => Float64Array.from(c));
  return { variables: header.slice(0, -1), targetName: header[header.length - 1], columns: columns.slice(0, -1), target: columns[columns.length - 1], rows };
}

/** The noiseless formula behind generated data, over x0 and x1. */
export const GENERATED_TARGET = '2.5*cos(x1) + x0^2 - 0.5';

/** The formula behind generated data (shown on the page). */
export const GENERATED_FORMULA = `y = ${GENERATED_TARGET} + noise`;

/**
 * A CSV of `rows` rows with inputs x0, x1 uniform in [-3, 3] and y from
 * {@link GENERATED_FORMULA} (noise of scale 0.05), deterministic for a seed. Values are printed
 * with 17 significant digits, so parsing gives the same float64s back.
 *
 * The target is computed by the WASM VM, not by JavaScript's `Math.cos`: engines implement
 * `Math` functions differently (Node 20 and Chromium 156 disagree in the last bit on a few
 * percent of arguments), while WebAssembly arithmetic is the same everywhere, so the same seed
 * gives the same file in every browser and in Node.
 *
 * @example
 * parseCsv(generateCsv(100, 1)).rows;   // 100
 */
export function generateCsv(rows: number, seed: number): string {
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`rows must be a positive integer, got ${rows}`);
  const r = rng(seed);
  const x0 = new Float64Array(rows);
  const x1 = new Float64Array(rows);
  const noise = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    x0[i] = 6 * r() - 3;
    x1[i] = 6 * r() - 3;
    noise[i] = 0.05 * (r() + r() + r() - 1.5);
  }
  const kernel = compile(parse(GENERATED_TARGET), { variables: ['x0', 'x1'] });
  let f: Float64Array;
  try {
    [f] = kernel.evaluate([x0, x1]);
  } finally {
    kernel.dispose();
  }
  const out = ['x0,x1,y'];
  for (let i = 0; i < rows; i++) out.push(`${x0[i].toPrecision(17)},${x1[i].toPrecision(17)},${(f[i] + noise[i]).toPrecision(17)}`);
  return out.join('\n');
}
