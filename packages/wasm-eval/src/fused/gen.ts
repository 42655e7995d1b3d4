/**
 * Instruction helpers over one FunctionBuilder: the vocabulary the code generators speak
 * (f64x2 arithmetic, constants, column loads, calls to the imported SIMD math).
 */
import { OP_ABS, OP_ADD, OP_COUNT, OP_DIV, OP_MAX, OP_MIN, OP_MUL, OP_NEG, OP_SQRT, OP_SUB } from '@symx/core';
import type { FunctionBuilder } from './encoder.js';
import type { MathName } from './mathImports.js';
import { VALUE_IMPORT_BY_CODE } from './mathImports.js';
import {
  F64X2_ABS,
  F64X2_ADD,
  F64X2_DIV,
  F64X2_MAX,
  F64X2_MIN,
  F64X2_MUL,
  F64X2_NEG,
  F64X2_SQRT,
  F64X2_SUB,
  OP_CALL,
  OP_I32_ADD,
  OP_I32_CONST,
  OP_LOCAL_GET,
  OP_LOCAL_SET,
  OP_LOCAL_TEE,
  SIMD_PREFIX,
  V128,
  V128_CONST,
  V128_LOAD,
} from './opcodes.js';

/** The native f64x2 instruction of each opcode that has one. */
export const NATIVE_SIMD: Readonly<Partial<Record<number, number>>> = {
  [OP_ADD]: F64X2_ADD,
  [OP_SUB]: F64X2_SUB,
  [OP_MUL]: F64X2_MUL,
  [OP_DIV]: F64X2_DIV,
  [OP_MIN]: F64X2_MIN,
  [OP_MAX]: F64X2_MAX,
  [OP_NEG]: F64X2_NEG,
  [OP_ABS]: F64X2_ABS,
  [OP_SQRT]: F64X2_SQRT,
};

/** NATIVE_SIMD as an array indexed by opcode (-1: none). */
const NATIVE_BY_CODE: readonly number[] = Array.from({ length: OP_COUNT }, (_, code) => NATIVE_SIMD[code] ?? -1);

const scratch = new DataView(new ArrayBuffer(16));

export class Gen {
  constructor(
    readonly f: FunctionBuilder,
    /** Function index of each imported math function. */
    private readonly imports: ReadonlyMap<MathName, number>,
    /** Function index of the imported block math `math_apply` (host.apply), or -1. */
    readonly applyIndex = -1,
  ) {}

  get(local: number): void {
    this.f.opU(OP_LOCAL_GET, local);
  }
  set(local: number): void {
    this.f.opU(OP_LOCAL_SET, local);
  }
  tee(local: number): void {
    this.f.opU(OP_LOCAL_TEE, local);
  }
  /** i32.const (signed LEB128 immediate). */
  i32(v: number): void {
    this.f.code.byte(OP_I32_CONST);
    this.f.code.s32(v);
  }
  v128(): number {
    return this.f.local(V128);
  }
  simd(sub: number): void {
    this.f.simd(sub);
  }

  /** v128.const with both lanes `x`. */
  splat(x: number): void {
    scratch.setFloat64(0, x, true);
    scratch.setFloat64(8, x, true);
    this.constBytes(scratch);
  }

  /** v128.const of raw bytes (16). */
  constBytes(bytes: DataView | Uint8Array): void {
    const w = this.f.code;
    w.byte(SIMD_PREFIX);
    w.u32(V128_CONST);
    w.ensure(16);
    for (let i = 0; i < 16; i++)
      w.buf[w.pos++] = bytes instanceof DataView ? bytes.getUint8(i) : bytes[i];
  }

  /** Pushes row pair `off` of the column whose base pointer is in local `ptr`. */
  loadPair(ptr: number, off: number): void {
    this.get(ptr);
    this.get(off);
    this.f.op(OP_I32_ADD);
    this.f.simdMem(V128_LOAD, 3, 0);
  }

  /** Calls an imported math function (its operands are on the stack). */
  call(name: MathName): void {
    const idx = this.imports.get(name);
    if (idx === undefined) throw new Error(`internal: math import ${name} was not declared`);
    this.f.opU(OP_CALL, idx);
  }

  /** The instruction computing opcode `code` from operands already on the stack. */
  apply(code: number): void {
    const native = NATIVE_BY_CODE[code];
    if (native >= 0) this.simd(native);
    else {
      const name = VALUE_IMPORT_BY_CODE[code];
      if (name === undefined) throw new Error(`internal: no SIMD code for opcode ${code}`);
      this.call(name);
    }
  }
}
