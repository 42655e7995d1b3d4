/**
 * Lowering: expressions (a flat DAG of @symx/core, or terms directly) -> VM bytecode.
 *
 * Per expression, in two passes over scratch typed arrays (no allocation per node):
 *  1. collect: an iterative left-to-right post-order walk from the root gives the expression's
 *     distinct nodes, children first. Shared subterms are one node, computed once. Numeric
 *     constants become parameters, numbered in the order this walk first meets them: that order
 *     defines `Kernel.params(i)` for every tier (`constantSlots` exposes it).
 *  2. emit: one instruction per operator node (n-ary add/mul folded left to right, as the
 *     reference evaluator sums), registers reused as soon as their last reader has run.
 *     Operators whose operands are all constants (or pi) are marked SCALAR: computed on one
 *     vector, read with stride 0.
 *
 * Instruction layout (4 x i32): [op | SCALAR?, dst, a, b]; operand = kind << 28 | index with kinds
 * REG (register), VAR (column), CONST (splat slot: 0 = pi, 1 + i = parameter i), SREG (scalar
 * register). See assembly/vm.ts for how the VM reads it.
 */
import {
  type FlatExpr,
  KIND_CALL,
  KIND_NUMBER,
  OPERATORS,
  OPERATORS_BY_CODE,
  OP_CONST,
  OP_COUNT,
  OP_NONE,
  OP_PI,
  OP_VAR,
  VARIADIC,
  numToNumber,
  type Term,
} from '@symx/core';
import { KernelError } from './kernel.js';

/** VM-only opcode: copy (a leaf or scalar value as an expression's full-width result). */
export const OP_COPY = 31;
/** Flag on an opcode: all operands are constants; compute one vector. */
export const SCALAR = 0x100;
export const KIND_REG = 0;
export const KIND_VAR = 1;
export const KIND_CONST = 2;
export const KIND_SREG = 3;
/** Constant slot of pi (parameters start at slot 1). */
export const SLOT_PI = 0;

/** Bytecode of a batch of expressions, as the VM reads it. */
export interface Program {
  /** Number of expressions. */
  readonly count: number;
  /** Instructions, 4 words each. */
  readonly code: Int32Array;
  /** Expression e's instructions are code words [codeOffsets[e], codeOffsets[e+1]). */
  readonly codeOffsets: Int32Array;
  /** Parameter values (the constants' float64 values, slot order), all expressions. */
  readonly params: Float64Array;
  /** Expression e's parameters are params[paramOffsets[e] .. paramOffsets[e+1]). */
  readonly paramOffsets: Int32Array;
  /** Flat input only: the flat node (an OP_CONST node) of each parameter, parallel to `params`. */
  readonly paramSources: Int32Array;
  /** Registers the VM needs (max over expressions). */
  readonly registers: number;
  /** Parameters of the largest expression. */
  readonly maxParams: number;
}

const NODE_LEAF_VAR = -1;
const NODE_LEAF_CONST = -2;

/** Per opcode: required arity (VARIADIC for add/mul), or -100 if the VM has no instruction. */
const ARITY = new Int32Array(OP_COUNT).fill(-100);
for (const info of OPERATORS.values()) {
  if (info.code >= 0 && info.code < OP_COUNT) ARITY[info.code] = info.arity;
}
ARITY[OP_CONST] = -100;
ARITY[OP_VAR] = -100;

function opName(code: number): string {
  return OPERATORS_BY_CODE[code]?.name ?? `#${code}`;
}

/**
 * Reusable lowering state: growable typed buffers for one expression's nodes and for the
 * bytecode of a batch. Not reentrant; one per caller (the module keeps one for its own use).
 *
 * @example
 * const lw = new Lowerer();
 * lw.begin();
 * lw.addTerm(parse('x*c + 1'), new Map([['x', 0]]));   // hypothetical parse; any Term works
 * const program = lw.finish();
 */
export class Lowerer {
  // collected nodes of the current expression (local index = post-order position)
  private nOp = new Int32Array(64); // opcode, NODE_LEAF_VAR, NODE_LEAF_CONST (pi: OP_PI)
  private nData = new Int32Array(64); // var index / param slot / first arg position
  private nArity = new Int32Array(64);
  private nArgs = new Int32Array(128); // local child indices
  private nUses = new Int32Array(64);
  private nOperand = new Int32Array(64);
  private nCount = 0;
  private argCount = 0;
  // walk stack
  private stackNode = new Int32Array(64);
  private stackPos = new Int32Array(64);
  // flat walk: local index + 1 of each flat node for the current expression (stamped)
  private flatLocal = new Int32Array(0);
  private flatStamp = new Int32Array(0);
  private stamp = 0;
  private termSeen = new TermTable();
  private termStack: Term[] = [];
  // registers
  private freeRegs = new Int32Array(16);
  private freeCount = 0;
  private regCount = 0;
  // batch output
  private code = new Int32Array(256);
  private codeLen = 0;
  private codeOffsets = new Int32Array(17);
  private params = new Float64Array(64);
  private paramSources = new Int32Array(64);
  private paramLen = 0;
  private paramOffsets = new Int32Array(17);
  private count = 0;
  private maxRegs = 0;
  private maxParams = 0;

  /** Starts a new batch (keeps the buffers). */
  begin(): void {
    this.codeLen = 0;
    this.paramLen = 0;
    this.count = 0;
    this.maxRegs = 0;
    this.maxParams = 0;
    this.codeOffsets[0] = 0;
    this.paramOffsets[0] = 0;
  }

  /** The batch so far, as fresh arrays (the Lowerer's buffers stay reusable). */
  finish(): Program {
    return {
      count: this.count,
      code: this.code.slice(0, this.codeLen),
      codeOffsets: this.codeOffsets.slice(0, this.count + 1),
      params: this.params.slice(0, this.paramLen),
      paramOffsets: this.paramOffsets.slice(0, this.count + 1),
      paramSources: this.paramSources.slice(0, this.paramLen),
      registers: this.maxRegs,
      maxParams: this.maxParams,
    };
  }

  /** Views of the batch buffers without copying (valid until the next add/begin). */
  views(): Program {
    return {
      count: this.count,
      code: this.code.subarray(0, this.codeLen),
      codeOffsets: this.codeOffsets.subarray(0, this.count + 1),
      params: this.params.subarray(0, this.paramLen),
      paramOffsets: this.paramOffsets.subarray(0, this.count + 1),
      paramSources: this.paramSources.subarray(0, this.paramLen),
      registers: this.maxRegs,
      maxParams: this.maxParams,
    };
  }

  /** Appends expression `root` of a flat DAG (its variable indices are the flat's). */
  addFlat(flat: FlatExpr, root: number): void {
    this.collectFlat(flat, root);
    this.emit();
  }

  /** Appends a term of the default store; `variables` maps each variable name to its column. */
  addTerm(t: Term, variables: ReadonlyMap<string, number>): void {
    this.collectTerm(t, variables);
    this.emit();
  }

  /** Parameter order of `root` in `flat` (same as the module function `constantOrder`). */
  constantSlots(flat: FlatExpr, root: number): Int32Array {
    return constantOrder(flat, root);
  }

  // ------------------------------------------------------------------------------------------
  // Pass 1: collect

  private newNode(op: number, data: number, arity: number): number {
    const i = this.nCount;
    if (i === this.nOp.length) {
      this.nOp = grow32(this.nOp);
      this.nData = grow32(this.nData);
      this.nArity = grow32(this.nArity);
      this.nUses = grow32(this.nUses);
      this.nOperand = grow32(this.nOperand);
    }
    this.nOp[i] = op;
    this.nData[i] = data;
    this.nArity[i] = arity;
    this.nUses[i] = 0;
    this.nCount = i + 1;
    return i;
  }

  private newParam(value: number, source: number): number {
    const p = this.paramLen;
    if (p === this.params.length) {
      this.params = growF64(this.params);
      this.paramSources = grow32(this.paramSources);
    }
    this.params[p] = value;
    this.paramSources[p] = source;
    this.paramLen = p + 1;
    return p - this.paramOffsets[this.count];
  }

  private pushArg(local: number): void {
    if (this.argCount === this.nArgs.length) this.nArgs = grow32(this.nArgs);
    this.nArgs[this.argCount++] = local;
    this.nUses[local]++;
  }

  private pushStack(depth: number, node: number): void {
    if (depth === this.stackNode.length) {
      this.stackNode = grow32(this.stackNode);
      this.stackPos = grow32(this.stackPos);
    }
    this.stackNode[depth] = node;
    this.stackPos[depth] = 0;
  }

  private collectFlat(flat: FlatExpr, root: number): void {
    const n = flat.ops.length;
    if (!Number.isInteger(root) || root < 0 || root >= n) throw new KernelError(`root node ${root} is out of range [0, ${n})`);
    if (this.flatStamp.length < n) {
      this.flatStamp = new Int32Array(Math.max(n, this.flatStamp.length * 2));
      this.flatLocal = new Int32Array(this.flatStamp.length);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const { ops, data, arity, children } = flat;
    // Parameter numbers come from constantOrder, the one definition of the order (the walk
    // below meets constants in the same order, but numbering them here would be a second one).
    const order = constantOrder(flat, root);
    for (let s = 0; s < order.length; s++) {
      const node = order[s];
      const ci = data[node];
      if (!(ci >= 0 && ci < flat.constValues.length)) throw new KernelError(`node ${node}: constant index ${ci} out of range`);
      this.newParam(flat.constValues[ci], node);
      this.flatLocal[node] = s; // slot, until the node is collected (then: its local index)
    }
    this.nCount = 0;
    this.argCount = 0;
    let depth = 0;
    this.pushStack(0, root);
    depth = 1;
    while (depth > 0) {
      const u = this.stackNode[depth - 1];
      if (this.flatStamp[u] === stamp) {
        depth--;
        continue;
      }
      const code = ops[u];
      const k = code === OP_CONST || code === OP_VAR ? 0 : arity[u];
      const pos = this.stackPos[depth - 1];
      if (pos < k) {
        this.stackPos[depth - 1] = pos + 1;
        const c = children[data[u] + pos];
        if (!(c >= 0 && c < u)) throw new KernelError(`node ${u}: child ${c} does not precede it`);
        if (this.flatStamp[c] !== stamp) this.pushStack(depth++, c);
        continue;
      }
      // all children collected: add u
      let local: number;
      if (code === OP_CONST) {
        local = this.newNode(NODE_LEAF_CONST, this.flatLocal[u], 0);
      } else if (code === OP_VAR) {
        const vi = data[u];
        if (!(vi >= 0 && vi < flat.vars.length)) throw new KernelError(`node ${u}: variable index ${vi} out of range`);
        local = this.newNode(NODE_LEAF_VAR, vi, 0);
      } else {
        checkOperator(code, k, u);
        local = this.newNode(code, this.argCount, k);
        for (let j = 0; j < k; j++) this.pushArg(this.flatLocal[children[data[u] + j]]);
      }
      this.flatStamp[u] = stamp;
      this.flatLocal[u] = local;
      depth--;
    }
  }

  private collectTerm(t: Term, variables: ReadonlyMap<string, number>): void {
    const seen = this.termSeen;
    seen.clear();
    const stack = this.termStack;
    stack.length = 0;
    this.nCount = 0;
    this.argCount = 0;
    stack.push(t);
    let depth = 1;
    this.pushStack(0, 0);
    while (depth > 0) {
      const u = stack[depth - 1];
      const args = u.args;
      const k = u.kind === KIND_CALL ? args.length : 0;
      const pos = this.stackPos[depth - 1];
      if (pos === 0 && seen.get(u) >= 0) {
        depth--;
        stack.pop();
        continue;
      }
      if (pos < k) {
        this.stackPos[depth - 1] = pos + 1;
        const c = args[pos];
        if (seen.get(c) < 0) {
          this.pushStack(depth++, 0);
          stack.push(c);
        }
        continue;
      }
      let local: number;
      if (u.kind === KIND_NUMBER) {
        local = this.newNode(NODE_LEAF_CONST, this.newParam(numToNumber(u.value), -1), 0);
      } else if (u.kind === KIND_CALL) {
        const info = OPERATORS.get(u.op);
        const code = info === undefined ? OP_NONE : info.code;
        checkOperator(code, k, -1, u.op);
        local = this.newNode(code, this.argCount, k);
        for (let j = 0; j < k; j++) this.pushArg(seen.get(args[j]));
      } else {
        const v = variables.get(u.op);
        if (v === undefined) {
          throw new KernelError(`variable '${u.op}' is not in the variable list [${[...variables.keys()].join(', ')}]`);
        }
        local = this.newNode(NODE_LEAF_VAR, v, 0);
      }
      seen.set(u, local);
      depth--;
      stack.pop();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Pass 2: emit

  private allocReg(): number {
    if (this.freeCount > 0) return this.freeRegs[--this.freeCount];
    return this.regCount++;
  }

  private releaseReg(r: number): void {
    if (this.freeCount === this.freeRegs.length) this.freeRegs = grow32(this.freeRegs);
    this.freeRegs[this.freeCount++] = r;
  }

  /** One use of node `i` is consumed; frees its register after the last one. */
  private consume(i: number): void {
    if (--this.nUses[i] === 0) {
      const o = this.nOperand[i];
      const kind = o >>> 28;
      if (kind === KIND_REG || kind === KIND_SREG) this.releaseReg(o & 0x0fffffff);
    }
  }

  private instr(op: number, dst: number, a: number, b: number): void {
    if (this.codeLen + 4 > this.code.length) this.code = grow32(this.code);
    const c = this.code;
    const at = this.codeLen;
    c[at] = op;
    c[at + 1] = dst;
    c[at + 2] = a;
    c[at + 3] = b;
    this.codeLen = at + 4;
  }

  /**
   * Emits `op(a, b)` reading nodes `aNode`, `bNode` (or, for folded n-ary steps, a temporary
   * operand: node -1) and returns the destination operand.
   */
  private binaryStep(op: number, a: number, aNode: number, b: number, bNode: number): number {
    const scalar = isConstOperand(a) && isConstOperand(b);
    let dst: number;
    if (scalar) {
      // one vector in, one vector out: any operand register may be the destination
      this.release(a, aNode, -1);
      this.release(b, bNode, -1);
      dst = this.allocReg();
    } else {
      // full-width operands may be overwritten in place (elementwise, same index), but a scalar
      // register read with stride 0 must survive the whole loop: release it only afterwards
      this.release(a, aNode, KIND_REG);
      this.release(b, bNode, KIND_REG);
      dst = this.allocReg();
      this.release(a, aNode, KIND_SREG);
      this.release(b, bNode, KIND_SREG);
    }
    this.instr(scalar ? op | SCALAR : op, dst, a, b);
    return ((scalar ? KIND_SREG : KIND_REG) << 28) | dst;
  }

  /**
   * Releases operand `o` (node `node`, or a temporary when node < 0) if its kind matches `kind`
   * (-1: any).
   */
  private release(o: number, node: number, kind: number): void {
    const k = o >>> 28;
    if (kind !== -1 && k !== kind) return;
    if (node >= 0) this.consume(node);
    else if (k === KIND_REG || k === KIND_SREG) this.releaseReg(o & 0x0fffffff);
  }

  private emit(): void {
    this.freeCount = 0;
    this.regCount = 0;
    const n = this.nCount;
    const ops = this.nOp;
    const data = this.nData;
    const arity = this.nArity;
    const args = this.nArgs;
    const operand = this.nOperand;
    for (let i = 0; i < n; i++) {
      const op = ops[i];
      if (op === NODE_LEAF_VAR) operand[i] = (KIND_VAR << 28) | data[i];
      else if (op === NODE_LEAF_CONST) operand[i] = (KIND_CONST << 28) | (data[i] + 1);
      else if (op === OP_PI) operand[i] = (KIND_CONST << 28) | SLOT_PI;
      else {
        const k = arity[i];
        const first = data[i];
        if (k === 1) {
          const c = args[first];
          const a = operand[c];
          const scalar = isConstOperand(a);
          if (!scalar) this.consume(c);
          const dst = this.allocReg();
          if (scalar) this.consume(c);
          this.instr(scalar ? op | SCALAR : op, dst, a, 0);
          operand[i] = ((scalar ? KIND_SREG : KIND_REG) << 28) | dst;
        } else {
          // binary, or n-ary add/mul folded left to right
          let acc = this.binaryStep(op, operand[args[first]], args[first], operand[args[first + 1]], args[first + 1]);
          for (let j = 2; j < k; j++) acc = this.binaryStep(op, acc, -1, operand[args[first + j]], args[first + j]);
          operand[i] = acc;
        }
      }
    }
    // the root's value as a full register
    const root = n - 1;
    const ro = operand[root];
    if (ro >>> 28 !== KIND_REG) {
      // a fresh register: the copy must not overwrite a scalar register it reads
      const dst = this.allocReg();
      this.instr(OP_COPY, dst, ro, 0);
    }
    if (this.regCount > this.maxRegs) this.maxRegs = this.regCount;
    const np = this.paramLen - this.paramOffsets[this.count];
    if (np > this.maxParams) this.maxParams = np;
    this.count++;
    if (this.count + 1 > this.codeOffsets.length) {
      this.codeOffsets = grow32(this.codeOffsets);
      this.paramOffsets = grow32(this.paramOffsets);
    }
    this.codeOffsets[this.count] = this.codeLen;
    this.paramOffsets[this.count] = this.paramLen;
  }

}

/**
 * Term -> local node index for one expression: open addressing on the terms' cached hashes,
 * identity compared, cleared in O(1) by a generation stamp. (A Map keyed by terms costs several
 * times more per lookup, and lowering does a few per node.)
 */
class TermTable {
  private keys: (Term | undefined)[] = new Array(64).fill(undefined);
  private vals = new Int32Array(64);
  private stamps = new Int32Array(64);
  private gen = 1;
  private size = 0;

  clear(): void {
    this.size = 0;
    if (++this.gen === 0x7fffffff) {
      this.stamps.fill(0);
      this.gen = 1;
    }
  }

  /** The node of `t`, or -1. */
  get(t: Term): number {
    const mask = this.vals.length - 1;
    for (let i = Math.imul(t.hash, 0x9e3779b1) >>> 0 & mask; ; i = (i + 1) & mask) {
      if (this.stamps[i] !== this.gen) return -1;
      if (this.keys[i] === t) return this.vals[i];
    }
  }

  set(t: Term, v: number): void {
    if (2 * (this.size + 1) > this.vals.length) this.grow();
    const mask = this.vals.length - 1;
    let i = Math.imul(t.hash, 0x9e3779b1) >>> 0 & mask;
    while (this.stamps[i] === this.gen && this.keys[i] !== t) i = (i + 1) & mask;
    if (this.stamps[i] !== this.gen) this.size++;
    this.stamps[i] = this.gen;
    this.keys[i] = t;
    this.vals[i] = v;
  }

  private grow(): void {
    const { keys, vals, stamps, gen } = this;
    const n = vals.length * 2;
    this.keys = new Array(n).fill(undefined);
    this.vals = new Int32Array(n);
    this.stamps = new Int32Array(n);
    this.size = 0;
    for (let i = 0; i < vals.length; i++) if (stamps[i] === gen) this.set(keys[i]!, vals[i]);
  }
}

function isConstOperand(o: number): boolean {
  const k = o >>> 28;
  return k === KIND_CONST || k === KIND_SREG;
}

function checkOperator(code: number, k: number, node: number, name?: string): void {
  const where = node >= 0 ? `node ${node}: ` : '';
  const what = name ?? opName(code);
  if (code < 0 || code >= OP_COUNT || ARITY[code] === -100) {
    throw new KernelError(`${where}operator '${what}' has no VM instruction (only core's built-in numeric operators can be compiled)`);
  }
  const want = ARITY[code];
  if (want === VARIADIC ? k < 2 : k !== want) {
    throw new KernelError(`${where}operator '${what}' applied to ${k} argument${k === 1 ? '' : 's'}`);
  }
}

function grow32(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
function growF64(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

// Scratch of constantOrder, indexed by flat node (synchronous, not reentrant).
let reachScratch = new Uint8Array(256);
let walkNode = new Int32Array(256);
let walkNext = new Int32Array(256);
let found = new Int32Array(256);

/**
 * THE parameter order (the single definition every tier uses): the constants of expression
 * `root` of `flat`, as flat nodes (OP_CONST; the value of parameter i is
 * `flat.constValues[flat.data[order[i]]]`), in the order a depth-first walk from the root,
 * children left to right, each node once, first meets them. One parameter per distinct constant
 * node; the order depends on the expression alone, not on the other roots sharing the encoding.
 * The VM's flat lowering and the fused planner both number parameters with it; the VM's term
 * lowering (`Lowerer.addTerm`) walks terms in the same order (checked by the tier tests).
 *
 * `reach`, when given (length > root), receives 1 for every node reachable from `root` and 0 for
 * the other nodes up to `root` (the fused planner needs that set). Iterative: any depth.
 *
 * @example
 * const flat = toFlat([parse('sin(2)'), parse('3 + 2')]);   // nodes: 2, sin, 3, +
 * constantOrder(flat, flat.roots[1]);                          // Int32Array [2, 0]: params [3, 2]
 */
export function constantOrder(flat: FlatExpr, root: number, reach?: Uint8Array): Int32Array {
  const { ops, data, arity, children } = flat;
  if (!(Number.isInteger(root) && root >= 0 && root < ops.length)) {
    throw new KernelError(`root node ${root} is out of range [0, ${ops.length})`);
  }
  if (reachScratch.length <= root) {
    const size = Math.max(root + 1, reachScratch.length * 2);
    reachScratch = new Uint8Array(size);
    walkNode = new Int32Array(size);
    walkNext = new Int32Array(size);
    found = new Int32Array(size);
  }
  const seen = reach ?? reachScratch;
  seen.fill(0, 0, root + 1);
  let nc = 0;
  seen[root] = 1;
  if (ops[root] === OP_CONST) found[nc++] = root;
  let sp = 0;
  if (ops[root] !== OP_CONST && ops[root] !== OP_VAR) {
    walkNode[0] = root;
    walkNext[0] = 0;
    sp = 1;
  }
  while (sp > 0) {
    const i = walkNode[sp - 1];
    const j = walkNext[sp - 1];
    if (j >= arity[i]) {
      sp--;
      continue;
    }
    walkNext[sp - 1] = j + 1;
    const c = children[data[i] + j];
    if (!(c >= 0 && c < i)) throw new KernelError(`node ${i}: child ${c} does not precede it`);
    if (seen[c]) continue;
    seen[c] = 1;
    const code = ops[c];
    if (code === OP_CONST) found[nc++] = c;
    else if (code !== OP_VAR && arity[c] > 0) {
      walkNode[sp] = c;
      walkNext[sp] = 0;
      sp++;
    }
  }
  return found.slice(0, nc);
}

/**
 * The parameter order of expression `root` of `flat` (`constantOrder` without the reachability
 * output): element i is the flat node of `Kernel.params(...)[i]`.
 *
 * @example
 * const flat = toFlat(parse('2*x + 3'));   // nodes: 2, x, 2*x, 3, +
 * constantSlots(flat, flat.roots[0]);      // Int32Array [0, 3]: params = [2, 3]
 */
export function constantSlots(flat: FlatExpr, root: number): Int32Array {
  return constantOrder(flat, root);
}

let sharedLowerer: Lowerer | undefined;

/**
 * Lowers every root of `flat` to VM bytecode (one expression per root, in root order).
 *
 * @example
 * const p = lowerFlat(toFlat([parse('sin(x) + 1'), parse('x*y')]));
 * p.count;   // 2
 */
export function lowerFlat(flat: FlatExpr): Program {
  // one reused Lowerer: building one (its scratch arrays) cost more than lowering a candidate;
  // finish() copies the program out, and lowering never calls back into user code
  const lw = (sharedLowerer ??= new Lowerer());
  lw.begin();
  for (let r = 0; r < flat.roots.length; r++) lw.addFlat(flat, flat.roots[r]);
  return lw.finish();
}
