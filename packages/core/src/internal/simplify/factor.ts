/**
 * Common factors of a sum against the product it sits in: (x·y + x)/x → (y + 1), the quotient
 * counterpart of what the normal form does with numbers ((2·x + 2)/(x + 1) → 2). Runs at `mul`
 * nodes of the rule form (ruleform.ts).
 *
 * For a factor A^n of the product (A a sum, n an integer), the monomial G common to every term
 * of A is found (each base with its smallest exponent when all terms have it with the same
 * sign). If some base of G occurs elsewhere in the product with the opposite sign, A^n is
 * rewritten as G^n·(A/G)^n, and the normalization that follows cancels. A = G·(A/G) term by
 * term is an exact identity; the cancellation that follows only drops points where the input
 * divides by zero. Linear in the size of the product.
 */
import { type Rational, ONE, ZERO, numAdd, numSub, rational } from '../../numbers.js';
import { defaultStore } from '../../terms.js';
import { KIND_CALL, KIND_NUMBER, type Term } from '../store.js';

/** base^e as (base, exact e) for a factor of the rule form. */
function split(f: Term): { base: Term; e: Rational } {
  if (f.kind === KIND_CALL && f.op === 'pow') {
    const e = f.args[1];
    if (e.kind === KIND_NUMBER && typeof e.value !== 'number') return { base: f.args[0], e: e.value };
  }
  return { base: f, e: ONE };
}

/** Factors of one term of a sum (its number coefficient apart), equal bases merged. */
function termFactors(t: Term): { c: Term | undefined; fs: { base: Term; e: Rational }[] } {
  if (t.kind === KIND_NUMBER) return { c: t, fs: [] };
  if (!(t.kind === KIND_CALL && t.op === 'mul')) return { c: undefined, fs: [split(t)] };
  const first = t.args[0].kind === KIND_NUMBER ? t.args[0] : undefined;
  const merged = new Map<Term, Rational>();
  for (const f of first ? t.args.slice(1) : t.args) {
    const { base, e } = split(f);
    const old = merged.get(base);
    merged.set(base, old === undefined ? e : (numAdd(old, e) as Rational));
  }
  return { c: first, fs: [...merged].map(([base, e]) => ({ base, e })) };
}

function power(base: Term, e: Rational): Term | undefined {
  if (e.n === 0n) return undefined;
  if (e.n === 1n && e.d === 1n) return base;
  return defaultStore.call2('pow', base, defaultStore.number(e));
}

/** The rewritten product, or undefined when no sum shares a factor the product cancels. */
export function commonFactors(t: Term): Term | undefined {
  if (t.kind !== KIND_CALL || t.op !== 'mul') return undefined;
  const args = t.args;
  // Exponent sign of each base among the product's own factors.
  const outside = new Map<Term, Rational>();
  let sumAt = -1;
  for (let i = 0; i < args.length; i++) {
    const { base, e } = split(args[i]);
    if (base.kind === KIND_CALL && base.op === 'add' && e.d === 1n) {
      if (sumAt < 0) sumAt = i;
      continue;
    }
    if (base.kind !== KIND_NUMBER) {
      const old = outside.get(base) ?? ZERO;
      outside.set(base, numAdd(old, e) as Rational);
    }
  }
  if (sumAt < 0 || outside.size === 0) return undefined;
  for (let i = sumAt; i < args.length; i++) {
    const { base: a, e: n } = split(args[i]);
    if (!(a.kind === KIND_CALL && a.op === 'add' && n.d === 1n)) continue;
    const terms = a.args.map(termFactors);
    // The common monomial: bases in every term with exponents of one sign.
    const common = new Map<Term, Rational>();
    for (const f of terms[0].fs) common.set(f.base, f.e);
    for (let k = 1; k < terms.length && common.size > 0; k++) {
      const here = new Map<Term, Rational>();
      for (const f of terms[k].fs) here.set(f.base, f.e);
      for (const [b, e] of common) {
        const e2 = here.get(b);
        if (e2 === undefined || e2.n > 0n !== e.n > 0n) common.delete(b);
        else if (e.n > 0n ? lt(e2, e) : lt(e, e2)) common.set(b, e2);
      }
    }
    // Worth it only if a common base cancels against the rest of the product.
    let cancels = false;
    for (const [b, e] of common) {
      const o = outside.get(b);
      // G^n brings b^(e·n): it cancels against b^o outside when the signs differ.
      if (o !== undefined && o.n !== 0n && o.n > 0n !== e.n * n.n > 0n) cancels = true;
    }
    if (!cancels) continue;
    const reduced: Term[] = [];
    for (const tm of terms) {
      const fs: Term[] = tm.c ? [tm.c] : [];
      for (const f of tm.fs) {
        const g = common.get(f.base);
        const p = power(f.base, g === undefined ? f.e : (numSub(f.e, g) as Rational));
        if (p !== undefined) fs.push(p);
      }
      reduced.push(fs.length === 0 ? defaultStore.integer(1) : fs.length === 1 ? fs[0] : defaultStore.call('mul', fs));
    }
    const out: Term[] = [];
    for (let j = 0; j < args.length; j++) if (j !== i) out.push(args[j]);
    for (const [b, e] of common) {
      const p = power(b, rational(e.n * n.n, e.d));
      if (p !== undefined) out.push(p);
    }
    const inner = defaultStore.call('add', reduced);
    out.push(n.n === 1n ? inner : defaultStore.call2('pow', inner, defaultStore.number(n)));
    return out.length === 1 ? out[0] : defaultStore.call('mul', out);
  }
  return undefined;
}

function lt(a: Rational, b: Rational): boolean {
  return a.n * b.d < b.n * a.d;
}
