/**
 * Calls the normal form does not interpret (sin, exp, min, user operators...), with the little
 * folding that is exact: `abs` of a number is its magnitude and abs(abs(u)) is abs(u). Nothing
 * else is evaluated: sin(0) stays sin(0), so no float ever replaces an exact expression.
 */
import { numNeg, numIsNegative } from '../../numbers.js';
import { NK_CALL, NK_NUMBER, type NTerm, type NormalStore } from './nterm.js';

/** |u| in normal form. */
export function absOf(store: NormalStore, u: NTerm): NTerm {
  if (u.kind === NK_NUMBER) {
    const v = u.value;
    if (typeof v === 'number') return Number.isNaN(v) || !(v < 0 || Object.is(v, -0)) ? u : store.number(-v);
    return numIsNegative(v) ? store.number(numNeg(v)) : u;
  }
  if (u.kind === NK_CALL && u.name === 'abs') return u;
  return store.internCall('abs', [u]);
}

/** `op(args)` for an operator that is not add/sub/mul/div/pow/neg/sqrt. Arity is checked by the caller. */
export function callOf(store: NormalStore, op: string, args: readonly NTerm[]): NTerm {
  if (op === 'abs') return absOf(store, args[0]);
  return store.internCall(op, args.slice());
}
