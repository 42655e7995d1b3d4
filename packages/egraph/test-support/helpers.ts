// Shared helpers of this package's tests (outside src/: not part of the build).
import fc from 'fast-check';
import { type Term, add, cos, div, evaluate, float, int, mul, neg, pow, rat, sin, sub, sym } from '@symx/core';

export const VARS = ['x', 'y', 'z'];

/** Random terms over + - * / neg sin cos and small integer powers; leaves x, y, z, small numbers. */
export const termArb: fc.Arbitrary<Term> = fc.letrec<{ t: Term }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(sym('x'), sym('y'), sym('z'), int(0), int(1), int(2), int(-1), rat(1, 2), float(0.5)),
    fc.tuple(fc.constantFrom('add', 'sub', 'mul', 'div'), tie('t'), tie('t')).map(([op, a, b]) => {
      const p = a as Term;
      const q = b as Term;
      return op === 'add' ? add(p, q) : op === 'sub' ? sub(p, q) : op === 'mul' ? mul(p, q) : div(p, q);
    }),
    fc.tuple(tie('t'), fc.constantFrom(2, 3)).map(([a, k]) => pow(a as Term, int(k))),
    tie('t').map((a) => neg(a as Term)),
    tie('t').map((a) => sin(a as Term)),
    tie('t').map((a) => cos(a as Term)),
  ),
})).t;

/** Deterministic points for numeric comparison. */
export function points(n: number, seed = 7): Record<string, number>[] {
  let s = seed;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const out: Record<string, number>[] = [];
  for (let i = 0; i < n; i++) {
    const env: Record<string, number> = {};
    for (const v of VARS) env[v] = (rand() < 0.5 ? -1 : 1) * (0.2 + 2.5 * rand());
    out.push(env);
  }
  return out;
}

/**
 * True when a and b agree at every point where both are finite (relative tolerance 1e-6 plus
 * an absolute 1e-9). Non-finite values are skipped: the rules are sound for finite values
 * only (x*0 = 0 fails for x = Infinity), as in SymbolicUtils' fuzzer.
 */
export function numericallyEqual(a: Term, b: Term, pts = points(12)): boolean {
  for (const env of pts) {
    const va = evaluate(a, env);
    const vb = evaluate(b, env);
    if (!Number.isFinite(va) || !Number.isFinite(vb)) continue;
    if (Math.abs(va - vb) > 1e-9 + 1e-6 * Math.max(Math.abs(va), Math.abs(vb))) return false;
  }
  return true;
}
