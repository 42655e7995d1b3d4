/**
 * The default simplifier: `simplify(t, opts?)`.
 *
 * What it does (internal/simplify/engine.ts has the mechanics):
 * - the normal form (normal.ts) does the algebra in one pass: exact rational arithmetic and
 *   constant folding, like terms and powers collected (x + 2*x → 3*x, x*x^2 → x^3, x^a*x^b →
 *   x^(a+b)), neutral and absorbing elements, cancellation (x - x → 0, x/x → 1, common factors
 *   of quotients: (x^2*y)/(x*y) → x, (2*x + 2)/(x + 1) → 2), sqrt(x)^2 → x, sqrt(x^2) → |x|;
 * - the shipped rule groups (rulesets/: arithmetic, powers, abs, explog, trig, hyperbolic),
 *   indexed by head operator, rewrite functions: log(exp(x)) → x, exp(a)*exp(b) → exp(a + b),
 *   sin(-x) → -sin(x), sin(x)/cos(x) → tan(x), 2*sin(x)*cos(x) → sin(2*x), ...;
 * - identities across the terms of a sum (internal/simplify/trigsum.ts): 3*sin(x)^2 +
 *   3*cos(x)^2 + y → y + 3, cosh(x)^2 - sinh(x)^2 → 1, exp(x) + exp(-x) → 2*cosh(x); and
 *   common factors of a sum and the product around it (internal/simplify/factor.ts):
 *   (x*y + x)/x → y + 1;
 * - rounds of rules and normalization repeat until nothing changes (or a limit is hit).
 *
 * Guarantees:
 * - Sound on the reals: the result equals the input at every point where the input is a real
 *   number. (Where the input is undefined — a division by zero, log of a negative — the result
 *   may be defined: x/x → 1 is done, as in every CAS.)
 * - Never larger: the result has no more nodes (`size`) and no higher operator cost
 *   (`operatorCost`, the CPU-cycle table of DESIGN.md) than the input. The simplified form is
 *   shown readably (x - y, x/y^2, 1/2*m*v^2, (v/c)^2); if that is larger than the input, the
 *   smallest or the cheapest display of it is tried (x*x instead of x^2: `^` costs 100, `*` 3),
 *   and if every display is larger the input itself is returned. So simplify(x^2) is x^2 and
 *   simplify(x*x) is x*x, and x + x stays x + x (`+` costs 1, `*` 3) while x + x + x + x
 *   becomes 4*x.
 * - Deterministic: the result depends on the input term only (and the options), never on how or
 *   in which order the term was built: the same term is the same object (hash-consing), and the
 *   normal form orders sums and products canonically, so a*b + c and c + b*a simplify alike
 *   (unless the input itself is returned: then each keeps its own form).
 * - Idempotent: simplify(simplify(t)) === simplify(t) whenever the first run reached its
 *   fixpoint (stopReason 'fixpoint').
 * - Bounded: every run honours its limits (time, rounds, size; DEFAULT_SIMPLIFY_LIMITS) and
 *   reports why it stopped (`simplifyWithReport`); a limit is never an exception.
 *
 * Assumption policy. A rewrite that is an identity only under a condition on its arguments runs
 * only when the condition is declared or provable:
 * - declared: `simplify(t, { assume: { x: 'positive', y: 'nonnegative' } })` (also 'negative',
 *   'nonpositive', 'nonzero'; variables are real-valued);
 * - provable from structure: numbers and pi, exp(u) and cosh(u) > 0, abs(u), sqrt(u), even powers
 *   and non-integer powers >= 0, sums and products of those (x^2 + 1 > 0), odd functions of them.
 * Guarded rewrites: exp(log(x)) → x needs x > 0 (otherwise the result would be defined where the
 * input is not); log(x^y) → y*log(x), log(x*y) → log(x) + log(y) and exp(y*log(x)) → x^y need
 * positive arguments; sqrt(x^2) → x and |x| → x need x >= 0; sin(asin(x)) → x needs |x| <= 1.
 * Rewrites that hold for all reals where the input is defined run unconditionally:
 * log(exp(x)) → x, log(x^3) → 3*log(x) (log(x^3) is defined only for x > 0), sqrt(x)^2 → x.
 *
 * Speed: tens of microseconds per physics formula. Results are cached per input term (until the
 * default store releases terms, e.g. at the end of a `defaultStore.scope`), and the private
 * normal-form store is recycled as it grows. For repeated calls with custom options, make one
 * configured function with `simplifier(opts)` and reuse it.
 */
import type { Limits, StopReason } from './limits.js';
import { type NTerm, defaultNormalStore, toNormal } from './normal.js';
import { type Rule, type RuleGroup, type RuleSet, isRule, ruleSet } from './rule.js';
import { SIMPLIFY_RULES } from './rulesets/index.js';
import { Term, defaultStore } from './terms.js';
import { Engine, type EngineConfig } from './internal/simplify/engine.js';
import { type Assumption, type Assumptions, assumptionMasks } from './internal/simplify/sign.js';

export * from './rulesets/index.js';
export type { Assumption, Assumptions };

/**
 * Default limits of `simplify`: 100 ms, 1,000 rounds, no size limit. A round is one pass of the
 * rules over the term and one normalization; the round limit applies to each unit simplified as
 * a whole (a term too large to normalize in the time left is simplified in chunks, each with its
 * own rounds). An ordinary formula needs one or two rounds and tens of microseconds.
 *
 * @example
 * format(simplify(parse('x*1'), { limits: { ...DEFAULT_SIMPLIFY_LIMITS, timeMs: 10 } })); // → 'x'
 */
export const DEFAULT_SIMPLIFY_LIMITS: Readonly<Limits> = Object.freeze({ timeMs: 100, iterations: 1000 });

/**
 * Rules for `simplify`: a rule set, a group, a rule, or a list of them.
 *
 * @example
 * const mine: SimplifyRules = [SIMPLIFY_RULES, rule('log(exp(~x)) => ~x')];
 * format(simplify(parse('log(exp(y)) + 0'), { rules: mine })); // → 'y'
 */
export type SimplifyRules = RuleSet | RuleGroup | Rule | readonly (RuleSet | RuleGroup | Rule)[];

/**
 * Options of {@link simplify}.
 *
 * @example
 * const options: SimplifyOptions = { assume: { x: 'positive' }, limits: { timeMs: 20 } };
 * format(simplify(parse('sqrt(x^2)'), options)); // → 'x'
 * format(simplify(parse('sqrt(x^2)'))); // → 'abs(x)'
 */
export interface SimplifyOptions {
  /**
   * The rules applied at every node (default: `SIMPLIFY_RULES`, every shipped group; `[]` for
   * none). With the normal form on, rules see it in rule form: sums and products only, x - y as
   * x + (-1)*y, x/y as x*y^(-1), sqrt(x) as x^(1/2) (so write `exp(~a)*exp(~b)`, not `~x/~y`).
   */
  readonly rules?: SimplifyRules;
  /** Declared signs of variables, e.g. `{ x: 'positive' }` (see the assumption policy). */
  readonly assume?: Assumptions;
  /** Limits of one run (default `DEFAULT_SIMPLIFY_LIMITS`; fields given here replace those). */
  readonly limits?: Limits;
  /**
   * Use the normal form for the algebra (default true). With false, only the rules rewrite the
   * term as it is written (the `arithmetic` group then does the folding).
   */
  readonly normal?: boolean;
  /** Apply the sum identities (sin² + cos² = 1 with any coefficients, ...; default true). */
  readonly sumIdentities?: boolean;
  /**
   * 'plain' (default): a readable plain term (x - y, x/y). 'normal': the `NTerm` of the
   * simplified normal form, in `defaultNormalStore` (not subject to the never-larger rule).
   */
  readonly form?: 'plain' | 'normal';
}

/**
 * What {@link simplifyWithReport} returns.
 *
 * @example
 * const report: SimplifyReport = simplifyWithReport(parse('x*y/y'));
 * [format(report.term), report.stopReason, report.changed]; // → ['x', 'fixpoint', true]
 */
export interface SimplifyReport {
  /** The simplified term (the input itself when nothing smaller was found). */
  readonly term: Term;
  /** Why the run stopped: 'fixpoint' (done), 'time', 'iterations' or 'size'. */
  readonly stopReason: StopReason;
  /** Rounds run (rule passes over the term); 0 when the result came from the cache. */
  readonly iterations: number;
  readonly elapsedMs: number;
  /** Whether `term` differs from the input. */
  readonly changed: boolean;
}

const defaultEngine = new Engine({ rules: SIMPLIFY_RULES, normal: true, sumIdentities: true, assume: new Map() });
/** Engines for custom options, per rules object and option key. */
const engines = new WeakMap<object, Map<string, Engine>>();
const NO_RULES: object = {};
const MAX_ENGINES_PER_RULES = 64;
/** The rule set of each `rules` option value (arrays are compiled into a set once). */
const ruleSets = new WeakMap<object, RuleSet>();

function toRuleSet(rules: SimplifyRules): RuleSet {
  if (typeof rules === 'function' && (rules as RuleSet).kind === 'ruleset') return rules as RuleSet;
  const items = Array.isArray(rules) ? rules : [rules];
  for (const r of items as unknown[]) {
    const ok =
      isRule(r) ||
      (typeof r === 'object' && r !== null && (r as RuleGroup).kind === 'group') ||
      (typeof r === 'function' && (r as RuleSet).kind === 'ruleset');
    if (!ok) throw new TypeError(`simplify: 'rules' must be rules, rule groups or rule sets, got ${r === null ? 'null' : typeof r}`);
  }
  return ruleSet(...(items as (Rule | RuleGroup | RuleSet)[]));
}

function engineFor(opts: SimplifyOptions | undefined): Engine {
  if (opts === undefined) return defaultEngine;
  const { rules, assume, normal, sumIdentities } = opts;
  if (rules === undefined && assume === undefined && (normal ?? true) && (sumIdentities ?? true)) return defaultEngine;
  const masks = assumptionMasks(assume);
  const key = `${normal ?? true}|${sumIdentities ?? true}|${[...masks].map(([k, m]) => `${k}:${m}`).sort().join(',')}`;
  const owner: object = rules ?? NO_RULES;
  let byKey = engines.get(owner);
  if (byKey === undefined) {
    byKey = new Map();
    engines.set(owner, byKey);
  }
  let e = byKey.get(key);
  if (e === undefined) {
    // Bounded: a caller cycling through many assumption sets should use `simplifier(opts)`.
    if (byKey.size >= MAX_ENGINES_PER_RULES) byKey.clear();
    let set = rules === undefined ? SIMPLIFY_RULES : ruleSets.get(rules);
    if (set === undefined) {
      set = toRuleSet(rules!);
      ruleSets.set(rules!, set);
    }
    const config: EngineConfig = {
      rules: set.rules.length === 0 ? undefined : set,
      normal: normal ?? true,
      sumIdentities: sumIdentities ?? true,
      assume: masks,
    };
    e = new Engine(config);
    byKey.set(key, e);
  }
  return e;
}

function checkTerm(t: unknown, where: string): asserts t is Term {
  if (!(t instanceof Term)) throw new TypeError(`${where}: expected a Term, got ${t === null ? 'null' : typeof t}`);
  if (!defaultStore.owns(t))
    throw new TypeError(
      `${where}: the term belongs to another TermStore or was released; simplify works on live terms of the default store`,
    );
}

function limitsOf(opts: SimplifyOptions | undefined): Limits {
  return opts?.limits === undefined ? DEFAULT_SIMPLIFY_LIMITS : { ...DEFAULT_SIMPLIFY_LIMITS, ...opts.limits };
}

/**
 * Simplifies `t` (see the file comment for what, and for the guarantees): mathematically equal
 * on the reals where `t` is defined, never larger by size or operator cost, deterministic,
 * idempotent, within its limits.
 *
 * @example
 * simplify(parse('x*y*x/(x*y)'));                                   // x
 * simplify(parse('(2*x + 2)/(x + 1)'));                             // 2
 * simplify(parse('3*sin(x)^2 + 3*cos(x)^2 + y'));                   // y + 3
 * simplify(parse('log(exp(x)) + 0*y - (a - a)'));                   // x
 * simplify(parse('sqrt(x^2)'));                                     // abs(x)
 * simplify(parse('sqrt(x^2)'), { assume: { x: 'nonnegative' } });   // x
 * simplify(parse('x + x'), { form: 'normal' });                     // the NTerm 2*x
 */
export function simplify(t: Term, opts?: SimplifyOptions & { readonly form?: 'plain' }): Term;
export function simplify(t: Term, opts: SimplifyOptions & { readonly form: 'normal' }): NTerm;
export function simplify(t: Term, opts?: SimplifyOptions): Term | NTerm;
export function simplify(t: Term, opts?: SimplifyOptions): Term | NTerm {
  checkTerm(t, 'simplify');
  const form = opts?.form ?? 'plain';
  if (form !== 'plain' && form !== 'normal') throw new TypeError(`simplify: 'form' must be 'plain' or 'normal', got ${JSON.stringify(form)}`);
  const r = engineFor(opts).run(t, limitsOf(opts));
  if (form === 'plain') return r.term;
  return toNormal(r.canonical ?? r.term, defaultNormalStore);
}

/**
 * `simplify` with the run's report: the term, why it stopped, how many rounds, how long.
 * Limits are never exceptions: a run that hits one returns the best term found so far (always a
 * sound simplification, never larger than the input) with `stopReason` set.
 *
 * @example
 * const r = simplifyWithReport(parse('sin(x)^2 + cos(x)^2'), { limits: { timeMs: 5 } });
 * r.term;         // 1
 * r.stopReason;   // 'fixpoint'
 */
export function simplifyWithReport(t: Term, opts?: SimplifyOptions): SimplifyReport {
  checkTerm(t, 'simplifyWithReport');
  const r = engineFor(opts).run(t, limitsOf(opts));
  return { term: r.term, stopReason: r.stopReason, iterations: r.iterations, elapsedMs: r.elapsedMs, changed: r.term !== t };
}

/**
 * A simplifier configured once (rules, assumptions, limits): for loops that simplify many
 * terms with custom options. It shares the caches of every simplifier with the same options.
 *
 * @example
 * const simp = simplifier({ assume: { x: 'positive' }, limits: { timeMs: 5 } });
 * [parse('sqrt(x^2)'), parse('x/x')].map((t) => format(simp(t))); // → ['x', '1']
 */
export function simplifier(opts?: SimplifyOptions & { readonly form?: 'plain' }): (t: Term) => Term {
  const engine = engineFor(opts);
  const limits = limitsOf(opts);
  if (opts?.form !== undefined && opts.form !== 'plain') throw new TypeError(`simplifier: only the 'plain' form is supported, got ${JSON.stringify(opts.form)}`);
  return (t: Term) => {
    checkTerm(t, 'simplifier');
    return engine.run(t, limits).term;
  };
}
