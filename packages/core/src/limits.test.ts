import { describe, expect, it } from 'vitest';
import { Budget, activeBudget, nowMs, withBudget } from './limits.js';

describe('Budget', () => {
  it('is unlimited by default', () => {
    const b = new Budget();
    for (let i = 0; i < 10_000; i++) expect(b.step()).toBe(true);
    for (let i = 0; i < 1000; i++) expect(b.iteration()).toBe(true);
    expect(b.fitsSize(1e12)).toBe(true);
    expect(b.exhausted).toBe(false);
    expect(b.stopReason).toBeUndefined();
    expect(b.limitsSize).toBe(false);
  });

  it('counts iterations up to the limit, then reports them', () => {
    const b = new Budget({ iterations: 3 });
    expect([b.iteration(), b.iteration(), b.iteration(), b.iteration()]).toEqual([true, true, true, false]);
    expect(b.stopReason).toBe('iterations');
    expect(b.iterations).toBe(3);
    expect(b.step()).toBe(false); // exhausted for everything
  });

  it('checks the size limit', () => {
    const b = new Budget({ size: 10 });
    expect(b.limitsSize).toBe(true);
    expect(b.fitsSize(10)).toBe(true);
    expect(b.fitsSize(11)).toBe(false);
    expect(b.stopReason).toBe('size');
  });

  it('reads the clock every checkEvery steps', () => {
    const b = new Budget({ timeMs: 0, checkEvery: 4 });
    const end = nowMs() + 1;
    while (nowMs() <= end); // the deadline has passed
    expect([b.step(), b.step(), b.step()]).toEqual([true, true, true]);
    expect(b.step()).toBe(false); // 4th step reads the clock
    expect(b.stopReason).toBe('time');
  });

  it('keeps the first stop reason', () => {
    const b = new Budget({ size: 1 });
    b.stop('time');
    b.fitsSize(5);
    expect(b.stopReason).toBe('time');
  });
});

describe('withBudget', () => {
  it('sets the active budget and restores it, also on exceptions', () => {
    const a = new Budget();
    const b = new Budget();
    expect(activeBudget()).toBeUndefined();
    withBudget(a, () => {
      expect(activeBudget()).toBe(a);
      expect(() =>
        withBudget(b, () => {
          expect(activeBudget()).toBe(b);
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(activeBudget()).toBe(a);
    });
    expect(activeBudget()).toBeUndefined();
  });
});
