/**
 * Informal throughput figures for the VM tier (the benchmarks proper live in bench/). Times are
 * the minimum over repeated runs, which stays meaningful on a shared, loaded machine.
 */
import { it } from 'vitest';
import { type Term, add, cos, div, exp, mul, num, parse, sin, sub, sym, toFlat } from '@symx/core';
import { Lowerer } from '../src/lower.js';
import { compile, createDataset, evaluatePopulation, lossPopulation } from '../src/index.js';
import { vmRuntime } from '../src/runtime.js';

function minTime(fns: (() => void)[], runs: number): number[] {
  const best = fns.map(() => Infinity);
  for (let r = 0; r < runs; r++) {
    fns.forEach((f, i) => {
      const t = performance.now();
      f();
      best[i] = Math.min(best[i], performance.now() - t);
    });
  }
  return best;
}

function rng(seed: number): () => number {
  return () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** A random candidate of `size` nodes over x, y: + - * /, and sin/cos/exp with probability `trig`. */
function randomTerm(r: () => number, size: number, trig: number): Term {
  if (size <= 1) return r() < 0.5 ? sym(r() < 0.5 ? 'x' : 'y') : num(Math.round(r() * 100) / 10 + 0.05);
  if (r() < trig) return [sin, cos, exp][Math.floor(r() * 3)](randomTerm(r, size - 1, trig));
  const left = 1 + Math.floor(r() * (size - 2));
  const f = [add, mul, sub, div][Math.floor(r() * 4)] as (a: Term, b: Term) => Term;
  return f(randomTerm(r, left, trig), randomTerm(r, size - 1 - left, trig));
}

/** JavaScript source of a candidate (for the `new Function` baseline). */
function js(t: Term): string {
  if (t.kind === 0) return `(${Number(t.value)})`;
  if (t.kind === 1) return t.op;
  const a = t.args.map(js);
  const infix: Record<string, string> = { add: '+', mul: '*', sub: '-', div: '/' };
  if (t.op === 'neg') return `(-${a[0]})`;
  if (t.op === 'pi') return 'Math.PI';
  return t.op in infix ? `(${a.join(infix[t.op])})` : `Math.${t.op}(${a.join(', ')})`;
}

it('VM throughput', () => {
  const r = rng(7);
  const N = 100000;
  const X = Float64Array.from({ length: N }, () => r() * 4 - 2);
  const Y = Float64Array.from({ length: N }, () => r() * 4 - 2);
  console.log('1e5 rows: VM kernel.evaluate vs a `new Function` loop (same process)');
  for (const src of ['x*x*x + 2*x*y - 3*y + 1', '(x + 1)/(y*y + 1) - x/2', 'x*y', 'sin(x)*cos(y) + exp(-x*x)', 'pow(x, 3) + tanh(y)', 'log(x*x + 1) + sqrt(y*y + 2)']) {
    const t = parse(src);
    const k = compile(t, { variables: ['x', 'y'] });
    const out = [new Float64Array(N)];
    const f = new Function('X', 'Y', 'O', `for (let i = 0; i < X.length; i++) { const x = X[i], y = Y[i]; O[i] = ${js(t)}; }`) as (x: Float64Array, y: Float64Array, o: Float64Array) => void;
    const O = new Float64Array(N);
    const [vm, fn] = minTime([() => k.evaluate([X, Y], out), () => f(X, Y, O)], 60);
    const nodes = toFlat(t).ops.length;
    console.log(`  ${src.padEnd(30)} VM ${vm.toFixed(3)} ms (${((nodes * N) / vm / 1e3).toFixed(0)} M node-evals/s)  new Function ${fn.toFixed(3)} ms  ratio ${(fn / vm).toFixed(2)}`);
  }

  console.log('SIMD math over 65536 values vs Math.* (ns per value)');
  const rt = vmRuntime();
  const M = 1 << 16;
  const a = rt.alloc(M * 8), b = rt.alloc(M * 8), o = rt.alloc(M * 8);
  const xs = Float64Array.from({ length: M }, () => r() * 3);
  const ys = Float64Array.from({ length: M }, () => r() * 6 - 3);
  const res = new Float64Array(M);
  ['exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'sinh', 'cosh', 'atan', 'asin', 'acos', 'pow'].forEach((name, id) => {
    const inputs = name === 'asin' || name === 'acos' ? xs.map((x) => x / 3) : xs;
    rt.f64.set(inputs, a >> 3);
    rt.f64.set(ys, b >> 3);
    const m = (Math as unknown as Record<string, (x: number, y: number) => number>)[name];
    const [simd, ref] = minTime([() => rt.exports.math_apply(id, a, b, o, M), () => { for (let i = 0; i < M; i++) res[i] = m(inputs[i], ys[i]); }], 30);
    console.log(`  ${name.padEnd(5)} SIMD ${((simd / M) * 1e6).toFixed(2)}  Math ${((ref / M) * 1e6).toFixed(2)}  ratio ${(ref / simd).toFixed(2)}`);
  });
  rt.free(a);
  rt.free(b);
  rt.free(o);

  const lw = new Lowerer();
  const vars = new Map([['x', 0], ['y', 1]]);
  const c20 = Array.from({ length: 200 }, () => randomTerm(r, 20, 0.15));
  const flats = c20.map((t) => toFlat(t, { variables: ['x', 'y'] }));
  const [lt, lf] = minTime([() => { lw.begin(); for (const t of c20) lw.addTerm(t, vars); }, () => { lw.begin(); for (const f of flats) lw.addFlat(f, f.roots[0]); }], 50);
  console.log(`lowering a 20-node candidate: ${((lt / 200) * 1000).toFixed(2)} us from terms, ${((lf / 200) * 1000).toFixed(2)} us from a flat encoding`);

  const n = 1000;
  const xs1 = X.subarray(0, n);
  const ys1 = Y.subarray(0, n);
  const data = createDataset(['x', 'y'], [xs1, ys1], { target: xs1.map((x, i) => x * ys1[i] + 1) });
  for (const [label, size, trig] of [['5-node, + - * /', 5, 0], ['5-node, 15% sin/cos/exp', 5, 0.15], ['20-node, 15% sin/cos/exp', 20, 0.15]] as const) {
    const cs = Array.from({ length: 100 }, () => randomTerm(r, size, trig));
    const [t] = minTime([() => lossPopulation(cs, data)], 200);
    console.log(`lossPopulation ${label}, 1e3 rows: ${((t / cs.length) * 1000).toFixed(2)} us per candidate (${(cs.length / t * 1000).toFixed(0)}/s)`);
  }
  const c5 = Array.from({ length: 100 }, () => randomTerm(r, 5, 0.15));
  const outAll = new Float64Array(c5.length * n);
  const [te] = minTime([() => evaluatePopulation(c5, data, { out: outAll })], 200);
  console.log(`evaluatePopulation 5-node, 1e3 rows: ${((te / c5.length) * 1000).toFixed(2)} us per candidate`);

  const fresh = c20.slice(0, 20);
  let unique = 0; // a fresh source each time: V8 caches compilations of identical source text
  const [vmFresh, fnFresh] = minTime([
    () => { for (const t of fresh) { const k = compile(t, { variables: ['x', 'y'] }); k.evaluate([xs1, ys1]); k.dispose(); } },
    () => { for (const t of fresh) { const f = new Function('X', 'Y', `const O = new Float64Array(X.length); for (let i = 0; i < X.length; i++) { const x = X[i], y = Y[i]; O[i] = ${js(t)}; } return O; // ${unique++}`) as (x: Float64Array, y: Float64Array) => Float64Array; f(xs1, ys1); } },
  ], 100);
  console.log(`fresh 20-node candidates on 1e3 rows (compile + evaluate once): VM ${(fresh.length / vmFresh * 1000).toFixed(0)}/s, new Function ${(fresh.length / fnFresh * 1000).toFixed(0)}/s, ratio ${(fnFresh / vmFresh).toFixed(2)}`);
  data.dispose();
});
