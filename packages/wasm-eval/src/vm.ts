/**
 * The VM tier: a `Kernel` over bytecode run by the prebuilt WebAssembly interpreter
 * (assembly/vm.ts). Nothing is compiled per expression: lowering to bytecode is the only
 * per-expression work, and a kernel holds no VM memory between calls (each call lays out its
 * bytecode, columns, registers and outputs in the runtime's shared staging area). Also the
 * plumbing the population API (population.ts) shares: layout, column upload, one `vm_run`.
 */
import type { Term } from '@symx/core';
import { KernelError, type Kernel, type LossKind, type LossOptions } from './kernel.js';
import { Lowerer, type Program } from './lower.js';
import { type VmRuntime, vmRuntime } from './runtime.js';

/** Rows per VM block (assembly/vm.ts BLOCK). */
export const BLOCK_ROWS = 256;
const BLOCK_BYTES = BLOCK_ROWS * 8;

export const MODE_PREDICT = 0;
export const MODE_SQUARED = 1;
export const MODE_ABSOLUTE = 2;
export const FLAG_INVALID = 1;
export const FLAG_DEAD = 2;

/** Staging areas larger than this are given back after the call that needed them. */
const STAGING_KEEP = 64 << 20;

/** Rows padded to a multiple of 8 (the VM's loops work on groups of 4 vectors of 2 rows). */
export function paddedRows(n: number): number {
  return (n + 7) & ~7;
}

/** Copies `src` to VM address `ptr`, padded to `paddedRows` rows by repeating the last value. */
export function uploadColumn(rt: VmRuntime, ptr: number, src: Float64Array): void {
  const f = rt.f64;
  const at = ptr >> 3;
  f.set(src, at);
  const n = src.length;
  if (n > 0) f.fill(src[n - 1], at + n, at + paddedRows(n));
}

/** Where a dataset lives in VM memory (addresses; target/weights 0 when absent). */
export interface ResidentLayout {
  /** The one allocation holding it all: free it with `rt.free(store)`. */
  readonly store: number;
  /** Table of the columns' addresses (u32 each). */
  readonly colTab: number;
  readonly target: number;
  readonly weights: number;
}

/**
 * Copies a dataset into VM memory in the layout the VM reads: a column table, then each column,
 * the target and the weights, each padded to `paddedRows(rows)`. One definition for the
 * single-threaded datasets (population.ts) and the pool's workers.
 */
export function uploadDataset(
  rt: VmRuntime,
  rows: number,
  columns: readonly Float64Array[],
  target: Float64Array | undefined,
  weights: Float64Array | undefined,
): ResidentLayout {
  const padded = paddedRows(rows) * 8;
  const tabBytes = (columns.length * 4 + 15) & ~15;
  const base = rt.alloc(tabBytes + (columns.length + 2) * padded);
  let at = base + tabBytes;
  for (let c = 0; c < columns.length; c++) {
    rt.u32[(base >> 2) + c] = at;
    uploadColumn(rt, at, columns[c]);
    at += padded;
  }
  const targetAt = target ? at : 0;
  if (target) uploadColumn(rt, at, target);
  at += padded;
  const weightsAt = weights ? at : 0;
  if (weights) uploadColumn(rt, at, weights);
  return { store: base, colTab: base, target: targetAt, weights: weightsAt };
}

/** Checks a column set: the right count, Float64Arrays, one length; returns that length. */
export function checkColumns(columns: readonly Float64Array[], variables: readonly string[], what = 'columns'): number {
  if (!Array.isArray(columns)) throw new KernelError(`${what} must be an array of Float64Array (one per variable)`);
  if (columns.length !== variables.length) {
    throw new KernelError(`${what}: expected ${variables.length} column(s) for [${variables.join(', ')}], got ${columns.length}`);
  }
  let n = -1;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    if (!(c instanceof Float64Array)) throw new KernelError(`${what}[${i}] (variable '${variables[i]}') is not a Float64Array`);
    if (n < 0) n = c.length;
    else if (c.length !== n) {
      throw new KernelError(`${what}[${i}] (variable '${variables[i]}') has ${c.length} rows, ${what}[0] has ${n}`);
    }
  }
  return Math.max(n, 0);
}

/** Byte offsets of one call's buffers, relative to the start of the staging area. */
export class Layout {
  size = 0;
  /** Reserves `bytes` (16-byte aligned); returns the offset. */
  take(bytes: number): number {
    const at = this.size;
    this.size += (bytes + 15) & ~15;
    return at;
  }
}

/** Where a program's buffers go in one call's layout. */
export interface ProgramLayout {
  code: number;
  codeOff: number;
  params: number;
  paramOff: number;
  flags: number;
  consts: number;
  regs: number;
}

export function layoutProgram(l: Layout, p: Program): ProgramLayout {
  return {
    code: l.take(p.code.length * 4),
    codeOff: l.take((p.count + 1) * 4),
    params: l.take(p.params.length * 8),
    paramOff: l.take((p.count + 1) * 4),
    flags: l.take(p.count * 4),
    consts: l.take((p.maxParams + 1) * 16),
    regs: l.take(Math.max(1, p.registers) * BLOCK_BYTES),
  };
}

/** Writes the program (with `params` as its parameter values) at `base` + its layout. */
export function uploadProgram(rt: VmRuntime, base: number, at: ProgramLayout, p: Program, params: Float64Array): void {
  const i32 = rt.i32;
  i32.set(p.code, (base + at.code) >> 2);
  i32.set(p.codeOffsets, (base + at.codeOff) >> 2);
  i32.set(p.paramOffsets, (base + at.paramOff) >> 2);
  i32.fill(0, (base + at.flags) >> 2, ((base + at.flags) >> 2) + p.count);
  rt.f64.set(params, (base + at.params) >> 3);
}

/** Runs an uploaded program. */
export function runProgram(
  rt: VmRuntime, base: number, at: ProgramLayout, count: number, colTab: number, rows: number,
  mode: number, out: number, target: number, weights: number, earlyExit: boolean,
): void {
  rt.exports.vm_run(
    base + at.code, base + at.codeOff, base + at.params, base + at.paramOff, count,
    colTab, rows, base + at.regs, base + at.consts,
    mode, out, target, weights, base + at.flags, earlyExit ? 1 : 0,
  );
}

/** Gives back an oversized staging area after a call. */
export function trimStaging(rt: VmRuntime, bytes: number): void {
  if (bytes > STAGING_KEEP) rt.releaseStaging();
}

export function lossMode(kind: LossKind): number {
  if (kind === 'mse' || kind === 'rmse') return MODE_SQUARED;
  if (kind === 'mae') return MODE_ABSOLUTE;
  throw new KernelError(`unknown loss kind '${String(kind)}' (expected 'mse', 'mae' or 'rmse')`);
}

/** The loss from an accumulated sum (of w*(p-y)^2 or w*|p-y|) and the weight total. */
export function finishLoss(kind: LossKind, sum: number, total: number): number {
  const mean = sum / total;
  return kind === 'rmse' ? Math.sqrt(mean) : mean;
}

/** Sum of the weights (or the row count), validated. */
export function weightTotal(weights: Float64Array | undefined, rows: number): number {
  if (weights === undefined) return rows;
  if (!(weights instanceof Float64Array)) throw new KernelError('weights must be a Float64Array');
  if (weights.length !== rows) throw new KernelError(`weights has ${weights.length} rows, the data has ${rows}`);
  let s = 0;
  for (let i = 0; i < rows; i++) s += weights[i];
  return s;
}

/** A kernel of the VM tier: bytecode and parameters in JS; VM memory only during a call. */
class VmKernel implements Kernel {
  readonly tier = 'vm' as const;
  readonly count: number;
  private readonly paramValues: Float64Array;
  private readonly paramViews: Float64Array[];
  private disposed = false;

  constructor(
    readonly variables: readonly string[],
    private readonly program: Program,
    private readonly rt: VmRuntime,
  ) {
    this.count = program.count;
    this.paramValues = program.params.slice();
    this.paramViews = [];
    for (let e = 0; e < program.count; e++) {
      this.paramViews.push(this.paramValues.subarray(program.paramOffsets[e], program.paramOffsets[e + 1]));
    }
  }

  params(i: number): Float64Array {
    if (!(Number.isInteger(i) && i >= 0 && i < this.count)) {
      throw new KernelError(`expression index ${i} out of range [0, ${this.count})`);
    }
    return this.paramViews[i];
  }

  /**
   * Lays out and uploads program, columns and `extra` columns (target, weights: 0 when absent)
   * plus an output area; runs; returns the staging base and the output's address.
   */
  private call(
    columns: readonly Float64Array[], rows: number, extra: (Float64Array | undefined)[], outBytes: number,
    mode: number,
  ): number {
    if (this.disposed) throw new KernelError('kernel used after dispose()');
    const rt = this.rt;
    const padded = paddedRows(rows) * 8;
    const l = new Layout();
    const prog = layoutProgram(l, this.program);
    const colTab = l.take(columns.length * 4);
    const cols = l.take(columns.length * padded);
    const ext = l.take(extra.length * padded);
    const out = l.take(outBytes);
    const base = rt.staging(l.size);
    uploadProgram(rt, base, prog, this.program, this.paramValues);
    const u32 = rt.u32;
    for (let c = 0; c < columns.length; c++) {
      u32[((base + colTab) >> 2) + c] = base + cols + c * padded;
      uploadColumn(rt, base + cols + c * padded, columns[c]);
    }
    const ptr = [0, 0];
    extra.forEach((x, i) => {
      if (x !== undefined) {
        ptr[i] = base + ext + i * padded;
        uploadColumn(rt, ptr[i], x);
      }
    });
    if (mode !== MODE_PREDICT) rt.f64.fill(0, (base + out) >> 3, ((base + out) >> 3) + 2 * this.count);
    runProgram(rt, base, prog, this.count, base + colTab, rows, mode, base + out, ptr[0], ptr[1], false);
    return base + out;
  }

  evaluate(columns: readonly Float64Array[], out?: Float64Array[]): Float64Array[] {
    const rows = checkColumns(columns, this.variables);
    if (out !== undefined) {
      if (!Array.isArray(out) || out.length !== this.count) throw new KernelError(`out must be an array of ${this.count} Float64Array`);
      out.forEach((o, i) => {
        if (!(o instanceof Float64Array) || o.length !== rows) throw new KernelError(`out[${i}] must be a Float64Array of ${rows} rows`);
      });
    }
    const outPtr = this.call(columns, rows, [], this.count * rows * 8, MODE_PREDICT);
    const src = this.rt.f64.subarray(outPtr >> 3, (outPtr >> 3) + this.count * rows);
    let result: Float64Array[];
    if (out) {
      for (let e = 0; e < this.count; e++) out[e].set(src.subarray(e * rows, (e + 1) * rows));
      result = out;
    } else {
      // one allocation, one view per expression (new + set: slice() of a view of wasm memory
      // takes V8's slow path)
      const all = new Float64Array(src.length);
      all.set(src);
      result = [];
      for (let e = 0; e < this.count; e++) result.push(all.subarray(e * rows, (e + 1) * rows));
    }
    trimStaging(this.rt, this.count * rows * 8);
    return result;
  }

  loss(columns: readonly Float64Array[], target: Float64Array, options: LossOptions = {}): Float64Array {
    const rows = checkColumns(columns, this.variables);
    if (!(target instanceof Float64Array) || target.length !== rows) {
      throw new KernelError(`target must be a Float64Array of ${rows} rows`);
    }
    const kind = options.kind ?? 'mse';
    const mode = lossMode(kind);
    const total = weightTotal(options.weights, rows);
    const acc = this.call(columns, rows, [target, options.weights], this.count * 16, mode);
    const f = this.rt.f64;
    const result = new Float64Array(this.count);
    for (let e = 0; e < this.count; e++) {
      result[e] = finishLoss(kind, f[(acc >> 3) + 2 * e] + f[(acc >> 3) + 2 * e + 1], total);
    }
    trimStaging(this.rt, (columns.length + 2) * rows * 8);
    return result;
  }

  dispose(): void {
    this.disposed = true;
  }
}

const lowerer = new Lowerer();

/**
 * Compiles terms for the VM tier: lowering only (straight from the terms, no flat encoding).
 * `variables` is the column order; every variable of the terms must be in it.
 *
 * @example
 * const k = compileVm([parse('x*y + 1')], ['x', 'y']);
 * k.evaluate([Float64Array.of(1, 2), Float64Array.of(3, 4)]);   // [Float64Array [4, 9]]
 */
export function compileVm(terms: readonly Term[], variables: readonly string[]): Kernel {
  const index = new Map<string, number>();
  variables.forEach((v, i) => index.set(v, i));
  lowerer.begin();
  for (const t of terms) lowerer.addTerm(t, index);
  return new VmKernel([...variables], lowerer.finish(), vmRuntime());
}
