/**
 * One derivative rule per operator of operators.ts. A rule gets the call `t = op(a, b, ...)`,
 * its arguments, their derivatives `da` (already computed, exact 0 for a constant argument)
 * and the builder, and returns dt/dv by the chain rule. Rules reuse `t` itself where the
 * derivative contains it (exp, sqrt, tan, tanh, pow, quotients): the result then shares that
 * node with the input, which is both smaller and cheaper to evaluate.
 *
 * Formulas (u' = du/dv; where two are given, the first is used when the noted argument is
 * constant). They hold wherever the input is differentiable; where it is not, the result is
 * whatever the formula evaluates to (usually NaN or ±Infinity), as noted:
 *   a/b          (a' - t·b')/b            a'/b when b is constant
 *   a^b          b·a^(b-1)·a'  (b constant, also for a < 0 and integer b; a^(1/2) as sqrt)
 *                t·log(a)·b'   (a constant; 0 for the number 0)   t·(b'·log(a) + b·a'/a)  (otherwise; a > 0)
 *   sin  cos     cos(u)·u'   -sin(u)·u'
 *   tan  tanh    (1 + t^2)·u'   (1 - t^2)·u'
 *   asin acos    ±u'/sqrt(1 - u^2)           atan  u'/(1 + u^2)
 *   sinh cosh    cosh(u)·u'  sinh(u)·u'
 *   exp log sqrt t·u'   u'/u   u'/(2·t)
 *   abs          (u/t)·u'      i.e. sign(u)·u'; at u = 0 it is 0/0 = NaN (|u| has no derivative
 *                              there unless u' = 0, and even then NaN is returned)
 *   min, max     (a' + b')/2 ∓ (a' - b')·s/2  with s = (a - b)/|a - b| the sign of a - b: the
 *                derivative of the argument that is smaller (larger); NaN where a = b, where
 *                min and max are not differentiable (even when a' = b' there)
 *   pi, numbers, symbols other than v: 0; v: 1
 */
import { HALF, numIsZero, numNeg } from '../../numbers.js';
import { OPERATORS, OP_NONE } from '../../operators.js';
import type { Builder } from './builder.js';

/**
 * Differentiation hit an operator that has no derivative rule (a user-defined one).
 *
 * @example
 * defineOperator('f', 1);
 * let error;
 * try { derivative(parse('f(2*x)'), 'x'); } catch (e) { error = e; }
 * // cannot differentiate the user-defined operator 'f' ...
 * error instanceof DerivativeError; // → true
 * format(derivative(parse('f(y) + x'), 'x')); // → '1'
 */
export class DerivativeError extends Error {
  override name = 'DerivativeError';
}

/** dt/dv for `t = op(args)`, given `da[i] = d args[i]/dv` (at least one is not exact 0). */
export function derivativeOfCall<T>(b: Builder<T>, t: T, op: string, args: readonly T[], da: readonly T[], v: string): T {
  switch (op) {
    case 'add':
      return b.sum(da);
    case 'sub':
      return b.sub(da[0], da[1]);
    case 'neg':
      return b.neg(da[0]);
    case 'mul':
      return productRule(b, args, da);
    case 'div':
      if (b.isZero(da[1])) return b.div(da[0], args[1]);
      return b.div(b.sub(da[0], b.mul(t, da[1])), args[1]);
    case 'pow':
      return powerRule(b, t, args[0], args[1], da[0], da[1]);
    case 'sin':
      return b.mul(b.call1('cos', args[0]), da[0]);
    case 'cos':
      return b.neg(b.mul(b.call1('sin', args[0]), da[0]));
    case 'tan':
      return b.mul(b.sum([b.one, b.pow(t, b.two)]), da[0]);
    case 'asin':
      return b.div(da[0], b.call1('sqrt', b.sub(b.one, b.pow(args[0], b.two))));
    case 'acos':
      return b.neg(b.div(da[0], b.call1('sqrt', b.sub(b.one, b.pow(args[0], b.two)))));
    case 'atan':
      return b.div(da[0], b.sum([b.one, b.pow(args[0], b.two)]));
    case 'sinh':
      return b.mul(b.call1('cosh', args[0]), da[0]);
    case 'cosh':
      return b.mul(b.call1('sinh', args[0]), da[0]);
    case 'tanh':
      return b.mul(b.sub(b.one, b.pow(t, b.two)), da[0]);
    case 'exp':
      return b.mul(t, da[0]);
    case 'log':
      return b.div(da[0], args[0]);
    case 'sqrt':
      return b.div(da[0], b.mul(b.two, t));
    case 'abs':
      return b.mul(b.div(args[0], t), da[0]);
    case 'min':
    case 'max':
      return minMaxRule(b, op === 'max', args[0], args[1], da[0], da[1]);
    default: {
      const info = OPERATORS.get(op);
      const what =
        info === undefined
          ? `unknown operator '${op}'`
          : info.code === OP_NONE
            ? `the user-defined operator '${op}' (defineOperator)`
            : `the operator '${op}'`;
      throw new DerivativeError(
        `cannot differentiate ${what} with respect to '${v}': it has no derivative rule (in the call ${describe(op, args.length)})`,
      );
    }
  }
}

/** d(u1·u2·…·un) = Σ_i u1·…·ui'·…·un over the non-constant factors. */
function productRule<T>(b: Builder<T>, args: readonly T[], da: readonly T[]): T {
  const terms: T[] = [];
  for (let i = 0; i < args.length; i++) {
    if (b.isZero(da[i])) continue;
    const factors = args.slice();
    factors[i] = da[i];
    terms.push(b.product(factors));
  }
  return terms.length === 1 ? terms[0] : b.sum(terms);
}

/** d(a^e) for the call t = a^e; see the file comment. */
function powerRule<T>(b: Builder<T>, t: T, a: T, e: T, da: T, de: T): T {
  const ops = b.ops;
  if (b.isZero(de)) {
    if (ops.isNumber(e)) {
      const n = ops.numberValue(e);
      if (typeof n !== 'number' && n.n === HALF.n && n.d === HALF.d) return b.div(da, b.mul(b.two, t)); // like sqrt
    }
    return b.product([e, b.pow(a, b.sub(e, b.one)), da]);
  }
  // 0^e is 0 wherever it is real and differentiable (e > 0): t·log(0)·e' would be 0·-∞ = NaN
  if (b.isZero(da) && ops.isNumber(a) && numIsZero(ops.numberValue(a))) return b.zero;
  const log = b.call1('log', a);
  if (b.isZero(da)) return b.product([t, log, de]);
  return b.mul(t, b.sum([b.mul(de, log), b.product([e, b.div(da, a)])]));
}

/** min(a, c)' = (a' + c')/2 - (a' - c')·s/2, max(a, c)' = (a' + c')/2 + (a' - c')·s/2, s = sign(a - c). */
function minMaxRule<T>(b: Builder<T>, isMax: boolean, a: T, c: T, da: T, dc: T): T {
  const diff = b.sub(a, c);
  const s = b.div(diff, b.call1('abs', diff));
  const half = b.num(HALF);
  const mean = b.mul(half, b.sum([da, dc]));
  const jump = b.product([b.num(isMax ? HALF : numNeg(HALF)), b.sub(da, dc), s]);
  return b.sum([mean, jump]);
}

/** `f(_, _)`: the shape of a call, for messages (the full text of a DAG can be huge). */
function describe(op: string, arity: number): string {
  return `${op}(${new Array(arity).fill('_').join(', ')})`;
}
