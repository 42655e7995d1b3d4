/**
 * The plan of one fused expression: the nodes reachable from its root, rewritten as a small
 * straight-line program of unary and binary instructions (variadic add/mul become left folds,
 * exactly the order of core `evaluate`), with use counts, loop-invariance and constant slots.
 * Code generation (emit*.ts) reads only this; the structure key (which ignores constant values)
 * is computed from it.
 *
 * Layout, for instruction i (0 <= i < length), in topological order (operands before users):
 *   op[i]     an opcode of core's operators.ts; OP_CONST = parameter slot, OP_VAR = data column
 *             (slots are numbered by lower.ts `constantOrder`, the one definition of the
 *             order of `Kernel.params` in both tiers)
 *   a[i]      OP_CONST: slot index; OP_VAR: column index; otherwise first operand (instruction)
 *   b[i]      second operand of binary instructions, -1 otherwise
 *   uses[i]   number of operand references to i (the root counts one more)
 *   varying[i] 1 when i depends on a data column (0: computed once, before the row loop)
 */
import {
  type FlatExpr,
  OP_ADD,
  OP_CONST,
  OP_DIV,
  OP_MAX,
  OP_MIN,
  OP_MUL,
  OP_PI,
  OP_POW,
  OP_SUB,
  OP_VAR,
  OPERATORS_BY_CODE,
} from '@symx/core';
import { KernelError } from '../kernel.js';
import { constantOrder } from '../lower.js';

export interface ExprPlan {
  readonly length: number;
  readonly op: Uint8Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly uses: Int32Array;
  readonly varying: Uint8Array;
  readonly root: number;
  /** Number of parameter slots (numeric constants) of the expression. */
  readonly slots: number;
  /** Flat node index of each slot's constant, in slot order (to read initial values). */
  readonly slotNodes: Int32Array;
  /** Structure key: equal keys generate identical code; constant values are not part of it. */
  readonly key: string;
}

/** Opcodes the fused tier compiles, and whether each takes two operands. */
const BINARY = new Set([OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW, OP_MIN, OP_MAX]);

// Scratch indexed by flat node, reused across calls (planning is synchronous, not reentrant):
// allocating typed arrays per expression would cost more than planning a small one.
let reachBuf = new Uint8Array(256);
let mapBuf = new Int32Array(256);
let slotBuf = new Int32Array(256);

/**
 * Plans expression `e` of `flat`. `columnOf[k]` is the data column of flat variable k.
 * Throws KernelError for opcodes the tier cannot compile or malformed input.
 */
export function planExpression(flat: FlatExpr, e: number, columnOf: Int32Array): ExprPlan {
  const root = flat.roots[e];
  const nFlat = flat.ops.length;
  if (!(root >= 0 && root < nFlat)) throw new KernelError(`expression ${e}: root ${root} out of range`);
  if (reachBuf.length <= root) {
    const size = Math.max(root + 1, reachBuf.length * 2);
    reachBuf = new Uint8Array(size);
    mapBuf = new Int32Array(size);
    slotBuf = new Int32Array(size);
  }
  // The parameter order of every tier, and the nodes reachable from the root.
  const slotNodes = constantOrder(flat, root, reachBuf);
  const reach = reachBuf;
  const { ops, data, arity, children } = flat;

  // Upper bound on instructions: a k-ary node becomes k-1 binary ones.
  let cap = 0;
  for (let i = 0; i <= root; i++) if (reach[i]) cap += Math.max(1, arity[i] - 1);
  // One backing buffer for the five arrays of the plan.
  const capAligned = (cap + 3) & ~3;
  const buf = new ArrayBuffer(capAligned * 14);
  const a = new Int32Array(buf, 0, cap);
  const b = new Int32Array(buf, capAligned * 4, cap).fill(-1);
  const uses = new Int32Array(buf, capAligned * 8, cap);
  const op = new Uint8Array(buf, capAligned * 12, cap);
  const varying = new Uint8Array(buf, capAligned * 13, cap);
  const map = mapBuf;
  map.fill(-1, 0, root + 1);
  const slotOf = slotBuf;
  slotOf.fill(-1, 0, root + 1);
  for (let s = 0; s < slotNodes.length; s++) slotOf[slotNodes[s]] = s;
  let n = 0;

  for (let i = 0; i <= root; i++) {
    if (!reach[i]) continue;
    const code = ops[i];
    const d = data[i];
    const k = arity[i];
    if (code === OP_CONST) {
      const slot = slotOf[i];
      if (slot < 0) throw new KernelError(`expression ${e}: constant node ${i} has no parameter slot`);
      op[n] = OP_CONST;
      a[n] = slot;
    } else if (code === OP_VAR) {
      const col = d >= 0 && d < columnOf.length ? columnOf[d] : -1;
      if (col < 0) throw new KernelError(`expression ${e}: node ${i} reads unknown variable index ${d}`);
      op[n] = OP_VAR;
      a[n] = col;
      varying[n] = 1;
    } else {
      const info = OPERATORS_BY_CODE[code];
      if (!info) throw new KernelError(`expression ${e}: node ${i} has unknown opcode ${code}`);
      const want = info.arity < 0 ? (k >= 2 ? k : -1) : info.arity;
      if (k !== want) throw new KernelError(`expression ${e}: node ${i} ('${info.name}') has ${k} arguments`);
      if (k === 0) {
        if (code !== OP_PI) throw new KernelError(`expression ${e}: constant operator '${info.name}' is not supported`);
        op[n] = OP_PI;
      } else {
        for (let j = 0; j < k; j++) {
          const c = children[d + j];
          if (!(c >= 0 && c < i) || map[c] < 0) throw new KernelError(`expression ${e}: node ${i} has bad child ${c}`);
        }
        if (k === 1) {
          if (BINARY.has(code)) throw new KernelError(`expression ${e}: node ${i} ('${info.name}') needs two arguments`);
          op[n] = code;
          a[n] = map[children[d]];
          uses[a[n]]++;
          varying[n] = varying[a[n]];
        } else {
          // k-ary add/mul fold left: ((c0 op c1) op c2) ..., as evaluate does.
          let acc = map[children[d]];
          for (let j = 1; j < k; j++) {
            const rhs = map[children[d + j]];
            op[n] = code;
            a[n] = acc;
            b[n] = rhs;
            uses[acc]++;
            uses[rhs]++;
            varying[n] = varying[acc] | varying[rhs];
            acc = n;
            if (j < k - 1) n++;
          }
        }
      }
    }
    map[i] = n;
    n++;
  }
  const r = map[root];
  uses[r]++;
  const plan = {
    length: n,
    op: op.subarray(0, n),
    a: a.subarray(0, n),
    b: b.subarray(0, n),
    uses: uses.subarray(0, n),
    varying: varying.subarray(0, n),
    root: r,
    slots: slotNodes.length,
    slotNodes,
    key: '',
  };
  plan.key = structureKey(plan);
  return plan;
}

/** A compact string of the program: opcode and operands of every instruction. */
function structureKey(p: Omit<ExprPlan, 'key'>): string {
  let s = '';
  for (let i = 0; i < p.length; i++) {
    s += String.fromCharCode(p.op[i] + 48);
    s += p.a[i].toString(36);
    if (p.b[i] >= 0) s += ',' + p.b[i].toString(36);
    s += ';';
  }
  return s;
}
