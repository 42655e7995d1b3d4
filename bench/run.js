#!/usr/bin/env node
/**
 * Runs the benchmark suites over the BUILT packages (`pnpm bench` builds first) and prints one
 * markdown table per suite.
 *
 *   node bench/run.js                 full run: every row timed in a fresh process (minutes)
 *   node bench/run.js --quick         smoke run + self-check: small inputs, few samples, one
 *                                     process, every check still runs, plus a short memory run
 *   node bench/run.js --inline        full timing, but every row in this one process (faster,
 *                                     rows can disturb each other: see lib/harness.js)
 *   node bench/run.js --json out.json also write the results as JSON
 *   node bench/run.js --filter parse  only cases whose "suite/case" name contains the text
 *   node bench/run.js --memory        also run memory.bench.js (10M candidates)
 *
 * Adding a suite: import it and append it to SUITES.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FULL_TIMING, QUICK_TIMING, childMain, distStamp, relaunchWithGcIfNeeded, runSuite } from './lib/harness.js';
import { machineInfo, markdownTables, writeJson } from './lib/report.js';
import { coreSuite } from './suites/core.js';
import { wasmSuite } from './suites/wasm.js';
import { simplifySuite } from './simplify.bench.js';

/** @type {import('./lib/harness.js').Suite[]} */
const SUITES = [coreSuite, simplifySuite, wasmSuite];

const script = fileURLToPath(import.meta.url);
relaunchWithGcIfNeeded(script);

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    inline: { type: 'boolean', default: false },
    json: { type: 'string' },
    filter: { type: 'string' },
    seed: { type: 'string', default: '20240601' },
    memory: { type: 'boolean', default: false },
    child: { type: 'string' },
  },
});

if (values.child !== undefined) {
  childMain(SUITES, values.child);
} else {
  const quick = values.quick ?? false;
  const isolate = !quick && !values.inline;
  const seed = Number(values.seed);
  const machine = { ...machineInfo(), dist: distStamp() };
  const timing = quick ? QUICK_TIMING : FULL_TIMING;

  console.log(`# symx bench${quick ? ' (quick smoke run: figures are meaningless)' : ''}\n`);
  console.log(Object.entries(machine).map(([k, v]) => `- ${k}: ${v}`).join('\n'));
  console.log(`- mode: ${isolate ? 'one process per row' : 'one process'}, ${timing.rounds} round(s)`);
  console.log(`- node flags: ${process.execArgv.join(' ')}\n`);

  const results = [];
  for (const suite of SUITES) {
    const r = await runSuite(suite, { quick, seed, timing, filter: values.filter, isolate, script });
    results.push(r);
    console.log(markdownTables(r));
  }
  if (values.json) writeJson(values.json, { machine, options: { quick, isolate, seed, timing, filter: values.filter }, suites: results });

  if (values.memory || (quick && !values.filter)) {
    const memory = fileURLToPath(new URL('./memory.bench.js', import.meta.url));
    const r = spawnSync(process.execPath, ['--expose-gc', memory, ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
