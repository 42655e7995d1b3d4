/**
 * Rebuilding a call from rewritten arguments, shared by the iterative rewriters (rewriters.ts)
 * and the simplifier's pass (simplify/engine.ts): both keep the rewritten arguments of the node
 * being finished on top of a value stack.
 */
import { defaultStore } from '../terms.js';
import type { Term } from './store.js';

/**
 * `u` with its arguments replaced by `values[base]`, `values[base + 1]`, ... (as many as `u`
 * has), interned in the default store; `u` itself, with no allocation, when every one is the
 * argument it replaces (the common case: most subterms do not change).
 */
export function withArgsFrom(u: Term, values: readonly Term[], base: number): Term {
  const args = u.args;
  let changed: Term[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const c = values[base + i];
    if (changed !== undefined) changed.push(c);
    else if (c !== args[i]) {
      changed = args.slice(0, i);
      changed.push(c);
    }
  }
  return changed === undefined ? u : defaultStore.call(u.op, changed);
}
