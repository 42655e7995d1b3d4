/**
 * Informal measurements of the fused tier (not a benchmark suite: see bench/ for those).
 * Run: node node_modules/.pnpm/vite-node@*\/node_modules/vite-node/vite-node.mjs \
 *        packages/wasm-eval/test-fixtures/measure-fused.ts
 * Reports the minimum CPU time (process.cpuUsage) over repetitions: the machine may be shared,
 * and CPU time is far less sensitive to that than wall time.
 */
import { type Term, add, call, div, exp, float, mul, sin, sym, toFlat } from '@symx/core';
import { compile } from '../src/compile.js';
import { buildValueModule } from '../src/fused/build.js';
import { clearFusedCache, compileFused, defaultFusedHost } from '../src/fused/index.js';
import { planExpression } from '../src/fused/plan.js';
import { fitConstants } from '../src/fit.js';
import { optimizeBinary } from '../src/module.js';
import { rng } from './exprs.js';

const VARS = ['x', 'y', 'z'];
const r = rng(42);
const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];

/** A random expression with exactly `nodes` nodes (leaves: variables and constants). */
function randomExpr(nodes: number, ops: readonly string[]): Term {
  if (nodes <= 1) return r() < 0.6 ? sym(pick(VARS)) : float(Math.round(r() * 100) / 10 + 0.1);
  const op = pick(ops);
  if (['sin', 'cos', 'exp', 'log', 'sqrt', 'neg', 'abs'].includes(op)) {
    const a = randomExpr(nodes - 1, ops);
    return op === 'log' || op === 'sqrt' ? call(op, call('abs', a)) : op === 'exp' ? exp(div(a, add(mul(a, a), float(1)))) : call(op, a);
  }
  const left = 1 + Math.floor(r() * (nodes - 2));
  return call(op, randomExpr(left, ops), randomExpr(nodes - 1 - left, ops));
}

/** Minimum CPU time of f over `reps` runs, in milliseconds (resolution 1 us). */
const min = (f: () => void, reps: number): number => {
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = process.cpuUsage();
    f();
    const d = process.cpuUsage(t0);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
};

/**
 * Per-call wall time of f in microseconds: the best of many short batches, so that a batch the
 * OS preempted does not count (wall time, because CPU time would also charge the engine's
 * background compiler and GC threads).
 */
const mean = (f: (i: number) => void, reps: number, batch = 5): number => {
  let best = Infinity;
  let i = 0;
  for (let b = 0; b < reps / batch; b++) {
    const t0 = performance.now();
    for (let j = 0; j < batch; j++) f(i++);
    best = Math.min(best, (performance.now() - t0) / batch);
  }
  return best * 1000;
};

const ARITH = ['add', 'sub', 'mul', 'div'];
const MIXED = [...ARITH, ...ARITH, 'sin', 'cos', 'exp', 'log', 'sqrt'];

// 1. Compile latency: 5 expressions of ~20 nodes per module.
{
  const host = defaultFusedHost();
  const batches = Array.from({ length: 50 }, () => Array.from({ length: 5 }, () => randomExpr(20, MIXED)));
  const flats = batches.map((b) => toFlat(b, { variables: VARS }));
  const colMap = Int32Array.from([0, 1, 2]);
  for (let w = 0; w < 2000; w++) flats[w % 50].roots.forEach((_, e) => planExpression(flats[w % 50], e, colMap));
  const tPlan = mean((i) => flats[i % 50].roots.forEach((_, e) => planExpression(flats[i % 50], e, colMap)), 5000);
  const plans = flats.map((f) => Array.from(f.roots, (_, e) => planExpression(f, e, colMap)));
  for (let w = 0; w < 2000; w++) buildValueModule(plans[w % 50], 3, host);
  const tEncode = mean((i) => buildValueModule(plans[i % 50], 3, host), 5000);
  const bytes = plans.map((p) => buildValueModule(p, 3, host));
  const tModule = mean((i) => new WebAssembly.Module(bytes[i % 50]), 500);
  const mod = new WebAssembly.Module(bytes[0]);
  const imports = { env: { memory: host.memory }, math: host.math as WebAssembly.ModuleImports };
  const tInst = mean(() => new WebAssembly.Instance(mod, imports), 500);
  const tCold = mean((i) => {
    clearFusedCache(host);
    compileFused(flats[i % 50], { variables: VARS, host });
  }, 500);
  const tHit = mean(() => compileFused(flats[0], { variables: VARS, host }), 5000);
  console.log(`module of 5 x 20-node expressions (${bytes[0].length} bytes):`);
  console.log(`  plan ${tPlan.toFixed(1)} us, encode ${tEncode.toFixed(1)} us, WebAssembly.Module ${tModule.toFixed(1)} us, Instance ${tInst.toFixed(1)} us`);
  console.log(`  compileFused cold (plan+encode+compile+instantiate) ${tCold.toFixed(1)} us, cache hit ${tHit.toFixed(1)} us`);
}

// 2. Throughput at 1e5 rows: fused vs a `new Function` closure of the same expression (trusted,
//    generated here from our own expression, as the bench baseline does).
function jsSource(t: Term): string {
  if (t.kind === 0) return `(${String(t.value)})`;
  if (t.kind === 1) return `x${VARS.indexOf(t.op)}[i]`;
  const a = t.args.map(jsSource);
  switch (t.op) {
    case 'add': return `(${a.join('+')})`;
    case 'sub': return `(${a[0]}-${a[1]})`;
    case 'mul': return `(${a.join('*')})`;
    case 'div': return `(${a[0]}/${a[1]})`;
    case 'neg': return `(-${a[0]})`;
    case 'pow': return `Math.pow(${a[0]},${a[1]})`;
    default: return `Math.${t.op}(${a.join(',')})`;
  }
}
{
  const n = 100_000;
  const cols = VARS.map(() => Float64Array.from({ length: n }, () => r() * 4 - 2));
  for (const [label, ops] of [['arithmetic', ARITH], ['mixed (1/3 transcendental)', MIXED]] as const) {
    let fusedNs = 0;
    let jsNs = 0;
    let vmNs = 0;
    const exprs = Array.from({ length: 10 }, () => randomExpr(20, ops));
    for (const t of exprs) {
      const k = compile(t, { variables: VARS, tier: 'fused' });
      const vm = compile(t, { variables: VARS, tier: 'vm' });
      const out = [new Float64Array(n)];
      for (let w = 0; w < 5; w++) k.evaluate(cols, out); // let the engine tier up
      fusedNs += min(() => k.evaluate(cols, out), 10);
      for (let w = 0; w < 5; w++) vm.evaluate(cols, out);
      vmNs += min(() => vm.evaluate(cols, out), 10);
      // eslint-disable-next-line no-new-func -- baseline only, from our own generated expression
      const fn = new Function('x0', 'x1', 'x2', 'out', 'n', `for (let i = 0; i < n; i++) out[i] = ${jsSource(t)};`) as (
        ...a: unknown[]
      ) => void;
      const o = new Float64Array(n);
      for (let w = 0; w < 5; w++) fn(cols[0], cols[1], cols[2], o, n);
      jsNs += min(() => fn(cols[0], cols[1], cols[2], o, n), 10);
    }
    const nodeEvals = 20 * n * exprs.length;
    console.log(
      `1e5 rows, ${label}: fused ${(nodeEvals / fusedNs / 1e3).toFixed(0)} M node-evals/s, ` +
        `vm ${(nodeEvals / vmNs / 1e3).toFixed(0)}, new Function ${(nodeEvals / jsNs / 1e3).toFixed(0)} ` +
        `(fused/new Function ${(jsNs / fusedNs).toFixed(2)}x)`,
    );
  }
}

// 3. Does binaryen -O3 pay on a fused module? Same expressions, optimized bytes vs ours.
{
  const host = defaultFusedHost();
  const n = 100_000;
  const cols = VARS.map(() => Float64Array.from({ length: n }, () => r() * 4 - 2));
  let ours = 0;
  let opt = 0;
  let optTime = 0;
  for (let e = 0; e < 6; e++) {
    const terms = Array.from({ length: 3 }, () => randomExpr(30, MIXED));
    const flat = toFlat(terms, { variables: VARS });
    const k = compileFused(flat, { variables: VARS, host });
    const out = terms.map(() => new Float64Array(n));
    for (let w = 0; w < 5; w++) k.evaluate(cols, out);
    ours += min(() => k.evaluate(cols, out), 10);
    const plans = terms.map((_, i) => planExpression(flat, i, Int32Array.from([0, 1, 2])));
    const bytes = buildValueModule(plans, 3, host);
    const t0 = performance.now();
    const optimized = optimizeBinary(bytes, { level: 3 });
    optTime += performance.now() - t0;
    const inst = new WebAssembly.Instance(new WebAssembly.Module(optimized), {
      env: { memory: host.memory },
      math: host.math as WebAssembly.ModuleImports,
    });
    // Swap the optimized functions into a kernel of the same structure.
    const k2 = compileFused(flat, { variables: VARS, host });
    const fns = (k2 as unknown as { evalFns: unknown[] }).evalFns;
    terms.forEach((_, i) => (fns[i] = inst.exports[`e${i}`]));
    for (let w = 0; w < 5; w++) k2.evaluate(cols, out);
    opt += min(() => k2.evaluate(cols, out), 10);
  }
  console.log(`binaryen -O3: evaluation ${(ours / opt).toFixed(3)}x faster than ours (>1 = pays), optimizing costs ${(optTime / 6).toFixed(1)} ms per module`);
}

// 4. Fitting: y = 2.5 sin(1.3 x) + 0.7 on 1e3 rows from (1, 1.1, 0).
{
  const n = 1000;
  const cols = VARS.map(() => Float64Array.from({ length: n }, () => r() * 6 - 3));
  const y = Float64Array.from(cols[0], (v) => 2.5 * Math.sin(1.3 * v) + 0.7);
  const model = add(mul(float(1), sin(mul(float(1.1), sym('x')))), float(0));
  let res = fitConstants(model, cols, y, { variables: VARS });
  const t = mean(() => (res = fitConstants(model, cols, y, { variables: VARS })), 200);
  console.log(`fit a*sin(b*x)+c on 1e3 rows: ${t.toFixed(0)} us, ${res.iterations} iterations, ${res.stopReason}, constants ${Array.from(res.constants).map((v) => v.toFixed(6))}`);
}
