/**
 * Expansion in the normal form (normal.ts): products of sums are distributed and positive
 * integer powers of sums multiplied out, bottom-up over the DAG, inside every argument
 * (sin((x+1)^2) → sin(x^2 + 2x + 1)) and exponent. Negative powers of sums stay (their bases
 * expanded): a/(b+c)^2 is a monomial in the atom (b+c).
 *
 * The multiplication runs on a light polynomial (`Poly`: monomials over the normal form's
 * atoms, keyed by the atoms' ids and exponents) rather than on normal-form terms, which would
 * intern every partial product: equal monomials merge as they appear, so (a+b+c)^50 costs its
 * 1,326 collected terms per step, never 3^50. The result goes back to the normal form once,
 * which applies its own rules to each monomial.
 *
 * Work is bounded by limits checked before each multiplication of two sums, and for a power
 * of a sum before it starts (from the multinomial count of its terms and of its products):
 *   maxTerms     the most monomials one multiplication may form (|A|·|B|) or one power may
 *                have once collected (C(n+k-1, k-1) for a k-term sum to the n)
 *   maxProducts  the most monomial products formed in the whole call
 *   timeMs       wall clock
 * When a limit stops a distribution, that subterm is left as the normal form of its (expanded)
 * arguments, which is equal in value, and the run records why; a `maxTerms` stop is local
 * (other subterms are still expanded), the other two stop all further distribution.
 */
import { type Num, type Rational, ZERO, numAdd, numIsExact, numIsZero, numMul } from '../../numbers.js';
import type { TermOps } from '../../term.js';
import type { NTerm } from '../../normal.js';
import { nowMs } from '../../limits.js';
import { memoizedPostOrder } from '../walk.js';
import { monomialOf } from './monomial.js';

/**
 * Why an expansion stopped: it did not (`'complete'`), or the first limit it hit.
 *
 * @example
 * expandWithReport(parse('(a + b)^9'), { maxTerms: 5 }).stopReason;   // 'maxTerms' (10 terms)
 */
export type ExpandStop = 'complete' | 'maxTerms' | 'maxProducts' | 'time';

export interface ExpandLimits {
  readonly maxTerms: number;
  readonly maxProducts: number;
  readonly timeMs: number;
}

export class Expander {
  /** Monomial products formed so far. */
  products = 0;
  stop: ExpandStop = 'complete';
  /** Set by a global limit (products, time): no further distribution. */
  private exhausted = false;
  private readonly deadline: number;

  constructor(
    private readonly ops: TermOps<NTerm>,
    private readonly limits: ExpandLimits,
  ) {
    this.deadline = limits.timeMs === Infinity ? Infinity : nowMs() + limits.timeMs;
  }

  /** The expansion of `root` (iterative post-order over the presented arguments, memoized). */
  run(root: NTerm): NTerm {
    const memo = new Map<NTerm, NTerm>();
    return memoizedPostOrder(
      root,
      (u) => this.ops.args(u),
      memo,
      (u) => (this.ops.isCall(u) ? undefined : u),
      (u, args) => this.node(u, args.map((a) => memo.get(a)!)),
    );
  }

  private node(u: NTerm, eargs: NTerm[]): NTerm {
    const ops = this.ops;
    const op = ops.op(u);
    if (op === 'mul') return this.distribute(eargs) ?? ops.make('mul', eargs);
    if (op === 'pow') return this.power(eargs[0], eargs[1]) ?? ops.make('pow', eargs);
    return ops.make(op, eargs);
  }

  private isSum(t: NTerm): boolean {
    return this.ops.isCall(t) && this.ops.op(t) === 'add';
  }

  /** Π factors with every sum among them distributed, or undefined when a limit stopped it. */
  private distribute(factors: readonly NTerm[]): NTerm | undefined {
    const ops = this.ops;
    const sums: NTerm[] = [];
    const others: NTerm[] = [];
    for (const f of factors) (this.isSum(f) ? sums : others).push(f);
    if (sums.length === 0) return undefined;
    let acc = Poly.of(ops, others.length === 0 ? sums[0] : others.length === 1 ? others[0] : ops.make('mul', others));
    for (let i = others.length === 0 ? 1 : 0; i < sums.length; i++) {
      const r = this.multiply(acc, Poly.of(ops, sums[i]));
      if (r === undefined) return undefined;
      acc = r;
    }
    return acc.toNormal(ops);
  }

  /**
   * base^n multiplied out for a sum base and an integer n >= 2, or undefined. Negative powers
   * of sums are left alone: (a+b)^-2 is a base of a monomial like any other, so that
   * expanding is idempotent and x^2/(x+1)^2 does not become x^2/(x^2 + 2x + 1).
   */
  private power(base: NTerm, e: NTerm): NTerm | undefined {
    const ops = this.ops;
    if (!this.isSum(base) || !ops.isNumber(e)) return undefined;
    const v = ops.numberValue(e);
    if (typeof v === 'number' || v.d !== 1n) return undefined;
    const n = v.n;
    if (n < 2n || this.exhausted) return undefined;
    const p = Poly.of(ops, base);
    if (multinomialCount(n, p.size) > this.limits.maxTerms) {
      this.hit('maxTerms');
      return undefined;
    }
    // Refuse up front a power whose multiplications would overrun the products budget.
    if (this.products + powerProducts(n, p.size) > this.limits.maxProducts) {
      this.hit('maxProducts');
      return undefined;
    }
    let acc = p;
    for (let i = 1n; i < n; i++) {
      const r = this.multiply(acc, p);
      if (r === undefined) return undefined;
      acc = r;
    }
    return acc.toNormal(ops);
  }

  /** a·b collected, or undefined when a limit forbids it. */
  private multiply(a: Poly, b: Poly): Poly | undefined {
    if (this.exhausted) return undefined;
    const n = a.size * b.size;
    if (n > this.limits.maxTerms) {
      this.hit('maxTerms');
      return undefined;
    }
    if (this.products + n > this.limits.maxProducts) {
      this.hit('maxProducts');
      return undefined;
    }
    if (this.deadline !== Infinity && nowMs() > this.deadline) {
      this.hit('time');
      return undefined;
    }
    this.products += n;
    return a.times(b);
  }

  private hit(reason: ExpandStop): void {
    if (this.stop === 'complete') this.stop = reason;
    if (reason !== 'maxTerms') this.exhausted = true;
  }
}

/**
 * Monomial products formed when a k-term sum is raised to the n by repeated multiplication with
 * itself: Σ_{i=1}^{n-1} k·C(i+k-1, k-1) (an upper bound when terms cancel; float, may be ∞).
 */
function powerProducts(n: bigint, k: number): number {
  const nn = Number(n);
  let c = k; // C(i+k-1, k-1) for i = 1
  let total = 0;
  for (let i = 1; i < nn; i++) {
    total += c * k;
    if (!Number.isFinite(total)) return Infinity;
    c = (c * (i + k)) / (i + 1);
  }
  return total;
}

/** Number of monomials of a k-term sum to the n once collected, C(n+k-1, k-1) (float, may be ∞). */
function multinomialCount(n: bigint, k: number): number {
  const nn = Number(n);
  let c = 1;
  for (let i = 1; i < k; i++) {
    c = (c * (nn + i)) / i;
    if (!Number.isFinite(c)) return Infinity;
  }
  return c;
}

/** One monomial of a Poly: coefficient and bases sorted by id, with exact non-zero exponents. */
interface PolyTerm {
  coef: Num;
  readonly bases: readonly NTerm[];
  readonly exps: readonly Rational[];
}

/**
 * A sum of monomials over normal-form atoms (any NF term that is not a number is an atom:
 * symbols, calls, sums left unexpanded, ...). Equal bases merge by adding exponents (rule (1)
 * of the normal form's product.ts); equal monomials merge by adding coefficients.
 */
class Poly {
  private constructor(private readonly terms: Map<string, PolyTerm>) {}

  get size(): number {
    return this.terms.size;
  }

  /** The monomials of an NF term: the summands of a sum, or the term itself. */
  static of(ops: TermOps<NTerm>, t: NTerm): Poly {
    const map = new Map<string, PolyTerm>();
    const summands = ops.isCall(t) && ops.op(t) === 'add' ? ops.args(t) : [t];
    for (const s of summands) {
      const m = monomialOf(ops, s);
      const order = m.bases.map((_, i) => i).sort((i, j) => m.bases[i].id - m.bases[j].id);
      const bases: NTerm[] = [];
      const exps: Rational[] = [];
      for (const i of order) {
        const k = bases.length - 1;
        if (k >= 0 && bases[k] === m.bases[i]) exps[k] = numAdd(exps[k], m.exps[i]) as Rational;
        else {
          bases.push(m.bases[i]);
          exps.push(m.exps[i]);
        }
      }
      addTo(map, m.coef, bases, exps);
    }
    return new Poly(map);
  }

  times(other: Poly): Poly {
    const map = new Map<string, PolyTerm>();
    for (const a of this.terms.values()) {
      for (const b of other.terms.values()) {
        const { bases, exps } = mergeBases(a, b);
        addTo(map, numMul(a.coef, b.coef), bases, exps);
      }
    }
    return new Poly(map);
  }

  /** Back to the normal form: one make('add') of the monomials (exact zeros dropped). */
  toNormal(ops: TermOps<NTerm>): NTerm {
    const out: NTerm[] = [];
    for (const m of this.terms.values()) {
      if (numIsExact(m.coef) && numIsZero(m.coef)) continue;
      const factors: NTerm[] = [ops.number(m.coef)];
      for (let i = 0; i < m.bases.length; i++) {
        const e = m.exps[i];
        factors.push(e.n === 1n && e.d === 1n ? m.bases[i] : ops.make('pow', [m.bases[i], ops.number(e)]));
      }
      out.push(factors.length === 1 ? factors[0] : ops.make('mul', factors));
    }
    if (out.length === 0) return ops.number(ZERO);
    return out.length === 1 ? out[0] : ops.make('add', out);
  }
}

/** The bases of a·b: a merge of two id-sorted lists, exponents of equal bases added. */
function mergeBases(a: PolyTerm, b: PolyTerm): { bases: NTerm[]; exps: Rational[] } {
  const bases: NTerm[] = [];
  const exps: Rational[] = [];
  let i = 0;
  let j = 0;
  while (i < a.bases.length || j < b.bases.length) {
    const x = a.bases[i];
    const y = b.bases[j];
    if (j >= b.bases.length || (i < a.bases.length && x.id < y.id)) {
      bases.push(x);
      exps.push(a.exps[i++]);
    } else if (i >= a.bases.length || y.id < x.id) {
      bases.push(y);
      exps.push(b.exps[j++]);
    } else {
      const e = numAdd(a.exps[i++], b.exps[j++]) as Rational;
      if (e.n === 0n) continue; // u^a·u^-a → 1, as the normal form does
      bases.push(x);
      exps.push(e);
    }
  }
  return { bases, exps };
}

function addTo(map: Map<string, PolyTerm>, coef: Num, bases: NTerm[], exps: Rational[]): void {
  let key = '';
  for (let i = 0; i < bases.length; i++) {
    const e = exps[i];
    key += e.n === 1n && e.d === 1n ? `${bases[i].id},` : `${bases[i].id}^${e.n}/${e.d},`;
  }
  const m = map.get(key);
  if (m === undefined) map.set(key, { coef, bases, exps });
  else m.coef = numAdd(m.coef, coef);
}
