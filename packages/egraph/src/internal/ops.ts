/**
 * Operator codes of the e-graph. Every e-node stores one int32 `op`:
 *   op >= 0  a call operator: an index into the process-wide table below (operator names are
 *            few and fixed, so compiled e-matching programs can embed these codes and be shared
 *            by every e-graph);
 *   op <  0  a leaf: `~op` is an index into the e-graph's own leaf table (symbols and numbers;
 *            there may be many constants, so they are not global).
 * Operators come from core's table (operators.ts, including `defineOperator`); `add` and `mul`
 * are variadic there but binary in the e-graph (see EGraph.addTerm).
 */
import { OPERATORS, VARIADIC } from '@symx/core';

const names: string[] = [];
const arities: number[] = [];
const costs: number[] = [];
const byName = new Map<string, number>();

/** The code of call operator `name`, registering it on first use. Throws for an unknown name. */
export function opCode(name: string): number {
  const c = byName.get(name);
  if (c !== undefined) return c;
  const info = OPERATORS.get(name);
  if (info === undefined) throw new RangeError(`unknown operator '${name}' (declare it with defineOperator)`);
  const code = names.length;
  names.push(name);
  arities.push(name === 'add' || name === 'mul' ? 2 : info.arity);
  costs.push(info.cost);
  byName.set(name, code);
  return code;
}

/** Operator name of a call code. */
export function opName(code: number): string {
  return names[code];
}

/** Arity of an e-node with this code: fixed, or VARIADIC (-1) for variadic user operators. */
export function opArity(code: number): number {
  return arities[code];
}

/** Cost of the operator in the table of DESIGN.md (OperatorInfo.cost). */
export function opCost(code: number): number {
  return costs[code];
}

/** Number of registered call operators (size of op-indexed tables). */
export function opCount(): number {
  return names.length;
}

export { VARIADIC };

export const OP_ADD = opCode('add');
export const OP_MUL = opCode('mul');
