/**
 * The normalizing constructor (`make`) and the presentation of NF terms as ordinary calls
 * (`op` / `args`), which together make the normal form a `TermOps` representation.
 *
 * Presentation, so that generic code (rewriters, printers, evaluate, toFlat) can walk NF terms:
 *   ADD  add(constant?, c1·t1, c2·t2, ...)   constant first when non-zero, then the terms in
 *                                            canonical order, each times its coefficient
 *   MUL  mul(coeff?, f1, f2, ...)             coefficient first unless it is exactly 1; a factor
 *                                            b^1 shows as b, b^e as the one-factor product b^e
 *        pow(b, e)                            a product that is a single power b^e (coefficient 1)
 *   POW  pow(base, exponent);  CALL  op(args)
 * Every presented argument is itself a canonical NF term, and `make(op(t), args(t)) === t`.
 */
import { HALF, MINUS_ONE, ONE, type Rational, numToNumber } from '../../numbers.js';
import { checkArity } from '../../operators.js';
import { callOf } from './calls.js';
import { NK_ADD, NK_CALL, NK_MUL, NK_NUMBER, NK_POW, NK_SYMBOL, NTerm, type NormalStore } from './nterm.js';
import { ProductBuilder } from './product.js';
import { isExactOne, isZeroNum, scaleTerm } from './shape.js';
import { SumBuilder } from './sum.js';
import { TermError } from '../store.js';

/** base^exponent in normal form. */
export function powOf(store: NormalStore, base: NTerm, exponent: NTerm): NTerm {
  if (exponent.kind === NK_NUMBER) {
    const e = exponent.value;
    if (typeof e !== 'number') return powRational(store, base, e);
    if (base.kind === NK_NUMBER) return store.number(Math.pow(numToNumber(base.value), e));
    if (e === 0) return store.number(1.0); // Math.pow(u, 0) is 1 for every u
    return store.internPow(base, exponent);
  }
  // 1^E is 1 wherever E is finite.
  if (base.kind === NK_NUMBER && (isExactOne(base.value) || base.value === 1)) return base;
  return store.internPow(base, exponent);
}

/** base^r for an exact r. */
export function powRational(store: NormalStore, base: NTerm, r: Rational): NTerm {
  if (isExactOne(r)) return base;
  return new ProductBuilder(store).mul(base, r).finish();
}

/**
 * `op(args)` normalized: sub(a, b) = a + (-1)·b, div(a, b) = a·b^-1, neg(a) = (-1)·a,
 * sqrt(a) = a^(1/2); add/mul/pow are collected (product.ts, sum.ts); anything else is a call.
 * Throws `TermError` for an unknown operator or a wrong argument count, `StaleTermError` for an
 * argument that is not a live term of this store.
 */
export function makeNormal(store: NormalStore, op: string, args: readonly NTerm[]): NTerm {
  const n = args.length;
  for (let i = 0; i < n; i++) store.check(args[i]);
  // The interpreted operators with a valid argument count; everything else below.
  switch (op) {
    case 'add':
      if (n >= 2) {
        const s = new SumBuilder(store);
        for (let i = 0; i < n; i++) s.add(args[i]);
        return s.finish();
      }
      break;
    case 'sub':
      if (n === 2) return new SumBuilder(store).add(args[0]).add(args[1], MINUS_ONE).finish();
      break;
    case 'neg':
      if (n === 1) return new SumBuilder(store).add(args[0], MINUS_ONE).finish();
      break;
    case 'mul':
      if (n >= 2) {
        const p = new ProductBuilder(store);
        for (let i = 0; i < n; i++) p.mul(args[i]);
        return p.finish();
      }
      break;
    case 'div':
      if (n === 2) return new ProductBuilder(store).mul(args[0]).mul(args[1], MINUS_ONE).finish();
      break;
    case 'pow':
      if (n === 2) return powOf(store, args[0], args[1]);
      break;
    case 'sqrt':
      if (n === 1) return powRational(store, args[0], HALF);
      break;
  }
  const err = checkArity(op, n);
  if (err !== undefined) throw new TermError(err);
  return callOf(store, op, args);
}

export function isCallNormal(t: NTerm): boolean {
  return t.kind !== NK_NUMBER && t.kind !== NK_SYMBOL;
}

/** The operator `t` presents itself as (see the file comment). Precondition: a call. */
export function opOfNormal(t: NTerm): string {
  switch (t.kind) {
    case NK_ADD:
      return 'add';
    case NK_MUL:
      return t.children.length === 1 && isExactOne(t.value) ? 'pow' : 'mul';
    case NK_POW:
      return 'pow';
    case NK_CALL:
      return t.name;
    default:
      throw new TermError(`op() needs a call, got the ${t.kind === NK_NUMBER ? 'number' : 'symbol'} ${String(t)}`);
  }
}

/** The arguments `t` presents (see the file comment), cached in the term. Precondition: a call. */
export function argsOfNormal(store: NormalStore, t: NTerm): readonly NTerm[] {
  if (t.kind === NK_POW || t.kind === NK_CALL) return t.children;
  const cached = t.argsCache;
  if (cached !== undefined) return cached;
  let out: NTerm[];
  if (t.kind === NK_ADD) {
    out = [];
    if (!isZeroNum(t.value)) out.push(store.number(t.value));
    for (let i = 0; i < t.children.length; i++) out.push(scaleTerm(store, t.children[i], t.nums[i]));
  } else if (t.kind === NK_MUL) {
    const bs = t.children;
    const es = t.nums as readonly Rational[];
    if (bs.length === 1 && isExactOne(t.value)) out = [bs[0], store.number(es[0])];
    else {
      out = [];
      if (!isExactOne(t.value)) out.push(store.number(t.value));
      for (let i = 0; i < bs.length; i++) out.push(isExactOne(es[i]) ? bs[i] : store.internMul(ONE, [bs[i]], [es[i]]));
    }
  } else {
    throw new TermError(`args() needs a call, got the ${t.kind === NK_NUMBER ? 'number' : 'symbol'} ${String(t)}`);
  }
  store.setArgsCache(t, out);
  return out;
}
