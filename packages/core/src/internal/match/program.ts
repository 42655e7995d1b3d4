/**
 * The compiled form of a pattern, produced once per rule by compile.ts and run by matcher.ts.
 *
 * Left-hand side nodes (`MNode`), by `tag`:
 *   M_SLOT  `~x`: `index` into the binding array, optional predicate
 *   M_LIT   a term matched by identity (leaves, and ground subtrees without add/mul)
 *   M_CALL  ordered call with fixed arity, no segments
 *   M_SEQ   ordered call with segment arguments (`f(~~xs, ~y)`), `minRest[i]` = the number of
 *           term arguments the pattern arguments from i on need at least
 *   M_AC    add/mul: arguments in any order, nested same-operator calls flattened. Arguments
 *           are split by kind: `lits` (identity, checked first: the cheap reject), `pats`
 *           (call patterns), `slots` (typed first), `segs`. `k` = number of non-segment
 *           arguments. `absorbOrders[a]` is the matching order when `slots[a]` absorbs the
 *           surplus arguments (null: that slot's type excludes calls).
 * `simple` marks nodes with at most one way to match (no AC, no segments below): they are
 * matched by a plain recursive test instead of continuation passing.
 *
 * Right-hand side nodes (`RNode`): R_SLOT / R_SEG (bound values), R_LIT, R_CALL (segments
 * spliced; for add/mul one argument collapses to itself and none to the identity element).
 */
import type { Term } from '../store.js';

export const M_SLOT = 0;
export const M_LIT = 1;
export const M_CALL = 2;
export const M_SEQ = 3;
export const M_AC = 4;
export const M_SEG = 5;

export type Pred = ((t: Term) => boolean) | undefined;

export interface MSlot {
  readonly tag: typeof M_SLOT;
  readonly simple: true;
  readonly index: number;
  readonly pred: Pred;
}
export interface MSeg {
  readonly tag: typeof M_SEG;
  readonly simple: false;
  readonly index: number;
  readonly pred: Pred;
}
export interface MLit {
  readonly tag: typeof M_LIT;
  readonly simple: true;
  readonly term: Term;
}
export interface MCall {
  readonly tag: typeof M_CALL;
  readonly simple: boolean;
  readonly op: string;
  readonly args: readonly MNode[];
}
export interface MSeq {
  readonly tag: typeof M_SEQ;
  readonly simple: false;
  readonly op: string;
  readonly args: readonly (MNode | MSeg)[];
  readonly minRest: Int32Array;
}
export interface MAC {
  readonly tag: typeof M_AC;
  readonly simple: false;
  readonly op: string;
  readonly lits: readonly Term[];
  readonly pats: readonly MNode[];
  readonly slots: readonly MSlot[];
  readonly segs: readonly MSeg[];
  readonly k: number;
  /** pats then slots: the order when every argument matches exactly one term argument. */
  readonly order: readonly MNode[];
  readonly absorbOrders: readonly (readonly MNode[] | null)[];
  /**
   * Some slot occurs twice among the arguments (`~x + ~x`): a match needs two identical term
   * arguments (the absorber cannot be one of them: `op(rest)` never equals a flattened argument).
   */
  readonly dup: boolean;
}
export type MNode = MSlot | MLit | MCall | MSeq | MAC;

export const R_SLOT = 0;
export const R_SEG = 1;
export const R_LIT = 2;
export const R_CALL = 3;

export type RNode =
  | { readonly tag: typeof R_SLOT; readonly index: number }
  | { readonly tag: typeof R_SEG; readonly index: number }
  | { readonly tag: typeof R_LIT; readonly term: Term }
  | { readonly tag: typeof R_CALL; readonly op: string; readonly args: readonly RNode[]; readonly splice: boolean };

const NO_NODES: readonly MNode[] = Object.freeze([]);
const NO_TERMS: readonly Term[] = Object.freeze([]);
const NO_INTS = new Int32Array(0);

/**
 * Every matcher node has the same fields in the same order, whatever its tag, so the matcher's
 * property reads stay monomorphic (V8 gives all nodes one hidden class). Build nodes only here.
 */
export function mnode<N extends MNode | MSeg>(fields: Partial<Record<string, unknown>> & { tag: N['tag']; simple: boolean }): N {
  return {
    tag: fields.tag,
    simple: fields.simple,
    index: (fields.index as number | undefined) ?? -1,
    pred: fields.pred as Pred,
    term: fields.term as Term | undefined,
    op: (fields.op as string | undefined) ?? '',
    args: (fields.args as readonly MNode[] | undefined) ?? NO_NODES,
    minRest: (fields.minRest as Int32Array | undefined) ?? NO_INTS,
    lits: (fields.lits as readonly Term[] | undefined) ?? NO_TERMS,
    pats: (fields.pats as readonly MNode[] | undefined) ?? NO_NODES,
    slots: (fields.slots as readonly MSlot[] | undefined) ?? (NO_NODES as readonly MSlot[]),
    segs: (fields.segs as readonly MSeg[] | undefined) ?? (NO_NODES as unknown as readonly MSeg[]),
    k: (fields.k as number | undefined) ?? 0,
    order: (fields.order as readonly MNode[] | undefined) ?? NO_NODES,
    absorbOrders: (fields.absorbOrders as readonly (readonly MNode[] | null)[] | undefined) ?? NO_NODES,
    dup: (fields.dup as boolean | undefined) ?? false,
  } as unknown as N;
}

/** Right-hand side nodes, one shape for all tags (see `mnode`). */
export function rnode(fields: { tag: RNode['tag']; index?: number; term?: Term; op?: string; args?: readonly RNode[]; splice?: boolean }): RNode {
  return {
    tag: fields.tag,
    index: fields.index ?? -1,
    term: fields.term,
    op: fields.op ?? '',
    args: fields.args ?? (NO_NODES as unknown as readonly RNode[]),
    splice: fields.splice ?? false,
  } as RNode;
}

/** Operators matched modulo associativity and commutativity. */
export const AC_OPS: ReadonlySet<string> = new Set(['add', 'mul']);
