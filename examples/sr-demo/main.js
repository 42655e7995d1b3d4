#!/usr/bin/env node
// Symbolic regression demo: genetic programming over symx terms rediscovers Feynman-lectures
// formulas from data. `node examples/sr-demo/main.js --help` (after `pnpm build`).
//
// Each formula is searched twice, on noise-free data and with 1% Gaussian target noise; each
// search is deterministic given --seed (see gp.js); the verdict "exact" is the rule of
// recovery.js. Progress goes to stderr, the table (or --json) to stdout.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { nowMs } from '@symx/core';
import { feynman } from '../../bench/corpus/feynman.js';
import { DEFAULT_FORMULAS, isFormulaId } from './formulas.js';
import { DEFAULT_GP } from './gp.js';
import { runTasks } from './pool.js';
import { progressPrinter, renderTable } from './report.js';

/**
 * @typedef {object} DemoOptions
 * @property {number} [seed]                 default 1
 * @property {readonly string[]} [formulas]  corpus ids (default DEFAULT_FORMULAS)
 * @property {number} [population]           default 500 (200 with quick)
 * @property {number} [generations]          maximum generations per search (default 100; 30 with quick)
 * @property {boolean} [quick]               a small budget for a fast look
 * @property {readonly number[]} [noise]     noise levels, one search each (default [0, 0.01])
 * @property {number} [trainRows]            default 1000
 * @property {number} [testRows]             default 1000
 * @property {number} [workers]              worker threads (default 1: inline; the CLI uses 2)
 * @property {Partial<import('./gp.js').GpConfig>} [gp]   further GP settings
 * @property {(key: number, label: string, p: import('./pool.js').ProgressInfo, generations: number) => void} [onProgress]
 * @property {(key: number) => void} [onSearchEnd]
 */

/**
 * @typedef {object} DemoResult
 * @property {number} seed
 * @property {{ population: number, generations: number, trainRows: number, testRows: number, noise: number[], workers: number }} config
 * @property {import('./search.js').SearchResult[]} runs   formula by formula, noise levels in order
 * @property {{ formulas: number, recoveredClean: number, recoveredNoisy: number, ms: number, cpuMs: number,
 *   evaluations: number, fits: number, trainRows: number, candidatesPerSecond: number, vmCandidatesPerSecond: number }} summary
 */

/**
 * Runs the demo: for every formula and noise level, generate the data, run the GP, judge the
 * result. Deterministic for a given seed and options (timings aside), whatever `workers` is.
 *
 * @param {DemoOptions} [options]
 * @returns {Promise<DemoResult>}
 * @example
 * const r = await runDemo({ seed: 1, formulas: ['I.12.1'], generations: 10, population: 100 });
 * r.runs[0].recovered;   // true (F = mu*Nn)
 */
export async function runDemo(options = {}) {
  const seed = options.seed ?? 1;
  const ids = options.formulas ?? DEFAULT_FORMULAS;
  const noiseLevels = options.noise ?? [0, 0.01];
  const trainRows = options.trainRows ?? 1000;
  const testRows = options.testRows ?? 1000;
  const workers = options.workers ?? 1;
  for (const id of ids) if (!isFormulaId(id)) throw new RangeError(`unknown formula id '${id}'`);
  /** @type {import('./gp.js').GpConfig} */
  const config = {
    ...DEFAULT_GP,
    ...(options.quick ? { population: 200, generations: 30 } : {}),
    ...options.gp,
    ...(options.population !== undefined ? { population: options.population } : {}),
    ...(options.generations !== undefined ? { generations: options.generations } : {}),
  };
  /** @type {import('./search.js').SearchTask[]} */
  const tasks = ids.flatMap((id) => noiseLevels.map((noise) => ({ id, noise, seed, trainRows, testRows, config })));
  const labels = tasks.map((t) => `${t.id} ${Math.round(t.noise * 100)}%`);
  const start = nowMs();
  const cpu0 = process.cpuUsage();
  const runs = await runTasks(
    tasks,
    workers,
    (i, p) => options.onProgress?.(i, labels[i], p, config.generations),
    (i) => options.onSearchEnd?.(i),
  );
  const ms = nowMs() - start;
  const cpu = process.cpuUsage(cpu0);
  const evaluations = runs.reduce((s, r) => s + r.evaluations, 0);
  const vmMs = runs.reduce((s, r) => s + r.vmMs, 0);
  const count = (/** @type {boolean} */ noisy) => runs.filter((r) => r.recovered && r.noise > 0 === noisy).length;
  return {
    seed,
    config: { population: config.population, generations: config.generations, trainRows, testRows, noise: [...noiseLevels], workers },
    runs,
    summary: {
      formulas: ids.length,
      recoveredClean: count(false),
      recoveredNoisy: count(true),
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      evaluations,
      fits: runs.reduce((s, r) => s + r.fits, 0),
      trainRows,
      candidatesPerSecond: (evaluations / ms) * 1000,
      vmCandidatesPerSecond: vmMs > 0 ? (evaluations / vmMs) * 1000 : 0,
    },
  };
}

const HELP = `Symbolic regression demo: genetic programming over symx rediscovers physics formulas.

Usage: node examples/sr-demo/main.js [options]        (after \`pnpm build\`; or \`pnpm demo\`)

Options:
  --seed N           random seed, a non-negative integer (default 1); same seed, same result
  --formulas IDS     comma-separated AI Feynman ids (default ${DEFAULT_FORMULAS.join(',')})
  --population N     candidates per generation (default ${DEFAULT_GP.population})
  --generations N    maximum generations per search (default ${DEFAULT_GP.generations})
  --quick            small budget (population 200, 30 generations)
  --workers N        worker threads, one search each at a time (default: 2, or 1 on one core)
  --json             print the result as JSON instead of the table
  --list             list the formula ids of the corpus
  -h, --help         this help

Examples:
  node examples/sr-demo/main.js
  node examples/sr-demo/main.js --seed 7 --formulas I.12.1,I.14.4 --quick
  node examples/sr-demo/main.js --json > result.json
`;

class UsageError extends Error {}

/**
 * A whole number from a flag's text, within [min, max].
 *
 * @param {string} flag
 * @param {string} text
 * @param {number} min
 * @param {number} max
 * @returns {number}
 */
function intFlag(flag, text, min, max) {
  if (!/^\d+$/.test(text)) throw new UsageError(`--${flag} must be a whole number, got '${text}'`);
  const n = Number(text);
  if (!(n >= min && n <= max)) throw new UsageError(`--${flag} must be between ${min} and ${max}, got ${text}`);
  return n;
}

/**
 * Reads the command line into demo options (or `help`/`list`).
 *
 * @param {string[]} argv
 * @returns {{ help: true } | { list: true } | { json: boolean, options: DemoOptions }}
 */
export function parseCommandLine(argv) {
  /** @type {ReturnType<typeof parseArgs>['values']} */
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        seed: { type: 'string' },
        formulas: { type: 'string' },
        population: { type: 'string' },
        generations: { type: 'string' },
        quick: { type: 'boolean' },
        workers: { type: 'string' },
        json: { type: 'boolean' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError(/** @type {Error} */ (e).message);
  }
  if (values.help) return { help: true };
  if (values.list) return { list: true };
  /** @type {DemoOptions} */
  const options = {};
  if (values.seed !== undefined) options.seed = intFlag('seed', String(values.seed), 0, 2 ** 32 - 1);
  if (values.population !== undefined) options.population = intFlag('population', String(values.population), 10, 1_000_000);
  if (values.generations !== undefined) options.generations = intFlag('generations', String(values.generations), 1, 1_000_000);
  if (values.quick) options.quick = true;
  options.workers = values.workers !== undefined ? intFlag('workers', String(values.workers), 1, 64) : Math.min(2, availableParallelism());
  if (values.formulas !== undefined) {
    const ids = String(values.formulas)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (ids.length === 0) throw new UsageError('--formulas needs at least one id, e.g. --formulas I.12.1,I.14.4');
    for (const id of ids) if (!isFormulaId(id)) throw new UsageError(`--formulas: unknown id '${id}' (see --list)`);
    if (new Set(ids).size !== ids.length) throw new UsageError('--formulas: an id is listed twice');
    options.formulas = ids;
  }
  return { json: values.json === true, options };
}

/**
 * The command-line entry point.
 *
 * @param {string[]} argv
 * @returns {Promise<number>} exit code
 */
export async function main(argv) {
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`sr-demo: ${e.message}\nTry --help.\n`);
    return 1;
  }
  if ('help' in parsed) {
    process.stdout.write(HELP);
    return 0;
  }
  if ('list' in parsed) {
    for (const f of feynman) process.stdout.write(`${f.id.padEnd(28)} ${f.output} = ${f.formula}\n`);
    return 0;
  }
  const progress = progressPrinter(process.stderr);
  const result = await runDemo({ ...parsed.options, onProgress: progress.update, onSearchEnd: progress.done });
  process.stdout.write(parsed.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderTable(result)}\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `... | head` closes the pipe early: not an error of the demo.
  process.stdout.on('error', (e) => {
    if (/** @type {NodeJS.ErrnoException} */ (e).code === 'EPIPE') process.exit(0);
    throw e;
  });
  process.exitCode = await main(process.argv.slice(2));
}
