/**
 * The rule API: `rule`, `rules`, `ruleGroup`, `ruleSet`. One `Rule` object runs in both engines:
 * the classical rewriters call `apply` (this file's matcher), the e-graph reads `lhs`, `rhs`
 * and `condition`.
 *
 * Rule source: `lhs => rhs where cond, cond` with infix patterns (see `parse`, slots mode):
 *   `~x`        any term; repeated names must match the same term (`~x - ~x`)
 *   `~~xs`      a run of arguments (segment), possibly empty where the operator allows it
 *   `~x:type`   a typed slot: number, integer, rational, float, symbol, call, constant,
 *               positive, nonnegative, negative, nonzero, even, odd, or a user predicate name
 *               given in `opts.predicates`
 *   `where`     side conditions `pred(~x)`, `!pred(~x)`, `not pred(~x)`, joined by `,`/`and`;
 *               any other condition: `opts.where` (a function of the bindings)
 * A right-hand side may instead be a function of the bindings returning a term, or undefined
 * to decline: `rule('~x:number + ~y:number', (b) => ...)`.
 *
 * ## Matching (classical engine)
 * - `Rule.apply(t)` rewrites at the root only; rewriters.ts does traversal.
 * - `add` and `mul` match modulo associativity and commutativity. Nested same-operator calls
 *   of the term are flattened; each non-segment pattern argument takes one term argument, in
 *   any order, trying alternatives by backtracking. Surplus term arguments go to the
 *   segment slot(s) if any; otherwise to one plain slot bound to `op(surplus...)` (each slot in
 *   turn, the last first: `~a * ~b` over `p*q*r` binds a=p, b=q*r first, then every other way);
 *   otherwise, at the root only, they stay outside the rewrite: `~x + ~x => 2*~x` turns
 *   `a + b + a` into `2*a + b` (the result takes the place of the first matched argument;
 *   a result that is the exact identity 0/1 is dropped, one of the same operator spliced).
 * - Bounded: every candidate tried counts as a step and linear work (entering an add/mul,
 *   scanning for a bound term, collecting leftovers) is charged by its length; after
 *   `maxSteps` (default 4096) per attempt the rule gives up on that term (a non-match, which
 *   is always sound), and inside a driver the search also stops at the time limit. Cheap
 *   filters reject most attempts before any binding is made: head operator, arity, literal
 *   arguments, operators of argument positions, and for a repeated slot among add/mul
 *   arguments (`~x + ~x`) the need for two identical arguments.
 * - A rule "fires" only when it changes the term: a match whose result is the input itself is
 *   skipped and the search continues.
 * - Rules live in the default store: patterns' literals and built terms belong to it.
 */
import {
  type Pattern,
  type Predicates,
  formatPattern,
  isPattern,
  patternFromTerm,
  patternSlots,
} from './pattern.js';
import type { Rewriter, Tracer } from './rewriters.js';
import { nowMs } from './limits.js';
import { KIND_CALL, Term } from './internal/store.js';
import { type CompileContext, compileLhs, compileRhs, ruleError } from './internal/match/compile.js';
import { RuleError, UnsupportedPatternError } from './internal/match/errors.js';
import { CompiledRule } from './internal/match/rule-impl.js';
import { type Side, type WhereClause, parseSide, parseWhere, slotTokens, splitSource } from './internal/match/source.js';

export { RuleError, UnsupportedPatternError };

/**
 * The terms bound by a match. In the e-graph, `get` returns a representative term.
 *
 * @example
 * const swapIfSmaller = rule('~x + ~y', (b: Bindings) => (b.get('y').size < b.get('x').size ? add(b.get('y'), b.get('x')) : undefined));
 * format(swapIfSmaller.apply(parse('sin(x) + y'))); // → 'y + sin(x)'
 */
export interface Bindings {
  /** Term bound to slot `~name`. Throws RangeError for an unknown, unbound or segment slot. */
  get(name: string): Term;
  /** Terms bound to segment slot `~~name`. */
  getSegment(name: string): readonly Term[];
  /** Whether slot `name` is bound. */
  has(name: string): boolean;
}

/**
 * A right-hand side computed from the bindings; `undefined` declines the match.
 *
 * @example
 * const fold: RhsFunction = (b) => num(numAdd(b.get('x').value, b.get('y').value));
 * format(rule('~x:number + ~y:number', fold).apply(parse('2 + 1/2'))); // → '5/2'
 */
export type RhsFunction = (b: Bindings) => Term | undefined;

/**
 * A compiled rewrite rule: its source, the parsed patterns and the matcher, shared by the
 * classical rewriters (`apply`, `match`) and the e-graph (which reads `lhs`, `rhs`, `condition`).
 *
 * @example
 * const r = rule('~x * (~y + ~z) => ~x*~y + ~x*~z');
 * r.slots; // → ['x', 'y', 'z']
 * r.headOp; // → 'mul'
 * format(r.apply(parse('a*(b + 1)'))); // → 'a*b + a*1'
 * Object.keys(r.match(parse('a*(b + 1)'))); // → ['x', 'y', 'z']
 */
export interface Rule {
  readonly name: string;
  /** The text it was made from (or a description for rules built from patterns). */
  readonly source: string;
  readonly lhs: Pattern;
  readonly rhs: Pattern | RhsFunction;
  /** Side condition (including the `where` clauses of the source); through `Bindings` only. */
  readonly condition?: (b: Bindings) => boolean;
  /** Slot names bound by the left-hand side, in order of first occurrence. */
  readonly slots: readonly string[];
  /** Operator at the root of the left-hand side; undefined when the rule may match a leaf. */
  readonly headOp: string | undefined;
  /** Whether the patterns use segment slots (unsupported by the e-graph). */
  readonly hasSegments: boolean;
  /** Classical engine: rewrite `t` at its root, or undefined if no match (or no change). */
  apply(t: Term): Term | undefined;
  /** Bindings of the first match of `t` at the root (condition checked), or undefined. */
  match(t: Term): Record<string, Term | readonly Term[]> | undefined;
}

/**
 * Options of `rule`, `rules` and `ruleGroup`.
 *
 * @example
 * const options: RuleOptions = { name: 'dropTiny', predicates: { tiny: (t) => t.kind === KIND_NUMBER && Math.abs(numToNumber(t.value)) < 1e-12 } };
 * format(rule('~x + ~c:tiny => ~x', options).apply(parse('y + 1e-15'))); // → 'y'
 */
export interface RuleOptions {
  /** Name for messages and statistics (default: the source text). */
  readonly name?: string;
  /** User predicates usable as slot types and in `where` clauses. */
  readonly predicates?: Predicates;
  /** Extra side condition, checked after the `where` clauses. */
  readonly where?: (b: Bindings) => boolean;
  /** Matcher step cap per `apply` (default 4096). */
  readonly maxSteps?: number;
}

/**
 * A rule from parts: patterns, terms (with `~x` symbols), or source text for each side.
 *
 * @example
 * const r = rule({ name: 'double', lhs: '~x + ~x', rhs: mul(int(2), sym('~x')) });
 * format(r.apply(parse('y + y'))); // → '2*y'
 */
export interface RuleSpec extends RuleOptions {
  readonly lhs: string | Pattern | Term;
  readonly rhs: string | Pattern | Term | RhsFunction;
  /** Source text to keep (default: built from the sides). */
  readonly source?: string;
}

/**
 * Default matcher step cap per attempt (see "Matching" above).
 *
 * @example
 * rule('~x*~y + ~x*~z => ~x*(~y + ~z)', { maxSteps: 4 * DEFAULT_MAX_STEPS });
 */
export const DEFAULT_MAX_STEPS = 4096;

/**
 * Builds and validates one rule. Invalid rules throw `RuleError` naming the rule and the
 * offset in its source: unparsable pattern, right-hand side slot the left-hand side does not
 * bind, unknown slot type or operator, wrong arity, misplaced segment.
 *
 * @example
 * const r = rule('~x * 1 => ~x');
 * r.apply(parse('y * 1'));                      // y
 * r.apply(parse('a * 1 * b'));                  // a*b
 * rule('~x:number + ~y:number', (b) => num(numAdd(b.get('x').value, b.get('y').value)));
 * rule('sqrt(~x)^2 => ~x where nonnegative(~x)');
 * rule('~x:small => 0', { predicates: { small: (t) => t.size < 3 } });
 */
export function rule(src: string, opts?: RuleOptions): Rule;
export function rule(src: string, rhs: RhsFunction, opts?: RuleOptions): Rule;
export function rule(spec: RuleSpec): Rule;
export function rule(a: string | RuleSpec, b?: RhsFunction | RuleOptions, c?: RuleOptions): Rule {
  if (typeof a === 'string') {
    return typeof b === 'function' ? fromSource(a, b, c) : fromSource(a, undefined, b);
  }
  if (typeof a !== 'object' || a === null || !('lhs' in a) || !('rhs' in a))
    throw new RuleError(`rule() expects a source string or { lhs, rhs }, got ${describe(a)}`);
  return fromSpec(a);
}

function describe(x: unknown): string {
  return x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x;
}

/** Offsets of slot tokens per side, for error positions. */
function tokenContext(name: string, source: string | undefined, lhs: Side | undefined, rhs: Side | undefined): CompileContext {
  const first = (side: Side | undefined, slot: string): number => {
    if (!side) return -1;
    const t = slotTokens(side).find((x) => x.name === slot);
    return t ? t.offset : -1;
  };
  return { ruleName: name, source, position: (s, slot) => first(s === 'lhs' ? lhs : rhs, slot) };
}

function fromSource(src: string, fn: RhsFunction | undefined, opts: RuleOptions | undefined): Rule {
  if (typeof src !== 'string') throw new RuleError(`rule source must be a string, got ${describe(src)}`);
  const name = opts?.name ?? src.trim();
  const split = splitSource(src);
  const ctx = tokenContext(name, src, split.lhs, split.rhs);
  if (fn !== undefined && split.rhs !== undefined)
    throw ruleError(ctx, `has both '=> ...' and a function right-hand side`, split.rhs.offset - 2);
  if (fn === undefined && split.rhs === undefined)
    throw ruleError(ctx, `expected '=>' and a right-hand side (or a function right-hand side)`, split.where ? split.where.offset - 5 : src.length);
  const preds = opts?.predicates;
  const lhs = toPattern(parseSide(split.lhs, 'left-hand side', ctx, preds), ctx, preds);
  const rhs = fn ?? toPattern(parseSide(split.rhs!, 'right-hand side', ctx, preds), ctx, preds);
  const where = split.where ? parseWhere(split.where, ctx, preds) : [];
  return build(name, src, lhs, rhs, where, ctx, opts);
}

function fromSpec(spec: RuleSpec): Rule {
  const preds = spec.predicates;
  const lhsText = typeof spec.lhs === 'string' ? spec.lhs : undefined;
  const rhsText = typeof spec.rhs === 'string' ? spec.rhs : undefined;
  const describeSide = (s: string | Pattern | Term | RhsFunction): string =>
    typeof s === 'string' ? s : typeof s === 'function' ? '<function>' : isPattern(s) ? formatPattern(s) : formatPattern(patternFromTerm(s, preds));
  let source: string;
  try {
    source = spec.source ?? `${describeSide(spec.lhs)} => ${describeSide(spec.rhs)}`;
  } catch {
    source = '<invalid rule>';
  }
  const name = spec.name ?? source;
  // Error offsets refer to `lhs => rhs` when both sides are text, else to the one text side.
  const lhsSide: Side | undefined = lhsText !== undefined ? { text: lhsText, offset: 0 } : undefined;
  const rhsSide: Side | undefined =
    rhsText !== undefined ? { text: rhsText, offset: lhsText !== undefined ? lhsText.length + 4 : 0 } : undefined;
  const ctxSource = lhsText !== undefined && rhsText !== undefined ? `${lhsText} => ${rhsText}` : (lhsText ?? rhsText);
  const ctx = tokenContext(name, ctxSource, lhsSide, rhsSide);
  const side = (s: string | Pattern | Term, what: 'left-hand side' | 'right-hand side'): Pattern => {
    if (typeof s === 'string') return toPattern(parseSide(what === 'left-hand side' ? lhsSide! : rhsSide!, what, ctx, preds), ctx, preds);
    if (isPattern(s)) return s;
    if (s instanceof Term) return toPattern(s, ctx, preds);
    throw ruleError(ctx, `the ${what} must be a string, a pattern or a term, got ${describe(s)}`);
  };
  const lhs = side(spec.lhs, 'left-hand side');
  const rhs = typeof spec.rhs === 'function' ? spec.rhs : side(spec.rhs, 'right-hand side');
  return build(name, source, lhs, rhs, [], ctx, spec);
}

function toPattern(t: Term, ctx: CompileContext, preds: Predicates | undefined): Pattern {
  try {
    return patternFromTerm(t, preds);
  } catch (e) {
    if (e instanceof RuleError && e.ruleName === '') throw ruleError(ctx, e.message);
    throw e;
  }
}

function build(
  name: string,
  source: string,
  lhs: Pattern,
  rhs: Pattern | RhsFunction,
  where: readonly WhereClause[],
  ctx: CompileContext,
  opts: RuleOptions | undefined,
): Rule {
  const compiled = compileLhs(lhs, ctx);
  const rhsNode = typeof rhs === 'function' ? undefined : compileRhs(rhs, compiled, ctx);
  for (const w of where) {
    const info = compiled.slots.get(w.slot);
    if (!info) throw ruleError(ctx, `the condition '${w.text}' uses ~${w.slot}, which the left-hand side does not bind`, w.position);
    if (info.segment !== w.segment)
      throw ruleError(ctx, `the condition '${w.text}' writes ${w.segment ? '~~' : '~'}${w.slot} but the left-hand side has ${info.segment ? '~~' : '~'}${w.slot}`, w.position);
  }
  const maxSteps = opts?.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!(maxSteps > 0)) throw ruleError(ctx, `maxSteps must be positive, got ${maxSteps}`);
  const hasSegments =
    patternSlots(lhs).some((s) => s.segment) || (typeof rhs !== 'function' && patternSlots(rhs).some((s) => s.segment));
  return new CompiledRule({
    name,
    source,
    lhs,
    rhs,
    condition: opts?.where,
    where,
    compiled,
    rhsNode,
    maxSteps,
    hasSegments,
  });
}

/**
 * True for rules made by `rule()`.
 *
 * @example
 * isRule(rule('~x + 0 => ~x'));   // true
 */
export function isRule(x: unknown): x is Rule {
  return x instanceof CompiledRule;
}

/**
 * Throws `UnsupportedPatternError` when `r` uses a feature the e-graph cannot run (segment
 * slots). For engines that share `Rule` objects with the classical matcher.
 *
 * @example
 * requireEGraphSupport(rule('~x + 0 => ~x'));          // fine
 * let error;
 * try { requireEGraphSupport(rule('~~xs + 0 => ~~xs')); } catch (e) { error = e; }
 * // segments (~~xs) are for the classical rewriters only
 * error instanceof UnsupportedPatternError; // → true
 */
export function requireEGraphSupport(r: Rule): void {
  if (r.hasSegments)
    throw new UnsupportedPatternError(`rule '${r.name}': segment slots (~~xs) are not supported by the e-graph`, r.name);
}

/**
 * What `rules` and `ruleGroup` accept: a list, or a record from rule name to rule.
 *
 * @example
 * const input: RulesInput = { addZero: '~x + 0 => ~x', mulOne: '~x * 1 => ~x' };
 * rules(input).map((r) => r.name); // → ['addZero', 'mulOne']
 */
export type RulesInput =
  | readonly (string | Rule | RuleSpec)[]
  | Readonly<Record<string, string | Rule | RuleSpec>>;

function oneRule(item: string | Rule | RuleSpec, name: string | undefined, opts: RuleOptions | undefined): Rule {
  if (isRule(item)) return item;
  if (typeof item === 'string') return rule(item, name !== undefined ? { ...opts, name } : opts);
  return rule({ ...opts, ...item, ...(name !== undefined && item.name === undefined ? { name } : {}) });
}

/**
 * Builds many rules: from source strings (variadic), a list, or a record name → source (the key
 * names the rule). Options apply to every rule built from text.
 *
 * @example
 * const rs = rules('~x + 0 => ~x', '~x * 1 => ~x');
 * const named = rules({ addZero: '~x + 0 => ~x', mulOne: '~x * 1 => ~x' });
 */
export function rules(...items: (string | Rule | RuleSpec)[]): Rule[];
export function rules(input: RulesInput, opts?: RuleOptions): Rule[];
export function rules(...args: unknown[]): Rule[] {
  const first = args[0];
  if (Array.isArray(first)) return first.map((x) => oneRule(x, undefined, args[1] as RuleOptions | undefined));
  if (typeof first === 'object' && first !== null && !isRule(first) && !('lhs' in first)) {
    const opts = args[1] as RuleOptions | undefined;
    return Object.entries(first as Record<string, string | Rule | RuleSpec>).map(([k, v]) => oneRule(v, k, opts));
  }
  return (args as (string | Rule | RuleSpec)[]).map((x) => oneRule(x, undefined, undefined));
}

/**
 * A named list of rules: the unit rule sets are composed from.
 *
 * @example
 * const g = ruleGroup('neutral', ['~x + 0 => ~x', '~x * 1 => ~x']);
 * [g.kind, g.name, g.rules.length]; // → ['group', 'neutral', 2]
 */
export interface RuleGroup {
  readonly kind: 'group';
  readonly name: string;
  readonly rules: readonly Rule[];
}

/**
 * A named group of rules.
 *
 * @example
 * const neutral = ruleGroup('neutral', { addZero: '~x + 0 => ~x', mulOne: '~x * 1 => ~x' });
 */
export function ruleGroup(name: string, input: RulesInput, opts?: RuleOptions): RuleGroup {
  return Object.freeze({ kind: 'group' as const, name, rules: Object.freeze(rules(input, opts)) });
}

/**
 * Rules indexed by head operator, usable directly as a rewriter at the root: `set(t)` applies
 * the first rule (in order) that fires. Traverse with `postwalk(set)` etc.
 *
 * @example
 * const set = ruleSet(ruleGroup('neutral', ['~x + 0 => ~x', '~x * 1 => ~x']), '~x - ~x => 0');
 * // indexed by head operator: only the add rule is tried
 * set.candidates(parse('a + 0')).length; // → 1
 * format(set(parse('a * 1'))); // → 'a'
 * set.without('neutral').rules.length; // → 1
 */
export interface RuleSet extends Rewriter<Term> {
  readonly kind: 'ruleset';
  readonly rules: readonly Rule[];
  readonly groups: readonly RuleGroup[];
  /** The first rule (in order) that fires at the root of `t`; undefined if none. */
  apply(t: Term): Term | undefined;
  /** Rules that may match at the root of `t` (the index lookup), in order. */
  candidates(t: Term): readonly Rule[];
  /** The same set reporting every rule attempt to `tracer` (rule name, input, output, time). */
  instrument(tracer: Tracer): RuleSet;
  /** The set without the groups and rules of these names. */
  without(...names: string[]): RuleSet;
}

type RuleSetItem = Rule | RuleGroup | RuleSet | string | readonly (Rule | string)[];

/**
 * Composes rules, groups and other sets into one indexed rule set (duplicates removed, order
 * kept).
 *
 * @example
 * const neutral = ruleGroup('neutral', ['~x + 0 => ~x', '0 + ~x => ~x', '~x * 1 => ~x']);
 * const set = ruleSet(neutral, ruleGroup('cancel', ['~x - ~x => 0']));
 * // children first: 0 + b, then 0 + ~x at the root
 * format(postwalk(set)(parse('(a - a) + b * 1'))); // → 'b'
 */
export function ruleSet(...items: RuleSetItem[]): RuleSet {
  const list: Rule[] = [];
  const groups: RuleGroup[] = [];
  const seen = new Set<Rule>();
  const add = (r: Rule): void => {
    if (!seen.has(r)) {
      seen.add(r);
      list.push(r);
    }
  };
  for (const item of items) {
    if (typeof item === 'string') add(rule(item));
    else if (Array.isArray(item)) for (const r of item) add(typeof r === 'string' ? rule(r) : r);
    else if (isRule(item)) add(item);
    else if ((item as RuleGroup).kind === 'group') {
      groups.push(item as RuleGroup);
      for (const r of (item as RuleGroup).rules) add(r);
    } else if ((item as RuleSet).kind === 'ruleset') {
      for (const g of (item as RuleSet).groups) if (!groups.includes(g)) groups.push(g);
      for (const r of (item as RuleSet).rules) add(r);
    } else throw new RuleError(`ruleSet() expects rules, rule groups, rule sets or sources, got ${describe(item)}`);
  }
  return makeRuleSet(list, groups, undefined);
}

function makeRuleSet(list: readonly Rule[], groups: readonly RuleGroup[], tracer: Tracer | undefined): RuleSet {
  // Index: per head operator, the rules with that head plus the wildcard rules (lhs `~x`),
  // in the original order; leaves get the rules without a head operator.
  const ops = new Set<string>();
  for (const r of list) if (r.headOp !== undefined) ops.add(r.headOp);
  const matchesAnyCall = (r: Rule): boolean => r.headOp === undefined && r.lhs.kind === 'slot' && !(r as CompiledRule).leafOnly;
  const wildCall = list.filter(matchesAnyCall);
  const leaf = list.filter((r) => r.headOp === undefined);
  const byOp = new Map<string, readonly Rule[]>();
  for (const op of ops) byOp.set(op, list.filter((r) => r.headOp === op || matchesAnyCall(r)));

  const candidates = (t: Term): readonly Rule[] => (t.kind === KIND_CALL ? (byOp.get(t.op) ?? wildCall) : leaf);
  const apply = tracer
    ? (t: Term): Term | undefined => {
        const cs = candidates(t);
        for (let i = 0; i < cs.length; i++) {
          const start = nowMs();
          const out = cs[i].apply(t);
          tracer.record(cs[i].name, t, out, nowMs() - start);
          if (out !== undefined) return out;
        }
        return undefined;
      }
    : (t: Term): Term | undefined => {
        const cs = candidates(t);
        for (let i = 0; i < cs.length; i++) {
          const out = cs[i].apply(t);
          if (out !== undefined) return out;
        }
        return undefined;
      };
  const set = ((t: Term) => apply(t)) as RuleSet;
  Object.defineProperties(set, {
    kind: { value: 'ruleset' },
    rules: { value: Object.freeze([...list]) },
    groups: { value: Object.freeze([...groups]) },
    apply: { value: apply },
    candidates: { value: candidates },
    instrument: { value: (tr: Tracer) => makeRuleSet(list, groups, tr) },
    without: {
      value: (...names: string[]) => {
        const drop = new Set(names);
        const dropped = new Set<Rule>();
        for (const g of groups) if (drop.has(g.name)) for (const r of g.rules) dropped.add(r);
        return makeRuleSet(
          list.filter((r) => !dropped.has(r) && !drop.has(r.name)),
          groups.filter((g) => !drop.has(g.name)),
          tracer,
        );
      },
    },
    name: { value: groups.length > 0 ? groups.map((g) => g.name).join('+') : 'ruleSet' },
  });
  return set;
}

