import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { format } from './format.js';
import { Budget, activeBudget, withBudget } from './limits.js';
import { numAdd, numMul } from './numbers.js';
import { parse } from './parse.js';
import {
  type Rewriter,
  Stats,
  chain,
  empty,
  fixpoint,
  ifElse,
  instrument,
  passThrough,
  postwalk,
  prewalk,
  restartedChain,
  rewriteWithLimits,
  termSize,
  when,
} from './rewriters.js';
import { rule, ruleGroup, ruleSet } from './rule.js';
import type { TermOps } from './term.js';
import { type Term, add, cos, exp, int, mul, neg, num, sin, sym, termOps } from './terms.js';

const p = (s: string): Term => parse(s);
const show = (t: Term | undefined): string => (t === undefined ? '-' : format(t));

const addZero = rule('~x + 0 => ~x', { name: 'addZero' });
const mulOne = rule('~x * 1 => ~x', { name: 'mulOne' });
const sinToCos = rule('sin(~x) => cos(~x)', { name: 'sinToCos' });

describe('protocol: undefined means no change', () => {
  it('every combinator returns undefined when nothing changes', () => {
    const t = p('a + b');
    expect(postwalk(mulOne)(t)).toBeUndefined();
    expect(prewalk(mulOne)(t)).toBeUndefined();
    expect(chain([mulOne, addZero])(t)).toBeUndefined();
    expect(restartedChain([mulOne, addZero])(t)).toBeUndefined();
    expect(fixpoint(postwalk(mulOne))(t)).toBeUndefined();
    expect(ifElse(() => true, mulOne, addZero)(t)).toBeUndefined();
    expect(when(() => true, mulOne)(t)).toBeUndefined();
    expect(empty(t)).toBeUndefined();
    expect(passThrough(mulOne)(t)).toBe(t);
  });

  it('a rewriter returning its input counts as no change', () => {
    const same: Rewriter = (t) => t;
    const t = p('sin(a) + b');
    expect(postwalk(same)(t)).toBeUndefined();
    expect(prewalk(same)(t)).toBeUndefined();
    expect(chain([same, same])(t)).toBeUndefined();
    expect(fixpoint(same)(t)).toBeUndefined();
  });
});

describe('combinators', () => {
  it('chain applies each rewriter to the result of the previous one', () => {
    expect(show(chain([mulOne, addZero])(p('(y * 1) + 0')))).toBe('y*1'); // mulOne saw an add
    expect(show(chain([addZero, mulOne])(p('(y * 1) + 0')))).toBe('y');
  });

  it('restartedChain runs the whole chain again after the first success', () => {
    const calls: string[] = [];
    const log = (name: string, r: { apply(t: Term): Term | undefined }): Rewriter => (t) => {
      calls.push(name);
      return r.apply(t);
    };
    const rw = restartedChain([log('mulOne', mulOne), log('addZero', addZero)]);
    expect(show(rw(p('(y * 1) + 0')))).toBe('y');
    expect(calls).toEqual(['mulOne', 'addZero', 'mulOne', 'addZero']);
  });

  it('ifElse and when choose by a predicate', () => {
    const big = (t: Term) => t.size > 3;
    expect(show(ifElse(big, mulOne, addZero)(p('a + 0')))).toBe('a');
    expect(show(ifElse(big, mulOne, addZero)(p('(a + b + c) * 1')))).toBe('a + b + c');
    expect(when(big, addZero)(p('a + 0'))).toBeUndefined();
  });

  it('postwalk rewrites bottom-up, once per node', () => {
    expect(show(postwalk(mulOne)(p('sin(x * 1) * 1')))).toBe('sin(x)');
    // The result of a rewrite is not walked again.
    const wrap = rule('~x:symbol => sin(~x)');
    expect(show(postwalk(wrap)(p('x + y')))).toBe('sin(x) + sin(y)');
  });

  it('prewalk rewrites top-down and continues into the result', () => {
    expect(show(prewalk(sinToCos)(p('sin(sin(y))')))).toBe('cos(cos(y))');
    const expandSq = rule('~x ^ 2 => ~x * ~x');
    expect(show(prewalk(expandSq)(p('(a^2)^2')))).toBe('(a*a)*(a*a)');
  });

  it('prewalk does not loop on a rewrite that re-creates its input inside the result', () => {
    const wrap: Rewriter = (t) => (t.kind === 1 ? sin(t) : undefined); // x => sin(x)
    expect(show(prewalk(wrap)(p('x + y')))).toBe('sin(x) + sin(y)');
  });

  it('fixpoint repeats until nothing changes', () => {
    const rw = fixpoint(postwalk(ruleSet(addZero, mulOne, rule('~x - ~x => 0'))));
    expect(show(rw(p('((a - a) + b) * 1')))).toBe('b');
  });

  it('fixpoint stops at maxIterations on a looping rule', () => {
    const swap = rule('~x + ~y => ~y + ~x');
    const out = fixpoint(swap, { maxIterations: 7 })(p('a + b'));
    expect(show(out)).toBe('b + a'); // 7 swaps
  });
});

describe('copy-on-write and sharing', () => {
  /** The default ops with `make` counted. */
  const counting = () => {
    const made: string[] = [];
    const ops: TermOps<Term> = { ...termOps, make: (op, args) => (made.push(op), termOps.make(op, args)) };
    return { ops, made };
  };

  it('rebuilds nothing when no child changed', () => {
    const { ops, made } = counting();
    const t = p('sin(a + b) * cos(c) + exp(d)');
    expect(postwalk(mulOne, { ops })(t)).toBeUndefined();
    expect(prewalk(mulOne, { ops })(t)).toBeUndefined();
    expect(made).toEqual([]);
  });

  it('rebuilds only the path above a change', () => {
    const { ops, made } = counting();
    const t = p('sin(a * 1) + cos(c) + exp(d)');
    const out = postwalk(mulOne, { ops })(t)!;
    expect(show(out)).toBe('sin(a) + cos(c) + exp(d)');
    expect(made).toEqual(['sin', 'add']);
    expect(out.args[1]).toBe(t.args[1]); // untouched children are the same objects
  });

  it('visits each distinct subterm once (DAG memo)', () => {
    let shared = sym('x');
    for (let i = 0; i < 40; i++) shared = add(shared, shared); // 2^40 tree nodes, 41 distinct
    let calls = 0;
    const count: Rewriter = () => {
      calls++;
      return undefined;
    };
    expect(postwalk(count)(shared)).toBeUndefined();
    expect(calls).toBe(41);
    calls = 0;
    expect(prewalk(count)(shared)).toBeUndefined();
    expect(calls).toBe(41);
    const out = postwalk(rule('x => y'))(shared)!;
    expect(out.depth).toBe(41);
    expect(out.args[0]).toBe(out.args[1]);
  });
});

describe('depth safety', () => {
  const N = 100_000;
  let deep = sym('y');
  for (let i = 0; i < N; i++) deep = sin(deep);
  // (Timeouts are generous: the machine running the suite may be busy; no timing is asserted.)

  it('postwalk and prewalk handle 100,000-deep terms', { timeout: 60_000 }, () => {
    const a = postwalk(sinToCos)(deep)!;
    expect(a.depth).toBe(N + 1);
    expect(a.op).toBe('cos');
    const b = prewalk(sinToCos)(deep)!;
    expect(b).toBe(a);
    expect(postwalk(mulOne)(deep)).toBeUndefined();
  });

  it('rules meet deep terms without recursion along the term', () => {
    const big = rule('sin(sin(~x)) => ~x');
    expect(big.apply(deep)!.depth).toBe(N - 1);
  });
});

describe('generic over TermOps', () => {
  // A plain tree representation: no hash-consing, structural equality by walking.
  type Tree = { op: string; args: Tree[] } | { sym: string } | { num: number };
  const treeOps: TermOps<Tree> = {
    isCall: (t) => 'op' in t,
    op: (t) => (t as { op: string }).op,
    args: (t) => (t as { args: Tree[] }).args,
    make: (op, args) => ({ op, args: [...args] }),
    isNumber: (t) => 'num' in t,
    numberValue: (t) => (t as { num: number }).num,
    number: (v) => ({ num: Number(v) }),
    isSymbol: (t) => 'sym' in t,
    symbolName: (t) => (t as { sym: string }).sym,
    symbol: (name) => ({ sym: name }),
  };
  const zeroToOne: Rewriter<Tree> = (t) => ('num' in t && t.num === 0 ? { num: 1 } : undefined);

  it('postwalk and prewalk work through any TermOps, copy-on-write', () => {
    const x: Tree = { sym: 'x' };
    const untouched: Tree = { op: 'sin', args: [x] };
    const t: Tree = { op: 'add', args: [untouched, { op: 'mul', args: [{ num: 0 }, x] }] };
    const out = postwalk(zeroToOne, { ops: treeOps })(t) as { op: string; args: Tree[] };
    expect(out).toEqual({ op: 'add', args: [untouched, { op: 'mul', args: [{ num: 1 }, x] }] });
    expect(out.args[0]).toBe(untouched);
    expect(prewalk(zeroToOne, { ops: treeOps })(t)).toEqual(out);
    expect(postwalk(zeroToOne, { ops: treeOps })(untouched)).toBeUndefined();
    expect(termSize(t, treeOps)).toBe(6);
  });

  it('rewriteWithLimits works through any TermOps, with a size limit', () => {
    const grow: Rewriter<Tree> = (t) => ({ op: 'add', args: [t, { num: 1 }] });
    const r = rewriteWithLimits(grow, { sym: 'x' } as Tree, { size: 10 }, { ops: treeOps });
    expect(r.stopReason).toBe('size');
    expect(termSize(r.term, treeOps)).toBeLessThanOrEqual(10);
  });
});

describe('limits', () => {
  const swap = rule('~x + ~y => ~y + ~x', { name: 'swap' });

  it('an iteration limit stops a looping rule, reported not thrown', () => {
    const r = rewriteWithLimits(postwalk(swap), p('a + b'), { iterations: 10 });
    expect(r.stopReason).toBe('iterations');
    expect(r.iterations).toBe(10);
    expect(['a + b', 'b + a']).toContain(format(r.term));
  });

  it('a nested fixpoint counts against the same budget', () => {
    const r = rewriteWithLimits(fixpoint(postwalk(swap), { maxIterations: Infinity }), p('a + b'), { iterations: 25 });
    expect(r.stopReason).toBe('iterations');
    expect(r.iterations).toBe(25);
  });

  it("a fixpoint's own cap reports 'iterations' through the driver", () => {
    const r = rewriteWithLimits(fixpoint(postwalk(swap), { maxIterations: 5 }), p('a + b'));
    expect(r.stopReason).toBe('iterations');
  });

  it('a time limit stops an endless loop', () => {
    const r = rewriteWithLimits(fixpoint(postwalk(swap), { maxIterations: Infinity }), p('a + b'), { timeMs: 20 });
    expect(r.stopReason).toBe('time');
    expect(r.elapsedMs).toBeGreaterThanOrEqual(20);
  });

  it('a time limit stops inside a long walk', () => {
    let wide = sym('x0');
    for (let i = 1; i < 2000; i++) wide = add(wide, sin(sym(`x${i}`)));
    const slow: Rewriter = (t) => {
      const end = performance.now() + 0.05;
      while (performance.now() < end);
      return t.op === 'sin' ? cos(t.args[0]) : undefined;
    };
    const r = rewriteWithLimits(postwalk(slow), wide, { timeMs: 10, checkEvery: 1 });
    expect(r.stopReason).toBe('time');
    expect(r.term.size).toBe(wide.size); // a whole term: rewritten up to the deadline, the rest as it was
    expect(r.term.args[1]).toBe(sin(sym('x1999'))); // the walk never got this far
  });

  it('a time limit stops a long match search inside one rule attempt', () => {
    const args = Array.from({ length: 3000 }, (_, i) => mul(sym(`a${i}`), sym(`b${i}`)));
    const factor = rule('~x*~y + ~x*~z => ~x*(~y + ~z)', { maxSteps: 1e12 }); // no step cap: only the clock
    const r = rewriteWithLimits(factor, add(...args), { timeMs: 20 });
    expect(r.stopReason).toBe('time');
    expect(r.term.args).toHaveLength(3000);
  });

  it('a size limit keeps the last result within it', () => {
    const grow = rule('exp(~x) => exp(exp(~x) + 1)');
    const r = rewriteWithLimits(grow, exp(sym('x')), { size: 20 });
    expect(r.stopReason).toBe('size');
    expect(r.term.size).toBeLessThanOrEqual(20);
    expect(grow.apply(r.term)!.size).toBeGreaterThan(20);
  });

  it('reaches a fixpoint and says so', () => {
    const r = rewriteWithLimits(fixpoint(postwalk(ruleSet(addZero, mulOne))), p('(a + 0) * 1'), { timeMs: 1000, iterations: 100 });
    expect(r.stopReason).toBe('fixpoint');
    expect(format(r.term)).toBe('a');
  });

  it('repeat: false applies the rewriter once', () => {
    const r = rewriteWithLimits(swap, p('a + b'), {}, { repeat: false });
    expect(format(r.term)).toBe('b + a');
    expect(r.stopReason).toBe('fixpoint');
  });

  it('budgets nest and are restored', () => {
    const outer = new Budget({});
    withBudget(outer, () => {
      expect(activeBudget()).toBe(outer);
      rewriteWithLimits(postwalk(swap), p('a + b'), { iterations: 2 });
      expect(activeBudget()).toBe(outer);
      expect(outer.exhausted).toBe(false);
    });
    expect(activeBudget()).toBeUndefined();
  });
});

describe('instrumentation', () => {
  it('counts attempts, firings and time per rule through combinators', () => {
    const set = ruleSet(ruleGroup('neutral', { addZero: '~x + 0 => ~x', mulOne: '~x * 1 => ~x' }));
    const stats = new Stats();
    const rw = instrument(fixpoint(postwalk(set)), stats);
    expect(show(rw(p('(a * 1 + 0) * 1')))).toBe('a');
    expect(stats.get('mulOne')!.fired).toBe(2);
    expect(stats.get('addZero')!.fired).toBe(1);
    expect(stats.get('mulOne')!.calls).toBeGreaterThanOrEqual(2);
    expect(stats.totalTimeMs).toBeGreaterThanOrEqual(0);
    expect(stats.report()).toContain('mulOne');
    expect(stats.sorted('fired')[0][0]).toBe('mulOne');
    // The uninstrumented rewriter is unchanged.
    expect(show(fixpoint(postwalk(set))(p('a * 1')))).toBe('a');
    stats.reset();
    expect(stats.entries.size).toBe(0);
  });

  it('instruments single rules, plain functions and rule sets directly', () => {
    const stats = new Stats();
    const named = function double(t: Term) {
      return t.kind === 0 ? num(numMul(t.value, int(2).value)) : undefined;
    };
    const rw = instrument(chain([mulOne, named, (t: Term) => t]), stats);
    rw(p('3'));
    expect([...stats.entries.keys()].sort()).toEqual(['anonymous', 'double', 'mulOne']);
    expect(stats.get('double')!.fired).toBe(1);
    const set = instrument(ruleSet(addZero), stats);
    set(p('q + 0'));
    expect(stats.get('addZero')!.fired).toBe(1);
  });
});

describe('soundness of a few rules (property)', () => {
  const fold = rule('~x:number + ~y:number', (b) => num(numAdd(b.get('x').value, b.get('y').value)), { name: 'foldAdd' });
  const foldMul = rule('~x:number * ~y:number', (b) => num(numMul(b.get('x').value, b.get('y').value)), { name: 'foldMul' });
  const sound = ruleSet(
    addZero,
    mulOne,
    fold,
    foldMul,
    rule('-(-~x) => ~x'),
    rule('sin(-~x) => -sin(~x)'),
    rule('cos(-~x) => cos(~x)'),
    rule('abs(abs(~x)) => abs(~x)'),
    rule('~x ^ 1 => ~x'),
    rule('~x - ~y => ~x + -~y'),
    rule('~x * ~x => ~x ^ 2'),
  );
  const simplify = (t: Term) => rewriteWithLimits(fixpoint(postwalk(sound)), t, { iterations: 200 }).term;

  const leaf = fc.oneof(
    fc.constantFrom(sym('x'), sym('y'), int(0), int(1), int(2), int(-1)),
    fc.integer({ min: -5, max: 5 }).map((n) => int(n)),
    fc.double({ min: -3, max: 3, noNaN: true }).map((v) => num(v)),
  );
  const termArb = fc.letrec<{ t: Term }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('t'), tie('t')).map(([a, b]) => add(a, b)),
      fc.tuple(tie('t'), tie('t'), tie('t')).map(([a, b, c]) => add(a, b, c)),
      fc.tuple(tie('t'), tie('t')).map(([a, b]) => mul(a, b)),
      fc.tuple(tie('t'), tie('t'), tie('t')).map(([a, b, c]) => mul(a, b, c)),
      fc.tuple(tie('t'), tie('t')).map(([a, b]) => p(`(${format(a)}) - (${format(b)})`)),
      tie('t').map((a) => neg(a)),
      tie('t').map((a) => sin(a)),
      tie('t').map((a) => cos(a)),
      tie('t').map((a) => p(`abs(${format(a)})`)),
      tie('t').map((a) => p(`(${format(a)})^1`)),
    ),
  })).t;

  const close = (a: number, b: number): boolean => {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  };

  it('evaluate(rewrite(t)) ≈ evaluate(t) at random points', () => {
    fc.assert(
      fc.property(termArb, fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true }), (t, x, y) => {
        const s = simplify(t);
        const env = { x, y };
        const a = evaluate(t, env);
        const b = evaluate(s, env);
        if (!close(a, b)) throw new Error(`${format(t)} -> ${format(s)}: ${a} vs ${b} at x=${x}, y=${y}`);
        expect(s.size).toBeLessThanOrEqual(t.size * 2); // x - y => x + -y may grow a little
      }),
      { numRuns: 300 },
    );
  });
});

describe('documented examples', () => {
  it('hold', () => {
    const rw = restartedChain([rule('~x * 1 => ~x'), rule('~x + 0 => ~x')]);
    expect(show(rw(p('(y * 1) + 0')))).toBe('y');
    const cleanup = fixpoint(postwalk(ruleSet('~x + 0 => ~x', '~x * 0 => 0')));
    expect(show(cleanup(p('(a * 0 + b) * c')))).toBe('b*c');
    expect(termSize(p('sin(x) + x'))).toBe(4);
    const neutral = ruleGroup('neutral', { addZero: '~x + 0 => ~x', mulOne: '~x * 1 => ~x' });
    const set = ruleSet(neutral, ruleGroup('cancel', ['~x - ~x => 0']));
    expect(show(postwalk(set)(p('(a - a) + b * 1')))).toBe('b');
    expect(show(postwalk(rule('~x * 1 => ~x'))(p('sin(x * 1) * 1')))).toBe('sin(x)');
    expect(show(prewalk(rule('sin(~x) => cos(~x)'))(p('sin(sin(y))')))).toBe('cos(cos(y))');
    expect(rewriteWithLimits(postwalk(rule('~x + ~y => ~y + ~x')), p('a + b'), { iterations: 10 }).stopReason).toBe('iterations');
  });
});
