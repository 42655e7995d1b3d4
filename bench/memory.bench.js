#!/usr/bin/env node
/**
 * Memory over a long SR-style loop: builds millions of small random candidate terms (5–20
 * nodes) in generations, scores each one with the reference evaluator, keeps a small hall of
 * fame, and releases everything else after each generation. The heap is sampled after a forced
 * GC every few generations; the verdict is "flat" when the heap at the end is within
 * max(1.5 × start, start + 20 MB).
 *
 * A counter-case then builds candidates WITHOUT releasing them, to show that the measurement
 * does see growth when there is growth.
 *
 *   node --expose-gc bench/memory.bench.js                     10,000,000 candidates (minutes)
 *   node --expose-gc bench/memory.bench.js --candidates 1e6    shorter
 *   node --expose-gc bench/memory.bench.js --quick             smoke run (50,000 + 30,000)
 * Options: --generation N (candidates per generation, 10000), --sample-every G (generations;
 * default: 100 samples per run, 10 with --quick), --hof K (16), --counter N (candidates of the
 * no-release counter-case, 200000), --json out.json, --seed S. Exits non-zero unless the
 * release loop is "flat" and the counter-case "grows".
 * Relaunches itself with --expose-gc when started without it.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import * as core from '@symx/core';
import { collectGarbage, relaunchWithGcIfNeeded } from './lib/harness.js';
import { mulberry32 } from './lib/prng.js';
import { machineInfo } from './lib/report.js';
import { symxBuilders } from './lib/builders.js';
import { END, VAR_NAMES, randomTerm, replay } from './lib/random-terms.js';

relaunchWithGcIfNeeded(fileURLToPath(import.meta.url));

const { values } = parseArgs({
  options: {
    candidates: { type: 'string', default: '1e7' },
    generation: { type: 'string', default: '10000' },
    'sample-every': { type: 'string' },
    hof: { type: 'string', default: '16' },
    counter: { type: 'string', default: '200000' },
    seed: { type: 'string', default: '20240601' },
    json: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const quick = values.quick ?? false;
const candidates = quick ? 50_000 : Number(values.candidates);
const perGeneration = quick ? 1_000 : Number(values.generation);
const hofSize = Number(values.hof);
const counterCandidates = quick ? 30_000 : Number(values.counter);
const generations = Math.ceil(candidates / perGeneration);
const sampleEvery = Number(values['sample-every'] ?? Math.max(1, Math.floor(generations / (quick ? 10 : 100))));
for (const [k, v] of Object.entries({ candidates, perGeneration, hofSize, counterCandidates, sampleEvery })) {
  if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`memory.bench: bad value for ${k}: ${v}`);
}

const { defaultStore, evaluate } = core;
const MB = 2 ** 20;

// The data point every candidate is scored on: target y = x0*sin(x1) + x2^2 at one point.
const point = { x0: 1.3, x1: 0.7, x2: -0.4, x3: 2.2, x4: 0.9 };
const target = point.x0 * Math.sin(point.x1) + point.x2 ** 2;
for (const n of VAR_NAMES) core.sym(n); // interned before any mark: they outlive every release

/** The best `size` candidates seen so far (lowest score first). */
class HallOfFame {
  /** @param {number} size */
  constructor(size) {
    this.size = size;
    /** @type {{ term: import('@symx/core').Term, score: number }[]} */
    this.entries = [];
  }
  /**
   * @param {import('@symx/core').Term} term
   * @param {number} score
   */
  offer(term, score) {
    const e = this.entries;
    if (e.length === this.size && score >= e[e.length - 1].score) return;
    if (e.some((x) => x.term === term)) return;
    let i = e.length;
    e.push({ term, score });
    while (i > 0 && e[i - 1].score > score) {
      e[i] = e[i - 1];
      i--;
    }
    e[i] = { term, score };
    if (e.length > this.size) e.pop();
  }
  terms() {
    return this.entries.map((x) => x.term);
  }
}

/** @type {number[]} */
const codes = [];
/** @type {number[]} */
const consts = [];
const program = { codes, consts, nodes: 0, terms: 1 };

/**
 * One random candidate, built with the public builders and scored.
 *
 * @param {import('./lib/prng.js').Rng} rng
 * @returns {{ term: import('@symx/core').Term, score: number }}
 */
function candidate(rng) {
  codes.length = 0;
  consts.length = 0;
  randomTerm(rng, 5 + rng.int(16), codes, consts);
  codes.push(END);
  const term = replay(program, symxBuilders)[0];
  const v = evaluate(term, point);
  const err = Math.abs(v - target);
  return { term, score: (Number.isFinite(err) ? err : Infinity) + 1e-3 * term.size };
}

/**
 * @typedef {object} Sample
 * @property {number} candidates   built so far
 * @property {number} heapMB       heapUsed after a full GC
 * @property {number} liveTerms    terms interned in the default store
 */

/** @returns {Sample} */
function sample(/** @type {number} */ done) {
  collectGarbage();
  return { candidates: done, heapMB: process.memoryUsage().heapUsed / MB, liveTerms: defaultStore.stats().live };
}

/**
 * Least-squares slope of heap (MB) against candidates (millions).
 *
 * @param {Sample[]} s
 */
function slopePerMillion(s) {
  if (s.length < 2) return 0;
  const xs = s.map((p) => p.candidates / 1e6);
  const ys = s.map((p) => p.heapMB);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * Runs `total` candidates in generations; releases after each generation when `release`.
 *
 * @param {{ total: number, release: boolean, rng: import('./lib/prng.js').Rng, hof: HallOfFame, label: string }} o
 */
function runLoop({ total, release, rng, hof, label }) {
  const start = sample(0);
  const mark = defaultStore.mark();
  /** @type {Sample[]} */
  const samples = [];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let done = 0;
  let gen = 0;
  let nextReport = 0.1;
  while (done < total) {
    const n = Math.min(perGeneration, total - done);
    for (let i = 0; i < n; i++) {
      const c = candidate(rng);
      hof.offer(c.term, c.score);
    }
    done += n;
    gen++;
    // Everything built since the run began goes, except the current hall of fame (so members
    // that dropped out of it are reclaimed too).
    if (release) defaultStore.release(mark, hof.terms());
    if (gen % sampleEvery === 0 || done === total) samples.push(sample(done));
    if (done / total >= nextReport) {
      process.stderr.write(`  [${label}] ${Math.round((done / total) * 100)}% (${done.toLocaleString('en-US')} candidates, ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
      nextReport += 0.1;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const end = samples[samples.length - 1];
  const max = samples.reduce((m, s) => (s.heapMB > m.heapMB ? s : m), start);
  // Steady state: skip the first 10% of samples (table growth, JIT, first hall of fame).
  const steady = samples.slice(Math.floor(samples.length / 10));
  const flat = end.heapMB <= Math.max(1.5 * start.heapMB, start.heapMB + 20);
  return {
    label,
    release,
    candidates: total,
    generations: gen,
    seconds,
    cpuSeconds,
    candidatesPerSecond: total / seconds,
    startMB: start.heapMB,
    maxMB: max.heapMB,
    endMB: end.heapMB,
    slopeMBPerMillion: slopePerMillion(steady),
    liveTermsEnd: end.liveTerms,
    verdict: flat ? 'flat' : 'grows',
    samples,
  };
}

const machine = machineInfo();
const rng = mulberry32(Number(values.seed));
const hof = new HallOfFame(hofSize);
process.stderr.write(`memory: ${candidates.toLocaleString('en-US')} candidates in generations of ${perGeneration.toLocaleString('en-US')}, sampling every ${sampleEvery} generations\n`);
const withRelease = runLoop({ total: candidates, release: true, rng, hof, label: 'release after each generation' });
const counterMark = defaultStore.mark();
const withoutRelease = runLoop({ total: counterCandidates, release: false, rng, hof, label: 'no release (counter-case)' });
defaultStore.release(counterMark, hof.terms());

const f = (/** @type {number} */ x) => x.toFixed(1);
const rows = [withRelease, withoutRelease].map(
  (r) =>
    `| ${r.label} | ${r.candidates.toLocaleString('en-US')} | ${r.seconds.toFixed(0)} s (${Math.round(r.candidatesPerSecond).toLocaleString('en-US')}/s) | ${r.cpuSeconds.toFixed(1)} s | ${f(r.startMB)} | ${f(r.maxMB)} | ${f(r.endMB)} | ${f(r.slopeMBPerMillion)} | ${r.liveTermsEnd.toLocaleString('en-US')} | **${r.verdict}** |`,
);
console.log(`### memory${quick ? ' (quick smoke run)' : ''}

| loop | candidates | wall time | CPU time | heap start MB | heap max MB | heap end MB | slope MB / 1M candidates | live terms at end | verdict |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---|
${rows.join('\n')}

Hall of fame (best ${hof.entries.length}): ${hof.entries.slice(0, 3).map((e) => `\`${core.format(e.term)}\` (score ${e.score.toPrecision(3)})`).join(', ')}, …
`);
if (values.json) {
  writeFileSync(values.json, JSON.stringify({ date: new Date().toISOString(), machine, options: { candidates, perGeneration, hofSize, counterCandidates, sampleEvery, seed: values.seed }, runs: [withRelease, withoutRelease] }, null, 2) + '\n');
}
// The smoke run is also a self-check: the release loop must stay flat and the counter-case grow.
if (withRelease.verdict !== 'flat' || withoutRelease.verdict !== 'grows') {
  console.error('memory: unexpected verdicts (release loop must be flat, counter-case must grow)');
  process.exit(1);
}
