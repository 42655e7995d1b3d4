import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Bindings, type Term, add, int, mul, num, numAdd, parse, rule, sym } from '@symx/core';
import {
  EGraph,
  Runner,
  backoffScheduler,
  constOrDistinctVar,
  extract,
  isConst,
  isEGraphBindings,
  isSymbol,
  notZero,
  sexprPattern,
  simpleScheduler,
} from './index.js';

const r = (name: string, lhs: string, rhs: string, where?: (b: Bindings) => boolean) =>
  rule({ name, lhs: sexprPattern(lhs), rhs: sexprPattern(rhs), ...(where ? { where } : {}) });

const comm = r('comm-add', '(+ ?a ?b)', '(+ ?b ?a)');
const assoc = r('assoc-add', '(+ ?a (+ ?b ?c))', '(+ (+ ?a ?b) ?c)');
const zeroAdd = r('zero-add', '(+ ?a 0)', '?a');
const addZero = r('add-zero', '?a', '(+ ?a 0)'); // grows without bound

/** A sum of n distinct symbols, right-nested. */
function sum(n: number): Term {
  let t: Term = sym(`v${n - 1}`);
  for (let i = n - 2; i >= 0; i--) t = add(sym(`v${i}`), t);
  return t;
}

describe('Runner', () => {
  it('saturates and reports it', () => {
    const runner = new Runner();
    const root = runner.addTerm(parse('(x + 0) + 0'));
    const res = runner.run([zeroAdd]);
    expect(res.stopReason).toEqual({ kind: 'saturated' });
    expect(extract(runner.egraph, root).term).toBe(sym('x'));
    expect(res.report.iterations).toBe(res.iterations.length);
    expect(res.iterations[0].applied['zero-add']).toBeGreaterThan(0);
    expect(res.iterations.at(-1)!.stopReason).toEqual({ kind: 'saturated' });
    expect(res.report.rules['zero-add'].applied).toBeGreaterThan(0);
  });

  it('stops at the iteration limit', () => {
    const runner = new Runner({ iterLimit: 3, nodeLimit: 1e9, scheduler: simpleScheduler() });
    runner.addTerm(sum(8));
    const res = runner.run([comm, assoc]);
    expect(res.stopReason).toEqual({ kind: 'iteration-limit', iterations: 3 });
    expect(res.iterations).toHaveLength(3);
  });

  it('stops at the node limit (property: never starts an iteration or a search above it)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 20, max: 3000 }), fc.boolean(), (n, limit, backoff) => {
        const runner = new Runner({ iterLimit: 1000, nodeLimit: limit, scheduler: backoff ? backoffScheduler({ matchLimit: 50 }) : simpleScheduler() });
        runner.addTerm(sum(n));
        const res = runner.run([comm, assoc, addZero]);
        expect(['node-limit', 'saturated']).toContain(res.stopReason.kind);
        for (const it of res.iterations) expect(it.nodes).toBeLessThanOrEqual(limit);
        if (res.stopReason.kind === 'node-limit') expect(res.stopReason.nodes).toBeGreaterThan(limit);
        expect(runner.egraph.isClean).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('stops at the time limit (deterministic clock)', () => {
    let t = 0;
    const runner = new Runner({ timeLimit: 10, nodeLimit: 1e9, iterLimit: 1e9, clock: () => (t += 1) });
    runner.addTerm(sum(6));
    const res = runner.run([comm, assoc, addZero]);
    expect(res.stopReason.kind).toBe('time-limit');
    if (res.stopReason.kind === 'time-limit') expect(res.stopReason.elapsedMs).toBeGreaterThan(10);
    expect(res.iterations.length).toBeLessThan(10);
  });

  it('a zero limit stops before any work', () => {
    const runner = new Runner({ iterLimit: 0 });
    runner.addTerm(sum(3));
    const res = runner.run([comm]);
    expect(res.stopReason).toEqual({ kind: 'iteration-limit', iterations: 0 });
    expect(res.iterations).toHaveLength(0);
  });

  it('hooks can stop the run with a message', () => {
    let calls = 0;
    const runner = new Runner({ hooks: [() => (++calls === 2 ? 'enough' : undefined)] });
    runner.addTerm(sum(5));
    const res = runner.run([comm, assoc]);
    expect(res.stopReason).toEqual({ kind: 'hook', message: 'enough' });
    expect(res.iterations).toHaveLength(2);
  });

  it('the backoff scheduler bans rules with too many matches', () => {
    const runner = new Runner({ iterLimit: 6, nodeLimit: 1e9, scheduler: backoffScheduler({ matchLimit: 5, banLength: 2 }) });
    runner.addTerm(sum(6));
    const res = runner.run([comm, assoc]);
    const banned = res.iterations.flatMap((it) => it.banned);
    expect(banned.length).toBeGreaterThan(0);
  });

  it('reports timing and counts per iteration', () => {
    const runner = new Runner();
    runner.addTerm(sum(4));
    const res = runner.run([comm, assoc]);
    for (const it of res.iterations) {
      for (const k of ['searchMs', 'applyMs', 'rebuildMs', 'hookMs', 'totalMs'] as const) expect(it[k]).toBeGreaterThanOrEqual(0);
      expect(it.classes).toBeGreaterThan(0);
    }
    expect(res.report.classes).toBe(runner.egraph.classCount);
  });

  it('rejects bad limits', () => {
    expect(() => new Runner({ nodeLimit: -1 })).toThrow(/nodeLimit/);
  });
});

describe('rules in the e-graph', () => {
  it('conditions see the e-graph through EGraphBindings', () => {
    const seen: boolean[] = [];
    const probe = rule({
      name: 'probe',
      lhs: sexprPattern('(* ?a ?b)'),
      rhs: sexprPattern('(* ?b ?a)'),
      where: (b) => {
        seen.push(isEGraphBindings(b));
        return true;
      },
    });
    const runner = new Runner();
    runner.addTerm(parse('x*y'));
    runner.run([probe]);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(Boolean)).toBe(true);
  });

  it('egg-style conditions: notZero, isSymbol, isConst, constOrDistinctVar', () => {
    const cancel = r('cancel-div', '(/ ?a ?a)', '1', notZero('a'));
    const g = new EGraph();
    const runner = new Runner({ egraph: g });
    const a = runner.addTerm(parse('x/x'));
    const b = runner.addTerm(parse('(2 - 2)/(2 - 2)')); // the divisor folds to 0
    runner.run([cancel, r('cancel-sub', '(- ?a ?a)', '0')]);
    expect(g.find(a)).toBe(g.find(g.addTerm(int(1))));
    expect(g.find(b)).not.toBe(g.find(g.addTerm(int(1)))); // 0/0 is left alone
    // Classical engine: the same conditions look at terms.
    expect(notZero('a')({ get: () => int(0), getSegment: () => [], has: () => true })).toBe(false);
    expect(isSymbol('a')({ get: () => sym('q'), getSegment: () => [], has: () => true })).toBe(true);
    expect(isConst('a')({ get: () => int(3), getSegment: () => [], has: () => true })).toBe(true);
    const tb = { get: (n: string) => (n === 'c' ? int(2) : sym('x')), getSegment: () => [], has: () => true };
    expect(constOrDistinctVar('c', 'x')(tb)).toBe(true);
  });

  it('function right-hand sides get representative terms', () => {
    // ~a:number + ~b:number folds through a function rhs (constant folding off).
    const fold = rule('~a:number + ~b:number', (b) => num(numAdd(b.get('a').value, b.get('b').value)), { name: 'fold-add' });
    const runner = new Runner({ egraph: { constantFolding: false } });
    const root = runner.addTerm(add(int(2), int(3)));
    runner.run([fold]);
    expect(extract(runner.egraph, root).term).toBe(int(5));
  });

  it('a function right-hand side may decline', () => {
    const never = rule('~a * ~b', () => undefined, { name: 'never' });
    const runner = new Runner();
    runner.addTerm(mul(sym('p'), sym('q')));
    const res = runner.run([never]);
    expect(res.stopReason.kind).toBe('saturated');
    expect(res.report.rules['never']?.applied ?? 0).toBe(0);
  });
});
