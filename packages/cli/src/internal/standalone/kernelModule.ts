/**
 * The standalone kernel written by `symx compile -o kernel.wasm`: one expression as a
 * self-contained WebAssembly module that needs nothing from symx at run time, only JavaScript's
 * `Math` as imports. (wasm-eval's kernels link against the VM instance's memory and SIMD math,
 * so they cannot be shipped on their own; this module trades their SIMD speed for independence.)
 *
 * ABI (also documented in the loader, loaderSource.ts):
 *   imports   "Math" "<f>" for f in sin cos tan asin acos atan sinh cosh tanh exp log:
 *             (f64) -> f64, and "Math" "pow": (f64, f64) -> f64. `{ Math }` satisfies them.
 *   memory    exported as "memory". The constants (parameters) are f64 at byte 0, 8, 16, ...,
 *             initialized by a data segment; write new values there to refit them.
 *   globals   "param_count" (i32): the number of constants.
 *   function  "evaluate"(col_0 .. col_{V-1}, out, n: i32): for each row r < n, reads
 *             f64 col_k[r] at byte address col_k + 8r and writes the value at out + 8r.
 *   custom    section "symx": UTF-8 JSON { format: 1, variables, constants, expression }.
 *
 * Semantics are core's reference evaluator's exactly (IEEE f64 operations and `Math.*`, sums
 * and products left to right), so a loaded kernel agrees bit for bit with `evaluate`.
 * The expression is encoded as core's flat DAG: every distinct subterm is computed once per row.
 */
import {
  type FlatExpr,
  OP_ABS,
  OP_ACOS,
  OP_ADD,
  OP_ASIN,
  OP_ATAN,
  OP_CONST,
  OP_COS,
  OP_COSH,
  OP_DIV,
  OP_EXP,
  OP_LOG,
  OP_MAX,
  OP_MIN,
  OP_MUL,
  OP_NEG,
  OP_PI,
  OP_POW,
  OP_SIN,
  OP_SINH,
  OP_SQRT,
  OP_SUB,
  OP_TAN,
  OP_TANH,
  OP_VAR,
  OPERATORS_BY_CODE,
  type Term,
  format,
  toFlat,
} from '@symx/core';
import { UserError } from '../../errors.js';
import { Body, Bytes, F64, type FuncType, I32, encodeFuncType, section, watBytes, watSignature, watString } from './wasmText.js';

/**
 * The module, its text form and its metadata.
 *
 * @example
 * const k: StandaloneKernel = buildStandaloneKernel(parse('2.5*x + y'), ['x', 'y']);
 * [k.variables, k.constants]; // → [['x', 'y'], [2.5]]
 * k.wat.startsWith('(module'); // → true
 */
export interface StandaloneKernel {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly wat: string;
  readonly variables: readonly string[];
  /** Initial constants, in parameter order (order of first appearance in the expression). */
  readonly constants: readonly number[];
}

/** Operators computed by one native f64 instruction. */
const NATIVE: ReadonlyMap<number, [number, string]> = new Map([
  [OP_ADD, [0xa0, 'f64.add']],
  [OP_SUB, [0xa1, 'f64.sub']],
  [OP_MUL, [0xa2, 'f64.mul']],
  [OP_DIV, [0xa3, 'f64.div']],
  [OP_MIN, [0xa4, 'f64.min']],
  [OP_MAX, [0xa5, 'f64.max']],
  [OP_NEG, [0x9a, 'f64.neg']],
  [OP_ABS, [0x99, 'f64.abs']],
  [OP_SQRT, [0x9f, 'f64.sqrt']],
]);

/** Operators imported from JavaScript's Math, with their arity. */
const IMPORTED: ReadonlyMap<number, string> = new Map([
  [OP_SIN, 'sin'],
  [OP_COS, 'cos'],
  [OP_TAN, 'tan'],
  [OP_ASIN, 'asin'],
  [OP_ACOS, 'acos'],
  [OP_ATAN, 'atan'],
  [OP_SINH, 'sinh'],
  [OP_COSH, 'cosh'],
  [OP_TANH, 'tanh'],
  [OP_EXP, 'exp'],
  [OP_LOG, 'log'],
  [OP_POW, 'pow'],
]);

const UNARY: FuncType = { params: [F64], results: [F64] };
const BINARY: FuncType = { params: [F64, F64], results: [F64] };

/**
 * Builds the standalone module of `t` over `variables` (column order; every variable of `t`
 * must be listed).
 *
 * @example
 * const k = buildStandaloneKernel(parse('2.5*sin(x) + y'), ['x', 'y']);
 * const { instance } = await WebAssembly.instantiate(k.bytes, { Math });
 */
export function buildStandaloneKernel(t: Term, variables: readonly string[]): StandaloneKernel {
  const flat = toFlat(t, { variables });
  const V = variables.length;
  const n = flat.ops.length;

  // Imports actually used, in a fixed order so that equal inputs give equal bytes.
  const usedCodes = new Set<number>();
  for (let i = 0; i < n; i++) usedCodes.add(flat.ops[i]);
  const imports = [...IMPORTED].filter(([code]) => usedCodes.has(code));
  const importIndex = new Map(imports.map(([code], i) => [code, i]));

  // Constants: one parameter slot per constant node, in node (post-order) order.
  const slotOf = new Int32Array(n).fill(-1);
  const constants: number[] = [];
  for (let i = 0; i < n; i++) {
    if (flat.ops[i] === OP_CONST) {
      slotOf[i] = constants.length;
      constants.push(flat.constValues[flat.data[i]]);
    }
  }

  const mainType: FuncType = { params: [...new Array(V + 2).fill(I32)], results: [] };
  const types: FuncType[] = [UNARY, BINARY, mainType];
  const typeOfImport = (code: number): number => (code === OP_POW ? 1 : 0);

  // Locals: params (V columns, out, n), then i, off, then one f64 per node.
  const L_OUT = V;
  const L_N = V + 1;
  const L_I = V + 2;
  const L_OFF = V + 3;
  const nodeLocal = (i: number): number => V + 4 + i;
  const colName = (k: number): string => `$col${k}`;
  const nodeName = (i: number): string => `$t${i}`;

  const body = new Body();
  body.block().loop();
  body.localGet(L_I, '$i').localGet(L_N, '$n').op(0x4e, 'i32.ge_s').brIf(1);
  body.localGet(L_I, '$i').i32Const(3).op(0x74, 'i32.shl').localSet(L_OFF, '$off');
  for (let i = 0; i < n; i++) emitNode(body, flat, i, slotOf, importIndex, nodeLocal, nodeName, colName, L_OFF);
  body.comment('out[i] = value');
  body.localGet(L_OUT, '$out').localGet(L_OFF, '$off').op(0x6a, 'i32.add');
  body.localGet(nodeLocal(flat.roots[0]), nodeName(flat.roots[0])).f64Store();
  body.localGet(L_I, '$i').i32Const(1).op(0x6a, 'i32.add').localSet(L_I, '$i');
  body.br(0);
  body.end().end();
  body.code.byte(0x0b); // end of the function

  const meta = JSON.stringify({ format: 1, variables, constants: constants.map(jsonNumber), expression: format(t) });
  const paramBytes = new Bytes();
  for (const c of constants) paramBytes.f64(c);
  const pages = Math.max(1, Math.ceil((constants.length * 8) / 65536));

  const bytes = encodeModule(types, imports, typeOfImport, mainType, n, body, paramBytes, constants.length, pages, meta);
  const wat = watModule(types, imports, typeOfImport, V, n, body, paramBytes, constants.length, pages, meta, colName, nodeName);
  return { bytes, wat, variables: [...variables], constants };
}

function emitNode(
  body: Body,
  flat: FlatExpr,
  i: number,
  slotOf: Int32Array,
  importIndex: ReadonlyMap<number, number>,
  nodeLocal: (i: number) => number,
  nodeName: (i: number) => string,
  colName: (k: number) => string,
  L_OFF: number,
): void {
  const code = flat.ops[i];
  if (code === OP_VAR) {
    const k = flat.data[i];
    body.localGet(k, colName(k)).localGet(L_OFF, '$off').op(0x6a, 'i32.add').f64Load();
  } else if (code === OP_CONST) {
    body.i32Const(0).f64Load(slotOf[i] * 8);
  } else if (code === OP_PI) {
    body.f64Const(Math.PI);
  } else {
    const first = flat.data[i];
    const arity = flat.arity[i];
    const arg = (j: number): void => {
      const c = flat.children[first + j];
      body.localGet(nodeLocal(c), nodeName(c));
    };
    const native = NATIVE.get(code);
    const imported = importIndex.get(code);
    if (native !== undefined && arity === 1) {
      arg(0);
      body.op(native[0], native[1]);
    } else if (native !== undefined) {
      // Variadic add/mul fold left to right, as the reference evaluator does.
      arg(0);
      for (let j = 1; j < arity; j++) {
        arg(j);
        body.op(native[0], native[1]);
      }
    } else if (imported !== undefined) {
      for (let j = 0; j < arity; j++) arg(j);
      body.call(imported, `$${IMPORTED.get(code)}`);
    } else {
      const name = OPERATORS_BY_CODE[code]?.name ?? `#${code}`;
      throw new UserError(`operator '${name}' cannot be compiled to a standalone kernel`, 'unsupported');
    }
  }
  body.localSet(nodeLocal(i), nodeName(i));
}

function encodeModule(
  types: readonly FuncType[],
  imports: readonly [number, string][],
  typeOfImport: (code: number) => number,
  mainType: FuncType,
  n: number,
  body: Body,
  paramBytes: Bytes,
  paramCount: number,
  pages: number,
  meta: string,
): Uint8Array<ArrayBuffer> {
  const out = new Bytes().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const typeSec = new Bytes().u32(types.length);
  for (const t of types) encodeFuncType(typeSec, t);
  section(out, 1, typeSec);
  const importSec = new Bytes().u32(imports.length);
  for (const [code, name] of imports) importSec.name('Math').name(name).byte(0x00).u32(typeOfImport(code));
  section(out, 2, importSec);
  section(out, 3, new Bytes().u32(1).u32(types.indexOf(mainType)));
  section(out, 5, new Bytes().u32(1).byte(0x00).u32(pages));
  // global param_count: immutable i32
  section(out, 6, new Bytes().u32(1).byte(I32).byte(0x00).byte(0x41).s32(paramCount).byte(0x0b));
  const exportSec = new Bytes().u32(3);
  exportSec.name('memory').byte(0x02).u32(0);
  exportSec.name('evaluate').byte(0x00).u32(imports.length);
  exportSec.name('param_count').byte(0x03).u32(0);
  section(out, 7, exportSec);
  // locals: 2 i32 (i, off), n f64
  const fn = new Bytes().u32(2).u32(2).byte(I32).u32(n).byte(F64).bytes(body.code.view());
  section(out, 10, new Bytes().u32(1).sized(fn));
  const data = new Bytes().u32(1).byte(0x00).byte(0x41).s32(0).byte(0x0b).sized(paramBytes);
  section(out, 11, data);
  const custom = new Bytes().name('symx').bytes(new TextEncoder().encode(meta));
  section(out, 0, custom);
  return out.view();
}

function watModule(
  types: readonly FuncType[],
  imports: readonly [number, string][],
  typeOfImport: (code: number) => number,
  V: number,
  n: number,
  body: Body,
  paramBytes: Bytes,
  paramCount: number,
  pages: number,
  meta: string,
  colName: (k: number) => string,
  nodeName: (i: number) => string,
): string {
  const lines: string[] = ['(module'];
  lines.push(`  ;; symx standalone kernel: ${meta.length > 200 ? meta.slice(0, 200) + '…' : meta}`);
  for (const [code, name] of imports) lines.push(`  (import "Math" "${name}" (func $${name}${watSignature(types[typeOfImport(code)])}))`);
  lines.push(`  (memory (export "memory") ${pages})`);
  lines.push(`  (global (export "param_count") i32 (i32.const ${paramCount}))`);
  const params = [...Array.from({ length: V }, (_, k) => `(param ${colName(k)} i32)`), '(param $out i32)', '(param $n i32)'];
  lines.push(`  (func (export "evaluate") ${params.join(' ')}`);
  lines.push('    (local $i i32) (local $off i32)');
  if (n > 0) lines.push(`    ${Array.from({ length: n }, (_, i) => `(local ${nodeName(i)} f64)`).join(' ')}`);
  for (const l of body.text) lines.push('  ' + l); // not push(...): huge bodies overflow the stack
  lines.push('  )');
  lines.push(`  (data (i32.const 0) ${watBytes(paramBytes.view())})`);
  lines.push(`  (@custom "symx" ${watString(meta)})`);
  lines.push(')');
  return lines.join('\n') + '\n';
}

function jsonNumber(v: number): number | string {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
}
