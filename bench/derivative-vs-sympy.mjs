// Derivative size and time: symx vs SymPy on the same inputs (a comparison script, not a test).
//
//   node derivative-vs-sympy.mjs [path/to/@symx/core/dist/index.js]
//
// Needs python3 with sympy. Inputs: random trees over + - * / sin cos exp log sqrt tanh atan
// and small integer powers (seeded), nested compositions, sin^100(x), x*(x*(...)). Sizes are
// counted the same way for both sides: SymPy's result is printed with str() and re-parsed by
// symx, then `size` (tree) and `dagSize` (distinct subterms) are measured. SymPy runs each diff
// once with a 60 s alarm; symx times are the lower quartile of 41 runs.
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const S = await import(pathToFileURL(resolve(process.argv[2] ?? 'packages/core/dist/index.js')).href);

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const UN = ['sin', 'cos', 'exp', 'log', 'sqrt', 'tanh', 'atan'];
const BIN = ['add', 'sub', 'mul', 'div'];
function randomTree(rng, n, vars = ['x', 'y', 'z']) {
  if (n <= 1) return rng() < 0.75 ? S.sym(vars[Math.floor(rng() * vars.length)]) : S.int(1 + Math.floor(rng() * 5));
  if (n === 2 || rng() < 0.3) {
    if (n >= 3 && rng() < 0.15) return S.pow(randomTree(rng, n - 2, vars), S.int(2 + Math.floor(rng() * 3)));
    return S.call(UN[Math.floor(rng() * UN.length)], randomTree(rng, n - 1, vars));
  }
  const left = 1 + Math.floor(rng() * (n - 2));
  return S.call(BIN[Math.floor(rng() * BIN.length)], randomTree(rng, left, vars), randomTree(rng, n - 1 - left, vars));
}
function nested(rng, levels) {
  let t = S.sym('x');
  for (let i = 0; i < levels; i++) {
    if (rng() < 0.4) t = S.call(UN[Math.floor(rng() * 4)], t);
    else {
      const leaf = rng() < 0.7 ? S.sym(['x', 'y'][Math.floor(rng() * 2)]) : S.int(2 + Math.floor(rng() * 3));
      const op = BIN[Math.floor(rng() * BIN.length)];
      t = rng() < 0.5 ? S.call(op, t, leaf) : S.call(op, leaf, t);
    }
  }
  return t;
}

const rng = mulberry32(42);
const cases = [];
for (let i = 0; i < 10; i++) cases.push({ name: `random500#${i}`, t: randomTree(rng, 500) });
for (let i = 0; i < 5; i++) cases.push({ name: `random100#${i}`, t: randomTree(rng, 100) });
for (let i = 0; i < 3; i++) cases.push({ name: `nested50#${i}`, t: nested(rng, 50) });
for (let i = 0; i < 3; i++) cases.push({ name: `nested100#${i}`, t: nested(rng, 100) });
cases.push({ name: 'sin^100(x)', t: Array.from({ length: 100 }).reduce((a) => S.sin(a), S.sym('x')) });
cases.push({ name: 'x*(x*(...)) 100', t: Array.from({ length: 99 }).reduce((a) => S.mul(S.sym('x'), a), S.sym('x')) });

function quartile(f, reps = 41) {
  const ts = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[reps >> 2];
}
for (const c of cases) {
  S.derivative(c.t, 'x');
  S.derivative(c.t, 'x', { normalize: false });
}
const rows = cases.map((c) => {
  const d = S.derivative(c.t, 'x');
  const dp = S.derivative(c.t, 'x', { normalize: false });
  return {
    c,
    ms: quartile(() => S.derivative(c.t, 'x')),
    msPlain: quartile(() => S.derivative(c.t, 'x', { normalize: false })),
    d: `${S.size(d)} / ${S.dagSize(d)}`,
    dp: `${S.size(dp)} / ${S.dagSize(dp)}`,
  };
});

const PY = `
import json, sys, time, signal
import sympy as sp
sys.setrecursionlimit(100000)
x = sp.Symbol('x')
out = []
class Timeout(Exception): pass
def on_alarm(*_): raise Timeout()
signal.signal(signal.SIGALRM, on_alarm)
for src in json.load(sys.stdin):
    signal.alarm(60)
    try:
        e = sp.sympify(src)
        t0 = time.perf_counter()
        d = sp.diff(e, x)
        out.append({'result': str(d), 'ms': (time.perf_counter() - t0) * 1000})
    except Timeout:
        out.append({'result': None, 'error': 'timeout (60 s)'})
    except Exception as ex:
        out.append({'result': None, 'error': type(ex).__name__})
    signal.alarm(0)
print(json.dumps(out))
`;
const sympy = JSON.parse(
  execFileSync('python3', ['-c', PY], { input: JSON.stringify(rows.map((r) => S.toSympy(r.c.t))), maxBuffer: 1 << 30 }).toString(),
);
console.log('| case | input size / dag | symx ms | symx size / dag | normalize:false ms | size / dag | SymPy ms | SymPy size / dag |');
console.log('|---|---|---|---|---|---|---|---|');
rows.forEach((r, i) => {
  const s = sympy[i];
  let sym = s.error ?? '?';
  if (s.result !== null) {
    const st = S.parse(s.result);
    sym = `${S.size(st)} / ${S.dagSize(st)}${S.dagSize(st) === 1 ? ' (SymPy collapsed the input to nan/zoo/0)' : ''}`;
  }
  const ms = s.ms === undefined ? '-' : s.ms.toFixed(0);
  console.log(`| ${r.c.name} | ${S.size(r.c.t)} / ${S.dagSize(r.c.t)} | ${r.ms.toFixed(2)} | ${r.d} | ${r.msPlain.toFixed(2)} | ${r.dp} | ${ms} | ${sym} |`);
});
