/**
 * @symx/egraph — equality saturation over @symx/core terms, with the same `Rule`s as core's
 * classical rewriters: an e-graph with deferred rebuilding and analyses, e-matching compiled to
 * a small instruction machine, a runner with limits and schedulers, extraction by cost (tree or
 * DAG), explanations, and `simplify` / `equivalent`.
 */
export { EGraph, EGraphInvariantError, type EGraphOptions, type ENode, type Id } from './egraph.js';
export { type Analysis, type ConstantFoldingOptions, DEFAULT_FOLD_OPERATORS, foldConstant } from './analysis.js';
export { Matches, Program, compilePattern } from './ematch.js';
export { type EGraphBindings, type EGraphRule, compileRule, isEGraphBindings } from './rewrite.js';
export {
  type BackoffOptions,
  type Hook,
  type IterationReport,
  RUNNER_DEFAULTS,
  type RunReport,
  type RunResult,
  Runner,
  type RunnerOptions,
  type Scheduler,
  type StopReason,
  backoffScheduler,
  simpleScheduler,
} from './runner.js';
export { type CostFunction, type CostName, type DagCost, Extractor, type TermOptions, extract, extractDag } from './extract.js';
export { Explanation, ExplanationError, type ExplanationStep, MAX_EXPLANATION_STEPS, explain } from './explain.js';
export { type Condition, allOf, constOrDistinctVar, isConst, isSymbol, notZero } from './conditions.js';
export { MATH_SEXPR_OPERATORS, type Sexpr, SexprError, type SexprOptions, parseSexpr, sexprPattern, sexprTerm, termToSexpr } from './sexpr.js';
export {
  DEFAULT_RULES,
  SIMPLIFY_DEFAULTS,
  type Equivalence,
  type EquivalentOptions,
  type SaturationOptions,
  type SimplifyOptions,
  equivalent,
  simplify,
} from './simplify.js';
