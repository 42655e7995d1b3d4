/**
 * The bytecode VM: evaluates many expressions over a dataset, one operator at a time over a
 * block of BLOCK rows (f64x2 SIMD), so the dispatch cost is paid once per operator per block,
 * not per row. Bytecode comes from src/lower.ts; its layout is documented there and repeated
 * here.
 *
 * Instruction: four i32 words [op, dst, a, b].
 *   op    an operator code of @symx/core (OP_ADD ... OP_MAX; OP_PI never appears: it is a
 *         constant operand) or OP_COPY; | SCALAR when every operand is a constant (the VM sees
 *         that from the operands: it computes one vector, read later as a scalar register).
 *   dst   register index; register r is the BLOCK*8-byte scratch array at regs + r*BLOCK_BYTES
 *   a, b  operands: kind << 28 | index, kinds REG (register, stride 16 bytes), VAR (column
 *         index: the column's rows of this block), CONST (16-byte splat slot: 0 is pi, 1 + i is
 *         parameter i of the expression), SREG (scalar register, stride 0). b is unused by unary
 *         operators.
 * The last instruction of an expression writes its value as a full register (lowering appends a
 * COPY when the value is a leaf or a constant).
 *
 * Memory (every pointer is given by the caller, 16-byte aligned): columns (and target, weights)
 * padded to a multiple of 8 rows by repeating the last row: operator loops run over groups of 4
 * vectors, and padding lanes compute copies of a real row (same NaN/Inf class), so they need
 * masking only in loss sums.
 */
import {
  v_acos, v_asin, v_atan, v_cos, v_cosh, v_exp, v_log, v_pow, v_sin, v_sinh, v_tan, v_tanh,
} from './math';

// Operator codes: the same numbers as @symx/core's operators.ts (checked by src/generated.test.ts).
const OP_ADD = 2;
const OP_SUB = 3;
const OP_MUL = 4;
const OP_DIV = 5;
const OP_POW = 6;
const OP_NEG = 7;
const OP_SIN = 8;
const OP_COS = 9;
const OP_TAN = 10;
const OP_ASIN = 11;
const OP_ACOS = 12;
const OP_ATAN = 13;
const OP_SINH = 14;
const OP_COSH = 15;
const OP_TANH = 16;
const OP_EXP = 17;
const OP_LOG = 18;
const OP_SQRT = 19;
const OP_ABS = 20;
const OP_MIN = 21;
const OP_MAX = 22;
const OP_COPY = 31;

const KIND_REG = 0;
const KIND_VAR = 1;
const KIND_CONST = 2;
const KIND_SREG = 3;

/** Rows per block: 256 rows = 128 vectors = 2 KiB per register. */
export const BLOCK: i32 = 256;
const BLOCK_BYTES: usize = 256 * 8;

/** Modes of vm_run. */
const MODE_PREDICT = 0;
const MODE_SQUARED = 1;
const MODE_ABSOLUTE = 2;

/** Flags per expression. */
const FLAG_INVALID = 1; // some row is NaN or ±Infinity
const FLAG_DEAD = 2; // stopped early (see vm_run's earlyExit)

// @ts-ignore: decorator
@inline function operandPtr(o: i32, regs: usize, colTab: usize, rowByte: usize, consts: usize): usize {
  const k = o >>> 28;
  const i = <usize>(o & 0x0fffffff);
  if (k == KIND_VAR) return <usize>load<u32>(colTab + (i << 2)) + rowByte;
  if (k == KIND_CONST) return consts + (i << 4);
  return regs + i * BLOCK_BYTES;
}

/** Whether an operand is full-width (register or column) rather than one splat vector. */
// @ts-ignore: decorator
@inline function isFull(o: i32): bool {
  return (o >>> 28) < KIND_CONST;
}

// Operator loops. Every (operator, operand shape) pair gets its own loop with the operator's
// instruction (or inlined math function) in its body: the operator classes below are type
// arguments, so each generic instantiation is a separate function (with an @inline switch on a
// constant, binaryen folds the copies back into one loop that switches per vector). Loops run
// over a multiple of 4 vectors (8 rows): columns are padded to that, registers hold a whole
// block. Cheap operators are unrolled 4 times, the math functions twice (enough for two
// independent evaluations to overlap, at half the code size). Operands read with stride 0
// (constants, scalar registers) are loaded once, before the loop.

@final class AddOp { @inline apply(a: v128, b: v128): v128 { return f64x2.add(a, b); } }
@final class SubOp { @inline apply(a: v128, b: v128): v128 { return f64x2.sub(a, b); } }
@final class MulOp { @inline apply(a: v128, b: v128): v128 { return f64x2.mul(a, b); } }
@final class DivOp { @inline apply(a: v128, b: v128): v128 { return f64x2.div(a, b); } }
// wasm's f64x2.min/max propagate NaN and order -0 < +0, exactly as Math.min/Math.max
@final class MinOp { @inline apply(a: v128, b: v128): v128 { return f64x2.min(a, b); } }
@final class MaxOp { @inline apply(a: v128, b: v128): v128 { return f64x2.max(a, b); } }
@final class PowOp { @inline apply(a: v128, b: v128): v128 { return v_pow(a, b); } }
// pow with a constant exponent that Math.pow computes exactly (SR's x^2, x^0.5, x^-1): the same
// bits as v_pow at a fraction of its cost
@final class SquareOp { @inline apply(x: v128): v128 { return f64x2.mul(x, x); } }
@final class RecipOp { @inline apply(x: v128): v128 { return f64x2.div(f64x2.splat(1.0), x); } }
// Math.pow(x, 0.5): sqrt, but +0 for -0 (the + 0.0) and +Infinity for -Infinity
@final class HalfPowOp {
  @inline apply(x: v128): v128 {
    const r = f64x2.add(f64x2.sqrt(x), f64x2.splat(0.0));
    return v128.bitselect(f64x2.splat(Infinity), r, f64x2.eq(x, f64x2.splat(-Infinity)));
  }
}

@final class NegOp { @inline apply(x: v128): v128 { return f64x2.neg(x); } }
@final class SqrtOp { @inline apply(x: v128): v128 { return f64x2.sqrt(x); } }
@final class AbsOp { @inline apply(x: v128): v128 { return f64x2.abs(x); } }
@final class CopyOp { @inline apply(x: v128): v128 { return x; } }
@final class SinOp { @inline apply(x: v128): v128 { return v_sin(x); } }
@final class CosOp { @inline apply(x: v128): v128 { return v_cos(x); } }
@final class TanOp { @inline apply(x: v128): v128 { return v_tan(x); } }
@final class AsinOp { @inline apply(x: v128): v128 { return v_asin(x); } }
@final class AcosOp { @inline apply(x: v128): v128 { return v_acos(x); } }
@final class AtanOp { @inline apply(x: v128): v128 { return v_atan(x); } }
@final class SinhOp { @inline apply(x: v128): v128 { return v_sinh(x); } }
@final class CoshOp { @inline apply(x: v128): v128 { return v_cosh(x); } }
@final class TanhOp { @inline apply(x: v128): v128 { return v_tanh(x); } }
@final class ExpOp { @inline apply(x: v128): v128 { return v_exp(x); } }
@final class LogOp { @inline apply(x: v128): v128 { return v_log(x); } }

// (the operator objects are never dereferenced: only their types matter)
// @ts-ignore: decorator
@inline function opOf<T>(): T { return changetype<T>(0); }

function binVV4<Op>(d: usize, a: usize, b: usize, end: usize): void {
  const op = opOf<Op>();
  while (d < end) {
    v128.store(d, op.apply(v128.load(a), v128.load(b)));
    v128.store(d, op.apply(v128.load(a, 16), v128.load(b, 16)), 16);
    v128.store(d, op.apply(v128.load(a, 32), v128.load(b, 32)), 32);
    v128.store(d, op.apply(v128.load(a, 48), v128.load(b, 48)), 48);
    d += 64;
    a += 64;
    b += 64;
  }
}

function binVS4<Op>(d: usize, a: usize, bv: v128, end: usize): void {
  const op = opOf<Op>();
  while (d < end) {
    v128.store(d, op.apply(v128.load(a), bv));
    v128.store(d, op.apply(v128.load(a, 16), bv), 16);
    v128.store(d, op.apply(v128.load(a, 32), bv), 32);
    v128.store(d, op.apply(v128.load(a, 48), bv), 48);
    d += 64;
    a += 64;
  }
}

function binSV4<Op>(d: usize, av: v128, b: usize, end: usize): void {
  const op = opOf<Op>();
  while (d < end) {
    v128.store(d, op.apply(av, v128.load(b)));
    v128.store(d, op.apply(av, v128.load(b, 16)), 16);
    v128.store(d, op.apply(av, v128.load(b, 32)), 32);
    v128.store(d, op.apply(av, v128.load(b, 48)), 48);
    d += 64;
    b += 64;
  }
}

function binVV2<Op>(d: usize, a: usize, b: usize, end: usize): void {
  const op = opOf<Op>();
  while (d < end) {
    v128.store(d, op.apply(v128.load(a), v128.load(b)));
    v128.store(d, op.apply(v128.load(a, 16), v128.load(b, 16)), 16);
    d += 32;
    a += 32;
    b += 32;
  }
}

function binVS2<Op>(d: usize, a: usize, bv: v128, end: usize): void {
  const op = opOf<Op>();
  while (d < end) {
    v128.store(d, op.apply(v128.load(a), bv));
    v128.store(d, op.apply(v128.load(a, 16), bv), 16);
    d += 32;
    a += 32;
  }
}

function binSV2<Op>(d: usize, av: v128, b: usize, end: usize): void {
  const op = opOf<Op>();
  while (d < end) {
    v128.store(d, op.apply(av, v128.load(b)));
    v128.store(d, op.apply(av, v128.load(b, 16)), 16);
    d += 32;
    b += 32;
  }
}

/** d = op(a, b); fa, fb: whether the operand is full-width (else one splat vector). */
// @ts-ignore: decorator
@inline function binaryFor<Op>(d: usize, a: usize, fa: bool, b: usize, fb: bool, end: usize): void {
  if (fa) {
    if (fb) binVV4<Op>(d, a, b, end);
    else binVS4<Op>(d, a, v128.load(b), end);
  } else if (fb) {
    binSV4<Op>(d, v128.load(a), b, end);
  } else {
    v128.store(d, opOf<Op>().apply(v128.load(a), v128.load(b)));
  }
}

function binary(op: i32, d: usize, a: usize, fa: bool, b: usize, fb: bool, end: usize): void {
  switch (op) {
    case OP_ADD: binaryFor<AddOp>(d, a, fa, b, fb, end); break;
    case OP_SUB: binaryFor<SubOp>(d, a, fa, b, fb, end); break;
    case OP_MUL: binaryFor<MulOp>(d, a, fa, b, fb, end); break;
    case OP_DIV: binaryFor<DivOp>(d, a, fa, b, fb, end); break;
    case OP_MIN: binaryFor<MinOp>(d, a, fa, b, fb, end); break;
    case OP_MAX: binaryFor<MaxOp>(d, a, fa, b, fb, end); break;
    default: // OP_POW
      if (fa) {
        if (fb) binVV2<PowOp>(d, a, b, end);
        else powVS(d, a, v128.load(b), end);
      } else if (fb) {
        binSV2<PowOp>(d, v128.load(a), b, end);
      } else {
        v128.store(d, v_pow(v128.load(a), v128.load(b)));
      }
  }
}

/** x^y over a register for one exponent y (a parameter: checked per call, so refits stay exact). */
function powVS(d: usize, a: usize, y: v128, end: usize): void {
  const e = f64x2.extract_lane(y, 0);
  if (e == 2.0) unV4<SquareOp>(d, a, end);
  else if (e == 0.5) unV4<HalfPowOp>(d, a, end);
  else if (e == -1.0) unV4<RecipOp>(d, a, end);
  else if (e == 1.0) unV4<CopyOp>(d, a, end);
  else binVS2<PowOp>(d, a, y, end);
}

function unV4<Op>(d: usize, a: usize, end: usize): void {
  const op = opOf<Op>();
  while (d < end) {
    v128.store(d, op.apply(v128.load(a)));
    v128.store(d, op.apply(v128.load(a, 16)), 16);
    v128.store(d, op.apply(v128.load(a, 32)), 32);
    v128.store(d, op.apply(v128.load(a, 48)), 48);
    d += 64;
    a += 64;
  }
}

function unV2<Op>(d: usize, a: usize, end: usize): void {
  const op = opOf<Op>();
  while (d < end) {
    v128.store(d, op.apply(v128.load(a)));
    v128.store(d, op.apply(v128.load(a, 16)), 16);
    d += 32;
    a += 32;
  }
}

/** Broadcasts one vector over a register. */
function fill(d: usize, v: v128, end: usize): void {
  while (d < end) {
    v128.store(d, v);
    v128.store(d, v, 16);
    v128.store(d, v, 32);
    v128.store(d, v, 48);
    d += 64;
  }
}

// @ts-ignore: decorator
@inline function cheapUnary<Op>(d: usize, a: usize, fa: bool, end: usize): void {
  if (fa) unV4<Op>(d, a, end);
  else v128.store(d, opOf<Op>().apply(v128.load(a)));
}

// @ts-ignore: decorator
@inline function mathUnary<Op>(d: usize, a: usize, fa: bool, end: usize): void {
  if (fa) unV2<Op>(d, a, end);
  else v128.store(d, opOf<Op>().apply(v128.load(a)));
}

function unary(op: i32, d: usize, a: usize, fa: bool, end: usize): void {
  switch (op) {
    case OP_NEG: cheapUnary<NegOp>(d, a, fa, end); break;
    case OP_SQRT: cheapUnary<SqrtOp>(d, a, fa, end); break;
    case OP_ABS: cheapUnary<AbsOp>(d, a, fa, end); break;
    case OP_COPY:
      if (fa) unV4<CopyOp>(d, a, end);
      else fill(d, v128.load(a), end); // a constant as a full register
      break;
    case OP_SIN: mathUnary<SinOp>(d, a, fa, end); break;
    case OP_COS: mathUnary<CosOp>(d, a, fa, end); break;
    case OP_TAN: mathUnary<TanOp>(d, a, fa, end); break;
    case OP_ASIN: mathUnary<AsinOp>(d, a, fa, end); break;
    case OP_ACOS: mathUnary<AcosOp>(d, a, fa, end); break;
    case OP_ATAN: mathUnary<AtanOp>(d, a, fa, end); break;
    case OP_SINH: mathUnary<SinhOp>(d, a, fa, end); break;
    case OP_COSH: mathUnary<CoshOp>(d, a, fa, end); break;
    case OP_TANH: mathUnary<TanhOp>(d, a, fa, end); break;
    case OP_EXP: mathUnary<ExpOp>(d, a, fa, end); break;
    default: mathUnary<LogOp>(d, a, fa, end); // OP_LOG
  }
}

// @ts-ignore: decorator
@inline function isBinary(op: i32): bool {
  return op <= OP_POW || op == OP_MIN || op == OP_MAX;
}

/**
 * Runs instructions [start, end) (word offsets) over one block; returns the address of the
 * last instruction's destination register.
 */
function runProgram(
  code: usize, start: i32, end: i32, regs: usize, colTab: usize, rowByte: usize, consts: usize, bytes: usize,
): usize {
  let d: usize = regs;
  for (let ip = start; ip < end; ip += 4) {
    const w = code + (<usize>ip << 2);
    // (a SCALAR instruction has only stride-0 operands, which is what the loops look at)
    const op = load<i32>(w) & 0xff;
    const oa = load<i32>(w, 8);
    d = regs + <usize>load<i32>(w, 4) * BLOCK_BYTES;
    const a = operandPtr(oa, regs, colTab, rowByte, consts);
    if (isBinary(op)) {
      const ob = load<i32>(w, 12);
      binary(op, d, a, isFull(oa), operandPtr(ob, regs, colTab, rowByte, consts), isFull(ob), d + bytes);
    } else {
      unary(op, d, a, isFull(oa), d + bytes);
    }
  }
  return d;
}

/**
 * Evaluates expressions 0 <= e < nexpr block by block (all expressions on a block before the
 * next block, so the block's rows stay in cache).
 *
 * code, codeOff   instructions; codeOff[e] .. codeOff[e+1] are expression e's (i32 word offsets)
 * params, paramOff  f64 parameters; paramOff[e] .. paramOff[e+1] are expression e's
 * colTab          u32 addresses of the columns (each padded to a multiple of 8 rows)
 * regs, consts    scratch: maxRegs*BLOCK*8 bytes; (1 + maxParams)*16 bytes
 * mode            MODE_PREDICT: write out[e*nrows + row]; MODE_SQUARED / MODE_ABSOLUTE: add
 *                 sum_rows w*(p - y)^2 (or w*|p - y|) to the f64x2 accumulator out[e] (lanes
 *                 summed by the caller), y = target, w = weights (0: unweighted)
 * flags           i32 per expression, FLAG_INVALID | FLAG_DEAD; dead expressions are skipped
 * earlyExit       MODE_PREDICT: an expression whose value is NaN/±Infinity on every row of a
 *                 block is dead: its whole output is NaN. Loss modes: an expression is dead as
 *                 soon as one block has a non-finite value (its loss is then non-finite anyway).
 */
export function vm_run(
  code: usize, codeOff: usize, params: usize, paramOff: usize, nexpr: i32,
  colTab: usize, nrows: i32, regs: usize, consts: usize,
  mode: i32, out: usize, target: usize, weights: usize, flags: usize, earlyExit: i32,
): void {
  v128.store(consts, f64x2.splat(Math.PI));
  for (let row0 = 0; row0 < nrows; row0 += BLOCK) {
    const rows = min(BLOCK, nrows - row0);
    const nvec = (rows + 1) >> 1;
    const bytes = <usize>((nvec + 3) & ~3) << 4; // operator loops run over groups of 4 vectors
    const rowByte = <usize>row0 << 3;
    for (let e = 0; e < nexpr; e++) {
      const fp = flags + (<usize>e << 2);
      const fl = load<i32>(fp);
      if ((fl & FLAG_DEAD) != 0) continue;
      // splat this expression's parameters into constant slots 1..
      const p0 = load<i32>(paramOff + (<usize>e << 2));
      const p1 = load<i32>(paramOff + (<usize>e << 2), 4);
      for (let j = p0; j < p1; j++) {
        v128.store(consts + (<usize>(j - p0 + 1) << 4), v128.load64_splat(params + (<usize>j << 3)));
      }
      const c0 = load<i32>(codeOff + (<usize>e << 2));
      const c1 = load<i32>(codeOff + (<usize>e << 2), 4);
      const root = runProgram(code, c0, c1, regs, colTab, rowByte, consts, bytes);
      if (mode == MODE_PREDICT) {
        // finite rows: x - x == 0; NaN and ±Infinity give NaN
        let good = i64x2.splat(0);
        let bad = i64x2.splat(0);
        for (let v = 0; v < nvec; v++) {
          const p = v128.load(root + (<usize>v << 4));
          const fin = f64x2.eq(f64x2.sub(p, p), f64x2.splat(0));
          good = v128.or(good, fin);
          bad = v128.or(bad, v128.not(fin));
        }
        const rowOut = out + ((<usize>e * <usize>nrows) << 3);
        if (earlyExit != 0 && !v128.any_true(good)) {
          store<i32>(fp, fl | FLAG_INVALID | FLAG_DEAD);
          for (let i = 0; i < nrows; i++) store<f64>(rowOut + (<usize>i << 3), NaN);
          continue;
        }
        if (v128.any_true(bad)) store<i32>(fp, fl | FLAG_INVALID);
        memory.copy(rowOut + rowByte, root, <usize>rows << 3);
      } else {
        let s = f64x2.splat(0);
        let bad = i64x2.splat(0);
        const full = rows >> 1; // vectors whose both lanes are real rows
        const y = target + rowByte;
        const w = weights + rowByte;
        for (let v = 0; v < nvec; v++) {
          const off = <usize>v << 4;
          const p = v128.load(root + off);
          bad = v128.or(bad, f64x2.ne(f64x2.sub(p, p), f64x2.splat(0)));
          let t = f64x2.sub(p, v128.load(y + off));
          t = mode == MODE_SQUARED ? f64x2.mul(t, t) : f64x2.abs(t);
          if (weights != 0) t = f64x2.mul(t, v128.load(w + off));
          if (v == full) t = f64x2.replace_lane(t, 1, 0); // odd last row: lane 1 is padding
          s = f64x2.add(s, t);
        }
        const acc = out + (<usize>e << 4);
        v128.store(acc, f64x2.add(v128.load(acc), s));
        if (v128.any_true(bad)) store<i32>(fp, fl | FLAG_INVALID | (earlyExit != 0 ? FLAG_DEAD : 0));
      }
    }
  }
}
