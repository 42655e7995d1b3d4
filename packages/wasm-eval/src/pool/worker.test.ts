/**
 * The worker's task handler, run in this thread (no worker threads): results of a chunk written
 * at its place in the shared results, and the VM copies of disposed datasets freed.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '@symx/core';
import { Lowerer, type Program } from '../lower.js';
import { createDataset, evaluatePopulation, lossPopulation } from '../population.js';
import { packChunks, packedBytes } from './chunks.js';
import { SharedDataset } from './dataset.js';
import type { ChunkTask, PackedProgram } from './protocol.js';
import runChunk, { residentCount } from './worker.js';

const xs = Float64Array.from({ length: 700 }, (_, i) => (i - 350) / 40);
const target = Float64Array.from(xs, (x) => 2 * x + 1);
const weights = Float64Array.from(xs, (_, i) => 1 + (i % 4));
const exprs = ['2*x + 1', 'log(x)', 'x^3 - x', 'sin(x)*1.5', '1/(x - x)'].map((s) => parse(s));

/** Candidates [first, last) of `p` packed on their own. */
function chunk(p: Program, first: number, last: number): PackedProgram {
  const bounds = Int32Array.of(first, last);
  return packChunks(p, bounds, new SharedArrayBuffer(packedBytes(p, bounds)), 0)[0];
}

function program(data: SharedDataset) {
  const lw = new Lowerer();
  lw.begin();
  for (const t of exprs) lw.addTerm(t, data.varIndex);
  return lw.finish();
}

describe('worker task handler', () => {
  it('writes each chunk at its place; frees a dataset after the first task that follows its dispose()', () => {
    const owner = {};
    const data = new SharedDataset(['x'], [xs], { target, weights }, owner);
    const p = program(data);
    const loss = new Float64Array(new SharedArrayBuffer(exprs.length * 8));
    const invalid = new Uint8Array(new SharedArrayBuffer(exprs.length));
    const base = residentCount();
    for (const [a, z] of [[0, 2], [2, 5]]) {
      const task: ChunkTask = { dataset: data.ref, program: chunk(p, a, z), first: a, kind: 'rmse', earlyExit: true, out: loss, invalid };
      runChunk(task);
    }
    expect(residentCount()).toBe(base + 1);
    const ref = lossPopulation(exprs, createDataset(['x'], [xs], { target, weights }), { kind: 'rmse' });
    expect([...loss]).toEqual([...ref.loss]);
    expect([...invalid]).toEqual([...ref.invalid]);

    const values = new Float64Array(new SharedArrayBuffer(exprs.length * xs.length * 8));
    const flags = new Uint8Array(new SharedArrayBuffer(exprs.length));
    data.dispose();
    // a task already made on a disposed dataset still runs; the dataset is freed after it
    runChunk({ dataset: data.ref, program: chunk(p, 1, 4), first: 1, kind: 'predict', earlyExit: false, out: values, invalid: flags });
    expect(residentCount()).toBe(base);
    const refV = evaluatePopulation(exprs, createDataset(['x'], [xs]), { earlyExit: false });
    expect([...values.subarray(xs.length, 4 * xs.length)]).toEqual([...refV.values.subarray(xs.length, 4 * xs.length)]);
    expect(values[0]).toBe(0); // candidate 0 was not in the chunk
    expect([...flags]).toEqual([0, ...refV.invalid.subarray(1, 4), 0]);
  });
});
