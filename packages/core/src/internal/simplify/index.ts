/**
 * A finer index over a rule set for the simplifier's hot loop. `RuleSet` already picks the rules
 * by head operator; most of those still fail (in an SR loop, nearly all do), and an add/mul rule
 * fails only after the matcher has looked at every argument. Here each rule also records the
 * function operators its left-hand side mentions below the root (`sin(~x)*cos(~x)^-1` needs sin
 * and cos), and a node is offered only the rules whose operators all occur within the top
 * levels of the node (as deep as any pattern reaches). The order of the rules is kept, so the
 * first rule that fires is the same as with `RuleSet.apply`.
 */
import type { Pattern } from '../../pattern.js';
import type { Rule } from '../../rule.js';
import { KIND_CALL, type Term } from '../store.js';

/** Operators that do not narrow anything (they are everywhere in rule forms). */
const COMMON = new Set(['add', 'mul', 'pow']);

const bits = new Map<string, number>();
/** Bit of an operator, or 0 once 31 operators have bits (then it constrains nothing). */
function bitOf(op: string): number {
  let b = bits.get(op);
  if (b === undefined) {
    b = bits.size < 31 ? 1 << bits.size : 0;
    bits.set(op, b);
  }
  return b;
}

/** Operators a pattern needs below its root, and how deep the pattern reaches. */
function requirements(p: Pattern): { mask: number; depth: number } {
  let mask = 0;
  let depth = 0;
  const stack: [Pattern, number][] = [[p, 0]];
  while (stack.length > 0) {
    const [q, d] = stack.pop()!;
    if (d > depth) depth = d;
    if (q.kind === 'call') {
      if (d > 0 && !COMMON.has(q.op)) mask |= bitOf(q.op);
      for (const a of q.args) stack.push([a, d + 1]);
    } else if (q.kind === 'literal' && q.term.kind === KIND_CALL && d > 0) {
      if (!COMMON.has(q.term.op)) mask |= bitOf(q.term.op);
    }
  }
  return { mask, depth };
}

interface Entry {
  readonly rule: Rule;
  readonly mask: number;
}

/** Nodes `features` looks at before giving up (then every rule is tried). */
const FEATURE_BUDGET = 256;

let visits = 0;

/** Operators found in `t` below its root, down to `depth` levels (an add/mul level may nest). */
function features(t: Term, depth: number): number {
  visits = FEATURE_BUDGET;
  return collect(t, 0, depth);
}

function collect(u: Term, d: number, depth: number): number {
  if (--visits < 0) return -1;
  let mask = d > 0 && u.kind === KIND_CALL && !COMMON.has(u.op) ? bitOf(u.op) : 0;
  if (d >= depth) return mask;
  const args = u.args;
  const flat = u.op === 'add' || u.op === 'mul';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.kind !== KIND_CALL) continue;
    // Nested same-operator calls are flattened by the matcher: they do not count as a level.
    const m = collect(a, flat && a.op === u.op ? d : d + 1, depth);
    if (m === -1) return -1;
    mask |= m;
  }
  return mask;
}

export class RuleIndex {
  private readonly byOp = new Map<string, readonly Entry[]>();
  private readonly leaf: readonly Rule[];
  private readonly anyCall: readonly Entry[];
  private readonly depth: number;

  /** `rules` in order; `skip` are left out (rules the caller knows cannot fire). */
  constructor(rules: readonly Rule[], skip: ReadonlySet<Rule> = new Set()) {
    const kept = rules.filter((r) => !skip.has(r));
    let depth = 0;
    const entries: Entry[] = kept.map((rule) => {
      const req = requirements(rule.lhs);
      if (req.depth > depth) depth = req.depth;
      return { rule, mask: req.mask };
    });
    this.depth = depth;
    this.leaf = kept.filter((r) => r.headOp === undefined);
    this.anyCall = entries.filter((e) => e.rule.headOp === undefined && e.rule.lhs.kind === 'slot');
    const ops = new Set<string>();
    for (const r of kept) if (r.headOp !== undefined) ops.add(r.headOp);
    for (const op of ops) this.byOp.set(op, entries.filter((e) => e.rule.headOp === op || this.anyCall.includes(e)));
  }

  /** Whether leaves have any rule. */
  get hasLeafRules(): boolean {
    return this.leaf.length > 0;
  }

  /** Whether any rule remains. */
  get isEmpty(): boolean {
    return this.leaf.length === 0 && this.byOp.size === 0 && this.anyCall.length === 0;
  }

  /** The first rule (in order) that rewrites `t` at its root, applied; undefined if none. */
  apply(t: Term): Term | undefined {
    if (t.kind !== KIND_CALL) {
      for (const r of this.leaf) {
        const out = r.apply(t);
        if (out !== undefined) return out;
      }
      return undefined;
    }
    const cs = this.byOp.get(t.op) ?? this.anyCall;
    let have = -1;
    for (let i = 0; i < cs.length; i++) {
      const e = cs[i];
      if (e.mask !== 0) {
        if (have < 0) have = features(t, this.depth);
        if ((e.mask & have) !== e.mask) continue;
      }
      const out = e.rule.apply(t);
      if (out !== undefined) return out;
    }
    return undefined;
  }
}
