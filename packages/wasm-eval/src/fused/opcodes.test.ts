// The checked constant table: every opcode of opcodes.ts is encoded in a tiny function, and
// binaryen's decoder must print the expected mnemonic for it (so a wrong number cannot hide).
import { describe, expect, it } from 'vitest';
import { toWat, validateBinary } from '../module.js';
import { type FunctionBuilder, ModuleBuilder } from './encoder.js';
import * as O from './opcodes.js';

type Row = [mnemonic: string, params: O.ValType[], results: O.ValType[], body: (f: FunctionBuilder) => void];

const get = (f: FunctionBuilder, ...locals: number[]) => locals.forEach((l) => f.opU(O.OP_LOCAL_GET, l));
const simdBinary = (sub: number) => (f: FunctionBuilder) => (get(f, 0, 1), f.simd(sub));
const simdUnary = (sub: number) => (f: FunctionBuilder) => (get(f, 0), f.simd(sub));
const VV: O.ValType[] = [O.V128, O.V128];
const I2: O.ValType[] = [O.I32, O.I32];

const rows: Row[] = [
  ['f64x2.add', VV, [O.V128], simdBinary(O.F64X2_ADD)],
  ['f64x2.sub', VV, [O.V128], simdBinary(O.F64X2_SUB)],
  ['f64x2.mul', VV, [O.V128], simdBinary(O.F64X2_MUL)],
  ['f64x2.div', VV, [O.V128], simdBinary(O.F64X2_DIV)],
  ['f64x2.min', VV, [O.V128], simdBinary(O.F64X2_MIN)],
  ['f64x2.max', VV, [O.V128], simdBinary(O.F64X2_MAX)],
  ['f64x2.eq', VV, [O.V128], simdBinary(O.F64X2_EQ)],
  ['f64x2.ne', VV, [O.V128], simdBinary(O.F64X2_NE)],
  ['f64x2.lt', VV, [O.V128], simdBinary(O.F64X2_LT)],
  ['f64x2.gt', VV, [O.V128], simdBinary(O.F64X2_GT)],
  ['f64x2.le', VV, [O.V128], simdBinary(O.F64X2_LE)],
  ['f64x2.ge', VV, [O.V128], simdBinary(O.F64X2_GE)],
  ['v128.and', VV, [O.V128], simdBinary(O.V128_AND)],
  ['v128.andnot', VV, [O.V128], simdBinary(O.V128_ANDNOT)],
  ['v128.or', VV, [O.V128], simdBinary(O.V128_OR)],
  ['v128.xor', VV, [O.V128], simdBinary(O.V128_XOR)],
  ['v128.not', [O.V128], [O.V128], simdUnary(O.V128_NOT)],
  ['f64x2.abs', [O.V128], [O.V128], simdUnary(O.F64X2_ABS)],
  ['f64x2.neg', [O.V128], [O.V128], simdUnary(O.F64X2_NEG)],
  ['f64x2.sqrt', [O.V128], [O.V128], simdUnary(O.F64X2_SQRT)],
  ['v128.bitselect', VV, [O.V128], (f) => (get(f, 0, 1, 0), f.simd(O.V128_BITSELECT))],
  ['f64x2.splat', [O.F64], [O.V128], (f) => (get(f, 0), f.simd(O.F64X2_SPLAT))],
  ['f64x2.extract_lane 1', [O.V128], [O.F64], (f) => (get(f, 0), f.simdLane(O.F64X2_EXTRACT_LANE, 1))],
  ['f64x2.replace_lane 1', [O.V128, O.F64], [O.V128], (f) => (get(f, 0, 1), f.simdLane(O.F64X2_REPLACE_LANE, 1))],
  ['v128.load', [O.I32], [O.V128], (f) => (get(f, 0), f.simdMem(O.V128_LOAD, 3, 16))],
  ['v128.load64_splat', [O.I32], [O.V128], (f) => (get(f, 0), f.simdMem(O.V128_LOAD64_SPLAT, 3, 8))],
  ['v128.store', [O.I32, O.V128], [], (f) => (get(f, 0, 1), f.simdMem(O.V128_STORE, 3, 0))],
  [
    'v128.const i32x4 0x00000001 0x00000000 0x00000000 0x00000000',
    [],
    [O.V128],
    (f) => {
      f.simd(O.V128_CONST);
      f.code.bytes([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    },
  ],
  ['select', [O.V128, O.V128, O.I32], [O.V128], (f) => (get(f, 0, 1, 2), f.op(O.OP_SELECT))],
  ['f64.load offset=8', [O.I32], [O.F64], (f) => (get(f, 0), f.mem(O.OP_F64_LOAD, 3, 8))],
  ['f64.store offset=16', [O.I32, O.F64], [], (f) => (get(f, 0, 1), f.mem(O.OP_F64_STORE, 3, 16))],
  ['f64.add', [O.F64, O.F64], [O.F64], (f) => (get(f, 0, 1), f.op(O.OP_F64_ADD))],
  ['f64.const 1.5', [], [O.F64], (f) => (f.code.byte(O.OP_F64_CONST), f.code.f64(1.5))],
  ['i32.const -200', [], [O.I32], (f) => (f.code.byte(O.OP_I32_CONST), f.code.s32(-200))],
  ['i32.eqz', [O.I32], [O.I32], (f) => (get(f, 0), f.op(O.OP_I32_EQZ))],
  ['i32.eq', I2, [O.I32], (f) => (get(f, 0, 1), f.op(O.OP_I32_EQ))],
  ['i32.ne', I2, [O.I32], (f) => (get(f, 0, 1), f.op(O.OP_I32_NE))],
  ['i32.lt_u', I2, [O.I32], (f) => (get(f, 0, 1), f.op(O.OP_I32_LT_U))],
  ['i32.gt_u', I2, [O.I32], (f) => (get(f, 0, 1), f.op(O.OP_I32_GT_U))],
  ['i32.add', I2, [O.I32], (f) => (get(f, 0, 1), f.op(O.OP_I32_ADD))],
  ['i32.sub', I2, [O.I32], (f) => (get(f, 0, 1), f.op(O.OP_I32_SUB))],
  ['i32.and', I2, [O.I32], (f) => (get(f, 0, 1), f.op(O.OP_I32_AND))],
  ['i32.shl', I2, [O.I32], (f) => (get(f, 0, 1), f.op(O.OP_I32_SHL))],
  ['local.tee', [O.I32], [O.I32], (f) => (get(f, 0), f.opU(O.OP_LOCAL_TEE, 0))],
  ['local.set', [O.I32], [], (f) => (get(f, 0), f.opU(O.OP_LOCAL_SET, 0))],
  ['drop', [O.I32], [], (f) => (get(f, 0), f.op(O.OP_DROP))],
  ['call $f', [], [], (f) => f.opU(O.OP_CALL, 0)],
  ['return', [], [], (f) => f.op(O.OP_RETURN)],
  [
    'br_if $label',
    [O.I32],
    [],
    (f) => {
      f.code.byte2(O.OP_LOOP, O.BLOCK_EMPTY);
      get(f, 0);
      f.opU(O.OP_BR_IF, 0);
      f.op(O.OP_END);
    },
  ],
  [
    'br $block',
    [],
    [],
    (f) => {
      f.code.byte2(O.OP_BLOCK, O.BLOCK_EMPTY);
      f.opU(O.OP_BR, 0);
      f.op(O.OP_END);
    },
  ],
  [
    '(else',
    [O.I32],
    [],
    (f) => {
      get(f, 0);
      f.code.byte2(O.OP_IF, O.BLOCK_EMPTY);
      f.op(O.OP_ELSE);
      f.op(O.OP_END);
    },
  ],
];

describe('opcode table (checked against binaryen)', () => {
  it.each(rows)('%s', (mnemonic, params, results, body) => {
    const m = new ModuleBuilder();
    m.importMemory('env', 'memory', { min: 1 });
    const f = m.addFunction({ params, results }, 'f');
    body(f);
    m.exportFunction('f', f);
    const bytes = m.toBytes(true);
    validateBinary(bytes);
    expect(toWat(bytes)).toContain(mnemonic);
  });

  it('module structure constants', () => {
    expect([...O.MAGIC]).toEqual([0, 0x61, 0x73, 0x6d]);
    const m = new ModuleBuilder();
    m.importMemory('env', 'memory', { min: 1, max: 10, shared: true });
    const bytes = m.toBytes();
    validateBinary(bytes, { shared: true });
    expect(toWat(bytes, { shared: true })).toContain('(import "env" "memory" (memory $mimport$0 1 10 shared))');
  });
});
