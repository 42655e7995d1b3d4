/**
 * Convenience entry points: `simplify` (saturate, then extract the cheapest term) and
 * `equivalent` (are two terms equal under the rules?), with a default algebra rule set.
 */
import {
  type Bindings,
  type Env,
  type Num,
  type Rule,
  type Term,
  EvaluationError,
  KIND_NUMBER,
  KIND_SYMBOL,
  evaluate,
  numCompare,
  numIsExact,
  numIsInteger,
  numIsNegative,
  numIsZero,
  rule,
} from '@symx/core';
import { notZero } from './conditions.js';
import { EGraph, type EGraphOptions, type Id } from './egraph.js';
import { type Explanation, explain } from './explain.js';
import { type CostFunction, type CostName, Extractor } from './extract.js';
import { type Hook, RUNNER_DEFAULTS, type RunResult, Runner, type Scheduler, type StopReason } from './runner.js';
import { isEGraphBindings } from './rewrite.js';
import { sexprPattern } from './sexpr.js';

function r(name: string, lhs: string, rhs: string, where?: (b: Bindings) => boolean): Rule {
  return rule({ name, source: `${lhs} => ${rhs}`, lhs: sexprPattern(lhs), rhs: sexprPattern(rhs), ...(where ? { where } : {}) });
}

/**
 * The default rules of `simplify` and `equivalent`: commutativity and associativity of `+` and
 * `*`, identities (`x+0`, `x*1`, `x*0`, `x-x`, `x/x` for x ≠ 0, `x^0`, `x^1`), subtraction,
 * negation and division in terms of `+`, `*` and `^-1` (and back), distribution and factoring,
 * `x*x = x^2` and `x^b * x^c = x^(b+c)` for integer exponents. Constant folding comes from the e-graph's analysis, not from rules. Every
 * rule holds for all finite real values where both sides are defined (the division rules ask
 * for a non-zero divisor).
 *
 * @example
 * simplify(parse('(x + 0) * (2 - 1)'), { rules: DEFAULT_RULES });   // x
 */
export const DEFAULT_RULES: readonly Rule[] = Object.freeze([
  r('comm-add', '(+ ?a ?b)', '(+ ?b ?a)'),
  r('comm-mul', '(* ?a ?b)', '(* ?b ?a)'),
  r('assoc-add', '(+ ?a (+ ?b ?c))', '(+ (+ ?a ?b) ?c)'),
  r('assoc-mul', '(* ?a (* ?b ?c))', '(* (* ?a ?b) ?c)'),
  r('sub-canon', '(- ?a ?b)', '(+ ?a (* -1 ?b))'),
  r('sub-uncanon', '(+ ?a (* -1 ?b))', '(- ?a ?b)'),
  r('neg-canon', '(neg ?a)', '(* -1 ?a)'),
  r('neg-uncanon', '(* -1 ?a)', '(neg ?a)'),
  r('div-canon', '(/ ?a ?b)', '(* ?a (pow ?b -1))', notZero('b')),
  r('div-uncanon', '(* ?a (pow ?b -1))', '(/ ?a ?b)', notZero('b')),
  r('zero-add', '(+ ?a 0)', '?a'),
  r('zero-mul', '(* ?a 0)', '0'),
  r('one-mul', '(* ?a 1)', '?a'),
  r('cancel-sub', '(- ?a ?a)', '0'),
  r('cancel-div', '(/ ?a ?a)', '1', notZero('a')),
  r('distribute', '(* ?a (+ ?b ?c))', '(+ (* ?a ?b) (* ?a ?c))'),
  r('factor', '(+ (* ?a ?b) (* ?a ?c))', '(* ?a (+ ?b ?c))'),
  r('double', '(+ ?a ?a)', '(* 2 ?a)'),
  r('collect', '(+ (* ?c ?a) ?a)', '(* (+ ?c 1) ?a)'),
  r('square', '(* ?a ?a)', '(pow ?a 2)'),
  r('unsquare', '(pow ?a 2)', '(* ?a ?a)'),
  r('pow0', '(pow ?a 0)', '1'),
  r('pow1', '(pow ?a 1)', '?a'),
  r('recip-mul', '(* ?a (pow ?a -1))', '1', notZero('a')),
  r('pow-add', '(* (pow ?a ?b) (pow ?a ?c))', '(pow ?a (+ ?b ?c))', intExponents('a', 'b', 'c')),
  r('pow-succ', '(* (pow ?a ?b) ?a)', '(pow ?a (+ ?b 1))', intExponents('a', 'b')),
]);

/**
 * The exponents are integer constants, and non-negative unless the base is known non-zero:
 * then a^b * a^c = a^(b+c) holds for every real a (with 0^0 = 1, as Math.pow has it).
 */
function intExponents(base: string, ...exps: string[]): (b: Bindings) => boolean {
  const zeroFree = notZero(base);
  return (bs) => {
    let negative = false;
    for (const e of exps) {
      const v = isEGraphBindings(bs) ? bs.constant(e) : constantOf(bs.get(e));
      if (v === undefined || !numIsInteger(v)) return false;
      if (numIsNegative(v)) negative = true;
    }
    if (!negative) return true;
    if (isEGraphBindings(bs)) {
      const c = bs.constant(base);
      return c !== undefined && !numIsZero(c);
    }
    return zeroFree(bs) && bs.get(base).kind === KIND_NUMBER;
  };
}

function constantOf(t: Term): Num | undefined {
  return t.kind === KIND_NUMBER ? t.value : undefined;
}

/**
 * Default limits of `simplify`: smaller than the Runner's, because simplification usually
 * sits in a loop (a symbolic-regression candidate is simplified in about 0.1 ms with these,
 * against several ms with the Runner's) and the best term is almost always found early.
 * `equivalent` uses the Runner's defaults (RUNNER_DEFAULTS): proofs may need more room.
 *
 * @example
 * format(simplify(parse('x*1 + 0'), { ...SIMPLIFY_DEFAULTS, nodeLimit: 20_000 })); // → 'x'
 */
export const SIMPLIFY_DEFAULTS = Object.freeze({ iterLimit: 8, nodeLimit: 2_500, timeLimit: 1_000 });

/**
 * Saturation options shared by `simplify` and `equivalent`.
 *
 * @example
 * const options: SaturationOptions = { iterLimit: 4, nodeLimit: 1000 };
 * format(simplify(parse('x*1 + 0'), options)); // → 'x'
 */
export interface SaturationOptions {
  /** Rules (default {@link DEFAULT_RULES}). */
  readonly rules?: readonly Rule[];
  /**
   * Limits (defaults: SIMPLIFY_DEFAULTS for `simplify`, RUNNER_DEFAULTS for `equivalent`).
   */
  readonly iterLimit?: number;
  readonly nodeLimit?: number;
  readonly timeLimit?: number;
  readonly scheduler?: Scheduler;
  /** E-graph options (constant folding on by default). */
  readonly egraph?: EGraphOptions;
}

/**
 * Options of {@link simplify}.
 *
 * @example
 * let stop;
 * const options: SimplifyOptions = { cost: 'ops', onRun: (r) => { stop = r.stopReason.kind; } };
 * format(simplify(parse('x*1 + 0'), options)); // → 'x'
 * stop; // → 'saturated'
 */
export interface SimplifyOptions extends SaturationOptions {
  /** What "simplest" means (default 'size'; 'ops' uses the operator cost table). */
  readonly cost?: CostName | CostFunction;
  /** Re-nest left-folded `add`/`mul` chains into variadic calls (default true). */
  readonly flatten?: boolean;
  /** Receives the run's result (stop reason, iterations, report). */
  readonly onRun?: (result: RunResult) => void;
}

/**
 * Simplifies a term by equality saturation: adds it to a fresh e-graph, runs the rules until
 * saturation or a limit, and extracts the cheapest equivalent term. A limit is not an error:
 * the best term found so far is returned (pass `onRun` to see why it stopped). Never returns
 * a costlier term than the input under the chosen cost (for `size` and `depth`, as core
 * measures them on variadic terms).
 *
 * @example
 * simplify(parse('x*1 + 0'));          // x
 * simplify(parse('2*x + 3*x'));        // 5*x
 */
export function simplify(t: Term, options: SimplifyOptions = {}): Term {
  const startedAt = performance.now();
  const settings = { ...SIMPLIFY_DEFAULTS, ...options };
  const { runner, roots } = newRunner(settings, [], [t], startedAt);
  const root = roots[0];
  const result = runner.run(options.rules ?? DEFAULT_RULES);
  options.onRun?.(result);
  // Out of time with a graph too large to extract from within twice the limit: the input is
  // the answer (never costlier; the stop reason went to onRun).
  if (result.stopReason.kind === 'time-limit') {
    const expected = performance.now() - startedAt + runner.egraph.nodeCount * EXTRACT_MS_PER_NODE;
    if (expected > 2 * settings.timeLimit) return t;
  }
  const cost = options.cost ?? 'size';
  const best = new Extractor(runner.egraph, cost).best<Term>(root, { flatten: options.flatten ?? true }).term;
  // The e-graph compares binarized forms; a variadic input can still be smaller in core's
  // own measures, and then it is kept.
  if (cost === 'size' && t.size < best.size) return t;
  if (cost === 'depth' && t.depth < best.depth) return t;
  return best;
}

/**
 * Options of {@link equivalent}.
 *
 * @example
 * const options: EquivalentOptions = { explain: true, samples: 0 };
 * const eq = equivalent(parse('x*1 + 0'), parse('x'), options);
 * [eq.result, eq.explanation !== undefined]; // → [true, true]
 */
export interface EquivalentOptions extends SaturationOptions {
  /** Random points for the numeric refutation (default 12; 0 disables it). */
  readonly samples?: number;
  /** Seed of those points (default 1). */
  readonly seed?: number;
  /** Also return the chain of rule applications when the result is `true` (default false). */
  readonly explain?: boolean;
}

/**
 * The answer of {@link equivalent}.
 *
 * @example
 * const eq: Equivalence = equivalent(parse('sin(x)'), parse('cos(x)'));
 * eq.result; // → false
 * typeof eq.witness.x; // → 'number'
 */
export interface Equivalence {
  /**
   * `true`: the rules prove the terms equal. `false`: they provably differ (distinct exact
   * constants, or a numeric counterexample). `'unknown'`: neither (a limit stopped the search,
   * or the rules saturated without connecting them).
   */
  readonly result: true | false | 'unknown';
  /** Why, in words. */
  readonly reason: string;
  /** How the saturation stopped (absent when no saturation was needed). */
  readonly stopReason?: StopReason;
  /** With `explain: true` and `result: true`: the rewrite chain from `a` to `b`. */
  readonly explanation?: Explanation;
  /** With a numeric refutation: the point where the two differ. */
  readonly witness?: Readonly<Record<string, number>>;
}

/**
 * Decides whether two terms are equal under the rules, by equality saturation.
 *
 * `false` is only returned with evidence: the constant analysis folded them to different
 * exact constants, or a numeric counterexample. The numeric test evaluates both terms at
 * `samples` random points (seeded; variables drawn from ±[0.1, 3]) and refutes only when at
 * least two points, and at least half of the points where both are finite, disagree by more
 * than 1e-6 relatively: a float rounding artifact at one point is not enough. Terms using
 * operators without numeric meaning (e.g. user-defined ones) skip this test.
 *
 * @example
 * equivalent(parse('(x + 1)*(x + 1)'), parse('x*x + 2*x + 1')).result;   // true
 * equivalent(parse('x + 1'), parse('x + 2')).result;                     // false
 */
export function equivalent(a: Term, b: Term, options: EquivalentOptions = {}): Equivalence {
  if (a === b) return { result: true, reason: 'the terms are identical' };
  const startedAt = performance.now();
  // the refutation may take at most half of the time limit
  const witnessDeadline = startedAt + (options.timeLimit ?? RUNNER_DEFAULTS.timeLimit) / 2;
  const witness = numericWitness(a, b, options.samples ?? 12, options.seed ?? 1, witnessDeadline);
  if (witness !== undefined)
    return { result: false, reason: `they differ numerically, e.g. at ${JSON.stringify(witness)}`, witness };
  let ra = -1;
  let rb = -1;
  const egraphOptions: EGraphOptions = options.explain ? { ...options.egraph, explanations: true } : { ...options.egraph };
  let verdict: 'equal' | 'distinct' | undefined;
  const hook: Hook = (run) => {
    const g = run.egraph;
    if (g.find(ra) === g.find(rb)) {
      verdict = 'equal';
      return 'proved equal';
    }
    const ca = g.constant(ra);
    const cb = g.constant(rb);
    if (ca !== undefined && cb !== undefined && numIsExact(ca) && numIsExact(cb) && numCompare(ca, cb) !== 0) {
      verdict = 'distinct';
      return 'distinct constants';
    }
    return undefined;
  };
  const { runner, roots } = newRunner({ ...options, egraph: egraphOptions }, [hook], [a, b], startedAt);
  [ra, rb] = roots;
  const result = runner.run(options.rules ?? DEFAULT_RULES);
  const g = runner.egraph;
  if (verdict === undefined) hook(runner); // the last iteration may have connected them
  const stopReason = result.stopReason;
  if (verdict === 'equal') {
    const explanation = options.explain ? explain(g, a, b) : undefined;
    return { result: true, reason: 'the rules prove them equal', stopReason, ...(explanation ? { explanation } : {}) };
  }
  if (verdict === 'distinct')
    return { result: false, reason: `they fold to different constants ${String(g.constant(ra))} and ${String(g.constant(rb))}`, stopReason };
  const why =
    stopReason.kind === 'saturated'
      ? 'the rules saturated without proving them equal (they may still be equal)'
      : stopReason.kind === 'iteration-limit'
        ? `stopped at the iteration limit (${stopReason.iterations}) before proving them equal`
        : stopReason.kind === 'node-limit'
          ? `stopped at the node limit (${stopReason.nodes} e-nodes) before proving them equal`
          : stopReason.kind === 'time-limit'
            ? `stopped at the time limit (${Math.round(stopReason.elapsedMs)} ms) before proving them equal`
            : `stopped by a hook: ${stopReason.message}`;
  return { result: 'unknown', reason: why, stopReason };
}

/** Conservative extraction time per e-node (measured ~2.4 µs on a loaded machine). */
const EXTRACT_MS_PER_NODE = 0.003;

/**
 * A runner over a fresh e-graph holding `terms` (their ids in `roots`). The time limit counts
 * from `startedAt`: adding a huge term (linear, not interruptible) and the numeric refutation
 * spend the same budget as the saturation, so the whole call honours the limit.
 */
function newRunner(
  options: SaturationOptions,
  hooks: Hook[],
  terms: readonly Term[],
  startedAt: number,
): { runner: Runner; roots: Id[] } {
  const egraph = new EGraph(options.egraph);
  const roots = terms.map((t) => egraph.addTerm(t));
  const limit = options.timeLimit ?? RUNNER_DEFAULTS.timeLimit;
  const runner = new Runner({
    egraph,
    hooks,
    ...(options.iterLimit !== undefined ? { iterLimit: options.iterLimit } : {}),
    ...(options.nodeLimit !== undefined ? { nodeLimit: options.nodeLimit } : {}),
    timeLimit: Math.max(0, limit - (performance.now() - startedAt)),
    ...(options.scheduler !== undefined ? { scheduler: options.scheduler } : {}),
  });
  runner.roots.push(...roots);
  return { runner, roots };
}

/** Variables of a term (iterative). */
function variables(t: Term, out: Set<string>): void {
  const stack = [t];
  const seen = new Set<Term>();
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (seen.has(u)) continue;
    seen.add(u);
    if (u.kind === KIND_SYMBOL) out.add(u.op);
    else for (const x of u.args) stack.push(x);
  }
}

/** A point where a and b clearly differ, or undefined (see `equivalent`). */
function numericWitness(a: Term, b: Term, samples: number, seed: number, deadline: number): Record<string, number> | undefined {
  if (samples <= 0) return undefined;
  const names = new Set<string>();
  variables(a, names);
  variables(b, names);
  let s = (seed >>> 0) || 1;
  const rand = (): number => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  let comparable = 0;
  let differing = 0;
  let first: Record<string, number> | undefined;
  let sampleMs = 0;
  for (let k = 0; k < samples; k++) {
    // stop before a sample that would end past the deadline (huge terms: fewer samples)
    const before = performance.now();
    if (before + sampleMs > deadline) break;
    const env: Record<string, number> = {};
    for (const n of names) env[n] = (rand() < 0.5 ? -1 : 1) * (0.1 + 2.9 * rand());
    let va: number;
    let vb: number;
    try {
      va = evaluate(a, env as Env);
      vb = evaluate(b, env as Env);
    } catch (e) {
      if (e instanceof EvaluationError) return undefined; // no numeric meaning
      throw e;
    }
    sampleMs = performance.now() - before;
    if (!Number.isFinite(va) || !Number.isFinite(vb)) continue;
    comparable++;
    if (Math.abs(va - vb) > 1e-6 * Math.max(1, Math.abs(va), Math.abs(vb))) {
      differing++;
      first ??= env;
    }
  }
  return differing >= 2 && differing * 2 >= comparable ? first : undefined;
}
