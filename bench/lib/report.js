/**
 * Output of a bench run: markdown tables for people, JSON for tools, and the machine description
 * both carry (figures from a shared 2-core VM mean little without it).
 */
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import { formatHz, formatTime } from './harness.js';

/** @typedef {import('./harness.js').SuiteResult} SuiteResult */

/**
 * Node, V8, OS, CPU model, core count, memory and the load average when the run started.
 *
 * @returns {Record<string, string | number>}
 */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model ?? 'unknown',
    nproc: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    loadavg: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

/**
 * The results of one suite as two markdown tables: every implementation of every case, then
 * one line per (case, baseline) with symx's speed-up by wall-clock and by CPU time.
 *
 * @param {SuiteResult} suite
 * @returns {string}
 * @example
 * console.log(markdownTables(await runSuite(coreSuite, opts)));
 */
export function markdownTables(suite) {
  const lines = [`### ${suite.name}`, ''];
  lines.push('| case | implementation | ops/s | mean | median | ±rme | samples | CPU / op | time ÷ symx | CPU ÷ symx |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of suite.cases) {
    for (const r of c.results) {
      const name = r.role === 'symx' ? `${c.name} (${c.unit})` : '';
      lines.push(
        `| ${name} | ${r.label} | ${formatHz(r.hz)} | ${formatTime(r.mean)} | ${formatTime(r.median)} | ${r.rme.toFixed(1)}% | ${r.samples} | ${formatTime(r.cpu)} | ${r.relative.toFixed(2)} | ${r.cpuRelative.toFixed(2)} |`,
      );
    }
  }
  lines.push('', '| case | baseline | symx speed-up (wall) | symx speed-up (CPU) | target |', '|---|---|---:|---:|---|');
  for (const c of suite.cases) {
    for (const r of c.results) {
      if (r.role !== 'baseline') continue;
      const t = c.target && c.target.baseline === r.label ? `≥ ${c.target.speedup}× ${c.target.met ? 'met' : 'NOT met'}` : '';
      lines.push(`| ${c.name} | ${r.label} | ${r.relative.toFixed(2)}× | ${r.cpuRelative.toFixed(2)}× | ${t} |`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * Writes a run as JSON: `{ date, machine, options, suites }`.
 *
 * @param {string} path
 * @param {{ machine: object, options: object, suites: unknown[] }} run
 */
export function writeJson(path, run) {
  const doc = { date: new Date().toISOString(), ...run };
  writeFileSync(path, JSON.stringify(doc, null, 2) + '\n');
}
