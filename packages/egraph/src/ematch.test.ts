import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Pattern,
  type Term,
  UnsupportedPatternError,
  add,
  callPattern,
  int,
  literal,
  mul,
  parse,
  rule,
  segment,
  sin,
  slot,
  sym,
} from '@symx/core';
import { EGraph, Matches, compilePattern, compileRule, sexprPattern } from './index.js';
import { slotHolds } from './internal/slot-check.js';

const x = sym('x');
const y = sym('y');

/** All matches of `p` as sorted strings "root:slot=class,..." (from the machine). */
function machine(g: EGraph, p: Pattern): string[] {
  const prog = compilePattern(p);
  const m = new Matches(prog.width);
  prog.search(g, Infinity, m);
  const out: string[] = [];
  for (let k = 0; k < m.length; k++)
    out.push(`${m.root(k)}:` + prog.slots.map((s, i) => `${s}=${m.slot(k, i)}`).sort().join(','));
  return out.sort();
}

/** A naive recursive e-matcher, the reference for the machine. */
function reference(g: EGraph, p: Pattern): string[] {
  const out: string[] = [];
  const go = (q: Pattern, c: number, s: Map<string, number>, k: (s: Map<string, number>) => void): void => {
    c = g.find(c);
    if (q.kind === 'slot') {
      const b = s.get(q.name);
      if (b !== undefined) {
        if (b === c) k(s);
        return;
      }
      if ((q.type !== undefined || q.predicate !== undefined) && !slotHolds(g, c, q)) return;
      k(new Map(s).set(q.name, c));
      return;
    }
    if (q.kind === 'literal') {
      const id = g.lookupTerm(q.term);
      if (id !== undefined && g.find(id) === c) k(s);
      return;
    }
    // A variadic add/mul pattern is binarized by a left fold, as the e-graph does.
    let args = q.args;
    if ((q.op === 'add' || q.op === 'mul') && args.length > 2) args = [{ kind: 'call', op: q.op, args: args.slice(0, -1) }, args[args.length - 1]];
    for (const n of g.nodes(c)) {
      if (n.kind !== 2 || n.op !== q.op || n.children.length !== args.length) continue;
      const step = (i: number, s2: Map<string, number>): void => {
        if (i === args.length) k(s2);
        else go(args[i], n.children[i], s2, (s3) => step(i + 1, s3));
      };
      step(0, s);
    }
  };
  for (const c of g.classes()) go(p, c, new Map(), (s) => out.push(`${c}:` + [...s].map(([n, v]) => `${n}=${v}`).sort().join(',')));
  return out.sort();
}

describe('compilePattern / Program', () => {
  const g = new EGraph({ constantFolding: false });
  const root = g.addTerm(parse('x*1 + (y + 0)*1'));
  g.union(g.addTerm(parse('x*1')), g.addTerm(x));
  g.rebuild();

  it('finds every match of a pattern', () => {
    const p = sexprPattern('(* ?a 1)');
    expect(machine(g, p)).toEqual(reference(g, p));
    expect(machine(g, p)).toHaveLength(2);
  });

  it('matches a slot at the root in every class', () => {
    const prog = compilePattern(sexprPattern('?a'));
    const m = new Matches(prog.width);
    expect(prog.search(g, Infinity, m)).toBe(g.classCount);
  });

  it('non-linear patterns compare classes', () => {
    const h = new EGraph({ constantFolding: false });
    h.addTerm(parse('x + x'));
    h.addTerm(parse('x + y'));
    h.rebuild();
    expect(machine(h, sexprPattern('(+ ?a ?a)'))).toHaveLength(1);
  });

  it('ground patterns look up one class', () => {
    const prog = compilePattern(sexprPattern('(* x 1)'));
    expect(prog.ground).toBe(true);
    const m = new Matches(prog.width);
    expect(prog.search(g, Infinity, m)).toBe(1);
    expect(g.find(m.root(0))).toBe(g.find(g.addTerm(x)));
    expect(compilePattern(sexprPattern('(* z 1)')).search(g, Infinity, m)).toBe(0);
  });

  it('searchClass and matchesClass look in one class', () => {
    const prog = compilePattern(sexprPattern('(+ ?a ?b)'));
    expect(prog.matchesClass(g, root)).toBe(true);
    expect(prog.matchesClass(g, g.addTerm(x))).toBe(false);
  });

  it('stops at the limit', () => {
    const prog = compilePattern(sexprPattern('?a'));
    const m = new Matches(prog.width);
    expect(prog.search(g, 2, m)).toBe(2);
    expect(m.length).toBe(2);
  });

  it('typed slots check the class', () => {
    const h = new EGraph();
    h.addTerm(parse('2*x + y*z'));
    h.rebuild();
    const num = callPattern('mul', slot('n', 'number'), slot('v'));
    const symb = callPattern('mul', slot('n', 'symbol'), slot('v'));
    expect(machine(h, num)).toHaveLength(1);
    expect(machine(h, symb)).toHaveLength(1);
    expect(machine(h, num)).toEqual(reference(h, num));
    const small = callPattern('mul', slot('n', (t: Term) => t.kind === 0 && Number(t.value) > 1), slot('v'));
    expect(machine(h, small)).toHaveLength(1);
  });

  it('needs a clean e-graph', () => {
    const h = new EGraph();
    h.addTerm(x);
    expect(() => compilePattern(sexprPattern('?a')).search(h, 1, new Matches(2))).toThrow(/rebuild/);
  });

  it('rejects segment slots, naming the rule', () => {
    const r = rule({ name: 'with-segment', lhs: callPattern('add', slot('a'), segment('rest')), rhs: literal(int(0)) });
    expect(() => compileRule(r)).toThrow(UnsupportedPatternError);
    expect(() => compileRule(r)).toThrow(/with-segment/);
  });

  it('binarizes variadic pattern calls by a left fold', () => {
    const h = new EGraph({ constantFolding: false });
    h.addTerm(add(x, y, int(1)));
    h.rebuild();
    const p = callPattern('add', slot('a'), slot('b'), slot('c'));
    expect(machine(h, p)).toHaveLength(1);
    expect(machine(h, p)).toEqual(reference(h, p));
  });

  it('agrees with a naive matcher on random e-graphs and patterns (property)', () => {
    const leaves = [x, y, int(0), int(1)];
    const termArb = fc.letrec<{ t: Term }>((tie) => ({
      t: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(...leaves),
        fc.tuple(tie('t'), tie('t')).map(([a, b]) => add(a as Term, b as Term)),
        fc.tuple(tie('t'), tie('t')).map(([a, b]) => mul(a as Term, b as Term)),
        tie('t').map((a) => sin(a as Term)),
      ),
    })).t;
    const patArb = fc.letrec<{ p: Pattern }>((tie) => ({
      p: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom<Pattern>(slot('a'), slot('b'), slot('c'), literal(int(0)), literal(int(1)), literal(x), slot('n', 'number')),
        fc.tuple(fc.constantFrom('add', 'mul'), tie('p'), tie('p')).map(([op, a, b]) => callPattern(op, a as Pattern, b as Pattern)),
        tie('p').map((a) => callPattern('sin', a as Pattern)),
      ),
    })).p;
    fc.assert(
      fc.property(fc.array(termArb, { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }), patArb, (terms, pairs, p) => {
        const h = new EGraph({ constantFolding: false });
        const ids = terms.map((t) => h.addTerm(t));
        for (const [i, j] of pairs) h.union(ids[i % ids.length], ids[j % ids.length]);
        h.rebuild();
        expect(machine(h, p)).toEqual(reference(h, p));
      }),
      { numRuns: 300 },
    );
  });
});
