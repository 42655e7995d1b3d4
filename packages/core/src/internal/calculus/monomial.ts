/**
 * Monomials of the normal form: a presented NF term read as coefficient · Π base^exponent with
 * exact exponents. Shared by the expander and the common-factor extraction.
 */
import { type Num, ONE, type Rational } from '../../numbers.js';
import type { TermOps } from '../../term.js';
import type { NTerm } from '../../normal.js';

/** coef · Π bases[i]^exps[i]; a number has no bases. */
export interface Monomial {
  readonly coef: Num;
  readonly bases: readonly NTerm[];
  readonly exps: readonly Rational[];
}

/**
 * `t` as a monomial: a number; mul(c?, f1, f2, ...) where each factor is b^e with an exact e
 * (a one-factor product) or any other term t^1; b^e; or t^1. Presented arguments follow
 * normal.ts: the coefficient comes first and is the only number.
 */
export function monomialOf(ops: TermOps<NTerm>, t: NTerm): Monomial {
  let coef: Num = ONE;
  const bases: NTerm[] = [];
  const exps: Rational[] = [];
  const addFactor = (f: NTerm): void => {
    if (ops.isCall(f) && ops.op(f) === 'pow') {
      const [b, e] = ops.args(f);
      if (ops.isNumber(e)) {
        const v = ops.numberValue(e);
        if (typeof v !== 'number') {
          bases.push(b);
          exps.push(v);
          return;
        }
      }
    }
    bases.push(f);
    exps.push(ONE);
  };
  if (ops.isNumber(t)) coef = ops.numberValue(t);
  else if (ops.isCall(t) && ops.op(t) === 'mul') {
    for (const a of ops.args(t)) {
      if (ops.isNumber(a)) coef = ops.numberValue(a);
      else addFactor(a);
    }
  } else addFactor(t);
  return { coef, bases, exps };
}
