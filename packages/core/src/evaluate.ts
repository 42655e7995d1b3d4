/**
 * The scalar float64 reference evaluator: the oracle every faster evaluation path (WASM tiers,
 * compiled closures, the e-graph's folding) is tested against. Keep it obviously correct.
 *
 * Semantics are JavaScript's `Math` and IEEE-754 double arithmetic, operator by operator:
 * `log(-1)` is NaN, `1/0` is Infinity, `pow` is `Math.pow` (so `(-8)^(1/3)` is NaN and
 * `1^NaN` is NaN), `min`/`max` propagate NaN, exact constants are rounded to the nearest double
 * once. `add` sums and `mul` multiplies left to right.
 */
import { numToNumber } from './numbers.js';
import type { TermOps } from './term.js';
import { termOps } from './terms.js';
import type { Term } from './internal/store.js';

/**
 * Variable values: a plain object or a Map from name to number.
 *
 * @example
 * evaluate(parse('x*y'), { x: 2, y: 3 }); // → 6
 * evaluate(parse('x*y'), new Map([['x', 2], ['y', 3]])); // → 6
 */
export type Env = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

/**
 * Evaluation could not proceed: a variable without a value, or an operator with no meaning.
 *
 * @example
 * let error;
 * try { evaluate(parse('x + y'), { x: 1 }); } catch (e) { error = e; }
 * error instanceof EvaluationError; // → true
 */
export class EvaluationError extends Error {
  override name = 'EvaluationError';
}

/**
 * Applies operator `op` to already-evaluated arguments (the per-operator semantics above).
 *
 * @example
 * applyOperator('add', [1, 2, 3]); // → 6
 * applyOperator('pow', [2, 10]); // → 1024
 */
export function applyOperator(op: string, a: readonly number[]): number {
  switch (op) {
    case 'add': {
      let s = a[0];
      for (let i = 1; i < a.length; i++) s += a[i];
      return s;
    }
    case 'mul': {
      let p = a[0];
      for (let i = 1; i < a.length; i++) p *= a[i];
      return p;
    }
    case 'sub': return a[0] - a[1];
    case 'div': return a[0] / a[1];
    case 'pow': return Math.pow(a[0], a[1]);
    case 'neg': return -a[0];
    case 'sin': return Math.sin(a[0]);
    case 'cos': return Math.cos(a[0]);
    case 'tan': return Math.tan(a[0]);
    case 'asin': return Math.asin(a[0]);
    case 'acos': return Math.acos(a[0]);
    case 'atan': return Math.atan(a[0]);
    case 'sinh': return Math.sinh(a[0]);
    case 'cosh': return Math.cosh(a[0]);
    case 'tanh': return Math.tanh(a[0]);
    case 'exp': return Math.exp(a[0]);
    case 'log': return Math.log(a[0]);
    case 'sqrt': return Math.sqrt(a[0]);
    case 'abs': return Math.abs(a[0]);
    case 'min': return Math.min(a[0], a[1]);
    case 'max': return Math.max(a[0], a[1]);
    case 'pi': return Math.PI;
    default:
      throw new EvaluationError(`operator '${op}' has no numeric meaning`);
  }
}

function lookup(env: Env, name: string): number {
  const v = env instanceof Map ? env.get(name) : Object.prototype.hasOwnProperty.call(env, name) ? (env as Record<string, number>)[name] : undefined;
  if (typeof v !== 'number') {
    throw new EvaluationError(
      v === undefined ? `no value for variable '${name}'` : `value of variable '${name}' is not a number`,
    );
  }
  return v;
}

/**
 * Evaluates a term at one point. Iterative (any depth) and linear in the number of distinct
 * subterms: shared subterms are evaluated once.
 *
 * @example
 * evaluate(parse('x^2 + 1'), { x: 3 });   // 10
 */
export function evaluate(t: Term, env: Env): number;
export function evaluate<T>(t: T, env: Env, ops: TermOps<T>): number;
export function evaluate<T>(t: T, env: Env, ops?: TermOps<T>): number {
  const o = ops ?? (termOps as unknown as TermOps<T>);
  const done = new Map<T, number>();
  const stack: T[] = [t];
  const expanded: boolean[] = [false];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const u = stack[top];
    if (done.has(u)) {
      stack.pop();
      expanded.pop();
      continue;
    }
    if (o.isNumber(u)) done.set(u, numToNumber(o.numberValue(u)));
    else if (o.isSymbol(u)) done.set(u, lookup(env, o.symbolName(u)));
    else {
      const args = o.args(u);
      if (!expanded[top]) {
        expanded[top] = true;
        for (let k = args.length - 1; k >= 0; k--) {
          if (!done.has(args[k])) {
            stack.push(args[k]);
            expanded.push(false);
          }
        }
        continue;
      }
      const vals = args.map((a) => done.get(a)!);
      done.set(u, applyOperator(o.op(u), vals));
    }
    stack.pop();
    expanded.pop();
  }
  return done.get(t)!;
}
