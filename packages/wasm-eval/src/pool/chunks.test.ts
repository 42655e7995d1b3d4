/** Chunk planning and packing: every candidate in exactly one chunk, offsets rebased. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '@symx/core';
import { Lowerer, type Program } from '../lower.js';
import { CHUNKS_PER_THREAD, MIN_CHUNK_WORK, packChunks, packedBytes, planChunks } from './chunks.js';

const VARS = new Map([['x', 0], ['y', 1]]);
const SHAPES = ['x', '2.5', 'x*y + 1', 'sin(x) * cos(y) - x/3', 'exp(log(x*x + 1) - y^2) + atan(x*y)*1.5'];

function lowered(shapes: readonly number[]): Program {
  const lw = new Lowerer();
  lw.begin();
  for (const s of shapes) lw.addTerm(parse(SHAPES[s]), VARS);
  return lw.finish();
}

describe('planChunks', () => {
  it('covers every candidate once, in order, with non-empty chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: SHAPES.length - 1 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 1 << 20 }),
        (shapes, threads, rows) => {
          const p = lowered(shapes);
          const b = planChunks(p, threads, rows);
          const chunks = b.length - 1;
          expect(b[0]).toBe(0);
          expect(b[chunks]).toBe(p.count);
          for (let k = 0; k < chunks; k++) expect(b[k + 1]).toBeGreaterThan(b[k]);
          expect(chunks).toBeLessThanOrEqual(Math.max(1, threads * CHUNKS_PER_THREAD));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('one chunk for small work; balanced chunks for large work', () => {
    const small = lowered([2, 3, 4]);
    expect(planChunks(small, 4, 100).length - 1).toBe(1);
    const shapes = Array.from({ length: 1000 }, (_, i) => (i * 7) % SHAPES.length);
    const p = lowered(shapes);
    const b = planChunks(p, 2, 1e5);
    expect(b.length - 1).toBe(2 * CHUNKS_PER_THREAD);
    const work = (k: number) => ((p.codeOffsets[b[k + 1]] - p.codeOffsets[b[k]]) >> 2) + (b[k + 1] - b[k]);
    const total = (p.codeOffsets[p.count] >> 2) + p.count;
    for (let k = 0; k + 1 < b.length; k++) expect(Math.abs(work(k) - total / (b.length - 1))).toBeLessThan(30);
    expect(MIN_CHUNK_WORK).toBeGreaterThan(0);
  });

  it('no candidates: no chunk', () => {
    expect([...planChunks(lowered([]), 2, 100)]).toEqual([0]);
  });
});

describe('packChunks', () => {
  it('packs each chunk as the bytecode of its candidates lowered on their own', () => {
    const shapes = [4, 0, 3, 1, 2, 4, 3];
    const all = lowered(shapes);
    for (const bounds of [[0, 7], [0, 2, 5, 7], [0, 1, 6, 7], [0, 1, 2, 3, 4, 5, 6, 7]].map((b) => Int32Array.from(b))) {
      const bytes = packedBytes(all, bounds);
      expect(bytes % 8).toBe(0);
      const buffer = new SharedArrayBuffer(16 + bytes);
      const chunks = packChunks(all, bounds, buffer, 16);
      expect(chunks.length).toBe(bounds.length - 1);
      chunks.forEach((c, k) => {
        const alone = lowered(shapes.slice(bounds[k], bounds[k + 1]));
        expect(c.code.buffer).toBe(buffer);
        expect(c.count).toBe(bounds[k + 1] - bounds[k]);
        expect([...c.code]).toEqual([...alone.code]);
        expect([...c.codeOffsets]).toEqual([...alone.codeOffsets]);
        expect([...c.params]).toEqual([...alone.params]);
        expect([...c.paramOffsets]).toEqual([...alone.paramOffsets]);
        expect(c.registers).toBeGreaterThanOrEqual(alone.registers);
        expect(c.maxParams).toBeGreaterThanOrEqual(alone.maxParams);
      });
      const last = chunks[chunks.length - 1].paramOffsets;
      expect(last.byteOffset + last.byteLength).toBeLessThanOrEqual(16 + bytes);
    }
  });
});
