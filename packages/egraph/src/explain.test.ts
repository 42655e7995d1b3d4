import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Pattern, type Rule, type Term, KIND_NUMBER, format, parse, termOps } from '@symx/core';
import { DEFAULT_RULES, EGraph, type Explanation, ExplanationError, Runner, equivalent, explain, extract, foldConstant } from './index.js';
import { type SuiteFile, runSuiteCase, suiteRules } from './internal/math-suite.js';
import { numericallyEqual, termArb } from '../test-support/helpers.js';

const suite = JSON.parse(readFileSync(new URL('../test-data/math-suite.json', import.meta.url), 'utf8')) as SuiteFile;

/** Structural match of a (binary) pattern against a term; slots bind terms. */
function match(p: Pattern, t: Term, b: Map<string, Term>): boolean {
  if (p.kind === 'slot') {
    const old = b.get(p.name);
    if (old !== undefined) return old === t;
    b.set(p.name, t);
    return true;
  }
  if (p.kind === 'literal') return p.term === t;
  if (t.kind !== 2 || t.op !== p.op || t.args.length !== p.args.length) return false;
  return p.args.every((q, i) => match(q, t.args[i], b));
}

function instantiate(p: Pattern, b: Map<string, Term>): Term {
  if (p.kind === 'slot') return b.get(p.name)!;
  if (p.kind === 'literal') return p.term;
  return termOps.make(p.op, p.args.map((q) => instantiate(q, b)));
}

function at(t: Term, path: readonly number[]): Term {
  return path.reduce((u, i) => u.args[i], t);
}

/** Checks that every step is one application of the named rule (or a constant fold) in place. */
function checkSteps(e: Explanation, rules: ReadonlyMap<string, Rule>): void {
  for (let k = 1; k < e.steps.length; k++) {
    const prev = e.steps[k - 1].term;
    const step = e.steps[k];
    const path = step.position!;
    const before = at(prev, path);
    const after = at(step.term, path);
    // Outside the rewritten position nothing changed.
    let outside = after;
    let rebuilt = prev;
    {
      const chain: Term[] = [];
      let u = prev;
      for (const i of path) {
        chain.push(u);
        u = u.args[i];
      }
      for (let j = path.length - 1; j >= 0; j--) {
        const args = chain[j].args.slice();
        args[path[j]] = outside;
        outside = termOps.make(chain[j].op, args);
      }
      rebuilt = outside;
    }
    expect(rebuilt, `step ${k} changes more than position ${path}`).toBe(step.term);
    if (step.rule === 'constant-fold') {
      const from = step.direction === 'forward' ? before : after;
      const to = step.direction === 'forward' ? after : before;
      expect(to.kind).toBe(KIND_NUMBER);
      const v = foldConstant(from.op, from.args.map((a) => a.value));
      expect(v).toEqual(to.value);
      continue;
    }
    const r = rules.get(step.rule!);
    expect(r, `unknown rule ${step.rule}`).toBeDefined();
    const [lhsTerm, rhsTerm] = step.direction === 'forward' ? [before, after] : [after, before];
    const b = new Map<string, Term>();
    expect(match(r!.lhs, lhsTerm, b), `step ${k}: ${format(lhsTerm)} does not match ${r!.name}`).toBe(true);
    expect(instantiate(r!.rhs as Pattern, b), `step ${k}: ${r!.name}`).toBe(rhsTerm);
  }
}

describe('explanations', () => {
  it('diff_power_harder: every step is one rule application (egg runs it with explanations)', () => {
    const c = suite.cases.find((x) => x.name === 'diff_power_harder')!;
    const out = runSuiteCase(suite, c);
    expect(out.proved).toBe(true);
    const e = explain(out.runner.egraph, out.start, out.goals[0]);
    expect(e.steps[0].term).toBe(out.start);
    expect(e.steps.at(-1)!.term).toBe(out.goals[0]);
    checkSteps(e, suiteRules(suite));
    expect(e.toString().split('\n')).toHaveLength(e.steps.length);
  });

  it('every suite case proves its goals with explanations on, and explains them', () => {
    for (const c of suite.cases) {
      if (c.expect.goals !== 'proved') continue;
      const out = runSuiteCase(suite, { ...c, explanations: true });
      expect(out.proved, c.name).toBe(true);
      for (const goal of out.goals) checkSteps(explain(out.runner.egraph, out.start, goal), suiteRules(suite));
    }
  }, 60_000);

  it('explanations of the default rules are valid and keep the value (property)', () => {
    const rules = new Map(DEFAULT_RULES.map((r) => [r.name, r]));
    fc.assert(
      fc.property(termArb, (t) => {
        const g = new EGraph({ explanations: true });
        const runner = new Runner({ egraph: g, iterLimit: 3, nodeLimit: 1500 });
        const root = runner.addTerm(t);
        runner.run(DEFAULT_RULES);
        // Explain the root against the smallest member of its class.
        const small = extract(g, root).term;
        const e = explain(g, t, small);
        checkSteps(e, rules);
        for (const s of e.steps) expect(numericallyEqual(s.term, t), format(s.term)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('reports misuse clearly', () => {
    const off = new EGraph();
    off.addTerm(parse('x'));
    expect(() => explain(off, parse('x'), parse('x'))).toThrow(/explanations are off/);
    const g = new EGraph({ explanations: true });
    g.addTerm(parse('x'));
    g.addTerm(parse('y'));
    g.rebuild();
    expect(() => explain(g, parse('x'), parse('z'))).toThrow(ExplanationError);
    expect(() => explain(g, parse('x'), parse('y'))).toThrow(/not equal/);
  });

  it('equivalent(…, { explain: true }) returns the chain', () => {
    const r = equivalent(parse('(x + 0)*1'), parse('x'), { explain: true });
    expect(r.explanation!.length).toBeGreaterThan(0);
    checkSteps(r.explanation!, new Map(DEFAULT_RULES.map((x) => [x.name, x])));
  });
});
