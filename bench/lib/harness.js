/**
 * A small harness over benchmark.js: a suite is a table of cases; each case times one symx
 * implementation ("row"), optional symx variants, and one or more baselines on the same
 * inputs, and reports the ratio of each to symx.
 *
 * Protocol per row: explicit warm-up (call until `warmupTime` has passed, at least once) so
 * the JIT has compiled the hot paths, a forced GC (`node --expose-gc`), then benchmark.js
 * sampling (`minSamples` samples, up to `maxTime` seconds). A case's `check` runs first and
 * throws if the implementations disagree: a fast wrong answer is not a result.
 *
 * Isolation. By default (`runSuite(..., { isolate: true })`) every row is timed in a fresh
 * node process that builds only its own case. Rows sharing a process change each other's
 * results through V8's adaptive heuristics: a row in which objects survive makes V8 pretenure
 * the allocation sites involved (allocate them directly in the old generation), and every later
 * row that allocates short-lived objects at those sites then pays for major GCs — we measured
 * symx construction 5–7× slower that way. A fresh process per row removes that, at the cost of
 * a few seconds of start-up per row. `isolate: false` runs everything in one process (the
 * `--quick` smoke run).
 *
 * Rounds. The rows of a case are timed in turn, several rounds over (symx, baselines, symx,
 * baselines, ...), and each row reports its best round: on a shared machine the load changes
 * from minute to minute, and interleaving lets every row meet the quiet moments too.
 *
 * CPU time. Besides benchmark.js's wall-clock statistics, each row records the process CPU
 * time per operation (`process.cpuUsage` over the sampling, divided by the number of calls;
 * it includes V8's GC threads). Wall time counts the time other processes held the core; CPU
 * time mostly does not, so on a shared machine its ratios are the steadier ones.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import Benchmark from 'benchmark';

/**
 * @typedef {object} Impl
 * @property {string} label
 * @property {() => unknown} fn   one operation (its unit is the case's `unit`)
 * @property {() => void} [teardown]  runs right after this row is timed
 */

/**
 * @typedef {object} BenchCase
 * @property {string} name
 * @property {string} unit        what one operation is, e.g. "1,000,000 nodes"
 * @property {Impl} symx          the reference row: every ratio is relative to it
 * @property {Impl[]} [variants]  other ways of doing the same with symx
 * @property {Impl[]} baselines   other libraries (or plain JS) doing the same work
 * @property {{ baseline: string, speedup: number }} [target]   e.g. symx >= 10x mathjs
 * @property {() => void} [check]  throws when the implementations disagree; runs before timing
 * @property {{ maxTime?: number, minSamples?: number, rounds?: number }} [timing]  per-case override
 */

/**
 * A case, built only when it runs (so that a process holds the inputs of one case only).
 *
 * @typedef {object} CaseFactory
 * @property {string} name   equal to the made case's `name`
 * @property {() => BenchCase} make
 */

/**
 * @typedef {object} SuiteOptions
 * @property {boolean} quick   smoke run: small inputs, few samples
 * @property {number} seed
 */

/**
 * A suite. `cases` returns the case table; an entry is either a case factory (built only when
 * it runs, preferred: a process then holds the inputs of one case only) or a ready case.
 *
 * @typedef {object} Suite
 * @property {string} name
 * @property {(opts: SuiteOptions) => (CaseFactory | BenchCase)[]} cases
 */

/**
 * @typedef {object} Measurement
 * @property {string} label
 * @property {'symx' | 'variant' | 'baseline'} role
 * @property {number} hz        operations per second
 * @property {number} mean      seconds per operation
 * @property {number} median    seconds per operation, median over samples
 * @property {number} rme       relative margin of error of the mean, in percent
 * @property {number} samples
 * @property {number} cpu       CPU seconds (user + system, all threads) per operation
 */

/**
 * @typedef {Measurement & { relative: number, cpuRelative: number }} ImplResult
 *   `relative`: mean / symx mean (12 means "takes 12x as long as symx"); `cpuRelative`: same in CPU time
 */

/**
 * @typedef {object} CaseResult
 * @property {string} name
 * @property {string} unit
 * @property {ImplResult[]} results
 * @property {{ baseline: string, speedup: number, measured: number, measuredCpu: number, met: boolean } | undefined} target
 *   `met` when both the wall-clock and the CPU-time speed-up reach `speedup`
 */

/** @typedef {{ name: string, cases: CaseResult[] }} SuiteResult */

/**
 * @typedef {object} TimingOptions
 * @property {number} maxTime      seconds of sampling per row, over all rounds
 * @property {number} minSamples   per round
 * @property {number} warmupTime   seconds of warm-up calls before sampling
 * @property {number} rounds       the rows of a case are timed in turn, `rounds` times over
 */

/** Timing of a full run and of a `--quick` smoke run. */
export const FULL_TIMING = Object.freeze({ maxTime: 6, minSamples: 5, warmupTime: 1, rounds: 3 });
export const QUICK_TIMING = Object.freeze({ maxTime: 0.02, minSamples: 2, warmupTime: 0, rounds: 1 });

/**
 * Times one implementation.
 *
 * @param {Impl} impl
 * @param {Measurement['role']} role
 * @param {Omit<TimingOptions, 'rounds'>} timing
 * @returns {Measurement}
 * @example
 * measure({ label: 'noop', fn: () => 0 }, 'symx', QUICK_TIMING).hz; // > 0
 */
export function measure(impl, role, timing) {
  const until = performance.now() + timing.warmupTime * 1000;
  do impl.fn();
  while (performance.now() < until);
  collectGarbage();
  let calls = 0;
  const fn = impl.fn;
  const counted = () => {
    calls++;
    return fn();
  };
  const bench = new Benchmark(impl.label, counted, {
    maxTime: timing.maxTime,
    minSamples: timing.minSamples,
    initCount: 1,
  });
  const cpu0 = process.cpuUsage();
  bench.run({ async: false });
  const cpu1 = process.cpuUsage(cpu0);
  if (bench.error) throw bench.error;
  const sample = bench.stats.sample;
  return {
    label: impl.label,
    role,
    hz: bench.hz,
    mean: bench.stats.mean,
    median: median(sample),
    rme: bench.stats.rme,
    samples: sample.length,
    cpu: (cpu1.user + cpu1.system) / 1e6 / Math.max(1, calls),
  };
}

/**
 * The rows of a case in table order: symx, variants, baselines.
 *
 * @param {BenchCase} c
 * @returns {{ impl: Impl, role: Measurement['role'] }[]}
 */
function rowsOf(c) {
  return [
    { impl: c.symx, role: 'symx' },
    ...(c.variants ?? []).map((impl) => ({ impl, role: /** @type {const} */ ('variant') })),
    ...c.baselines.map((impl) => ({ impl, role: /** @type {const} */ ('baseline') })),
  ];
}

/**
 * Timing of round `round` of a case.
 *
 * @param {TimingOptions} timing
 * @param {number} round
 */
function roundTiming(timing, round) {
  // Later rounds need no JIT warm-up in-process, but still one untimed call.
  return { maxTime: timing.maxTime / timing.rounds, minSamples: timing.minSamples, warmupTime: round === 0 ? timing.warmupTime : 0 };
}

/**
 * @typedef {object} RunOptions
 * @property {TimingOptions} timing
 * @property {string} [filter]   only cases whose "suite/case" name contains it
 * @property {boolean} [isolate]  one process per row (see the file comment); needs `script`
 * @property {string} [script]   entry script that calls `childMain` for `--child` arguments
 * @property {(line: string) => void} [log]
 */

/**
 * Runs every case of `suite` (or those matching `filter`).
 *
 * @param {Suite} suite
 * @param {SuiteOptions & RunOptions} opts
 * @returns {Promise<SuiteResult>}
 */
export async function runSuite(suite, opts) {
  const log = opts.log ?? ((line) => process.stderr.write(line + '\n'));
  const suiteOpts = { quick: opts.quick, seed: opts.seed };
  /** @type {CaseResult[]} */
  const out = [];
  for (const factory of factoriesOf(suite, suiteOpts)) {
    if (opts.filter && !`${suite.name}/${factory.name}`.includes(opts.filter)) continue;
    /** @type {Measurement[][]} */
    let byRow;
    /** @type {BenchCase} */
    let c;
    if (opts.isolate) {
      if (!opts.script) throw new Error('runSuite: isolate needs the entry script');
      const script = opts.script;
      const child = (/** @type {string} */ what) => runChild(script, suite.name, factory.name, what, opts);
      /** @type {{ name: string, unit: string, rows: { label: string, role: Measurement['role'] }[], target?: BenchCase['target'], timing?: BenchCase['timing'], dist: string }} */
      const info = await child('check');
      log(`[${suite.name}] ${info.name} (${info.unit})`);
      const stamps = new Set([info.dist]);
      c = /** @type {BenchCase} */ ({ ...info, symx: { label: info.rows[0].label, fn: () => {} }, baselines: [] });
      const timing = { ...opts.timing, ...(opts.quick ? {} : info.timing) };
      byRow = info.rows.map(() => []);
      for (let round = 0; round < timing.rounds; round++) {
        for (let i = 0; i < info.rows.length; i++) {
          const { dist, ...m } = await child(`${i}:${round}`);
          stamps.add(dist);
          byRow[i].push(m);
        }
      }
      if (stamps.size > 1) log(`  WARNING: packages/*/dist changed while this case ran: its rows timed different builds`);
    } else {
      c = makeCase(factory);
      log(`[${suite.name}] ${c.name} (${c.unit})`);
      c.check?.();
      const timing = { ...opts.timing, ...(opts.quick ? {} : c.timing) };
      const rows = rowsOf(c);
      byRow = rows.map(() => []);
      for (let round = 0; round < timing.rounds; round++) {
        rows.forEach(({ impl, role }, i) => {
          try {
            byRow[i].push(measure(impl, role, roundTiming(timing, round)));
          } finally {
            impl.teardown?.();
          }
        });
      }
    }
    const raw = byRow.map(bestOf);
    for (const r of raw) {
      log(`  ${r.label.padEnd(40)} ${formatHz(r.hz).padStart(12)} ops/s  mean ${formatTime(r.mean)}  ±${r.rme.toFixed(1)}%  cpu ${formatTime(r.cpu)}  (${r.samples} samples)`);
    }
    out.push(caseResult(c.name, c.unit, raw, c.target));
  }
  return { name: suite.name, cases: out };
}

/**
 * Ratios to the symx row (the first) and the verdict on the target.
 *
 * @param {string} name
 * @param {string} unit
 * @param {Measurement[]} raw
 * @param {BenchCase['target']} target
 * @returns {CaseResult}
 */
function caseResult(name, unit, raw, target) {
  const ref = raw[0];
  const results = raw.map((r) => ({ ...r, relative: r.mean / ref.mean, cpuRelative: r.cpu / ref.cpu }));
  let verdict;
  if (target) {
    const { baseline, speedup } = target;
    const b = results.find((r) => r.label === baseline);
    if (!b) throw new Error(`case '${name}': target names unknown baseline '${baseline}'`);
    verdict = { baseline, speedup, measured: b.relative, measuredCpu: b.cpuRelative, met: Math.min(b.relative, b.cpuRelative) >= speedup };
  }
  return { name, unit, results, target: verdict };
}

/**
 * Runs `script --child ...` and returns the JSON it prints on its last stdout line. A failed
 * child is retried twice after a pause: in a shared checkout another process may be rebuilding
 * the packages' dist/ at that moment.
 *
 * @param {string} script
 * @param {string} suite
 * @param {string} caseName
 * @param {string} what     'check' or '<row>:<round>'
 * @param {SuiteOptions & RunOptions} opts
 * @returns {Promise<any>}
 */
async function runChild(script, suite, caseName, what, opts) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runChildOnce(script, suite, caseName, what, opts);
    } catch (e) {
      if (attempt === 3) throw e;
      process.stderr.write(`  (${/** @type {Error} */ (e).message}; retrying in 30 s)\n`);
      await new Promise((r) => setTimeout(r, 30_000));
    }
  }
}

/**
 * @param {string} script
 * @param {string} suite
 * @param {string} caseName
 * @param {string} what
 * @param {SuiteOptions & RunOptions} opts
 * @returns {Promise<any>}
 */
function runChildOnce(script, suite, caseName, what, opts) {
  // Node flags given to the parent (e.g. --no-allocation-site-pretenuring) apply to the children.
  const flags = [...new Set(['--expose-gc', ...process.execArgv])];
  const args = [...flags, script, '--child', JSON.stringify({ suite, caseName, what, quick: opts.quick, seed: opts.seed, timing: opts.timing })];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d) => (stdout += d));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench child for ${suite}/${caseName} (${what}) exited with ${code}`));
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`bench child for ${suite}/${caseName} (${what}) printed no result: ${last}`));
      }
    });
  });
}

/**
 * The child side of an isolated run: builds one case of one suite, then either runs its check
 * and prints its description, or times one row for one round and prints the measurement.
 *
 * @param {Suite[]} suites
 * @param {string} arg   the JSON argument given after `--child`
 */
export function childMain(suites, arg) {
  /** @type {{ suite: string, caseName: string, what: string, quick: boolean, seed: number, timing: TimingOptions }} */
  const a = JSON.parse(arg);
  const suite = suites.find((s) => s.name === a.suite);
  const factory = suite && factoriesOf(suite, { quick: a.quick, seed: a.seed }).find((f) => f.name === a.caseName);
  if (!factory) throw new Error(`no case '${a.caseName}' in suite '${a.suite}'`);
  const c = makeCase(factory);
  if (a.what === 'check') {
    c.check?.();
    const rows = rowsOf(c).map(({ impl, role }) => ({ label: impl.label, role }));
    process.stdout.write(JSON.stringify({ name: c.name, unit: c.unit, rows, target: c.target, timing: c.timing, dist: distStamp() }) + '\n');
    return;
  }
  const [row, round] = a.what.split(':').map(Number);
  const timing = { ...a.timing, ...(a.quick ? {} : c.timing) };
  const { impl, role } = rowsOf(c)[row];
  // Every process starts cold: warm up in every round, not only the first.
  const t = { ...roundTiming(timing, round), warmupTime: timing.warmupTime };
  const m = measure(impl, role, t);
  impl.teardown?.();
  process.stdout.write(JSON.stringify({ ...m, dist: distStamp() }) + '\n');
}

/**
 * The case table of a suite as factories (a ready case becomes a factory that returns it).
 *
 * @param {Suite} suite
 * @param {SuiteOptions} opts
 * @returns {CaseFactory[]}
 */
function factoriesOf(suite, opts) {
  return suite.cases(opts).map((c) => ('make' in c ? c : { name: c.name, make: () => c }));
}

/**
 * @param {CaseFactory} factory
 * @returns {BenchCase}
 */
function makeCase(factory) {
  const c = factory.make();
  if (c.name !== factory.name) throw new Error(`case factory '${factory.name}' made a case named '${c.name}'`);
  return c;
}

/**
 * The newest modification time of any file under packages/<pkg>/dist, as a string: lets an
 * isolated run notice that someone rebuilt the packages between two of its processes.
 *
 * @returns {string}
 */
export function distStamp() {
  const root = new URL('../../packages/', import.meta.url);
  let newest = 0;
  for (const pkg of readdirSync(root)) {
    const dist = new URL(`${pkg}/dist/`, root);
    if (!existsSync(dist)) continue;
    for (const f of readdirSync(dist, { recursive: true })) newest = Math.max(newest, statSync(new URL(String(f), dist)).mtimeMs);
  }
  return new Date(newest).toISOString();
}

/**
 * Combines the rounds of one row: wall-clock figures from the round with the lowest mean, the
 * lowest CPU time of any round, the samples of all rounds.
 *
 * @param {Measurement[]} rounds
 * @returns {Measurement}
 */
function bestOf(rounds) {
  const best = rounds.reduce((a, b) => (b.mean < a.mean ? b : a));
  return {
    ...best,
    cpu: Math.min(...rounds.map((r) => r.cpu)),
    samples: rounds.reduce((n, r) => n + r.samples, 0),
  };
}

/**
 * Makes sure `global.gc` exists: when node was started without `--expose-gc`, runs this same
 * script again in a child node with the flag, waits for it and exits with its status.
 *
 * @param {string} script   path of the entry script (`process.argv[1]`)
 */
export function relaunchWithGcIfNeeded(script) {
  if (typeof (/** @type {{ gc?: unknown }} */ (globalThis).gc) === 'function') return;
  const r = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

/**
 * Median of a non-empty list of numbers.
 *
 * @param {readonly number[]} xs
 * @returns {number}
 */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs a full GC when node was started with --expose-gc; otherwise does nothing. */
export function collectGarbage() {
  const gc = /** @type {{ gc?: () => void }} */ (globalThis).gc;
  if (gc) {
    gc();
    gc();
  }
}

/**
 * Seconds as a short human string: "812 ns", "3.41 µs", "12.3 ms", "1.20 s".
 *
 * @param {number} s
 * @returns {string}
 */
export function formatTime(s) {
  if (!Number.isFinite(s)) return String(s);
  // Thresholds just below the next unit, so that 999.7 µs prints as "1.00 ms", not "1.00e+3 µs".
  if (s < 0.9995e-6) return `${(s * 1e9).toPrecision(3)} ns`;
  if (s < 0.9995e-3) return `${(s * 1e6).toPrecision(3)} µs`;
  if (s < 0.9995) return `${(s * 1e3).toPrecision(3)} ms`;
  return `${s.toPrecision(3)} s`;
}

/**
 * Operations per second with three significant digits and thousands separators.
 *
 * @param {number} hz
 * @returns {string}
 */
export function formatHz(hz) {
  if (hz >= 1000) return Math.round(hz).toLocaleString('en-US');
  return hz.toPrecision(3);
}
