/**
 * The worker pool against the single-threaded population API: the same results exactly, for
 * any split of the population; errors; dispose/close; overlapping requests.
 *
 * Under vitest the package runs from its TypeScript sources, so the workers load worker.ts
 * through the repository's TypeScript loader hook (see worker-file.ts).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PI, type Term, call, defineOperator, float, int, parse, sym } from '@symx/core';
import { createDataset, evaluatePopulation, lossPopulation } from '../population.js';
import { type EvalPool, type PoolOptions, createPool } from './index.js';

const HOOK = new URL('../../../cli/test-support/register.mjs', import.meta.url).href;
const TEST_POOL: PoolOptions = { execArgv: ['--import', HOOK] };
const pool = (threads: number): EvalPool => createPool({ ...TEST_POOL, threads });

const VARS = ['x', 'y', 'z'];
const UNARY = ['neg', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'sqrt', 'abs'];
const BINARY = ['sub', 'div', 'pow', 'min', 'max'];
const leaf: fc.Arbitrary<Term> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VARS).map(sym) },
  { weight: 3, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }).map(float) },
  { weight: 1, arbitrary: fc.integer({ min: -4, max: 6 }).map((n) => int(n)) },
  { weight: 1, arbitrary: fc.constant(PI) },
);
const { term } = fc.letrec<{ term: Term }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom(...UNARY), tie('term')).map(([op, t]) => call(op, t)),
    fc.tuple(fc.constantFrom(...BINARY), tie('term'), tie('term')).map(([op, p, q]) => call(op, p, q)),
    fc.tuple(fc.constantFrom('add', 'mul'), fc.array(tie('term'), { minLength: 2, maxLength: 4 })).map(([op, ts]) => call(op, ...ts)),
  ),
}));

/**
 * Throws unless every element is the same float64 value (`Object.is`: +0 and -0 differ, NaN
 * equals NaN). NaN payload bits are not compared: JavaScript engines may store any NaN bit
 * pattern into a Float64Array (V8's depends on how optimized the storing code is), so even two
 * single-threaded calls need not agree on them.
 */
function expectSame(a: Float64Array | Uint8Array, b: Float64Array | Uint8Array, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: lengths ${a.length} and ${b.length}`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`${what}: element ${i} differs: ${a[i]} vs ${b[i]}`);
  }
}

// Enough rows that a population of a few dozen candidates is split into several chunks.
const ROWS = 5000;
const xs = Float64Array.from({ length: ROWS }, (_, i) => (i - 2500) / 300);
const ys = Float64Array.from({ length: ROWS }, (_, i) => Math.cos(i) * 3);
const zs = Float64Array.from({ length: ROWS }, (_, i) => (i % 7) - 3);
const target = Float64Array.from(xs, (x, i) => x * ys[i] + 1);
const weights = Float64Array.from(xs, (_, i) => 1 + (i % 3));

describe('worker pool', () => {
  let two: EvalPool;
  let one: EvalPool;
  beforeAll(() => {
    two = pool(2);
    one = pool(1);
  });
  afterAll(async () => {
    await Promise.all([two.close(), one.close()]);
  });

  it('evaluatePopulation and lossPopulation equal the single-threaded calls exactly', async () => {
    const local = createDataset(VARS, [xs, ys, zs], { target, weights });
    const shared2 = two.createDataset(VARS, [xs, ys, zs], { target, weights });
    const shared1 = one.createDataset(VARS, [xs, ys, zs], { target, weights });
    await fc.assert(
      fc.asyncProperty(
        fc.array(term, { minLength: 1, maxLength: 120 }),
        fc.constantFrom('mse', 'mae', 'rmse' as const),
        fc.boolean(),
        async (exprs, kind, earlyExit) => {
          const refV = evaluatePopulation(exprs, local, { earlyExit });
          const refL = lossPopulation(exprs, local, { kind, earlyExit });
          for (const [p, d] of [[two, shared2], [one, shared1]] as const) {
            const v = await p.evaluatePopulation(exprs, d, { earlyExit });
            expectSame(v.values, refV.values, `values (${p.threads} threads)`);
            expectSame(v.invalid, refV.invalid, `invalid (${p.threads} threads)`);
            const l = await p.lossPopulation(exprs, d, { kind, earlyExit });
            expectSame(l.loss, refL.loss, `${kind} (${p.threads} threads)`);
            expectSame(l.invalid, refL.invalid, `loss invalid (${p.threads} threads)`);
          }
        },
      ),
      { numRuns: 25 },
    );
    local.dispose();
    shared2.dispose();
    shared1.dispose();
  }, 120_000);

  it('uneven splits: fewer candidates than threads, odd counts, one huge candidate among tiny ones', async () => {
    const local = createDataset(['x', 'y'], [xs, ys], { target });
    const data = two.createDataset(['x', 'y'], [xs, ys], { target });
    let huge = parse('x');
    for (let i = 0; i < 400; i++) huge = call(i % 2 ? 'sin' : 'add', ...(i % 2 ? [huge] : [huge, float(i / 7)]));
    const populations: Term[][] = [
      [parse('x*y')],
      [parse('x + 1'), parse('y')],
      Array.from({ length: 333 }, (_, i) => parse(`x*${i} + sin(y*${i % 5})`)),
      [huge, ...Array.from({ length: 50 }, (_, i) => parse(`y - ${i}`)), huge],
    ];
    for (const exprs of populations) {
      const refV = evaluatePopulation(exprs, local);
      const refL = lossPopulation(exprs, local);
      const [v, l] = await Promise.all([two.evaluatePopulation(exprs, data), two.lossPopulation(exprs, data)]);
      expectSame(v.values, refV.values, `values of ${exprs.length}`);
      expectSame(l.loss, refL.loss, `loss of ${exprs.length}`);
      expectSame(l.invalid, refL.invalid, `invalid of ${exprs.length}`);
    }
    local.dispose();
    data.dispose();
  }, 60_000);

  it('an empty population, an empty dataset', async () => {
    const data = two.createDataset(['x'], [xs], { target });
    const v = await two.evaluatePopulation([], data);
    expect(v.values.length).toBe(0);
    expect(v.invalid.length).toBe(0);
    expect((await two.lossPopulation([], data)).loss.length).toBe(0);
    data.dispose();
    const empty = two.createDataset(['x'], [new Float64Array(0)], { target: new Float64Array(0) });
    const localEmpty = createDataset(['x'], [new Float64Array(0)], { target: new Float64Array(0) });
    const exprs = [parse('x + 1'), parse('2')];
    expectSame((await two.lossPopulation(exprs, empty)).loss, lossPopulation(exprs, localEmpty).loss, 'loss on 0 rows');
    expect((await two.evaluatePopulation(exprs, empty)).values.length).toBe(0);
    empty.dispose();
    localEmpty.dispose();
  });

  it('writes into out when given (shared or not); values are shared memory, losses are not', async () => {
    const data = two.createDataset(['x'], [xs], { target });
    const exprs = [parse('x^2'), parse('x - 1'), parse('sqrt(x)')];
    const ref = lossPopulation(exprs, createDataset(['x'], [xs], { target }), { kind: 'mae' });
    const plain = new Float64Array(5);
    const shared = new Float64Array(new SharedArrayBuffer(3 * 8));
    const a = await two.lossPopulation(exprs, data, { kind: 'mae', out: plain });
    const b = await two.lossPopulation(exprs, data, { kind: 'mae', out: shared });
    const c = await two.lossPopulation(exprs, data, { kind: 'mae' });
    expect(a.loss).toBe(plain);
    expect(b.loss).toBe(shared);
    expect(c.loss.buffer).toBeInstanceOf(ArrayBuffer);
    expect(c.invalid.buffer).toBeInstanceOf(ArrayBuffer);
    for (const r of [plain.subarray(0, 3), shared, c.loss]) expectSame(r, ref.loss, 'loss');
    const out = new Float64Array(3 * ROWS);
    expect((await two.evaluatePopulation(exprs, data, { out })).values).toBe(out);
    expect(out[ROWS + 7]).toBe(xs[7] - 1);
    const sharedOut = new Float64Array(new SharedArrayBuffer(3 * ROWS * 8));
    expect((await two.evaluatePopulation(exprs, data, { out: sharedOut })).values).toBe(sharedOut);
    expectSame(sharedOut, out, 'values');
    expect((await two.evaluatePopulation(exprs, data)).values.buffer).toBeInstanceOf(SharedArrayBuffer);
    await expect(two.evaluatePopulation(exprs, data, { out: new Float64Array(3) })).rejects.toThrow(/out must be a Float64Array of at least/);
    data.dispose();
  });

  it('reuses its scratch memory across many requests without mixing them up', async () => {
    const data = two.createDataset(['x', 'y'], [xs, ys], { target });
    const local = createDataset(['x', 'y'], [xs, ys], { target });
    // populations of varying sizes, several in flight at once
    const pops = Array.from({ length: 12 }, (_, k) => Array.from({ length: 5 + 37 * k }, (_, i) => parse(`x*${i % 9} - y/${k + 1}`)));
    const results = await Promise.all(pops.map((pop, k) => two.lossPopulation(pop, data, { kind: k % 2 ? 'mae' : 'mse' })));
    results.forEach((r, k) => expectSame(r.loss, lossPopulation(pops[k], local, { kind: k % 2 ? 'mae' : 'mse' }).loss, `request ${k}`));
    data.dispose();
    local.dispose();
  });

  it('overlapping requests on two datasets each get their own results', async () => {
    const d1 = two.createDataset(['x'], [xs], { target });
    const d2 = two.createDataset(['x', 'y'], [ys, xs], { target: ys, weights });
    const l1 = createDataset(['x'], [xs], { target });
    const l2 = createDataset(['x', 'y'], [ys, xs], { target: ys, weights });
    const popA = Array.from({ length: 200 }, (_, i) => parse(`x * ${i / 10} - cos(x)`));
    const popB = Array.from({ length: 150 }, (_, i) => parse(`exp(x / ${i + 1}) + y`));
    const [a, b, c] = await Promise.all([
      two.lossPopulation(popA, d1, { kind: 'rmse' }),
      two.lossPopulation(popB, d2, { kind: 'mse' }),
      two.evaluatePopulation(popA, d2),
    ]);
    expectSame(a.loss, lossPopulation(popA, l1, { kind: 'rmse' }).loss, 'request a');
    expectSame(b.loss, lossPopulation(popB, l2, { kind: 'mse' }).loss, 'request b');
    expectSame(c.values, evaluatePopulation(popA, l2).values, 'request c');
    for (const d of [d1, d2, l1, l2]) d.dispose();
  }, 60_000);

  it('rejects bad candidates as the single-threaded API throws, naming the candidate', async () => {
    const data = two.createDataset(['x'], [xs]);
    const local = createDataset(['x'], [xs]);
    const exprs = Array.from({ length: 300 }, (_, i) => parse(i === 217 ? 'q + 1' : `x + ${i}`));
    expect(() => evaluatePopulation(exprs, local)).toThrow(/candidate 217: .*'q'/);
    await expect(two.evaluatePopulation(exprs, data)).rejects.toThrow(/candidate 217: .*'q'/);
    defineOperator('pooltest_f', 1);
    await expect(two.evaluatePopulation([parse('x'), call('pooltest_f', sym('x'))], data)).rejects.toThrow(
      /candidate 1: operator 'pooltest_f' has no VM instruction/,
    );
    await expect(two.lossPopulation([parse('x')], data)).rejects.toThrow(/no target/);
    await expect(two.evaluatePopulation('x' as unknown as Term[], data)).rejects.toThrow(/array of terms/);
    const withTarget = two.createDataset(['x'], [xs], { target });
    await expect(two.lossPopulation([parse('x')], withTarget, { kind: 'max' as 'mse' })).rejects.toThrow(/unknown loss kind 'max'/);
    // the pool still works after rejected calls
    expect((await two.evaluatePopulation([parse('x')], data)).values[3]).toBe(xs[3]);
    data.dispose();
    withTarget.dispose();
    local.dispose();
  });

  it('checks datasets like createDataset, and refuses datasets of another pool or of the single-threaded API', async () => {
    expect(() => two.createDataset(['x', 'x'], [xs, xs])).toThrow(/listed twice/);
    expect(() => two.createDataset(['x', 'y'], [xs])).toThrow(/expected 2 column/);
    expect(() => two.createDataset(['x'], [xs], { target: ys.subarray(1) })).toThrow(/target must be/);
    expect(() => two.createDataset(['x'], [xs], { weights: new Float64Array(3) })).toThrow(/weights has 3 rows/);
    const other = one.createDataset(['x'], [xs]);
    await expect(two.evaluatePopulation([parse('x')], other)).rejects.toThrow(/this pool's createDataset/);
    const local = createDataset(['x'], [xs]);
    await expect(two.evaluatePopulation([parse('x')], local)).rejects.toThrow(/this pool's createDataset/);
    other.dispose();
    local.dispose();
  });

  it('a disposed dataset is refused; requests made before dispose() complete', async () => {
    const data = two.createDataset(['x'], [xs], { target });
    const exprs = Array.from({ length: 100 }, (_, i) => parse(`x * ${i}`));
    const pending = two.lossPopulation(exprs, data);
    data.dispose();
    data.dispose(); // idempotent
    expectSame((await pending).loss, lossPopulation(exprs, createDataset(['x'], [xs], { target })).loss, 'in-flight');
    await expect(two.lossPopulation(exprs, data)).rejects.toThrow(/dataset used after dispose/);
    await expect(two.evaluatePopulation(exprs, data)).rejects.toThrow(/dataset used after dispose/);
  });
});

describe('pool life cycle', () => {
  it('close() lets running requests finish, then refuses everything; it is idempotent', async () => {
    const p = pool(1);
    expect(p.threads).toBe(1);
    const data = p.createDataset(['x'], [xs], { target });
    const exprs = Array.from({ length: 50 }, (_, i) => parse(`sin(x) * ${i}`));
    const pending = p.lossPopulation(exprs, data);
    const closing = p.close();
    expect(p.closed).toBe(true);
    expect((await pending).loss.length).toBe(50);
    await closing;
    await p.close();
    await expect(p.lossPopulation(exprs, data)).rejects.toThrow(/pool used after close/);
    await expect(p.evaluatePopulation(exprs, data)).rejects.toThrow(/pool used after close/);
    expect(() => p.createDataset(['x'], [xs])).toThrow(/pool used after close/);
  });

  it('validates its options', () => {
    expect(() => createPool({ threads: 0 })).toThrow(/threads must be an integer/);
    expect(() => createPool({ threads: 1.5 })).toThrow(/threads must be an integer/);
    expect(() => createPool({ execArgv: 'x' as unknown as string[] })).toThrow(/execArgv/);
  });

  it('without a TypeScript hook, running from sources fails with a hint', async () => {
    const p = createPool({ threads: 1, execArgv: [] });
    const data = p.createDataset(['x'], [xs]);
    await expect(p.evaluatePopulation([parse('x')], data)).rejects.toThrow(/loader hook/);
    await p.close();
  });
});
