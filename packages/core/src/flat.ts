/**
 * The flat post-order encoding: one or more expressions as typed arrays in which every node's
 * children come before it. It is what the parser's consumers downstream read: wasm-eval lowers
 * it to bytecode and kernels, the e-graph adds it node by node. Shared subterms (the same term,
 * which hash-consing makes the same object) are stored once, so a flat expression is a DAG.
 *
 * Layout, for node i (0 <= i < ops.length):
 *   ops[i]      opcode: OP_CONST, OP_VAR or an operator's code (operators.ts)
 *   data[i]     OP_CONST: index into consts; OP_VAR: index into vars;
 *               calls: offset of the node's first child index in `children`
 *   arity[i]    number of children (0 for leaves and nullary constants such as pi)
 *   children    child node indices; those of node i are children[data[i] .. data[i]+arity[i]),
 *               each < i
 *   consts      constant values (exact or float), constValues the same as float64
 *   vars        variable names; vars[k] is the k-th column of a dataset
 *   roots       the node of each expression, in the order given
 */
import { type Num, numToNumber } from './numbers.js';
import { OPERATORS, OPERATORS_BY_CODE, OP_CONST, OP_VAR } from './operators.js';
import type { TermOps } from './term.js';
import { termOps } from './terms.js';
import type { Term } from './internal/store.js';

/**
 * Expressions as one flat post-order DAG (see the layout at the top of this file): what the
 * e-graph's `addExpr` and the WASM compiler consume.
 *
 * @example
 * const f = toFlat(parse('x*y + 2'));
 * f.vars; // → ['x', 'y']
 * Array.from(f.ops).map((code) => OPERATORS_BY_CODE[code]?.name ?? (code === OP_VAR ? 'var' : 'const')); // → ['var', 'var', 'mul', 'const', 'add']
 * Array.from(f.roots); // → [4]
 */
export interface FlatExpr {
  readonly ops: Uint8Array;
  readonly data: Int32Array;
  readonly arity: Int32Array;
  readonly children: Int32Array;
  readonly consts: readonly Num[];
  readonly constValues: Float64Array;
  readonly vars: readonly string[];
  readonly roots: Int32Array;
}

/**
 * A flat expression could not be built or read back: what was wrong, and where.
 *
 * @example
 * let error;
 * try { toFlat(parse('x + z'), { variables: ['x'] }); } catch (e) { error = e; }
 * error instanceof FlatError; // → true
 */
export class FlatError extends Error {
  override name = 'FlatError';
}

/**
 * Options of `toFlat`.
 *
 * @example
 * toFlat(parse('y + x'), { variables: ['x', 'y'] }).vars; // → ['x', 'y']
 */
export interface ToFlatOptions {
  /**
   * Variable order (dataset columns). Every variable of the expressions must be listed; extra
   * names are kept. Default: order of first appearance.
   */
  variables?: readonly string[];
}

/**
 * Encodes terms (any `TermOps` representation) as one flat DAG. Iterative: any depth is fine.
 *
 * @example
 * const f = toFlat(parse('x*y + sin(x)'));   // nodes: x, y, x*y, sin(x), +
 */
export function toFlat(terms: Term | readonly Term[], options?: ToFlatOptions): FlatExpr;
export function toFlat<T>(terms: T | readonly T[], options: ToFlatOptions | undefined, ops: TermOps<T>): FlatExpr;
export function toFlat<T>(terms: T | readonly T[], options: ToFlatOptions = {}, ops?: TermOps<T>): FlatExpr {
  const o = (ops ?? (termOps as unknown as TermOps<T>));
  const list: readonly T[] = Array.isArray(terms) ? (terms as readonly T[]) : [terms as T];
  const vars: string[] = options.variables ? [...options.variables] : [];
  const varIndex = new Map<string, number>(vars.map((v, i) => [v, i]));
  const fixedVars = options.variables !== undefined;
  const index = new Map<T, number>();
  const consts: Num[] = [];
  const constIndex = new Map<T, number>();
  let opsOut = new Uint8Array(64);
  let dataOut = new Int32Array(64);
  let arityOut = new Int32Array(64);
  let childrenOut = new Int32Array(64);
  let n = 0;
  let nc = 0;
  const roots = new Int32Array(list.length);

  const push = (code: number, data: number, arity: number): number => {
    if (n === opsOut.length) {
      opsOut = grow8(opsOut);
      dataOut = grow32(dataOut);
      arityOut = grow32(arityOut);
    }
    opsOut[n] = code;
    dataOut[n] = data;
    arityOut[n] = arity;
    return n++;
  };

  // Explicit stack of [term, state]: state 0 = children not yet pushed, 1 = children done.
  const stack: T[] = [];
  const state: number[] = [];
  for (let r = 0; r < list.length; r++) {
    stack.push(list[r]);
    state.push(0);
    while (stack.length > 0) {
      const t = stack[stack.length - 1];
      if (index.has(t)) {
        stack.pop();
        state.pop();
        continue;
      }
      if (o.isNumber(t)) {
        let c = constIndex.get(t);
        if (c === undefined) {
          c = consts.length;
          consts.push(o.numberValue(t));
          constIndex.set(t, c);
        }
        index.set(t, push(OP_CONST, c, 0));
      } else if (o.isSymbol(t)) {
        const name = o.symbolName(t);
        let v = varIndex.get(name);
        if (v === undefined) {
          if (fixedVars)
            throw new FlatError(`variable '${name}' is not in the variable list [${vars.join(', ')}]`);
          v = vars.length;
          vars.push(name);
          varIndex.set(name, v);
        }
        index.set(t, push(OP_VAR, v, 0));
      } else {
        const args = o.args(t);
        if (state[state.length - 1] === 0) {
          state[state.length - 1] = 1;
          for (let k = args.length - 1; k >= 0; k--) {
            if (!index.has(args[k])) {
              stack.push(args[k]);
              state.push(0);
            }
          }
          continue;
        }
        const name = o.op(t);
        const info = OPERATORS.get(name);
        if (!info || info.code < 0) throw new FlatError(`operator '${name}' has no opcode in the flat encoding`);
        while (nc + args.length > childrenOut.length) childrenOut = grow32(childrenOut);
        const start = nc;
        for (const a of args) childrenOut[nc++] = index.get(a)!;
        index.set(t, push(info.code, start, args.length));
      }
      stack.pop();
      state.pop();
    }
    roots[r] = index.get(list[r])!;
  }
  const constValues = new Float64Array(consts.length);
  for (let i = 0; i < consts.length; i++) constValues[i] = numToNumber(consts[i]);
  return {
    ops: opsOut.slice(0, n),
    data: dataOut.slice(0, n),
    arity: arityOut.slice(0, n),
    children: childrenOut.slice(0, nc),
    consts,
    constValues,
    vars,
    roots,
  };
}

/**
 * Decodes a flat expression back to terms, one per root. Validates the encoding (opcodes,
 * child order, table indices, arities) and throws `FlatError` naming the bad node.
 *
 * @example
 * const [a, b] = fromFlat(toFlat([parse('x + 1'), parse('sin(x)')]));
 * format(a); // → 'x + 1'
 * b === parse('sin(x)'); // → true
 */
export function fromFlat(flat: FlatExpr): Term[];
export function fromFlat<T>(flat: FlatExpr, ops: TermOps<T>): T[];
export function fromFlat<T>(flat: FlatExpr, ops?: TermOps<T>): T[] {
  const o = (ops ?? (termOps as unknown as TermOps<T>));
  const n = flat.ops.length;
  if (flat.data.length !== n || flat.arity.length !== n)
    throw new FlatError('ops, data and arity must have the same length');
  const built: T[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const code = flat.ops[i];
    const d = flat.data[i];
    if (code === OP_CONST) {
      if (d < 0 || d >= flat.consts.length) throw new FlatError(`node ${i}: constant index ${d} out of range`);
      built[i] = o.number(flat.consts[d]);
    } else if (code === OP_VAR) {
      if (d < 0 || d >= flat.vars.length) throw new FlatError(`node ${i}: variable index ${d} out of range`);
      built[i] = o.symbol(flat.vars[d]);
    } else {
      const info = OPERATORS_BY_CODE[code];
      if (!info) throw new FlatError(`node ${i}: unknown opcode ${code}`);
      const k = flat.arity[i];
      if (k < 0 || d < 0 || d + k > flat.children.length)
        throw new FlatError(`node ${i}: children [${d}, ${d + k}) out of range`);
      const args: T[] = new Array(k);
      for (let j = 0; j < k; j++) {
        const c = flat.children[d + j];
        if (c < 0 || c >= i) throw new FlatError(`node ${i}: child ${c} does not precede it`);
        args[j] = built[c];
      }
      try {
        built[i] = o.make(info.name, args);
      } catch (e) {
        throw new FlatError(`node ${i}: ${(e as Error).message}`);
      }
    }
  }
  return Array.from(flat.roots, (r) => {
    if (r < 0 || r >= n) throw new FlatError(`root ${r} out of range`);
    return built[r];
  });
}

function grow8(a: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(a.length * 2);
  b.set(a);
  return b;
}
function grow32(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
