/**
 * The class behind `rule()` (rule.ts): a validated, compiled rule. One object per rule, shared
 * by the classical rewriters (through `apply`) and the e-graph (through `lhs`/`rhs`/`condition`).
 *
 * `apply` is the hot path of classical rewriting. Its cost on failure: one head-operator
 * compare (when the rule is called directly; a RuleSet already filtered by operator), then the
 * compiled matcher's cheap rejects (arity, literal arguments) on a reused state: no allocation.
 */
import type { Pattern } from '../../pattern.js';
import type { Bindings } from '../../rule.js';
import { defaultStore } from '../../terms.js';
import { KIND_CALL, type Term } from '../store.js';
import { type CompiledLhs, LEAF_ONLY } from './compile.js';
import { acIdentity, instantiate } from './instantiate.js';
import { type Cont, DUP_SCAN_MAX, MatchState, hasDuplicate, match, matchAC } from './matcher.js';
import { AC_OPS, M_AC, M_CALL, M_LIT, M_SEQ, M_SLOT, type MNode, type RNode } from './program.js';
import type { WhereClause } from './source.js';

/** Read access to the bindings of a match (see rule.ts `Bindings`). */
export class BindingsView implements Bindings {
  constructor(
    private readonly lhs: CompiledLhs,
    private readonly st: MatchState,
  ) {}

  get(name: string): Term {
    const info = this.lhs.slots.get(name);
    if (info === undefined) throw new RangeError(`no slot ~${name} in this rule (slots: ${[...this.lhs.slots.keys()].join(', ')})`);
    if (info.segment) throw new RangeError(`~~${name} is a segment slot: use getSegment('${name}')`);
    const v = this.st.vals[info.index];
    if (v === undefined) throw new RangeError(`slot ~${name} is not bound`);
    return v as Term;
  }

  getSegment(name: string): readonly Term[] {
    const info = this.lhs.slots.get(name);
    if (info === undefined) throw new RangeError(`no slot ~~${name} in this rule (slots: ${[...this.lhs.slots.keys()].join(', ')})`);
    if (!info.segment) throw new RangeError(`~${name} is a plain slot: use get('${name}')`);
    const v = this.st.vals[info.index];
    if (v === undefined) throw new RangeError(`slot ~~${name} is not bound`);
    return v as readonly Term[];
  }

  has(name: string): boolean {
    const info = this.lhs.slots.get(name);
    return info !== undefined && this.st.vals[info.index] !== undefined;
  }

  /** A snapshot that stays valid after the callback returns. */
  toRecord(): Record<string, Term | readonly Term[]> {
    const out: Record<string, Term | readonly Term[]> = {};
    for (const [name, info] of this.lhs.slots) {
      const v = this.st.vals[info.index];
      if (v !== undefined) out[name] = v;
    }
    return out;
  }
}

export interface RuleParts {
  readonly name: string;
  readonly source: string;
  readonly lhs: Pattern;
  readonly rhs: Pattern | ((b: Bindings) => Term | undefined);
  readonly condition: ((b: Bindings) => boolean) | undefined;
  readonly where: readonly WhereClause[];
  readonly compiled: CompiledLhs;
  readonly rhsNode: RNode | undefined;
  readonly maxSteps: number;
  readonly hasSegments: boolean;
}

/** Per-attempt state plus the final continuation bound to it (made once per state). */
interface Attempt {
  readonly st: MatchState;
  readonly view: BindingsView;
  readonly accept: Cont;
  target: Term | undefined;
  result: Term | undefined;
}

export class CompiledRule {
  readonly name: string;
  readonly source: string;
  readonly lhs: Pattern;
  readonly rhs: Pattern | ((b: Bindings) => Term | undefined);
  readonly condition?: (b: Bindings) => boolean;
  readonly slots: readonly string[];
  /** Operator at the root of the left-hand side, or undefined when it matches leaves too. */
  readonly headOp: string | undefined;
  /** The left-hand side is a slot whose type no call satisfies (`~x:number`): leaves only. */
  readonly leafOnly: boolean;
  /** Whether the patterns use segment slots (the e-graph rejects those). */
  readonly hasSegments: boolean;
  /** The `where` clauses from the source, already folded into `condition`. */
  readonly whereClauses: readonly WhereClause[];

  private readonly root: MNode;
  private readonly rhsNode: RNode | undefined;
  private readonly fn: ((b: Bindings) => Term | undefined) | undefined;
  private readonly compiled: CompiledLhs;
  private readonly maxSteps: number;
  private readonly partialRoot: boolean;
  private readonly idle: Attempt;
  private readonly guard: Guard;
  private readonly userCondition: ((b: Bindings) => boolean) | undefined;
  private readonly clauses: readonly (WhereClause & { readonly index: number })[];

  constructor(p: RuleParts) {
    this.name = p.name;
    this.source = p.source;
    this.lhs = p.lhs;
    this.rhs = p.rhs;
    this.compiled = p.compiled;
    this.root = p.compiled.root;
    this.rhsNode = p.rhsNode;
    this.fn = typeof p.rhs === 'function' ? p.rhs : undefined;
    this.maxSteps = p.maxSteps;
    this.hasSegments = p.hasSegments;
    this.whereClauses = p.where;
    this.slots = [...p.compiled.slots.keys()];
    const root = this.root;
    this.headOp =
      root.tag === M_CALL || root.tag === M_AC || root.tag === M_SEQ
        ? root.op
        : root.tag === M_LIT && root.term.kind === KIND_CALL
          ? root.term.op
          : undefined;
    this.leafOnly = root.tag === M_SLOT && root.pred !== undefined && LEAF_ONLY.has(root.pred);
    this.partialRoot = root.tag === M_AC && root.segs.length === 0;
    const cond = p.condition;
    this.userCondition = cond;
    this.clauses = p.where.map((w) => ({ ...w, index: p.compiled.slots.get(w.slot)!.index }));
    if (p.where.length > 0) {
      // The public condition goes through the Bindings interface: the e-graph calls it with its own.
      this.condition = (b) => {
        for (const c of p.where) {
          const ok = c.segment ? b.getSegment(c.slot).every(c.predicate) : c.predicate(b.get(c.slot));
          if (ok === c.negated) return false;
        }
        return cond === undefined || cond(b);
      };
    } else if (cond !== undefined) this.condition = cond;
    this.idle = this.newAttempt();
    this.guard = makeGuard(root);
  }

  private newAttempt(): Attempt {
    const st = new MatchState(this.compiled.slots.size, this.maxSteps);
    const view = new BindingsView(this.compiled, st);
    const attempt: Attempt = {
      st,
      view,
      target: undefined,
      result: undefined,
      accept: () => {
        if (!this.conditionHolds(st, view)) return false;
        let out = this.fn !== undefined ? this.fn(view) : instantiate(this.rhsNode!, st.vals);
        if (out === undefined) return false;
        if (st.rest !== undefined) out = withRest(attempt.target!.op, out, st.rest, st.restAt);
        if (out === attempt.target) return false; // no change: keep looking for one that changes
        attempt.result = out;
        return true;
      },
    };
    return attempt;
  }

  /** The where clauses (read straight from the binding array) and the user condition. */
  private conditionHolds(st: MatchState, view: BindingsView): boolean {
    const clauses = this.clauses;
    for (let i = 0; i < clauses.length; i++) {
      const c = clauses[i];
      const v = st.vals[c.index]!;
      const ok = c.segment ? (v as readonly Term[]).every(c.predicate) : c.predicate(v as Term);
      if (ok === c.negated) return false;
    }
    return this.userCondition === undefined || this.userCondition(view);
  }

  /** Rewrites `t` at its root, or returns undefined when the rule does not match (or changes nothing). */
  readonly apply = (t: Term): Term | undefined => {
    const head = this.headOp;
    if (head !== undefined && (t.kind !== KIND_CALL || t.op !== head)) return undefined;
    if (this.guard.rejects(t)) return undefined;
    // The reused attempt, unless a callback of this rule is running it (re-entrant apply).
    const a = this.idle.st.busy ? this.newAttempt() : this.idle;
    const st = a.st;
    st.busy = true;
    a.target = t;
    try {
      if (match(this.root, t, st, a.accept)) return a.result;
      if (this.partialRoot && !st.aborted && matchAC(this.root as Extract<MNode, { tag: typeof M_AC }>, t, st, a.accept, true)) return a.result;
      return undefined;
    } finally {
      st.reset();
      st.busy = false;
      a.target = undefined;
      a.result = undefined;
    }
  };

  /**
   * The bindings of the first match of `t` at the root (condition included, right-hand side not
   * built), as a snapshot; undefined when there is none.
   */
  match(t: Term): Record<string, Term | readonly Term[]> | undefined {
    const a = this.newAttempt();
    let found: Record<string, Term | readonly Term[]> | undefined;
    const k: Cont = () => {
      if (!this.conditionHolds(a.st, a.view)) return false;
      found = a.view.toRecord();
      return true;
    };
    if (match(this.root, t, a.st, k)) return found;
    if (this.partialRoot && !a.st.aborted) matchAC(this.root as Extract<MNode, { tag: typeof M_AC }>, t, a.st, k, true);
    return found;
  }

  toString(): string {
    return `Rule(${this.name}: ${this.source})`;
  }
}

/**
 * Result of a partial add/mul match at the root: `op(rest...)` with the rewritten part put
 * where the first matched argument was. A result with the same operator is spliced in, and an
 * exact identity element (0 for add, 1 for mul) is dropped.
 */
function withRest(op: string, out: Term, rest: readonly Term[], at: number): Term {
  const args: Term[] = rest.slice(0, at);
  if (out.kind === KIND_CALL && out.op === op) for (const a of out.args) args.push(a);
  else if (!(AC_OPS.has(op) && out === acIdentity(op))) args.push(out);
  for (let i = at; i < rest.length; i++) args.push(rest[i]);
  return args.length === 1 ? args[0] : args.length === 0 ? acIdentity(op) : defaultStore.call(op, args);
}

/**
 * Cheap rejection at the root before any matching state is touched: arity, and the literal
 * and operator of each argument position (ordered calls) or the presence of each literal
 * argument (add/mul, when the term has no nested same-operator argument to flatten).
 */
class Guard {
  constructor(
    private readonly kind: number,
    private readonly arity: number,
    /** Ordered: per argument position, a required term (literal) or undefined. */
    private readonly posTerm: readonly (Term | undefined)[],
    /** Ordered: per argument position, a required operator or ''. */
    private readonly posOp: readonly string[],
    /** AC: literals that must be present. */
    private readonly lits: readonly Term[],
    /** AC: two identical arguments are needed (a repeated slot). */
    private readonly dup: boolean,
  ) {}

  rejects(t: Term): boolean {
    switch (this.kind) {
      case G_ORDERED: {
        const args = t.args;
        if (args.length !== this.arity) return true;
        const posTerm = this.posTerm;
        const posOp = this.posOp;
        for (let i = 0; i < args.length; i++) {
          const want = posTerm[i];
          if (want !== undefined && args[i] !== want) return true;
          const op = posOp[i];
          if (op !== '' && args[i].op !== op) return true; // leaves have op '' or a symbol name
        }
        return false;
      }
      case G_AC: {
        const args = t.args;
        const op = t.op;
        for (let i = 0; i < args.length; i++) if (args[i].op === op && args[i].kind === KIND_CALL) return false; // nested: let the matcher flatten
        if (args.length < this.arity) return true;
        const lits = this.lits;
        for (let i = 0; i < lits.length; i++) {
          const lit = lits[i];
          let j = 0;
          while (j < args.length && args[j] !== lit) j++;
          if (j === args.length) return true;
        }
        return this.dup && args.length <= DUP_SCAN_MAX && !hasDuplicate(args);
      }
      default:
        return false;
    }
  }
}

const G_NONE = 0;
const G_ORDERED = 1;
const G_AC = 2;

function makeGuard(root: MNode): Guard {
  if (root.tag === M_CALL) {
    const posTerm = root.args.map((a) => (a.tag === M_LIT ? a.term : undefined));
    const posOp = root.args.map((a) => (a.tag === M_CALL || a.tag === M_AC || a.tag === M_SEQ ? a.op : ''));
    return new Guard(G_ORDERED, root.args.length, posTerm, posOp, [], false);
  }
  if (root.tag === M_AC) return new Guard(G_AC, root.k, [], [], root.lits, root.dup);
  return new Guard(G_NONE, 0, [], [], [], false);
}
