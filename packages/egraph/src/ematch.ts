/**
 * E-matching as a tiny instruction machine (after egg's machine.rs). A pattern is compiled once
 * into an Int32Array program; running it over a clean e-graph enumerates the substitutions.
 *
 * Instructions (word layout; `r` are register numbers, registers hold class ids):
 *   SCAN    out               for each class: regs[out] = class        (backtrack point)
 *   SCANOP  op out arity v    for each e-node `op(c0..)` of the e-graph (index by operator):
 *                             regs[0] = its class, regs[out + i] = ci  (backtrack point)
 *   BIND    in op out arity v for each e-node `op(c0..)` in class regs[in]:
 *                             regs[out + i] = ci                       (backtrack point)
 *                             (v = 1 for variadic operators: e-nodes of another arity are
 *                             skipped; for fixed-arity operators there is nothing to check)
 *   COMPARE a b               continue only if regs[a] == regs[b]
 *   LOOKUP  r n entries...    a ground subpattern: look its nodes up in the memo, bottom-up,
 *                             and continue only if the result is class regs[r]. Entry k is
 *                             `op arity ref...`; op < 0 is the literal leaf -1-op; a ref >= 0
 *                             is a register, < 0 is the result of entry ~ref.
 *   CHECK   r i               continue only if class regs[r] satisfies typed slot i
 *   YIELD                     emit a match: regs[0] and the register of each slot
 *
 * The compiler orders subpatterns as egg does: subpatterns that are ground by now first (they
 * become one LOOKUP), then those with more free variables, then smaller ones. The machine runs
 * iteratively over an explicit stack of backtrack frames, in reused buffers: a search allocates
 * nothing per match (matches go into a growable Int32Array).
 */
import { type Term, KIND_NUMBER, KIND_SYMBOL } from '@symx/core';
import type { EGraph, Id } from './egraph.js';
import { OP_ADD, OP_MUL, VARIADIC, opArity, opCode } from './internal/ops.js';
import { type Pattern, type SlotPattern, UnsupportedPatternError } from './internal/rule-api.js';
import { slotHolds } from './internal/slot-check.js';

const I_SCAN = 1;
const I_BIND = 2;
const I_COMPARE = 3;
const I_LOOKUP = 4;
const I_CHECK = 5;
const I_YIELD = 6;
const I_SCANOP = 7;

/**
 * Substitutions found by a search, flat: match k is data[k*width .. (k+1)*width).
 *
 * @example
 * const egraph = new EGraph();
 * egraph.addTerm(parse('y + 0'));
 * egraph.rebuild();   // e-matching needs a clean e-graph
 * const program = compilePattern(sexprPattern('(+ ?a 0)'));
 * const m = new Matches(program.width);
 * program.search(egraph, Infinity, m);
 * m.length; // → 1
 * // the class bound to ?a
 * m.slot(0, program.slotIndex('a')) === egraph.lookupTerm(parse('y')); // → true
 */
export class Matches {
  /** Per match: the matched class, then the class bound to each slot (in `slots` order). */
  data: Int32Array = new Int32Array(64);
  /** Number of matches. */
  length = 0;
  constructor(readonly width: number) {}
  /** Forgets all matches, keeping the buffer. */
  clear(): void {
    this.length = 0;
  }
  /** The matched (root) class of match k. */
  root(k: number): Id {
    return this.data[k * this.width] as Id;
  }
  /** The class bound to slot number `slot` in match k. */
  slot(k: number, slot: number): Id {
    return this.data[k * this.width + 1 + slot] as Id;
  }
  /** @internal */
  reserve(): number {
    const at = this.length * this.width;
    if (at + this.width > this.data.length) {
      const d = new Int32Array(Math.max(this.data.length * 2, at + this.width));
      d.set(this.data);
      this.data = d;
    }
    this.length++;
    return at;
  }
}

// Pattern nodes after normalization (post-order, children before parents).
const P_VAR = 0;
const P_LEAF = 1;
const P_CALL = 2;
interface PNode {
  kind: number;
  /** P_VAR: slot index; P_LEAF: literal index; P_CALL: op code. */
  value: number;
  children: number[];
  /** Slot indices occurring below (a set, as a sorted array). */
  vars: number[];
  size: number;
}

/**
 * A compiled pattern. Build with {@link compilePattern}; run with `search` (every class) or
 * `searchClass` (one class). Requires a clean (rebuilt) e-graph.
 *
 * @example
 * const egraph = new EGraph();
 * egraph.addTerm(parse('(y + 0) * (z + 0)'));
 * egraph.rebuild();
 * const p = compilePattern(sexprPattern('(+ ?a 0)'));
 * const m = new Matches(p.width);
 * p.search(egraph, Infinity, m);
 * // y + 0 and z + 0; m.slot(k, p.slotIndex('a')) is the class of y or of z
 * m.length; // → 2
 */
export class Program {
  /** @internal the program searching every class */ readonly code: Int32Array;
  /** @internal the program searching the class preset in register 0 */ readonly classCode: Int32Array;
  /** Slot names, in the order of `Matches.slot`. */
  readonly slots: readonly string[];
  /** Width of one match in a `Matches` buffer (1 + number of slots). */
  readonly width: number;
  /** @internal */ readonly slotRegs: Int32Array;
  /** @internal */ readonly literals: readonly Term[];
  /** @internal */ readonly checks: readonly SlotPattern[];
  /** True when the pattern has no slot: it matches at most one class. */
  readonly ground: boolean;
  private readonly regs: Int32Array;
  private frames = new Int32Array(48);
  private readonly litNodes: Int32Array;
  private lookupBuf = new Int32Array(16);
  private kidBuf = new Int32Array(8);
  private running = false;

  /** @internal */
  constructor(code: Int32Array, classCode: Int32Array, nRegs: number, slots: string[], slotRegs: number[], literals: Term[], checks: SlotPattern[], ground: boolean) {
    this.code = code;
    this.classCode = classCode;
    this.slots = slots;
    this.width = 1 + slots.length;
    this.slotRegs = Int32Array.from(slotRegs);
    this.literals = literals;
    this.checks = checks;
    this.ground = ground;
    this.regs = new Int32Array(Math.max(1, nRegs));
    this.litNodes = new Int32Array(literals.length);
  }

  /** Index of a slot name in `slots`, or -1. */
  slotIndex(name: string): number {
    return this.slots.indexOf(name);
  }

  /**
   * Finds matches in every class, appending at most `limit` of them to `out`. Returns the
   * number appended.
   */
  search(g: EGraph, limit: number, out: Matches): number {
    if (this.ground) {
      this.resolveLiterals(g);
      const c = this.evalLookup(this.code, g, 2);
      if (c < 0) return 0;
      return this.runFrom(g, this.classCode, c, limit, out);
    }
    return this.runFrom(g, this.code, -1, limit, out);
  }

  /** Finds matches rooted at class `id` (at most `limit`), appending them to `out`. */
  searchClass(g: EGraph, id: Id | number, limit: number, out: Matches): number {
    return this.runFrom(g, this.classCode, g.find(id), limit, out);
  }

  /** True when the pattern matches in class `id`. */
  matchesClass(g: EGraph, id: Id | number): boolean {
    const m = new Matches(this.width);
    return this.searchClass(g, id, 1, m) > 0;
  }

  private resolveLiterals(g: EGraph): void {
    for (let i = 0; i < this.literals.length; i++) this.litNodes[i] = g.leafOfTerm(this.literals[i], false);
  }

  private runFrom(g: EGraph, code: Int32Array, root: number, limit: number, out: Matches): number {
    if (!g.isClean) throw new Error('e-matching needs a clean e-graph: call rebuild() first');
    if (limit <= 0) return 0;
    if (this.running) throw new Error('Program.search is not reentrant');
    this.running = true;
    try {
      this.resolveLiterals(g);
      if (root >= 0) this.regs[0] = root;
      return this.exec(g, code, limit, out);
    } finally {
      this.running = false;
    }
  }

  /** The machine. Returns the number of matches appended. */
  private exec(g: EGraph, code: Int32Array, limit: number, out: Matches): number {
    let pc = 0;
    const regs = this.regs;
    const nOp = g.nOp;
    const nStart = g.nStart;
    const kids = g.kids;
    const csNodes = g.csNodes;
    const csStart = g.csStart;
    const csEnd = g.csEnd;
    let frames = this.frames;
    let sp = 0;
    let found = 0;
    for (;;) {
      let ok = true;
      switch (code[pc]) {
        case I_SCAN: {
          if (g.classListLen === 0) {
            ok = false;
            break;
          }
          if (sp + 3 > frames.length) frames = this.growFrames();
          frames[sp] = pc;
          frames[sp + 1] = 1;
          frames[sp + 2] = g.classListLen;
          sp += 3;
          regs[code[pc + 1]] = g.classList[0];
          pc += 2;
          break;
        }
        case I_SCANOP: {
          const op = code[pc + 1];
          const arity = code[pc + 3];
          let k = 0;
          let e = 0;
          if (op < g.opStart.length) {
            k = g.opStart[op];
            e = g.opEnd[op];
          }
          const opNodes = g.opNodes;
          if (code[pc + 4] !== 0) while (k < e && nStart[opNodes[k] + 1] - nStart[opNodes[k]] !== arity) k++;
          if (k >= e) {
            ok = false;
            break;
          }
          if (sp + 3 > frames.length) frames = this.growFrames();
          frames[sp] = pc;
          frames[sp + 1] = k + 1;
          frames[sp + 2] = e;
          sp += 3;
          regs[0] = g.opNodeClass[k];
          const out0 = code[pc + 2];
          const s = nStart[opNodes[k]];
          for (let i = 0; i < arity; i++) regs[out0 + i] = kids[s + i];
          pc += 5;
          break;
        }
        case I_BIND: {
          const c = regs[code[pc + 1]];
          const op = code[pc + 2];
          const arity = code[pc + 4];
          let k = csStart[c];
          const e = csEnd[c];
          if (e - k > 8) {
            // Binary search for the first node with this operator (runs are sorted by op).
            let lo = k;
            let hi = e;
            while (lo < hi) {
              const mid = (lo + hi) >>> 1;
              if (nOp[csNodes[mid]] < op) lo = mid + 1;
              else hi = mid;
            }
            k = lo;
          } else {
            while (k < e && nOp[csNodes[k]] < op) k++;
          }
          if (code[pc + 5] !== 0) while (k < e && nOp[csNodes[k]] === op && nStart[csNodes[k] + 1] - nStart[csNodes[k]] !== arity) k++;
          if (k >= e || nOp[csNodes[k]] !== op) {
            ok = false;
            break;
          }
          if (sp + 3 > frames.length) frames = this.growFrames();
          frames[sp] = pc;
          frames[sp + 1] = k + 1;
          frames[sp + 2] = e;
          sp += 3;
          const out0 = code[pc + 3];
          const s = nStart[csNodes[k]];
          for (let i = 0; i < arity; i++) regs[out0 + i] = kids[s + i];
          pc += 6;
          break;
        }
        case I_COMPARE:
          if (regs[code[pc + 1]] !== regs[code[pc + 2]]) ok = false;
          else pc += 3;
          break;
        case I_LOOKUP: {
          const c = this.evalLookup(code, g, pc + 2);
          if (c < 0 || c !== regs[code[pc + 1]]) ok = false;
          else pc = skipLookup(code, pc);
          break;
        }
        case I_CHECK:
          if (!slotHolds(g, regs[code[pc + 1]], this.checks[code[pc + 2]])) ok = false;
          else pc += 3;
          break;
        case I_YIELD: {
          const at = out.reserve();
          const d = out.data;
          d[at] = regs[0];
          for (let i = 0; i < this.slotRegs.length; i++) d[at + 1 + i] = regs[this.slotRegs[i]];
          if (++found >= limit) return found;
          ok = false; // look for more
          break;
        }
        default:
          throw new Error(`bad e-matching instruction ${code[pc]} at ${pc}`);
      }
      if (ok) continue;
      // Backtrack to the innermost frame that has another candidate.
      let resumed = false;
      while (sp > 0) {
        const fpc = frames[sp - 3];
        const cur = frames[sp - 2];
        const end = frames[sp - 1];
        if (cur < end) {
          const ins = code[fpc];
          if (ins === I_SCAN) {
            regs[code[fpc + 1]] = g.classList[cur];
            frames[sp - 2] = cur + 1;
            pc = fpc + 2;
            resumed = true;
            break;
          }
          if (ins === I_SCANOP) {
            const arity = code[fpc + 3];
            const opNodes = g.opNodes;
            let k = cur;
            if (code[fpc + 4] !== 0) while (k < end && nStart[opNodes[k] + 1] - nStart[opNodes[k]] !== arity) k++;
            if (k < end) {
              frames[sp - 2] = k + 1;
              regs[0] = g.opNodeClass[k];
              const out0 = code[fpc + 2];
              const s = nStart[opNodes[k]];
              for (let i = 0; i < arity; i++) regs[out0 + i] = kids[s + i];
              pc = fpc + 5;
              resumed = true;
              break;
            }
            sp -= 3;
            continue;
          }
          const op = code[fpc + 2];
          const arity = code[fpc + 4];
          let k = cur;
          if (code[fpc + 5] !== 0) while (k < end && nOp[csNodes[k]] === op && nStart[csNodes[k] + 1] - nStart[csNodes[k]] !== arity) k++;
          if (k < end && nOp[csNodes[k]] === op) {
            frames[sp - 2] = k + 1;
            const out0 = code[fpc + 3];
            const s = nStart[csNodes[k]];
            for (let i = 0; i < arity; i++) regs[out0 + i] = kids[s + i];
            pc = fpc + 6;
            resumed = true;
            break;
          }
        }
        sp -= 3;
      }
      if (!resumed) return found;
    }
  }

  private growFrames(): Int32Array<ArrayBuffer> {
    const f = new Int32Array(this.frames.length * 2);
    f.set(this.frames);
    this.frames = f;
    return f;
  }

  /** Evaluates the lookup entries whose count is at code[at]; returns a class or -1. */
  private evalLookup(code: Int32Array, g: EGraph, at: number): number {
    const n = code[at];
    if (this.lookupBuf.length < n) this.lookupBuf = new Int32Array(n * 2);
    const res = this.lookupBuf;
    let p = at + 1;
    for (let k = 0; k < n; k++) {
      const op = code[p];
      const arity = code[p + 1];
      if (op < 0) {
        const node = this.litNodes[-1 - op];
        if (node < 0) return -1;
        res[k] = g.find(node);
      } else {
        if (this.kidBuf.length < arity) this.kidBuf = new Int32Array(arity * 2);
        const buf = this.kidBuf;
        for (let i = 0; i < arity; i++) {
          const ref = code[p + 2 + i];
          buf[i] = ref >= 0 ? this.regs[ref] : res[~ref];
        }
        const m = g.memoFind(hashKey(op, buf, arity), op, buf, 0, arity);
        if (m < 0) return -1;
        res[k] = g.find(m);
      }
      p += 2 + arity;
    }
    return res[n - 1];
  }
}

/** pc just after the LOOKUP instruction at `pc`. */
function skipLookup(code: Int32Array, pc: number): number {
  const n = code[pc + 2];
  let p = pc + 3;
  for (let k = 0; k < n; k++) p += 2 + code[p + 1];
  return p;
}

/** Same hash as the e-graph's memo (kept in sync with egraph.ts `hashNode`). */
function hashKey(op: number, buf: Int32Array, arity: number): number {
  let h = Math.imul(op ^ 0x3c6ef372, 0x85ebca6b);
  for (let i = 0; i < arity; i++) {
    h = Math.imul(h ^ buf[i], 0x5bd1e995);
    h ^= h >>> 15;
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Normalized pattern: flat post-order nodes, slots and literals. @internal */
export interface FlatPattern {
  nodes: PNode[];
  root: number;
  slots: SlotPattern[];
  literals: Term[];
}

/**
 * Flattens a pattern: literal call terms become call nodes over literal leaves, variadic
 * `add`/`mul` calls are binarized by a left fold (as EGraph.addTerm does), segment slots are
 * rejected with `UnsupportedPatternError` naming `ruleName`. Iterative.
 * @internal
 */
export function flattenPattern(p: Pattern, ruleName = ''): FlatPattern {
  const nodes: PNode[] = [];
  const slots: SlotPattern[] = [];
  const slotIndex = new Map<string, number>();
  const literals: Term[] = [];
  const litIndex = new Map<Term, number>();
  const termDone = new Map<Term, number>();
  const what = ruleName ? `rule '${ruleName}'` : 'pattern';

  const pushCall = (code: number, children: number[]): number => {
    if ((code === OP_ADD || code === OP_MUL) && children.length > 2) {
      let acc = children[0];
      for (let i = 1; i < children.length; i++) acc = pushNode(P_CALL, code, [acc, children[i]]);
      return acc;
    }
    const ar = opArity(code);
    if (ar >= 0 && ar !== children.length)
      throw new UnsupportedPatternError(`${what}: operator call with ${children.length} arguments where the e-graph expects ${ar}`, ruleName);
    return pushNode(P_CALL, code, children);
  };
  const pushNode = (kind: number, value: number, children: number[]): number => {
    const vars = new Set<number>();
    let size = kind === P_VAR ? 0 : 1;
    if (kind === P_VAR) vars.add(value);
    for (const c of children) {
      for (const v of nodes[c].vars) vars.add(v);
      size += nodes[c].size;
    }
    nodes.push({ kind, value, children, vars: [...vars].sort((a, b) => a - b), size });
    return nodes.length - 1;
  };
  const literalLeaf = (t: Term): number => {
    let i = litIndex.get(t);
    if (i === undefined) {
      i = literals.length;
      literals.push(t);
      litIndex.set(t, i);
    }
    return pushNode(P_LEAF, i, []);
  };
  // A literal term (any depth): leaves become literal leaves, calls call nodes.
  const literalTerm = (t: Term): number => {
    const stack: Term[] = [t];
    while (stack.length > 0) {
      const u = stack[stack.length - 1];
      if (termDone.has(u)) {
        stack.pop();
        continue;
      }
      if (u.kind === KIND_NUMBER || u.kind === KIND_SYMBOL) {
        termDone.set(u, literalLeaf(u));
        stack.pop();
        continue;
      }
      let ready = true;
      for (let i = u.args.length - 1; i >= 0; i--) {
        if (!termDone.has(u.args[i])) {
          ready = false;
          stack.push(u.args[i]);
        }
      }
      if (!ready) continue;
      let code: number;
      try {
        code = opCode(u.op);
      } catch (e) {
        throw new UnsupportedPatternError(`${what}: ${(e as Error).message}`, ruleName);
      }
      termDone.set(u, pushCall(code, u.args.map((a) => termDone.get(a)!)));
      stack.pop();
    }
    return termDone.get(t)!;
  };

  // Slots are numbered in order of first occurrence, left to right (as core's Rule.slots).
  {
    const pre: Pattern[] = [p];
    while (pre.length > 0) {
      const q = pre.pop()!;
      if (q.kind === 'slot') {
        if (!slotIndex.has(q.name)) {
          slotIndex.set(q.name, slots.length);
          slots.push(q);
        }
      } else if (q.kind === 'call') for (let i = q.args.length - 1; i >= 0; i--) pre.push(q.args[i]);
    }
  }
  // Iterative post-order over the pattern tree.
  const done = new Map<Pattern, number>();
  const stack: Pattern[] = [p];
  while (stack.length > 0) {
    const q = stack[stack.length - 1];
    if (q.kind === 'slot') {
      if (q.segment) throw new UnsupportedPatternError(`${what}: the e-graph cannot match segment slot ~~${q.name}`, ruleName);
      let si = slotIndex.get(q.name);
      if (si === undefined) {
        si = slots.length;
        slots.push(q);
        slotIndex.set(q.name, si);
      }
      done.set(q, pushNode(P_VAR, si, []));
      stack.pop();
      continue;
    }
    if (q.kind === 'literal') {
      done.set(q, literalTerm(q.term));
      stack.pop();
      continue;
    }
    if (done.has(q)) {
      // A shared subpattern object: it was flattened already (nodes may be reused).
      stack.pop();
      continue;
    }
    let ready = true;
    for (let i = q.args.length - 1; i >= 0; i--) {
      const a = q.args[i];
      if (a.kind === 'call' && !done.has(a)) {
        ready = false;
        stack.push(a);
      }
    }
    if (!ready) continue;
    const children: number[] = [];
    for (const a of q.args) {
      if (a.kind === 'call') children.push(done.get(a)!);
      else if (a.kind === 'slot') {
        if (a.segment) throw new UnsupportedPatternError(`${what}: the e-graph cannot match segment slot ~~${a.name}`, ruleName);
        let si = slotIndex.get(a.name);
        if (si === undefined) {
          si = slots.length;
          slots.push(a);
          slotIndex.set(a.name, si);
        }
        children.push(pushNode(P_VAR, si, []));
      } else children.push(literalTerm(a.term));
    }
    let code: number;
    try {
      code = opCode(q.op);
    } catch (e) {
      throw new UnsupportedPatternError(`${what}: ${(e as Error).message}`, ruleName);
    }
    done.set(q, pushCall(code, children));
    stack.pop();
  }
  return { nodes, root: done.get(p)!, slots, literals };
}

/**
 * Compiles a pattern (core's `Pattern`) into an e-matching program. Segment slots throw
 * `UnsupportedPatternError` naming `ruleName`. Variadic `add`/`mul` calls are binarized by a
 * left fold, matching how terms are added.
 *
 * @example
 * const p = compilePattern(sexprPattern('(* ?a (+ ?b ?c))'));
 */
export function compilePattern(pattern: Pattern, ruleName = ''): Program {
  const fp = flattenPattern(pattern, ruleName);
  const { nodes, slots } = fp;
  const code: number[] = [];
  const v2r = new Int32Array(slots.length).fill(-1);
  const checks: SlotPattern[] = [];
  let nextReg = 1;
  // todo: (pattern node, register) pairs still to match.
  const todo: [number, number][] = [];

  const bindVar = (slot: number, reg: number): void => {
    if (v2r[slot] >= 0) code.push(I_COMPARE, reg, v2r[slot]);
    else {
      v2r[slot] = reg;
      const s = slots[slot];
      if (s.type !== undefined || s.predicate !== undefined) {
        code.push(I_CHECK, reg, checks.length);
        checks.push(s);
      }
    }
  };
  const addTodo = (node: number, reg: number): void => {
    if (nodes[node].kind === P_VAR) bindVar(nodes[node].value, reg);
    else todo.push([node, reg]);
  };
  const groundNow = (node: number): boolean => nodes[node].vars.every((v) => v2r[v] >= 0);
  // A ground subpattern as LOOKUP entries (post-order).
  const emitLookup = (node: number, reg: number): void => {
    const entries: number[] = [];
    let count = 0;
    const index = new Map<number, number>();
    const stack: number[] = [node];
    while (stack.length > 0) {
      const x = stack[stack.length - 1];
      if (index.has(x)) {
        stack.pop();
        continue;
      }
      const nd = nodes[x];
      let ready = true;
      for (let i = nd.children.length - 1; i >= 0; i--) {
        const c = nd.children[i];
        if (nodes[c].kind !== P_VAR && !index.has(c)) {
          ready = false;
          stack.push(c);
        }
      }
      if (!ready) continue;
      if (nd.kind === P_LEAF) entries.push(-1 - nd.value, 0);
      else {
        entries.push(nd.value, nd.children.length);
        for (const c of nd.children) entries.push(nodes[c].kind === P_VAR ? v2r[nodes[c].value] : ~index.get(c)!);
      }
      index.set(x, count++);
      stack.pop();
    }
    // One push per entry: spreading a 100,000-entry array as arguments overflows the stack.
    code.push(I_LOOKUP, reg, count);
    for (const e of entries) code.push(e);
  };

  const root = nodes[fp.root];
  const ground = root.vars.length === 0;
  // The first instruction binds register 0; the class-rooted variant (searchClass) replaces
  // it by one that starts from a preset register 0.
  let classHead: number[] = [];
  if (ground) {
    emitLookup(fp.root, 0);
  } else if (root.kind === P_VAR) {
    code.push(I_SCAN, 0);
    bindVar(root.value, 0);
  } else {
    const arity = root.children.length;
    const v = opArity(root.value) === VARIADIC ? 1 : 0;
    code.push(I_SCANOP, root.value, nextReg, arity, v);
    classHead = [I_BIND, 0, root.value, nextReg, arity, v];
    const out = nextReg;
    nextReg += arity;
    for (let i = 0; i < arity; i++) addTodo(root.children[i], out + i);
  }
  const headLength = ground ? 0 : root.kind === P_VAR ? 2 : 5;
  while (todo.length > 0) {
    // Pick: ground-now first, then more free variables, then smaller.
    let best = 0;
    let bestKey: [number, number, number] | undefined;
    for (let i = 0; i < todo.length; i++) {
      const nd = nodes[todo[i][0]];
      const free = nd.vars.filter((v) => v2r[v] < 0).length;
      const key: [number, number, number] = [free === 0 ? 1 : 0, free, -nd.size];
      if (bestKey === undefined || key[0] > bestKey[0] || (key[0] === bestKey[0] && (key[1] > bestKey[1] || (key[1] === bestKey[1] && key[2] > bestKey[2])))) {
        best = i;
        bestKey = key;
      }
    }
    const [node, reg] = todo.splice(best, 1)[0];
    const nd = nodes[node];
    if (nd.kind === P_LEAF || groundNow(node)) {
      emitLookup(node, reg);
    } else {
      const out = nextReg;
      nextReg += nd.children.length;
      code.push(I_BIND, reg, nd.value, out, nd.children.length, opArity(nd.value) === VARIADIC ? 1 : 0);
      for (let i = 0; i < nd.children.length; i++) addTodo(nd.children[i], out + i);
    }
  }
  code.push(I_YIELD);
  const classCode = [...classHead, ...code.slice(headLength)];
  return new Program(Int32Array.from(code), Int32Array.from(classCode), nextReg, slots.map((s) => s.name), Array.from(v2r), fp.literals, checks, ground);
}
