/**
 * Code generation of the derivative function of one expression, by forward-mode differentiation
 * fused into the row loop: every instruction carries its value and its tangents with respect to
 * the free constants it depends on (sparsely: a tangent that is structurally zero is never
 * computed). The loop reduces, without materializing anything per row,
 *
 *   S   = sum w r^2                      (r = prediction - target)
 *   g_j = sum w r J_j                    (J_j = d prediction / d c_j)
 *   H   = sum w J_i J_j, i <= j          (mode 'normal' only: the Gauss-Newton matrix J'WJ)
 *
 * and stores [S, g_0..g_k-1, H_00, H_01, .., H_0k-1, H_11, ..] (upper triangle, row-major) as
 * f64 at `result`. Those are exactly what Levenberg-Marquardt needs; the MSE gradient is 2g/sum w.
 *
 * Signature: d<i>(col_0 .. col_V-1, params, target, weights, wstep, n, result) -> ()
 *
 * Derivatives at points where the function is not differentiable follow one-sided conventions:
 * abs'(0) = +-1 by the sign of zero, min/max take the derivative of the selected operand (the
 * first on ties); pow's partials are 0 where the exponent is 0 (d/da) or where the value is 0
 * (d/db), their limits, instead of 0 * Infinity; and a zero tangent through sqrt, asin, acos or
 * pow stays zero even where the partial is infinite or NaN (see below).
 */
import {
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
} from '@symx/core';
import type { Gen } from './gen.js';
import { emitRowLoop } from './loop.js';
import {
  F64X2_ADD,
  F64X2_DIV,
  F64X2_EQ,
  F64X2_EXTRACT_LANE,
  F64X2_GE,
  F64X2_LE,
  F64X2_MUL,
  F64X2_NEG,
  F64X2_SQRT,
  F64X2_SUB,
  I32,
  OP_F64_ADD,
  OP_F64_STORE,
  OP_I32_ADD,
  V128_AND,
  V128_ANDNOT,
  V128_BITSELECT,
  V128_LOAD,
  V128_LOAD64_SPLAT,
  V128_OR,
  type ValType,
} from './opcodes.js';
import type { ExprPlan } from './plan.js';

export type DerivativeMode = 'gradient' | 'normal';

/** Parameter list of d<i>. */
export function derivativeParams(columns: number): ValType[] {
  return [...new Array<ValType>(columns).fill(I32), I32, I32, I32, I32, I32, I32];
}

/** Number of f64 results d<i> stores for k free constants. */
export function derivativeResultCount(k: number, mode: DerivativeMode): number {
  return 1 + k + (mode === 'normal' ? (k * (k + 1)) / 2 : 0);
}

/** A partial derivative or tangent: a v128 local, or one of the constants below. */
const ONE = -2;
const NEG_ONE = -3;
const NONE = -4;
const SIGN_BIT = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x80]);

/**
 * Emits d<i>. `free[s]` says whether slot s is differentiated; the gradient and matrix are over
 * free slots only, in slot order.
 */
export function emitDerivativeFunction(
  g: Gen,
  plan: ExprPlan,
  columns: number,
  free: Uint8Array,
  mode: DerivativeMode,
): void {
  const pParams = columns;
  const pTarget = columns + 1;
  const pWeights = columns + 2;
  const pWstep = columns + 3;
  const pN = columns + 4;
  const pResult = columns + 5;
  const { op, a, b, varying } = plan;
  const n = plan.length;

  // Free slot -> position in the gradient.
  const pos = new Int32Array(plan.slots).fill(-1);
  let k = 0;
  for (let s = 0; s < plan.slots; s++) if (free[s]) pos[s] = k++;

  const val = new Int32Array(n).fill(-1);
  // deps[i]: sorted gradient positions i depends on; tan[i]: the tangent of each (local or ONE).
  const deps: Int32Array[] = new Array(n);
  const tan: Int32Array[] = new Array(n);
  const EMPTY = new Int32Array(0);

  const slotLocal = new Int32Array(plan.slots);
  for (let s = 0; s < plan.slots; s++) {
    slotLocal[s] = g.v128();
    g.get(pParams);
    g.f.simdMem(V128_LOAD64_SPLAT, 3, 8 * s);
    g.set(slotLocal[s]);
  }

  const getRef = (ref: number): void => {
    if (ref >= 0) g.get(ref);
    else if (ref === ONE) g.splat(1);
    else if (ref === NEG_ONE) g.splat(-1);
    else g.splat(0);
  };
  const toLocal = (): number => {
    const l = g.v128();
    g.set(l);
    return l;
  };

  /** Emits the value and tangents of instruction i (operands already done). */
  const emitInstruction = (i: number, off: number): void => {
    const code = op[i];
    if (code === OP_CONST) {
      val[i] = slotLocal[a[i]];
      const p = pos[a[i]];
      deps[i] = p >= 0 ? Int32Array.of(p) : EMPTY;
      tan[i] = p >= 0 ? Int32Array.of(ONE) : EMPTY;
      return;
    }
    if (code === OP_VAR) {
      g.loadPair(a[i], off);
      val[i] = toLocal();
      deps[i] = tan[i] = EMPTY;
      return;
    }
    if (code === OP_PI) {
      g.splat(Math.PI);
      val[i] = toLocal();
      deps[i] = tan[i] = EMPTY;
      return;
    }
    const ia = a[i];
    const ib = b[i];
    const va = val[ia];
    const vb = ib >= 0 ? val[ib] : -1;
    g.get(va);
    if (ib >= 0) g.get(vb);
    g.apply(code);
    const v = toLocal();
    val[i] = v;
    const da = deps[ia];
    const db = ib >= 0 ? deps[ib] : EMPTY;
    if (da.length === 0 && db.length === 0) {
      deps[i] = tan[i] = EMPTY;
      return;
    }
    const needA = da.length > 0;
    const needB = db.length > 0;

    if (code === OP_MIN || code === OP_MAX) {
      // The tangent of the selected operand (a on ties, as a <= b selects a for min).
      g.get(va);
      g.get(vb);
      g.simd(code === OP_MIN ? F64X2_LE : F64X2_GE);
      const mask = toLocal();
      const union = mergeDeps(da, db);
      const t = new Int32Array(union.length);
      for (let u = 0; u < union.length; u++) {
        getRef(tangentOf(da, tan[ia], union[u]));
        getRef(tangentOf(db, tan[ib], union[u]));
        g.get(mask);
        g.simd(V128_BITSELECT);
        t[u] = toLocal();
      }
      deps[i] = union;
      tan[i] = t;
      return;
    }

    // Partial derivatives with respect to a and b.
    let pa = NONE;
    let pb = NONE;
    switch (code) {
      case OP_ADD:
        pa = ONE;
        pb = ONE;
        break;
      case OP_SUB:
        pa = ONE;
        pb = NEG_ONE;
        break;
      case OP_MUL:
        pa = vb;
        pb = va;
        break;
      case OP_DIV:
        // d(a/b) = da/b - (a/b) db/b; -(a/b)/b rather than -(a/b)*(1/b), which is 0*Infinity
        // when a = 0 and 1/b overflows.
        if (needA) {
          g.splat(1);
          g.get(vb);
          g.simd(F64X2_DIV);
          pa = toLocal();
        }
        if (needB) {
          g.get(v);
          g.simd(F64X2_NEG);
          g.get(vb);
          g.simd(F64X2_DIV);
          pb = toLocal();
        }
        break;
      case OP_POW:
        if (needA) {
          // b * a^(b-1), 0 where b == 0
          g.get(vb);
          g.get(va);
          g.get(vb);
          g.splat(1);
          g.simd(F64X2_SUB);
          g.call('m_pow');
          g.simd(F64X2_MUL);
          g.get(vb);
          g.splat(0);
          g.simd(F64X2_EQ);
          g.simd(V128_ANDNOT);
          pa = toLocal();
        }
        if (needB) {
          // a^b * log(a), 0 where a^b == 0
          g.get(v);
          g.get(va);
          g.call('m_log');
          g.simd(F64X2_MUL);
          g.get(v);
          g.splat(0);
          g.simd(F64X2_EQ);
          g.simd(V128_ANDNOT);
          pb = toLocal();
        }
        break;
      case OP_NEG:
        pa = NEG_ONE;
        break;
      case OP_SIN:
        g.get(va);
        g.call('m_cos');
        pa = toLocal();
        break;
      case OP_COS:
        g.get(va);
        g.call('m_sin');
        g.simd(F64X2_NEG);
        pa = toLocal();
        break;
      case OP_TAN: // 1 + tan^2
        g.splat(1);
        g.get(v);
        g.get(v);
        g.simd(F64X2_MUL);
        g.simd(F64X2_ADD);
        pa = toLocal();
        break;
      case OP_ASIN:
      case OP_ACOS: // +-1 / sqrt(1 - a^2)
        g.splat(code === OP_ASIN ? 1 : -1);
        g.splat(1);
        g.get(va);
        g.get(va);
        g.simd(F64X2_MUL);
        g.simd(F64X2_SUB);
        g.simd(F64X2_SQRT);
        g.simd(F64X2_DIV);
        pa = toLocal();
        break;
      case OP_ATAN: // 1 / (1 + a^2)
        g.splat(1);
        g.splat(1);
        g.get(va);
        g.get(va);
        g.simd(F64X2_MUL);
        g.simd(F64X2_ADD);
        g.simd(F64X2_DIV);
        pa = toLocal();
        break;
      case OP_SINH:
        g.get(va);
        g.call('m_cosh');
        pa = toLocal();
        break;
      case OP_COSH:
        g.get(va);
        g.call('m_sinh');
        pa = toLocal();
        break;
      case OP_TANH: // 1 - tanh^2
        g.splat(1);
        g.get(v);
        g.get(v);
        g.simd(F64X2_MUL);
        g.simd(F64X2_SUB);
        pa = toLocal();
        break;
      case OP_EXP:
        pa = v;
        break;
      case OP_LOG:
        g.splat(1);
        g.get(va);
        g.simd(F64X2_DIV);
        pa = toLocal();
        break;
      case OP_SQRT: // 0.5 / sqrt(a)
        g.splat(0.5);
        g.get(v);
        g.simd(F64X2_DIV);
        pa = toLocal();
        break;
      case OP_ABS: // copysign(1, a)
        g.get(va);
        g.constBytes(SIGN_BIT);
        g.simd(V128_AND);
        g.splat(1);
        g.simd(V128_OR);
        pa = toLocal();
        break;
      default:
        throw new Error(`internal: no derivative rule for opcode ${code}`);
    }

    // tangent_j = pa * ta_j + pb * tb_j over the union of dependencies. Partials of sqrt, asin,
    // acos and pow can be infinite or NaN where the value is finite (sqrt at 0, pow's log of a
    // negative base): there, terms with a zero tangent are forced to 0 (the chain rule's limit,
    // e.g. d/dc sqrt(c*x) = 0 on rows where x = 0) instead of 0 * Infinity = NaN.
    const unboundedPartial = code === OP_SQRT || code === OP_ASIN || code === OP_ACOS || code === OP_POW;
    const union = mergeDeps(da, db);
    const t = new Int32Array(union.length);
    for (let u = 0; u < union.length; u++) {
      const j = union[u];
      const ta = tangentOf(da, tan[ia], j);
      const tb = ib >= 0 ? tangentOf(db, tan[ib], j) : NONE;
      const terms = (ta !== NONE ? 1 : 0) + (tb !== NONE ? 1 : 0);
      // A lone term with partial 1 is the operand's tangent itself: share its local.
      if (terms === 1 && ta !== NONE && pa === ONE) {
        t[u] = ta;
        continue;
      }
      if (terms === 1 && tb !== NONE && pb === ONE) {
        t[u] = tb;
        continue;
      }
      let first = true;
      for (const [p, tj] of [
        [pa, ta],
        [pb, tb],
      ] as const) {
        if (tj === NONE) continue;
        if (p === NEG_ONE && !first) {
          getRef(tj);
          g.simd(F64X2_SUB);
          continue;
        }
        if (p === ONE) getRef(tj);
        else if (p === NEG_ONE) {
          getRef(tj);
          g.simd(F64X2_NEG);
        } else {
          g.get(p);
          if (tj !== ONE) {
            getRef(tj);
            g.simd(F64X2_MUL);
            if (unboundedPartial) {
              // A zero tangent contributes zero, even where the partial is infinite or NaN.
              getRef(tj);
              g.splat(0);
              g.simd(F64X2_EQ);
              g.simd(V128_ANDNOT);
            }
          }
        }
        if (!first) g.simd(F64X2_ADD);
        first = false;
      }
      t[u] = toLocal();
    }
    deps[i] = union;
    tan[i] = t;
  };

  // Loop-invariant instructions (and their tangents) once, before the loop.
  for (let i = 0; i < n; i++) if (!varying[i]) emitInstruction(i, -1);

  const nAcc = derivativeResultCount(k, mode);
  const acc = new Int32Array(nAcc);
  for (let q = 0; q < nAcc; q++) acc[q] = g.v128();
  const J = new Int32Array(k);
  for (let j = 0; j < k; j++) J[j] = g.v128();
  const wm = g.v128();
  const rm = g.v128();
  const wr = g.v128();
  const wJ = g.v128();
  const addTo = (q: number): void => {
    g.get(acc[q]);
    g.simd(F64X2_ADD);
    g.set(acc[q]);
  };

  emitRowLoop(g, pN, true, ({ off, mask }) => {
    for (let i = 0; i < n; i++) if (varying[i]) emitInstruction(i, off);
    const root = plan.root;
    // rm = (value - target) & mask; wm = w & mask (masked lanes become +0 everywhere below)
    g.get(val[root]);
    g.loadPair(pTarget, off);
    g.simd(F64X2_SUB);
    g.get(mask);
    g.simd(V128_AND);
    g.set(rm);
    g.get(pWeights);
    g.f.simdMem(V128_LOAD, 3, 0);
    g.get(mask);
    g.simd(V128_AND);
    g.tee(wm);
    g.get(rm);
    g.simd(F64X2_MUL);
    g.tee(wr);
    g.get(rm);
    g.simd(F64X2_MUL);
    addTo(0);
    const rootDeps = deps[root];
    for (let j = 0; j < k; j++) {
      const t = tangentOf(rootDeps, tan[root], j);
      getRef(t);
      g.get(mask);
      g.simd(V128_AND);
      g.tee(J[j]);
      g.get(wr);
      g.simd(F64X2_MUL);
      addTo(1 + j);
    }
    if (mode === 'normal') {
      let q = 1 + k;
      for (let i = 0; i < k; i++) {
        g.get(wm);
        g.get(J[i]);
        g.simd(F64X2_MUL);
        g.set(wJ);
        for (let j = i; j < k; j++) {
          g.get(wJ);
          g.get(J[j]);
          g.simd(F64X2_MUL);
          addTo(q++);
        }
      }
    }
    g.get(pWeights);
    g.get(pWstep);
    g.f.op(OP_I32_ADD);
    g.set(pWeights);
  });

  for (let q = 0; q < nAcc; q++) {
    g.get(pResult);
    g.get(acc[q]);
    g.f.simdLane(F64X2_EXTRACT_LANE, 0);
    g.get(acc[q]);
    g.f.simdLane(F64X2_EXTRACT_LANE, 1);
    g.f.op(OP_F64_ADD);
    g.f.mem(OP_F64_STORE, 3, 8 * q);
  }
}

/** The tangent for gradient position j in a (deps, tangents) pair, or NONE. */
function tangentOf(deps: Int32Array, tangents: Int32Array, j: number): number {
  // deps are short and sorted: a linear scan beats a map here.
  for (let u = 0; u < deps.length; u++) if (deps[u] === j) return tangents[u];
  return NONE;
}

function mergeDeps(x: Int32Array, y: Int32Array): Int32Array {
  if (y.length === 0) return x;
  if (x.length === 0) return y;
  const out = new Int32Array(x.length + y.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < x.length || j < y.length) {
    if (j >= y.length || (i < x.length && x[i] < y[j])) out[n++] = x[i++];
    else if (i >= x.length || y[j] < x[i]) out[n++] = y[j++];
    else {
      out[n++] = x[i++];
      j++;
    }
  }
  return out.subarray(0, n);
}
