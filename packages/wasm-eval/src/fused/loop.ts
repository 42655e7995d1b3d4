/**
 * The row loop shared by every fused function: rows are processed in pairs (one f64x2 per
 * column), `off` is the byte offset of the current pair, the loop runs ceil(n/2) times. When n is
 * odd the last pair reads one row past the end: buffers carry 8 bytes of slack (see kernel.ts),
 * evaluation writes the extra lane into the output's slack, and reductions mask it out with
 * `mask`, which is all ones except on that last pair, where only lane 0 is set.
 */
import type { Gen } from './gen.js';
import {
  BLOCK_EMPTY,
  I32,
  OP_BLOCK,
  OP_BR_IF,
  OP_END,
  OP_I32_ADD,
  OP_I32_AND,
  OP_I32_EQ,
  OP_I32_LT_U,
  OP_I32_SHL,
  OP_I32_SUB,
  OP_IF,
  OP_LOCAL_GET,
  OP_LOOP,
  OP_SELECT,
} from './opcodes.js';

const ALL_ONES = new Uint8Array(16).fill(0xff);
const LANE0_ONLY = new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0]);

export interface RowLoop {
  /** i32 local: byte offset of the current row pair. */
  readonly off: number;
  /** v128 local, only with `masked`: the lane mask of the current pair. */
  readonly mask: number;
}

/**
 * Emits `if (n > 0) { loop { body; off += 16 } while (off < 8n) }`. With `masked`, the body
 * starts with `mask` set for the current pair. `n` is the i32 local holding the row count.
 */
export function emitRowLoop(g: Gen, n: number, masked: boolean, body: (loop: RowLoop) => void): void {
  const f = g.f;
  const off = f.local(I32);
  const end = f.local(I32);
  const { tail, mask, ones, lane0 } = maskLocals(g, masked);
  f.opU(OP_LOCAL_GET, n);
  f.code.byte2(OP_IF, BLOCK_EMPTY);
  // end = n << 3
  g.get(n);
  g.i32(3);
  f.op(OP_I32_SHL);
  g.set(end);
  if (masked) initMask(g, n, tail, ones, lane0);
  f.code.byte2(OP_LOOP, BLOCK_EMPTY);
  if (masked) setMask(g, off, tail, mask, ones, lane0);
  body({ off, mask });
  // off += 16; continue while off < end
  g.get(off);
  g.i32(16);
  f.op(OP_I32_ADD);
  g.tee(off);
  g.get(end);
  f.op(OP_I32_LT_U);
  f.opU(OP_BR_IF, 0);
  f.op(OP_END); // loop
  f.op(OP_END); // if
}

/**
 * The staged variant, for expressions that call imported math functions: rows are processed in
 * blocks of `blockBytes / 8` rows, and within a block in `stages` passes over its pairs (the
 * code generator computes one math call per stage into a block buffer, the root in the last).
 * A chain of math calls inside one pass would run at the latency of the chain; in separate passes
 * consecutive pairs are independent, so the processor overlaps them (2x on chains of logs).
 * `setup(blockOff)` runs at the start of each block (blockOff: i32 local, byte offset of the
 * block's first pair); `mask` is only maintained in the last stage. `stop`, when given, runs
 * after each block and pushes an i32: nonzero leaves the loop (early exit, checked once per
 * block so that the per-pair code is unchanged). `afterStage(stage, blockOff, blockEnd)` runs
 * after the pair loop of each stage (i32 locals: the block's byte range).
 */
export function emitStagedRowLoop(
  g: Gen,
  n: number,
  masked: boolean,
  blockBytes: number,
  stages: number,
  setup: (blockOff: number) => void,
  body: (stage: number, loop: RowLoop) => void,
  stop?: () => void,
  afterStage?: (stage: number, blockOff: number, blockEnd: number) => void,
): void {
  const f = g.f;
  const off = f.local(I32);
  const endP = f.local(I32);
  const blockOff = f.local(I32);
  const blockEnd = f.local(I32);
  const { tail, mask, ones, lane0 } = maskLocals(g, masked);
  g.get(n);
  f.code.byte2(OP_IF, BLOCK_EMPTY);
  // endP = ceil(n / 2) * 16: the pairs, the last one possibly half used
  g.get(n);
  g.i32(1);
  f.op(OP_I32_ADD);
  g.i32(-2);
  f.op(OP_I32_AND);
  g.i32(3);
  f.op(OP_I32_SHL);
  g.set(endP);
  if (masked) initMask(g, n, tail, ones, lane0);
  if (stop) f.code.byte2(OP_BLOCK, BLOCK_EMPTY); // the early exit's target
  f.code.byte2(OP_LOOP, BLOCK_EMPTY); // blocks
  // blockEnd = min(blockOff + blockBytes, endP)
  g.get(blockOff);
  g.i32(blockBytes);
  f.op(OP_I32_ADD);
  g.get(endP);
  g.get(blockOff);
  g.i32(blockBytes);
  f.op(OP_I32_ADD);
  g.get(endP);
  f.op(OP_I32_LT_U);
  f.op(OP_SELECT);
  g.set(blockEnd);
  setup(blockOff);
  for (let s = 0; s < stages; s++) {
    g.get(blockOff);
    g.set(off);
    f.code.byte2(OP_LOOP, BLOCK_EMPTY); // pairs of the block
    if (masked && s === stages - 1) setMask(g, off, tail, mask, ones, lane0);
    body(s, { off, mask });
    g.get(off);
    g.i32(16);
    f.op(OP_I32_ADD);
    g.tee(off);
    g.get(blockEnd);
    f.op(OP_I32_LT_U);
    f.opU(OP_BR_IF, 0);
    f.op(OP_END);
    afterStage?.(s, blockOff, blockEnd);
  }
  if (stop) {
    stop();
    f.opU(OP_BR_IF, 1);
  }
  g.get(blockEnd);
  g.tee(blockOff);
  g.get(endP);
  f.op(OP_I32_LT_U);
  f.opU(OP_BR_IF, 0);
  f.op(OP_END); // blocks
  if (stop) f.op(OP_END); // block
  f.op(OP_END); // if
}

function maskLocals(g: Gen, masked: boolean) {
  if (!masked) return { tail: -1, mask: -1, ones: -1, lane0: -1 };
  return { tail: g.f.local(I32), mask: g.v128(), ones: g.v128(), lane0: g.v128() };
}

/** tail = n odd ? (n - 1) << 3 : -1 (never equal to an offset); the two mask constants. */
function initMask(g: Gen, n: number, tail: number, ones: number, lane0: number): void {
  const f = g.f;
  g.get(n);
  g.i32(1);
  f.op(OP_I32_SUB);
  g.i32(3);
  f.op(OP_I32_SHL);
  g.i32(-1);
  g.get(n);
  g.i32(1);
  f.op(OP_I32_AND);
  f.op(OP_SELECT);
  g.set(tail);
  g.constBytes(ALL_ONES);
  g.set(ones);
  g.constBytes(LANE0_ONLY);
  g.set(lane0);
}

/** mask = off == tail ? lane0 : ones */
function setMask(g: Gen, off: number, tail: number, mask: number, ones: number, lane0: number): void {
  g.get(lane0);
  g.get(ones);
  g.get(off);
  g.get(tail);
  g.f.op(OP_I32_EQ);
  g.f.op(OP_SELECT);
  g.set(mask);
}
