/**
 * Compiles a rule's patterns once, at construction, into the matcher structure of program.ts,
 * and validates them: known operators and arities, consistent slot use, right-hand side slots
 * bound by the left-hand side, no segment where a single term is needed.
 */
import { OPERATORS, VARIADIC, checkArity } from '../../operators.js';
import { SLOT_TYPES, type Pattern, type SlotPattern, patternDepth } from '../../pattern.js';
import { defaultStore } from '../../terms.js';
import type { Term } from '../store.js';
import { RuleError } from './errors.js';
import {
  AC_OPS,
  M_AC,
  M_CALL,
  M_LIT,
  M_SEG,
  M_SEQ,
  M_SLOT,
  type MAC,
  type MNode,
  type MSeg,
  type MSlot,
  type Pred,
  R_CALL,
  R_LIT,
  R_SEG,
  R_SLOT,
  type RNode,
  mnode,
  rnode,
} from './program.js';

/** Deepest pattern accepted: the matcher recurses along the pattern (never along the term). */
export const MAX_PATTERN_DEPTH = 1000;

/** Where errors point: the rule's name and the source offset of a slot token (-1: unknown). */
export interface CompileContext {
  readonly ruleName: string;
  /** The text that error offsets refer to, shown under the message with a caret. */
  readonly source?: string;
  /** Offset of the first occurrence of slot `name` (segment or not) on `side`, or -1. */
  position(side: 'lhs' | 'rhs', name: string): number;
}

/** A `RuleError` naming the rule, with the offending spot of the source marked by a caret. */
export function ruleError(ctx: CompileContext, message: string, position = -1): RuleError {
  // an unnamed rule is named by its source, which may be huge: name it by its start
  const name = ctx.ruleName.length > MAX_NAME ? `${ctx.ruleName.slice(0, MAX_NAME - 1)}…` : ctx.ruleName;
  let text = `rule '${name}': ${message}`;
  const src = ctx.source;
  if (position >= 0 && src !== undefined && !src.includes('\n')) {
    // Show at most ~60 characters around the spot.
    const from = Math.max(0, position - 40);
    const to = Math.min(src.length, position + 20);
    const shown = (from > 0 ? '…' : '') + src.slice(from, to) + (to < src.length ? '…' : '');
    const caret = position - from + (from > 0 ? 1 : 0);
    text += `\n  ${shown}\n  ${' '.repeat(caret)}^ at offset ${position}`;
  } else if (position >= 0) text += ` (at offset ${position})`;
  return new RuleError(text, name, position);
}

/** Longest rule name quoted in an error. */
const MAX_NAME = 120;

export interface SlotInfo {
  readonly name: string;
  readonly index: number;
  readonly segment: boolean;
  readonly type: string | undefined;
  readonly pred: Pred;
  /** Segment slots: the operator of the call whose arguments it matched. */
  readonly parentOp: string;
}

export interface CompiledLhs {
  readonly root: MNode;
  /** Slots by name, indexed in order of first occurrence. */
  readonly slots: ReadonlyMap<string, SlotInfo>;
}

/** Built-in types that no (non-nullary) call satisfies: such a slot never absorbs surplus args. */
export const LEAF_ONLY: ReadonlySet<(t: Term) => boolean> = new Set(
  ['number', 'integer', 'rational', 'float', 'symbol', 'constant', 'positive', 'nonnegative', 'negative', 'nonzero', 'even', 'odd'].map(
    (k) => SLOT_TYPES[k],
  ),
);

function slotText(s: SlotPattern): string {
  return `${s.segment ? '~~' : '~'}${s.name}`;
}

function checkDepth(p: Pattern, side: string, ctx: CompileContext): void {
  if (patternDepth(p) > MAX_PATTERN_DEPTH) throw ruleError(ctx, `${side} pattern is deeper than ${MAX_PATTERN_DEPTH} levels`);
}

function checkOp(op: string, argc: number, hasSegment: boolean, ctx: CompileContext, side: string): void {
  const info = OPERATORS.get(op);
  if (!info) throw ruleError(ctx, `unknown operator '${op}' in the ${side}`);
  if (hasSegment) {
    // Segments may be empty: only an upper bound can be checked for fixed arities.
    if (info.arity !== VARIADIC && argc > info.arity) throw ruleError(ctx, `'${op}' takes ${info.arity} arguments, the ${side} gives it at least ${argc}`);
    return;
  }
  const msg = checkArity(op, argc);
  if (msg) throw ruleError(ctx, `${msg} in the ${side}`);
}

/** Argument patterns of an add/mul pattern with nested same-operator calls spliced in. */
function flattenAC(op: string, args: readonly Pattern[]): Pattern[] {
  const out: Pattern[] = [];
  const stack: Pattern[] = [];
  for (let i = args.length - 1; i >= 0; i--) stack.push(args[i]);
  while (stack.length > 0) {
    const a = stack.pop()!;
    if (a.kind === 'call' && a.op === op) for (let i = a.args.length - 1; i >= 0; i--) stack.push(a.args[i]);
    else out.push(a);
  }
  return out;
}

/** Slot occurrences in left-to-right order with the operator of the enclosing call (iterative). */
function slotsWithParents(p: Pattern): { slot: SlotPattern; parentOp: string }[] {
  const out: { slot: SlotPattern; parentOp: string }[] = [];
  const stack: [Pattern, string][] = [[p, '']];
  while (stack.length > 0) {
    const [q, parent] = stack.pop()!;
    if (q.kind === 'slot') out.push({ slot: q, parentOp: parent });
    else if (q.kind === 'call') for (let i = q.args.length - 1; i >= 0; i--) stack.push([q.args[i], q.op]);
  }
  return out;
}

export function compileLhs(p: Pattern, ctx: CompileContext): CompiledLhs {
  checkDepth(p, 'left-hand side', ctx);
  if (p.kind === 'slot' && p.segment)
    throw ruleError(ctx, `a segment slot ${slotText(p)} cannot be a whole left-hand side`, ctx.position('lhs', p.name));

  // Slot table: one index per name; segment-ness and type must agree between occurrences, and a
  // type given on one occurrence applies to all of them.
  const slots = new Map<string, SlotInfo>();
  for (const { slot: s, parentOp } of slotsWithParents(p)) {
    const old = slots.get(s.name);
    if (!old) {
      slots.set(s.name, { name: s.name, index: slots.size, segment: s.segment, type: s.type, pred: s.predicate, parentOp });
      continue;
    }
    if (old.segment !== s.segment)
      throw ruleError(ctx, `~${s.name} is used both as a slot and as a segment slot`, ctx.position('lhs', s.name));
    if (s.type !== undefined) {
      if (old.type !== undefined && (old.type !== s.type || old.pred !== s.predicate))
        throw ruleError(ctx, `slot ~${s.name} has two types: '${old.type}' and '${s.type}'`, ctx.position('lhs', s.name));
      slots.set(s.name, { ...old, type: s.type, pred: s.predicate });
    }
  }

  const node = (q: Pattern): MNode | MSeg => {
    if (q.kind === 'slot') {
      const info = slots.get(q.name)!;
      return q.segment
        ? mnode<MSeg>({ tag: M_SEG, simple: false, index: info.index, pred: info.pred })
        : mnode<MSlot>({ tag: M_SLOT, simple: true, index: info.index, pred: info.pred });
    }
    if (q.kind === 'literal') return mnode<MNode>({ tag: M_LIT, simple: true, term: q.term });
    if (AC_OPS.has(q.op)) return acNode(q.op, q.args);
    const args = q.args.map(node);
    const hasSeg = args.some((a) => a.tag === M_SEG);
    checkOp(q.op, hasSeg ? args.length - args.filter((a) => a.tag === M_SEG).length : args.length, hasSeg, ctx, 'left-hand side');
    if (hasSeg) {
      const minRest = new Int32Array(args.length + 1);
      for (let i = args.length - 1; i >= 0; i--) minRest[i] = minRest[i + 1] + (args[i].tag === M_SEG ? 0 : 1);
      return mnode<MNode>({ tag: M_SEQ, simple: false, op: q.op, args, minRest });
    }
    const margs = args as MNode[];
    // A ground subtree without add/mul is matched by identity: one compare instead of a walk.
    if (margs.every((a) => a.tag === M_LIT)) return mnode<MNode>({ tag: M_LIT, simple: true, term: build(q.op, margs.map((a) => (a as { term: Term }).term)) });
    return mnode<MNode>({ tag: M_CALL, simple: margs.every((a) => a.simple), op: q.op, args: margs });
  };

  const acNode = (op: string, rawArgs: readonly Pattern[]): MAC => {
    const args = flattenAC(op, rawArgs).map(node);
    const lits: Term[] = [];
    const pats: MNode[] = [];
    const typed: MSlot[] = [];
    const untyped: MSlot[] = [];
    const segs: MSeg[] = [];
    for (const a of args) {
      if (a.tag === M_LIT) lits.push(a.term);
      else if (a.tag === M_SEG) segs.push(a);
      else if (a.tag === M_SLOT) (a.pred ? typed : untyped).push(a);
      else pats.push(a);
    }
    const k = args.length - segs.length;
    checkOp(op, k, segs.length > 0, ctx, 'left-hand side');
    const slotList = [...typed, ...untyped];
    // A slot whose type no call satisfies cannot absorb the surplus arguments (null).
    const absorbOrders = slotList.map((s, i) =>
      s.pred && LEAF_ONLY.has(s.pred) ? null : [...pats, ...slotList.slice(0, i), ...slotList.slice(i + 1)],
    );
    const dup = new Set(slotList.map((s) => s.index)).size < slotList.length;
    return mnode<MAC>({ tag: M_AC, simple: false, op, lits, pats, slots: slotList, segs, k, order: [...pats, ...slotList], absorbOrders, dup });
  };

  const build = (op: string, args: Term[]): Term => {
    try {
      return defaultStore.call(op, args);
    } catch (e) {
      throw ruleError(ctx, `cannot build ${op}(...) in the left-hand side: ${(e as Error).message}`);
    }
  };

  return { root: node(p) as MNode, slots };
}

export function compileRhs(p: Pattern, lhs: CompiledLhs, ctx: CompileContext): RNode {
  checkDepth(p, 'right-hand side', ctx);
  const node = (q: Pattern): RNode => {
    if (q.kind === 'slot') {
      const info = lhs.slots.get(q.name);
      if (!info) throw ruleError(ctx, `the right-hand side uses ${slotText(q)}, which the left-hand side does not bind`, ctx.position('rhs', q.name));
      if (info.segment !== q.segment)
        throw ruleError(
          ctx,
          `${slotText(q)} in the right-hand side is ${info.segment ? 'a segment slot (~~' + q.name + ')' : 'a plain slot (~' + q.name + ')'} in the left-hand side`,
          ctx.position('rhs', q.name),
        );
      if (q.type !== undefined && q.type !== info.type)
        throw ruleError(ctx, `type annotations belong in the left-hand side (${slotText(q)}:${q.type})`, ctx.position('rhs', q.name));
      return rnode({ tag: q.segment ? R_SEG : R_SLOT, index: info.index });
    }
    if (q.kind === 'literal') return rnode({ tag: R_LIT, term: q.term });
    const args = q.args.map(node);
    const splice = args.some((a) => a.tag === R_SEG);
    if (!splice) checkOp(q.op, args.length, false, ctx, 'right-hand side');
    else if (!OPERATORS.has(q.op)) throw ruleError(ctx, `unknown operator '${q.op}' in the right-hand side`);
    if (!splice && args.every((a) => a.tag === R_LIT)) {
      try {
        return rnode({ tag: R_LIT, term: defaultStore.call(q.op, args.map((a) => (a as { term: Term }).term)) });
      } catch (e) {
        throw ruleError(ctx, `cannot build ${q.op}(...) in the right-hand side: ${(e as Error).message}`);
      }
    }
    return rnode({ tag: R_CALL, op: q.op, args, splice });
  };
  const root = node(p);
  // A whole right-hand side `~~xs` stands for a call of the operator it was matched under
  // (for add/mul: one element is itself, none the identity element).
  if (root.tag === R_SEG) return rnode({ tag: R_CALL, op: lhs.slots.get((p as SlotPattern).name)!.parentOp, args: [root], splice: true });
  return root;
}
