/**
 * The pool's worker (run by piscina in a worker thread; built to dist/pool/worker.js). Each
 * worker has its own VM instance (runtime.ts: one per realm) and keeps, per pool dataset, a copy
 * of the shared columns in that instance's memory, made by the first task that needs it and
 * freed after a task once the dataset is disposed. A task uploads one chunk's bytecode, runs it
 * in one VM call, and writes the chunk's results straight into the shared result arrays.
 *
 * This module never imports the pool (index.ts): the worker needs none of it.
 */
import type { Program } from '../lower.js';
import { type VmRuntime, vmRuntime } from '../runtime.js';
import {
  FLAG_INVALID,
  Layout,
  MODE_PREDICT,
  finishLoss,
  layoutProgram,
  lossMode,
  runProgram,
  trimStaging,
  uploadDataset,
  uploadProgram,
} from '../vm.js';
import type { ChunkTask, SharedDatasetRef } from './protocol.js';

/** A pool dataset in this worker's VM memory: column table, columns, target, weights. */
class ResidentDataset {
  readonly colTab: number;
  readonly target: number;
  readonly weights: number;
  private store: number;

  constructor(
    readonly ref: SharedDatasetRef,
    private readonly rt: VmRuntime,
  ) {
    const { columns, target, weights, rows } = ref;
    const layout = uploadDataset(rt, rows, columns, target ?? undefined, weights ?? undefined);
    this.store = layout.store;
    this.colTab = layout.colTab;
    this.target = layout.target;
    this.weights = layout.weights;
  }

  get disposed(): boolean {
    return Atomics.load(this.ref.state, 0) !== 0;
  }

  free(): void {
    this.rt.free(this.store);
    this.store = 0;
  }
}

const resident = new Map<number, ResidentDataset>();
const NO_SOURCES = new Int32Array(0);

function residentDataset(ref: SharedDatasetRef): ResidentDataset {
  let d = resident.get(ref.id);
  if (d === undefined) {
    d = new ResidentDataset(ref, vmRuntime());
    resident.set(ref.id, d);
  }
  return d;
}

/** Frees the VM copies of disposed datasets. */
function sweep(): void {
  for (const [id, d] of resident) {
    if (d.disposed) {
      d.free();
      resident.delete(id);
    }
  }
}

/** Number of datasets resident in this realm's VM (for tests). */
export function residentCount(): number {
  return resident.size;
}

/** Runs one chunk (the piscina task handler). */
export default function runChunk(task: ChunkTask): void {
  try {
    run(task);
  } finally {
    sweep();
  }
}

function run(task: ChunkTask): void {
  const rt = vmRuntime();
  const d = residentDataset(task.dataset);
  const rows = task.dataset.rows;
  const p: Program = { ...task.program, paramSources: NO_SOURCES };
  const count = p.count;
  const predict = task.kind === 'predict';
  const outBytes = predict ? count * rows * 8 : count * 16;
  const l = new Layout();
  const at = layoutProgram(l, p);
  const outOff = l.take(outBytes);
  const base = rt.staging(l.size);
  uploadProgram(rt, base, at, p, p.params);
  const out = base + outOff;
  const first = task.first;
  if (predict) {
    runProgram(rt, base, at, count, d.colTab, rows, MODE_PREDICT, out, 0, 0, task.earlyExit);
    task.out.set(rt.f64.subarray(out >> 3, (out >> 3) + count * rows), first * rows);
  } else {
    const kind = task.kind as Exclude<ChunkTask['kind'], 'predict'>;
    rt.f64.fill(0, out >> 3, (out >> 3) + 2 * count);
    runProgram(rt, base, at, count, d.colTab, rows, lossMode(kind), out, d.target, d.weights, task.earlyExit);
    const f = rt.f64;
    const total = task.dataset.weightTotal;
    for (let e = 0; e < count; e++) {
      task.out[first + e] = finishLoss(kind, f[(out >> 3) + 2 * e] + f[(out >> 3) + 2 * e + 1], total);
    }
  }
  const i32 = rt.i32;
  const flags = (base + at.flags) >> 2;
  for (let e = 0; e < count; e++) task.invalid[first + e] = i32[flags + e] & FLAG_INVALID;
  trimStaging(rt, outBytes);
}
