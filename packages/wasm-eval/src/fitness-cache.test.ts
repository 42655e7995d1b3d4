import { parse, sym, call, defineOperator } from '@symx/core';
import { describe, expect, it } from 'vitest';
import { KernelError } from './kernel.js';
import { FitnessCache } from './fitness-cache.js';
import { createDataset, lossPopulation } from './population.js';

const xs = Float64Array.from({ length: 300 }, (_, i) => i / 50 - 3);
const target = xs.map((x) => 2 * x * x + 1);

describe('FitnessCache with lossPopulation', () => {
  it('gives exactly the uncached losses, scoring repeats (up to commutativity) once', () => {
    const data = createDataset(['x'], [xs], { target });
    const exprs = ['2*x^2 + 1', '1 + x^2*2', 'log(x)', 'x', 'x*x', 'x', 'sin(x) + 0.5', '0.5 + sin(x)'].map((s) => parse(s));
    const cache = new FitnessCache();
    for (const kind of ['mse', 'mae', 'rmse'] as const) {
      for (const earlyExit of [true, false]) {
        const plain = lossPopulation(exprs, data, { kind, earlyExit });
        const first = lossPopulation(exprs, data, { kind, earlyExit, cache });
        const again = lossPopulation(exprs, data, { kind, earlyExit, cache });
        for (const r of [first, again]) {
          expect(Array.from(r.loss)).toEqual(Array.from(plain.loss));
          expect(Array.from(r.invalid)).toEqual(Array.from(plain.invalid));
        }
      }
    }
    // 8 candidates, 5 distinct up to commutativity; 6 variants (kind x early exit)
    expect(cache.misses).toBe(5 * 6);
    expect(cache.hits).toBe((8 - 5) * 6 + 8 * 6);
    expect(cache.size).toBe(5 * 6);
    data.dispose();
  });

  it('keeps datasets apart, honours its capacity and clears', () => {
    const a = createDataset(['x'], [xs], { target });
    const b = createDataset(['x'], [xs], { target: xs });
    const cache = new FitnessCache(3);
    const la = lossPopulation([parse('x')], a, { cache }).loss[0];
    const lb = lossPopulation([parse('x')], b, { cache }).loss[0];
    expect(lb).toBe(0);
    expect(la).toBeGreaterThan(0);
    lossPopulation([parse('x + 1'), parse('x + 2'), parse('x + 3')], a, { cache });
    expect(cache.size).toBe(3);
    cache.clear();
    expect([cache.size, cache.hits, cache.misses]).toEqual([0, 0, 0]);
    a.dispose();
    b.dispose();
  });

  it('reports bad candidates by their index in the population', () => {
    const data = createDataset(['x'], [xs], { target });
    const cache = new FitnessCache();
    lossPopulation([parse('x')], data, { cache });
    defineOperator('fitness_cache_f', 1);
    expect(() => lossPopulation([parse('x'), parse('x'), sym('q')], data, { cache })).toThrow(/candidate 2: .*'q'/);
    expect(() => lossPopulation([parse('x'), call('fitness_cache_f', sym('x'))], data, { cache })).toThrow(/candidate 1: /);
    expect(() => lossPopulation([parse('x'), 3 as never], data, { cache })).toThrow(KernelError);
    expect(() => lossPopulation([parse('x')], data, { cache: {} as never })).toThrow(/FitnessCache/);
    expect(() => new FitnessCache(0)).toThrow(/capacity/);
    data.dispose();
  });
});
