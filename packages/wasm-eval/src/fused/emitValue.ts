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
 * `l` returns sum(w * r^2) (kind & LOSS_ABSOLUTE = 0) or sum(w * |r|) with r = prediction -
 * target; the weight pointer advances by `wstep` bytes per pair (0 repeats one f64x2 of ones:
 * unweighted). With kind & LOSS_EARLY_EXIT it returns as soon as the running sum is NaN or
 * +-Infinity, checked after each block of rows (LOSS_BLOCK_ROWS, or STAGE_BLOCK_ROWS when
 * staged): the result is then non-finite, as the whole sum would be, though possibly +Infinity
 * where a later row would have made it NaN.
 * `scratch` holds scratchBytes(plan) bytes (unused, may be 0, when that is 0).
 */
import { OP_ADD, OP_CONST, OP_MAX, OP_MIN, OP_MUL, OP_PI, OP_POW, OP_VAR } from '@symx/core';
import type { FunctionBuilder } from './encoder.js';
import type { Gen } from './gen.js';
import { emitRowLoop, emitStagedRowLoop } from './loop.js';
import { MATH_NAMES, VALUE_IMPORT_BY_CODE } from './mathImports.js';
import {
  F64X2_ABS,
  F64X2_ADD,
  F64X2_EQ,
  F64X2_EXTRACT_LANE,
  F64X2_MUL,
  F64X2_SQRT,
  F64X2_SUB,
  I32,
  BLOCK_EMPTY,
  I64X2_ALL_TRUE,
  OP_CALL,
  OP_ELSE,
  OP_END,
  OP_F64_ADD,
  OP_I32_ADD,
  OP_I32_AND,
  OP_I32_EQ,
  OP_I32_EQZ,
  OP_I32_NE,
  OP_I32_OR,
  OP_I32_SHL,
  OP_I32_SHR_U,
  OP_I32_SUB,
  OP_IF,
  OP_SELECT,
  V128,
  V128_AND,
  V128_ANY_TRUE,
  V128_BITSELECT,
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

/** Bits of the `kind` argument of l<i>. */
export const LOSS_ABSOLUTE = 1;
export const LOSS_EARLY_EXIT = 2;

/** Rows per block of the loss loop of unstaged expressions (the early-exit check period). */
export const LOSS_BLOCK_ROWS = 512;

/** Rows per block of the staged loop. */
export const STAGE_BLOCK_ROWS = 256;

/**
 * At most this many math calls get a stage (and a block buffer) of their own; calls beyond it
 * (only in very large expressions) are computed inline by the stages that use them. Bounds the
 * scratch (64 x 2 KiB) and the size of the function.
 */
export const MAX_STAGES = 64;

/**
 * The varying instructions computed by an imported math function that get a stage, in order.
 * With `cheapPow`, pows with an invariant exponent are left out (the loop that runs when every
 * such exponent is 2 or 0.5 computes them inline: see emitCheapPowDispatch).
 */
export function stagedMathNodes(plan: ExprPlan, cheapPow = false): number[] {
  const out: number[] = [];
  for (let i = 0; i < plan.length && out.length < MAX_STAGES; i++) {
    if (!plan.varying[i] || !VALUE_IMPORT_BY_CODE[plan.op[i]]) continue;
    if (cheapPow && isInvariantPow(plan, i)) continue;
    out.push(i);
  }
  return out;
}

/** A varying pow whose exponent is loop-invariant (a parameter, or computed from them). */
function isInvariantPow(plan: ExprPlan, i: number): boolean {
  return plan.op[i] === OP_POW && plan.varying[i] === 1 && plan.varying[plan.b[i]] === 0;
}

/**
 * Emits `emitLoop(math)` for the plan's staged math nodes, and when the plan has pows with an
 * invariant exponent, a second loop for the case where all of them are 2 or 0.5 (decided once
 * per call from the parameters): there the pows are a multiplication or a square root inline,
 * not a staged call (x^2 is everywhere in SR expressions). Both loops compute the same values.
 */
function emitCheapPowDispatch(g: Gen, plan: ExprPlan, pro: Prologue, emitLoop: (math: number[]) => void): void {
  let pows = 0;
  for (let i = 0; i < plan.length; i++) {
    if (pro.powKind[i] < 0) continue;
    // condition: AND over the pows of (kind != 0)
    g.get(pro.powKind[i]);
    g.i32(0);
    g.f.op(OP_I32_NE);
    if (pows++ > 0) g.f.op(OP_I32_AND);
  }
  if (pows === 0) return emitLoop(stagedMathNodes(plan));
  g.f.code.byte2(OP_IF, BLOCK_EMPTY);
  emitLoop(stagedMathNodes(plan, true));
  g.f.op(OP_ELSE);
  emitLoop(stagedMathNodes(plan));
  g.f.op(OP_END);
}

/** Bytes of scratch the value functions of `plan` need (block buffers of the staged loop). */
export function scratchBytes(plan: ExprPlan): number {
  return stagedMathNodes(plan).length * STAGE_BLOCK_ROWS * 8;
}

/** What the prologue of a value function leaves in locals for the row code. */
export interface Prologue {
  /** The v128 local of each loop-invariant instruction (-1 for varying ones). */
  readonly inv: readonly number[];
  /**
   * For a varying pow with a loop-invariant exponent: an i32 local holding POW_SQUARE when the
   * exponent is 2, POW_SQRT when it is 0.5, else 0 (-1 for other instructions). The exponent
   * is a parameter, so this is decided per call, not per compiled module.
   */
  readonly powKind: readonly number[];
}

/** powKind values: the exponents for which pow has an exact cheap form (as m_pow and Math.pow). */
const POW_SQUARE = 1;
const POW_SQRT = 2;

/**
 * Loads the parameters into locals and computes every loop-invariant instruction once (see
 * `Prologue`).
 */
export function emitPrologue(g: Gen, plan: ExprPlan, paramsPtr: number): Prologue {
  // Plain arrays: small typed arrays cost more to allocate than these functions take to run.
  const inv: number[] = new Array<number>(plan.length).fill(-1);
  const powKind: number[] = new Array<number>(plan.length).fill(-1);
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
  for (let i = 0; i < plan.length; i++) {
    if (plan.op[i] !== OP_POW || !plan.varying[i] || plan.varying[plan.b[i]]) continue;
    // kind = (y == 2) | (y == 0.5) << 1, y the exponent (both lanes equal)
    const y = inv[plan.b[i]];
    g.get(y);
    g.splat(2);
    g.simd(F64X2_EQ);
    g.simd(V128_ANY_TRUE);
    g.get(y);
    g.splat(0.5);
    g.simd(F64X2_EQ);
    g.simd(V128_ANY_TRUE);
    g.i32(1);
    g.f.op(OP_I32_SHL);
    g.f.op(OP_I32_OR);
    powKind[i] = g.f.local(I32);
    g.set(powKind[i]);
  }
  return { inv, powKind };
}

/**
 * x^y with x on the stack and y invariant: x*x for y = 2, sqrt for y = 0.5 (with pow's results
 * for -0 and -Infinity: +0 and +Infinity), m_pow otherwise. These are bit-identical to m_pow and
 * Math.pow (which special-case the same exponents), and a branch on an invariant is predicted:
 * x^2 costs a multiplication instead of a double-double exp(y log x).
 */
function emitInvariantPow(g: Gen, x: number, y: number, kind: number): void {
  const f = g.f;
  g.set(x);
  g.get(kind);
  f.code.byte2(OP_IF, V128);
  g.get(kind);
  g.i32(POW_SQUARE);
  f.op(OP_I32_EQ);
  f.code.byte2(OP_IF, V128);
  g.get(x);
  g.get(x);
  g.simd(F64X2_MUL);
  f.op(OP_ELSE);
  g.splat(Infinity);
  g.get(x);
  g.simd(F64X2_SQRT);
  g.simd(F64X2_ABS);
  g.get(x);
  g.splat(-Infinity);
  g.simd(F64X2_EQ);
  g.simd(V128_BITSELECT);
  f.op(OP_END);
  f.op(OP_ELSE);
  g.get(x);
  g.get(y);
  g.apply(OP_POW);
  f.op(OP_END);
}

/**
 * Operators whose operands can be emitted in either order with bit-identical results (IEEE
 * addition and multiplication are commutative; wasm's min/max treat ±0 and NaN symmetrically).
 */
const COMMUTATIVE = new Set([OP_ADD, OP_MUL, OP_MIN, OP_MAX]);

/**
 * Operand-stack slots each instruction needs when its deeper commutative operand goes first
 * (Sethi-Ullman numbers; loop-invariant instructions are one local read). Instructions come in
 * topological order, so one forward pass suffices.
 */
function stackNeed(plan: ExprPlan): Int32Array {
  const { op, a, b, varying } = plan;
  const need = new Int32Array(plan.length);
  for (let i = 0; i < plan.length; i++) {
    if (!varying[i] || op[i] === OP_VAR || op[i] === OP_CONST || op[i] === OP_PI) need[i] = 1;
    else if (b[i] < 0) need[i] = need[a[i]];
    else {
      const na = need[a[i]];
      const nb = need[b[i]];
      need[i] = COMMUTATIVE.has(op[i]) ? (na === nb ? na + 1 : Math.max(na, nb)) : Math.max(na, nb + 1);
    }
  }
  return need;
}

/**
 * Pushes the value of instruction `root` (the expression's by default) for the row pair at byte
 * offset `off` (column k's base pointer is parameter k). Instructions with a local in `stored`
 * are read from that buffer instead of computed, except `self` (the instruction a stage is
 * computing into its buffer). Iterative depth-first emission: any depth.
 */
export function emitRowValue(
  g: Gen,
  plan: ExprPlan,
  pro: Prologue,
  off: number,
  root = plan.root,
  stored?: readonly number[],
  self = -1,
): void {
  const { op, a, b, uses, varying } = plan;
  const { inv, powKind } = pro;
  const need = stackNeed(plan);
  let powTemp = -1;
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
    if (stored && stored[i] >= 0 && i !== self) {
      // computed by an earlier stage: its block buffer, addressed like a column
      g.loadPair(stored[i], off);
      sp--;
      continue;
    }
    if (op[i] !== OP_VAR && !expanded[sp - 1]) {
      expanded[sp - 1] = 1;
      // Push b then a so that a is emitted first (operand order on the stack); an invariant
      // exponent of pow is read from its local by emitInvariantPow instead. A commutative
      // operator whose second operand needs the deeper stack emits that one first
      // (Sethi-Ullman order): x + (y + (z + ...)) then runs in a constant operand stack, where
      // the written order would need one slot per level, which V8 refuses past some thousands.
      const swap = COMMUTATIVE.has(op[i]) && need[b[i]] > need[a[i]];
      const first = swap ? b[i] : a[i];
      const second = swap ? a[i] : b[i];
      if (second >= 0 && powKind[i] < 0) {
        stack[sp] = second;
        expanded[sp++] = 0;
      }
      stack[sp] = first;
      expanded[sp++] = 0;
      continue;
    }
    if (op[i] === OP_VAR) g.loadPair(a[i], off);
    else if (powKind[i] >= 0) {
      if (powTemp < 0) powTemp = g.v128();
      emitInvariantPow(g, powTemp, inv[b[i]], powKind[i]);
    } else g.apply(op[i]);
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
  pro: Prologue,
  math: readonly number[],
  pN: number,
  pScratch: number,
  masked: boolean,
  last: (off: number, mask: number, stored: readonly number[]) => void,
  stop?: () => void,
): void {
  const f = g.f;
  const blockBytes = STAGE_BLOCK_ROWS * 8;
  const stored: number[] = new Array<number>(plan.length).fill(-1);
  const rb = math.map((t) => (stored[t] = f.local(I32)));
  // With the host's block math, a unary call's stage only stores its operand; one call per
  // block then applies the function to the buffer in place.
  const blockCall = math.map((t) => g.applyIndex >= 0 && plan.op[t] !== OP_POW);
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
      const t = math[stage];
      if (blockCall[stage]) emitRowValue(g, plan, pro, off, plan.a[t], stored);
      else emitRowValue(g, plan, pro, off, t, stored, t);
      f.simdMem(V128_STORE, 3, 0);
    },
    stop,
    (stage, blockOff, blockEnd) => {
      if (stage === math.length || !blockCall[stage]) return;
      // math_apply(fn, buf, buf, buf, rows of the block); buf = rb + blockOff
      g.i32(MATH_NAMES.indexOf(VALUE_IMPORT_BY_CODE[plan.op[math[stage]]]!));
      for (let k = 0; k < 3; k++) {
        g.get(rb[stage]);
        g.get(blockOff);
        f.op(OP_I32_ADD);
      }
      g.get(blockEnd);
      g.get(blockOff);
      f.op(OP_I32_SUB);
      g.i32(3);
      f.op(OP_I32_SHR_U);
      f.opU(OP_CALL, g.applyIndex);
    },
  );
}

/** Emits e<i>: predictions of every row into `out`. */
export function emitEvalFunction(g: Gen, plan: ExprPlan, columns: number): void {
  const pParams = columns;
  const pOut = columns + 1;
  const pN = columns + 2;
  const pScratch = columns + 3;
  const pro = emitPrologue(g, plan, pParams);
  const store = (off: number, stored?: readonly number[]) => {
    g.get(pOut);
    g.get(off);
    g.f.op(OP_I32_ADD);
    emitRowValue(g, plan, pro, off, plan.root, stored);
    g.f.simdMem(V128_STORE, 3, 0);
  };
  emitCheapPowDispatch(g, plan, pro, (math) => {
    if (math.length === 0) emitRowLoop(g, pN, false, ({ off }) => store(off));
    else emitStaged(g, plan, pro, math, pN, pScratch, false, (off, _mask, stored) => store(off, stored));
  });
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
  const pro = emitPrologue(g, plan, pParams);
  const acc = g.v128();
  const r = g.v128();
  // kind: LOSS_ABSOLUTE selects |r| over r^2; LOSS_EARLY_EXIT stops once the sum is not finite
  const absolute = f.local(I32);
  const early = f.local(I32);
  g.get(pKind);
  g.i32(LOSS_ABSOLUTE);
  f.op(OP_I32_AND);
  g.set(absolute);
  g.get(pKind);
  g.i32(LOSS_EARLY_EXIT);
  f.op(OP_I32_AND);
  g.i32(0);
  f.op(OP_I32_NE); // 0 or 1: ANDed with the 0/1 condition below
  g.set(early);
  const accumulate = (off: number, mask: number, stored?: readonly number[]) => {
    emitRowValue(g, plan, pro, off, plan.root, stored);
    g.loadPair(pTarget, off);
    g.simd(F64X2_SUB);
    g.set(r);
    // select(|r|, r*r, absolute)
    g.get(r);
    g.simd(F64X2_ABS);
    g.get(r);
    g.get(r);
    g.simd(F64X2_MUL);
    g.get(absolute);
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
  // After each block: stop when early exit is on and a lane of the sum is NaN or +-Infinity
  // (acc - acc is 0 exactly for finite lanes). The sum can only stay non-finite from there.
  const stop = () => {
    g.get(acc);
    g.get(acc);
    g.simd(F64X2_SUB);
    g.splat(0);
    g.simd(F64X2_EQ);
    g.simd(I64X2_ALL_TRUE);
    f.op(OP_I32_EQZ);
    g.get(early);
    f.op(OP_I32_AND);
  };
  emitCheapPowDispatch(g, plan, pro, (math) => {
    if (math.length === 0) {
      emitStagedRowLoop(g, pN, true, LOSS_BLOCK_ROWS * 8, 1, () => {}, (_s, { off, mask }) => accumulate(off, mask), stop);
    } else emitStaged(g, plan, pro, math, pN, pScratch, true, accumulate, stop);
  });
  g.get(acc);
  f.simdLane(F64X2_EXTRACT_LANE, 0);
  g.get(acc);
  f.simdLane(F64X2_EXTRACT_LANE, 1);
  f.op(OP_F64_ADD);
}
