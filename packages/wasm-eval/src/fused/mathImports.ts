/**
 * The SIMD math functions a fused module imports (module "math"): each maps f64x2 to f64x2,
 * `m_pow` takes two. They are exported by the VM's WebAssembly instance (assembly/math.ts); the
 * fused tier only calls them. Which opcodes need which import, for values and for derivatives,
 * is decided here.
 */
import {
  OP_ACOS,
  OP_ASIN,
  OP_ATAN,
  OP_COS,
  OP_COSH,
  OP_EXP,
  OP_LOG,
  OP_POW,
  OP_SIN,
  OP_SINH,
  OP_TAN,
  OP_TANH,
  OP_COUNT,
} from '@symx/core';

/** Names of the unary SIMD math exports, (v128) -> v128. */
export const UNARY_MATH = [
  'm_exp',
  'm_log',
  'm_sin',
  'm_cos',
  'm_tan',
  'm_tanh',
  'm_sinh',
  'm_cosh',
  'm_atan',
  'm_asin',
  'm_acos',
] as const;
/** Every SIMD math export the fused tier may import. */
export const MATH_NAMES = [...UNARY_MATH, 'm_pow'] as const;
export type MathName = (typeof MATH_NAMES)[number];

/** The import that computes an opcode's value, if it is not a native SIMD instruction. */
export const VALUE_IMPORT: Readonly<Partial<Record<number, MathName>>> = {
  [OP_EXP]: 'm_exp',
  [OP_LOG]: 'm_log',
  [OP_SIN]: 'm_sin',
  [OP_COS]: 'm_cos',
  [OP_TAN]: 'm_tan',
  [OP_TANH]: 'm_tanh',
  [OP_SINH]: 'm_sinh',
  [OP_COSH]: 'm_cosh',
  [OP_ATAN]: 'm_atan',
  [OP_ASIN]: 'm_asin',
  [OP_ACOS]: 'm_acos',
  [OP_POW]: 'm_pow',
};

/** VALUE_IMPORT as an array indexed by opcode (the code generators' hot lookup). */
export const VALUE_IMPORT_BY_CODE: readonly (MathName | undefined)[] = Array.from(
  { length: OP_COUNT },
  (_, code) => VALUE_IMPORT[code],
);

/** Extra imports a derivative needs (sin' = cos, pow needs pow and log, ...). */
export const DERIVATIVE_IMPORTS: Readonly<Partial<Record<number, readonly MathName[]>>> = {
  [OP_SIN]: ['m_cos'],
  [OP_COS]: ['m_sin'],
  [OP_SINH]: ['m_cosh'],
  [OP_COSH]: ['m_sinh'],
  [OP_POW]: ['m_pow', 'm_log'],
};
