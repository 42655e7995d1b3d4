import { add, float, mul, sin, sym, toFlat } from '@symx/core';
import { describe, expect, it } from 'vitest';
import { buildValueModule } from './fused/build.js';
import { fallbackHost } from './fused/host.js';
import { instantiate } from './fused/cache.js';
import { planExpression } from './fused/plan.js';
import { optimizeBinary, toWat, validateBinary } from './module.js';

const host = fallbackHost();
const x = sym('x');
const flat = toFlat([add(mul(float(2.5), sin(mul(float(1.3), x))), float(0.7))], { variables: ['x'] });
const bytes = buildValueModule([planExpression(flat, 0, Int32Array.of(0))], 1, host);

describe('binaryen wrapper (src/module.ts)', () => {
  it('validates good modules and reports bad ones', () => {
    expect(() => validateBinary(bytes)).not.toThrow();
    const broken = bytes.slice();
    broken[broken.length - 3] ^= 0xff; // corrupt the last function body
    expect(() => validateBinary(broken)).toThrow(/rejected/);
  });

  it('prints text with the imports and exports of a fused module', () => {
    const wat = toWat(bytes);
    expect(wat).toContain('(import "env" "memory"');
    expect(wat).toContain('(import "math" "m_sin"');
    expect(wat).toContain('(export "e0"');
    expect(wat).toContain('(export "l0"');
  });

  it('optimizes into a valid module that computes the same', () => {
    const opt = optimizeBinary(bytes, { level: 3 });
    validateBinary(opt);
    const ours = instantiate(bytes, host);
    const theirs = instantiate(opt, host);
    const base = host.alloc(256);
    const scratch = host.alloc(1 << 16);
    const heap = new Float64Array(host.memory.buffer);
    heap.set([2.5, 1.3, 0.7], base >> 3);
    heap.set([0.1, -2, 3, 1e10, -0], (base >> 3) + 4);
    const run = (e: WebAssembly.Exports, out: number) => {
      // e0(x, params, out, n, scratch)
      (e.e0 as (...a: number[]) => void)(base + 32, base, out, 5, scratch);
      return Array.from(new Float64Array(host.memory.buffer, out, 5));
    };
    expect(run(theirs, base + 160)).toEqual(run(ours, base + 96));
    host.free(base);
    host.free(scratch);
  });
});
