/**
 * What crosses the thread boundary between the pool (main thread) and its workers. Everything
 * bulky lives in SharedArrayBuffers: structured clone of a typed array over a SharedArrayBuffer
 * shares the memory (a handle is copied, not the data), so a task message costs a few
 * microseconds whatever the population or dataset size.
 */
import type { LossKind } from '../kernel.js';

/** A pool dataset as its workers see it: columns shared with the main thread, read only. */
export interface SharedDatasetRef {
  /** Key of the worker-side VM copy (unique in the process). */
  readonly id: number;
  readonly rows: number;
  /** One column per variable, in variable order. */
  readonly columns: readonly Float64Array[];
  readonly target: Float64Array | null;
  readonly weights: Float64Array | null;
  /** Sum of the weights (or the row count), computed once on the main thread. */
  readonly weightTotal: number;
  /** state[0] becomes 1 when the dataset is disposed: workers then free their VM copy. */
  readonly state: Int32Array;
}

/**
 * Bytecode of one chunk of a population (lower.ts `Program` without `paramSources`): views of
 * one SharedArrayBuffer, offsets rebased to the chunk's first candidate.
 */
export interface PackedProgram {
  readonly count: number;
  readonly registers: number;
  readonly maxParams: number;
  readonly code: Int32Array;
  readonly codeOffsets: Int32Array;
  readonly params: Float64Array;
  readonly paramOffsets: Int32Array;
}

/** One chunk of candidates to run on one worker. */
export interface ChunkTask {
  readonly dataset: SharedDatasetRef;
  readonly program: PackedProgram;
  /** Index of the chunk's first candidate in the population (where its results go). */
  readonly first: number;
  /** 'predict' (evaluatePopulation) or a loss kind (lossPopulation). */
  readonly kind: 'predict' | LossKind;
  readonly earlyExit: boolean;
  /** Results of the whole population: values (count*rows, row-major by candidate) or losses (count). */
  readonly out: Float64Array;
  /** Invalid flags of the whole population. */
  readonly invalid: Uint8Array;
}
