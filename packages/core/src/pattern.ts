/**
 * Patterns: the left- and right-hand sides of rules, shared by the classical matcher (rule.ts)
 * and the e-graph. A pattern is a tree of three kinds of nodes:
 * - `slot`: `~x` matches any term (all occurrences of one name must match the same term),
 *   `~~xs` (segment) matches a run of arguments, `~x:type` only terms satisfying a predicate;
 * - `literal`: a given term, matched by identity (hash-consing makes that structural equality);
 * - `call`: an operator applied to argument patterns. For `add` and `mul` the arguments match
 *   in any order and with regrouping (see rule.ts, "Matching").
 *
 * Slot types: the built-in predicates of {@link SLOT_TYPES}, or user predicates passed by name.
 */
import { applyOperator } from './evaluate.js';
import { formatNum, numIsInteger, numIsZero, numToNumber } from './numbers.js';
import { KIND_CALL, KIND_NUMBER, KIND_SYMBOL, type Term } from './internal/store.js';
import { RuleError } from './internal/match/errors.js';

/**
 * A slot of a pattern: `~x`, `~~xs` (a segment), `~x:type`.
 *
 * @example
 * const [slot] = patternSlots(rule('sqrt(~x:number) => ~x').lhs);
 * [slot.kind, slot.name, slot.segment, slot.type]; // → ['slot', 'x', false, 'number']
 */
export interface SlotPattern {
  readonly kind: 'slot';
  /** Name without the `~` / `~~` and without the type. */
  readonly name: string;
  /** A segment slot `~~xs` matches any run of arguments of a call. */
  readonly segment: boolean;
  /** The type name: a built-in one of {@link SLOT_TYPES} or a user predicate's name. */
  readonly type?: string;
  /** The resolved type check (for a segment: each element must satisfy it). */
  readonly predicate?: (t: Term) => boolean;
}

/**
 * A fixed term: a number, a symbol, a constant, or any ground subterm.
 *
 * @example
 * const lhs = rule('~x * 1 => ~x').lhs;
 * lhs.kind === 'call' && lhs.args[1].kind; // → 'literal'
 */
export interface LiteralPattern {
  readonly kind: 'literal';
  readonly term: Term;
}

/**
 * An operator applied to argument patterns.
 *
 * @example
 * const lhs = rule('sin(~x) => ~x').lhs;
 * lhs.kind === 'call' && lhs.op; // → 'sin'
 */
export interface CallPattern {
  readonly kind: 'call';
  readonly op: string;
  readonly args: readonly Pattern[];
}

/**
 * A parsed pattern: a tree of slots, literals and calls (`Rule.lhs`, `Rule.rhs`).
 *
 * @example
 * const p: Pattern = patternFromTerm(parse('~x + 0', { slots: true }));
 * p.kind; // → 'call'
 * patternDepth(p); // → 2
 */
export type Pattern = SlotPattern | LiteralPattern | CallPattern;

/**
 * User predicates for typed slots, by name: `{ small: (t) => ... }` makes `~x:small` valid.
 *
 * @example
 * const predicates: Predicates = { small: (t) => t.size < 3 };
 * format(rule('~x:small * 0 => 0', { predicates }).apply(parse('y * 0'))); // → '0'
 * rule('~x:small * 0 => 0', { predicates }).apply(parse('sin(y + 1) * 0')); // → undefined
 */
export type Predicates = Readonly<Record<string, (t: Term) => boolean>>;

/** Float value of a constant: a number or a nullary operator such as `pi`; otherwise undefined. */
function constantValue(t: Term): number | undefined {
  if (t.kind === KIND_NUMBER) return numToNumber(t.value);
  if (t.kind === KIND_CALL && t.args.length === 0) {
    try {
      return applyOperator(t.op, []);
    } catch {
      return undefined; // a user-defined constant has no numeric meaning
    }
  }
  return undefined;
}

function isIntegerNumber(t: Term): boolean {
  return t.kind === KIND_NUMBER && numIsInteger(t.value);
}

/**
 * Built-in slot types, by name (`~x:number`, ...). The sign predicates hold for constants whose value is known: numbers
 * and nullary constants such as `pi` (not for symbolic expressions, whose sign is unknown).
 * `integer` holds for integral numbers, exact or float (`2` and `2.0`); `rational` for exact
 * numbers only; `float` for float64 numbers only. NaN satisfies none of the value predicates.
 *
 * @example
 * SLOT_TYPES.positive(parse('pi'));   // true
 * SLOT_TYPES.even(int(4));            // true
 */
export const SLOT_TYPES: Predicates = Object.freeze({
  number: (t: Term) => t.kind === KIND_NUMBER,
  integer: isIntegerNumber,
  rational: (t: Term) => t.kind === KIND_NUMBER && typeof t.value !== 'number',
  float: (t: Term) => t.kind === KIND_NUMBER && typeof t.value === 'number',
  symbol: (t: Term) => t.kind === KIND_SYMBOL,
  call: (t: Term) => t.kind === KIND_CALL,
  constant: (t: Term) => t.kind === KIND_NUMBER || (t.kind === KIND_CALL && t.args.length === 0),
  positive: (t: Term) => {
    const v = constantValue(t);
    return v !== undefined && v > 0;
  },
  nonnegative: (t: Term) => {
    const v = constantValue(t);
    return v !== undefined && v >= 0;
  },
  negative: (t: Term) => {
    const v = constantValue(t);
    return v !== undefined && v < 0;
  },
  nonzero: (t: Term) => {
    if (t.kind === KIND_NUMBER) return !numIsZero(t.value) && !Number.isNaN(numToNumber(t.value));
    const v = constantValue(t);
    return v !== undefined && v !== 0 && !Number.isNaN(v);
  },
  even: (t: Term) => isIntegerNumber(t) && parity(t) === 0,
  odd: (t: Term) => isIntegerNumber(t) && parity(t) === 1,
});

function parity(t: Term): number {
  const v = t.value;
  if (typeof v === 'number') return Math.abs(v % 2);
  const r = v.n % 2n;
  return r === 0n ? 0 : 1;
}

/**
 * Resolves a slot type name: user predicates first, then the built-ins; undefined if unknown.
 *
 * @example
 * resolveSlotType('integer') === SLOT_TYPES.integer;   // true
 */
export function resolveSlotType(type: string, predicates?: Predicates): ((t: Term) => boolean) | undefined {
  if (predicates && Object.prototype.hasOwnProperty.call(predicates, type)) return predicates[type];
  return Object.prototype.hasOwnProperty.call(SLOT_TYPES, type) ? SLOT_TYPES[type] : undefined;
}

const SLOT_TOKEN = /^(~~?)([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_][A-Za-z0-9_]*))?$/;

/**
 * The parts of a slot token `~x`, `~~xs` or `~x:type`, or undefined if `text` is not one.
 *
 * @example
 * parseSlotToken('~n:integer');   // { name: 'n', segment: false, type: 'integer' }
 */
export function parseSlotToken(text: string): { name: string; segment: boolean; type?: string } | undefined {
  const m = SLOT_TOKEN.exec(text);
  if (!m) return undefined;
  return m[3] === undefined ? { name: m[2], segment: m[1] === '~~' } : { name: m[2], segment: m[1] === '~~', type: m[3] };
}

function makeSlot(name: string, segment: boolean, type: string | ((t: Term) => boolean) | undefined, predicates?: Predicates): SlotPattern {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new RuleError(`bad slot name ${JSON.stringify(name)}`);
  if (type === undefined) return { kind: 'slot', name, segment };
  if (typeof type === 'function') return { kind: 'slot', name, segment, type: type.name || 'predicate', predicate: type };
  const predicate = resolveSlotType(type, predicates);
  if (!predicate) throw new RuleError(`unknown slot type '${type}' in ${segment ? '~~' : '~'}${name}:${type} (known: ${knownTypes(predicates)})`);
  return { kind: 'slot', name, segment, type, predicate };
}

/**
 * The valid type names (built-in, then user), comma-separated, for error messages.
 *
 * @example
 * knownTypes({ small: () => true }).endsWith('odd, small');   // true
 */
export function knownTypes(predicates?: Predicates): string {
  return [...Object.keys(SLOT_TYPES), ...Object.keys(predicates ?? {})].join(', ');
}

/**
 * A slot `~name`, optionally typed by a built-in type name, a user predicate name (with
 * `predicates`) or a predicate function.
 *
 * @example
 * slot('x');                 // ~x
 * slot('n', 'integer');      // ~n:integer
 * slot('s', 'small', { small: (t) => t.size < 5 });
 */
export function slot(name: string, type?: string | ((t: Term) => boolean), predicates?: Predicates): SlotPattern {
  return makeSlot(name, false, type, predicates);
}

/**
 * A segment slot `~~name`: matches a run of arguments (possibly empty where the operator
 * allows it). With a type, every element must satisfy it.
 *
 * @example
 * callPattern('add', slot('x'), segment('rest'));   // ~x + ~~rest
 */
export function segment(name: string, type?: string | ((t: Term) => boolean), predicates?: Predicates): SlotPattern {
  return makeSlot(name, true, type, predicates);
}

/**
 * A literal pattern: matches exactly `term`.
 *
 * @example
 * literal(int(1));
 */
export function literal(term: Term): LiteralPattern {
  return { kind: 'literal', term };
}

/**
 * A call pattern. Arguments may be patterns or terms (terms are converted with
 * {@link patternFromTerm}, so `sym('~x')` becomes a slot).
 *
 * @example
 * callPattern('mul', slot('x'), int(1));   // ~x * 1
 */
export function callPattern(op: string, ...args: (Pattern | Term)[]): CallPattern {
  return { kind: 'call', op, args: args.map((a) => (isPattern(a) ? a : patternFromTerm(a))) };
}

/**
 * True for pattern objects (as opposed to terms).
 *
 * @example
 * isPattern(slot('x'));   // true
 * isPattern(sym('x'));    // false
 */
export function isPattern(x: unknown): x is Pattern {
  if (typeof x !== 'object' || x === null) return false;
  const k = (x as { kind?: unknown }).kind;
  return k === 'slot' || k === 'literal' || k === 'call';
}

/**
 * Converts a term to a pattern: symbols named like slot tokens (`~x`, `~~xs`, `~x:type`, as
 * `parse(src, { slots: true })` produces them) become slots; other leaves and nullary
 * constants become literals; calls become call patterns. Iterative: any depth.
 * Throws `RuleError` for an unknown slot type (position -1: terms carry no source offsets).
 *
 * @example
 * patternFromTerm(mul(sym('~x'), int(1)));   // { kind: 'call', op: 'mul', args: [slot x, literal 1] }
 */
export function patternFromTerm(t: Term, predicates?: Predicates): Pattern {
  const done = new Map<Term, Pattern>();
  const stack: Term[] = [t];
  while (stack.length > 0) {
    const u = stack[stack.length - 1];
    if (done.has(u)) {
      stack.pop();
      continue;
    }
    if (u.kind === KIND_SYMBOL) {
      const tok = u.op.startsWith('~') ? parseSlotToken(u.op) : undefined;
      if (u.op.startsWith('~') && !tok) throw new RuleError(`bad slot token '${u.op}'`);
      done.set(u, tok ? makeSlot(tok.name, tok.segment, tok.type, predicates) : literal(u));
    } else if (u.kind === KIND_NUMBER || u.args.length === 0) {
      done.set(u, literal(u));
    } else {
      let ready = true;
      for (let i = u.args.length - 1; i >= 0; i--) {
        if (!done.has(u.args[i])) {
          if (ready) ready = false;
          stack.push(u.args[i]);
        }
      }
      if (!ready) continue;
      done.set(u, { kind: 'call', op: u.op, args: u.args.map((a) => done.get(a)!) });
    }
    stack.pop();
  }
  return done.get(t)!;
}

/**
 * Every slot occurrence of a pattern, in left-to-right order (iterative).
 *
 * @example
 * const { lhs } = rule('~x + ~y + ~x => 2*~x + ~y');
 * patternSlots(lhs).map((s) => s.name); // → ['x', 'y', 'x']
 */
export function patternSlots(p: Pattern): SlotPattern[] {
  const out: SlotPattern[] = [];
  const stack: Pattern[] = [p];
  while (stack.length > 0) {
    const q = stack.pop()!;
    if (q.kind === 'slot') out.push(q);
    else if (q.kind === 'call') for (let i = q.args.length - 1; i >= 0; i--) stack.push(q.args[i]);
  }
  return out;
}

/**
 * Depth of a pattern (a leaf has depth 1), iterative.
 *
 * @example
 * patternDepth(callPattern('sin', slot('x')));   // 2
 */
export function patternDepth(p: Pattern): number {
  let max = 0;
  const stack: [Pattern, number][] = [[p, 1]];
  while (stack.length > 0) {
    const [q, d] = stack.pop()!;
    if (d > max) max = d;
    if (q.kind === 'call') for (const a of q.args) stack.push([a, d + 1]);
  }
  return max;
}

/**
 * Text of a pattern in prefix form, for messages and debugging: `mul(~x, 1)`, `~~xs`,
 * `~n:integer`. Iterative.
 *
 * @example
 * formatPattern(callPattern('mul', slot('x'), int(1)));   // 'mul(~x, 1)'
 */
export function formatPattern(p: Pattern): string {
  const out: string[] = [];
  const stack: (Pattern | string)[] = [p];
  while (stack.length > 0) {
    const q = stack.pop()!;
    if (typeof q === 'string') out.push(q);
    else if (q.kind === 'slot') out.push(`${q.segment ? '~~' : '~'}${q.name}${q.type ? ':' + q.type : ''}`);
    else if (q.kind === 'literal') out.push(literalText(q.term));
    else {
      stack.push(')');
      for (let i = q.args.length - 1; i >= 0; i--) {
        stack.push(q.args[i]);
        if (i > 0) stack.push(', ');
      }
      stack.push(`${q.op}(`);
    }
  }
  return out.join('');
}

function literalText(t: Term): string {
  if (t.kind === KIND_SYMBOL) return t.op;
  if (t.kind === KIND_NUMBER) return formatNum(t.value);
  if (t.args.length === 0) return t.op;
  return String(t);
}
