#!/usr/bin/env node
/**
 * Simplify suite (issue 4): `simplify` of @symx/core (the built dist) on
 *   - the physics corpus (corpus/feynman.js, 120 formulas),
 *   - SR-bloated variants of it (each formula wrapped in identities by `bloat`, fixed seed),
 *   - random SR candidates (lib/random-terms.js),
 *   - failed-match overhead (rule attempts that do not fire, and formulas already simplified),
 *   - adversarial inputs against the time limit,
 * with mathjs `simplify` as the baseline in the same run.
 *
 * Two ways to run it:
 *   node bench/run.js --filter simplify     harness rows (benchmark.js sampling, ratios to mathjs)
 *   node bench/simplify.bench.js [--quick] [--json out.json]
 *       the per-expression report: median and p90 µs per expression, size before/after, the
 *       share of bloated inputs returned to their original size or smaller, failed-match cost,
 *       adversarial runs against their limits.
 *
 * "Cold" timing: `simplify` caches its results per term (and rule results per subterm), so a
 * term simplified twice costs a table lookup the second time. Every timed input is therefore a
 * fresh term: each repetition renames the formula's variables (x → x_17), which makes every
 * subterm new to every cache, as a never-seen SR candidate is.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as core from '@symx/core';
import * as math from 'mathjs';
import { feynman, samplePoints } from './corpus/feynman.js';
import { symxBuilders } from './lib/builders.js';
import { mulberry32 } from './lib/prng.js';
import { randomProgram, replay } from './lib/random-terms.js';

const { defaultStore, evaluate, format, parse, simplify, simplifyWithReport, size, operatorCost } = core;

/** @typedef {import('@symx/core').Term} Term */
/** @typedef {import('./lib/prng.js').Rng} Rng */
/** @typedef {import('./lib/harness.js').BenchCase} BenchCase */
/** @typedef {import('./lib/harness.js').CaseFactory} CaseFactory */
/** @typedef {import('./lib/harness.js').SuiteOptions} SuiteOptions */
/** @typedef {import('./corpus/feynman.js').CorpusFormula} CorpusFormula */

// ---- mathjs hangs -------------------------------------------------------------------------------

/** mathjs `simplify` runs longer than this on a source: it is left out of the comparison. */
const MATHJS_HANG_MS = 5000;

/**
 * The sources on which mathjs `simplify` does not finish within `timeoutMs` (mathjs, like SymPy,
 * hangs on some inputs: e.g. a power whose exponent is 2*(sin(e)^2 + cos(e)^2)). mathjs runs in
 * a worker thread; this thread waits on a shared progress counter (`Atomics.wait`, so the call
 * is synchronous, as the harness's case tables are), and abandons the worker and starts a new
 * one past the current source when it stalls. The timed rows then never meet those sources.
 *
 * @param {readonly string[]} sources
 * @param {number} [timeoutMs]
 * @returns {Set<string>}
 */
export function mathjsHangs(sources, timeoutMs = MATHJS_HANG_MS) {
  /** @type {Set<string>} */
  const hangs = new Set();
  let next = 0;
  while (next < sources.length) {
    const progress = new Int32Array(new SharedArrayBuffer(4));
    const base = next;
    const w = new Worker(new URL(import.meta.url), { workerData: { mathjsProbe: sources.slice(base), progress } });
    w.unref();
    let last = 0;
    let wait = timeoutMs + 10_000; // the first source also waits for the worker to start
    for (;;) {
      const r = Atomics.wait(progress, 0, last, wait);
      const cur = Atomics.load(progress, 0);
      if (cur === -1) {
        next = sources.length;
        break;
      }
      if (r === 'timed-out' && cur === last) {
        hangs.add(sources[base + cur]);
        next = base + cur + 1;
        void w.terminate();
        break;
      }
      last = cur;
      wait = timeoutMs;
    }
  }
  return hangs;
}

if (!isMainThread && workerData?.mathjsProbe) {
  const list = /** @type {string[]} */ (workerData.mathjsProbe);
  const progress = /** @type {Int32Array} */ (workerData.progress);
  for (let i = 0; i < list.length; i++) {
    math.simplify(math.parse(list[i]));
    Atomics.store(progress, 0, i + 1);
    Atomics.notify(progress, 0);
  }
  Atomics.store(progress, 0, -1);
  Atomics.notify(progress, 0);
}

// ---- inputs -------------------------------------------------------------------------------------

/**
 * Assumptions from a formula's sampling ranges: a variable sampled in [lo, hi] with lo > 0 is
 * positive, with lo = 0 nonnegative. (What an SR user knows about their data.)
 *
 * @param {CorpusFormula} f
 * @returns {Record<string, 'positive' | 'nonnegative'>}
 */
export function assumptionsOf(f) {
  /** @type {Record<string, 'positive' | 'nonnegative'>} */
  const out = {};
  for (const [name, d] of Object.entries(f.vars)) if (d.lo >= 0) out[name] = d.lo > 0 ? 'positive' : 'nonnegative';
  return out;
}

/**
 * The source with every variable renamed `name_k` (whole identifiers only).
 *
 * @param {CorpusFormula} f
 * @param {number} k
 * @returns {string}
 */
export function renamedSource(f, k) {
  const names = Object.keys(f.vars);
  if (names.length === 0) return f.formula;
  const re = new RegExp(`\\b(${names.map((n) => n.replace(/[^A-Za-z0-9_]/g, '')).join('|')})\\b`, 'g');
  return f.formula.replace(re, (m) => `${m}_r${k}`);
}

/**
 * Renames assumptions alongside `renamedSource`.
 *
 * @param {Record<string, string>} a
 * @param {number} k
 * @returns {Record<string, any>}
 */
function renamedAssumptions(a, k) {
  return Object.fromEntries(Object.entries(a).map(([n, v]) => [`${n}_r${k}`, v]));
}

/** The bloating identities, by name: each wraps a subterm `t` (variables `u`, `p` of the formula). */
export const BLOATS = /** @type {const} */ ([
  'times one', // t*1
  'plus zero difference', // t + (u - u)
  'times pythagorean', // t*(sin(u)^2 + cos(u)^2)
  'double negation', // -(-t)
  'over one', // t/1
  'power one', // t^1
  'exp log', // exp(log(t)) for a positive t (a positive variable)
  'times inverse', // t*u*u^-1
  'log exp', // log(exp(t))
  'hyperbolic one', // t*(cosh(u)^2 - sinh(u)^2)
  'twice minus once', // 2*t - t
  'sqrt square', // sqrt(t^2) for a positive t
]);

/**
 * One bloating step applied at a random subterm of `t`.
 *
 * @param {Term} t
 * @param {Rng} rng
 * @param {Term[]} vars  the formula's variables
 * @param {Set<Term>} positive  variables assumed positive
 * @returns {Term}
 */
function bloatOnce(t, rng, vars, positive) {
  const { add, mul, sub, div, pow, neg, sin, cos, exp, log, sqrt, int, call } = core;
  // Subterms in post-order, each with the path of argument indices to it.
  /** @type {{ term: Term, path: number[] }[]} */
  const spots = [];
  /** @type {[Term, number[]][]} */
  const stack = [[t, []]];
  while (stack.length > 0) {
    const [u, path] = /** @type {[Term, number[]]} */ (stack.pop());
    spots.push({ term: u, path });
    u.args.forEach((a, i) => stack.push([a, [...path, i]]));
  }
  const kind = BLOATS[rng.int(BLOATS.length)];
  const u = vars[rng.int(vars.length)];
  const posVars = [...positive];
  let spot = spots[rng.int(spots.length)];
  if ((kind === 'exp log' || kind === 'sqrt square') && posVars.length > 0) {
    // A positive subterm: one occurrence of a positive variable.
    const occurrences = spots.filter((s) => positive.has(s.term));
    if (occurrences.length > 0) spot = occurrences[rng.int(occurrences.length)];
  }
  const s = spot.term;
  /** @type {Term} */
  let w;
  switch (kind) {
    case 'times one': w = mul(s, int(1)); break;
    case 'plus zero difference': w = add(s, sub(u, u)); break;
    case 'times pythagorean': w = mul(s, add(pow(sin(u), int(2)), pow(cos(u), int(2)))); break;
    case 'double negation': w = neg(neg(s)); break;
    case 'over one': w = div(s, int(1)); break;
    case 'power one': w = pow(s, int(1)); break;
    case 'exp log': w = positive.has(s) ? exp(log(s)) : mul(s, int(1)); break;
    case 'times inverse': w = mul(s, u, pow(u, int(-1))); break;
    case 'log exp': w = log(exp(s)); break;
    case 'hyperbolic one': w = mul(s, sub(pow(call('cosh', u), int(2)), pow(call('sinh', u), int(2)))); break;
    case 'twice minus once': w = sub(mul(int(2), s), s); break;
    case 'sqrt square': w = positive.has(s) ? sqrt(pow(s, int(2))) : add(s, int(0)); break;
  }
  return replaceAt(t, spot.path, w);
}

/**
 * `t` with the subterm at `path` replaced by `w`.
 *
 * @param {Term} t
 * @param {number[]} path
 * @param {Term} w
 * @returns {Term}
 */
function replaceAt(t, path, w) {
  if (path.length === 0) return w;
  const [i, ...rest] = path;
  const args = t.args.slice();
  args[i] = replaceAt(args[i], rest, w);
  return defaultStore.call(t.op, args);
}

/**
 * An SR-bloated variant of `t`: 1 to 3 bloating steps at random places.
 *
 * @param {Term} t
 * @param {Rng} rng
 * @param {CorpusFormula} f
 * @param {Record<string, string>} assume  (of the renamed variables)
 * @returns {Term}
 */
export function bloat(t, rng, f, assume) {
  const vars = core.variables(t).map((n) => core.sym(n));
  const positive = new Set(vars.filter((v) => assume[v.op] === 'positive'));
  let b = t;
  const steps = 1 + rng.int(3);
  for (let i = 0; i < steps; i++) b = bloatOnce(b, rng, vars, positive);
  void f;
  return b;
}

/**
 * @typedef {object} Input
 * @property {Term} term
 * @property {Term} original   the unbloated formula (same renaming)
 * @property {Record<string, any>} assume
 * @property {CorpusFormula} formula
 */

/**
 * Fresh inputs: `reps` renamings of every formula, optionally bloated.
 *
 * @param {number} reps
 * @param {number} firstK  first renaming index (keep sets disjoint)
 * @param {Rng | undefined} bloatRng
 * @returns {Input[][]}  per formula, its `reps` inputs
 */
function corpusInputs(reps, firstK, bloatRng) {
  return feynman.map((f) => {
    const a = assumptionsOf(f);
    /** @type {Input[]} */
    const out = [];
    for (let r = 0; r < reps; r++) {
      const k = firstK + r;
      const original = parse(renamedSource(f, k));
      const assume = renamedAssumptions(a, k);
      out.push({ term: bloatRng ? bloat(original, bloatRng, f, assume) : original, original, assume, formula: f });
    }
    return out;
  });
}

// ---- measurement --------------------------------------------------------------------------------

/**
 * Nanoseconds of one call.
 *
 * @param {() => unknown} fn
 * @returns {number}
 */
function timeOnce(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0);
}

/**
 * @param {number[]} xs
 * @param {number} q  quantile in [0, 1]
 * @returns {number}
 */
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i];
}

/**
 * Whether symx's result agrees with the input at a few sample points of the formula's domain.
 *
 * @param {Term} a
 * @param {Term} b
 * @param {CorpusFormula} f
 * @param {number} k  renaming index (-1: the formula's own names)
 * @param {Rng} rng
 * @returns {boolean}
 */
function agrees(a, b, f, k, rng) {
  for (const p of samplePoints(f, 3, rng)) {
    const env = k < 0 ? p : Object.fromEntries(Object.entries(p).map(([n, v]) => [`${n}_r${k}`, v]));
    const x = evaluate(a, env);
    if (!Number.isFinite(x)) continue; // outside the input's domain (or lost to rounding): anything goes
    const y = evaluate(b, env);
    // Rounding error of the input's own evaluation grows with its largest intermediate value
    // (cosh(x)^2 - sinh(x)^2 cancels catastrophically for large x).
    let scale = Math.max(1, Math.abs(x), Math.abs(y));
    for (const u of core.postOrder(a)) scale = Math.max(scale, Math.abs(evaluate(u, env)));
    if (!(Math.abs(x - y) <= 1e-9 * scale)) return false;
  }
  return true;
}

/**
 * Size of a mathjs tree (nodes).
 *
 * @param {math.MathNode} n
 * @returns {number}
 */
function mathSize(n) {
  return n.filter(() => true).length;
}

/**
 * @typedef {object} Row
 * @property {string} set
 * @property {number} count
 * @property {number} medianUs     median over expressions of each expression's median time
 * @property {number} p90Us
 * @property {number} [bestMedianUs]  the same with each expression's best time over its repetitions
 * @property {number} [bestP90Us]
 * @property {number} sizeBefore   mean size of the inputs
 * @property {number} sizeAfter    mean size of the results
 * @property {number} [shareNotLarger]  bloated: share returned to the original's size or smaller
 * @property {number} [shareFullyUnbloated] bloated: share whose result equals simplify(original)
 * @property {number} [mathjsMedianUs]
 * @property {number} [mathjsP90Us]
 * @property {number} [mathjsShareNotLarger]
 * @property {number} [mathjsWrong]   share of mathjs results that disagree numerically with the input
 * @property {number} [mathjsHangs]   inputs mathjs did not simplify within MATHJS_HANG_MS (left out of its columns)
 * @property {number} [wrong]         share of symx results that disagree numerically
 */

/**
 * Per-expression report over a corpus set: each formula's time is the median over its
 * renamed repetitions (each a fresh term).
 *
 * @param {string} setName
 * @param {Input[][]} inputs
 * @param {{ mathjs: boolean, seed: number, mathReps: number, hangs?: Set<string> }} o
 * @returns {Row}
 */
function corpusRow(setName, inputs, o) {
  const rng = mulberry32(o.seed);
  /** @type {number[]} */
  const perExpr = [];
  /** @type {number[]} */
  const bestExpr = [];
  let before = 0;
  let after = 0;
  let notLarger = 0;
  let unbloated = 0;
  let wrong = 0;
  let n = 0;
  for (const reps of inputs) {
    /** @type {number[]} */
    const times = [];
    for (const inp of reps) {
      /** @type {Term | undefined} */
      let r;
      times.push(timeOnce(() => (r = simplify(inp.term, { assume: inp.assume }))));
      const res = /** @type {Term} */ (r);
      before += size(inp.term);
      after += size(res);
      if (size(res) <= size(inp.original)) notLarger++;
      if (res === simplify(inp.original, { assume: inp.assume })) unbloated++;
      const k = Number(/_r(\d+)$/.exec(core.variables(inp.term)[0] ?? 'x_r0')?.[1] ?? 0);
      if (!agrees(inp.term, res, inp.formula, k, rng)) wrong++;
      n++;
    }
    perExpr.push(quantile(times, 0.5) / 1000);
    bestExpr.push(Math.min(...times) / 1000);
  }
  /** @type {Row} */
  const row = {
    set: setName,
    count: n,
    medianUs: quantile(perExpr, 0.5),
    p90Us: quantile(perExpr, 0.9),
    bestMedianUs: quantile(bestExpr, 0.5),
    bestP90Us: quantile(bestExpr, 0.9),
    sizeBefore: before / n,
    sizeAfter: after / n,
    shareNotLarger: notLarger / n,
    shareFullyUnbloated: unbloated / n,
    wrong: wrong / n,
  };
  if (o.mathjs) Object.assign(row, mathjsRow(inputs, o.mathReps, rng, o.hangs ?? new Set()));
  return row;
}

/**
 * mathjs simplify over the same inputs (first repetition of each formula): time per expression
 * (median of `reps` runs), share not larger than the original, share numerically wrong.
 *
 * @param {Input[][]} inputs
 * @param {number} reps
 * @param {Rng} rng
 * @param {Set<string>} hangs  sources mathjs does not finish (left out)
 * @returns {Partial<Row>}
 */
function mathjsRow(inputs, reps, rng, hangs) {
  /** @type {number[]} */
  const perExpr = [];
  let notLarger = 0;
  let wrong = 0;
  let tried = 0;
  const real = math.create(math.all, { predictable: true });
  for (const list of inputs) {
    const inp = list[0];
    const src = format(inp.term);
    if (hangs.has(src)) continue;
    tried++;
    const node = math.parse(src);
    const orig = math.parse(format(inp.original));
    /** @type {number[]} */
    const times = [];
    /** @type {math.MathNode | undefined} */
    let out;
    for (let r = 0; r < reps; r++) times.push(timeOnce(() => (out = math.simplify(node))));
    perExpr.push(quantile(times, 0.5) / 1000);
    const res = /** @type {math.MathNode} */ (out);
    if (mathSize(res) <= mathSize(orig)) notLarger++;
    const k = Number(/_r(\d+)/.exec(src)?.[1] ?? 0);
    const f = inp.formula;
    let ok = true;
    try {
      const c1 = real.parse(res.toString()).compile();
      for (const p of samplePoints(f, 3, rng)) {
        const env = Object.fromEntries(Object.entries(p).map(([n, v]) => [`${n}_r${k}`, v]));
        const x = evaluate(inp.term, env);
        const y = c1.evaluate({ ...env, pi: Math.PI });
        if (typeof y !== 'number' || !(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y)))) ok = false;
      }
    } catch {
      ok = false;
    }
    if (!ok) wrong++;
  }
  return {
    mathjsMedianUs: quantile(perExpr, 0.5),
    mathjsP90Us: quantile(perExpr, 0.9),
    mathjsShareNotLarger: notLarger / tried,
    mathjsWrong: wrong / tried,
    mathjsHangs: inputs.length - tried,
  };
}

/**
 * Random SR candidates, each timed `reps` times on fresh copies (variables renamed per copy).
 *
 * @param {number} totalNodes
 * @param {number} seed
 * @param {number} reps
 * @returns {Row}
 */
function randomRow(totalNodes, seed, reps) {
  const prog = randomProgram(mulberry32(seed), { totalNodes });
  /** @type {Term[][]} */
  const copies = [];
  for (let r = 0; r < reps; r++) {
    copies.push(replay(prog, { ...symxBuilders, variable: (k) => core.sym(`x${k}_c${seed}_${r}`) }));
  }
  const count = copies[0].length;
  /** @type {number[]} */
  const med = [];
  /** @type {number[]} */
  const best = [];
  let before = 0;
  let after = 0;
  for (let i = 0; i < count; i++) {
    /** @type {number[]} */
    const times = [];
    for (let r = 0; r < reps; r++) {
      const t = copies[r][i];
      /** @type {Term | undefined} */
      let res;
      times.push(timeOnce(() => (res = simplify(t))) / 1000);
      if (r === 0) {
        before += size(t);
        after += size(/** @type {Term} */ (res));
      }
    }
    med.push(quantile(times, 0.5));
    best.push(Math.min(...times));
  }
  return {
    set: 'random SR candidates',
    count,
    medianUs: quantile(med, 0.5),
    p90Us: quantile(med, 0.9),
    bestMedianUs: quantile(best, 0.5),
    bestP90Us: quantile(best, 0.9),
    sizeBefore: before / count,
    sizeAfter: after / count,
  };
}

/**
 * Failed-match overhead: every node of the simplified corpus offered to the default rule set
 * (which rewrites none of them), and per rule attempt.
 *
 * @param {number} rounds
 * @returns {{ nodes: number, attempts: number, nsPerNode: number, nsPerAttempt: number }}
 */
function failedMatchRow(rounds) {
  const set = core.SIMPLIFY_RULES;
  /** @type {Term[]} */
  const nodes = [];
  for (const f of feynman) {
    const s = simplify(parse(f.formula));
    for (const u of core.postOrder(s)) if (u.kind === core.KIND_CALL && set.apply(u) === undefined) nodes.push(u);
  }
  let attempts = 0;
  for (const u of nodes) attempts += set.candidates(u).length;
  for (let i = 0; i < 3; i++) for (const u of nodes) set.apply(u); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) for (const u of nodes) set.apply(u);
  const ns = Number(process.hrtime.bigint() - t0) / rounds;
  return { nodes: nodes.length, attempts, nsPerNode: ns / nodes.length, nsPerAttempt: ns / Math.max(1, attempts) };
}

/**
 * Adversarial inputs: elapsed time against the time limit, and the stop reason.
 *
 * @param {boolean} quick
 * @returns {{ name: string, size: number, limitMs: number, elapsedMs: number, stopReason: string, sizeAfter: number }[]}
 */
function adversarialRows(quick) {
  const { add, mul, sin, pow, sym, int, float, rule } = core;
  const x = sym('x');
  const limitMs = 100;
  /** @type {{ name: string, build: () => Term, opts?: any }[]} */
  const cases = [
    {
      name: '10,000-term sum of nested products',
      build: () => {
        /** @type {Term[]} */
        const ts = [];
        for (let i = 0; i < (quick ? 1000 : 10_000); i++) ts.push(mul(float(0.5 + i), sym(`x${i % 50}`), add(sym(`y${i % 13}`), mul(sym('z'), sin(sym(`w${i % 3}`))))));
        return add(...ts);
      },
    },
    {
      name: 'deep nesting (alternating + and *)',
      build: () => {
        let t = x;
        for (let i = 0; i < (quick ? 10_000 : 100_000); i++) t = i % 2 ? add(sym(`a${i % 7}`), t) : mul(sym(`b${i % 5}`), t);
        return t;
      },
    },
    {
      name: 'deep nesting (sin chain)',
      build: () => {
        let t = x;
        for (let i = 0; i < (quick ? 10_000 : 100_000); i++) t = sin(t);
        return t;
      },
    },
    {
      name: 'exponent tower x^(x^(x^...))',
      build: () => {
        let t = x;
        for (let i = 0; i < (quick ? 10_000 : 100_000); i++) t = pow(x, t);
        return t;
      },
    },
    {
      name: 'looping rule set (sin(x) → sin(x + 1))',
      build: () => add(sin(x), int(0)),
      opts: { rules: [rule('sin(~x) => sin(~x + 1)')], limits: { timeMs: limitMs, iterations: Infinity } },
    },
  ];
  return cases.map((c) => {
    const mark = defaultStore.mark();
    const t = c.build();
    const r = simplifyWithReport(t, c.opts ?? { limits: { timeMs: limitMs } });
    const row = { name: c.name, size: size(t), limitMs, elapsedMs: r.elapsedMs, stopReason: r.stopReason, sizeAfter: size(r.term) };
    defaultStore.release(mark);
    return row;
  });
}

// ---- harness rows (run.js) ----------------------------------------------------------------------

/**
 * Harness cases: the corpus and its bloated variants, parsed and simplified from renamed
 * sources (fresh terms every call), against mathjs parse + simplify of the same sources.
 * Factories: the inputs (and the mathjs hang probe, several seconds) are made only when a case
 * of this suite runs.
 *
 * @param {SuiteOptions} opts
 * @returns {CaseFactory[]}
 */
function cases(opts) {
  /** @type {{ plain: string[], bloated: string[], assume: Record<string, "positive" | "nonnegative">[], hangs: Set<string> } | undefined} */
  let inputs;
  const prepare = () => {
    if (inputs !== undefined) return inputs;
    const rng = mulberry32(opts.seed);
    const bloated = feynman.map((f) => {
      const a = assumptionsOf(f);
      const mark = defaultStore.mark();
      const src = format(bloat(parse(f.formula), rng, f, a));
      defaultStore.release(mark);
      return src;
    });
    const plain = feynman.map((f) => f.formula);
    // Formulas mathjs does not simplify within MATHJS_HANG_MS are left out of both rows.
    inputs = { plain, bloated, assume: feynman.map(assumptionsOf), hangs: mathjsHangs([...plain, ...bloated]) };
    return inputs;
  };
  let k = 1_000_000;
  /**
   * @param {string} name
   * @param {'plain' | 'bloated'} which
   * @returns {BenchCase}
   */
  const make = (name, which) => {
    const { hangs, assume } = prepare();
    const all = prepare()[which];
    /** @type {[string, number][]} source and formula index */
    const kept = all.map((x, i) => /** @type {[string, number]} */ ([x, i])).filter(([x]) => !hangs.has(x));
    /** @param {boolean} withSimplify */
    const symxRun = (withSimplify) => () => {
      const kk = k++;
      defaultStore.scope(() => {
        for (const [source, i] of kept) {
          const src = source.replace(/\b([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()/g, (m) => (m === 'pi' ? m : `${m}_r${kk}`));
          const t = parse(src);
          if (withSimplify) simplify(t, { assume: renamedAssumptions(assume[i], kk) });
        }
      });
    };
    const left = all.length - kept.length;
    return {
      name,
      unit: `${kept.length} ${which === 'bloated' ? 'bloated ' : ''}formulas${left > 0 ? ` (${left} on which mathjs hangs left out)` : ''}`,
      symx: { label: 'symx parse + simplify', fn: symxRun(true) },
      variants: [{ label: 'symx parse only', fn: symxRun(false) }],
      baselines: [
        {
          label: 'mathjs parse + simplify',
          fn: () => {
            for (const [src] of kept) math.simplify(math.parse(src));
          },
        },
      ],
      target: { baseline: 'mathjs parse + simplify', speedup: 10 },
      timing: { maxTime: 6, minSamples: 5 },
      // symx must agree with each input at points of its sampling ranges (mathjs is timed, not
      // checked: its results are compared in the per-expression report).
      check: () => {
        const rng = mulberry32(opts.seed + 5);
        for (const [src, i] of kept) {
          const mark = defaultStore.mark();
          const t = parse(src);
          const r = simplify(t, { assume: assume[i] });
          const ok = agrees(t, r, feynman[i], -1, rng);
          defaultStore.release(mark);
          if (!ok) throw new Error(`simplify changed the value of ${src}`);
        }
      },
    };
  };
  const plainName = 'simplify corpus (parse + simplify, cold)';
  const bloatedName = 'simplify bloated corpus (parse + simplify, cold)';
  return [
    { name: plainName, make: () => make(plainName, 'plain') },
    { name: bloatedName, make: () => make(bloatedName, 'bloated') },
  ];
}

/** @type {import('./lib/harness.js').Suite} */
export const simplifySuite = { name: 'simplify', cases };

// ---- the per-expression report (standalone run) ---------------------------------------------------

/**
 * @param {{ quick: boolean, seed: number }} o
 */
export function perExpressionReport(o) {
  const reps = o.quick ? 3 : 15;
  const mathReps = o.quick ? 1 : 3;
  // Warm-up: JIT the whole pipeline on inputs of their own.
  for (const list of corpusInputs(o.quick ? 1 : 5, 900_000, mulberry32(o.seed + 99))) for (const inp of list) simplify(inp.term, { assume: inp.assume });
  const plain = corpusInputs(reps, 0, undefined);
  const bloated = corpusInputs(reps, 1000, mulberry32(o.seed + 1));
  const hangs = mathjsHangs([...plain, ...bloated].map((list) => format(list[0].term)));
  const rows = [
    corpusRow('Feynman corpus', plain, { mathjs: true, seed: o.seed, mathReps, hangs }),
    corpusRow('bloated corpus', bloated, { mathjs: true, seed: o.seed + 2, mathReps, hangs }),
    randomRow(o.quick ? 5_000 : 30_000, o.seed + 3, o.quick ? 2 : 5),
  ];
  // Already simplified: nothing fires (renamed, so cold).
  const simplified = corpusInputs(reps, 2000, undefined).map((list) => list.map((inp) => ({ ...inp, term: simplify(inp.term, { assume: inp.assume }), original: simplify(inp.term, { assume: inp.assume }) })));
  defaultStore.scope(() => {}); // drop the caches: the simplified inputs are timed cold
  rows.push(corpusRow('corpus already simplified (nothing fires)', simplified, { mathjs: false, seed: o.seed + 4, mathReps }));
  const failed = failedMatchRow(o.quick ? 20 : 200);
  const adversarial = adversarialRows(o.quick);
  return { rows, failed, adversarial, mathjsHangs: [...hangs] };
}

/**
 * @param {ReturnType<typeof perExpressionReport>} r
 * @returns {string}
 */
export function reportMarkdown(r) {
  const f = (/** @type {number | undefined} */ x, d = 1) => (x === undefined ? '' : x.toFixed(d));
  const pct = (/** @type {number | undefined} */ x) => (x === undefined ? '' : `${(100 * x).toFixed(1)}%`);
  const lines = [
    '### simplify, per expression',
    '',
    '| set | expressions | median µs | p90 µs | median µs (best of reps) | p90 µs (best of reps) | size before → after | not larger than original | = simplify(original) | numerically wrong | mathjs median µs | mathjs p90 µs | mathjs not larger | mathjs wrong | mathjs hangs |',
    '|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const x of r.rows)
    lines.push(
      `| ${x.set} | ${x.count} | ${f(x.medianUs)} | ${f(x.p90Us)} | ${f(x.bestMedianUs)} | ${f(x.bestP90Us)} | ${f(x.sizeBefore)} → ${f(x.sizeAfter)} | ${pct(x.shareNotLarger)} | ${pct(x.shareFullyUnbloated)} | ${pct(x.wrong)} | ${f(x.mathjsMedianUs, 0)} | ${f(x.mathjsP90Us, 0)} | ${pct(x.mathjsShareNotLarger)} | ${pct(x.mathjsWrong)} | ${x.mathjsHangs ?? ''} |`,
    );
  lines.push(
    '',
    `Failed-match overhead: ${r.failed.nodes} nodes of the simplified corpus offered to SIMPLIFY_RULES (none fires): ${f(r.failed.nsPerNode, 0)} ns per node, ${r.failed.attempts} candidate rules after the head-operator index, ${f(r.failed.nsPerAttempt, 0)} ns per rule attempt.`,
    '',
    '| adversarial input | size | time limit | elapsed | stop reason | size after |',
    '|---|---:|---:|---:|---|---:|',
  );
  for (const a of r.adversarial) lines.push(`| ${a.name} | ${a.size.toLocaleString('en-US')} | ${a.limitMs} ms | ${f(a.elapsedMs)} ms | ${a.stopReason} | ${a.sizeAfter.toLocaleString('en-US')} |`);
  return lines.join('\n') + '\n';
}

if (isMainThread && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, seed: { type: 'string', default: '20240601' }, json: { type: 'string' } } });
  const r = perExpressionReport({ quick: values.quick ?? false, seed: Number(values.seed) });
  console.log(reportMarkdown(r));
  if (values.json) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(values.json, JSON.stringify(r, null, 2));
  }
  void operatorCost;
}
