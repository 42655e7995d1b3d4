import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { evaluate } from './evaluate.js';
import { format } from './format.js';
import { dagSize } from './measures.js';
import { normalOps, toNormal } from './normal.js';
import { rational } from './numbers.js';
import { parse } from './parse.js';
import { substitute } from './substitute.js';
import type { TermOps } from './term.js';
import { PI, type Term, TermStore, add, call, float, int, mul, rat, sin, storeOps, sym } from './terms.js';

// Property tests and 100,000-node terms take a few seconds; allow for a busy shared machine.
vi.setConfig({ testTimeout: 60_000 });

const p = (s: string): Term => parse(s);
const x = sym('x');
const y = sym('y');

describe('substitute', () => {
  it('replaces variables by terms or numbers', () => {
    const t = p('x^2 + y');
    expect(format(substitute(t, { x: int(2) }))).toBe('2^2 + y');
    expect(format(substitute(t, new Map([[x, p('a + 1')]])))).toBe('(a + 1)^2 + y');
    expect(substitute(t, new Map([['x', p('a + 1')]]))).toBe(p('(a + 1)^2 + y'));
  });

  it('replaces arbitrary subterms, outermost first, without searching the replacement', () => {
    const t = p('x^2 + sin(x^2) + x');
    expect(format(substitute(t, new Map([[p('x^2'), sym('u')]])))).toBe('u + sin(u) + x');
    // the outer key wins: its inside is not visited
    expect(format(substitute(t, new Map<Term, Term>([[p('sin(x^2)'), int(0)], [p('x^2'), sym('u')]])))).toBe('u + 0 + x');
    // x -> x + 1 does not loop
    expect(format(substitute(p('x*y'), { x: p('x + 1') }))).toBe('(x + 1)*y');
  });

  it('is simultaneous: { x: y, y: x } swaps', () => {
    expect(substitute(p('x - 2*y'), { x: y, y: x })).toBe(p('y - 2*x'));
  });

  it('numbers: a JS number is a float, bigint and Rational are exact', () => {
    expect(substitute(x, { x: 2 })).toBe(float(2));
    expect(substitute(x, { x: 2n })).toBe(int(2));
    expect(substitute(x, { x: rational(1, 3) })).toBe(rat(1, 3));
  });

  it('is copy-on-write: the same object when nothing changes, unchanged subterms kept', () => {
    const t = p('sin(y) + x*y + pi');
    expect(substitute(t, { z: int(1) })).toBe(t);
    expect(substitute(t, {})).toBe(t);
    expect(substitute(t, new Map([[p('q + 1'), int(1)]]))).toBe(t);
    const r = substitute(t, { x: int(3) });
    expect(r.args[0]).toBe(t.args[0]);
    expect(r.args[2]).toBe(PI);
    expect(r.args[1]).toBe(mul(int(3), y));
  });

  it('visits each distinct subterm once: a DAG with a 2^80-node tree stays a DAG', () => {
    let t: Term = add(x, y);
    for (let k = 0; k < 80; k++) t = mul(t, t);
    const r = substitute(t, { x: int(1) });
    expect(dagSize(r)).toBe(dagSize(t));
    expect(r.size).toBe(t.size);
  });

  it('is iterative: 100,000-deep terms', { timeout: 120_000 }, () => {
    let t: Term = x;
    for (let i = 0; i < 100_000; i++) t = i % 2 === 0 ? sin(t) : add(t, y);
    const r = substitute(t, { x: int(0), y: int(1) });
    expect(r.depth).toBe(t.depth);
    expect(evaluate(r, {})).toBe(evaluate(t, { x: 0, y: 1 }));
  });

  it('reports bad input clearly', () => {
    expect(() => substitute(p('x'), { x: 'y' as unknown as Term })).toThrow(/value for 'x' must be a term or a number/);
    expect(() => substitute(p('x'), new Map([[3 as unknown as string, int(1)]]))).toThrow(/key must be a variable name or a term/);
    expect(() => substitute(p('x'), null as unknown as Record<string, Term>)).toThrow(/expected an object or a Map/);
    expect(() => substitute('x' as unknown as Term, {})).toThrow(/expected a Term/);
  });

  it('works in another store and on the normal form (which normalizes as it rebuilds)', () => {
    const store = new TermStore();
    const t = parse('x + y', { store });
    const r = substitute(t, { x: store.integer(2) }, storeOps(store));
    expect(store.owns(r)).toBe(true);
    expect(format(r)).toBe('2 + y');
    const n = toNormal(p('x*y + x^2'));
    expect(substitute(n, { y: normalOps.symbol('x') }, normalOps)).toBe(toNormal(p('2*x^2')));
    expect(substitute(n, new Map([[toNormal(p('x^2')), normalOps.symbol('z')]]), normalOps)).toBe(toNormal(p('x*y + z')));
  });

  it('matches subterm keys structurally in representations without hash-consing', () => {
    type Node = { op: string; args: Node[] } | { num: number } | { name: string };
    const key = (t: Node): string => ('op' in t ? `${t.op}(${t.args.map(key).join(',')})` : 'num' in t ? `#${t.num}` : t.name);
    const ops: TermOps<Node> = {
      isCall: (t) => 'op' in t,
      op: (t) => (t as { op: string }).op,
      args: (t) => (t as { args: Node[] }).args,
      make: (op, args) => ({ op, args: [...args] }),
      isNumber: (t) => 'num' in t,
      numberValue: (t) => (t as { num: number }).num,
      number: (v) => ({ num: typeof v === 'number' ? v : v.toNumber() }),
      isSymbol: (t) => 'name' in t,
      symbolName: (t) => (t as { name: string }).name,
      symbol: (name) => ({ name }),
      equals: (a, b) => key(a) === key(b),
      hash: (t) => key(t).length,
    };
    const t: Node = { op: 'add', args: [{ op: 'sin', args: [{ name: 'x' }] }, { name: 'y' }] };
    const r = substitute(t, new Map<Node, Node>([[{ op: 'sin', args: [{ name: 'x' }] }, { num: 0 }]]), ops);
    expect(key(r)).toBe('add(#0,y)');
  });
});

// ---- property: substituting then evaluating = evaluating with the value ---------------------------

const leafArb = fc.oneof(fc.constantFrom(x, y, sym('z')), fc.integer({ min: -3, max: 3 }).map((n) => int(n)));
const { expr } = fc.letrec<{ expr: Term }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    leafArb,
    fc.tuple(fc.constantFrom('sin', 'cos', 'exp', 'neg', 'abs', 'atan'), tie('expr')).map(([op, a]) => call(op, a)),
    fc.tuple(fc.constantFrom('add', 'sub', 'mul', 'div', 'min'), tie('expr'), tie('expr')).map(([op, a, b]) => call(op, a, b)),
  ),
}));
const value = fc.double({ min: -5, max: 5, noNaN: true });
const same = (a: number, b: number): boolean => Object.is(a, b) || a === b || (Number.isNaN(a) && Number.isNaN(b));

describe('substitute: properties', () => {
  it('evaluate(substitute(t, {x: c}), env) == evaluate(t, {...env, x: c})', () => {
    fc.assert(
      fc.property(expr, value, value, value, (t, c, vy, vz) => {
        const env = { y: vy, z: vz };
        expect(same(evaluate(substitute(t, { x: c }), env), evaluate(t, { ...env, x: c }))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('substituting a term u for x is evaluating t at x = value of u', () => {
    fc.assert(
      fc.property(expr, expr, value, value, value, (t, u, vx, vy, vz) => {
        const env = { x: vx, y: vy, z: vz };
        const lhs = evaluate(substitute(t, new Map([[x, u]])), env);
        const rhs = evaluate(t, { ...env, x: evaluate(u, env) });
        expect(same(lhs, rhs)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('TSDoc examples', () => {
  it('substitute', () => {
    const t = parse('x^2 + y');
    expect(format(substitute(t, { x: int(2) }))).toBe('2^2 + y');
    expect(format(substitute(t, new Map([[sym('x'), parse('a + 1')]])))).toBe('(a + 1)^2 + y');
    expect(format(substitute(t, new Map([[parse('x^2'), sym('u')]])))).toBe('u + y');
    expect(substitute(t, { z: int(1) })).toBe(t);
  });
});
