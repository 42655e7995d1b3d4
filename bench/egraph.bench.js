#!/usr/bin/env node
/**
 * @symx/egraph against egg, on egg's own math suite (packages/egraph/test-data/math-suite.json)
 * and egg's own figures (test-data/egg-results.json). Runs the BUILT packages (`pnpm build`).
 *
 *   node bench/egraph.bench.js                    every part (a few minutes)
 *   node bench/egraph.bench.js --quick            fewer samples (figures rough)
 *   node bench/egraph.bench.js --part suite       suite | scale | ematch | memory | simplify
 *   node bench/egraph.bench.js --large            also the 1M-node scale test
 *   node bench/egraph.bench.js --json out.json    also write the figures as JSON
 *
 * Method. Times are CPU time of the process (process.cpuUsage, user + system; egg's figures
 * are thread CPU time), so other load on the machine matters less than for wall time. Each
 * figure is the median over batches, after a warm-up; a batch repeats one case enough times
 * to take ~20 ms. A suite case is timed from a fresh EGraph + Runner + addTerm + run, with the
 * terms parsed beforehand (egg times Runner::run). Constant folding is egg's (+ - * / only,
 * with pruning) so that e-node and e-class counts can be compared one to one; they match
 * egg's exactly (hash-cons sizes differ a little: stale entries depend on union order).
 * Our node limit stops within a rule (after the match that crossed it) where egg stops after
 * the rule, so the scale test ends with fewer e-nodes than egg at the same limit: the rate
 * compared is hash-cons entries per CPU second, as in the issue.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { add, cos, defineOperator, int, mul, rule, sin, sub, sym } from '@symx/core';
import {
  EGraph,
  Matches,
  simplify,
  Runner,
  allOf,
  backoffScheduler,
  compilePattern,
  constOrDistinctVar,
  isConst,
  isSymbol,
  notZero,
  parseSexpr,
  sexprPattern,
  sexprTerm,
  simpleScheduler,
} from '@symx/egraph';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    large: { type: 'boolean', default: false },
    part: { type: 'string' },
    json: { type: 'string' },
  },
});
const quick = values.quick ?? false;
const dataDir = new URL('../packages/egraph/test-data/', import.meta.url);
/** @type {any} */
const suite = JSON.parse(readFileSync(new URL('math-suite.json', dataDir), 'utf8'));
/** @type {any} */
const egg = JSON.parse(readFileSync(new URL('egg-results.json', dataDir), 'utf8'));
/** @type {Record<string, unknown>} */
const out = { machine: { node: process.version, platform: `${process.platform} ${process.arch}` } };

defineOperator('d', 2, 100);
defineOperator('i', 2, 100);

// ---- the suite's rules, through the public API ---------------------------------------------
/** @param {string} src */
const conditionOf = (src) => {
  const e = /** @type {{ list: { atom: string }[] }} */ (parseSexpr(src));
  const [head, ...args] = e.list.map((x) => x.atom);
  const v = args.map((a) => a.slice(1));
  if (head === 'not-zero') return notZero(v[0]);
  if (head === 'is-symbol') return isSymbol(v[0]);
  if (head === 'is-const') return isConst(v[0]);
  if (head === 'const-or-distinct-var') return constOrDistinctVar(v[0], v[1]);
  throw new Error(`unknown condition ${src}`);
};
const rules = new Map(
  suite.rules.map((/** @type {any} */ r) => {
    const conds = (r.condition ?? []).map(conditionOf);
    const where = conds.length === 0 ? undefined : conds.length === 1 ? conds[0] : allOf(...conds);
    return /** @type {[string, import('@symx/core').Rule]} */ ([r.name, rule({ name: r.name, lhs: sexprPattern(r.lhs), rhs: sexprPattern(r.rhs), ...(where ? { where } : {}) })]);
  }),
);
const allRules = [...rules.values()];
const defaults = suite['runner-defaults'];
const EGG_FOLD = { operators: ['add', 'sub', 'mul', 'div'], prune: true };

/** @param {any} c */
function prepare(c) {
  const rs = c.rules === 'all' ? allRules : c.rules.map((/** @type {string} */ n) => /** @type {import('@symx/core').Rule} */ (rules.get(n)));
  const lim = c.limits ?? {};
  const goals = c.goals.map((/** @type {string} */ s) => sexprTerm(s));
  const extra = (c['extra-roots'] ?? []).map((/** @type {string} */ s) => sexprTerm(s));
  const start = sexprTerm(c.start);
  const stopOnGoals = c['stop-on-goals'] !== false && goals.length > 0;
  return () => {
    const g = new EGraph({ constantFolding: c.analysis === 'none' ? false : EGG_FOLD, explanations: c.explanations === true });
    let root = -1;
    const proved = () => goals.every((/** @type {import('@symx/core').Term} */ t) => {
      const id = g.lookupTerm(t);
      return id !== undefined && g.find(id) === g.find(root);
    });
    const runner = new Runner({
      egraph: g,
      iterLimit: lim['iter-limit'] ?? defaults['iter-limit'],
      nodeLimit: lim['node-limit'] ?? defaults['node-limit'],
      timeLimit: (lim['time-limit-s'] ?? defaults['time-limit-s']) * 1000,
      scheduler: c.scheduler?.kind === 'simple' ? simpleScheduler() : backoffScheduler({ matchLimit: defaults.scheduler['initial-match-limit'], banLength: defaults.scheduler['ban-length'] }),
      hooks: stopOnGoals ? [() => (proved() ? 'proved all goals' : undefined)] : [],
    });
    for (const e of extra) runner.addTerm(e);
    root = runner.addTerm(start);
    const result = runner.run(rs);
    return { result, proved: proved(), g };
  };
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/**
 * Median per-call CPU ms of fn over `batches` batches of ~20 ms each.
 * @param {() => unknown} fn
 * @param {number} batches
 */
function timeCpu(fn, batches) {
  const t0 = cpuMs();
  fn();
  const one = Math.max(cpuMs() - t0, 0.002);
  const reps = Math.max(1, Math.min(5000, Math.round(20 / one)));
  const per = [];
  for (let b = 0; b < batches; b++) {
    const s = cpuMs();
    for (let k = 0; k < reps; k++) fn();
    per.push((cpuMs() - s) / reps);
  }
  per.sort((a, b) => a - b);
  return { median: per[per.length >> 1], min: per[0] };
}
/** @param {number} x @param {number} [d] */
const f = (x, d = 3) => x.toFixed(d);

// ---- 1. the 21 cases ----------------------------------------------------------------------------
function suitePart() {
  console.log('## The 21-case suite (CPU ms per run; egg: cpu_median)\n');
  console.log('| case | symx ms | egg ms | ratio | iters symx/egg | e-nodes symx/egg | e-classes symx/egg | memo symx/egg | stop | goals |');
  console.log('|---|---:|---:|---:|---|---|---|---|---|---|');
  const runs = suite.cases.map((/** @type {any} */ c) => prepare(c));
  for (let w = 0; w < (quick ? 5 : 40); w++) for (const r of runs) r();
  let total = 0;
  let eggTotal = 0;
  /** @type {object[]} */
  const rows = [];
  suite.cases.forEach((/** @type {any} */ c, /** @type {number} */ i) => {
    const e = egg.cases.find((/** @type {any} */ x) => x.name === c.name);
    const o = runs[i]();
    const t = timeCpu(runs[i], quick ? 3 : 11);
    total += t.median;
    eggTotal += e.cpu_median;
    const rep = o.result.report;
    const ok = c.expect.goals === 'proved' ? o.proved : c.expect.goals === 'not-proved' ? !o.proved : true;
    rows.push({ name: c.name, ms: t.median, eggMs: e.cpu_median, iterations: rep.iterations, enodes: rep.enodes, classes: rep.classes, memo: rep.nodes, stop: rep.stopReason.kind, ok });
    console.log(`| ${c.name} | ${f(t.median, 4)} | ${e.cpu_median} | ${f(t.median / e.cpu_median, 2)} | ${rep.iterations}/${e.iterations} | ${rep.enodes}/${e.enodes} | ${rep.classes}/${e.eclasses} | ${rep.nodes}/${e.memo} | ${rep.stopReason.kind} | ${ok ? 'ok' : 'FAILED'} |`);
  });
  console.log(`| **total** | **${f(total, 2)}** | **${f(eggTotal, 2)}** | **${f(total / eggTotal, 2)}** | | | | | | |\n`);
  console.log(`Target: total within 2x of egg's: ${total <= 2 * eggTotal ? 'met' : 'NOT met'}\n`);
  out.suite = { rows, total, eggTotal, ratio: total / eggTotal };
}

// ---- 2. the scale test ----------------------------------------------------------------------------
function scalePart() {
  const sc = suite['scale-test'];
  const limits = values.large ? sc['node-limits'] : [sc['node-limits'][0]];
  console.log('## Scale test (random polynomials, all rules, to the node limit; CPU seconds)\n');
  console.log('| term@limit | symx s | egg s | iters symx/egg | memo symx/egg | e-nodes symx/egg | symx k entries/s | egg k entries/s | search/apply/rebuild % |');
  console.log('|---|---:|---:|---|---|---|---:|---:|---|');
  /** @type {{ name: string, cpuS: number, eggCpuS: number, entriesPerS: number, eggEntriesPerS: number }[]} */
  const scaleRows = [];
  out.scale = scaleRows;
  for (const limit of limits) {
    for (const /** @type {any} */ t of sc.terms) {
      const term = sexprTerm(t.term);
      let best = Infinity;
      /** @type {any} */
      let rep;
      for (let r = 0; r < (quick || limit > 100000 ? 1 : 3); r++) {
        const s = cpuMs();
        const g = new EGraph({ constantFolding: EGG_FOLD });
        const runner = new Runner({ egraph: g, iterLimit: sc.runner['iter-limit'], nodeLimit: limit, timeLimit: sc.runner['time-limit-s'] * 1000, scheduler: backoffScheduler({ matchLimit: 1000, banLength: 5 }) });
        runner.addTerm(term);
        const res = runner.run(allRules);
        const ms = cpuMs() - s;
        if (ms < best) {
          best = ms;
          rep = res.report;
        }
      }
      const e = egg[limit > 100000 ? 'scale_1m' : 'scale_100k'].find((/** @type {any} */ x) => x.name === `${t.name}@${limit}`);
      const rate = rep.nodes / best;
      const eggRate = e.memo / e.cpu_median / 1000;
      const sum = rep.searchMs + rep.applyMs + rep.rebuildMs;
      console.log(`| ${t.name}@${limit} | ${f(best / 1000, 3)} | ${e.cpu_median} | ${rep.iterations}/${e.iterations} | ${rep.nodes}/${e.memo} | ${rep.enodes}/${e.enodes} | ${f(rate, 1)} | ${f(eggRate, 1)} | ${[rep.searchMs, rep.applyMs, rep.rebuildMs].map((x) => Math.round((100 * x) / sum)).join('/')} |`);
      scaleRows.push({ name: `${t.name}@${limit}`, cpuS: best / 1000, eggCpuS: e.cpu_median, entriesPerS: rate * 1000, eggEntriesPerS: eggRate * 1000 });
    }
  }
  const worst = Math.min(...scaleRows.map((r) => r.entriesPerS));
  console.log(`\nTarget: >= 75k hash-cons entries per CPU second: ${worst >= 75000 ? 'met' : 'NOT met'} (worst ${f(worst / 1000, 1)}k/s)\n`);
}

// ---- 3. e-matching micro-benchmark ----------------------------------------------------------------
function ematchPart() {
  const spec = suite['ematching-bench'];
  const g = new EGraph({ constantFolding: EGG_FOLD });
  const runner = new Runner({ egraph: g, iterLimit: 1, nodeLimit: 1e6, timeLimit: 1e6, scheduler: simpleScheduler() });
  for (const s of spec['start-terms']) runner.addTerm(sexprTerm(s));
  runner.run(allRules);
  console.log(`## E-matching (one full search per pattern, ns; egg: 5th percentile)\n`);
  console.log(`E-graph after one iteration: symx ${g.nodeCount} e-nodes, ${g.classCount} classes, memo ${g.memoSize}; egg ${egg.ematching.egraph.enodes} / ${egg.ematching.egraph.eclasses} / ${egg.ematching.egraph.memo}\n`);
  console.log('| pattern | matches symx/egg | symx ns | egg ns | ratio |');
  console.log('|---|---|---:|---:|---:|');
  /** @type {object[]} */
  const rows = [];
  let sum = 0;
  let eggSum = 0;
  for (const /** @type {any} */ p of egg.ematching.patterns) {
    const prog = compilePattern(sexprPattern(p.pattern));
    const m = new Matches(prog.width);
    const run = () => {
      m.clear();
      return prog.search(g, Infinity, m);
    };
    const n = run();
    for (let w = 0; w < 2000; w++) run();
    // 5th percentile over samples of 200 searches each (CPU time).
    /** @type {number[]} */
    const samples = [];
    for (let s = 0; s < (quick ? 20 : 100); s++) {
      const t0 = cpuMs();
      for (let k = 0; k < 200; k++) run();
      samples.push(((cpuMs() - t0) / 200) * 1e6);
    }
    samples.sort((a, b) => a - b);
    const ns = samples[Math.floor(samples.length * 0.05)];
    sum += ns;
    eggSum += p.p5_ns_median;
    rows.push({ pattern: p.pattern, matches: n, eggMatches: p.matches, ns, eggNs: p.p5_ns_median });
    console.log(`| \`${p.pattern}\` | ${n}/${p.matches} | ${f(ns, 0)} | ${p.p5_ns_median} | ${f(ns / p.p5_ns_median, 2)} |`);
  }
  console.log(`| **all ${rows.length}** | | **${f(sum, 0)}** | **${f(eggSum, 0)}** | **${f(sum / eggSum, 2)}** |\n`);
  out.ematch = { rows, sum, eggSum };
}

// ---- 4. memory -----------------------------------------------------------------------------------
// egg keeps, per e-node, the node itself twice (EGraph.nodes and EClass.nodes: 16 B each for
// this language), a union-find slot (4 B), a hash-cons entry (24 B key+id, 1 control byte, at
// most 7/8 load: 29-57 B per entry, about 1.25 entries per e-node), parent ids (~8 B), and per
// class an EClass (~100 B incl. the map entry) and its by-operator index entries. At the
// scale test's shape (80k e-nodes, 14k classes, 100k memo entries) that is about 115-145
// B per e-node (egg-results.json has no memory figure; this estimate is from egg 0.11's
// data structures).
const EGG_BYTES_PER_ENODE = [115, 145];
function memoryPart() {
  const term = sexprTerm(suite['scale-test'].terms[1].term);
  const g = new EGraph({ constantFolding: EGG_FOLD });
  const runner = new Runner({ egraph: g, iterLimit: 100000, nodeLimit: 100000, timeLimit: 300000 });
  runner.addTerm(term);
  runner.run(allRules);
  const per = g.byteSize / g.nodeCount;
  console.log('## Memory (poly100 at the 100k limit)\n');
  console.log(`symx: ${f(g.byteSize / 1e6, 2)} MB of typed arrays and analysis slots (capacity) for ${g.nodeCount} live e-nodes, ${g.classCount} classes, ${g.memoSize} hash-cons entries: ${f(per, 0)} B per e-node.`);
  console.log(`egg (estimated from its data structures): ${EGG_BYTES_PER_ENODE[0]}-${EGG_BYTES_PER_ENODE[1]} B per e-node; ratio ${f(per / EGG_BYTES_PER_ENODE[1], 2)}-${f(per / EGG_BYTES_PER_ENODE[0], 2)}.`);
  console.log(`Target: at most 3x egg's: ${per <= 3 * EGG_BYTES_PER_ENODE[0] ? 'met' : 'NOT met'}\n`);
  out.memory = { bytesPerEnode: per, eggEstimate: EGG_BYTES_PER_ENODE };
}

// ---- 5. simplify in an SR loop ------------------------------------------------------------------
/**
 * A small random SR-style term (seeded), depth <= 4, over + - * sin cos, x, y and 1..3.
 * @param {() => number} rand
 * @param {number} depth
 * @returns {import('@symx/core').Term}
 */
function srTerm(rand, depth) {
  const r = rand();
  if (depth === 0 || r < 0.25) {
    const k = Math.floor(rand() * 5);
    return k === 0 ? sym('x') : k === 1 ? sym('y') : int(k - 1);
  }
  const op = Math.floor(rand() * 5);
  if (op === 3) return sin(srTerm(rand, depth - 1));
  if (op === 4) return cos(srTerm(rand, depth - 1));
  const a = srTerm(rand, depth - 1);
  const b = srTerm(rand, depth - 1);
  return op === 0 ? add(a, b) : op === 1 ? sub(a, b) : mul(a, b);
}
function simplifyPart() {
  let seed = 12345;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const terms = Array.from({ length: 200 }, () => srTerm(rand, 4));
  const meanSize = terms.reduce((n, t) => n + t.size, 0) / terms.length;
  console.log(`## simplify() on 200 random SR terms (mean size ${f(meanSize, 1)}; CPU ms per term)\n`);
  console.log('| limits | ms per term | mean size after |');
  console.log('|---|---:|---:|');
  /** @type {object[]} */
  const rows = [];
  for (const [label, opts] of /** @type {[string, object][]} */ ([['simplify defaults (8 iterations, 2,500 nodes)', {}], ['Runner defaults (30 iterations, 10,000 nodes)', { iterLimit: 30, nodeLimit: 10000, timeLimit: 5000 }], ['3 iterations, 500 nodes', { iterLimit: 3, nodeLimit: 500 }]])) {
    let after = 0;
    const run = () => {
      after = 0;
      for (const t of terms) after += simplify(t, opts).size;
    };
    run();
    const t = timeCpu(run, quick ? 1 : 3);
    console.log(`| ${label} | ${f(t.median / terms.length, 3)} | ${f(after / terms.length, 1)} |`);
    rows.push({ label, msPerTerm: t.median / terms.length, meanSizeAfter: after / terms.length });
  }
  console.log('');
  out.simplify = { meanSize, rows };
}

/** @type {Record<string, () => void>} */
const parts = { suite: suitePart, scale: scalePart, ematch: ematchPart, memory: memoryPart, simplify: simplifyPart };
console.log(`# @symx/egraph vs egg 0.11 (${quick ? 'quick run: rough figures' : 'full run'}; node ${process.version})\n`);
for (const [name, fn] of Object.entries(parts)) if (!values.part || values.part === name) fn();
if (values.json) writeFileSync(values.json, JSON.stringify(out, null, 1));
