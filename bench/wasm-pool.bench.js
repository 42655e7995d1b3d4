#!/usr/bin/env node
/**
 * Multi-core population scoring: `@symx/wasm-eval/pool` with 1 worker thread against 2 (target:
 * two cores >= 1.8x one), and the single-threaded in-process `lossPopulation` as a reference,
 * on a population of random SR candidates (GP-style: + - * / sin cos exp log over x0..x4 and
 * float constants, fixed size) at several row counts. Runs on the BUILT packages (dist/).
 *
 *   npx tsc -b tsconfig.packages.json && node bench/wasm-pool.bench.js
 *   node bench/wasm-pool.bench.js --quick          smoke run (small inputs, figures meaningless)
 * Options: --candidates N (2000), --size S (nodes per candidate, 20), --rows 1e4,1e5,
 * --samples K (per row per round, 3), --rounds R (3), --seed S, --json out.json.
 *
 * Protocol: results of both pools are first checked against the in-process call (same values);
 * each row is warmed up (2 calls), then the rows are timed in turn, `rounds` times over
 * (interleaving lets every row meet the quiet moments of a shared machine), `samples` calls per
 * round. Reported per row: median and best wall-clock time per call over all samples, and the
 * process CPU time per call (all threads: main, workers, GC). The speed-up is the ratio of the
 * 1-thread pool's wall-clock time to the 2-thread pool's, by median and by best (the best sample
 * is the one that met the quietest moment; on a loaded machine the median mostly measures the
 * load). On Linux, each thread's own CPU time is read from /proc: the calling thread's plus the
 * busiest worker's is the "CPU path" of a call, what it would take on idle cores, and its ratio
 * between the pools estimates the speed-up on two free cores whatever the load. Process CPU
 * 1 thread ÷ 2 threads is the parallel efficiency (1.0: splitting the work costs nothing extra).
 *
 * Also reported: the calling thread's cost per candidate of the two encodings that could carry a
 * candidate to a worker (lowered bytecode, which the pool sends, and core's flat encoding, which
 * a worker would still have to lower), and their size.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as core from '@symx/core';
import { createDataset, lossPopulation } from '@symx/wasm-eval';
import { createPool } from '@symx/wasm-eval/pool';
import { formatTime, median } from './lib/harness.js';
import { mulberry32 } from './lib/prng.js';
import { machineInfo } from './lib/report.js';
import { symxBuilders } from './lib/builders.js';
import { END, NVARS, VAR_NAMES, randomTerm, replay } from './lib/random-terms.js';
// internal, for the encoding comparison only
import { Lowerer } from '../packages/wasm-eval/dist/lower.js';

const { values } = parseArgs({
  options: {
    candidates: { type: 'string', default: '2000' },
    size: { type: 'string', default: '20' },
    rows: { type: 'string', default: '1e4,1e5' },
    samples: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '20240601' },
    json: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const quick = values.quick ?? false;
const candidates = quick ? 200 : Number(values.candidates);
const size = Number(values.size);
const rowCounts = quick ? [2000] : String(values.rows).split(',').map(Number);
const samples = quick ? 1 : Number(values.samples);
const rounds = quick ? 1 : Number(values.rounds);
const seed = Number(values.seed);
for (const [k, v] of Object.entries({ candidates, size, samples, rounds, seed })) {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`wasm-pool.bench: bad value for ${k}: ${v}`);
}
for (const r of rowCounts) if (!(Number.isInteger(r) && r > 0)) throw new RangeError(`wasm-pool.bench: bad row count ${r}`);

// ---------------------------------------------------------------------------------------------
// Inputs

const rng = mulberry32(seed);
/** @type {number[]} */
const codes = [];
/** @type {number[]} */
const consts = [];
for (let i = 0; i < candidates; i++) {
  randomTerm(rng, size, codes, consts);
  codes.push(END);
}
const population = replay({ codes, consts }, symxBuilders);

/** @param {number} rows */
function makeData(rows) {
  const dataRng = mulberry32(seed + rows);
  const columns = Array.from({ length: NVARS }, () => Float64Array.from({ length: rows }, () => dataRng.uniform(-3, 3)));
  const [x0, x1, x2] = columns;
  const target = Float64Array.from(x0, (x, r) => x * Math.sin(x1[r]) + x2[r] * x2[r]);
  return { columns, target };
}

/**
 * Throws unless every element is the same float64 value (+0 and -0 differ, NaN equals NaN: NaN
 * payload bits are whatever the engine stores and carry no meaning).
 *
 * @param {Float64Array | Uint8Array} a
 * @param {Float64Array | Uint8Array} b
 * @param {string} what
 */
function checkSame(a, b, what) {
  if (a.length !== b.length) throw new Error(`${what}: lengths differ`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`${what}: element ${i} differs: ${a[i]} vs ${b[i]} (${core.format(population[i])})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Encodings: cost per candidate on the calling thread

/** Seconds per candidate of `fn` over the population (best of 5 after warm-up). */
function perCandidate(/** @type {() => unknown} */ fn) {
  for (let i = 0; i < 5; i++) fn();
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, (performance.now() - t0) / 1e3);
  }
  return best / candidates;
}

const varIndex = new Map(VAR_NAMES.map((v, i) => [v, i]));
const lowerer = new Lowerer();
const lowerAll = () => {
  lowerer.begin();
  for (const t of population) lowerer.addTerm(t, varIndex);
  return lowerer.views();
};
const program = lowerAll();
const flat = core.toFlat(population, { variables: VAR_NAMES });
const encodings = {
  bytecode: {
    secondsPerCandidate: perCandidate(lowerAll),
    bytesPerCandidate: (program.code.byteLength + program.params.byteLength + 8 * (program.count + 1)) / candidates,
  },
  flat: {
    secondsPerCandidate: perCandidate(() => core.toFlat(population, { variables: VAR_NAMES })),
    bytesPerCandidate:
      (flat.ops.byteLength + flat.data.byteLength + flat.arity.byteLength + flat.children.byteLength +
        flat.constValues.byteLength + flat.roots.byteLength) / candidates,
    workerLoweringSecondsPerCandidate: perCandidate(() => {
      lowerer.begin();
      for (let r = 0; r < flat.roots.length; r++) lowerer.addFlat(flat, flat.roots[r]);
    }),
  },
};

// ---------------------------------------------------------------------------------------------
// Timing

// Per-thread CPU time (Linux): the wall clock of a shared, overloaded machine measures mostly the
// other processes, and the process CPU time cannot tell one busy thread from two. Each worker
// thread's own CPU time can: the calling thread's CPU time plus that of the busiest worker is
// what a call would take on idle cores (an upper bound: the two partly overlap), so its ratio
// between the 1- and the 2-thread pool estimates the speed-up on two free cores.
const PROC_TASKS = '/proc/self/task';
const TICK = 0.01; // seconds per clock tick (getconf CLK_TCK = 100 on Linux)
const perThread = existsSync(`${PROC_TASKS}/${process.pid}/stat`);
const listThreads = () => (perThread ? readdirSync(PROC_TASKS) : []);

/**
 * CPU seconds (user + system) of each thread of this process in `tids`.
 *
 * @param {readonly string[]} tids
 */
function threadCpu(tids) {
  return tids.map((t) => {
    const stat = readFileSync(`${PROC_TASKS}/${t}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK; // utime, stime (fields 14, 15)
  });
}

/**
 * A started pool and the ids of its worker threads (the threads that appeared with it).
 *
 * @param {number} threads
 */
async function startPool(threads) {
  const before = new Set(listThreads());
  const pool = createPool({ threads });
  const d = pool.createDataset(['x'], [Float64Array.of(1)]);
  // one task per worker, so that every worker has started
  await Promise.all(Array.from({ length: threads }, () => pool.evaluatePopulation([core.parse('x')], d)));
  d.dispose();
  const workers = listThreads().filter((t) => !before.has(t));
  if (perThread && workers.length !== threads) throw new Error(`expected ${threads} new threads, found ${workers.length}`);
  return { pool, workers };
}

const { pool: pool1, workers: workers1 } = await startPool(1);
const { pool: pool2, workers: workers2 } = await startPool(2);
const MAIN = String(process.pid);

/**
 * @typedef {object} Row
 * @property {string} label
 * @property {() => Promise<unknown> | unknown} fn   one call: scores the whole population
 * @property {readonly string[]} workers   its worker threads (none in-process)
 * @property {number[]} times   seconds per call, every sample
 * @property {number[]} cpu     process CPU seconds (all threads, GC included) per call, every sample
 * @property {number[]} path    calling thread's + busiest worker's CPU seconds per call, every sample
 */

const results = [];
for (const rows of rowCounts) {
  const { columns, target } = makeData(rows);
  const local = createDataset(VAR_NAMES, columns, { target });
  const d1 = pool1.createDataset(VAR_NAMES, columns, { target });
  const d2 = pool2.createDataset(VAR_NAMES, columns, { target });

  // a fast wrong answer is not a result
  const ref = lossPopulation(population, local);
  for (const [p, d] of /** @type {const} */ ([[pool1, d1], [pool2, d2]])) {
    const r = await p.lossPopulation(population, d);
    checkSame(r.loss, ref.loss, `${p.threads}-thread loss at ${rows} rows`);
    checkSame(r.invalid, ref.invalid, `${p.threads}-thread invalid flags at ${rows} rows`);
  }
  const invalid = ref.invalid.reduce((n, f) => n + f, 0);

  /** @type {Row[]} */
  const table = [
    { label: 'in-process lossPopulation', fn: () => lossPopulation(population, local), workers: [], times: [], cpu: [], path: [] },
    { label: 'pool, 1 thread', fn: () => pool1.lossPopulation(population, d1), workers: workers1, times: [], cpu: [], path: [] },
    { label: 'pool, 2 threads', fn: () => pool2.lossPopulation(population, d2), workers: workers2, times: [], cpu: [], path: [] },
  ];
  for (const row of table) for (let i = 0; i < (quick ? 1 : 2); i++) await row.fn();
  for (let round = 0; round < rounds; round++) {
    for (const row of table) {
      const tids = [MAIN, ...row.workers];
      for (let s = 0; s < samples; s++) {
        const before = perThread ? threadCpu(tids) : [];
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await row.fn();
        row.times.push((performance.now() - t0) / 1e3);
        const c = process.cpuUsage(c0);
        row.cpu.push((c.user + c.system) / 1e6);
        if (perThread) {
          const used = threadCpu(tids).map((x, i) => x - before[i]);
          row.path.push(used[0] + Math.max(0, ...used.slice(1)));
        }
      }
    }
  }
  local.dispose();
  d1.dispose();
  d2.dispose();

  const nodeRows = program.code.length / 4 * rows; // instructions x rows per call
  const sum = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0);
  const summary = table.map((r) => ({
    label: r.label,
    median: median(r.times),
    best: Math.min(...r.times),
    cpu: median(r.cpu),
    // mean over the samples (ticks are 10 ms: a median would round them)
    path: perThread ? sum(r.path) / r.path.length : NaN,
    samples: r.times.length,
  }));
  const [inproc, one, two] = summary;
  const speedup = {
    median: one.median / two.median,
    best: one.best / two.best,
    cpuPath: one.path / two.path,
    cpuEfficiency: one.cpu / two.cpu,
  };
  results.push({
    rows, invalidCandidates: invalid, instructionsPerCandidate: program.code.length / 4 / candidates, summary, speedup,
    vsInProcess: { median: inproc.median / two.median, best: inproc.best / two.best, cpuPath: inproc.path / two.path },
  });

  console.log(`\n### ${candidates} candidates of ${size} nodes on ${rows.toLocaleString('en-US')} rows (${invalid} invalid; ${(program.code.length / 4 / candidates).toFixed(1)} instructions per candidate)\n`);
  console.log('| row | median / call | best / call | CPU / call (process) | CPU path / call (main + busiest worker) | instructions x rows per s (best) | samples |');
  console.log('|---|---|---|---|---|---|---|');
  for (const s of summary) {
    console.log(`| ${s.label} | ${formatTime(s.median)} | ${formatTime(s.best)} | ${formatTime(s.cpu)} | ${formatTime(s.path)} | ${(nodeRows / s.best / 1e6).toFixed(0)} M | ${s.samples} |`);
  }
  const met = (/** @type {number} */ x) => (x >= 1.8 ? 'met' : 'NOT met');
  console.log(`\nspeed-up 2 threads / 1 thread, wall clock: ${speedup.median.toFixed(2)}x (median), ${speedup.best.toFixed(2)}x (best) — target 1.8x: ${met(speedup.median)} (by median)`);
  if (perThread) console.log(`speed-up 2 threads / 1 thread, CPU path (two idle cores): ${speedup.cpuPath.toFixed(2)}x — target 1.8x: ${met(speedup.cpuPath)}`);
  console.log(`parallel efficiency (process CPU 1 thread / 2 threads): ${speedup.cpuEfficiency.toFixed(2)}`);
  console.log(`2 threads vs in-process: ${(inproc.median / two.median).toFixed(2)}x (median), ${(inproc.best / two.best).toFixed(2)}x (best), ${(inproc.path / two.path).toFixed(2)}x (CPU path)`);
}
await Promise.all([pool1.close(), pool2.close()]);

console.log('\n### Encoding a candidate for a worker (calling thread, per candidate)\n');
console.log('| encoding | calling thread | worker | bytes |');
console.log('|---|---|---|---|');
console.log(`| lowered bytecode (sent by the pool) | ${formatTime(encodings.bytecode.secondsPerCandidate)} | — | ${encodings.bytecode.bytesPerCandidate.toFixed(0)} |`);
console.log(`| core flat encoding | ${formatTime(encodings.flat.secondsPerCandidate)} | ${formatTime(encodings.flat.workerLoweringSecondsPerCandidate)} (lowering) | ${encodings.flat.bytesPerCandidate.toFixed(0)} |`);
const machine = { ...machineInfo(), loadavgAtEnd: os.loadavg().map((x) => x.toFixed(2)).join(' ') };
console.log(`\nmachine: ${JSON.stringify(machine)}`);
if (values.json) {
  writeFileSync(values.json, JSON.stringify({ machine, seed, candidates, size, samples, rounds, encodings, results }, null, 2) + '\n');
}
