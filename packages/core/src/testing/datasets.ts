/**
 * fast-check arbitraries for points (environments: variable name -> value) and datasets
 * (one Float64Array column per variable, structure of arrays, as the WASM tiers take them).
 */
import fc from 'fast-check';
import { type FloatOptions, floatArb } from './floats.js';

/**
 * A point: the value of each variable, as `evaluate` takes it.
 *
 * @example
 * const p: Point = { x0: 1.5, x1: -2 };
 */
export type Point = Record<string, number>;

/**
 * Points over `variables`, each value from {@link floatArb} (default -10..10, no edge values).
 *
 * @example
 * const p = pointArb(['x', 'y'], { min: -3, max: 3 });
 * fc.assert(fc.property(expressionArb({ variables: ['x', 'y'] }), p, (t, env) => typeof evaluate(t, env) === 'number'));
 */
export function pointArb(variables: readonly string[], opts: FloatOptions = {}): fc.Arbitrary<Point> {
  checkNames(variables, 'pointArb');
  const value = floatArb(opts);
  return fc.tuple(...variables.map(() => value)).map((vs) => {
    const p: Point = {};
    variables.forEach((v, i) => (p[v] = vs[i]));
    return p;
  });
}

/**
 * Options of {@link pointsArb}.
 *
 * @example
 * pointsArb(['x'], { minLength: 4, maxLength: 4, min: 0, max: 1 });
 */
export interface PointsOptions extends FloatOptions {
  /** Number of points (default 1..8). */
  readonly minLength?: number;
  readonly maxLength?: number;
}

/**
 * Lists of points over `variables`.
 *
 * @example
 * const expr = expressionArb({ variables: ['x0', 'x1'], maxDepth: 3 });
 * const ok = (t: Term, ps: Point[]) => numericallyEqual(t, simplify(t), ps, { domain: 'left' });
 * fc.assert(fc.property(expr, pointsArb(['x0', 'x1'], { minLength: 4 }), ok), { numRuns: 20 });
 */
export function pointsArb(variables: readonly string[], opts: PointsOptions = {}): fc.Arbitrary<Point[]> {
  return fc.array(pointArb(variables, opts), { minLength: opts.minLength ?? 1, maxLength: opts.maxLength ?? Math.max(8, opts.minLength ?? 1) });
}

/**
 * A dataset: one column per variable (and an optional target), all of `rows` values.
 *
 * @example
 * const d: ColumnData = { variables: ['x'], columns: [Float64Array.of(1, 2)], rows: 2 };
 * compile(parse('x^2'), { variables: d.variables }).evaluate(d.columns)[0];   // Float64Array [1, 4]
 */
export interface ColumnData {
  readonly variables: readonly string[];
  readonly columns: Float64Array[];
  readonly rows: number;
  /** Present when requested with `target: true`. */
  readonly target?: Float64Array;
}

/**
 * Options of {@link datasetArb}.
 *
 * @example
 * datasetArb(['x', 'y'], { minRows: 100, maxRows: 300, edgeValues: true, target: true });
 */
export interface DatasetOptions extends FloatOptions {
  /** Number of rows (default 1..32). */
  readonly minRows?: number;
  readonly maxRows?: number;
  /** Also draw a target column (same value options; default false). */
  readonly target?: boolean;
}

/**
 * Datasets over `variables`: columns as Float64Array, optionally with edge values (±0,
 * subnormals, tiny, huge) and non-finite ones, and an optional target column.
 *
 * @example
 * const data = datasetArb(['x', 'y'], { maxRows: 64, edgeValues: true, target: true });
 * fc.assert(fc.property(data, (d) => d.columns.every((c) => c.length === d.rows)));
 */
export function datasetArb(variables: readonly string[], opts: DatasetOptions = {}): fc.Arbitrary<ColumnData> {
  checkNames(variables, 'datasetArb');
  const minRows = opts.minRows ?? 1;
  const maxRows = opts.maxRows ?? Math.max(32, minRows);
  if (!(Number.isInteger(minRows) && Number.isInteger(maxRows) && 0 <= minRows && minRows <= maxRows)) {
    throw new RangeError(`datasetArb: expected integers 0 <= minRows <= maxRows, got ${minRows}..${maxRows}`);
  }
  const value = floatArb(opts);
  const width = variables.length + (opts.target === true ? 1 : 0);
  return fc.integer({ min: minRows, max: maxRows }).chain((rows) =>
    fc.array(fc.array(value, { minLength: rows, maxLength: rows }), { minLength: width, maxLength: width }).map((cols) => {
      const columns = cols.slice(0, variables.length).map((c) => Float64Array.from(c));
      const data: ColumnData = { variables: [...variables], columns, rows };
      return opts.target === true ? { ...data, target: Float64Array.from(cols[variables.length]) } : data;
    }),
  );
}

/**
 * The rows of a dataset as points, for the scalar `evaluate`.
 *
 * @example
 * datasetPoints({ variables: ['x'], columns: [Float64Array.of(1, 2)], rows: 2 });   // [{ x: 1 }, { x: 2 }]
 */
export function datasetPoints(data: ColumnData): Point[] {
  const out: Point[] = [];
  for (let r = 0; r < data.rows; r++) {
    const p: Point = {};
    data.variables.forEach((v, i) => (p[v] = data.columns[i][r]));
    out.push(p);
  }
  return out;
}

/**
 * The dataset whose rows are `points` (every point must give every variable).
 *
 * @example
 * pointsToDataset(['x'], [{ x: 1 }, { x: 2 }]).columns[0];   // Float64Array [1, 2]
 */
export function pointsToDataset(variables: readonly string[], points: readonly Point[]): ColumnData {
  checkNames(variables, 'pointsToDataset');
  const columns = variables.map((v) =>
    Float64Array.from(points, (p, r) => {
      const x = p[v];
      if (typeof x !== 'number') throw new RangeError(`pointsToDataset: point ${r} has no value for '${v}'`);
      return x;
    }),
  );
  return { variables: [...variables], columns, rows: points.length };
}

function checkNames(variables: readonly string[], where: string): void {
  if (!Array.isArray(variables)) throw new RangeError(`${where}: expected an array of variable names`);
  const seen = new Set<string>();
  variables.forEach((v, i) => {
    if (typeof v !== 'string' || v.length === 0) throw new RangeError(`${where}: variables[${i}] is not a non-empty string`);
    if (seen.has(v)) throw new RangeError(`${where}: variable '${v}' is listed twice`);
    seen.add(v);
  });
}
