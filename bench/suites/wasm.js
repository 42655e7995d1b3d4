/**
 * WASM evaluation suite (issue 6): @symx/wasm-eval (the built dist) against plain-JS baselines
 * in the same process, on the same data.
 *
 * Cases (one per row count, then the SR loop):
 * - throughput: the 20 expressions of corpus/sr-expressions.js on 1e3, 1e5 and 1e6 rows, each
 *   evaluated into a Float64Array, by the fused tier, the VM tier (`compile` and the population
 *   API), a `new Function` closure of the whole tree (the fastest plain-JS approach), a per-node
 *   column interpreter (numpy style: one loop per node over the whole column) and mathjs
 *   `compile().evaluate` per row (at 1e3 rows only: about 2 µs per row and expression, it would
 *   take about 4 s per operation at 1e5 rows).
 * - fresh candidates: random 20-node and 5-node candidates (lib/random-terms.js) on 1e3 rows,
 *   each lowered or compiled and scored (MSE against a target) exactly once.
 * - lowering to bytecode and building a fused module, per candidate.
 *
 * Every case's `check` compares every path with core's reference `evaluate` on a sample of rows
 * (losses: on every row), so a fast wrong path fails the run instead of winning it.
 *
 * Two ways to run it:
 *   node bench/run.js --filter wasm [--json bench/results/wasm.json]     the harness rows
 *   node bench/suites/wasm.js [--quick] [--from bench/results/wasm.json] [--out bench/results/wasm.report] [--digest-only]
 *       per-expression throughput at 1e5 rows (fused, VM, new Function, column interpreter) with
 *       the geometric-mean ratios the issue's targets are stated in (one process, about 2 min),
 *       plus, with --from, a digest of a harness run (M node-evaluations/s, candidates/s, µs per
 *       candidate) with every target met or not; --digest-only skips the measurement.
 *
 * The `new Function` baselines compile JavaScript generated here from our own fixed expressions
 * and random candidates, never from user input.
 */
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as core from '@symx/core';
import {
  clearFusedCache,
  compile,
  createDataset,
  evaluatePopulation,
  lossPopulation,
  lowerFlat,
} from '@symx/wasm-eval';
// The lowering step alone, as the population API runs it per candidate (not a public export).
import { Lowerer } from '../../packages/wasm-eval/dist/lower.js';
import { srData, srExpressions } from '../corpus/sr-expressions.js';
import { collectGarbage, measure, relaunchWithGcIfNeeded } from '../lib/harness.js';
import { mulberry32 } from '../lib/prng.js';
import { symxBuilders } from '../lib/builders.js';
import { END, VAR_NAMES, randomTerm, replay } from '../lib/random-terms.js';

const { evaluate, parse, substitute, sym, toFlat, numToNumber, KIND_CALL, KIND_NUMBER } = core;

/** @typedef {import('@symx/core').Term} Term */
/** @typedef {import('../lib/harness.js').BenchCase} BenchCase */
/** @typedef {import('../lib/harness.js').SuiteOptions} SuiteOptions */

/** Relative agreement required between any path and the reference (SIMD math is ≤ 4 ULP). */
const REL_TOL = 1e-9;

/** Row labels, shared by the cases and the digest. */
const L = {
  fused: 'fused tier (compile, tier fused)',
  vm: 'VM tier (compile, tier vm)',
  popEval: 'VM evaluatePopulation (data resident)',
  popLoss: 'VM lossPopulation, MSE (data resident)',
  fn: 'new Function closure',
  cols: 'JS column interpreter',
  mathjs: 'mathjs compile().evaluate per row',
  freshPop: 'VM lossPopulation (lower + score, one call)',
  freshPopEval: 'VM evaluatePopulation (lower + predict, one call)',
  freshPopNoExit: 'VM lossPopulation, earlyExit off',
  freshVm: 'compile tier vm + loss, per candidate',
  freshFused: 'compile tier fused (cold cache) + loss, per candidate',
  freshFn: 'new Function per candidate',
  freshCols: 'JS column interpreter per candidate',
  lowerInternal: 'Lowerer.addTerm (the population API step)',
  lowerFlat: 'lowerFlat(toFlat(t)) per candidate (public)',
  lowerCompile: 'compile tier vm + dispose per candidate',
  moduleOne: 'fused module of one 20-node expression, cold',
  moduleFive: 'fused module of five 20-node expressions, cold',
  moduleHit: 'fused module of five, cache hit',
};

// ---- JavaScript baselines -----------------------------------------------------------------------

/** JavaScript of each unary and binary operator over `a` (and `b`). @type {Record<string, string>} */
const JS_OP = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'a / b',
  pow: 'Math.pow(a, b)',
  min: 'Math.min(a, b)',
  max: 'Math.max(a, b)',
  neg: '-a',
  ...Object.fromEntries(
    ['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'sqrt', 'abs'].map((f) => [f, `Math.${f}(a)`]),
  ),
};

/**
 * A float64 as a JavaScript expression that reads back exactly.
 *
 * @param {number} v
 */
function jsNumber(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  return v < 0 || Object.is(v, -0) ? `(${Object.is(v, -0) ? '-0' : String(v)})` : String(v);
}

/**
 * The whole tree of `t` as one JavaScript expression (shared subterms written out again at each
 * use, as the tree reads). Iterative: deep terms do not overflow the stack.
 *
 * @param {Term} t
 * @param {(name: string) => string} leaf   JavaScript of a variable
 * @returns {string}
 */
function jsSource(t, leaf) {
  /** @type {Map<Term, string>} */
  const done = new Map();
  /** @type {Term[]} */
  const stack = [t];
  while (stack.length > 0) {
    const u = stack[stack.length - 1];
    if (done.has(u)) {
      stack.pop();
      continue;
    }
    if (u.kind === KIND_CALL) {
      const pending = u.args.filter((a) => !done.has(a));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
    }
    stack.pop();
    done.set(u, jsNode(u, leaf, u.kind === KIND_CALL ? u.args.map((a) => /** @type {string} */ (done.get(a))) : []));
  }
  return /** @type {string} */ (done.get(t));
}

/**
 * @param {Term} u
 * @param {(name: string) => string} leaf
 * @param {string[]} args   JavaScript of the arguments
 * @returns {string}
 */
function jsNode(u, leaf, args) {
  if (u.kind === KIND_NUMBER) return jsNumber(numToNumber(u.value));
  if (u.kind !== KIND_CALL) return leaf(u.op);
  if (u.op === 'pi') return 'Math.PI';
  if (u.op === 'add' || u.op === 'mul') return `(${args.join(u.op === 'add' ? ' + ' : ' * ')})`;
  const js = JS_OP[u.op];
  if (js === undefined) throw new Error(`jsSource: no JavaScript for operator '${u.op}'`);
  return `(${js.replace(/\ba\b/, args[0]).replace(/\bb\b/, args[1] ?? '')})`;
}

let uniqueSource = 0;

/**
 * A `new Function` loop over the rows with the whole tree inlined: `f(columns, out)`. `fresh`
 * makes the source text unique, so that V8's compilation cache cannot serve it (a fresh
 * candidate's code is new).
 *
 * @param {Term} t
 * @param {readonly string[]} vars   column order
 * @param {boolean} [fresh]
 * @returns {(cols: readonly Float64Array[], out: Float64Array) => void}
 */
function closureOf(t, vars, fresh = false) {
  const expr = jsSource(t, (name) => `v${vars.indexOf(name)}`);
  const load = vars.map((_, k) => `const c${k} = cols[${k}];`).join(' ');
  const row = vars.map((_, k) => `const v${k} = c${k}[i];`).join(' ');
  const tag = fresh ? ` // ${uniqueSource++}` : '';
  // eslint-disable-next-line no-new-func -- baseline, from our own generated expression
  return /** @type {any} */ (new Function('cols', 'out', `${load}\nconst n = out.length;\nfor (let i = 0; i < n; i++) { ${row} out[i] = ${expr}; }${tag}`));
}

/**
 * Like `closureOf`, fused with the MSE against `y` (no predictions stored): `f(columns, y)`.
 *
 * @param {Term} t
 * @param {readonly string[]} vars
 * @returns {(cols: readonly Float64Array[], y: Float64Array) => number}
 */
function lossClosureOf(t, vars) {
  const expr = jsSource(t, (name) => `v${vars.indexOf(name)}`);
  const load = vars.map((_, k) => `const c${k} = cols[${k}];`).join(' ');
  const row = vars.map((_, k) => `const v${k} = c${k}[i];`).join(' ');
  // eslint-disable-next-line no-new-func -- baseline, from our own generated expression
  return /** @type {any} */ (
    new Function('cols', 'y', `${load}\nconst n = y.length; let s = 0;\nfor (let i = 0; i < n; i++) { ${row} const d = ${expr} - y[i]; s += d * d; }\nreturn s / n; // ${uniqueSource++}`)
  );
}

/**
 * The loops of the column interpreter, one per operator and operand kind (column or scalar),
 * as a numpy ufunc has: `loop(A, B, out, n)`. Generated once from JS_OP.
 *
 * @type {Map<string, (A: any, B: any, out: Float64Array, n: number) => void>}
 */
const LOOPS = new Map();
for (const [op, js] of Object.entries(JS_OP)) {
  for (const aCol of [true, false]) {
    for (const bCol of [true, false]) {
      if (!aCol && !bCol) continue;
      const body = `for (let i = 0; i < n; i++) { const a = ${aCol ? 'A[i]' : 'A'}, b = ${bCol ? 'B[i]' : 'B'}; out[i] = ${js}; }`;
      // eslint-disable-next-line no-new-func -- baseline loops, from the fixed table above
      LOOPS.set(`${op}:${aCol}:${bCol}`, /** @type {any} */ (new Function('A', 'B', 'out', 'n', body)));
    }
  }
}
/** Scalar versions, to fold constant operands. @type {Map<string, (a: number, b: number) => number>} */
// eslint-disable-next-line no-new-func -- from the fixed table above
const SCALAR = new Map(Object.entries(JS_OP).map(([op, js]) => [op, /** @type {any} */ (new Function('a', 'b', `return ${js};`))]));

/**
 * A per-node column interpreter: every operator node of the flat DAG (shared subterms once) is
 * one loop over the whole column into a Float64Array, as numpy evaluates an expression.
 * Temporaries come from a pool of full-length buffers, reused once their last reader has run.
 */
class ColumnInterpreter {
  /** @param {number} rows */
  constructor(rows) {
    this.rows = rows;
    /** @type {Float64Array[]} */
    this.pool = [];
  }

  /**
   * Steps that evaluate `t` on `cols` into `out`.
   *
   * @param {Term} t
   * @param {readonly string[]} vars
   * @param {readonly Float64Array[]} cols
   * @param {Float64Array} out
   * @returns {{ loop: (A: any, B: any, out: Float64Array, n: number) => void, a: Float64Array | number, b: Float64Array | number, out: Float64Array }[]}
   */
  plan(t, vars, cols, out) {
    const flat = toFlat(t, { variables: vars });
    const len = flat.ops.length;
    const root = flat.roots[0];
    const lastUse = new Int32Array(len).fill(-1);
    for (let i = 0; i < len; i++) {
      for (let c = 0; c < flat.arity[i]; c++) lastUse[flat.children[flat.data[i] + c]] = i;
    }
    /** @type {(Float64Array | number)[]} */
    const value = new Array(len);
    /** @type {Float64Array[]} pool buffers free for this plan */
    const free = [...this.pool];
    const take = () => free.pop() ?? this.grow();
    /** @type {{ loop: (A: any, B: any, out: Float64Array, n: number) => void, a: Float64Array | number, b: Float64Array | number, out: Float64Array }[]} */
    const steps = [];
    for (let i = 0; i < len; i++) {
      const code = flat.ops[i];
      if (code === core.OP_CONST) value[i] = flat.constValues[flat.data[i]];
      else if (code === core.OP_VAR) value[i] = cols[flat.data[i]];
      else if (code === core.OP_PI) value[i] = Math.PI;
      else {
        const name = /** @type {{ name: string }} */ (core.OPERATORS_BY_CODE[code]).name;
        const args = Array.from({ length: flat.arity[i] }, (_, c) => flat.children[flat.data[i] + c]);
        // Temporaries read for the last time here are free again; a binary or unary loop may
        // write its result over one (elementwise, in place), a variadic fold only after it.
        const release = () => {
          for (const a of new Set(args)) {
            const v = value[a];
            if (lastUse[a] === i && typeof v !== 'number' && !cols.includes(v)) free.push(v);
          }
        };
        if (args.length <= 2) release();
        /** @type {Float64Array | number} */
        let acc = value[args[0]];
        let own = false;
        const dst = i === root ? out : undefined;
        for (let k = 1; k <= Math.max(1, args.length - 1); k++) {
          const b = args.length === 1 ? 0 : value[args[k]];
          if (typeof acc === 'number' && typeof b === 'number') {
            acc = /** @type {(a: number, b: number) => number} */ (SCALAR.get(name))(acc, b);
            continue;
          }
          /** @type {Float64Array} */
          const target = dst ?? (own && typeof acc !== 'number' ? acc : take());
          const loop = LOOPS.get(`${name}:${typeof acc !== 'number'}:${args.length > 1 && typeof b !== 'number'}`);
          if (!loop) throw new Error(`column interpreter: no loop for '${name}'`);
          steps.push({ loop, a: acc, b, out: target });
          acc = target;
          own = target !== dst;
        }
        if (args.length > 2) release();
        value[i] = acc;
      }
      if (i === root && value[i] !== out) {
        // The root is a leaf or a constant subterm: copy it over (x + 0), or fill.
        const v = value[i];
        const copy = typeof v === 'number' ? FILL : /** @type {(A: any, B: any, out: Float64Array, n: number) => void} */ (LOOPS.get('add:true:false'));
        steps.push({ loop: copy, a: v, b: 0, out });
      }
    }
    return steps;
  }

  /** A new pool buffer. */
  grow() {
    const b = new Float64Array(this.rows);
    this.pool.push(b);
    return b;
  }

  /**
   * Runs steps made by `plan`.
   *
   * @param {ReturnType<ColumnInterpreter['plan']>} steps
   */
  run(steps) {
    const n = this.rows;
    for (const s of steps) s.loop(s.a, s.b, s.out, n);
  }
}

/** @type {(A: any, B: any, out: Float64Array, n: number) => void} */
const FILL = (A, _B, out) => {
  out.fill(A);
};

/** @type {any} */
let mathjs;
/** mathjs (loaded on first use: importing it takes seconds), returning NaN for log(-1) as symx does. */
function mathReal() {
  if (!mathjs) {
    const m = createRequire(import.meta.url)('mathjs');
    mathjs = m.create(m.all, { predictable: true });
  }
  return mathjs;
}

// ---- checks -------------------------------------------------------------------------------------

/**
 * Throws unless `got` agrees with `want` within REL_TOL relative to the larger of the two and of
 * `scale` (the magnitude of the expression's values, so that a value near zero after
 * cancellation is judged against the values it came from). Non-finite values must match
 * exactly, except that any NaN matches NaN.
 *
 * @param {number} got
 * @param {number} want
 * @param {number} scale
 * @param {string} what
 */
function assertClose(got, want, scale, what) {
  if (Number.isNaN(got) && Number.isNaN(want)) return;
  if (got === want) return;
  if (!(Math.abs(got - want) <= REL_TOL * Math.max(Math.abs(got), Math.abs(want), scale * 1e-6))) {
    throw new Error(`${what}: got ${got}, the reference evaluate gives ${want}`);
  }
}

/** Relative size of the input changes that probe conditioning: a few ULP. */
const PERTURB = 4 * Number.EPSILON;

/**
 * Checks `got` against the reference `want` of a possibly ill-conditioned expression. Agreement
 * means: both non-finite (a NaN/Infinity row, or an early-exit NaN), or within REL_TOL. Otherwise
 * `perturbed()` gives the reference on inputs changed by a few ULP; the difference is excused
 * (returns 1) when it is within 100 times the reference's own movement, or when the reference's
 * finiteness itself flips under the perturbation. Returns 0 on plain agreement; throws otherwise.
 *
 * @param {number} got
 * @param {number} want
 * @param {() => number[]} perturbed
 * @param {string} what
 * @returns {number}
 */
function judge(got, want, perturbed, what) {
  if (!Number.isFinite(got) && !Number.isFinite(want)) return 0;
  const err = Math.abs(got - want);
  if (Number.isFinite(got) && Number.isFinite(want) && err <= REL_TOL * Math.max(Math.abs(got), Math.abs(want))) return 0;
  const alt = perturbed();
  if (alt.some((a) => Number.isFinite(a) !== Number.isFinite(want))) return 1;
  const spread = Math.max(...alt.map((a) => Math.abs(a - want)));
  if (Number.isFinite(got) && Number.isFinite(want) && err <= REL_TOL * Math.abs(want) + 100 * spread) return 1;
  throw new Error(`${what}: got ${got}, the reference evaluate gives ${want} (${alt.join(', ')} with inputs moved by a few ULP)`);
}

/**
 * About `k` row indices spread over `n` rows, first and last included.
 *
 * @param {number} n
 * @param {number} k
 */
function sampleRows(n, k) {
  const step = Math.max(1, Math.floor(n / k));
  const rows = [];
  for (let r = 0; r < n; r += step) rows.push(r);
  if (rows[rows.length - 1] !== n - 1) rows.push(n - 1);
  return rows;
}

/**
 * The reference value of `t` at row `r`.
 *
 * @param {Term} t
 * @param {readonly string[]} vars
 * @param {readonly Float64Array[]} cols
 * @param {number} r
 */
function referenceAt(t, vars, cols, r) {
  /** @type {Record<string, number>} */
  const env = {};
  vars.forEach((v, k) => (env[v] = cols[k][r]));
  return evaluate(t, env);
}

/**
 * Timing of a case in a full run, shorter than the harness default so that the suite's ~80 row
 * processes finish in minutes: `rounds` rounds, `maxTime` seconds of sampling over all of them,
 * `warmupTime` seconds of warm-up calls (at least one call; lib/harness.js merges every timing
 * field of a case, warm-up included, although BenchCase's type lists only three).
 *
 * @param {number} warmupTime
 * @param {number} maxTime
 * @param {number} [minSamples]
 * @param {number} [rounds]
 * @returns {BenchCase['timing']}
 */
function caseTiming(warmupTime, maxTime, minSamples = 5, rounds = 2) {
  return /** @type {BenchCase['timing']} */ ({ warmupTime, maxTime, minSamples, rounds });
}

// ---- the fixed expression set -------------------------------------------------------------------

/**
 * @typedef {object} SetExpr
 * @property {string} id
 * @property {boolean} transcendental
 * @property {string} formula   source with its own variable names (for mathjs)
 * @property {string[]} names   the formula's variable names, in column order
 * @property {Term} term        the formula over column names
 * @property {string[]} vars    its column names
 * @property {Float64Array[]} cols
 * @property {number} nodes     tree size: node evaluations per row
 */

/**
 * The expression set on `rows` rows of seeded data.
 *
 * @param {number} rows
 * @param {number} seed
 */
function srSet(rows, seed) {
  const data = srData(srExpressions, rows, seed, mulberry32);
  const column = (/** @type {string} */ name) => data.columns[data.names.indexOf(name)];
  /** @type {SetExpr[]} */
  const exprs = srExpressions.map((e, i) => {
    const names = Object.keys(e.vars);
    const vars = names.map((v) => data.bind[i][v]);
    const term = substitute(parse(e.formula), new Map(names.map((v, k) => [v, sym(vars[k])])));
    return { id: e.id, transcendental: e.transcendental, formula: e.formula, names, term, vars, cols: vars.map(column), nodes: term.size };
  });
  const nodes = exprs.reduce((s, e) => s + e.nodes, 0);
  return { rows, names: data.names, columns: data.columns, exprs, nodes };
}

/**
 * Checks `values[e]` (expression e on every row) at sampled rows against the reference.
 *
 * @param {ReturnType<typeof srSet>} set
 * @param {string} label
 * @param {readonly Float64Array[]} values
 */
function checkSetValues(set, label, values) {
  const rows = sampleRows(set.rows, 64);
  set.exprs.forEach((e, i) => {
    const want = rows.map((r) => referenceAt(e.term, e.vars, e.cols, r));
    const scale = Math.max(...want.map(Math.abs));
    rows.forEach((r, k) => {
      if (!Number.isFinite(want[k])) throw new Error(`${e.id} is not finite at row ${r}: the data generator is wrong`);
      assertClose(values[i][r], want[k], scale, `${label}, ${e.id}, row ${r}`);
    });
  });
}

/**
 * Evaluation of the expression set on `rows` rows by every path.
 *
 * @param {SuiteOptions} opts
 * @param {number} rows
 * @returns {BenchCase}
 */
function throughputCase(opts, rows) {
  const set = srSet(rows, opts.seed);
  const outs = set.exprs.map(() => new Float64Array(rows));
  const withMathjs = rows <= 1000;

  const fused = set.exprs.map((e) => compile(e.term, { variables: e.vars, tier: 'fused' }));
  const vm = set.exprs.map((e) => compile(e.term, { variables: e.vars, tier: 'vm' }));
  const terms = set.exprs.map((e) => e.term);
  const zeros = new Float64Array(rows);
  const data = createDataset(set.names, set.columns, { target: zeros });
  // evaluatePopulation stages count × rows values in WASM memory: groups of at most 2M values.
  const perCall = Math.max(1, Math.min(terms.length, Math.floor(2 ** 21 / rows)));
  /** @type {{ terms: Term[], out: Float64Array }[]} */
  const groups = [];
  for (let g = 0; g < terms.length; g += perCall) groups.push({ terms: terms.slice(g, g + perCall), out: new Float64Array(Math.min(perCall, terms.length - g) * rows) });
  const losses = new Float64Array(terms.length);
  const closures = set.exprs.map((e) => closureOf(e.term, e.vars));
  const interp = new ColumnInterpreter(rows);
  const plans = set.exprs.map((e, i) => interp.plan(e.term, e.vars, e.cols, outs[i]));

  const runFused = () => fused.forEach((k, i) => k.evaluate(set.exprs[i].cols, [outs[i]]));
  const runVm = () => vm.forEach((k, i) => k.evaluate(set.exprs[i].cols, [outs[i]]));
  const runPopEval = () => {
    for (const g of groups) evaluatePopulation(g.terms, data, { out: g.out });
  };
  const runPopLoss = () => lossPopulation(terms, data, { kind: 'mse', out: losses });
  const runFn = () => closures.forEach((f, i) => f(set.exprs[i].cols, outs[i]));
  const runCols = () => plans.forEach((p) => interp.run(p));
  /** @type {any[]} */
  const mathCompiled = [];
  const runMathjs = () => {
    set.exprs.forEach((e, i) => {
      const c = (mathCompiled[i] ??= mathReal().compile(e.formula));
      /** @type {Record<string, number>} */
      const scope = {};
      const out = outs[i];
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < e.names.length; k++) scope[e.names[k]] = e.cols[k][r];
        out[r] = c.evaluate(scope);
      }
    });
  };

  const population = () => {
    const values = set.exprs.map(() => new Float64Array(rows));
    let e = 0;
    for (const g of groups) {
      evaluatePopulation(g.terms, data, { out: g.out });
      for (let j = 0; j < g.terms.length; j++, e++) values[e].set(g.out.subarray(j * rows, (j + 1) * rows));
    }
    return values;
  };

  return {
    name: `SR set, ${rows.toLocaleString('en-US')} rows`,
    unit: `${set.exprs.length} expressions × ${rows.toLocaleString('en-US')} rows = ${(set.nodes * rows).toLocaleString('en-US')} node-evals`,
    symx: { label: L.fused, fn: runFused },
    variants: [
      { label: L.vm, fn: runVm },
      { label: L.popEval, fn: runPopEval },
      { label: L.popLoss, fn: runPopLoss },
    ],
    baselines: [
      { label: L.fn, fn: runFn },
      { label: L.cols, fn: runCols },
      ...(withMathjs ? [{ label: L.mathjs, fn: runMathjs }] : []),
    ],
    check: () => {
      /** @type {[string, () => unknown][]} */
      const paths = [[L.fused, runFused], [L.vm, runVm], [L.fn, runFn], [L.cols, runCols]];
      if (withMathjs) paths.push([L.mathjs, runMathjs]);
      /** @type {Float64Array[]} */
      let fnValues = [];
      for (const [label, run] of paths) {
        for (const o of outs) o.fill(NaN);
        run();
        checkSetValues(set, label, outs);
        if (label === L.fn) fnValues = outs.map((o) => o.slice());
      }
      checkSetValues(set, L.popEval, population());
      runPopLoss();
      // The losses against the new Function values, themselves checked above.
      fnValues.forEach((v, i) => {
        const mse = v.reduce((s, x) => s + x * x, 0) / rows;
        assertClose(losses[i], mse, mse, `${L.popLoss}, ${set.exprs[i].id}`);
      });
    },
    timing: rows >= 1_000_000 ? caseTiming(0, 1, 3, 1) : caseTiming(0.3, 1),
  };
}

// ---- fresh candidates ---------------------------------------------------------------------------

/** Rows of the fresh-candidate data. */
const FRESH_ROWS = 1000;

/**
 * `count` random candidates of exactly `size` nodes (+ - * / sin cos exp log over x0..x4 and
 * float constants, lib/random-terms.js), with 1e3 rows of data x_k ~ U(0.1, 4) and a target.
 *
 * @param {number} seed
 * @param {number} count
 * @param {number} size
 */
function freshData(seed, count, size) {
  const rng = mulberry32(seed);
  /** @type {number[]} */
  const codes = [];
  /** @type {number[]} */
  const consts = [];
  for (let i = 0; i < count; i++) {
    randomTerm(rng, size, codes, consts);
    codes.push(END);
  }
  const terms = replay({ codes, consts }, symxBuilders);
  const cols = VAR_NAMES.map(() => Float64Array.from({ length: FRESH_ROWS }, () => rng.uniform(0.1, 4)));
  const y = Float64Array.from({ length: FRESH_ROWS }, (_, r) => cols[0][r] * cols[1][r] - Math.sin(cols[2][r]) + (0.5 * cols[3][r]) / cols[4][r]);
  return { terms, cols, y };
}

/**
 * The reference MSE of `t`: `evaluate` on every row.
 *
 * @param {Term} t
 * @param {readonly Float64Array[]} cols
 * @param {Float64Array} y
 */
function referenceMse(t, cols, y) {
  let s = 0;
  for (let r = 0; r < y.length; r++) {
    const d = referenceAt(t, VAR_NAMES, cols, r) - y[r];
    s += d * d;
  }
  return s / y.length;
}

/**
 * Fresh candidates: each lowered or compiled, and scored, exactly once.
 *
 * @param {SuiteOptions} opts
 * @param {number} size    nodes per candidate
 * @param {number} count   candidates per operation
 * @returns {BenchCase}
 */
function freshCase(opts, size, count) {
  const { terms, cols, y } = freshData(opts.seed + size, count, size);
  const data = createDataset(VAR_NAMES, cols, { target: y });
  const lossOut = new Float64Array(count);
  const valuesOut = new Float64Array(count * FRESH_ROWS);
  const colsOut = new Float64Array(FRESH_ROWS);
  const interp = new ColumnInterpreter(FRESH_ROWS);
  /** @type {number[]} */
  const scores = new Array(count).fill(0);

  const runPop = () => lossPopulation(terms, data, { kind: 'mse', out: lossOut });
  const runPopNoExit = () => lossPopulation(terms, data, { kind: 'mse', out: lossOut, earlyExit: false });
  const runPopEval = () => evaluatePopulation(terms, data, { out: valuesOut });
  const runVm = () =>
    terms.forEach((t, i) => {
      const k = compile(t, { variables: VAR_NAMES, tier: 'vm' });
      scores[i] = k.loss(cols, y)[0];
      k.dispose();
    });
  const runFused = () => {
    clearFusedCache();
    terms.forEach((t, i) => {
      const k = compile(t, { variables: VAR_NAMES, tier: 'fused' });
      scores[i] = k.loss(cols, y)[0];
      k.dispose();
    });
  };
  const runFn = () => terms.forEach((t, i) => (scores[i] = lossClosureOf(t, VAR_NAMES)(cols, y)));
  const runCols = () =>
    terms.forEach((t, i) => {
      interp.run(interp.plan(t, VAR_NAMES, cols, colsOut));
      let s = 0;
      for (let r = 0; r < FRESH_ROWS; r++) s += (colsOut[r] - y[r]) ** 2;
      scores[i] = s / FRESH_ROWS;
    });

  const checked = Math.min(count, 50);
  // Random candidates are often ill-conditioned (exp(exp(exp(...))), sin of a huge argument):
  // there, a few ULP of difference in exp or sin legitimately changes the result by far more
  // than REL_TOL. A value is excused when the reference itself moves that much when the inputs
  // move by a few ULP (rounding-sized changes); see `judge`.
  const up = cols.map((c) => c.map((v) => v * (1 + PERTURB)));
  const down = cols.map((c) => c.map((v) => v * (1 - PERTURB)));
  let excused = 0;
  const check = () => {
    const want = terms.slice(0, checked).map((t) => referenceMse(t, cols, y));
    const agree = (/** @type {string} */ label, /** @type {ArrayLike<number>} */ got) =>
      want.forEach((w, i) => {
        excused += judge(got[i], w, () => [referenceMse(terms[i], up, y), referenceMse(terms[i], down, y)], `${label}, candidate ${i} (loss)`);
      });
    runPop();
    agree(L.freshPop, lossOut);
    runPopNoExit();
    agree(L.freshPopNoExit, lossOut);
    for (const [label, run] of /** @type {[string, () => void][]} */ ([[L.freshVm, runVm], [L.freshFused, runFused], [L.freshFn, runFn], [L.freshCols, runCols]])) {
      scores.fill(-1);
      run();
      agree(label, scores);
    }
    const { invalid } = runPopEval();
    const rows = sampleRows(FRESH_ROWS, 32);
    for (let i = 0; i < checked; i++) {
      // Early exit: a candidate non-finite on a whole block of rows is dead, NaN on every row.
      // Then the reference must be non-finite somewhere.
      const dead = invalid[i] === 1 && valuesOut.subarray(i * FRESH_ROWS, (i + 1) * FRESH_ROWS).every(Number.isNaN);
      if (dead) {
        let r = 0;
        while (r < FRESH_ROWS && Number.isFinite(referenceAt(terms[i], VAR_NAMES, cols, r))) r++;
        if (r === FRESH_ROWS) throw new Error(`${L.freshPopEval}, candidate ${i}: stopped as dead, but finite on every row`);
        continue;
      }
      for (const r of rows) {
        const at = (/** @type {readonly Float64Array[]} */ c) => referenceAt(terms[i], VAR_NAMES, c, r);
        excused += judge(valuesOut[i * FRESH_ROWS + r], at(cols), () => [at(up), at(down)], `${L.freshPopEval}, candidate ${i}, row ${r}`);
      }
    }
    if (excused > 0) process.stderr.write(`  (check: ${excused} ill-conditioned values excused)\n`);
  };
  const invalid = (runPop(), lossOut.filter((l) => !Number.isFinite(l)).length);

  return {
    name: `fresh ${size}-node candidates, 1,000 rows`,
    unit: `${count.toLocaleString('en-US')} candidates (${Math.round((100 * invalid) / count)}% invalid)`,
    symx: { label: L.freshPop, fn: runPop },
    variants: [
      { label: L.freshPopEval, fn: runPopEval },
      ...(size <= 5 ? [{ label: L.freshPopNoExit, fn: runPopNoExit }] : []),
      { label: L.freshVm, fn: runVm },
      ...(size > 5 ? [{ label: L.freshFused, fn: runFused }] : []),
    ],
    baselines: [
      { label: L.freshFn, fn: runFn },
      { label: L.freshCols, fn: runCols },
    ],
    target: { baseline: L.freshFn, speedup: 3 },
    check,
    timing: caseTiming(0.3, 1),
  };
}

/**
 * Lowering to bytecode alone, per 20-node candidate.
 *
 * @param {SuiteOptions} opts
 * @returns {BenchCase}
 */
function loweringCase(opts) {
  const count = 200;
  const { terms } = freshData(opts.seed + 20, count, 20);
  const lw = new Lowerer();
  const index = new Map(VAR_NAMES.map((v, k) => [v, k]));
  return {
    name: 'lower 20-node candidates to bytecode',
    unit: `${count} candidates`,
    symx: {
      label: L.lowerInternal,
      fn: () => {
        lw.begin();
        for (const t of terms) lw.addTerm(t, index);
        return lw.views();
      },
    },
    variants: [
      { label: L.lowerFlat, fn: () => terms.forEach((t) => lowerFlat(toFlat(t, { variables: VAR_NAMES }))) },
      { label: L.lowerCompile, fn: () => terms.forEach((t) => compile(t, { variables: VAR_NAMES, tier: 'vm' }).dispose()) },
    ],
    baselines: [],
    check: () => {
      lw.begin();
      for (const t of terms) lw.addTerm(t, index);
      const a = lw.finish();
      const b = lowerFlat(toFlat(terms, { variables: VAR_NAMES }));
      if (a.count !== count || b.count !== count) throw new Error(`lowering: ${a.count} and ${b.count} programs for ${count} candidates`);
    },
    timing: caseTiming(0.3, 1),
  };
}

/**
 * Building fused modules (emit + WebAssembly compile + instantiate), cache cleared before each.
 *
 * @param {SuiteOptions} opts
 * @returns {BenchCase}
 */
function moduleCase(opts) {
  const { terms, cols } = freshData(opts.seed + 21, 20, 20);
  const fives = [0, 5, 10, 15].map((g) => terms.slice(g, g + 5));
  return {
    name: 'build fused modules of 20-node candidates',
    unit: '20 candidates (20 modules of one, or 4 modules of five)',
    symx: {
      label: L.moduleOne,
      fn: () => {
        for (const t of terms) {
          clearFusedCache();
          compile(t, { variables: VAR_NAMES, tier: 'fused' }).dispose();
        }
      },
    },
    variants: [
      {
        label: L.moduleFive,
        fn: () => {
          for (const g of fives) {
            clearFusedCache();
            compile(g, { variables: VAR_NAMES, tier: 'fused' }).dispose();
          }
        },
      },
      { label: L.moduleHit, fn: () => fives.forEach((g) => compile(g, { variables: VAR_NAMES, tier: 'fused' }).dispose()) },
    ],
    baselines: [],
    check: () => {
      clearFusedCache();
      const k = compile(fives[0], { variables: VAR_NAMES, tier: 'fused' });
      const got = k.evaluate(cols);
      const up = cols.map((c) => c.map((v) => v * (1 + PERTURB)));
      const down = cols.map((c) => c.map((v) => v * (1 - PERTURB)));
      fives[0].forEach((t, i) => {
        for (const r of sampleRows(FRESH_ROWS, 16)) {
          const at = (/** @type {readonly Float64Array[]} */ c) => referenceAt(t, VAR_NAMES, c, r);
          judge(got[i][r], at(cols), () => [at(up), at(down)], `fused module, candidate ${i}, row ${r}`);
        }
      });
      k.dispose();
    },
    timing: caseTiming(0.3, 1),
  };
}

/**
 * The case makers, in run order.
 *
 * @param {SuiteOptions} opts
 * @returns {[string, () => BenchCase][]}
 */
function caseTable(opts) {
  const sizes = opts.quick ? [1000, 10_000] : [1000, 100_000, 1_000_000];
  return [
    ...sizes.map((n) => /** @type {[string, () => BenchCase]} */ ([`SR set, ${n.toLocaleString('en-US')} rows`, () => throughputCase(opts, n)])),
    [`fresh 20-node candidates, 1,000 rows`, () => freshCase(opts, 20, opts.quick ? 20 : 200)],
    [`fresh 5-node candidates, 1,000 rows`, () => freshCase(opts, 5, opts.quick ? 50 : 1000)],
    ['lower 20-node candidates to bytecode', () => loweringCase(opts)],
    ['build fused modules of 20-node candidates', () => moduleCase(opts)],
  ];
}

/** @type {import('../lib/harness.js').Suite} */
export const wasmSuite = {
  name: 'wasm',
  cases: (opts) => caseTable(opts).map(([name, make]) => ({ name, make })),
};

// ---- report: per-expression ratios, and the digest of a harness run ------------------------------

/** The targets of issue 6. */
const TARGETS = {
  fusedGeomean: 3, // fused tier vs new Function, geomean over the set at 1e5 rows
  fusedTranscendental: 2, // same, transcendental-heavy expressions
  vmGeomean: 1, // VM tier vs new Function, no compile step
  freshPerSecond: 20_000, // fresh 20-node candidates per second per core
  freshVsFunction: 3, // ... and vs the new Function path
  fresh5PerSecond: 150_000, // fresh 5-node candidates per second per core
  loweringUs: 10, // lowering one candidate to bytecode
  moduleUs: 200, // building one fused module
};

/**
 * Geometric mean.
 *
 * @param {readonly number[]} xs
 */
function geomean(xs) {
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

/**
 * @param {boolean} met
 */
const verdict = (met) => (met ? 'met' : '**not met**');

/**
 * @param {number} x
 * @param {number} [digits]
 */
const fmt = (x, digits = 3) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(digits));

/**
 * Per-expression throughput on `rows` rows: fused, VM, new Function and the column interpreter,
 * each timed with the harness's `measure` (warm-up, GC, benchmark.js sampling, CPU time), the
 * four rows of an expression interleaved over `rounds` rounds, best round kept. One process.
 *
 * @param {{ rows: number, seed: number, rounds: number, timing: { maxTime: number, minSamples: number, warmupTime: number } }} o
 */
function perExpression(o) {
  const set = srSet(o.rows, o.seed);
  const interp = new ColumnInterpreter(o.rows);
  const out = new Float64Array(o.rows);
  const results = set.exprs.map((e) => {
    const fused = compile(e.term, { variables: e.vars, tier: 'fused' });
    const vm = compile(e.term, { variables: e.vars, tier: 'vm' });
    const f = closureOf(e.term, e.vars);
    const plan = interp.plan(e.term, e.vars, e.cols, out);
    const impls = [
      { label: 'fused', fn: () => fused.evaluate(e.cols, [out]) },
      { label: 'vm', fn: () => vm.evaluate(e.cols, [out]) },
      { label: 'fn', fn: () => f(e.cols, out) },
      { label: 'cols', fn: () => interp.run(plan) },
    ];
    // Every path against the reference first.
    for (const impl of impls) {
      out.fill(NaN);
      impl.fn();
      checkSetValues({ ...set, exprs: [e] }, `${e.id} (${impl.label})`, [out]);
    }
    /** @type {{ mean: number, cpu: number }[]} */
    const best = impls.map(() => ({ mean: Infinity, cpu: Infinity }));
    for (let round = 0; round < o.rounds; round++) {
      impls.forEach((impl, i) => {
        const m = measure(impl, 'symx', { ...o.timing, warmupTime: round === 0 ? o.timing.warmupTime : 0 });
        best[i] = { mean: Math.min(best[i].mean, m.mean), cpu: Math.min(best[i].cpu, m.cpu) };
      });
    }
    fused.dispose();
    vm.dispose();
    const work = e.nodes * o.rows;
    const [bf, bv, bn, bc] = best;
    return {
      id: e.id,
      transcendental: e.transcendental,
      nodes: e.nodes,
      mnps: { fused: work / bf.mean / 1e6, vm: work / bv.mean / 1e6, fn: work / bn.mean / 1e6, cols: work / bc.mean / 1e6 },
      // speed-ups over new Function: wall, CPU, and the lower of the two (the harness's rule)
      fused: { wall: bn.mean / bf.mean, cpu: bn.cpu / bf.cpu },
      vm: { wall: bn.mean / bv.mean, cpu: bn.cpu / bv.cpu },
      cols: { wall: bn.mean / bc.mean, cpu: bn.cpu / bc.cpu },
    };
  });
  /** @param {(r: typeof results[number]) => boolean} keep @param {'fused' | 'vm' | 'cols'} tier */
  const gm = (keep, tier) => {
    const rs = results.filter(keep);
    const wall = geomean(rs.map((r) => r[tier].wall));
    const cpu = geomean(rs.map((r) => r[tier].cpu));
    return { wall, cpu, low: Math.min(wall, cpu) };
  };
  const all = () => true;
  const transc = (/** @type {typeof results[number]} */ r) => r.transcendental;
  const alg = (/** @type {typeof results[number]} */ r) => !r.transcendental;
  const geomeans = {
    fused: { all: gm(all, 'fused'), algebraic: gm(alg, 'fused'), transcendental: gm(transc, 'fused') },
    vm: { all: gm(all, 'vm'), algebraic: gm(alg, 'vm'), transcendental: gm(transc, 'vm') },
    cols: { all: gm(all, 'cols'), algebraic: gm(alg, 'cols'), transcendental: gm(transc, 'cols') },
  };
  return { rows: o.rows, results, geomeans };
}

/**
 * Markdown of `perExpression`.
 *
 * @param {ReturnType<typeof perExpression>} p
 */
function perExpressionMarkdown(p) {
  const lines = [
    `### Per expression, ${p.rows.toLocaleString('en-US')} rows (M node-evaluations/s, wall; speed-up = new Function time ÷ tier time)`,
    '',
    '| expression | nodes | fused | VM | new Function | column interp. | fused speed-up (wall / CPU) | VM speed-up (wall / CPU) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of p.results) {
    lines.push(
      `| ${r.id}${r.transcendental ? ' (T)' : ''} | ${r.nodes} | ${fmt(r.mnps.fused)} | ${fmt(r.mnps.vm)} | ${fmt(r.mnps.fn)} | ${fmt(r.mnps.cols)} | ${r.fused.wall.toFixed(2)}× / ${r.fused.cpu.toFixed(2)}× | ${r.vm.wall.toFixed(2)}× / ${r.vm.cpu.toFixed(2)}× |`,
    );
  }
  const g = p.geomeans;
  const row = (/** @type {string} */ name, /** @type {{ wall: number, cpu: number }} */ x, /** @type {string} */ target) =>
    `| ${name} | ${x.wall.toFixed(2)}× | ${x.cpu.toFixed(2)}× | ${target} |`;
  lines.push(
    '',
    '(T): transcendental-heavy. Geometric means of the speed-ups over `new Function`:',
    '',
    '| tier, expressions | wall | CPU | target (both wall and CPU) |',
    '|---|---:|---:|---|',
    row('fused, all 20', g.fused.all, `≥ ${TARGETS.fusedGeomean}× ${verdict(g.fused.all.low >= TARGETS.fusedGeomean)}`),
    row('fused, 10 algebraic', g.fused.algebraic, ''),
    row('fused, 10 transcendental-heavy', g.fused.transcendental, `≥ ${TARGETS.fusedTranscendental}× ${verdict(g.fused.transcendental.low >= TARGETS.fusedTranscendental)}`),
    row('VM, all 20', g.vm.all, `≥ ${TARGETS.vmGeomean}× ${verdict(g.vm.all.low >= TARGETS.vmGeomean)}`),
    row('VM, 10 algebraic', g.vm.algebraic, ''),
    row('VM, 10 transcendental-heavy', g.vm.transcendental, ''),
    row('column interpreter, all 20', g.cols.all, ''),
  );
  return lines.join('\n') + '\n';
}

/**
 * The figures of a harness run of this suite (`run.js --filter wasm --json FILE`), in the units
 * of the issue, each next to its target.
 *
 * @param {any} run   the parsed JSON
 */
function digestMarkdown(run) {
  const suite = run.suites.find((/** @type {any} */ s) => s.name === 'wasm');
  if (!suite) throw new Error('digest: the JSON has no wasm suite');
  /** @type {any[]} */
  const cases = suite.cases;
  const find = (/** @type {any} */ c, /** @type {string} */ label) => c.results.find((/** @type {any} */ r) => r.label === label);
  const lines = [`### Harness run of ${run.date} (dist ${run.machine.dist}, load average at the start ${run.machine.loadavg}; ${run.options.isolate ? 'one process per row' : 'one process'}, rounds as set per case)`, ''];

  lines.push('Throughput, M node-evaluations/s (wall; CPU in parentheses):', '');
  const tput = cases.filter((c) => c.name.startsWith('SR set'));
  const labels = [L.fused, L.vm, L.popEval, L.popLoss, L.fn, L.cols, L.mathjs];
  lines.push(`| rows | ${labels.join(' | ')} |`, `|---|${labels.map(() => '---:').join('|')}|`);
  for (const c of tput) {
    const m = /= ([\d,]+) node-evals/.exec(c.unit);
    const work = m ? Number(m[1].replace(/,/g, '')) : NaN;
    const cells = labels.map((l) => {
      const r = find(c, l);
      return r ? `${fmt(work / r.mean / 1e6)} (${fmt(work / r.cpu / 1e6)})` : '—';
    });
    lines.push(`| ${c.name.replace('SR set, ', '')} | ${cells.join(' | ')} |`);
  }
  lines.push('', 'Speed-up of each tier over `new Function` on the whole set (total time, not the geomean; wall / CPU):', '');
  lines.push('| rows | fused | VM | VM evaluatePopulation | column interp. | mathjs |', '|---|---:|---:|---:|---:|---:|');
  for (const c of tput) {
    const fn = find(c, L.fn);
    const ratio = (/** @type {string} */ l) => {
      const r = find(c, l);
      return r ? `${(fn.mean / r.mean).toFixed(2)}× / ${(fn.cpu / r.cpu).toFixed(2)}×` : '—';
    };
    lines.push(`| ${c.name.replace('SR set, ', '')} | ${ratio(L.fused)} | ${ratio(L.vm)} | ${ratio(L.popEval)} | ${ratio(L.cols)} | ${ratio(L.mathjs)} |`);
  }

  lines.push('', 'Fresh candidates on 1,000 rows, each lowered or compiled and scored once (candidates/s, wall; CPU in parentheses):', '');
  lines.push('| case | path | candidates/s | µs per candidate | vs new Function (wall / CPU) | target |', '|---|---|---:|---:|---:|---|');
  for (const c of cases.filter((c) => c.name.startsWith('fresh'))) {
    const n = Number(/^([\d,]+) candidates/.exec(c.unit)?.[1].replace(/,/g, ''));
    const fn = find(c, L.freshFn);
    const five = c.name.startsWith('fresh 5');
    for (const r of c.results) {
      let target = '';
      if (r.label === L.freshPop && five) {
        const rate = Math.min(n / r.mean, n / r.cpu);
        target = `≥ ${TARGETS.fresh5PerSecond.toLocaleString('en-US')}/s ${verdict(rate >= TARGETS.fresh5PerSecond)}`;
      } else if (r.label === L.freshPop) {
        const rate = Math.min(n / r.mean, n / r.cpu);
        const vs = Math.min(fn.mean / r.mean, fn.cpu / r.cpu);
        target = `≥ ${TARGETS.freshPerSecond.toLocaleString('en-US')}/s ${verdict(rate >= TARGETS.freshPerSecond)}; ≥ ${TARGETS.freshVsFunction}× ${verdict(vs >= TARGETS.freshVsFunction)}`;
      }
      lines.push(
        `| ${r.label === c.results[0].label ? `${c.name} (${c.unit})` : ''} | ${r.label} | ${fmt(n / r.mean)} (${fmt(n / r.cpu)}) | ${((r.mean / n) * 1e6).toFixed(2)} | ${(fn.mean / r.mean).toFixed(2)}× / ${(fn.cpu / r.cpu).toFixed(2)}× | ${target} |`,
      );
    }
  }

  lines.push('', 'Compile steps (µs, wall; CPU in parentheses):', '');
  lines.push('| step | µs | target |', '|---|---:|---|');
  const low = cases.find((c) => c.name.startsWith('lower'));
  if (low) {
    const n = Number(/^(\d+) candidates/.exec(low.unit)?.[1]);
    for (const r of low.results) {
      const us = (r.mean / n) * 1e6;
      const usCpu = (r.cpu / n) * 1e6;
      const target = r.label === L.lowerInternal ? `≤ ${TARGETS.loweringUs} µs ${verdict(Math.max(us, usCpu) <= TARGETS.loweringUs)}` : '';
      lines.push(`| lowering one 20-node candidate: ${r.label} | ${us.toFixed(2)} (${usCpu.toFixed(2)}) | ${target} |`);
    }
  }
  const mod = cases.find((c) => c.name.startsWith('build fused'));
  if (mod) {
    for (const r of mod.results) {
      const modules = r.label === L.moduleOne ? 20 : 4;
      const us = (r.mean / modules) * 1e6;
      const usCpu = (r.cpu / modules) * 1e6;
      const target = r.label === L.moduleHit ? '' : `≤ ${TARGETS.moduleUs} µs ${verdict(Math.max(us, usCpu) <= TARGETS.moduleUs)}`;
      lines.push(`| ${r.label} (per module) | ${us.toFixed(1)} (${usCpu.toFixed(1)}) | ${target} |`);
    }
  }
  return lines.join('\n') + '\n';
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  relaunchWithGcIfNeeded(process.argv[1]);
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      from: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string', default: '20240601' },
      'digest-only': { type: 'boolean', default: false },
    },
  });
  const quick = values.quick ?? false;
  const seed = Number(values.seed);
  const o = quick
    ? { rows: 10_000, seed, rounds: 1, timing: { maxTime: 0.02, minSamples: 2, warmupTime: 0 } }
    : { rows: 100_000, seed, rounds: 2, timing: { maxTime: 0.25, minSamples: 5, warmupTime: 0.2 } };
  const run = values.from ? JSON.parse(readFileSync(values.from, 'utf8')) : undefined;
  collectGarbage();
  const t0 = performance.now();
  const per = values['digest-only'] ? undefined : perExpression(o);
  const md = [
    `## wasm-eval (issue 6)${quick ? ' — quick smoke run: figures are meaningless' : ''}`,
    '',
    ...(per ? [perExpressionMarkdown(per)] : []),
    ...(run ? [digestMarkdown(run)] : []),
    per ? `(per-expression part: ${((performance.now() - t0) / 1000).toFixed(0)} s, load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})` : '',
    '',
  ].join('\n');
  process.stdout.write(md);
  if (values.out) {
    writeFileSync(`${values.out}.md`, md);
    writeFileSync(`${values.out}.json`, JSON.stringify({ date: new Date().toISOString(), options: { quick, ...o }, perExpression: per, harnessRun: values.from }, null, 2) + '\n');
  }
}
