/**
 * Printing terms back in the "calls" syntax (callsSyntax.ts), for GP frameworks to read: nested
 * calls under the vocabulary's names (the first name mapped plainly to each symx operator;
 * symx's own name otherwise; a subterm that is an instance of a definition, such as a protected
 * division, as a call of the definition's name), variadic sums and products as nested binary calls (GP primitives
 * are binary), floats as Python's repr reads them back exactly (`1.0`, `1e-05`, `-0.107`),
 * exact rationals as their nearest double. Iterative: any depth.
 */
import { KIND_CALL, KIND_NUMBER, type Term, formatNum, numIsInteger, numToNumber } from '@symx/core';
import type { Vocabulary } from './vocabulary.js';

/**
 * The calls-syntax text of `t`.
 *
 * @example
 * formatCalls(parse('x*y + z + 1'));                                        // 'add(add(mul(x, y), z), 1)'
 * formatCalls(parse('x*y'), Vocabulary.compile({ times: 'mul' }));         // 'times(x, y)'
 */
export function formatCalls(t: Term, vocabulary?: Vocabulary): string {
  const out: string[] = [];
  const stack: (Term | string)[] = [t];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    if (item.kind === KIND_NUMBER) {
      out.push(numberText(item));
      continue;
    }
    if (item.kind !== KIND_CALL) {
      out.push(item.op);
      continue;
    }
    const instance = vocabulary?.recognize(item);
    const name = instance?.name ?? vocabulary?.printNames.get(item.op) ?? item.op;
    const args = instance?.args ?? item.args;
    if (args.length === 0) {
      out.push(instance === undefined && item.op === 'pi' ? 'pi' : `${name}()`);
      continue;
    }
    // add(a, b, c) prints as add(add(a, b), c): push the pieces in reverse order. Instances of
    // the vocabulary's definitions print as calls of their names.
    const pending: (Term | string)[] = [];
    const k = args.length;
    for (let j = 0; j < Math.max(1, k - 1); j++) pending.push(`${name}(`);
    pending.push(args[0]);
    if (k === 1) pending.push(')');
    for (let j = 1; j < k; j++) pending.push(', ', args[j], ')');
    for (let j = pending.length - 1; j >= 0; j--) stack.push(pending[j]);
  }
  return out.join('');
}

function numberText(t: Term): string {
  const v = t.value;
  if (typeof v === 'number') return formatNum(v);
  if (numIsInteger(v)) return v.n.toString();
  return formatNum(numToNumber(v));
}
