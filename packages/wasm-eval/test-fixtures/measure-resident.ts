/**
 * Fused tier vs a `new Function` closure over the same expression, 1e5 rows, 20 SR-typical
 * expressions (fixed list, fixed seed). Informal (bench/ holds the benchmarks proper).
 *
 * Build and run (esbuild resolves the packages' TypeScript sources):
 *   node_modules/.pnpm/node_modules/.bin/esbuild --bundle --platform=node --format=esm \
 *     --conditions=source packages/wasm-eval/test-fixtures/measure-resident.ts --outfile=/tmp/measure.mjs
 *   node /tmp/measure.mjs            # add --cpu-prof to profile
 *
 * Per expression, every variant is timed in turn, `SAMPLES` times, after a warm-up; each figure
 * is the minimum wall time over the samples (the machine is shared). Ratios are closure time /
 * fused time, so > 1 means fused is faster; the summary is the geometric mean.
 */
import { parse, type Term } from '@symx/core';
import { compile } from '../src/compile.js';
import { createFusedDataset, type FusedKernel } from '../src/fused/index.js';

const N = 100_000;
const SAMPLES = Number(process.env.SAMPLES ?? 15);
const ONLY = process.env.ONLY; // e.g. ONLY=resident

/** 20 SR-typical expressions over x, y, z: polynomials, rationals, trig, exp/log, Feynman. */
export const EXPRESSIONS: readonly [string, boolean][] = [
  // [source, transcendental-heavy]
  ['x*x*x + 2.5*x*x - 1.3*x + 0.7', false],
  ['1.2*x*y + 0.5*y*z - 3.1*x*z + 2', false],
  ['(x + 1.5) * (y - 0.5) * (z + 2.25)', false],
  ['(x*x + 1) / (y*y + 2)', false],
  ['(2.1*x + 3.3) / (x*y + 1.7) - z/(x + 4)', false],
  ['x*y*z / (x + y + z)', false],
  ['0.5*x*(y*y + z*z) - 1.5*x*y', false],
  ['(x - y)*(x - y) + (y - z)*(y - z) + (z - x)*(z - x)', false],
  ['x / sqrt(1 - (y*y)/(z*z + 10))', false],
  ['sqrt((x - y)^2 + (z - 1.5)^2)', false],
  ['sin(x) + cos(y)', true],
  ['2.5*sin(1.3*x + 0.4) * cos(0.7*y)', true],
  ['exp(-x*x/2) / sqrt(2*pi)', true],
  ['exp(-((x - y)/z)^2 / 2) / (sqrt(2*pi)*z)', true],
  ['log(x*y + 1) - 0.3*log(z)', true],
  ['tanh(1.5*x - 0.5*y) + 0.1*z', true],
  ['x*exp(-y) * sin(2*z)', true],
  ['atan(y / x) + 0.5*sin(z)', true],
  ['1.3*x^2.5 + y^0.5', true],
  ['cos(x*y) * exp(0.3*z) + log(1 + x*x)', true],
];

const VARS = ['x', 'y', 'z'];

function rng(seed: number): () => number {
  return () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** JavaScript source of a term, for the closure baseline (our own trusted expressions). */
function js(t: Term): string {
  if (t.kind === 0) return `(${Number(t.value)})`;
  if (t.kind === 1) return t.op;
  const a = t.args.map(js);
  switch (t.op) {
    case 'add': return `(${a.join('+')})`;
    case 'sub': return `(${a[0]}-${a[1]})`;
    case 'mul': return `(${a.join('*')})`;
    case 'div': return `(${a[0]}/${a[1]})`;
    case 'neg': return `(-${a[0]})`;
    case 'pow': return `Math.pow(${a[0]},${a[1]})`;
    case 'pi': return 'Math.PI';
    default: return `Math.${t.op}(${a.join(',')})`;
  }
}

function closure(t: Term): (c: Float64Array[], out: Float64Array) => void {
  // eslint-disable-next-line no-new-func -- baseline only, built from our own expression list
  const f = new Function('X', 'Y', 'Z', 'out', 'n',
    `for (let i = 0; i < n; i++) { const x = X[i], y = Y[i], z = Z[i]; out[i] = ${js(t)}; }`) as (...a: unknown[]) => void;
  return (c, out) => f(c[0], c[1], c[2], out, out.length);
}

function closureLoss(t: Term): (c: Float64Array[], target: Float64Array) => number {
  // eslint-disable-next-line no-new-func -- baseline only
  const f = new Function('X', 'Y', 'Z', 'T', 'n',
    `let s = 0; for (let i = 0; i < n; i++) { const x = X[i], y = Y[i], z = Z[i]; const r = ${js(t)} - T[i]; s += r*r; } return s / n;`) as (...a: unknown[]) => number;
  return (c, target) => f(c[0], c[1], c[2], target, target.length);
}

function nodes(t: Term): number {
  let n = 0;
  const stack = [t];
  while (stack.length) {
    const u = stack.pop()!;
    n++;
    if (u.kind === 2) stack.push(...u.args);
  }
  return n;
}

const r = rng(42);
const cols = VARS.map(() => Float64Array.from({ length: N }, () => 0.5 + 2.5 * r()));
const target = Float64Array.from({ length: N }, () => r());

/** Minimum wall time (ms) of each function over SAMPLES interleaved samples. */
function timeAll(fns: Record<string, () => unknown>): Record<string, number> {
  const best: Record<string, number> = {};
  for (const k of Object.keys(fns)) {
    for (let w = 0; w < 5; w++) fns[k]();
    best[k] = Infinity;
  }
  for (let s = 0; s < SAMPLES; s++) {
    for (const k of Object.keys(fns)) {
      const t0 = performance.now();
      fns[k]();
      best[k] = Math.min(best[k], performance.now() - t0);
    }
  }
  return best;
}

const geo = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

const data = createFusedDataset(VARS, cols, { target });
const ratios: Record<string, { all: number[]; trans: number[] }> = {};
const outJs = new Float64Array(N);
const outF = [new Float64Array(N)];
console.log(`${N} rows, ${SAMPLES} samples, min wall time; ratio = closure / fused`);
for (const [src, trans] of EXPRESSIONS) {
  const t = parse(src);
  const k = compile(t, { variables: VARS, tier: 'fused' }) as FusedKernel;
  const f = closure(t);
  const fl = closureLoss(t);
  const variants: Record<string, () => unknown> = {
    closure: () => f(cols, outJs),
    closureLoss: () => fl(cols, target),
    evaluate: () => k.evaluate(cols, outF),
    loss: () => k.loss(cols, target),
  };
  const anyK = k as unknown as Record<string, unknown>;
  if (typeof anyK.evaluateDataset === 'function') {
    const bound = k as unknown as {
      evaluateDataset(d: unknown, out?: Float64Array[]): unknown;
      lossDataset(d: unknown, o?: unknown): unknown;
    };
    variants.residentEval = () => bound.evaluateDataset(data, outF);
    variants.residentLoss = () => bound.lossDataset(data);
  }
  if (ONLY) for (const key of Object.keys(variants)) if (!key.startsWith('closure') && !key.toLowerCase().includes(ONLY)) delete variants[key];
  const tm = timeAll(variants);
  const row: string[] = [];
  for (const [name, ms] of Object.entries(tm)) {
    if (name.startsWith('closure')) continue;
    const base = name.toLowerCase().includes('loss') ? tm.closureLoss : tm.closure;
    const ratio = base / ms;
    (ratios[name] ??= { all: [], trans: [] }).all.push(ratio);
    if (trans) ratios[name].trans.push(ratio);
    row.push(`${name} ${(ms * 1000).toFixed(0)}us ${ratio.toFixed(2)}x`);
  }
  console.log(`${src.padEnd(46)} ${String(nodes(t)).padStart(2)} nodes  closure ${(tm.closure * 1000).toFixed(0)}us  loss ${(tm.closureLoss * 1000).toFixed(0)}us | ${row.join(' | ')}`);
}
for (const [name, { all, trans }] of Object.entries(ratios)) {
  console.log(`${name.padEnd(14)} geomean ${geo(all).toFixed(2)}x (arithmetic ${geo(all.filter((_, i) => !EXPRESSIONS[i][1])).toFixed(2)}x, transcendental ${geo(trans).toFixed(2)}x)`);
}
data.dispose();
