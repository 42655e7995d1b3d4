import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { numToNumber } from './numbers.js';
import { defineOperator } from './operators.js';
import { parse } from './parse.js';
import { canonicalForm } from './sr-canonical.js';
import { type TreeEditDistanceOptions, treeEditDistance } from './sr-distance.js';
import { PI, Term, TermStore, add, call, cos, exp, float, int, log, mul, neg, rat, sin, sub, sym } from './terms.js';

const p = (s: string): Term => parse(s);
/** The raw distance between the trees as built: no simplification, no reordering. */
const RAW: TreeEditDistanceOptions = { simplify: false, canonical: false };

// ---- generators ------------------------------------------------------------------------------

const leaf: fc.Arbitrary<Term> = fc.oneof(
  fc.constantFrom('x', 'y', 'z').map(sym),
  fc.integer({ min: -2, max: 2 }).map(int),
  fc.constantFrom(0.5, 2.5).map(float),
);
const { term: termArb } = fc.letrec<{ term: Term }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    leaf,
    fc.array(tie('term'), { minLength: 2, maxLength: 3 }).map((a) => add(...a)),
    fc.array(tie('term'), { minLength: 2, maxLength: 3 }).map((a) => mul(...a)),
    fc.tuple(tie('term'), tie('term')).map(([a, b]) => sub(a, b)),
    tie('term').map(sin),
    tie('term').map(exp),
  ),
}));
/** Small trees, for the exponential-state oracle. */
const smallTerm = termArb.filter((t) => t.size <= 12);

/** Reverses the arguments of every add/mul (an equal term up to commutativity). */
function reversed(t: Term): Term {
  if (t.args.length === 0) return t;
  const args = t.args.map(reversed);
  if (t.op === 'add' || t.op === 'mul') args.reverse();
  return call(t.op, ...args);
}

// ---- an independent oracle -------------------------------------------------------------------

/**
 * The textbook forest-distance recursion (Tai; Zhang & Shasha's Lemma 3), memoized over
 * post-order intervals, recursive: fine for the small trees it is used on.
 */
function oracleDistance(a: Term, b: Term): number {
  const lay = (t: Term) => {
    const labels: string[] = [''];
    const lml: number[] = [0];
    const go = (u: Term): number => {
      let first = 0;
      u.args.forEach((c, i) => {
        const l = go(c);
        if (i === 0) first = l;
      });
      labels.push(u.kind === 0 ? `n:${numToNumber(u.value)}` : `${u.kind}:${u.op}`);
      const k = labels.length - 1;
      lml.push(u.args.length === 0 ? k : first);
      return lml[k];
    };
    go(t);
    return { labels, lml, n: labels.length - 1 };
  };
  const A = lay(a);
  const B = lay(b);
  const memo = new Map<string, number>();
  const fd = (i1: number, j1: number, i2: number, j2: number): number => {
    if (i1 > j1) return Math.max(0, j2 - i2 + 1);
    if (i2 > j2) return j1 - i1 + 1;
    const key = `${i1},${j1},${i2},${j2}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const lv = A.lml[j1];
    const lw = B.lml[j2];
    const r = Math.min(
      fd(i1, j1 - 1, i2, j2) + 1,
      fd(i1, j1, i2, j2 - 1) + 1,
      fd(i1, lv - 1, i2, lw - 1) + fd(lv, j1 - 1, lw, j2 - 1) + (A.labels[j1] === B.labels[j2] ? 0 : 1),
    );
    memo.set(key, r);
    return r;
  };
  return fd(1, A.n, 1, B.n);
}

function levenshtein(s: readonly string[], t: readonly string[]): number {
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[t.length];
}

// ---- known values ----------------------------------------------------------------------------

describe('treeEditDistance: known values', () => {
  it('identical trees are at distance 0', () => {
    for (const s of ['x', '2', 'sin(x)*y + exp(-x/3)', 'pi', 'max(x, y) - 1.5'])
      for (const o of [RAW, {}, { normalized: true }]) expect(treeEditDistance(p(s), p(s), o)).toBe(0);
  });

  it('one relabel, one insertion, one deletion', () => {
    expect(treeEditDistance(p('x*y'), p('x*z'), RAW)).toBe(1);
    expect(treeEditDistance(p('x*y'), p('x+y'), RAW)).toBe(1);
    expect(treeEditDistance(p('sin(x)'), p('cos(x)'), RAW)).toBe(1);
    expect(treeEditDistance(p('x + 2'), p('x + 3'), RAW)).toBe(1);
    expect(treeEditDistance(p('x'), p('sin(x)'), RAW)).toBe(1);
    expect(treeEditDistance(p('x + y'), p('x + sin(y)'), RAW)).toBe(1);
    expect(treeEditDistance(p('x + y'), p('x + y + z'), RAW)).toBe(1);
    expect(treeEditDistance(p('sin(cos(x))'), p('x'), RAW)).toBe(2);
    expect(treeEditDistance(p('x'), p('y'), RAW)).toBe(1);
    expect(treeEditDistance(p('x*y + 1'), p('x'), RAW)).toBe(4);
  });

  it('deleting an inner node moves its children up', () => {
    // add(x, mul(y, z)) → add(x, y, z): delete mul
    expect(treeEditDistance(add(sym('x'), mul(sym('y'), sym('z'))), add(sym('x'), sym('y'), sym('z')), RAW)).toBe(1);
  });

  it('the classic Zhang–Shasha example: f(d(a, c(b)), e) vs f(c(d(a, b)), e) is 2', () => {
    defineOperator('zsF', 2);
    defineOperator('zsD', 2);
    defineOperator('zsC', 1);
    const [a, b, e] = [sym('a'), sym('b'), sym('e')];
    const t1 = call('zsF', call('zsD', a, call('zsC', b)), e);
    const t2 = call('zsF', call('zsC', call('zsD', a, b)), e);
    expect(treeEditDistance(t1, t2, RAW)).toBe(2);
    expect(treeEditDistance(t2, t1, RAW)).toBe(2);
  });

  it('on paths equals the string edit distance of the label sequences', () => {
    const fns = [sin, cos, exp, log];
    const names = ['sin', 'cos', 'exp', 'log'];
    fc.assert(
      fc.property(fc.array(fc.nat(3), { maxLength: 8 }), fc.array(fc.nat(3), { maxLength: 8 }), fc.boolean(), (s, t, sameLeaf) => {
        const build = (ix: number[], v: string) => ix.reduceRight((acc, i) => fns[i](acc), sym(v));
        const d = treeEditDistance(build(s, 'x'), build(t, sameLeaf ? 'x' : 'y'), RAW);
        expect(d).toBe(levenshtein([...s.map((i) => names[i]), 'x'], [...t.map((i) => names[i]), sameLeaf ? 'x' : 'y']));
      }),
      { numRuns: 200 },
    );
  });

  it('compares canonical forms by default: argument order does not count', () => {
    expect(treeEditDistance(p('x + y'), p('y + x'))).toBe(0);
    expect(treeEditDistance(p('x + y'), p('y + x'), RAW)).toBe(2);
    expect(treeEditDistance(p('(a + b) + c'), p('c + (b + a)'), { simplify: false })).toBe(0);
    expect(treeEditDistance(p('sin(y*x) + 1'), p('1 + sin(x*y)'), { simplify: false })).toBe(0);
  });

  it('simplifies first by default, or with the injected function', () => {
    expect(treeEditDistance(p('x*y/(y*z)'), p('x/z'))).toBe(0);
    expect(treeEditDistance(p('log(exp(x)) + 0*y'), p('x'))).toBe(0);
    expect(treeEditDistance(p('x*y/(y*z)'), p('x/z'), { simplify: false })).toBeGreaterThan(0);
    const toX = () => sym('x');
    expect(treeEditDistance(p('sin(y)'), p('exp(z)'), { simplify: toX })).toBe(0);
    expect(() => treeEditDistance(p('x'), p('y'), { simplify: () => 'x' as unknown as Term })).toThrow(/simplify/);
  });

  it('numbers: equal values match, exact or float; NaN only NaN; tolerance; or all alike', () => {
    expect(treeEditDistance(mul(rat(1, 2), sym('x')), mul(float(0.5), sym('x')), RAW)).toBe(0);
    expect(treeEditDistance(mul(int(2), sym('x')), mul(float(2), sym('x')), RAW)).toBe(0);
    expect(treeEditDistance(mul(float(NaN), sym('x')), mul(float(NaN), sym('x')), RAW)).toBe(0);
    expect(treeEditDistance(mul(float(NaN), sym('x')), mul(float(1), sym('x')), RAW)).toBe(1);
    expect(treeEditDistance(p('2.9*x'), p('3*x'), { simplify: false })).toBe(1);
    expect(treeEditDistance(p('2.9*x'), p('3*x'), { simplify: false, tolerance: 0.05 })).toBe(0);
    expect(treeEditDistance(p('2.9*x'), p('3*x'), { simplify: false, tolerance: 0.01 })).toBe(1);
    expect(treeEditDistance(p('2.9*x + 7'), p('3*x + 1'), { simplify: false, ignoreConstants: true })).toBe(0);
    // a number and a symbol never match
    expect(treeEditDistance(p('2'), p('x'), { simplify: false, ignoreConstants: true })).toBe(1);
  });
});

// ---- normalized (SRSD) -----------------------------------------------------------------------

describe('treeEditDistance: normalized (SRSD)', () => {
  it('is min(1, d / |truth|) with |truth| the nodes of the preprocessed true tree', () => {
    // symx shape: truth x*y has 3 nodes, one relabel
    expect(treeEditDistance(p('x*z'), p('x*y'), { normalized: true, shape: 'symx' })).toBeCloseTo(1 / 3, 12);
    // SymPy shape: truth 1 + z + x*y (Add(1, z, Mul(x, y))) has 6 nodes, one insertion
    expect(treeEditDistance(p('x*y + 1'), p('x*y + z + 1'), { normalized: true })).toBeCloseTo(1 / 6, 12);
    // capped at 1
    expect(treeEditDistance(p('sin(exp(cos(a*b*c)))'), p('x'), { normalized: true })).toBe(1);
    // not symmetric: divided by the size of the second (true) tree
    expect(treeEditDistance(p('x'), p('sin(exp(cos(a*b*c)))'), { normalized: true })).toBe(1);
    expect(treeEditDistance(p('x'), p('x + y'), { normalized: true })).toBeCloseTo(2 / 3, 12);
  });

  it('ignores constant values by default, as SRSD labels every number Const', () => {
    expect(treeEditDistance(p('2.98*x*y'), p('3*x*y'), { normalized: true })).toBe(0);
    expect(treeEditDistance(p('2.98*x*y'), p('3*x*y'), { normalized: true, ignoreConstants: false })).toBeCloseTo(1 / 4, 12);
  });

  it('counts nodes as SymPy does with shape sympy', () => {
    // distance from a leaf that matches nothing = number of nodes of the other tree
    const nodes = (s: string) => treeEditDistance(sym('q'), p(s), { simplify: false, shape: 'sympy', ignoreConstants: true });
    expect(nodes('x - y')).toBe(5); // Add(x, Mul(-1, y))
    expect(nodes('x/y')).toBe(5); // Mul(x, Pow(y, -1))
    expect(nodes('-x')).toBe(3); // Mul(-1, x)
    expect(nodes('sqrt(x)')).toBe(3); // Pow(x, 1/2)
    expect(nodes('1/sqrt(x)')).toBe(3); // Pow(x, -1/2)
    expect(nodes('x/(y*z)')).toBe(8); // Mul(x, Pow(y, -1), Pow(z, -1))
    expect(nodes('2*(x + y)')).toBe(7); // Add(Mul(2, x), Mul(2, y))
    expect(nodes('-(x + y)')).toBe(7); // Add(Mul(-1, x), Mul(-1, y))
    expect(nodes('x - 2*y')).toBe(5); // Add(x, Mul(-2, y))
    expect(nodes('2*pi*x')).toBe(3); // Mul(6.28..., x)
    expect(nodes('x + 2 + 3')).toBe(3); // Add(5, x)
    expect(nodes('(x^2)^3')).toBe(3); // Pow(x, 6)
    expect(nodes('x*1')).toBe(1);
    expect(nodes('x*0')).toBe(1);
    // the symx shape counts its own nodes
    expect(treeEditDistance(sym('q'), p('x - y'), { simplify: false, ignoreConstants: true })).toBe(3);
  });

  it('the SymPy shape keeps the value', () => {
    const cases = ['x - y', 'x/(y*z)', '2*(x - y)/3', '-(x + 2*y)', '1/sqrt(x*y)', 'sin(2*pi)*x - (x^2)^-1', 'exp(x)/(2*x)^2'];
    // the shaped tree is internal; check through the distance to the same expression written in SymPy form
    expect(treeEditDistance(p('x - y'), p('x + -1*y'), { normalized: true })).toBe(0);
    expect(treeEditDistance(p('x/(y*z)'), p('x*y^-1*z^-1'), { normalized: true })).toBe(0);
    expect(treeEditDistance(p('2*(x - y)/3'), p('2/3*x - 2/3*y'), { normalized: true, ignoreConstants: false, simplify: false })).toBe(0);
    expect(cases.every((s) => treeEditDistance(p(s), p(s), { normalized: true }) === 0)).toBe(true);
  });

  it('property: in [0, 1], and 0 for a term and its reordering', () => {
    fc.assert(
      fc.property(termArb, termArb, (a, b) => {
        const d = treeEditDistance(a, b, { normalized: true, simplify: false });
        expect(d >= 0 && d <= 1).toBe(true);
        expect(treeEditDistance(reversed(b), b, { normalized: true, simplify: false })).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

// ---- properties ------------------------------------------------------------------------------

describe('treeEditDistance: properties', () => {
  it('agrees with an independent recursive implementation', () => {
    fc.assert(
      fc.property(smallTerm, smallTerm, (a, b) => {
        expect(treeEditDistance(a, b, RAW)).toBe(oracleDistance(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('is a metric: d(a, a) = 0, symmetric, triangle inequality, 0 only for equal trees', () => {
    const o: TreeEditDistanceOptions = { simplify: false };
    fc.assert(
      fc.property(termArb, termArb, termArb, (a, b, c) => {
        const ab = treeEditDistance(a, b, o);
        expect(treeEditDistance(a, a, o)).toBe(0);
        expect(treeEditDistance(b, a, o)).toBe(ab);
        expect(treeEditDistance(a, c, o)).toBeLessThanOrEqual(ab + treeEditDistance(b, c, o));
        expect(ab === 0).toBe(canonicalForm(a) === canonicalForm(b));
      }),
      { numRuns: 200 },
    );
  });

  it('is bounded by the sizes: |n1 - n2| <= d <= n1 + n2 - 1', () => {
    fc.assert(
      fc.property(termArb, termArb, (a, b) => {
        const d = treeEditDistance(a, b, RAW);
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.size - b.size));
        expect(d).toBeLessThanOrEqual(a.size + b.size - 1);
      }),
      { numRuns: 200 },
    );
  });

  it('is invariant under commutative reordering, with the default simplify too', () => {
    fc.assert(
      fc.property(termArb, termArb, (a, b) => {
        expect(treeEditDistance(reversed(a), b, { simplify: false })).toBe(treeEditDistance(a, b, { simplify: false }));
        expect(treeEditDistance(reversed(a), reversed(b))).toBe(treeEditDistance(a, b));
      }),
      { numRuns: 100 },
    );
  });
});

// ---- limits and errors -----------------------------------------------------------------------

describe('treeEditDistance: limits and errors', () => {
  it('refuses huge inputs with a clear error, before simplifying them', () => {
    let t = sym('x');
    for (let i = 0; i < 100_000; i++) t = sin(t);
    expect(() => treeEditDistance(t, sym('x'))).toThrow(RangeError);
    expect(() => treeEditDistance(sym('x'), t)).toThrow(/the second tree has 100001 nodes as given, more than maxNodes \(2000\)/);
  }, 30_000);

  it('accepts larger trees when asked, and refuses too much work', () => {
    let a = sym('x');
    let b = sym('y');
    for (let i = 0; i < 2500; i++) {
      a = sin(a);
      b = cos(b);
    }
    expect(() => treeEditDistance(a, b, RAW)).toThrow(/maxNodes/);
    expect(treeEditDistance(a, b, { ...RAW, maxNodes: 3000 })).toBe(2501);
    expect(() => treeEditDistance(p('x*y + z*w'), p('x*y*z + w'), { ...RAW, maxWork: 10 })).toThrow(/maxWork \(10\)/);
  }, 30_000);

  it('checks its options and arguments', () => {
    expect(() => treeEditDistance(p('x'), p('y'), { shape: 'tree' as 'symx' })).toThrow(/shape/);
    expect(() => treeEditDistance(p('x'), p('y'), { tolerance: -1 })).toThrow(/tolerance/);
    expect(() => treeEditDistance(p('x'), p('y'), { maxNodes: 0 })).toThrow(/maxNodes/);
    expect(() => treeEditDistance(p('x'), p('y'), { normalized: 1 as unknown as boolean })).toThrow(/normalized/);
    expect(() => treeEditDistance(p('x'), {} as Term)).toThrow(/second argument is not a Term/);
    const store = new TermStore();
    const u = store.call('add', [store.symbol('x'), store.symbol('y')]);
    expect(() => treeEditDistance(u, u)).toThrow(/another TermStore/);
    expect(treeEditDistance(u, store.call('add', [store.symbol('y'), store.symbol('x')]), { store, simplify: false })).toBe(0);
    expect(treeEditDistance(u, store.symbol('x'), { store, simplify: false, shape: 'sympy' })).toBe(2);
  });

  it('handles pi, neg and constant subterms in both shapes', () => {
    expect(treeEditDistance(mul(PI, sym('x')), mul(float(Math.PI), sym('x')), { simplify: false, shape: 'sympy' })).toBe(0);
    expect(treeEditDistance(mul(PI, sym('x')), mul(float(Math.PI), sym('x')), RAW)).toBe(1);
    expect(treeEditDistance(neg(sym('x')), mul(int(-1), sym('x')), { simplify: false, shape: 'sympy' })).toBe(0);
  });
});
