/** Scratch buffers: reused when they fit, smallest fitting first, bounded retention. */
import { describe, expect, it } from 'vitest';
import { SharedScratch } from './scratch.js';

describe('SharedScratch', () => {
  it('reuses the smallest free buffer that fits; allocates powers of two', () => {
    const s = new SharedScratch();
    const a = s.acquire(100);
    expect(a.byteLength).toBe(1 << 16);
    const b = s.acquire(70_000);
    expect(b.byteLength).toBe(1 << 17);
    expect(s.acquire(10)).not.toBe(a); // a is still in use
    s.release(b);
    s.release(a);
    expect(s.acquire(50)).toBe(a);
    expect(s.acquire(50)).toBe(b);
  });

  it('keeps at most four buffers, and none above 64 MB', () => {
    const s = new SharedScratch();
    const bufs = [1, 2, 3, 4, 5].map((k) => s.acquire(k << 16));
    bufs.forEach((b) => s.release(b));
    // the smallest was dropped
    const again = [1, 2, 3, 4].map(() => s.acquire(1));
    expect(new Set(again)).toEqual(new Set(bufs.slice(1)));
    const big = s.acquire((64 << 20) + 1);
    s.release(big);
    expect(s.acquire(65 << 20)).not.toBe(big);
  });
});
