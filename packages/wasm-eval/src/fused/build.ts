/**
 * Assembles fused modules from expression plans: imports (memory, then only the math functions
 * the code calls), then the functions of each expression.
 *
 * Value module, for expressions 0..E-1:  exports e<i> and l<i> (emitValue.ts); imports the
 * host's block math `math_apply` too when the host has one and a staged math call can use it.
 * Derivative module, for one expression: exports d0 (emitGradient.ts).
 */
import { OP_POW } from '@symx/core';
import { type FuncType, ModuleBuilder } from './encoder.js';
import { type DerivativeMode, derivativeParams, emitDerivativeFunction } from './emitGradient.js';
import { emitEvalFunction, emitLossFunction, evalParams, lossParams, stagedMathNodes } from './emitValue.js';
import { Gen } from './gen.js';
import type { FusedHost } from './host.js';
import { DERIVATIVE_IMPORTS, MATH_NAMES, type MathName, VALUE_IMPORT_BY_CODE } from './mathImports.js';
import { F64, I32, V128 } from './opcodes.js';
import type { ExprPlan } from './plan.js';

const UNARY: FuncType = { params: [V128], results: [V128] };
const BINARY: FuncType = { params: [V128, V128], results: [V128] };

export interface BuildOptions {
  /** Add a name section (function names in disassembly). */
  names?: boolean;
}

const APPLY: FuncType = { params: [I32, I32, I32, I32, I32], results: [] };

function begin(host: Pick<FusedHost, 'shared' | 'maxPages'>, needed: Set<MathName>, blockMath = false) {
  const m = new ModuleBuilder();
  m.importMemory('env', 'memory', { min: 0, max: host.maxPages, shared: host.shared });
  const imports = new Map<MathName, number>();
  // Declaration order fixed by MATH_NAMES so that equal inputs give equal bytes.
  for (const name of MATH_NAMES) {
    if (needed.has(name)) imports.set(name, m.importFunction('math', name, name === 'm_pow' ? BINARY : UNARY));
  }
  const applyIndex = blockMath ? m.importFunction('math', 'math_apply', APPLY) : -1;
  return { m, imports, applyIndex };
}

/** The bytes of a value module for `plans` over `columns` data columns. */
export function buildValueModule(
  plans: readonly ExprPlan[],
  columns: number,
  host: Pick<FusedHost, 'shared' | 'maxPages' | 'apply'>,
  options: BuildOptions = {},
): Uint8Array<ArrayBuffer> {
  const needed = new Set<MathName>();
  let blockMath = false;
  for (const p of plans) {
    for (let i = 0; i < p.length; i++) {
      const imp = VALUE_IMPORT_BY_CODE[p.op[i]];
      if (imp) needed.add(imp);
    }
    if (host.apply !== undefined && stagedMathNodes(p).some((t) => p.op[t] !== OP_POW)) blockMath = true;
  }
  const { m, imports, applyIndex } = begin(host, needed, blockMath);
  const evalType: FuncType = { params: evalParams(columns), results: [] };
  const lossType: FuncType = { params: lossParams(columns), results: [F64] };
  plans.forEach((plan, i) => {
    const e = m.addFunction(evalType, `e${i}`);
    emitEvalFunction(new Gen(e, imports, applyIndex), plan, columns);
    m.exportFunction(`e${i}`, e);
    const l = m.addFunction(lossType, `l${i}`);
    emitLossFunction(new Gen(l, imports, applyIndex), plan, columns);
    m.exportFunction(`l${i}`, l);
  });
  return m.toBytes(options.names);
}

/** The bytes of a derivative module for one expression. */
export function buildDerivativeModule(
  plan: ExprPlan,
  columns: number,
  free: Uint8Array,
  mode: DerivativeMode,
  host: Pick<FusedHost, 'shared' | 'maxPages'>,
  options: BuildOptions = {},
): Uint8Array<ArrayBuffer> {
  const needed = new Set<MathName>();
  for (let i = 0; i < plan.length; i++) {
    const imp = VALUE_IMPORT_BY_CODE[plan.op[i]];
    if (imp) needed.add(imp);
    for (const d of DERIVATIVE_IMPORTS[plan.op[i]] ?? []) needed.add(d);
    if (plan.op[i] === OP_POW) needed.add('m_pow');
  }
  const { m, imports } = begin(host, needed);
  const f = m.addFunction({ params: derivativeParams(columns), results: [] }, 'd0');
  emitDerivativeFunction(new Gen(f, imports), plan, columns, free, mode);
  m.exportFunction('d0', f);
  return m.toBytes(options.names);
}
