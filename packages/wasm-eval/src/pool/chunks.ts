/**
 * Splitting a lowered population into chunks for the workers, and packing the chunks' bytecode
 * into a SharedArrayBuffer.
 *
 * The population is lowered once, on the calling thread (terms are hash-consed objects of that
 * thread's store, so they cannot cross to a worker; lowering also reports bad candidates with
 * their index in the population, exactly as the single-threaded API does). Bytecode is the
 * cheapest thing to send: lowering a 20-node candidate costs ~3.5 µs, against ~8.5 µs to build
 * core's flat encoding (which the worker would still have to lower), and both are ~200 bytes.
 *
 * Chunks are cut by instruction count, which is what a candidate costs per row. There are
 * several chunks per thread (idle workers take the next one from the queue, which evens out
 * early exits and slow operators), but no chunk smaller than `MIN_CHUNK_WORK` instruction-rows,
 * so that small requests do not pay a task round trip (~50 µs) per few microseconds of work.
 */
import type { Program } from '../lower.js';
import type { PackedProgram } from './protocol.js';

/** Chunks per worker thread when the work allows: enough to balance uneven candidates. */
export const CHUNKS_PER_THREAD = 8;
/** Smallest chunk, in instructions × rows (~1 ms of VM time). */
export const MIN_CHUNK_WORK = 1 << 20;

/**
 * Boundaries of the chunks of `p` for `threads` workers on `rows` rows: chunk k holds
 * candidates [bounds[k], bounds[k+1]). Every chunk holds at least one candidate; work
 * (instructions + 1 per candidate) is split as evenly as candidate granularity allows.
 */
export function planChunks(p: Program, threads: number, rows: number): Int32Array {
  const count = p.count;
  if (count === 0) return Int32Array.of(0);
  const instr = (e: number): number => ((p.codeOffsets[e + 1] - p.codeOffsets[e]) >> 2) + 1;
  const total = (p.codeOffsets[count] >> 2) + count;
  const byWork = Math.floor((total * Math.max(rows, 1)) / MIN_CHUNK_WORK);
  const chunks = Math.max(1, Math.min(count, threads * CHUNKS_PER_THREAD, byWork));
  const bounds = new Int32Array(chunks + 1);
  let k = 1;
  let acc = 0;
  for (let e = 0; e < count && k < chunks; e++) {
    acc += instr(e);
    // cut after e once the cumulated work reaches chunk k's share, leaving a candidate per
    // remaining chunk
    if (acc * chunks >= total * k || count - (e + 1) === chunks - k) bounds[k++] = e + 1;
  }
  bounds[chunks] = count;
  return bounds;
}

/** Bytes of chunk [first, last) of `p` once packed (a multiple of 8). */
function chunkBytes(p: Program, first: number, last: number): number {
  const count = last - first;
  const codeLen = p.codeOffsets[last] - p.codeOffsets[first];
  const paramLen = p.paramOffsets[last] - p.paramOffsets[first];
  return (paramLen * 8 + (codeLen + 2 * (count + 1)) * 4 + 7) & ~7;
}

/** Bytes `packChunks` needs for the chunks `bounds` of `p`. */
export function packedBytes(p: Program, bounds: Int32Array): number {
  let n = 0;
  for (let k = 0; k + 1 < bounds.length; k++) n += chunkBytes(p, bounds[k], bounds[k + 1]);
  return n;
}

/**
 * Copies each chunk of `p` (`bounds` as from `planChunks`) into `buffer` from byte `offset` (a
 * multiple of 8), one after the other, offsets rebased to the chunk's first candidate.
 */
export function packChunks(p: Program, bounds: Int32Array, buffer: SharedArrayBuffer, offset: number): PackedProgram[] {
  const chunks: PackedProgram[] = [];
  let at = offset;
  for (let k = 0; k + 1 < bounds.length; k++) {
    chunks.push(packChunk(p, bounds[k], bounds[k + 1], buffer, at));
    at += chunkBytes(p, bounds[k], bounds[k + 1]);
  }
  return chunks;
}

/** Copies candidates [first, last) of `p` to byte `at` of `buffer`, offsets rebased to 0. */
export function packChunk(p: Program, first: number, last: number, buffer: SharedArrayBuffer, at: number): PackedProgram {
  const count = last - first;
  const code0 = p.codeOffsets[first];
  const codeLen = p.codeOffsets[last] - code0;
  const param0 = p.paramOffsets[first];
  const paramLen = p.paramOffsets[last] - param0;
  // params first: Float64Array views need 8-byte aligned offsets
  const params = new Float64Array(buffer, at, paramLen);
  at += paramLen * 8;
  const code = new Int32Array(buffer, at, codeLen);
  at += codeLen * 4;
  const codeOffsets = new Int32Array(buffer, at, count + 1);
  at += (count + 1) * 4;
  const paramOffsets = new Int32Array(buffer, at, count + 1);
  params.set(p.params.subarray(param0, param0 + paramLen));
  code.set(p.code.subarray(code0, code0 + codeLen));
  for (let e = 0; e <= count; e++) {
    codeOffsets[e] = p.codeOffsets[first + e] - code0;
    paramOffsets[e] = p.paramOffsets[first + e] - param0;
  }
  return { count, registers: p.registers, maxParams: p.maxParams, code, codeOffsets, params, paramOffsets };
}
