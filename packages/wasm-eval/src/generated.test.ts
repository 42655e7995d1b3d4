/**
 * The committed build output (src/generated/vm-wasm.ts) must match the AssemblyScript sources:
 * regenerate with `pnpm --filter @symx/wasm-eval build:wasm` after editing assembly/.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@symx/core';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM script without types
import { assemblySourceHash } from '../scripts/source-hash.mjs';
import { VM_SOURCE_HASH, VM_WASM_SIZE } from './generated/vm-wasm.js';
import { KIND_CONST, KIND_REG, KIND_SREG, KIND_VAR, OP_COPY } from './lower.js';
import { vmWasmBytes } from './runtime.js';
import { BLOCK_ROWS, FLAG_DEAD, FLAG_INVALID, MODE_ABSOLUTE, MODE_PREDICT, MODE_SQUARED } from './vm.js';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('generated VM module', () => {
  it('is up to date with assembly/ (else run: pnpm --filter @symx/wasm-eval build:wasm)', () => {
    expect(assemblySourceHash(pkg)).toBe(VM_SOURCE_HASH);
  });

  it('decodes to a valid module with the exports both tiers rely on', () => {
    const bytes = vmWasmBytes();
    expect(bytes.length).toBe(VM_WASM_SIZE);
    expect(WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)).toBe(true);
    const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)).map((e) => e.name);
    for (const n of ['memory', 'alloc', 'free', 'vm_run', 'math_apply', 'm_exp', 'm_log', 'm_sin', 'm_cos', 'm_tan', 'm_tanh', 'm_sinh', 'm_cosh', 'm_atan', 'm_asin', 'm_acos', 'm_pow']) {
      expect(names).toContain(n);
    }
    expect(WebAssembly.Module.imports(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>))).toEqual([]);
  });

  it('shares its constants with core and lower.ts (opcodes, operand kinds, modes, flags, block)', () => {
    const src = readFileSync(join(pkg, 'assembly/vm.ts'), 'utf8');
    const consts = new Map<string, number>();
    for (const m of src.matchAll(/^(?:export )?const (\w+)(?:: \w+)? = (\d+)(?: \* 8)?;/gm)) consts.set(m[1], Number(m[2]));
    const coreOps = core as unknown as Record<string, number>;
    for (const [name, v] of consts) if (name.startsWith('OP_') && name !== 'OP_COPY') expect(v, name).toBe(coreOps[name]);
    expect(consts.get('OP_COPY')).toBe(OP_COPY);
    expect([consts.get('KIND_REG'), consts.get('KIND_VAR'), consts.get('KIND_CONST'), consts.get('KIND_SREG')]).toEqual([KIND_REG, KIND_VAR, KIND_CONST, KIND_SREG]);
    expect([consts.get('MODE_PREDICT'), consts.get('MODE_SQUARED'), consts.get('MODE_ABSOLUTE')]).toEqual([MODE_PREDICT, MODE_SQUARED, MODE_ABSOLUTE]);
    expect([consts.get('FLAG_INVALID'), consts.get('FLAG_DEAD')]).toEqual([FLAG_INVALID, FLAG_DEAD]);
    expect(consts.get('BLOCK')).toBe(BLOCK_ROWS);
    // every operator with an opcode has a VM case (the VM's list is exactly core's numeric ops)
    for (const info of core.OPERATORS.values()) {
      if (info.code < 0 || info.name === 'pi') continue;
      expect(consts.get(`OP_${info.name.toUpperCase()}`), info.name).toBe(info.code);
    }
  });
});
