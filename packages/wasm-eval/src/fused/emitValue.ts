/**
 * Code generation of the value functions of one expression: `e<i>` writes predictions, `l<i>`
 * returns a fused loss sum. The whole expression tree is one f64x2 computation per row pair:
 * instructions used once are emitted inline on the operand stack, shared ones are kept in a local
 * (local.tee on first use), and loop-invariant ones (constants only) are computed once before the
 * loop. Numeric constants are loaded from the parameter vector at entry, never baked in.
 *
 * Expressions that call imported math functions are staged (loop.ts emitStagedRowLoop): per
 * block of STAGE_BLOCK_ROWS rows, one pass per math call computes its operands and the call into
 * a block buffer in `scratch`, and a last pass computes the root from those buffers.
 *
 * Signatures (V = number of columns, all pointers are byte addresses in linear memory):
 *   e<i>(col_0 .. col_V-1, params, out, n, scratch)                          -> ()
 *   l<i>(col_0 .. col_V-1, params, target, weights, wstep, kind, n, scratch) -> f64
 * `l` returns sum(w * r^2) (kind 0) or sum(w * |r|) (kind 1) with r = prediction - target; the
 * weight pointer advances by `wstep` bytes per pair (0 repeats one f64x2 of ones: unweighted).
 * `scratch` holds scratchBytes(plan) bytes (unused, may be 0, when that is 0).
 */
import { OP_CONST, OP_PI, OP_VAR } from '@symx/core';
import type { FunctionBuilder } from './encoder.js';
import type { Gen } from './gen.js';
import { emitRowLoop, emitStagedRowLoop } from './loop.js';
import { VALUE_IMPORT_BY_CODE } from './mathImports.js';
import {
  F64X2_ABS,
  F64X2_ADD,
  F64X2_EXTRACT_LANE,
  F64X2_MUL,
  F64X2_SUB,
  I32,
  OP_F64_ADD,
  OP_I32_ADD,
  OP_I32_SUB,
  OP_SELECT,
  V128_AND,
  V128_LOAD,
  V128_LOAD64_SPLAT,
  V128_STORE,
  type ValType,
} from './opcodes.js';
import type { ExprPlan } from './plan.js';

/** Parameter list of e<i>. */
export function evalParams(columns: number): ValType[] {
  return new Array<ValType>(columns + 4).fill(I32);
}
/** Parameter list of l<i>. */
export function lossParams(columns: number): ValType[] {
  return new Array<ValType>(columns + 7).fill(I32);
}

/** Rows per block of the staged loop. */
export const STAGE_BLOCK_ROWS = 256;

/**
 * At most this many math calls get a stage (and a block buffer) of their own; calls beyond it
 * (only in very large expressions) are computed inline by the stages that use them. Bounds the
 * scratch (64 x 2 KiB) and the size of the function.
 */
export const MAX_STAGES = 64;

/** The varying instructions computed by an imported math function that get a stage, in order. */
export function stagedMathNodes(plan: ExprPlan): number[] {
  const out: number[] = [];
  for (let i = 0; i < plan.length && out.length < MAX_STAGES; i++)
    if (plan.varying[i] && VALUE_IMPORT_BY_CODE[plan.op[i]]) out.push(i);
  return out;
}

/** Bytes of scratch the value functions of `plan` need (block buffers of the staged loop). */
export function scratchBytes(plan: ExprPlan): number {
  return stagedMathNodes(plan).length * STAGE_BLOCK_ROWS * 8;
}

/**
 * Loads the parameters into locals and computes every loop-invariant instruction once. Returns
 * the local holding each invariant instruction (-1 for varying ones).
 */
export function emitPrologue(g: Gen, plan: ExprPlan, paramsPtr: number): number[] {
  // Plain arrays: small typed arrays cost more to allocate than these functions take to run.
  const inv: number[] = new Array<number>(plan.length).fill(-1);
  const slotLocal: number[] = new Array<number>(plan.slots);
  for (let s = 0; s < plan.slots; s++) {
    slotLocal[s] = g.v128();
    g.get(paramsPtr);
    g.f.simdMem(V128_LOAD64_SPLAT, 3, 8 * s);
    g.set(slotLocal[s]);
  }
  for (let i = 0; i < plan.length; i++) {
    if (plan.varying[i]) continue;
    const op = plan.op[i];
    if (op === OP_CONST) {
      inv[i] = slotLocal[plan.a[i]];
      continue;
    }
    if (op === OP_PI) g.splat(Math.PI);
    else {
      g.get(inv[plan.a[i]]);
      if (plan.b[i] >= 0) g.get(inv[plan.b[i]]);
      g.apply(op);
    }
    inv[i] = g.v128();
    g.set(inv[i]);
  }
  return inv;
}

/**
 * Pushes the value of instruction `root` (the expression's by default) for the row pair at byte
 * offset `off` (column k's base pointer is parameter k). Instructions with a local in `stored`
 * are read from that buffer instead of computed. Iterative depth-first emission: any depth.
 */
export function emitRowValue(
  g: Gen,
  plan: ExprPlan,
  inv: readonly number[],
  off: number,
  root = plan.root,
  stored?: readonly number[],
): void {
  const { op, a, b, uses, varying } = plan;
  const shared: number[] = new Array<number>(plan.length).fill(-1);
  const stack: number[] = [];
  const expanded: number[] = [];
  let sp = 0;
  stack[sp] = root;
  expanded[sp++] = 0;
  while (sp > 0) {
    const i = stack[sp - 1];
    if (!varying[i]) {
      g.get(inv[i]);
      sp--;
      continue;
    }
    if (shared[i] >= 0) {
      g.get(shared[i]);
      sp--;
      continue;
    }
    if (stored && stored[i] >= 0 && i !== root) {
      // computed by an earlier stage: its block buffer, addressed like a column
      g.loadPair(stored[i], off);
      sp--;
      continue;
    }
    if (op[i] !== OP_VAR && !expanded[sp - 1]) {
      expanded[sp - 1] = 1;
      // Push b then a so that a is emitted first (operand order on the stack).
      if (b[i] >= 0) {
        stack[sp] = b[i];
        expanded[sp++] = 0;
      }
      stack[sp] = a[i];
      expanded[sp++] = 0;
      continue;
    }
    if (op[i] === OP_VAR) g.loadPair(a[i], off);
    else g.apply(op[i]);
    if (uses[i] > 1) {
      shared[i] = g.v128();
      g.tee(shared[i]);
    }
    sp--;
  }
}

/**
 * The staged structure of a value function: block buffer pointers, rebased per block so that
 * they are addressed with the same byte offset as the columns (rb_j = scratch + j*B - blockOff).
 */
function emitStaged(
  g: Gen,
  plan: ExprPlan,
  inv: readonly number[],
  math: readonly number[],
  pN: number,
  pScratch: number,
  masked: boolean,
  last: (off: number, mask: number, stored: readonly number[]) => void,
): void {
  const f = g.f;
  const blockBytes = STAGE_BLOCK_ROWS * 8;
  const stored: number[] = new Array<number>(plan.length).fill(-1);
  const rb = math.map((t) => (stored[t] = f.local(I32)));
  emitStagedRowLoop(
    g,
    pN,
    masked,
    blockBytes,
    math.length + 1,
    (blockOff) => {
      rb.forEach((local, j) => {
        g.get(pScratch);
        g.i32(j * blockBytes);
        f.op(OP_I32_ADD);
        g.get(blockOff);
        f.op(OP_I32_SUB);
        g.set(local);
      });
    },
    (stage, { off, mask }) => {
      if (stage === math.length) return last(off, mask, stored);
      g.get(rb[stage]);
      g.get(off);
      f.op(OP_I32_ADD);
      emitRowValue(g, plan, inv, off, math[stage], stored);
      f.simdMem(V128_STORE, 3, 0);
    },
  );
}

/** Emits e<i>: predictions of every row into `out`. */
export function emitEvalFunction(g: Gen, plan: ExprPlan, columns: number): void {
  const pParams = columns;
  const pOut = columns + 1;
  const pN = columns + 2;
  const pScratch = columns + 3;
  const inv = emitPrologue(g, plan, pParams);
  const store = (off: number, stored?: readonly number[]) => {
    g.get(pOut);
    g.get(off);
    g.f.op(OP_I32_ADD);
    emitRowValue(g, plan, inv, off, plan.root, stored);
    g.f.simdMem(V128_STORE, 3, 0);
  };
  const math = stagedMathNodes(plan);
  if (math.length === 0) emitRowLoop(g, pN, false, ({ off }) => store(off));
  else emitStaged(g, plan, inv, math, pN, pScratch, false, (off, _mask, stored) => store(off, stored));
}

/** Emits l<i>: the fused loss sum (see the file comment). */
export function emitLossFunction(g: Gen, plan: ExprPlan, columns: number): void {
  const pParams = columns;
  const pTarget = columns + 1;
  const pWeights = columns + 2;
  const pWstep = columns + 3;
  const pKind = columns + 4;
  const pN = columns + 5;
  const pScratch = columns + 6;
  const f: FunctionBuilder = g.f;
  const inv = emitPrologue(g, plan, pParams);
  const acc = g.v128();
  const r = g.v128();
  const accumulate = (off: number, mask: number, stored?: readonly number[]) => {
    emitRowValue(g, plan, inv, off, plan.root, stored);
    g.loadPair(pTarget, off);
    g.simd(F64X2_SUB);
    g.set(r);
    // select(|r|, r*r, kind)
    g.get(r);
    g.simd(F64X2_ABS);
    g.get(r);
    g.get(r);
    g.simd(F64X2_MUL);
    g.get(pKind);
    f.op(OP_SELECT);
    g.get(pWeights);
    f.simdMem(V128_LOAD, 3, 0);
    g.simd(F64X2_MUL);
    g.get(mask);
    g.simd(V128_AND);
    g.get(acc);
    g.simd(F64X2_ADD);
    g.set(acc);
    g.get(pWeights);
    g.get(pWstep);
    f.op(OP_I32_ADD);
    g.set(pWeights);
  };
  const math = stagedMathNodes(plan);
  if (math.length === 0) emitRowLoop(g, pN, true, ({ off, mask }) => accumulate(off, mask));
  else emitStaged(g, plan, inv, math, pN, pScratch, true, accumulate);
  g.get(acc);
  f.simdLane(F64X2_EXTRACT_LANE, 0);
  g.get(acc);
  f.simdLane(F64X2_EXTRACT_LANE, 1);
  f.op(OP_F64_ADD);
}
