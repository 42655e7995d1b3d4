/**
 * Builds a rule's right-hand side from the bindings of a match (program.ts, RNode).
 * Segments are spliced into their call; for add/mul a single remaining argument stands for
 * itself and none for the identity element (0 or 1). A spliced call that the operator does not
 * allow (`sin(~~xs)` with two terms) makes the rule decline: `undefined`.
 */
import { TermError, type Term } from '../store.js';
import { defaultStore } from '../../terms.js';
import { AC_OPS, R_CALL, R_LIT, R_SEG, R_SLOT, type RNode } from './program.js';
import type { Value } from './matcher.js';

/** The identity element of add (0) and mul (1). */
export function acIdentity(op: string): Term {
  return defaultStore.integer(op === 'add' ? 0 : 1);
}

export function instantiate(n: RNode, vals: readonly Value[]): Term | undefined {
  switch (n.tag) {
    case R_LIT:
      return n.term;
    case R_SLOT:
      return vals[n.index] as Term;
    case R_SEG:
      return undefined; // rejected at compile time outside calls
    case R_CALL: {
      const args: Term[] = [];
      for (const a of n.args) {
        if (a.tag === R_SEG) {
          const run = vals[a.index] as readonly Term[];
          for (let i = 0; i < run.length; i++) args.push(run[i]);
        } else {
          const v = instantiate(a, vals);
          if (v === undefined) return undefined;
          args.push(v);
        }
      }
      if (!n.splice) return defaultStore.call(n.op, args);
      if (AC_OPS.has(n.op) && args.length < 2) return args.length === 1 ? args[0] : acIdentity(n.op);
      try {
        return defaultStore.call(n.op, args);
      } catch (e) {
        if (e instanceof TermError) return undefined;
        throw e;
      }
    }
  }
}
