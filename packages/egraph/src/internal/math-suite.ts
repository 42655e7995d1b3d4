/**
 * egg's math test suite as data (test-data/math-suite.json): turns its rules (S-expression
 * patterns plus named conditions) into core `Rule`s. Used by the tests and the benchmark.
 */
import { type Rule, type Term, defineOperator, rule } from '@symx/core';
import { type Condition, allOf, constOrDistinctVar, isConst, isSymbol, notZero } from '../conditions.js';
import { EGraph, type Id } from '../egraph.js';
import { type RunResult, Runner, backoffScheduler, simpleScheduler } from '../runner.js';
import { parseSexpr, sexprPattern, sexprTerm } from '../sexpr.js';

/** A rule as the suite file states it. */
export interface SuiteRule {
  readonly name: string;
  readonly lhs: string;
  readonly rhs: string;
  readonly condition?: readonly string[];
}

/** Declares the suite's own operators: `(d v e)` derivative and `(i e v)` antiderivative. */
export function declareMathOperators(): void {
  defineOperator('d', 2, 100);
  defineOperator('i', 2, 100);
}

function condition(src: string, ruleName: string): Condition {
  const e = parseSexpr(src);
  if (!('list' in e) || e.list.some((x) => !('atom' in x)))
    throw new RangeError(`rule '${ruleName}': bad condition ${src}`);
  const [head, ...args] = e.list.map((x) => ('atom' in x ? x.atom : ''));
  const v = args.map((a) => {
    if (!a.startsWith('?')) throw new RangeError(`rule '${ruleName}': condition argument ${a} is not a slot`);
    return a.slice(1);
  });
  switch (head) {
    case 'not-zero':
      return notZero(v[0]);
    case 'is-symbol':
      return isSymbol(v[0]);
    case 'is-const':
      return isConst(v[0]);
    case 'const-or-distinct-var':
      return constOrDistinctVar(v[0], v[1]);
    default:
      throw new RangeError(`rule '${ruleName}': unknown condition '${head}'`);
  }
}

/** A core Rule from a suite rule. */
export function suiteRule(r: SuiteRule): Rule {
  declareMathOperators();
  const conds = (r.condition ?? []).map((c) => condition(c, r.name));
  return rule({
    name: r.name,
    source: `${r.lhs} => ${r.rhs}`,
    lhs: sexprPattern(r.lhs),
    rhs: sexprPattern(r.rhs),
    ...(conds.length > 0 ? { where: conds.length === 1 ? conds[0] : allOf(...conds) } : {}),
  });
}

/** The parts of the suite file the runner needs. */
export interface SuiteFile {
  readonly rules: readonly SuiteRule[];
  readonly 'runner-defaults': {
    readonly 'iter-limit': number;
    readonly 'node-limit': number;
    readonly 'time-limit-s': number;
    readonly scheduler: { readonly 'initial-match-limit': number; readonly 'ban-length': number };
  };
  readonly cases: readonly SuiteCase[];
}

/** One test case of the suite. */
export interface SuiteCase {
  readonly name: string;
  readonly start: string;
  readonly goals: readonly string[];
  readonly rules: 'all' | readonly string[];
  readonly analysis?: string;
  readonly limits?: { readonly 'iter-limit'?: number; readonly 'node-limit'?: number; readonly 'time-limit-s'?: number };
  readonly scheduler?: { readonly kind: string };
  readonly 'stop-on-goals'?: boolean;
  readonly 'extra-roots'?: readonly string[];
  readonly explanations?: boolean;
  readonly expect: { readonly goals?: string; readonly 'stop-reason'?: string; readonly eclasses?: number };
}

/** What running a case gives. */
export interface CaseOutcome {
  readonly proved: boolean;
  readonly result: RunResult;
  readonly runner: Runner;
  readonly root: Id;
  readonly goals: readonly Term[];
  readonly start: Term;
}

const ruleCache = new WeakMap<SuiteFile, Map<string, Rule>>();

/** The suite's rules by name (built once per suite object). */
export function suiteRules(suite: SuiteFile): Map<string, Rule> {
  let m = ruleCache.get(suite);
  if (m === undefined) {
    m = new Map(suite.rules.map((r) => [r.name, suiteRule(r)]));
    ruleCache.set(suite, m);
  }
  return m;
}

/**
 * Runs one case as egg's test harness does: egg-compatible constant folding (`+ - * /` only,
 * with pruning) unless the case says `analysis: none`, the case's limits and scheduler, goals
 * checked by a hook before each iteration (unless `stop-on-goals` is false), extra roots added
 * before the start term.
 */
export function runSuiteCase(suite: SuiteFile, c: SuiteCase, options: { debug?: boolean } = {}): CaseOutcome {
  return prepareSuiteCase(suite, c, options)();
}

/**
 * Parses a case once and returns a function that runs it from scratch (new e-graph and
 * runner each call): what the benchmark times.
 */
export function prepareSuiteCase(suite: SuiteFile, c: SuiteCase, options: { debug?: boolean } = {}): () => CaseOutcome {
  declareMathOperators();
  const byName = suiteRules(suite);
  const rules = c.rules === 'all' ? [...byName.values()] : c.rules.map((n) => byName.get(n)!);
  const d = suite['runner-defaults'];
  const lim = c.limits ?? {};
  const goals = c.goals.map((s) => sexprTerm(s));
  const extra = (c['extra-roots'] ?? []).map((s) => sexprTerm(s));
  const start = sexprTerm(c.start);
  const stopOnGoals = c['stop-on-goals'] !== false && goals.length > 0;
  const folding = c.analysis === 'none' ? false : { operators: ['add', 'sub', 'mul', 'div'], prune: true };
  return () => {
    const egraph = new EGraph({ constantFolding: folding, explanations: c.explanations === true, debug: options.debug === true });
    let root = -1 as Id;
    const proved = (): boolean =>
      goals.every((gt) => {
        const id = egraph.lookupTerm(gt);
        return id !== undefined && egraph.find(id) === egraph.find(root);
      });
    const runner = new Runner({
      egraph,
      iterLimit: lim['iter-limit'] ?? d['iter-limit'],
      nodeLimit: lim['node-limit'] ?? d['node-limit'],
      timeLimit: (lim['time-limit-s'] ?? d['time-limit-s']) * 1000,
      scheduler:
        c.scheduler?.kind === 'simple'
          ? simpleScheduler()
          : backoffScheduler({ matchLimit: d.scheduler['initial-match-limit'], banLength: d.scheduler['ban-length'] }),
      hooks: stopOnGoals ? [() => (proved() ? 'proved all goals' : undefined)] : [],
    });
    for (const e of extra) runner.addTerm(e);
    root = runner.addTerm(start);
    const result = runner.run(rules);
    return { proved: proved(), result, runner, root, goals, start };
  };
}
