/**
 * Identities between the terms of a sum, with any coefficients and any common factor R — what a
 * pattern with fixed coefficients cannot express. Runs at `add` nodes of the rule form
 * (ruleform.ts): each term is c·F with a number c and a list of factors F.
 *
 * Pythagorean family, for a fixed argument u and common factor R (terms a·sin²u·R, b·cos²u·R and
 * k·R, any of them possibly absent):
 *   sin² = 1 − cos²      →  (k + a)·R + (b − a)·cos²u·R
 *   cos² = 1 − sin²      →  (k + b)·R + (a − b)·sin²u·R
 *   double angle         →  (k + (a + b)/2)·R + ((b − a)/2)·cos(2u)·R
 * and likewise cosh² = 1 + sinh² (with cosh(2u) = cosh² + sinh²). The option leaving the fewest
 * terms is taken (a square or double-angle term counts 2, the R term 1, a constant 1/2), and
 * only when it leaves fewer than the sum had: 3·sin²x + 3·cos²x + y → 3 + y,
 * 2·sin²x + 3·cos²x → 2 + cos²x, 1 − sin²x → cos²x, cos²x − sin²x → cos(2x),
 * 2·cosh²x − 2·sinh²x → 2.
 * Exponential family: a·cosh(u)·R ± a·sinh(u)·R → a·exp(±u)·R, and back the other way
 * a·exp(u)·R ± a·exp(−u)·R → 2a·cosh(u)·R (or 2a·sinh(u)·R): each pair becomes one term.
 * A factor sin(u)^n with n > 2 counts as sin²u times sin(u)^(n−2) (so sin⁴ + sin²cos² → sin²).
 * Each is an identity for all real u, so the result equals the input wherever it is defined.
 * Linear in the number of terms (hash maps keyed by hash-consed terms).
 */
import { type Num, HALF, ONE, TWO, ZERO, numAdd, numMul, numNeg, numSub } from '../../numbers.js';
import { isNegativeForm, negateRuleForm } from './ruleform.js';
import { defaultStore } from '../../terms.js';
import { KIND_CALL, KIND_NUMBER, type Term } from '../store.js';

/** One argument of the sum: coefficient·unit, where unit is the product of `factors`. */
interface Part {
  readonly c: Num;
  readonly factors: readonly Term[];
  readonly unit: Term;
}

/** Members of a square group: coefficients and term indices (-1: absent). */
interface SquareGroup {
  readonly family: 'trig' | 'hyp';
  readonly u: Term;
  readonly r: Term;
  s: number;
  c: number;
}

interface ExpGroup {
  readonly kind: 'hyp' | 'exp';
  readonly u: Term;
  readonly r: Term;
  /** hyp: the cosh term; exp: the exp(u) term. */
  first: number;
  /** hyp: the sinh term; exp: the exp(-u) term. */
  second: number;
}

const ONE_TERM = defaultStore.number(ONE);
const TWO_TERM = defaultStore.integer(2);

function isZero(v: Num): boolean {
  return typeof v === 'number' ? v === 0 : v.n === 0n;
}

function unitOf(factors: readonly Term[]): Term {
  return factors.length === 0 ? ONE_TERM : factors.length === 1 ? factors[0] : defaultStore.call('mul', factors);
}

function partOf(t: Term): Part {
  if (t.kind === KIND_NUMBER) return { c: t.value, factors: [], unit: ONE_TERM };
  if (t.kind === KIND_CALL && t.op === 'mul') {
    const a0 = t.args[0];
    if (a0.kind === KIND_NUMBER) {
      const fs = t.args.slice(1);
      return { c: a0.value, factors: fs, unit: unitOf(fs) };
    }
    return { c: ONE, factors: t.args, unit: t };
  }
  return { c: ONE, factors: [t], unit: t };
}

/** `pow(g(u), n)` with g one of sin, cos, sinh, cosh and an exact integer n >= 2. */
function squareFactor(f: Term): { g: string; u: Term; n: bigint } | undefined {
  if (f.kind !== KIND_CALL || f.op !== 'pow') return undefined;
  const b = f.args[0];
  const e = f.args[1];
  if (b.kind !== KIND_CALL || e.kind !== KIND_NUMBER || typeof e.value === 'number') return undefined;
  if (e.value.d !== 1n || e.value.n < 2n) return undefined;
  const g = b.op;
  if (g !== 'sin' && g !== 'cos' && g !== 'sinh' && g !== 'cosh') return undefined;
  return { g, u: b.args[0], n: e.value.n };
}

/** The factors with `factors[j]` = g(u)^n lowered to g(u)^(n-2). */
function lowered(factors: readonly Term[], j: number, base: Term, n: bigint): Term[] {
  const out = factors.slice();
  if (n === 2n) out.splice(j, 1);
  else out[j] = n === 3n ? base : defaultStore.call2('pow', base, defaultStore.integer(n - 2n));
  return out;
}

function countNonzero(...xs: Num[]): number {
  let k = 0;
  for (const x of xs) if (!isZero(x)) k++;
  return k;
}

/** c·X as a term (nothing for c = 0). */
function scaled(c: Num, x: Term, out: Term[]): void {
  if (isZero(c)) return;
  if (x === ONE_TERM) out.push(defaultStore.number(c));
  else if (c === ONE || (typeof c !== 'number' && c.n === 1n && c.d === 1n)) out.push(x);
  else out.push(defaultStore.call2('mul', defaultStore.number(c), x));
}

function times(a: Term, r: Term): Term {
  return r === ONE_TERM ? a : defaultStore.call2('mul', a, r);
}

/**
 * The sum-identity rewriter (see the file comment): the rewritten sum, or undefined when no
 * identity reduces the number of terms.
 */
export function trigSums(t: Term): Term | undefined {
  if (t.kind !== KIND_CALL || t.op !== 'add') return undefined;
  const args = t.args;
  const n = args.length;
  // Quick reject: some argument must hold sin/cos/sinh/cosh.
  let any = false;
  for (let i = 0; i < n && !any; i++) any = mentionsTrig(args[i]);
  if (!any) return undefined;

  const parts = args.map(partOf);
  const byUnit = new Map<Term, number>();
  for (let i = 0; i < n; i++) if (!byUnit.has(parts[i].unit)) byUnit.set(parts[i].unit, i);

  const squares = new Map<string, SquareGroup>();
  const exps = new Map<string, ExpGroup>();
  const order: (SquareGroup | ExpGroup)[] = [];
  for (let i = 0; i < n; i++) {
    const fs = parts[i].factors;
    for (let j = 0; j < fs.length; j++) {
      const f = fs[j];
      const sq = squareFactor(f);
      if (sq !== undefined) {
        const family = sq.g === 'sin' || sq.g === 'cos' ? 'trig' : 'hyp';
        const r = unitOf(lowered(fs, j, f.args[0], sq.n));
        const key = `${family}|${sq.u.id}|${r.id}`;
        let grp = squares.get(key);
        if (grp === undefined) {
          grp = { family, u: sq.u, r, s: -1, c: -1 };
          squares.set(key, grp);
          order.push(grp);
        }
        if (sq.g === 'sin' || sq.g === 'sinh') {
          if (grp.s < 0) grp.s = i;
        } else if (grp.c < 0) grp.c = i;
        continue;
      }
      if (f.kind === KIND_CALL && (f.op === 'cosh' || f.op === 'sinh' || f.op === 'exp')) {
        const rest = fs.slice();
        rest.splice(j, 1);
        const r = unitOf(rest);
        const kind = f.op === 'exp' ? 'exp' : 'hyp';
        let u = f.args[0];
        let first = f.op !== 'sinh';
        if (kind === 'exp' && isNegativeForm(u, false)) {
          u = negateRuleForm(u);
          first = false;
        }
        const key = `${kind}|${u.id}|${r.id}`;
        let grp = exps.get(key);
        if (grp === undefined) {
          grp = { kind, u, r, first: -1, second: -1 };
          exps.set(key, grp);
          order.push(grp);
        }
        if (first) {
          if (grp.first < 0) grp.first = i;
        } else if (grp.second < 0) grp.second = i;
      }
    }
  }

  const used = new Uint8Array(n);
  const added: Term[] = [];
  let changed = false;
  const coeff = (i: number): Num => (i < 0 ? ZERO : parts[i].c);
  for (const grp of order) {
    if ('first' in grp) {
      if (grp.first < 0 || grp.second < 0 || used[grp.first] || used[grp.second]) continue;
      const a = coeff(grp.first);
      const b = coeff(grp.second);
      const plus = sameNum(a, b);
      if (!plus && !sameNum(a, numNeg(b))) continue;
      let e: Term;
      let c = a;
      if (grp.kind === 'hyp') e = defaultStore.call1('exp', plus ? grp.u : negateRuleForm(grp.u));
      else {
        e = defaultStore.call1(plus ? 'cosh' : 'sinh', grp.u);
        c = numMul(TWO, a);
      }
      used[grp.first] = used[grp.second] = 1;
      scaled(c, times(e, grp.r), added);
      changed = true;
      continue;
    }
    if (grp.s < 0 && grp.c < 0) continue;
    const kIndex = byUnit.get(grp.r) ?? -1;
    if ((grp.s >= 0 && used[grp.s]) || (grp.c >= 0 && used[grp.c]) || (kIndex >= 0 && used[kIndex])) continue;
    // The R term must not be one of the members (R never contains its own square).
    if (kIndex === grp.s || kIndex === grp.c) continue;
    const a = coeff(grp.s);
    const b = coeff(grp.c);
    const k = coeff(kIndex);
    // Weigh the options by the terms they leave: a square (or cos(2u)) term counts 2, the R
    // term 1, and R = 1 (a constant) 1/2.
    const kw = grp.r === ONE_TERM ? 0.5 : 1;
    const weight = (kk: Num, x: Num, y: Num = ZERO): number => (isZero(kk) ? 0 : kw) + 2 * countNonzero(x, y);
    const before = weight(k, a, b);
    const trig = grp.family === 'trig';
    // Options (see the file comment), in order of preference on ties.
    const k1 = trig ? numAdd(k, a) : numSub(k, a);
    const c1 = trig ? numSub(b, a) : numAdd(b, a);
    const k2 = numAdd(k, b);
    const s2 = trig ? numSub(a, b) : numAdd(a, b);
    const k3 = numAdd(k, numMul(HALF, trig ? numAdd(a, b) : numSub(b, a)));
    const d3 = numMul(HALF, trig ? numSub(b, a) : numAdd(a, b));
    const n1 = weight(k1, c1);
    const n2 = weight(k2, s2);
    const n3 = weight(k3, d3);
    const best = Math.min(n1, n2, n3);
    if (best >= before) continue;
    const sinU = defaultStore.call1(trig ? 'sin' : 'sinh', grp.u);
    const cosU = defaultStore.call1(trig ? 'cos' : 'cosh', grp.u);
    if (grp.s >= 0) used[grp.s] = 1;
    if (grp.c >= 0) used[grp.c] = 1;
    if (kIndex >= 0) used[kIndex] = 1;
    if (best === n1) {
      scaled(k1, grp.r, added);
      scaled(c1, times(defaultStore.call2('pow', cosU, TWO_TERM), grp.r), added);
    } else if (best === n2) {
      scaled(k2, grp.r, added);
      scaled(s2, times(defaultStore.call2('pow', sinU, TWO_TERM), grp.r), added);
    } else {
      scaled(k3, grp.r, added);
      const double = defaultStore.call1(trig ? 'cos' : 'cosh', defaultStore.call2('mul', TWO_TERM, grp.u));
      scaled(d3, times(double, grp.r), added);
    }
    changed = true;
  }
  if (!changed) return undefined;
  const out: Term[] = [];
  for (let i = 0; i < n; i++) if (!used[i]) out.push(args[i]);
  for (const x of added) out.push(x);
  if (out.length === 0) return defaultStore.integer(0);
  return out.length === 1 ? out[0] : defaultStore.call('add', out);
}

function sameNum(a: Num, b: Num): boolean {
  if (typeof a === 'number' || typeof b === 'number') return typeof a === 'number' && typeof b === 'number' && a === b;
  return a.n === b.n && a.d === b.d;
}

/** Whether `t` (a sum argument) has sin/cos/sinh/cosh at its top or among its factors. */
function mentionsTrig(t: Term): boolean {
  if (t.kind !== KIND_CALL) return false;
  if (t.op === 'mul') {
    for (const f of t.args) if (isTrigFactor(f)) return true;
    return false;
  }
  return isTrigFactor(t);
}

function isTrigFactor(f: Term): boolean {
  const g = f.kind === KIND_CALL && f.op === 'pow' ? f.args[0] : f;
  if (g.kind !== KIND_CALL) return false;
  return g.op === 'sin' || g.op === 'cos' || g.op === 'sinh' || g.op === 'cosh' || g.op === 'exp';
}
