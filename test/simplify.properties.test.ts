/**
 * Properties of `simplify` on random SR expressions and on the physics corpus (fast-check):
 * sound on the reals, never larger, idempotent, deterministic under argument order and
 * renaming, and SR-bloated formulas brought back to their size.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Term,
  KIND_CALL,
  KIND_SYMBOL,
  add,
  call,
  cos,
  defaultStore,
  div,
  evaluate,
  exp,
  float,
  format,
  int,
  log,
  mul,
  neg,
  operatorCost,
  parse,
  postOrder,
  pow,
  rat,
  simplify,
  simplifyWithReport,
  sin,
  sqrt,
  sub,
  sym,
  toNormal,
} from '@symx/core';
import { feynman } from '../bench/corpus/feynman.js';

const NAMES = ['x0', 'x1', 'x2', 'x3'];

/** Random SR candidates: + - * / ^, sin cos exp log sqrt, variables, exact and float constants. */
const { term: srTerm } = fc.letrec<{ term: Term }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: fc.constantFrom(...NAMES).map((n) => sym(n)) },
    { weight: 1, arbitrary: fc.integer({ min: -3, max: 3 }).map((n) => int(n)) },
    { weight: 1, arbitrary: fc.constantFrom(rat(1, 2), float(2.5), float(-0.75)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('sin', 'cos', 'exp', 'log', 'sqrt', 'neg', 'abs'), tie('term')).map(([op, x]) => call(op, x)) },
    {
      weight: 3,
      arbitrary: fc.tuple(fc.constantFrom('add', 'sub', 'mul', 'div'), tie('term'), tie('term')).map(([op, a, b]) => call(op, a, b)),
    },
    { weight: 1, arbitrary: fc.tuple(tie('term'), fc.constantFrom(2, 3, -1)).map(([a, n]) => pow(a, int(n))) },
  ),
}));

const env = fc.record(Object.fromEntries(NAMES.map((n) => [n, fc.double({ min: -3, max: 3, noNaN: true })])) as Record<string, fc.Arbitrary<number>>);

/**
 * Value of `t` at `e` when every subterm is a real number of moderate size (see
 * rulesets/soundness.test.ts): otherwise undefined (outside the domain checked). Also the
 * largest intermediate magnitude (the scale of cancellation errors).
 */
function realValue(t: Term, e: Record<string, number>): { value: number; scale: number } | undefined {
  let scale = 1;
  const values = new Map<Term, number>();
  for (const u of postOrder(t)) {
    const v = evaluate(u, e);
    values.set(u, v);
    if (!Number.isFinite(v)) return undefined;
    const m = Math.abs(v);
    if (m > 1e6 || (m !== 0 && m < 1e-6)) return undefined;
    if (m === 0 && u.kind === KIND_CALL) {
      const args = u.args.map((x) => values.get(x)!);
      if (u.op === 'exp') return undefined;
      if (u.op === 'mul' && args.every((x) => x !== 0)) return undefined;
      if ((u.op === 'div' || u.op === 'pow') && args[0] !== 0) return undefined;
    }
    if (m > scale) scale = m;
  }
  return { value: values.get(t)!, scale };
}

function rename(t: Term, map: Record<string, string>): Term {
  const memo = new Map<Term, Term>();
  for (const u of postOrder(t)) {
    if (u.kind === KIND_SYMBOL) memo.set(u, sym(map[u.op] ?? u.op));
    else if (u.args.length === 0) memo.set(u, u);
    else memo.set(u, defaultStore.call(u.op, u.args.map((a) => memo.get(a)!)));
  }
  return memo.get(t)!;
}

function reverseArgs(t: Term): Term {
  const memo = new Map<Term, Term>();
  for (const u of postOrder(t)) {
    if (u.args.length === 0) memo.set(u, u);
    else {
      const args = u.args.map((a) => memo.get(a)!);
      memo.set(u, defaultStore.call(u.op, u.op === 'add' || u.op === 'mul' ? args.reverse() : args));
    }
  }
  return memo.get(t)!;
}

describe('simplify on random SR expressions', () => {
  it('is sound: equal to the input wherever the input is real', () => {
    fc.assert(
      fc.property(srTerm, fc.array(env, { minLength: 3, maxLength: 3 }), (t, points) => {
        const r = simplify(t);
        for (const p of points) {
          const x = realValue(t, p);
          if (x === undefined) continue;
          const y = evaluate(r, p);
          expect(Math.abs(x.value - y), `${format(t)} → ${format(r)} at ${JSON.stringify(p)}`).toBeLessThanOrEqual(
            1e-8 * Math.max(x.scale, Math.abs(x.value)),
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is never larger, by size and by operator cost', () => {
    fc.assert(
      fc.property(srTerm, (t) => {
        const r = simplify(t);
        expect(r.size).toBeLessThanOrEqual(t.size);
        expect(operatorCost(r)).toBeLessThanOrEqual(operatorCost(t));
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent: simplify(simplify(t)) === simplify(t)', () => {
    fc.assert(
      fc.property(srTerm, (t) => {
        const r = simplifyWithReport(t);
        if (r.stopReason !== 'fixpoint') return;
        expect(format(simplify(r.term)), format(t)).toBe(format(r.term));
        expect(simplify(r.term)).toBe(r.term);
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of the arguments of sums and products', () => {
    fc.assert(
      fc.property(srTerm, (t) => {
        const r = simplify(t);
        const u = reverseArgs(t);
        const r2 = simplify(u);
        // When one of them keeps its input (nothing smaller was found), the inputs differ.
        if (r !== t && r2 !== u) expect(format(r2), format(t)).toBe(format(r));
        else expect(toNormal(r2) === toNormal(r) || r === t || r2 === u).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('commutes with renaming the variables (up to the canonical order of terms)', () => {
    // Renaming changes the canonical order of terms, and with it sign conventions (abs(x - y)
    // vs abs(y - x)): the results are equal in value and in size, not always in structure.
    const map = { x0: 'q', x1: 'b', x2: 'zz', x3: 'a1' };
    const back = { q: 'x0', b: 'x1', zz: 'x2', a1: 'x3' };
    fc.assert(
      fc.property(srTerm, fc.array(env, { minLength: 2, maxLength: 2 }), (t, points) => {
        const r = simplify(t);
        const r2 = rename(simplify(rename(t, map)), back);
        expect(r2.size, `${format(t)}: ${format(r)} vs ${format(r2)}`).toBe(r.size);
        for (const p of points) {
          const x = realValue(t, p);
          if (x === undefined) continue;
          expect(Math.abs(evaluate(r2, p) - evaluate(r, p))).toBeLessThanOrEqual(1e-8 * Math.max(x.scale, Math.abs(x.value)));
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('simplify on the physics corpus', () => {
  const terms = feynman.map((f) => parse(f.formula));

  it('is never larger and idempotent on every formula', () => {
    for (const t of terms) {
      const r = simplify(t);
      expect(r.size, format(t)).toBeLessThanOrEqual(t.size);
      expect(operatorCost(r), format(t)).toBeLessThanOrEqual(operatorCost(t));
      expect(simplify(r), format(t)).toBe(r);
    }
  });

  it('equals each formula at points of its sampling ranges', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: feynman.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (i, u) => {
        const f = feynman[i];
        const e = Object.fromEntries(Object.entries(f.vars).map(([n, d], k) => [n, d.lo + (d.hi - d.lo) * ((u + 0.37 * k) % 1)]));
        const a = evaluate(terms[i], e);
        const b = evaluate(simplify(terms[i]), e);
        if (!Number.isFinite(a)) return;
        expect(Math.abs(a - b), f.id).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a)));
      }),
      { numRuns: 500 },
    );
  });

  it('brings at least 95% of SR-bloated formulas back to their size or smaller', () => {
    let ok = 0;
    let n = 0;
    const failures: string[] = [];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: feynman.length - 1 }), fc.array(fc.nat(1000), { minLength: 3, maxLength: 3 }), (i, picks) => {
        const f = feynman[i];
        const assume = Object.fromEntries(Object.entries(f.vars).filter(([, d]) => d.lo > 0).map(([name]) => [name, 'positive' as const]));
        const t = terms[i];
        const b = bloat(t, picks, Object.keys(assume));
        const r = simplify(b, { assume });
        n++;
        if (r.size <= t.size) ok++;
        else failures.push(`${format(b)} → ${format(r)} (original ${format(t)})`);
      }),
      { numRuns: 400 },
    );
    expect(ok / n, failures.slice(0, 5).join('\n')).toBeGreaterThanOrEqual(0.95);
  });
});

/** An SR-bloated variant of `t`: identities wrapped around subterms chosen by `picks`. */
function bloat(t: Term, picks: readonly number[], positive: readonly string[]): Term {
  let cur = t;
  const vars = postOrder(t).filter((u) => u.kind === KIND_SYMBOL);
  for (const p of picks) {
    const spots = postOrder(cur);
    const s = spots[p % spots.length];
    const v = vars[p % vars.length] ?? sym('x');
    const pos = positive.length > 0 ? sym(positive[p % positive.length]) : undefined;
    let w: Term;
    switch (p % 9) {
      case 0: w = mul(s, int(1)); break;
      case 1: w = add(s, sub(v, v)); break;
      case 2: w = mul(s, add(pow(sin(v), int(2)), pow(cos(v), int(2)))); break;
      case 3: w = neg(neg(s)); break;
      case 4: w = div(s, int(1)); break;
      case 5: w = pow(s, int(1)); break;
      case 6: w = pos ? mul(s, div(exp(log(pos)), pos)) : mul(s, int(1)); break;
      case 7: w = mul(s, v, pow(v, int(-1))); break;
      default: w = log(exp(s)); break;
    }
    cur = replace(cur, s, w);
  }
  return cur;
}

/** `t` with every occurrence of `s` replaced by `w`. */
function replace(t: Term, s: Term, w: Term): Term {
  const memo = new Map<Term, Term>();
  for (const u of postOrder(t)) {
    if (u === s) memo.set(u, w);
    else if (u.args.length === 0) memo.set(u, u);
    else memo.set(u, defaultStore.call(u.op, u.args.map((a) => memo.get(a)!)));
  }
  return memo.get(t)!;
}

void sqrt;
