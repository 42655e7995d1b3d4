/**
 * Population API for symbolic regression: score many candidate expressions on one dataset per
 * call, with no per-candidate object. The dataset is copied into VM memory once
 * (`createDataset`); each call lowers every candidate to bytecode into reused buffers and runs
 * them all in one VM call, block by block. Fixed cost per candidate: its lowering (about a
 * microsecond for a few nodes) plus a few dozen nanoseconds of dispatch per block of 256 rows.
 */
import { Term } from '@symx/core';
import { checkVariables } from './compile.js';
import { FitnessCache, fitnessKey } from './fitness-cache.js';
import { KernelError, type LossKind } from './kernel.js';
import { Lowerer } from './lower.js';
import { type VmRuntime, vmRuntime } from './runtime.js';
import {
  FLAG_INVALID,
  Layout,
  MODE_PREDICT,
  type ProgramLayout,
  checkColumns,
  finishLoss,
  layoutProgram,
  lossMode,
  runProgram,
  trimStaging,
  uploadDataset,
  uploadProgram,
  weightTotal,
} from './vm.js';

/**
 * Options of `createDataset`.
 *
 * @example
 * const options: DatasetOptions = { target: Float64Array.of(1, 2), weights: Float64Array.of(1, 0) };
 * const data = createDataset(['x'], [Float64Array.of(1, 5)], options);
 * // the second row has weight 0: only the first counts
 * lossPopulation([parse('x')], data, { kind: 'mse' }).loss[0]; // → 0
 * data.dispose();
 */
export interface DatasetOptions {
  /** Targets, for `lossPopulation`. */
  readonly target?: Float64Array;
  /** Per-row weights of the losses (weighted means). */
  readonly weights?: Float64Array;
}

/**
 * A dataset resident in VM memory. Free it with `dispose()` when the search is over.
 *
 * @example
 * const data: Dataset = createDataset(['x', 'y'], [Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6)]);
 * [data.variables, data.rows, data.hasTarget]; // → [['x', 'y'], 3, false]
 * data.dispose();
 */
export interface Dataset {
  readonly variables: readonly string[];
  readonly rows: number;
  readonly hasTarget: boolean;
  /** Frees the dataset's VM memory; the dataset cannot be used afterwards. */
  dispose(): void;
}

class VmDataset implements Dataset {
  readonly rows: number;
  readonly hasTarget: boolean;
  readonly varIndex: Map<string, number>;
  readonly colTab: number;
  readonly target: number;
  readonly weights: number;
  readonly weightTotal: number;
  /** The dataset's own VM memory: column table, columns, target, weights. */
  private store: number;
  private disposed = false;

  constructor(
    readonly variables: readonly string[],
    columns: readonly Float64Array[],
    options: DatasetOptions,
    readonly rt: VmRuntime,
  ) {
    const rows = checkColumns(columns, variables);
    const { target, weights } = options;
    if (target !== undefined && (!(target instanceof Float64Array) || target.length !== rows)) {
      throw new KernelError(`target must be a Float64Array of ${rows} rows`);
    }
    this.weightTotal = weightTotal(weights, rows);
    this.rows = rows;
    this.hasTarget = target !== undefined;
    this.varIndex = new Map(variables.map((v, i) => [v, i]));
    const layout = uploadDataset(rt, rows, columns, target, weights);
    this.store = layout.store;
    this.colTab = layout.colTab;
    this.target = layout.target;
    this.weights = layout.weights;
  }

  check(): void {
    if (this.disposed) throw new KernelError('dataset used after dispose()');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.rt.free(this.store);
    this.store = 0;
  }
}

/**
 * Copies a dataset into VM memory for repeated population calls. `columns[i]` holds variable
 * `variables[i]`; all columns (and target, weights) have the same length.
 *
 * @example
 * const xs = Float64Array.of(0, 1, 2, 3);
 * const data = createDataset(['x'], [xs], { target: Float64Array.of(1, 3, 5, 7) });
 * const { loss } = lossPopulation([parse('2*x + 1'), parse('x')], data, { kind: 'mse' });
 * Array.from(loss); // → [0, 7.5]
 * data.dispose();
 */
export function createDataset(
  variables: readonly string[],
  columns: readonly Float64Array[],
  options: DatasetOptions = {},
): Dataset {
  return new VmDataset([...checkVariables(variables)], columns, options, vmRuntime());
}

/**
 * Options of `evaluatePopulation` and `lossPopulation`.
 *
 * @example
 * const data = createDataset(['x'], [Float64Array.of(-1, 1)]);
 * const options: PopulationOptions = { earlyExit: false };
 * const { values, invalid } = evaluatePopulation([parse('sqrt(x)')], data, options);
 * [Number.isNaN(values[0]), values[1], invalid[0]]; // → [true, 1, 1]
 * data.dispose();
 */
export interface PopulationOptions {
  /**
   * Stop on a candidate as soon as it is dead (default true). evaluatePopulation: a candidate
   * whose value is NaN/±Infinity on every row of a block of 256 rows gets NaN on every row.
   * lossPopulation: a candidate with a non-finite value on some row stops there (its loss is
   * non-finite either way). Off, every row is computed exactly as `evaluate` would.
   */
  readonly earlyExit?: boolean;
}

/**
 * What `evaluatePopulation` returns: every candidate's values on every row, and which are invalid.
 *
 * @example
 * const data = createDataset(['x'], [Float64Array.of(1, 2, 3)]);
 * const r: PopulationValues = evaluatePopulation([parse('x + 1'), parse('x*x')], data);
 * Array.from(r.values); // → [2, 3, 4, 1, 4, 9]
 * data.dispose();
 */
export interface PopulationValues {
  /** Predictions, row-major by candidate: values[i*rows + r] is candidate i on row r. */
  readonly values: Float64Array;
  /** 1 where a candidate is NaN or ±Infinity on some row (or was stopped early), else 0. */
  readonly invalid: Uint8Array;
}

/**
 * What `lossPopulation` returns: one loss per candidate, and which are invalid.
 *
 * @example
 * const data = createDataset(['x'], [Float64Array.of(1, 2)], { target: Float64Array.of(2, 4) });
 * const r: PopulationLosses = lossPopulation([parse('2*x'), parse('x')], data, { kind: 'mae' });
 * [Array.from(r.loss), Array.from(r.invalid)]; // → [[0, 1.5], [0, 0]]
 * data.dispose();
 */
export interface PopulationLosses {
  /** One loss per candidate; NaN or ±Infinity for invalid candidates. */
  readonly loss: Float64Array;
  /** 1 where a candidate is NaN or ±Infinity on some row, else 0. */
  readonly invalid: Uint8Array;
}

const lowerer = new Lowerer();

function asDataset(data: Dataset): VmDataset {
  if (!(data instanceof VmDataset)) throw new KernelError('data must come from createDataset()');
  data.check();
  return data;
}

/** Lowers every candidate; lays out its bytecode and an output area of `outBytes` bytes. */
function prepare(exprs: readonly Term[], data: VmDataset, outBytes: number): { base: number; at: ProgramLayout; out: number } {
  if (!Array.isArray(exprs)) throw new KernelError('exprs must be an array of terms');
  lowerer.begin();
  for (let i = 0; i < exprs.length; i++) {
    try {
      lowerer.addTerm(exprs[i], data.varIndex);
    } catch (e) {
      if (e instanceof KernelError) throw new KernelError(`candidate ${i}: ${e.message}`, { cause: e });
      throw e;
    }
  }
  const program = lowerer.views();
  const l = new Layout();
  const at = layoutProgram(l, program);
  const out = l.take(outBytes);
  const base = data.rt.staging(l.size);
  uploadProgram(data.rt, base, at, program, program.params);
  return { base, at, out: base + out };
}

function readFlags(rt: VmRuntime, flags: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  const i32 = rt.i32;
  for (let e = 0; e < count; e++) out[e] = i32[(flags >> 2) + e] & FLAG_INVALID;
  return out;
}

/**
 * Evaluates every candidate on every row of the dataset in one VM call.
 *
 * @example
 * const data = createDataset(['x'], [Float64Array.of(0, 1, 2)]);
 * const { values, invalid } = evaluatePopulation([parse('x + 1'), parse('log(x)')], data);
 * // values: [1, 2, 3, -Infinity, 0, 0.693...], invalid: [0, 1]
 */
export function evaluatePopulation(
  exprs: readonly Term[],
  data: Dataset,
  options: PopulationOptions & { readonly out?: Float64Array } = {},
): PopulationValues {
  const d = asDataset(data);
  const count = exprs.length;
  const rows = d.rows;
  if (options.out !== undefined && (!(options.out instanceof Float64Array) || options.out.length < count * rows)) {
    throw new KernelError(`out must be a Float64Array of at least ${count * rows} elements`);
  }
  const { base, at, out } = prepare(exprs, d, count * rows * 8);
  runProgram(d.rt, base, at, count, d.colTab, rows, MODE_PREDICT, out, 0, 0, options.earlyExit ?? true);
  const src = d.rt.f64.subarray(out >> 3, (out >> 3) + count * rows);
  const values = options.out ?? new Float64Array(count * rows);
  values.set(src);
  const invalid = readFlags(d.rt, base + at.flags, count);
  trimStaging(d.rt, count * rows * 8);
  return { values, invalid };
}

/**
 * Loss of every candidate against the dataset's target (weighted by its weights, if any),
 * computed in the VM without materializing predictions.
 *
 * @example
 * const data = createDataset(['x'], [Float64Array.of(1, 2, 3, 4)], { target: Float64Array.of(2, 4, 6, 8) });
 * const population = [parse('x'), parse('log(x - 2)'), parse('x + x')];
 * const { loss, invalid } = lossPopulation(population, data, { kind: 'rmse' });
 * Array.from(invalid); // → [0, 1, 0]
 * loss[0]; // → Math.sqrt(7.5)
 * const best = loss.indexOf(Math.min(...loss.filter((l, i) => !invalid[i])));
 * best; // → 2
 * data.dispose();
 */
export function lossPopulation(
  exprs: readonly Term[],
  data: Dataset,
  options: PopulationOptions & { readonly kind?: LossKind; readonly out?: Float64Array; readonly cache?: FitnessCache } = {},
): PopulationLosses {
  const d = asDataset(data);
  if (!d.hasTarget) throw new KernelError('lossPopulation: the dataset has no target (createDataset(..., { target }))');
  const kind = options.kind ?? 'mse';
  lossMode(kind); // validates the kind
  const count = exprs.length;
  if (options.out !== undefined && (!(options.out instanceof Float64Array) || options.out.length < count)) {
    throw new KernelError(`out must be a Float64Array of at least ${count} elements`);
  }
  if (options.cache !== undefined) return cachedLosses(exprs, d, kind, options, options.cache);
  return computeLosses(exprs, d, kind, options.earlyExit ?? true, options.out);
}

/** The VM run of lossPopulation. */
function computeLosses(exprs: readonly Term[], d: VmDataset, kind: LossKind, earlyExit: boolean, out: Float64Array | undefined): PopulationLosses {
  const mode = lossMode(kind);
  const count = exprs.length;
  const { base, at, out: acc } = prepare(exprs, d, count * 16);
  d.rt.f64.fill(0, acc >> 3, (acc >> 3) + 2 * count);
  runProgram(d.rt, base, at, count, d.colTab, d.rows, mode, acc, d.target, d.weights, earlyExit);
  const f = d.rt.f64;
  const loss = out ?? new Float64Array(count);
  for (let e = 0; e < count; e++) loss[e] = finishLoss(kind, f[(acc >> 3) + 2 * e] + f[(acc >> 3) + 2 * e + 1], d.weightTotal);
  return { loss, invalid: readFlags(d.rt, base + at.flags, count) };
}

/**
 * lossPopulation through a fitness cache: candidates whose structural key (constants included)
 * was scored before on this dataset with this loss are looked up; the others, each distinct one
 * once, go to the VM in one call.
 */
function cachedLosses(
  exprs: readonly Term[],
  d: VmDataset,
  kind: LossKind,
  options: PopulationOptions & { readonly out?: Float64Array },
  cache: FitnessCache,
): PopulationLosses {
  if (!(cache instanceof FitnessCache)) throw new KernelError('options.cache must be a FitnessCache');
  if (!Array.isArray(exprs)) throw new KernelError('exprs must be an array of terms');
  const earlyExit = options.earlyExit ?? true;
  const table = cache.table(d, `${kind}|${earlyExit}`);
  const count = exprs.length;
  const loss = options.out ?? new Float64Array(count);
  const invalid = new Uint8Array(count);
  const keys: string[] = new Array<string>(count);
  const missing: Term[] = [];
  const missingKeys: string[] = [];
  const firstMiss = new Map<string, number>(); // key -> index in `missing`
  const pending: number[] = []; // candidate indexes waiting for a computed result, and their miss index
  for (let i = 0; i < count; i++) {
    const t = exprs[i];
    if (!(t instanceof Term)) throw new KernelError(`candidate ${i}: not a term (${t === null ? 'null' : typeof t})`);
    const key = fitnessKey(t);
    keys[i] = key;
    const hit = table.get(key);
    if (hit !== undefined) {
      cache.hits++;
      loss[i] = hit.loss;
      invalid[i] = hit.invalid;
      continue;
    }
    let m = firstMiss.get(key);
    if (m === undefined) {
      m = missing.length;
      firstMiss.set(key, m);
      missing.push(t);
      missingKeys.push(key);
      cache.misses++;
    } else cache.hits++; // a repeat within this call: computed once
    pending.push(i, m);
  }
  if (missing.length > 0) {
    let computed: PopulationLosses;
    try {
      computed = computeLosses(missing, d, kind, earlyExit, undefined);
    } catch (e) {
      // name the candidate by its index in the caller's population
      const m = e instanceof KernelError ? /^candidate (\d+): ([\s\S]*)$/.exec(e.message) : null;
      if (m === null) throw e;
      let index = 0;
      while (pending[index + 1] !== Number(m[1])) index += 2;
      throw new KernelError(`candidate ${pending[index]}: ${m[2]}`, { cause: e });
    }
    for (let m = 0; m < missing.length; m++) cache.store(table, missingKeys[m], computed.loss[m], computed.invalid[m]);
    for (let p = 0; p < pending.length; p += 2) {
      loss[pending[p]] = computed.loss[pending[p + 1]];
      invalid[pending[p]] = computed.invalid[pending[p + 1]];
    }
  }
  return { loss, invalid };
}
