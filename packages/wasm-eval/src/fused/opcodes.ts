/**
 * The slice of the WebAssembly binary format the fused compiler emits: value types, section ids
 * and opcodes (core spec 2.0 plus the fixed-width SIMD proposal). Every constant here is checked
 * against binaryen's decoder by `opcodes.test.ts`, which encodes each instruction in a tiny module
 * and asserts the mnemonic binaryen prints for it — add a row there when you add one here.
 *
 * SIMD instructions are the prefix byte `SIMD_PREFIX` followed by their LEB128 sub-opcode; the
 * values below are the sub-opcodes.
 */

// ── Value and block types ────────────────────────────────────────────────────────────────────
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof I64 | typeof F64 | typeof V128;
/** Block type of a block/loop/if that takes and leaves nothing. */
export const BLOCK_EMPTY = 0x40;
/** Leading byte of a function type. */
export const FUNC_TYPE = 0x60;

// ── Module structure ─────────────────────────────────────────────────────────────────────────
export const MAGIC = [0x00, 0x61, 0x73, 0x6d] as const; // "\0asm"
export const VERSION = [0x01, 0x00, 0x00, 0x00] as const;

export const SEC_CUSTOM = 0;
export const SEC_TYPE = 1;
export const SEC_IMPORT = 2;
export const SEC_FUNCTION = 3;
export const SEC_MEMORY = 5;
export const SEC_EXPORT = 7;
export const SEC_CODE = 10;

/** Import/export descriptor kinds. */
export const EXTERN_FUNC = 0x00;
export const EXTERN_MEMORY = 0x02;

/** Memory limits flags: bit 0 = has maximum, bit 1 = shared. */
export const LIMITS_MIN = 0x00;
export const LIMITS_MIN_MAX = 0x01;
export const LIMITS_SHARED = 0x03;

// ── Control and variables ────────────────────────────────────────────────────────────────────
export const OP_BLOCK = 0x02;
export const OP_LOOP = 0x03;
export const OP_IF = 0x04;
export const OP_ELSE = 0x05;
export const OP_END = 0x0b;
export const OP_BR = 0x0c;
export const OP_BR_IF = 0x0d;
export const OP_RETURN = 0x0f;
export const OP_CALL = 0x10;
export const OP_DROP = 0x1a;
/** Untyped select: valid for i32/i64/f32/f64 and v128 operands. */
export const OP_SELECT = 0x1b;
export const OP_LOCAL_GET = 0x20;
export const OP_LOCAL_SET = 0x21;
export const OP_LOCAL_TEE = 0x22;

// ── Scalar memory and numerics ──────────────────────────────────────────────────────────────
export const OP_F64_LOAD = 0x2b;
export const OP_F64_STORE = 0x39;
export const OP_I32_CONST = 0x41;
export const OP_F64_CONST = 0x44;
export const OP_I32_EQZ = 0x45;
export const OP_I32_EQ = 0x46;
export const OP_I32_NE = 0x47;
export const OP_I32_LT_U = 0x49;
export const OP_I32_GT_U = 0x4b;
export const OP_I32_ADD = 0x6a;
export const OP_I32_SUB = 0x6b;
export const OP_I32_AND = 0x71;
export const OP_I32_OR = 0x72;
export const OP_I32_SHL = 0x74;
export const OP_I32_SHR_U = 0x76;
export const OP_F64_ADD = 0xa0;

// ── SIMD (after SIMD_PREFIX) ─────────────────────────────────────────────────────────────────
export const SIMD_PREFIX = 0xfd;
export const V128_LOAD = 0x00;
export const V128_LOAD64_SPLAT = 0x0a;
export const V128_STORE = 0x0b;
export const V128_CONST = 0x0c;
export const F64X2_SPLAT = 0x14;
export const F64X2_EXTRACT_LANE = 0x21;
export const F64X2_REPLACE_LANE = 0x22;
export const F64X2_EQ = 0x47;
export const F64X2_NE = 0x48;
export const F64X2_LT = 0x49;
export const F64X2_GT = 0x4a;
export const F64X2_LE = 0x4b;
export const F64X2_GE = 0x4c;
export const V128_NOT = 0x4d;
export const V128_AND = 0x4e;
export const V128_ANDNOT = 0x4f;
export const V128_OR = 0x50;
export const V128_XOR = 0x51;
export const V128_BITSELECT = 0x52;
export const V128_ANY_TRUE = 0x53;
export const I64X2_ALL_TRUE = 0xc3;
export const F64X2_ABS = 0xec;
export const F64X2_NEG = 0xed;
export const F64X2_SQRT = 0xef;
export const F64X2_ADD = 0xf0;
export const F64X2_SUB = 0xf1;
export const F64X2_MUL = 0xf2;
export const F64X2_DIV = 0xf3;
export const F64X2_MIN = 0xf4;
export const F64X2_MAX = 0xf5;
