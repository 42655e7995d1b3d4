/**
 * The two simplifiers behind one call, as the CLI and the server offer them: 'classical'
 * (core's rule-based `simplify`: normal form plus rule groups, microseconds for ordinary
 * formulas) and 'egraph' (equality saturation with the e-graph's default rules, then
 * extraction of the smallest term).
 */
import { type Term, simplifyWithReport } from '@symx/core';
import { simplify as egraphSimplify } from '@symx/egraph';

export const ENGINES = ['classical', 'egraph'] as const;
export type Engine = (typeof ENGINES)[number];

export interface SimplifyResult {
  readonly term: Term;
  /** Why the run stopped: 'fixpoint'/'saturated' when it finished, otherwise the limit hit. */
  readonly stopReason: string;
  readonly elapsedMs: number;
}

/**
 * Simplifies `t` with the chosen engine within `timeLimitMs` (default: the engine's own limits:
 * 100 ms classical, 1 s e-graph). A limit is never an error: the best term so far comes back.
 *
 * @example
 * simplifyTerm(parse('x*1 + 0'), 'egraph').term;   // x
 */
export function simplifyTerm(t: Term, engine: Engine, timeLimitMs?: number): SimplifyResult {
  if (engine === 'classical') {
    const r = simplifyWithReport(t, timeLimitMs === undefined ? undefined : { limits: { timeMs: timeLimitMs } });
    return { term: r.term, stopReason: r.stopReason, elapsedMs: r.elapsedMs };
  }
  const start = performance.now();
  let stopReason = 'saturated';
  const term = egraphSimplify(t, {
    ...(timeLimitMs === undefined ? {} : { timeLimit: timeLimitMs }),
    onRun: (r) => void (stopReason = r.stopReason.kind),
  });
  return { term, stopReason, elapsedMs: performance.now() - start };
}
