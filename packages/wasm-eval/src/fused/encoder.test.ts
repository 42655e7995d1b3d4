import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter, ModuleBuilder } from './encoder.js';
import { F64, I32, OP_F64_ADD, OP_LOCAL_GET } from './opcodes.js';

const bytesOf = (write: (w: ByteWriter) => void): number[] => {
  const w = new ByteWriter(1);
  write(w);
  return [...w.finish()];
};

/** Reference LEB128 decoders (straight from the definition). */
function readU(b: number[]): number {
  let v = 0n;
  b.forEach((x, i) => (v |= BigInt(x & 0x7f) << BigInt(7 * i)));
  return Number(v);
}
function readS(b: number[]): number {
  let v = 0n;
  b.forEach((x, i) => (v |= BigInt(x & 0x7f) << BigInt(7 * i)));
  const bits = BigInt(7 * b.length);
  if (b[b.length - 1] & 0x40) v -= 1n << bits;
  return Number(v);
}

describe('ByteWriter', () => {
  it('encodes LEB128 as in the spec examples', () => {
    expect(bytesOf((w) => w.u32(624485))).toEqual([0xe5, 0x8e, 0x26]);
    expect(bytesOf((w) => w.s32(-123456))).toEqual([0xc0, 0xbb, 0x78]);
    expect(bytesOf((w) => w.s32(64))).toEqual([0xc0, 0x00]);
    expect(bytesOf((w) => w.s32(-64))).toEqual([0x40]);
    expect(bytesOf((w) => w.u32(0xffffffff))).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  it('round-trips u32 and s32 LEB128, minimal length, through growth', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (u, s) => {
        const bu = bytesOf((w) => w.u32(u));
        const bs = bytesOf((w) => w.s32(s));
        expect(readU(bu)).toBe(u);
        expect(readS(bs)).toBe(s);
        expect(bu.length).toBe(Math.max(1, Math.ceil((32 - Math.clz32(u)) / 7)));
        expect(bu.slice(0, -1).every((x) => x & 0x80)).toBe(true);
      }),
    );
  });

  it('patches padded 5-byte sizes', () => {
    const b = bytesOf((w) => {
      const at = w.beginSized();
      w.bytes([1, 2, 3]);
      w.endSized(at);
    });
    expect(b).toEqual([0x83, 0x80, 0x80, 0x80, 0x00, 1, 2, 3]);
    expect(readU(b.slice(0, 5))).toBe(3);
  });

  it('writes f64 little-endian and names as UTF-8', () => {
    expect(bytesOf((w) => w.f64(1))).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    expect(bytesOf((w) => w.name('aé'))).toEqual([3, 0x61, 0xc3, 0xa9]);
  });
});

describe('ModuleBuilder', () => {
  it('emits a valid, runnable module with run-length encoded locals and a name section', () => {
    const m = new ModuleBuilder();
    const f = m.addFunction({ params: [F64, F64], results: [F64] }, 'add');
    f.local(I32);
    f.local(I32);
    f.local(F64);
    f.opU(OP_LOCAL_GET, 0);
    f.opU(OP_LOCAL_GET, 1);
    f.op(OP_F64_ADD);
    m.exportFunction('add', f);
    const bytes = m.toBytes(true);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const add = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.add as (a: number, b: number) => number;
    expect(add(1, 2)).toBe(3);
  });

  it('deduplicates types and refuses imports after functions', () => {
    const m = new ModuleBuilder();
    expect(m.typeIndex({ params: [F64], results: [] })).toBe(m.typeIndex({ params: [F64], results: [] }));
    m.addFunction({ params: [], results: [] }, 'f');
    expect(() => m.importFunction('a', 'b', { params: [], results: [] })).toThrow(/before functions/);
  });
});
