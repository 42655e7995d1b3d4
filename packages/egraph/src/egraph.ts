/**
 * The e-graph: e-nodes grouped into e-classes, closed under congruence.
 *
 * Memory layout (every array indexed by an id is a typed array grown by doubling):
 *
 *   e-node n (ids 0, 1, 2, ... in creation order; every e-node starts its own class, so an
 *   e-class id is the id of one of its e-nodes, as in egg):
 *     nOp[n]        operator code (internal/ops.ts): >= 0 call, < 0 leaf `~op` of the leaf table
 *     nStart[n]     offset of its children in `kids`; children are kids[nStart[n] .. nStart[n+1])
 *                   (nodes are appended in order, so nStart[n+1] ends node n's run)
 *     kids[...]     child class ids, canonicalized in place by rebuild
 *     okids[...]    original child ids, only with explanations (same offsets as kids)
 *     nFlags[n]     DEAD: a duplicate of a congruent e-node, ignored everywhere;
 *                   PRUNED: dropped from its class by constant folding (still in the memo)
 *     uf[n]         union-find parent (a root is its own parent)
 *     ring[n]       next e-node of the same class (a circular list: O(1) class merges)
 *   e-class c (indexed by its root id; meaningful while c is a root):
 *     cRing[c]      one e-node of the class ring, or -1
 *     pHead[c]      one entry of its circular list of parent e-nodes (peNode/peNext), or -1
 *     pCount[c]     number of parent entries (union by size uses it, as egg does)
 *     cFlags[c]     HAS_SYMBOL: some symbol leaf is in the class
 *     cConst[c]     constant-folding value (a JS array: values are Num objects)
 *   memo (the hash-cons): open addressing with linear probing over one Int32Array of pairs:
 *     slot i is memo[2i] = hash, memo[2i+1] = node id + 1 (0 = empty), so a probe touches one
 *     cache line. Keys are not copied: a slot's key is its node's *current* (op, kids). When
 *     rebuild re-canonicalizes a node, the node is inserted again under its new hash and the
 *     old slot stays behind: it is counted (egg's memo counts stale entries too) but its stored
 *     hash no longer matches the node, and when it does match a canonical query the node is
 *     of the right class anyway (a canonical key only ever matches nodes congruent to it).
 *   snapshot (rebuilt by `rebuild`, read by e-matching): csNodes holds each class's live
 *     e-nodes grouped by operator (leaves first), class c at csNodes[csStart[c] .. csEnd[c]);
 *     the index by operator lists, per call operator, its live e-nodes grouped by class:
 *     opNodes[opStart[op] .. opEnd[op]) with their classes in opNodeClass; classList holds
 *     the roots.
 *
 * Deferred rebuilding (egg's): `add` and `union` only record what must be re-canonicalized
 * (`pending`: parent e-nodes of absorbed classes; `aPending`: parents whose analysis data may
 * change); `rebuild()` restores congruence and the snapshot. Searching requires a clean
 * e-graph; the Runner rebuilds after every iteration.
 */
import {
  type Kind,
  type Num,
  type Term,
  type TermOps,
  type FlatExpr,
  KIND_CALL,
  KIND_NUMBER,
  KIND_SYMBOL,
  OPERATORS_BY_CODE,
  OP_CONST,
  OP_VAR,
  formatNum,
  numCompare,
  numEquals,
  termOps,
} from '@symx/core';
import { type Analysis, type ConstantFoldingOptions, DEFAULT_FOLD_OPERATORS, foldConstant } from './analysis.js';
import { OP_ADD, OP_MUL, VARIADIC, opArity, opCode, opCount, opName } from './internal/ops.js';

/**
 * An e-class (or e-node) id. Compare classes with `egraph.find(a) === egraph.find(b)`.
 *
 * @example
 * const g = new EGraph();
 * const a: Id = g.addTerm(parse('x*1'));
 * const b: Id = g.addTerm(parse('x'));
 * g.union(a, b);
 * g.rebuild();
 * g.find(a) === g.find(b); // → true
 */
export type Id = number & { readonly __brand: 'Id' };

/**
 * A read-only view of one e-node, shaped like a core Term (kind, op, value) with child ids.
 *
 * @example
 * const g = new EGraph();
 * const id = g.addTerm(parse('sin(x)'));
 * const [node]: ENode[] = g.nodes(id);
 * [node.op, node.children.length]; // → ['sin', 1]
 */
export interface ENode {
  /** The e-node's own id (with explanations on, it denotes exactly one term). */
  readonly id: Id;
  readonly kind: Kind;
  /** Operator name for a call, the name for a symbol, '' for a number. */
  readonly op: string;
  /** The number for a number leaf, otherwise 0. */
  readonly value: Num;
  /** Canonical child class ids (as of the call). */
  readonly children: readonly Id[];
}

/**
 * Options of an e-graph.
 *
 * @example
 * const options: EGraphOptions = { constantFolding: false, explanations: true };
 * const g = new EGraph(options);
 * g.hasConstantFolding; // → false
 */
export interface EGraphOptions {
  /**
   * The built-in constant-folding analysis (exact rationals, floats as floats, never NaN or
   * infinities). `true` (default): fold {@link DEFAULT_FOLD_OPERATORS} and prune; `false`: no
   * constant analysis at all; or options.
   */
  readonly constantFolding?: boolean | ConstantFoldingOptions;
  /** User analyses (see {@link Analysis}). */
  readonly analyses?: readonly Analysis<any>[];
  /**
   * Record why classes were merged, so that `explain` can list the rewrite steps connecting
   * two terms. Off by default; when off it costs nothing.
   */
  readonly explanations?: boolean;
  /** Check the e-graph invariants after every rebuild (slow; for tests). */
  readonly debug?: boolean;
}

/**
 * The e-graph broke an invariant (reported by `checkInvariants`).
 *
 * @example
 * new EGraph({ debug: true });   // rebuild() throws EGraphInvariantError on a violation
 */
export class EGraphInvariantError extends Error {
  override name = 'EGraphInvariantError';
}

// Node flags.
const DEAD = 1;
const PRUNED = 2;
// Class flags.
const HAS_SYMBOL = 1;
// Leaf kinds.
const LEAF_SYMBOL = 0;
const LEAF_NUMBER = 1;

/** Justification codes of the proof forest (>= 0: index into `reasons`). */
export const JUST_CONGRUENCE = -1;
export const JUST_FOLD = -2;

function grow32(a: Int32Array, min: number): Int32Array<ArrayBuffer> {
  let n = a.length * 2;
  while (n < min) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
function grow8(a: Uint8Array, min: number): Uint8Array<ArrayBuffer> {
  let n = a.length * 2;
  while (n < min) n *= 2;
  const b = new Uint8Array(n);
  b.set(a);
  return b;
}

function hashNode(op: number, buf: Int32Array, off: number, arity: number): number {
  let h = Math.imul(op ^ 0x3c6ef372, 0x85ebca6b);
  for (let i = 0; i < arity; i++) {
    h = Math.imul(h ^ buf[off + i], 0x5bd1e995);
    h ^= h >>> 15;
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * An e-graph over core terms.
 *
 * @example
 * const g = new EGraph();
 * const a = g.addTerm(parse('x*1'));
 * const b = g.addTerm(parse('x'));
 * g.union(a, b);
 * g.rebuild();
 * g.find(a) === g.find(b);   // true
 */
export class EGraph {
  // ---- e-nodes -------------------------------------------------------------------------------
  /** @internal */ nOp = new Int32Array(64);
  /** @internal */ nStart = new Int32Array(65);
  /** @internal */ kids = new Int32Array(128);
  /** @internal */ okids: Int32Array | undefined;
  /** @internal */ nFlags = new Uint8Array(64);
  /** @internal */ uf = new Int32Array(64);
  /** @internal */ ring = new Int32Array(64);
  /** Number of e-nodes ever created (dead and pruned ones included). */
  private n = 0;
  private kidsLen = 0;

  // ---- e-classes (indexed by root id) -------------------------------------------------------
  /** @internal */ cRing = new Int32Array(64);
  /** @internal */ pHead = new Int32Array(64);
  private pCount = new Int32Array(64);
  /** @internal */ cFlags = new Uint8Array(64);
  /** @internal */ cConst: (Num | undefined)[] = [];
  private readonly userData: unknown[][] = [];
  /** @internal */ peNode = new Int32Array(128);
  /** @internal */ peNext = new Int32Array(128);
  private peLen = 0;
  private nClasses = 0;

  // ---- memo ---------------------------------------------------------------------------------
  private memo = new Int32Array(512);
  private mMask = 255;
  private mCount = 0;

  // ---- leaves -------------------------------------------------------------------------------
  private readonly leafIndex = new Map<string, number>();
  private readonly termLeaf = new Map<Term, number>();
  /** @internal */ readonly leafKind: number[] = [];
  /** @internal */ readonly leafName: string[] = [];
  /** @internal */ readonly leafValue: Num[] = [];
  /** @internal */ readonly leafNode: number[] = [];

  // ---- rebuilding ---------------------------------------------------------------------------
  private pending = new Int32Array(64);
  private pendingLen = 0;
  private aPending = new Int32Array(64);
  private aPendingLen = 0;
  private clean = true;
  /** @internal Bumped by every change; caches keyed on the e-graph's state compare it. */
  version = 0;

  // ---- snapshot for e-matching ---------------------------------------------------------------
  /** @internal */ csStart = new Int32Array(64);
  /** @internal */ csEnd = new Int32Array(64);
  /** @internal */ csNodes = new Int32Array(64);
  /** @internal */ opStart = new Int32Array(32);
  /** @internal */ opEnd = new Int32Array(32);
  /** @internal */ opNodes = new Int32Array(64);
  /** @internal */ opNodeClass = new Int32Array(64);
  private sortTmp = new Int32Array(64);
  /** @internal */ classList = new Int32Array(64);
  /** @internal */ classListLen = 0;

  // ---- analyses -----------------------------------------------------------------------------
  private readonly folding: boolean;
  private readonly prune: boolean;
  private readonly foldCodes: boolean[] = [];
  private readonly analyses: readonly Analysis<unknown>[];
  /** Constant values of two merged classes disagreed (possible with float folding). */
  constantConflicts = 0;

  // ---- explanations -------------------------------------------------------------------------
  /** @internal */ readonly explaining: boolean;
  /** @internal */ exParent = new Int32Array(0);
  /** @internal */ exJust = new Int32Array(0);
  /** @internal */ exFwd = new Uint8Array(0);
  /** @internal */ readonly reasons: string[] = [];
  private readonly reasonIndex = new Map<string, number>();
  private uHash = new Int32Array(0);
  private uId = new Int32Array(0);
  private uMask = 0;
  private uCount = 0;

  private readonly debug: boolean;
  private scratch = new Int32Array(16);
  private foldArgs: Num[] = [];

  constructor(options: EGraphOptions = {}) {
    const cf = options.constantFolding ?? true;
    this.folding = cf !== false;
    const cfo: ConstantFoldingOptions = typeof cf === 'object' ? cf : {};
    this.prune = this.folding && (cfo.prune ?? true);
    if (this.folding) for (const name of cfo.operators ?? DEFAULT_FOLD_OPERATORS) this.foldCodes[opCode(name)] = true;
    this.analyses = options.analyses ?? [];
    for (let i = 0; i < this.analyses.length; i++) this.userData.push([]);
    this.explaining = options.explanations === true;
    if (this.explaining) {
      this.okids = new Int32Array(128);
      this.exParent = new Int32Array(256);
      this.exJust = new Int32Array(256);
      this.exFwd = new Uint8Array(256);
      this.uHash = new Int32Array(512);
      this.uId = new Int32Array(512);
      this.uMask = 511;
    }
    this.debug = options.debug === true;
  }

  // ---- sizes --------------------------------------------------------------------------------

  /** Hash-cons entries, stale ones included: egg's `total_size`, what node limits count. */
  get memoSize(): number {
    return this.mCount;
  }
  /** Number of e-classes. */
  get classCount(): number {
    return this.nClasses;
  }
  /** Live e-nodes (in some class): egg's `total_number_of_nodes` after a rebuild. O(ids). */
  get nodeCount(): number {
    let c = 0;
    for (let i = 0; i < this.n; i++) if (this.nFlags[i] === 0) c++;
    return c;
  }
  /** E-node ids handed out so far (the bound of node ids). */
  get idBound(): number {
    return this.n;
  }
  /**
   * Approximate bytes held by this e-graph: its typed arrays (capacity, not just the used
   * part) plus 8 bytes per slot of its JS arrays of analysis data. Number objects of exact
   * constants and the leaf tables are not counted (they are shared or few).
   *
   * @example
   * const g = new EGraph();
   * g.addTerm(parse('sin(x) + cos(x)'));
   * g.byteSize / g.nodeCount;   // bytes per live e-node
   */
  get byteSize(): number {
    let b = 0;
    for (const v of Object.values(this)) if (ArrayBuffer.isView(v)) b += v.byteLength;
    b += 8 * this.cConst.length;
    for (const d of this.userData) b += 8 * d.length;
    return b;
  }

  /** True when no add or union happened since the last rebuild. */
  get isClean(): boolean {
    return this.clean;
  }
  /** Whether this e-graph has the constant-folding analysis. */
  get hasConstantFolding(): boolean {
    return this.folding;
  }

  // ---- union-find ---------------------------------------------------------------------------

  /** The canonical id of the class of `id`. */
  find(id: Id | number): Id {
    const uf = this.uf;
    let x = id as number;
    while (uf[x] !== x) {
      const p = uf[x];
      uf[x] = uf[p]; // path halving
      x = uf[p];
    }
    return x as Id;
  }

  // ---- adding -------------------------------------------------------------------------------

  /**
   * Adds a term and returns its class. Any `TermOps` representation works (default: core
   * terms). Variadic `add`/`mul` calls are binarized by a left fold: `a + b + c` is added as
   * `(a + b) + c`, so patterns see binary nodes and commutativity/associativity are ordinary
   * rules. Iterative: any depth. Shared subterms are added once.
   *
   * @example
   * const g = new EGraph();
   * const id = g.addTerm(parse('x + y + z'));   // add(add(x, y), z)
   */
  addTerm(t: Term): Id;
  addTerm<T>(t: T, ops: TermOps<T>): Id;
  addTerm<T>(t: T, ops?: TermOps<T>): Id {
    return this.walkTerm(t, ops ?? (termOps as unknown as TermOps<T>), false) as Id;
  }

  /**
   * The class of a term if the e-graph represents it (after binarizing as `addTerm` does),
   * otherwise undefined. Adds nothing. Exact on a clean e-graph.
   *
   * @example
   * const g = new EGraph();
   * const id = g.addTerm(parse('x*1'));
   * g.lookupTerm(parse('x*1')) === id; // → true
   * g.lookupTerm(parse('y')); // → undefined
   */
  lookupTerm(t: Term): Id | undefined;
  lookupTerm<T>(t: T, ops: TermOps<T>): Id | undefined;
  lookupTerm<T>(t: T, ops?: TermOps<T>): Id | undefined {
    const r = this.walkTerm(t, ops ?? (termOps as unknown as TermOps<T>), true);
    return r < 0 ? undefined : (r as Id);
  }

  /**
   * With explanations on: the e-node that denotes exactly term `t` (as added), or undefined.
   * @internal
   */
  exactNode<T>(t: T, ops: TermOps<T>): number | undefined {
    if (!this.explaining) return undefined;
    const r = this.walkTerm(t, ops, true, true);
    return r < 0 ? undefined : r;
  }

  private walkTerm<T>(t: T, o: TermOps<T>, lookupOnly: boolean, exact = false): number {
    const done = new Map<T, number>();
    const stack: T[] = [t];
    let buf = new Int32Array(8);
    while (stack.length > 0) {
      const u = stack[stack.length - 1];
      if (done.has(u)) {
        stack.pop();
        continue;
      }
      let id: number;
      if (o.isNumber(u)) id = lookupOnly ? this.findLeaf(LEAF_NUMBER, o.numberValue(u)) : this.addNumber(o.numberValue(u));
      else if (o.isSymbol(u)) id = lookupOnly ? this.findLeaf(LEAF_SYMBOL, o.symbolName(u)) : this.addSymbol(o.symbolName(u));
      else {
        const args = o.args(u);
        let ready = true;
        for (let i = args.length - 1; i >= 0; i--) {
          if (!done.has(args[i])) {
            ready = false;
            stack.push(args[i]);
          }
        }
        if (!ready) continue;
        const name = o.op(u);
        const code = opCode(name);
        if ((code === OP_ADD || code === OP_MUL) && args.length !== 2) {
          if (args.length < 2) throw new RangeError(`'${name}' needs two or more arguments, got ${args.length}`);
          // Left fold: ((a0 op a1) op a2) ...
          id = done.get(args[0])!;
          for (let i = 1; i < args.length && id >= 0; i++) {
            buf[0] = id;
            buf[1] = done.get(args[i])!;
            id = buf[1] < 0 ? -1 : this.addOrLookup(code, buf, 2, lookupOnly, exact);
          }
        } else {
          const arity = opArity(code);
          if (arity !== VARIADIC && arity !== args.length)
            throw new RangeError(`'${name}' takes ${arity} argument${arity === 1 ? '' : 's'}, got ${args.length}`);
          if (buf.length < args.length) buf = new Int32Array(args.length * 2);
          id = 0;
          for (let i = 0; i < args.length; i++) {
            const c = done.get(args[i])!;
            if (c < 0) id = -1;
            buf[i] = c;
          }
          if (id === 0) id = this.addOrLookup(code, buf, args.length, lookupOnly, exact);
        }
      }
      if (lookupOnly && id < 0) return -1;
      done.set(u, id);
      stack.pop();
    }
    return done.get(t)!;
  }

  private addOrLookup(code: number, buf: Int32Array, arity: number, lookupOnly: boolean, exact: boolean): number {
    if (!lookupOnly) return this.addNode(code, buf, arity);
    if (exact) return this.uFind(hashNode(code, buf, 0, arity), code, buf, 0, arity);
    for (let i = 0; i < arity; i++) buf[i] = this.find(buf[i]);
    const m = this.memoFind(hashNode(code, buf, 0, arity), code, buf, 0, arity);
    return m < 0 ? -1 : this.find(m);
  }

  /**
   * Adds every expression of a flat post-order encoding (core flat.ts) and returns the class
   * of each root. Variadic add/mul nodes are binarized like `addTerm`.
   *
   * @example
   * const g = new EGraph();
   * const [id] = g.addExpr(toFlat(parse('x*y + 1')));
   * id === g.lookupTerm(parse('x*y + 1')); // → true
   */
  addExpr(f: FlatExpr): Id[] {
    const ids = new Int32Array(f.ops.length);
    let buf = new Int32Array(8);
    for (let i = 0; i < f.ops.length; i++) {
      const code = f.ops[i];
      if (code === OP_CONST) ids[i] = this.addNumber(f.consts[f.data[i]]);
      else if (code === OP_VAR) ids[i] = this.addSymbol(f.vars[f.data[i]]);
      else {
        const info = OPERATORS_BY_CODE[code];
        if (!info) throw new RangeError(`flat expression: unknown opcode ${code} at node ${i}`);
        const op = opCode(info.name);
        const start = f.data[i];
        const arity = f.arity[i];
        if ((op === OP_ADD || op === OP_MUL) && arity > 2) {
          let acc = ids[f.children[start]];
          for (let k = 1; k < arity; k++) {
            buf[0] = acc;
            buf[1] = ids[f.children[start + k]];
            acc = this.addNode(op, buf, 2);
          }
          ids[i] = acc;
        } else {
          if (buf.length < arity) buf = new Int32Array(arity * 2);
          for (let k = 0; k < arity; k++) buf[k] = ids[f.children[start + k]];
          ids[i] = this.addNode(op, buf, arity);
        }
      }
    }
    return Array.from(f.roots, (r) => ids[r] as Id);
  }

  /**
   * Adds the call `op(children...)` (children are class ids) and returns its class. `add` and
   * `mul` take exactly two children here.
   *
   * @example
   * const g = new EGraph();
   * const x = g.addSymbol('x');
   * const sx = g.add('sin', [x]);
   * sx === g.lookupTerm(parse('sin(x)')); // → true
   */
  add(op: string, children: readonly (Id | number)[]): Id {
    const code = opCode(op);
    const arity = opArity(code);
    if (arity !== VARIADIC ? children.length !== arity : children.length < 2)
      throw new RangeError(`'${op}' takes ${arity === VARIADIC ? 'two or more' : arity} argument${arity === 1 ? '' : 's'} in the e-graph, got ${children.length}`);
    const buf = new Int32Array(children.length);
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (!Number.isInteger(c) || c < 0 || c >= this.n) throw new RangeError(`add('${op}'): child ${i} is not an id of this e-graph: ${c}`);
      buf[i] = c;
    }
    return this.addNode(code, buf, children.length) as Id;
  }

  /**
   * Adds (or finds) the symbol leaf `name`.
   *
   * @example
   * const g = new EGraph();
   * g.addSymbol('x') === g.addTerm(sym('x')); // → true
   */
  addSymbol(name: string): Id {
    return this.addLeaf(LEAF_SYMBOL, name) as Id;
  }

  /**
   * Adds (or finds) the number leaf `v` (exact and float numbers are different leaves).
   *
   * @example
   * const g = new EGraph();
   * g.addNumber(rational(1, 3)) === g.addTerm(parse('1/3')); // → true
   */
  addNumber(v: Num): Id {
    return this.addLeaf(LEAF_NUMBER, v) as Id;
  }

  private leafKey(kind: number, v: string | Num): string {
    return kind === LEAF_SYMBOL ? 's' + (v as string) : 'n' + formatNum(v as Num);
  }

  private findLeaf(kind: number, v: string | Num): number {
    const li = this.leafIndex.get(this.leafKey(kind, v));
    if (li === undefined) return -1;
    const node = this.leafNode[li];
    return node < 0 ? -1 : this.explaining ? node : this.find(node);
  }

  private addLeaf(kind: number, v: string | Num): number {
    const key = this.leafKey(kind, v);
    let li = this.leafIndex.get(key);
    if (li === undefined) {
      li = this.leafKind.length;
      this.leafIndex.set(key, li);
      this.leafKind.push(kind);
      this.leafName.push(kind === LEAF_SYMBOL ? (v as string) : '');
      this.leafValue.push(kind === LEAF_NUMBER ? (v as Num) : 0);
      this.leafNode.push(-1);
    }
    const node = this.leafNode[li];
    if (node >= 0) return this.explaining ? node : this.find(node);
    return this.addNode(~li, this.scratch, 0);
  }

  /**
   * @internal The leaf e-node of a core number or symbol term: added when `add` is true,
   * otherwise -1 when absent. Cached by term identity (core terms are hash-consed).
   */
  leafOfTerm(t: Term, add: boolean): number {
    let li = this.termLeaf.get(t);
    if (li === undefined) {
      const kind = t.kind === KIND_SYMBOL ? LEAF_SYMBOL : LEAF_NUMBER;
      const v = kind === LEAF_SYMBOL ? t.op : t.value;
      const key = this.leafKey(kind, v);
      if (!this.leafIndex.has(key)) {
        if (!add) return -1;
        this.addLeaf(kind, v);
      }
      li = this.leafIndex.get(key)!;
      this.termLeaf.set(t, li);
    }
    const node = this.leafNode[li];
    if (node >= 0) return node;
    if (!add) return -1;
    this.addLeaf(this.leafKind[li], this.leafKind[li] === LEAF_SYMBOL ? this.leafName[li] : this.leafValue[li]);
    return this.leafNode[li];
  }

  /** @internal Leaf node id of a number value if present (any class), else -1. */
  numberLeaf(v: Num): number {
    const li = this.leafIndex.get('n' + formatNum(v));
    return li === undefined ? -1 : this.leafNode[li];
  }

  /**
   * Adds e-node (code, buf[0..arity)) where buf holds class ids (any, canonical or not; with
   * explanations: the exact e-node ids of the children). Returns its class (with explanations:
   * the e-node denoting exactly this term). May reuse `buf` only until it returns.
   * @internal
   */
  addNode(code: number, buf: Int32Array, arity: number): number {
    if (this.explaining) return this.addExplained(code, buf, arity);
    for (let i = 0; i < arity; i++) buf[i] = this.find(buf[i]);
    const h = hashNode(code, buf, 0, arity);
    const m = this.memoFind(h, code, buf, 0, arity);
    if (m >= 0) return this.find(m);
    const id = this.newNode(code, buf, arity);
    this.memoInsert(h, id);
    this.initClass(id);
    return this.find(id);
  }

  private addExplained(code: number, buf: Int32Array, arity: number): number {
    const h0 = hashNode(code, buf, 0, arity);
    const u = this.uFind(h0, code, buf, 0, arity);
    if (u >= 0) return u;
    // A new term: remember its original children, then look it up canonically.
    const orig = buf.slice(0, arity);
    for (let i = 0; i < arity; i++) buf[i] = this.find(buf[i]);
    const h = hashNode(code, buf, 0, arity);
    const m = this.memoFind(h, code, buf, 0, arity);
    const id = this.newNode(code, buf, arity, orig, m < 0);
    this.uInsert(h0, id);
    if (m >= 0) {
      // Congruent to an existing e-node: this one only denotes a term, for explanations.
      this.nFlags[id] = DEAD;
      this.uf[id] = this.find(m);
      this.exParent[id] = m;
      this.exJust[id] = JUST_CONGRUENCE;
      this.exFwd[id] = 1;
      return id;
    }
    this.memoInsert(h, id);
    this.initClass(id);
    return id;
  }

  private newNode(code: number, buf: Int32Array, arity: number, orig?: Int32Array, withParents = true): number {
    const id = this.n;
    if (id + 1 >= this.nOp.length) this.growNodes(id + 2);
    if (this.kidsLen + arity > this.kids.length) {
      this.kids = grow32(this.kids, this.kidsLen + arity);
      if (this.okids) this.okids = grow32(this.okids, this.kids.length);
    }
    this.n = id + 1;
    this.nOp[id] = code;
    const start = this.kidsLen;
    this.nStart[id] = start;
    for (let i = 0; i < arity; i++) this.kids[start + i] = buf[i];
    if (this.okids) for (let i = 0; i < arity; i++) this.okids[start + i] = orig ? orig[i] : buf[i];
    this.kidsLen = start + arity;
    this.nStart[id + 1] = this.kidsLen;
    this.nFlags[id] = 0;
    this.uf[id] = id;
    this.ring[id] = id;
    this.cRing[id] = id;
    this.pHead[id] = -1;
    this.pCount[id] = 0;
    this.cFlags[id] = 0;
    this.cConst[id] = undefined;
    if (this.explaining) {
      this.exParent[id] = id;
      this.exJust[id] = 0;
      this.exFwd[id] = 0;
    }
    if (withParents) {
      for (let i = 0; i < arity; i++) {
        const c = buf[i];
        let seen = false;
        for (let j = 0; j < i; j++) if (buf[j] === c) seen = true;
        if (!seen) this.addParent(c, id);
      }
    }
    if (code < 0) this.leafNode[~code] = id;
    this.version++;
    this.clean = false;
    return id;
  }

  /** Makes `id` a class: count it, compute its analyses, run modify. */
  private initClass(id: number): void {
    this.nClasses++;
    const code = this.nOp[id];
    if (code < 0 && this.leafKind[~code] === LEAF_SYMBOL) this.cFlags[id] |= HAS_SYMBOL;
    if (this.folding) this.cConst[id] = this.foldNode(id);
    for (let k = 0; k < this.analyses.length; k++) this.userData[k][id] = this.analyses[k].make(this, this.view(id));
    this.modify(id, id);
  }

  private growNodes(min: number): void {
    this.nOp = grow32(this.nOp, min);
    this.nStart = grow32(this.nStart, min + 1);
    this.nFlags = grow8(this.nFlags, min);
    this.uf = grow32(this.uf, min);
    this.ring = grow32(this.ring, min);
    this.cRing = grow32(this.cRing, min);
    this.pHead = grow32(this.pHead, min);
    this.pCount = grow32(this.pCount, min);
    this.cFlags = grow8(this.cFlags, min);
    if (this.explaining) {
      this.exParent = grow32(this.exParent, min);
      this.exJust = grow32(this.exJust, min);
      this.exFwd = grow8(this.exFwd, min);
    }
  }

  private addParent(c: number, node: number): void {
    const e = this.peLen++;
    if (e >= this.peNode.length) {
      this.peNode = grow32(this.peNode, e + 1);
      this.peNext = grow32(this.peNext, e + 1);
    }
    this.peNode[e] = node;
    const h = this.pHead[c];
    if (h < 0) {
      this.peNext[e] = e;
      this.pHead[c] = e;
    } else {
      this.peNext[e] = this.peNext[h];
      this.peNext[h] = e;
    }
    this.pCount[c]++;
  }

  // ---- memo ---------------------------------------------------------------------------------

  /** @internal A node with exactly this (op, kids) as its current key, or -1. */
  memoFind(h: number, code: number, buf: Int32Array, off: number, arity: number): number {
    const memo = this.memo;
    const mask = this.mMask;
    const nOp = this.nOp;
    const nStart = this.nStart;
    const kids = this.kids;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = memo[2 * i + 1];
      if (slot === 0) return -1;
      if (memo[2 * i] !== h) continue;
      const id = slot - 1;
      if (nOp[id] !== code) continue;
      const s = nStart[id];
      if (nStart[id + 1] - s !== arity) continue;
      let k = 0;
      while (k < arity && kids[s + k] === buf[off + k]) k++;
      if (k === arity) return id;
    }
  }

  private memoInsert(h: number, id: number): void {
    if ((this.mCount + 1) * 2 > this.mMask + 1) this.memoGrow();
    const mask = this.mMask;
    const memo = this.memo;
    let i = h & mask;
    while (memo[2 * i + 1] !== 0) i = (i + 1) & mask;
    memo[2 * i] = h;
    memo[2 * i + 1] = id + 1;
    this.mCount++;
  }

  private memoGrow(): void {
    const old = this.memo;
    const cap = (this.mMask + 1) * 2;
    const memo = new Int32Array(cap * 2);
    const mask = cap - 1;
    for (let j = 0; j < old.length; j += 2) {
      if (old[j + 1] === 0) continue;
      let i = old[j] & mask;
      while (memo[2 * i + 1] !== 0) i = (i + 1) & mask;
      memo[2 * i] = old[j];
      memo[2 * i + 1] = old[j + 1];
    }
    this.memo = memo;
    this.mMask = mask;
  }

  // Uncanonical memo (explanations only): keys are the original children.
  private uFind(h: number, code: number, buf: Int32Array, off: number, arity: number): number {
    const okids = this.okids!;
    for (let i = h & this.uMask; ; i = (i + 1) & this.uMask) {
      const slot = this.uId[i];
      if (slot === 0) return -1;
      if (this.uHash[i] !== h) continue;
      const id = slot - 1;
      if (this.nOp[id] !== code) continue;
      const s = this.nStart[id];
      if (this.nStart[id + 1] - s !== arity) continue;
      let k = 0;
      while (k < arity && okids[s + k] === buf[off + k]) k++;
      if (k === arity) return id;
    }
  }

  private uInsert(h: number, id: number): void {
    if ((this.uCount + 1) * 2 > this.uId.length) {
      const oldH = this.uHash;
      const oldI = this.uId;
      const cap = oldI.length * 2;
      this.uHash = new Int32Array(cap);
      this.uId = new Int32Array(cap);
      this.uMask = cap - 1;
      for (let j = 0; j < oldI.length; j++) {
        if (oldI[j] === 0) continue;
        let i = oldH[j] & this.uMask;
        while (this.uId[i] !== 0) i = (i + 1) & this.uMask;
        this.uHash[i] = oldH[j];
        this.uId[i] = oldI[j];
      }
    }
    let i = h & this.uMask;
    while (this.uId[i] !== 0) i = (i + 1) & this.uMask;
    this.uHash[i] = h;
    this.uId[i] = id + 1;
    this.uCount++;
  }

  // ---- union --------------------------------------------------------------------------------

  /**
   * Merges the classes of `a` and `b`. Returns false if they were already one class. `reason`
   * names the justification for explanations (default 'union'). The e-graph needs a `rebuild`
   * before the next search.
   *
   * @example
   * const g = new EGraph();
   * g.union(g.addTerm(parse('x*1')), g.addTerm(parse('x')), 'one-mul'); // → true
   * g.rebuild();
   */
  union(a: Id | number, b: Id | number, reason = 'union'): boolean {
    return this.unionJust(a, b, this.explaining ? this.reasonCode(reason) : 0);
  }

  /** @internal Index of a justification name. */
  reasonCode(name: string): number {
    let r = this.reasonIndex.get(name);
    if (r === undefined) {
      r = this.reasons.length;
      this.reasons.push(name);
      this.reasonIndex.set(name, r);
    }
    return r;
  }

  /** @internal */
  unionJust(a: number, b: number, just: number): boolean {
    let ra = this.find(a) as number;
    let rb = this.find(b) as number;
    if (ra === rb) return false;
    if (this.explaining) this.proofUnion(a, b, just);
    if (this.pCount[ra] < this.pCount[rb]) {
      const t = ra;
      ra = rb;
      rb = t;
    }
    this.uf[rb] = ra;
    this.nClasses--;
    this.version++;
    this.clean = false;

    // Analyses: which side's parents must be re-made?
    let remakeA = false;
    let remakeB = false;
    if (this.folding) {
      const ca = this.cConst[ra];
      const cb = this.cConst[rb];
      if (ca === undefined) {
        if (cb !== undefined) {
          this.cConst[ra] = cb;
          remakeA = true;
        }
      } else if (cb === undefined) remakeB = true;
      else if (!numEquals(ca, cb)) {
        // Both sides had a value and they disagree (float rounding, or unsound unions): keep
        // a's, and re-fold b's parents, which now see a's value.
        if (numCompare(ca, cb) !== 0) this.constantConflicts++;
        remakeB = true;
      }
      this.cConst[rb] = undefined;
    }
    for (let k = 0; k < this.analyses.length; k++) {
      const an = this.analyses[k];
      const data = this.userData[k];
      const da = data[ra];
      const db = data[rb];
      const m = an.merge(da, db);
      const eq = an.equals ?? Object.is;
      if (!eq(m, da)) remakeA = true;
      if (!eq(m, db)) remakeB = true;
      data[ra] = m;
      data[rb] = undefined;
    }
    if (remakeA) this.pushParents(ra, false, true);
    // Congruence: every parent of the absorbed class must be re-canonicalized.
    this.pushParents(rb, true, remakeB);

    // Splice the parent lists and the node rings (circular lists: swap two next pointers).
    const hb = this.pHead[rb];
    if (hb >= 0) {
      const ha = this.pHead[ra];
      if (ha < 0) this.pHead[ra] = hb;
      else {
        const t = this.peNext[ha];
        this.peNext[ha] = this.peNext[hb];
        this.peNext[hb] = t;
      }
    }
    this.pCount[ra] += this.pCount[rb];
    const rgb = this.cRing[rb];
    if (rgb >= 0) {
      const rga = this.cRing[ra];
      if (rga < 0) this.cRing[ra] = rgb;
      else {
        const t = this.ring[rga];
        this.ring[rga] = this.ring[rgb];
        this.ring[rgb] = t;
      }
    }
    this.cFlags[ra] |= this.cFlags[rb];
    this.modify(ra, -1);
    return true;
  }

  /** Pushes the parent e-nodes of class `c` onto the congruence and/or analysis worklists. */
  private pushParents(c: number, congruence: boolean, analysis: boolean): void {
    const h = this.pHead[c];
    if (h < 0) return;
    let e = h;
    do {
      const node = this.peNode[e];
      if (congruence) {
        if (this.pendingLen === this.pending.length) this.pending = grow32(this.pending, this.pendingLen + 1);
        this.pending[this.pendingLen++] = node;
      }
      if (analysis) {
        if (this.aPendingLen === this.aPending.length) this.aPending = grow32(this.aPending, this.aPendingLen + 1);
        this.aPending[this.aPendingLen++] = node;
      }
      e = this.peNext[e];
    } while (e !== h);
  }

  /** Proof forest: make `a` the root of its tree (reversing the path), then hang it under `b`. */
  private proofUnion(a: number, b: number, just: number): void {
    const par = this.exParent;
    const js = this.exJust;
    const fw = this.exFwd;
    let child = a;
    let p = par[a];
    let j = js[a];
    let f = fw[a];
    while (p !== child) {
      const pp = par[p];
      const pj = js[p];
      const pf = fw[p];
      par[p] = child;
      js[p] = j;
      fw[p] = f ^ 1;
      if (pp === p) break;
      child = p;
      p = pp;
      j = pj;
      f = pf;
    }
    par[a] = b;
    js[a] = just;
    fw[a] = 1;
  }

  // ---- analyses -----------------------------------------------------------------------------

  private foldNode(id: number): Num | undefined {
    const code = this.nOp[id];
    if (code < 0) return this.leafKind[~code] === LEAF_NUMBER ? this.leafValue[~code] : undefined;
    if (this.foldCodes[code] !== true) return undefined;
    const s = this.nStart[id];
    const e = this.nStart[id + 1];
    const args = this.foldArgs;
    args.length = e - s;
    for (let i = s; i < e; i++) {
      const v = this.cConst[this.find(this.kids[i])];
      if (v === undefined) return undefined;
      args[i - s] = v;
    }
    return foldConstant(opName(code), args);
  }

  /** After class `c` was made or merged: add its constant leaf, prune, run user modify. */
  private modify(c: number, source: number): void {
    if (this.folding) {
      const v = this.cConst[c];
      if (v !== undefined) {
        const leaf = this.addLeaf(LEAF_NUMBER, v);
        const root = this.find(c);
        if (this.find(leaf) !== root) {
          if (this.explaining && source >= 0 && this.nOp[source] >= 0) this.explainFold(source, leaf);
          else this.unionJust(root, leaf, JUST_FOLD);
        }
        if (this.prune) this.pruneClass(this.find(c));
      }
    }
    for (const an of this.analyses) if (an.modify) an.modify(this, this.find(c));
  }

  /** Explanations: `source` folded to the constant `leaf`: op(c1, c2) = v, by congruence. */
  private explainFold(source: number, leaf: number): void {
    const s = this.nStart[source];
    const arity = this.nStart[source + 1] - s;
    const buf = new Int32Array(arity);
    for (let i = 0; i < arity; i++) {
      const v = this.cConst[this.find(this.kids[s + i])];
      const l = v === undefined ? -1 : this.numberLeaf(v);
      if (l < 0) {
        this.unionJust(source, leaf, JUST_FOLD);
        return;
      }
      buf[i] = l;
    }
    const folded = this.addExplained(this.nOp[source], buf, arity);
    this.unionJust(folded, leaf, JUST_FOLD);
  }

  private pruneClass(c: number): void {
    const h = this.cRing[c];
    if (h < 0) return;
    let x = h;
    do {
      if (this.nStart[x + 1] !== this.nStart[x]) this.nFlags[x] |= PRUNED;
      x = this.ring[x];
    } while (x !== h);
  }

  /** The constant value of a class (constant folding), or undefined. */
  constant(id: Id | number): Num | undefined {
    return this.folding ? this.cConst[this.find(id)] : undefined;
  }

  /** True when the class contains a symbol leaf. */
  hasSymbol(id: Id | number): boolean {
    return (this.cFlags[this.find(id)] & HAS_SYMBOL) !== 0;
  }

  /** The data of a user analysis for a class. */
  data<D>(analysis: Analysis<D>, id: Id | number): D {
    const k = this.analyses.indexOf(analysis as Analysis<unknown>);
    if (k < 0) throw new RangeError(`analysis '${analysis.name}' is not installed in this e-graph`);
    return this.userData[k][this.find(id)] as D;
  }

  // ---- rebuilding ---------------------------------------------------------------------------

  /**
   * Restores congruence closure and the analysis invariants, then rebuilds the per-class and
   * per-operator indexes used by e-matching. Returns the number of unions that congruence
   * caused.
   *
   * @example
   * const g = new EGraph();
   * const [x, y] = [g.addSymbol('x'), g.addSymbol('y')];
   * const [sx, sy] = [g.add('sin', [x]), g.add('sin', [y])];
   * g.union(x, y);
   * g.rebuild();   // sin(x) and sin(y) are now one class
   * g.find(sx) === g.find(sy); // → true
   */
  rebuild(): number {
    const unions = this.processUnions();
    this.rebuildClasses();
    this.clean = true;
    if (this.debug) this.checkInvariants();
    return unions;
  }

  private processUnions(): number {
    let unions = 0;
    while (this.pendingLen > 0 || this.aPendingLen > 0) {
      while (this.pendingLen > 0) {
        const node = this.pending[--this.pendingLen];
        if ((this.nFlags[node] & DEAD) !== 0) continue;
        const s = this.nStart[node];
        const arity = this.nStart[node + 1] - s;
        let changed = false;
        for (let i = 0; i < arity; i++) {
          const k = this.kids[s + i];
          const r = this.find(k);
          if (r !== k) {
            this.kids[s + i] = r;
            changed = true;
          }
        }
        if (!changed) continue;
        const h = hashNode(this.nOp[node], this.kids, s, arity);
        const m = this.memoFind(h, this.nOp[node], this.kids, s, arity);
        if (m < 0) this.memoInsert(h, node);
        else if (m !== node) {
          if (this.unionJust(m, node, JUST_CONGRUENCE)) unions++;
          this.nFlags[node] |= DEAD;
        }
      }
      while (this.aPendingLen > 0) {
        const node = this.aPending[--this.aPendingLen];
        if ((this.nFlags[node] & DEAD) !== 0) continue;
        const c = this.find(node);
        let changed = false;
        if (this.folding && this.cConst[c] === undefined) {
          const v = this.foldNode(node);
          if (v !== undefined) {
            this.cConst[c] = v;
            changed = true;
          }
        }
        for (let k = 0; k < this.analyses.length; k++) {
          const an = this.analyses[k];
          const data = this.userData[k];
          const old = data[c];
          const m = an.merge(old, an.make(this, this.view(node)));
          if (!(an.equals ?? Object.is)(m, old)) {
            data[c] = m;
            changed = true;
          }
        }
        if (changed) {
          this.pushParents(c, false, true);
          this.modify(c, node);
        }
      }
    }
    return unions;
  }

  /**
   * Rebuilds the snapshot read by e-matching, in O(e-nodes) without comparisons: a counting
   * sort of the live e-nodes by operator, then a stable counting sort by class, so that each
   * class's run in csNodes is grouped by operator (leaves first, then calls by code). Also
   * rebuilds the per-operator node index (opNodes, grouped by class) and the class rings.
   */
  private rebuildClasses(): void {
    const n = this.n;
    if (this.csStart.length < n) {
      this.csStart = new Int32Array(this.uf.length);
      this.csEnd = new Int32Array(this.uf.length);
    }
    if (this.classList.length < this.nClasses) this.classList = new Int32Array(this.uf.length);
    const nops = opCount();
    if (this.opStart.length < nops + 1) {
      this.opStart = new Int32Array(nops * 2 + 2);
      this.opEnd = new Int32Array(nops * 2 + 2);
    }
    // Pass 1: canonical children; live nodes per class and per operator bucket (0: leaves,
    // op + 1: calls). opEnd doubles as the bucket counter.
    const count = this.csEnd;
    count.fill(0, 0, n);
    const bucket = this.opEnd;
    bucket.fill(0, 0, nops + 1);
    let live = 0;
    for (let i = 0; i < n; i++) {
      if (this.nFlags[i] !== 0) continue;
      const s = this.nStart[i];
      const e = this.nStart[i + 1];
      for (let k = s; k < e; k++) this.kids[k] = this.find(this.kids[k]);
      count[this.find(i)]++;
      const op = this.nOp[i];
      bucket[op < 0 ? 0 : op + 1]++;
      live++;
    }
    if (this.csNodes.length < live) {
      const cap = Math.max(live, this.csNodes.length * 2);
      this.csNodes = new Int32Array(cap);
      this.sortTmp = new Int32Array(cap);
      this.opNodes = new Int32Array(cap);
      this.opNodeClass = new Int32Array(cap);
    }
    // Counting sort by operator bucket (stable: id order within a bucket).
    let pos = 0;
    for (let b = 0; b <= nops; b++) {
      const c = bucket[b];
      bucket[b] = pos;
      pos += c;
    }
    const byOp = this.sortTmp;
    for (let i = 0; i < n; i++) {
      if (this.nFlags[i] !== 0) continue;
      const op = this.nOp[i];
      byOp[bucket[op < 0 ? 0 : op + 1]++] = i;
    }
    // Roots in id order; prefix sums give each class its run in csNodes.
    let nc = 0;
    pos = 0;
    for (let i = 0; i < n; i++) {
      if (this.uf[i] !== i) continue;
      this.classList[nc++] = i;
      this.csStart[i] = pos;
      pos += count[i];
      count[i] = this.csStart[i]; // the fill cursor; ends as the run's end
    }
    this.classListLen = nc;
    // Stable counting sort by class: each run stays sorted by operator.
    for (let k = 0; k < live; k++) {
      const i = byOp[k];
      this.csNodes[count[this.find(i)]++] = i;
    }
    // Operator index (grouped by class) and class rings.
    const opN = this.opEnd;
    opN.fill(0, 0, nops);
    for (let k = 0; k < live; k++) {
      const op = this.nOp[this.csNodes[k]];
      if (op >= 0) opN[op]++;
    }
    pos = 0;
    for (let o = 0; o < nops; o++) {
      this.opStart[o] = pos;
      pos += opN[o];
      opN[o] = this.opStart[o];
    }
    for (let j = 0; j < nc; j++) {
      const c = this.classList[j];
      const s = this.csStart[c];
      const e = count[c];
      if (e === s) this.cRing[c] = -1;
      else {
        for (let k = s; k < e - 1; k++) this.ring[this.csNodes[k]] = this.csNodes[k + 1];
        this.ring[this.csNodes[e - 1]] = this.csNodes[s];
        this.cRing[c] = this.csNodes[s];
      }
      for (let k = s; k < e; k++) {
        const node = this.csNodes[k];
        const op = this.nOp[node];
        if (op < 0) continue;
        const at = opN[op]++;
        this.opNodes[at] = node;
        this.opNodeClass[at] = c;
      }
    }
    // opN (opEnd) is now each operator's end in opNodes; count (csEnd) each class's end.
  }

  // ---- reading ------------------------------------------------------------------------------

  /** The canonical ids of all classes (requires a clean e-graph for the snapshot order). */
  classes(): Id[] {
    const out: Id[] = [];
    for (let i = 0; i < this.n; i++) if (this.uf[i] === i) out.push(i as Id);
    return out;
  }

  /** The live e-nodes of a class (current, clean or not). */
  nodes(id: Id | number): ENode[] {
    const out: ENode[] = [];
    const h = this.cRing[this.find(id)];
    if (h < 0) return out;
    let x = h;
    do {
      if (this.nFlags[x] === 0) out.push(this.view(x));
      x = this.ring[x];
    } while (x !== h);
    return out;
  }

  /** A view of one e-node. */
  view(node: number): ENode {
    const code = this.nOp[node];
    const s = this.nStart[node];
    const e = this.nStart[node + 1];
    const children: Id[] = [];
    for (let i = s; i < e; i++) children.push(this.find(this.kids[i]));
    if (code >= 0) return { id: node as Id, kind: KIND_CALL, op: opName(code), value: 0, children };
    const li = ~code;
    return this.leafKind[li] === LEAF_SYMBOL
      ? { id: node as Id, kind: KIND_SYMBOL, op: this.leafName[li], value: 0, children }
      : { id: node as Id, kind: KIND_NUMBER, op: '', value: this.leafValue[li], children };
  }

  /** @internal True if the node is alive and listed in its class. */
  isLive(node: number): boolean {
    return this.nFlags[node] === 0;
  }

  /**
   * Checks the invariants of a clean e-graph and throws `EGraphInvariantError` naming the
   * first violation: every live e-node has canonical children and is found by the memo in its
   * own class (memo canonical); no two live e-nodes with the same key sit in different classes
   * (congruence closed); the class count and the snapshot agree with the union-find; constants
   * agree with folding.
   *
   * @example
   * const g = new EGraph();
   * g.union(g.addTerm(parse('x*1')), g.addTerm(parse('x')));
   * g.rebuild();
   * g.checkInvariants();   // throws EGraphInvariantError if the structure is inconsistent
   */
  checkInvariants(): void {
    if (!this.clean) throw new EGraphInvariantError('checkInvariants needs a clean e-graph (call rebuild first)');
    const seen = new Map<string, number>();
    let roots = 0;
    for (let i = 0; i < this.n; i++) if (this.uf[i] === i) roots++;
    if (roots !== this.nClasses) throw new EGraphInvariantError(`class count ${this.nClasses} but ${roots} union-find roots`);
    if (roots !== this.classListLen) throw new EGraphInvariantError(`snapshot lists ${this.classListLen} classes, expected ${roots}`);
    let listed = 0;
    for (let j = 0; j < this.classListLen; j++) {
      const c = this.classList[j];
      listed += this.csEnd[c] - this.csStart[c];
      for (let k = this.csStart[c]; k < this.csEnd[c]; k++)
        if (this.find(this.csNodes[k]) !== c) throw new EGraphInvariantError(`snapshot: node ${this.csNodes[k]} listed under class ${c}`);
    }
    for (let i = 0; i < this.n; i++) {
      if ((this.nFlags[i] & DEAD) !== 0) continue;
      const s = this.nStart[i];
      const e = this.nStart[i + 1];
      for (let k = s; k < e; k++)
        if (this.find(this.kids[k]) !== this.kids[k]) throw new EGraphInvariantError(`node ${i} has a non-canonical child ${this.kids[k]}`);
      const h = hashNode(this.nOp[i], this.kids, s, e - s);
      const m = this.memoFind(h, this.nOp[i], this.kids, s, e - s);
      if (m < 0) throw new EGraphInvariantError(`memo: node ${i} (${this.describe(i)}) is not found by its canonical key`);
      if (this.find(m) !== this.find(i)) throw new EGraphInvariantError(`memo: node ${i} found as ${m} in another class`);
      const key = `${this.nOp[i]}:${Array.from(this.kids.subarray(s, e)).join(',')}`;
      const other = seen.get(key);
      if (other !== undefined && this.find(other) !== this.find(i))
        throw new EGraphInvariantError(`not congruence closed: nodes ${other} and ${i} (${this.describe(i)}) are in different classes`);
      seen.set(key, i);
      if (this.folding && this.nFlags[i] === 0) {
        const v = this.foldNode(i);
        const c = this.cConst[this.find(i)];
        if (v !== undefined && c === undefined) throw new EGraphInvariantError(`constant: node ${i} folds to ${formatNum(v)} but its class has no constant`);
      }
    }
    let liveCount = 0;
    for (let i = 0; i < this.n; i++) if (this.nFlags[i] === 0) liveCount++;
    if (listed !== liveCount) throw new EGraphInvariantError(`snapshot lists ${listed} nodes, ${liveCount} are live`);
  }

  /** A short description of an e-node for messages: `add(3, 5)`, `x`, `2`. */
  describe(node: number): string {
    const code = this.nOp[node];
    if (code < 0) {
      const li = ~code;
      return this.leafKind[li] === LEAF_SYMBOL ? this.leafName[li] : formatNum(this.leafValue[li]);
    }
    const s = this.nStart[node];
    return `${opName(code)}(${Array.from(this.kids.subarray(s, this.nStart[node + 1])).join(', ')})`;
  }
}
