/**
 * Common-factor extraction (the engine of `factorCommon` in expand.ts).
 *
 * Works on the normal form (normal.ts), whose sums are collected and whose products are
 * canonical lists of base^exponent, so that "the same factor" is one hash-consed object. Every
 * sum of the term, bottom-up and inside every argument, is written as
 *     g · Π b^min(e) · (Σ cofactors)
 * where g is the content of the numeric coefficients (gcd of the numerators over the lcm of
 * the denominators; negative when every coefficient is negative; 1 when one is a float), and
 * each base b present in every summand leaves with its lowest exact exponent (which may be
 * negative: 1/x + 1/x^2 → (x + 1)/x^2). The result is a plain term, printed naturally (x - y,
 * x/y, sqrt(x)); it cannot stay in the normal form, which would distribute g again.
 *
 * It is an identity wherever the input is defined (like the normal form: where the input is
 * undefined, the result may be anything, e.g. x/x is 1).
 */
import {
  type Num,
  ONE,
  type Rational,
  gcd,
  integer,
  numAdd,
  numCompare,
  numDiv,
  numIsNegative,
  numIsZero,
  numMul,
  numNeg,
  numPowInt,
  numSub,
  rational,
} from '../../numbers.js';
import type { TermOps } from '../../term.js';
import type { NTerm } from '../../normal.js';
import type { Term, TermStore } from '../store.js';
import { memoizedPostOrder } from '../walk.js';
import { type Monomial, monomialOf } from './monomial.js';

/** `root` with the common factors of every sum pulled out, as a plain term of `store`. */
export function factorCommonImpl(root: NTerm, ops: TermOps<NTerm>, store: TermStore): Term {
  return new Factorer(ops, store).run(root);
}

class Factorer {
  private readonly memo = new Map<NTerm, Term>();
  private readonly monomials = new Map<NTerm, Monomial>();
  /** Sums that were factored, as g · Π common^low · rest, so that a product can open them. */
  private readonly factored = new Map<NTerm, Factored>();

  constructor(
    private readonly ops: TermOps<NTerm>,
    private readonly store: TermStore,
  ) {}

  run(root: NTerm): Term {
    return memoizedPostOrder(
      root,
      (u) => this.dependencies(u),
      this.memo,
      () => undefined,
      (u) => this.build(u),
    );
  }

  // ---- structure -------------------------------------------------------------------------

  /** The kind of node: how it is rebuilt. */
  private kind(u: NTerm): 'leaf' | 'sum' | 'product' | 'call' {
    const ops = this.ops;
    if (!ops.isCall(u)) return 'leaf';
    const op = ops.op(u);
    if (op === 'add') return 'sum';
    if (op === 'mul') return 'product';
    if (op === 'pow') {
      const e = ops.args(u)[1];
      if (ops.isNumber(e) && typeof ops.numberValue(e) !== 'number') return 'product';
    }
    return 'call';
  }

  /** `t` as a monomial (cached). */
  private monomial(t: NTerm): Monomial {
    let m = this.monomials.get(t);
    if (m === undefined) {
      m = monomialOf(this.ops, t);
      this.monomials.set(t, m);
    }
    return m;
  }

  private dependencies(u: NTerm): readonly NTerm[] {
    switch (this.kind(u)) {
      case 'leaf':
        return [];
      case 'product':
        return this.monomial(u).bases;
      case 'sum': {
        const deps: NTerm[] = [];
        for (const s of this.ops.args(u)) for (const b of this.monomial(s).bases) deps.push(b);
        return deps;
      }
      case 'call':
        return this.ops.args(u);
    }
  }

  private build(u: NTerm): Term {
    const ops = this.ops;
    const store = this.store;
    switch (this.kind(u)) {
      case 'leaf':
        return ops.isNumber(u) ? store.number(ops.numberValue(u)) : store.symbol(ops.symbolName(u));
      case 'product': {
        const m = this.monomial(u);
        return this.monomialDisplay(m.coef, m.bases, m.exps);
      }
      case 'call':
        return store.call(ops.op(u), ops.args(u).map((a) => this.memo.get(a)!));
      case 'sum':
        return this.factorSum(u, ops.args(u).map((s) => this.monomial(s)));
    }
  }

  // ---- factoring a sum -------------------------------------------------------------------

  private factorSum(u: NTerm, items: readonly Monomial[]): Term {
    const g = content(items);
    // Bases common to every summand, with their lowest exponent.
    const first = items[0];
    const common: NTerm[] = [];
    const low: Rational[] = [];
    for (let i = 0; i < first.bases.length; i++) {
      const b = first.bases[i];
      let e = first.exps[i];
      let everywhere = true;
      for (let k = 1; k < items.length && everywhere; k++) {
        const at = items[k].bases.indexOf(b);
        if (at < 0) everywhere = false;
        else if (numCompare(items[k].exps[at], e) < 0) e = items[k].exps[at];
      }
      if (everywhere) {
        common.push(b);
        low.push(e);
      }
    }
    if (isOne(g) && common.length === 0) return this.sumDisplay(items);
    const cofactors: Monomial[] = items.map((m) => {
      const bases: NTerm[] = [];
      const exps: Rational[] = [];
      for (let i = 0; i < m.bases.length; i++) {
        const at = common.indexOf(m.bases[i]);
        const e = at < 0 ? m.exps[i] : (numSub(m.exps[i], low[at]) as Rational);
        if (numIsZero(e)) continue;
        bases.push(m.bases[i]);
        exps.push(e);
      }
      return { coef: numDiv(m.coef, g), bases, exps };
    });
    const rest = this.sumDisplay(cofactors);
    this.factored.set(u, { g, common, low, rest });
    return this.monomialDisplay(g, common, low, rest);
  }

  /**
   * coef · Π bases^exps (times `extra`), where a factored sum among the bases with an integer
   * exponent is opened so that its common factors merge with the others:
   * x·(x·y + x) is x^2·(y + 1), not x·(x·(y + 1)).
   */
  private monomialDisplay(coef: Num, bases: readonly NTerm[], exps: readonly Rational[], extra?: Term): Term {
    let c = coef;
    const bs: NTerm[] = [];
    const es: Rational[] = [];
    const rests: Term[] = [];
    const restExps: Rational[] = [];
    const put = (b: NTerm, e: Rational): void => {
      const at = bs.indexOf(b);
      if (at >= 0) es[at] = numAdd(es[at], e) as Rational;
      else {
        bs.push(b);
        es.push(e);
      }
    };
    for (let i = 0; i < bases.length; i++) {
      const f = this.factored.get(bases[i]);
      const e = exps[i];
      if (f !== undefined && e.d === 1n && (e.n < 0n ? -e.n : e.n) <= MAX_OPEN_EXPONENT) {
        // (g·Π c^l·R)^n = g^n·Π c^(l·n)·R^n for an integer n.
        c = numMul(c, numPowInt(f.g, e.n));
        for (let k = 0; k < f.common.length; k++) put(f.common[k], numMul(f.low[k], e) as Rational);
        rests.push(f.rest);
        restExps.push(e);
      } else put(bases[i], e);
    }
    const terms: Term[] = [];
    const powers: Rational[] = [];
    for (let i = 0; i < bs.length; i++) {
      if (numIsZero(es[i])) continue;
      terms.push(this.memo.get(bs[i])!);
      powers.push(es[i]);
    }
    for (let i = 0; i < rests.length; i++) {
      terms.push(rests[i]);
      powers.push(restExps[i]);
    }
    if (extra !== undefined) {
      terms.push(extra);
      powers.push(ONE);
    }
    return this.productDisplay(c, terms, powers);
  }

  // ---- display (the conventions of fromNormal: x - y, x/y, sqrt(x), 2*x/3) ------------------

  private sumDisplay(items: readonly Monomial[]): Term {
    const store = this.store;
    const plus: Term[] = [];
    const minus: Term[] = [];
    let constant: Term | undefined;
    let constantNegative = false;
    for (const m of items) {
      const negative = numIsNegative(m.coef);
      const mag = negative ? numNeg(m.coef) : m.coef;
      if (m.bases.length === 0) {
        constant = store.number(mag);
        constantNegative = negative;
        continue;
      }
      const t = this.monomialDisplay(mag, m.bases, m.exps);
      (negative ? minus : plus).push(t);
    }
    // The constant goes last, as fromNormal writes it.
    if (constant !== undefined) (constantNegative ? minus : plus).push(constant);
    let acc: Term;
    let from = 0;
    if (plus.length === 0) {
      acc = store.call1('neg', minus[0]);
      from = 1;
    } else acc = plus.length === 1 ? plus[0] : store.call('add', plus);
    for (let i = from; i < minus.length; i++) acc = store.call2('sub', acc, minus[i]);
    return acc;
  }

  private productDisplay(c: Num, bases: readonly Term[], exps: readonly Rational[]): Term {
    const store = this.store;
    const num: Term[] = [];
    const den: Term[] = [];
    let negate = false;
    if (typeof c === 'number') num.push(store.number(c));
    else {
      if (c.n === -1n) negate = true;
      else if (c.n !== 1n) num.push(store.number(integer(c.n)));
      if (c.d !== 1n) den.push(store.number(integer(c.d)));
    }
    for (let i = 0; i < bases.length; i++) {
      const e = exps[i];
      if (numIsNegative(e)) den.push(this.powerDisplay(bases[i], numNeg(e) as Rational));
      else num.push(this.powerDisplay(bases[i], e));
    }
    let body = num.length === 0 ? store.number(ONE) : num.length === 1 ? num[0] : store.call('mul', num);
    if (den.length > 0) body = store.call2('div', body, den.length === 1 ? den[0] : store.call('mul', den));
    return negate ? store.call1('neg', body) : body;
  }

  private powerDisplay(b: Term, e: Rational): Term {
    if (e.n === 1n && e.d === 1n) return b;
    if (e.n === 1n && e.d === 2n) return this.store.call1('sqrt', b);
    return this.store.call2('pow', b, this.store.number(e));
  }
}

/** A factored sum: g · Π common[i]^low[i] · rest. */
interface Factored {
  readonly g: Num;
  readonly common: readonly NTerm[];
  readonly low: readonly Rational[];
  readonly rest: Term;
}

/** Largest |n| for which a factored sum to the n is opened (bounds the size of g^n). */
const MAX_OPEN_EXPONENT = 64n;

/**
 * The content of the coefficients: gcd of the numerators over the lcm of the denominators,
 * negated when every coefficient is negative; ±1 when a coefficient is a float.
 */
function content(items: readonly Monomial[]): Num {
  let allNegative = true;
  let exact = true;
  let n = 0n;
  let d = 1n;
  for (const m of items) {
    const c = m.coef;
    if (!numIsNegative(c)) allNegative = false;
    if (typeof c === 'number') {
      exact = false;
      continue;
    }
    n = gcd(n, c.n);
    d = (d / gcd(d, c.d)) * c.d;
  }
  const g: Rational = exact && n !== 0n ? rational(n, d) : ONE;
  return allNegative ? numNeg(g) : g;
}

function isOne(c: Num): boolean {
  return typeof c !== 'number' && c.n === 1n && c.d === 1n;
}
