/**
 * Displays of a normal-form term as a plain term, chosen for a measure:
 *   'readable'  written as people write formulas: powers as `x^2`, negative powers in a
 *               denominator (`x/y^2`); otherwise fewest nodes (`1/2*m*v^2`, but `x/2` rather
 *               than `1/2*x` when equally small, a positive leading coefficient where free);
 *   'size'      fewest nodes, then lowest operator cost;
 *   'cost'      lowest operator cost (the CPU-cycle table of operators.ts), then fewest nodes.
 * `simplify` returns the readable one when it is no larger than its input, else the better of
 * the other two that is (see `choose` in engine.ts).
 *
 * Options are measured without building anything (`measureLayout`, `bestArrangement`); only the
 * chosen plan is built into terms (`materialize`), which keeps the garbage per call low.
 *
 * Choices, made bottom-up per node; each is an exact identity, and each display converts back to
 * the same normal form (`toNormal(display(n, obj)) === n`):
 *   - a rational coefficient as one literal (`2/3*x`) or split (`2*x/3`);
 *   - negative exponents in a denominator (`x/y`, cost 24) or as powers (`x*y^-1`, cost 100);
 *   - small integer and half-integer powers as repeated products (`x*x`, `x*sqrt(x)`: `*` costs
 *     3 and `sqrt` 1 where `^` costs 100) or as one power (`x^2`: fewer nodes);
 *   - a sum with exact coefficients distributed (`3*x + 3*y`) or with its content factored out
 *     (`3*(x + y)`); a negative coefficient absorbed by a sum raised to an odd power
 *     (`2*(1 - x)` rather than `-2*(x - 1)`);
 *   - factors the normal form keeps apart for canonicity put back together: a radical of a sum
 *     and an integer power of its negation ((1 - x)^(1/2)·(x - 1)^-1 → -(1 - x)^(-1/2)), a
 *     radical of a product and integer powers of its factors (sqrt(G·m)·G^-1·m^-1 →
 *     1/sqrt(G·m)), number radicals and the coefficient (sqrt(2)/2 → 1/sqrt(2)), and radicals
 *     of positive constants with one exponent (1/(sqrt(2)·sqrt(pi)) → 1/sqrt(2·pi)).
 * Iterative over the DAG of the normal form (any depth); a shared subterm is displayed once.
 */
import { type Num, ONE, type Rational, exactRoot, gcd, numIsNegative, numMul, numNeg, rational } from '../../numbers.js';
import { NK_ADD, NK_CALL, NK_MUL, NK_NUMBER, NK_POW, NK_SYMBOL, type NTerm } from '../../normal.js';
import { OPERATORS } from '../../operators.js';
import { defaultStore } from '../../terms.js';
import { KIND_NUMBER, type Term } from '../store.js';

/** Which measure a display minimizes (see the file comment). */
export type Objective = 'readable' | 'size' | 'cost';

/**
 * A display under construction: its tree size and operator cost, and how to build it. Options
 * are compared on these numbers; only the chosen plan is built into terms (`materialize`).
 */
interface Shown {
  readonly size: number;
  readonly cost: number;
  /** A term already built (leaves, and the displays of shared subterms once built). */
  readonly term: Term | undefined;
  readonly op: string;
  readonly args: readonly Shown[];
}

/** Size and cost of a display. */
interface Measure {
  size: number;
  cost: number;
}

/** A layout of a product chosen by measurement (see `bestArrangement`). */
interface Arrangement extends Measure {
  /** The factor whose sum absorbs the coefficient's sign, or -1. */
  readonly flipAt: number;
  /** The coefficient after the flip. */
  readonly cc: Num;
  readonly split: boolean;
  readonly den: boolean;
  /** The common exponent of grouped factors, or 0 (no grouping). */
  readonly d: bigint;
}

/** Which factors a layout takes: all, those grouped by d (exponents divided), the others. */
const SEL_ALL = 0;
const SEL_IN = 1;
const SEL_OUT = 2;

/** How a power is shown (measurePower). */
const POW_SELF = 0;
const POW_SQRT = 1;
const POW_POWER = 2;
const POW_REPEAT = 3;

/** Results of the measuring helpers (no allocation on the hot path). */
const scratch: Measure = { size: 0, cost: 0 };
const power = { kind: POW_SELF, count: 0, size: 0, cost: 0 };

function setPower(kind: number, count: number, size: number, cost: number): void {
  power.kind = kind;
  power.count = count;
  power.size = size;
  power.cost = cost;
}

/** Candidate common exponents d >= 2: those shared by two or more integer powers. */
function groupDivisors(fs: readonly { e: Rational }[]): bigint[] {
  let count = 0;
  for (const f of fs) if (f.e.d === 1n && (f.e.n >= 2n || f.e.n <= -2n)) count++;
  if (count < 2) return NO_DIVISORS;
  const out: bigint[] = [];
  for (const f of fs) {
    if (f.e.d !== 1n) continue;
    const m = f.e.n < 0n ? -f.e.n : f.e.n;
    if (m < 2n || out.includes(m)) continue;
    let k = 0;
    for (const g of fs) if (g.e.d === 1n && g.e.n % m === 0n) k++;
    if (k >= 2) out.push(m);
  }
  return out;
}
const NO_DIVISORS: bigint[] = [];

/** Whether some factor stays outside a group by d. */
function hasOuter(fs: readonly { e: Rational }[], d: bigint): boolean {
  for (const f of fs) if (!(f.e.d === 1n && f.e.n % d === 0n)) return true;
  return false;
}

/** The coefficient inside a group power (an exact d-th root, or 1) and the one left outside. */
function groupCoefficients(c: Num, d: bigint): { cIn: Num; cOut: Num; root: boolean } {
  const root = typeof c === 'number' ? undefined : exactRootRat(c, d);
  if (root === undefined) return { cIn: ONE, cOut: c, root: false };
  return { cIn: root, cOut: d % 2n === 0n && numIsNegative(c) ? rational(-1n, 1n) : ONE, root: true };
}

/** A factor b^e of a product being displayed. */
interface Factor {
  base: Shown;
  e: Rational;
  /** The NF base when it is a term of the normal form (undefined for synthetic bases). */
  readonly n: NTerm | undefined;
}

const C_ADD = OPERATORS.get('add')!.cost;
const C_SUB = OPERATORS.get('sub')!.cost;
const C_MUL = OPERATORS.get('mul')!.cost;
const C_DIV = OPERATORS.get('div')!.cost;
const C_POW = OPERATORS.get('pow')!.cost;
const C_NEG = OPERATORS.get('neg')!.cost;
const C_SQRT = OPERATORS.get('sqrt')!.cost;

/** Largest n for which b^n may be shown as n copies of b. */
const MAX_REPEAT = 4;
/** Sums of a product tried for absorbing its negative coefficient. */
const MAX_FLIPS = 4;
/** Products with more factors than this skip the (quadratic) regrouping of factors. */
const MAX_REGROUP = 64;

const NO_ARGS: readonly Shown[] = [];

function opCost(op: string): number {
  return OPERATORS.get(op)?.cost ?? 1;
}

function leaf(t: Term): Shown {
  return { size: 1, cost: 1, term: t, op: '', args: NO_ARGS };
}

function num(v: Num): Shown {
  return leaf(defaultStore.number(v));
}

function call1(op: string, cost: number, a: Shown): Shown {
  return { size: a.size + 1, cost: a.cost + cost, term: undefined, op, args: [a] };
}

function call2(op: string, cost: number, a: Shown, b: Shown): Shown {
  return { size: a.size + b.size + 1, cost: a.cost + b.cost + cost, term: undefined, op, args: [a, b] };
}

function callN(op: string, cost: number, xs: readonly Shown[]): Shown {
  let size = 1;
  let c = cost;
  for (let i = 0; i < xs.length; i++) {
    size += xs[i].size;
    c += xs[i].cost;
  }
  return { size, cost: c, term: undefined, op, args: xs };
}

/** Builds the terms of a plan (iterative; shared sub-plans are built once). */
function materialize(root: Shown): Term {
  if (root.term !== undefined) return root.term;
  const built = new Map<Shown, Term>();
  const stack: Shown[] = [root];
  while (stack.length > 0) {
    const p = stack[stack.length - 1];
    if (p.term !== undefined || built.has(p)) {
      stack.pop();
      continue;
    }
    let pending = false;
    for (let i = p.args.length - 1; i >= 0; i--) {
      const a = p.args[i];
      if (a.term === undefined && !built.has(a)) {
        stack.push(a);
        pending = true;
      }
    }
    if (pending) continue;
    stack.pop();
    const args: Term[] = new Array(p.args.length);
    for (let i = 0; i < args.length; i++) {
      const a = p.args[i];
      args[i] = a.term ?? built.get(a)!;
    }
    built.set(p, args.length === 1 ? defaultStore.call1(p.op, args[0]) : args.length === 2 ? defaultStore.call2(p.op, args[0], args[1]) : defaultStore.call(p.op, args));
  }
  return built.get(root)!;
}

function totals(items: readonly Shown[]): { size: number; cost: number } {
  let size = 0;
  let cost = 0;
  for (const x of items) {
    size += x.size;
    cost += x.cost;
  }
  return { size, cost };
}

function isExactOne(v: Num): boolean {
  return typeof v !== 'number' && v.n === 1n && v.d === 1n;
}

function isMinusOne(v: Num): boolean {
  return typeof v !== 'number' && v.n === -1n && v.d === 1n;
}

function isZeroNum(v: Num): boolean {
  return typeof v === 'number' ? v === 0 : v.n === 0n;
}

function isIntegerRat(r: Rational): boolean {
  return r.d === 1n;
}

function addRat(a: Rational, b: Rational): Rational {
  return rational(a.n * b.d + b.n * a.d, a.d * b.d);
}

/** The display of `root` that is best for `obj`. */
export function display(root: NTerm, obj: Objective): Term {
  return materialize(new Displayer(obj).show(root));
}

class Displayer {
  private readonly memo = new Map<NTerm, Shown>();
  private readonly negMemo = new Map<NTerm, Shown>();

  constructor(private readonly obj: Objective) {}

  /**
   * Whether a is strictly better than b for the objective (ties go to b, listed first). For
   * 'readable' only size counts: ties go to the more conventional option.
   */
  private better(a: Measure, b: Measure): boolean {
    if (this.obj === 'readable') return a.size < b.size;
    if (this.obj === 'cost') return a.cost !== b.cost ? a.cost < b.cost : a.size < b.size;
    return a.size !== b.size ? a.size < b.size : a.cost < b.cost;
  }

  show(root: NTerm): Shown {
    const memo = this.memo;
    const stack: NTerm[] = [root];
    while (stack.length > 0) {
      const u = stack[stack.length - 1];
      if (memo.has(u)) {
        stack.pop();
        continue;
      }
      let pending = false;
      const cs = u.children;
      for (let i = cs.length - 1; i >= 0; i--) {
        if (!memo.has(cs[i])) {
          stack.push(cs[i]);
          pending = true;
        }
      }
      if (pending) continue;
      stack.pop();
      memo.set(u, this.node(u));
    }
    return memo.get(root)!;
  }

  private node(u: NTerm): Shown {
    switch (u.kind) {
      case NK_NUMBER:
        return num(u.value);
      case NK_SYMBOL:
        return leaf(defaultStore.symbol(u.name));
      case NK_POW:
        return call2('pow', C_POW, this.memo.get(u.children[0])!, this.memo.get(u.children[1])!);
      case NK_CALL:
        return callN(u.name, opCost(u.name), u.children.map((c) => this.memo.get(c)!));
      case NK_MUL:
        return this.product(u.value, u.children, u.nums as readonly Rational[]);
      case NK_ADD:
        return this.sum(u.value, u.children, u.nums);
    }
  }

  /** -A for a sum A of the normal form, displayed. */
  private negatedSum(a: NTerm): Shown {
    let s = this.negMemo.get(a);
    if (s === undefined) {
      s = this.sum(numNeg(a.value), a.children, a.nums.map(numNeg));
      this.negMemo.set(a, s);
    }
    return s;
  }

  /** c·Π b_i^e_i. */
  private product(c0: Num, bases: readonly NTerm[], exps: readonly Rational[]): Shown {
    const fs: Factor[] = new Array(bases.length);
    let radicals = false;
    let scalable = false;
    for (let i = 0; i < bases.length; i++) {
      const e = exps[i];
      fs[i] = { base: this.memo.get(bases[i])!, e, n: bases[i] };
      if (e.d !== 1n) radicals = true;
      else if ((e.n === 1n || e.n === -1n) && bases[i].kind === NK_ADD && hasNonUnitCoefficient(bases[i])) scalable = true;
    }
    if (!radicals && !scalable) return this.arrange(c0, fs);
    // Variants of the factor list (each an identity), then the best arrangement of each.
    const variants: { c: Num; fs: Factor[] }[] = [];
    if (radicals && fs.length <= MAX_REGROUP) {
      const r = fs.map((f) => ({ ...f }));
      const c = this.regroup(c0, r);
      variants.push({ c, fs: r });
      const folded = this.foldNumberRadicals(c, r);
      if (folded !== undefined) variants.push(folded);
    } else variants.push({ c: c0, fs });
    if (scalable && typeof c0 !== 'number') {
      const n = variants.length;
      for (let v = 0; v < n; v++) {
        const scaled = this.scaleSums(variants[v].c as Rational, variants[v].fs);
        if (scaled !== undefined) variants.push(scaled);
      }
    }
    let best: Arrangement | undefined;
    let bestAt = 0;
    for (let v = 0; v < variants.length; v++) {
      const a = this.bestArrangement(variants[v].c, variants[v].fs);
      if (best === undefined || this.better(a, best)) {
        best = a;
        bestAt = v;
      }
    }
    return this.buildArrangement(variants[bestAt].c, variants[bestAt].fs, best!);
  }

  /** The best arrangement of c·Π factors, built. */
  private arrange(c: Num, fs: readonly Factor[]): Shown {
    return this.buildArrangement(c, fs, this.bestArrangement(c, fs));
  }

  /**
   * The best layout of c·Π factors, measured without building anything. Options: the
   * coefficient as a literal or split into numerator and denominator; a negative coefficient
   * kept or absorbed by a sum with an odd exponent; negative exponents in a denominator or as
   * powers; factors with a common exponent d grouped into one power ((a/b)^2). The first
   * listed wins ties (see `better`).
   */
  private bestArrangement(c: Num, fs: readonly Factor[]): Arrangement {
    const readable = this.obj === 'readable';
    let hasNegative = false;
    for (const f of fs) if (f.e.n < 0n) hasNegative = true;
    const groups = groupDivisors(fs);
    let best: Arrangement | undefined;
    const consider = (flipAt: number, flipBase: Shown | undefined, cc: Num, split: boolean, den: boolean, d: bigint): void => {
      if (d === 0n) this.measureLayout(cc, fs, split, den, flipAt, flipBase, SEL_ALL, 0n, -1, 0);
      else if (!this.measureGrouped(cc, fs, flipAt, flipBase, d)) return;
      if (best === undefined || this.better(scratch, best)) best = { size: scratch.size, cost: scratch.cost, flipAt, cc, split, den, d };
    };
    // Flips: each sum with an odd exponent may absorb a negative coefficient (-1: no flip).
    let flips = 0;
    for (let flipAt = numIsNegative(c) ? 0 : fs.length; flipAt <= fs.length; flipAt++) {
      const f = fs[flipAt];
      const at = flipAt === fs.length ? -1 : flipAt;
      if (at >= 0 && !(f.n !== undefined && f.n.kind === NK_ADD && isIntegerRat(f.e) && (f.e.n & 1n) === 1n && flips++ < MAX_FLIPS)) continue;
      const flipBase = at >= 0 ? this.negatedSum(f.n!) : undefined;
      const cc = at >= 0 ? numNeg(c) : c;
      const splittable = typeof cc !== 'number' && cc.d !== 1n;
      for (let k = 0; k < (splittable ? 2 : 1); k++) {
        const split = splittable && (k === 0) === readable;
        // Readable: negative exponents always in a denominator (x/y^2, not x*y^-2).
        for (let d = 0; d < (readable || !hasNegative ? 1 : 2); d++) consider(at, flipBase, cc, split, d === 0, 0n);
      }
      for (const d of groups) consider(at, flipBase, cc, readable, true, d);
    }
    return best!;
  }

  /** Builds the plan of an arrangement chosen by `bestArrangement`. */
  private buildArrangement(c: Num, fs: readonly Factor[], a: Arrangement): Shown {
    void c;
    const flipBase = a.flipAt >= 0 ? this.negatedSum(fs[a.flipAt].n!) : undefined;
    if (a.d === 0n) return this.buildLayout(a.cc, fs, a.split, a.den, a.flipAt, flipBase, SEL_ALL, 0n, undefined);
    const { cIn, cOut } = groupCoefficients(a.cc, a.d);
    const body = this.buildLayout(cIn, fs, this.obj === 'readable', true, a.flipAt, flipBase, SEL_IN, a.d, undefined);
    const power = call2('pow', C_POW, body, num(rational(a.d, 1n)));
    if (isExactOne(cOut) && !hasOuter(fs, a.d)) return power;
    return this.buildLayout(cOut, fs, this.obj === 'readable', true, a.flipAt, flipBase, SEL_OUT, a.d, power);
  }

  /**
   * Measures factors grouped by the divisor d into scratch (size, cost); false when grouping
   * by d has nothing to gain (fewer than two factors and no coefficient root inside).
   */
  private measureGrouped(c: Num, fs: readonly Factor[], flipAt: number, flipBase: Shown | undefined, d: bigint): boolean {
    const { cIn, cOut, root } = groupCoefficients(c, d);
    let inside = 0;
    for (const f of fs) if (f.e.d === 1n && f.e.n % d === 0n) inside++;
    if (inside < 2 && !root) return false;
    this.measureLayout(cIn, fs, this.obj === 'readable', true, flipAt, flipBase, SEL_IN, d, -1, 0);
    const ps = scratch.size + 2;
    const pc = scratch.cost + C_POW + 1;
    if (isExactOne(cOut) && !hasOuter(fs, d)) {
      scratch.size = ps;
      scratch.cost = pc;
    } else this.measureLayout(cOut, fs, this.obj === 'readable', true, flipAt, flipBase, SEL_OUT, d, ps, pc);
    return true;
  }

  /**
   * Size and cost of b^(n/m) (n, m > 0) shown inside a product, into `power`: as b, sqrt(b), one
   * power, or n copies of b (and a sqrt) when that is better for the objective.
   */
  private measurePower(b: Shown, n: bigint, m: bigint): void {
    if (m === 1n && n === 1n) return setPower(POW_SELF, 1, b.size, b.cost);
    if (m === 2n && n === 1n) return setPower(POW_SQRT, 1, b.size + 1, b.cost + C_SQRT);
    const powSize = b.size + 2;
    const powCost = b.cost + C_POW + 1;
    setPower(POW_POWER, 1, powSize, powCost);
    if (this.obj === 'readable') return;
    const whole = m === 1n ? n : m === 2n ? (n - 1n) / 2n : -1n;
    if (whole < 1n || whole > BigInt(MAX_REPEAT)) return;
    const w = Number(whole);
    const half = m === 2n;
    const rs = w * b.size + (half ? b.size + 1 : 0);
    const rc = w * b.cost + (half ? b.cost + C_SQRT : 0);
    const better = this.obj === 'cost' ? rc < powCost || (rc === powCost && rs < powSize) : rs < powSize || (rs === powSize && rc < powCost);
    if (better) setPower(POW_REPEAT, w + (half ? 1 : 0), rs, rc);
  }

  /** The items of b^(n/m) chosen by `measurePower`. */
  private pushPower(b: Shown, n: bigint, m: bigint, out: Shown[]): void {
    this.measurePower(b, n, m);
    switch (power.kind) {
      case POW_SELF:
        out.push(b);
        return;
      case POW_SQRT:
        out.push(call1('sqrt', C_SQRT, b));
        return;
      case POW_POWER:
        out.push(call2('pow', C_POW, b, num(rational(n, m))));
        return;
      default: {
        const w = m === 1n ? Number(n) : Number((n - 1n) / 2n);
        for (let i = 0; i < w; i++) out.push(b);
        if (m === 2n) out.push(call1('sqrt', C_SQRT, b));
      }
    }
  }

  /**
   * Measures one layout of a product into `scratch` (the same walk as `buildLayout`, counting
   * instead of building). `sel` picks the factors (all, those grouped by d with exponents
   * divided by d, or the others); `extraSize >= 0` adds one more numerator item.
   */
  private measureLayout(
    c: Num,
    fs: readonly Factor[],
    split: boolean,
    useDen: boolean,
    flipAt: number,
    flipBase: Shown | undefined,
    sel: number,
    d: bigint,
    extraSize: number,
    extraCost: number,
  ): void {
    let nCount = 0;
    let nSize = 0;
    let nCost = 0;
    let dCount = 0;
    let dSize = 0;
    let dCost = 0;
    let negate = false;
    if (typeof c === 'number') {
      nCount++;
      nSize++;
      nCost++;
    } else if (c.d === 1n && c.n === -1n) negate = true;
    else if (!(c.d === 1n && c.n === 1n)) {
      if (split && c.d !== 1n) {
        if (c.n === -1n) negate = true;
        else if (c.n !== 1n) {
          nCount++;
          nSize++;
          nCost++;
        }
        dCount++;
        dSize++;
        dCost++;
      } else {
        nCount++;
        nSize++;
        nCost++;
      }
    }
    for (let i = 0; i < fs.length; i++) {
      const f = fs[i];
      let en = f.e.n;
      const ed = f.e.d;
      if (sel !== SEL_ALL) {
        const inGroup = ed === 1n && en % d === 0n;
        if ((sel === SEL_IN) !== inGroup) continue;
        if (sel === SEL_IN) en /= d;
      }
      const b = i === flipAt ? flipBase! : f.base;
      if (en > 0n) {
        this.measurePower(b, en, ed);
        nCount += power.count;
        nSize += power.size;
        nCost += power.cost;
      } else if (useDen) {
        this.measurePower(b, -en, ed);
        dCount += power.count;
        dSize += power.size;
        dCost += power.cost;
      } else {
        nCount++;
        nSize += b.size + 2;
        nCost += b.cost + C_POW + 1;
      }
    }
    if (extraSize >= 0) {
      nCount++;
      nSize += extraSize;
      nCost += extraCost;
    }
    let size = nCount === 0 ? 1 : nCount === 1 ? nSize : nSize + 1;
    let cost = nCount === 0 ? 1 : nCount === 1 ? nCost : nCost + C_MUL;
    if (dCount > 0) {
      size += 1 + dSize + (dCount > 1 ? 1 : 0);
      cost += C_DIV + dCost + (dCount > 1 ? C_MUL : 0);
    }
    if (negate) {
      size++;
      cost += C_NEG;
    }
    scratch.size = size;
    scratch.cost = cost;
  }

  /** Builds one layout of a product (see `measureLayout`). */
  private buildLayout(
    c: Num,
    fs: readonly Factor[],
    split: boolean,
    useDen: boolean,
    flipAt: number,
    flipBase: Shown | undefined,
    sel: number,
    d: bigint,
    extra: Shown | undefined,
  ): Shown {
    const numer: Shown[] = [];
    let den: Shown[] | undefined;
    let negate = false;
    if (typeof c === 'number') numer.push(num(c));
    else if (c.d === 1n && c.n === -1n) negate = true;
    else if (!(c.d === 1n && c.n === 1n)) {
      if (split && c.d !== 1n) {
        if (c.n === -1n) negate = true;
        else if (c.n !== 1n) numer.push(num(rational(c.n, 1n)));
        (den ??= []).push(num(rational(c.d, 1n)));
      } else numer.push(num(c));
    }
    for (let i = 0; i < fs.length; i++) {
      const f = fs[i];
      let en = f.e.n;
      const ed = f.e.d;
      if (sel !== SEL_ALL) {
        const inGroup = ed === 1n && en % d === 0n;
        if ((sel === SEL_IN) !== inGroup) continue;
        if (sel === SEL_IN) en /= d;
      }
      const b = i === flipAt ? flipBase! : f.base;
      if (en > 0n) this.pushPower(b, en, ed, numer);
      else if (useDen) this.pushPower(b, -en, ed, (den ??= []));
      else numer.push(call2('pow', C_POW, b, num(rational(en, ed))));
    }
    if (extra !== undefined) numer.push(extra);
    let body = numer.length === 0 ? num(ONE) : numer.length === 1 ? numer[0] : callN('mul', C_MUL, numer);
    if (den !== undefined) body = call2('div', C_DIV, body, den.length === 1 ? den[0] : callN('mul', C_MUL, den));
    return negate ? call1('neg', C_NEG, body) : body;
  }

  /**
   * Sums raised to ±1 scaled by a number k taken out into the coefficient: (2·a - 2·b - c)/m →
   * 2·(a - b - c/2)/m. Candidates: each |coefficient| of the sum; the best per sum.
   */
  private scaleSums(c: Rational, fs: readonly Factor[]): { c: Num; fs: Factor[] } | undefined {
    let cur = { c: c as Num, fs: fs.slice() };
    let changed = false;
    for (let i = 0; i < cur.fs.length; i++) {
      const f = cur.fs[i];
      const a = f.n;
      if (a === undefined || a.kind !== NK_ADD || f.e.d !== 1n || (f.e.n !== 1n && f.e.n !== -1n)) continue;
      let best: Measure = this.bestArrangement(cur.c, cur.fs);
      let pick: { c: Num; fs: Factor[] } | undefined;
      const tried = new Set<string>();
      for (const k0 of [a.value, ...a.nums]) {
        if (typeof k0 === 'number') return undefined;
        if (k0.n === 0n) continue;
        const k = k0.n < 0n ? (numNeg(k0) as Rational) : k0;
        const key = k.toString();
        if (isExactOne(k) || tried.has(key)) continue;
        tried.add(key);
        const inv = rational(k.d, k.n);
        const base = this.sum(numMul(a.value, inv), a.children, a.nums.map((x) => numMul(x, inv)));
        const nc = f.e.n === 1n ? numMul(cur.c, k) : numMul(cur.c, inv);
        const nfs = cur.fs.slice();
        nfs[i] = { base, e: f.e, n: undefined };
        const s = this.bestArrangement(nc, nfs);
        if (this.better(s, best)) {
          best = s;
          pick = { c: nc, fs: nfs };
        }
      }
      if (pick !== undefined) {
        cur = pick;
        changed = true;
      }
    }
    return changed ? cur : undefined;
  }

  /**
   * A radical of a sum with a number radical of the same root folded in: 3^(-1/2)·A^(1/2) →
   * (A/3)^(1/2). Undefined when there is nothing to fold.
   */
  private foldNumberRadicals(c: Num, fs: readonly Factor[]): { c: Num; fs: Factor[] } | undefined {
    const out = fs.slice();
    let changed = false;
    for (let i = 0; i < out.length; i++) {
      const a = out[i].n;
      const r = out[i].e;
      if (a === undefined || a.kind !== NK_ADD || r.d === 1n || hasFloat(a)) continue;
      for (let j = 0; j < out.length; j++) {
        const k = out[j].n;
        if (j === i || k === undefined || k.kind !== NK_NUMBER || typeof k.value === 'number' || k.value.n <= 0n) continue;
        // k^f with f = m·r for an integer m: A^r·k^(m·r) = (A·k^m)^r for k > 0.
        const q = rational(out[j].e.n * r.d, out[j].e.d * r.n);
        if (q.d !== 1n || (q.n !== 1n && q.n !== -1n)) continue;
        const scale = q.n === 1n ? k.value : rational(k.value.d, k.value.n);
        out[i] = { base: this.sum(numMul(a.value, scale), a.children, a.nums.map((x) => numMul(x, scale))), e: r, n: undefined };
        out.splice(j, 1);
        if (j < i) i--;
        changed = true;
        break;
      }
    }
    return changed ? { c, fs: out } : undefined;
  }

  /**
   * Puts back together factors the normal form keeps apart (see the file comment). Mutates
   * `fs`; returns the new coefficient.
   */
  private regroup(c: Num, fs: Factor[]): Num {
    // (1) A radical of a sum times an integer power of its negation.
    for (let i = 0; i < fs.length; i++) {
      const fi = fs[i];
      if (fi.n === undefined || fi.n.kind !== NK_ADD || !isIntegerRat(fi.e)) continue;
      const j = fs.findIndex((g) => g !== fi && g.n !== undefined && g.n.kind === NK_ADD && !isIntegerRat(g.e) && isNegation(g.n, fi.n!));
      if (j < 0) continue;
      fs[j].e = addRat(fs[j].e, fi.e);
      if ((fi.e.n & 1n) === 1n) c = numNeg(c);
      fs.splice(i, 1);
      i = -1;
    }
    // (2) A radical of a product times integer powers of its factors, all in one proportion m.
    for (let i = 0; i < fs.length; i++) {
      const p = fs[i].n;
      if (p === undefined || p.kind !== NK_MUL || isIntegerRat(fs[i].e)) continue;
      if (!isExactOne(p.value) && !isMinusOne(p.value)) continue;
      let m: bigint | undefined;
      const hits: number[] = [];
      for (let k = 0; k < p.children.length; k++) {
        const j = fs.findIndex((g) => g.n === p.children[k]);
        const g = p.nums[k] as Rational;
        if (j < 0) break;
        // e_j = m·g for an integer m.
        const q = rational(fs[j].e.n * g.d, fs[j].e.d * g.n);
        if (q.d !== 1n || (m !== undefined && q.n !== m)) break;
        m = q.n;
        hits.push(j);
      }
      if (m === undefined || hits.length !== p.children.length) continue;
      fs[i].e = addRat(fs[i].e, rational(m, 1n));
      if (isMinusOne(p.value) && (m & 1n) === 1n) c = numNeg(c);
      const keep = fs[i];
      const drop = new Set(hits);
      const rest = fs.filter((_, j) => !drop.has(j));
      fs.length = 0;
      fs.push(...rest);
      i = fs.indexOf(keep);
    }
    // (3) Number radicals k^(±1/2) and the coefficient: sqrt(2)/2 → 1/sqrt(2), 2/sqrt(2) → sqrt(2).
    if (typeof c !== 'number') {
      for (const f of fs) {
        if (f.n === undefined || f.n.kind !== NK_NUMBER || typeof f.n.value === 'number' || f.e.d !== 2n) continue;
        const k = f.n.value;
        if (k.d !== 1n || k.n <= 1n) continue;
        const cr = c as Rational;
        if (f.e.n === 1n && cr.d % k.n === 0n) {
          c = rational(cr.n, cr.d / k.n);
          f.e = rational(-1n, 2n);
        } else if (f.e.n === -1n && cr.n % k.n === 0n) {
          c = rational(cr.n / k.n, cr.d);
          f.e = rational(1n, 2n);
        }
      }
    }
    // (4) Radicals of positive constants (numbers, pi) with one exponent: one radical of their product.
    const groups = new Map<string, number[]>();
    for (let i = 0; i < fs.length; i++) {
      const f = fs[i];
      if (isIntegerRat(f.e) || f.n === undefined || !isPositiveConstant(f.n)) continue;
      const key = `${f.e.n}/${f.e.d}`;
      const g = groups.get(key);
      if (g === undefined) groups.set(key, [i]);
      else g.push(i);
    }
    const drop = new Set<number>();
    for (const idx of groups.values()) {
      if (idx.length < 2) continue;
      const first = fs[idx[0]];
      first.base = callN('mul', C_MUL, idx.map((i) => fs[i].base));
      for (let k = 1; k < idx.length; k++) drop.add(idx[k]);
    }
    if (drop.size > 0) {
      const rest = fs.filter((_, j) => !drop.has(j));
      fs.length = 0;
      fs.push(...rest);
    }
    return c;
  }

  /** The display of c·t for a term t of a sum (t carries no coefficient of its own). */
  private scaled(t: NTerm, c: Num): Shown {
    if (t.kind === NK_MUL) return this.product(numMul(c, t.value), t.children, t.nums as readonly Rational[]);
    if (isExactOne(c)) return this.memo.get(t)!;
    return this.product(c, [t], [ONE]);
  }

  /** k + Σ c_i·t_i, distributed or with its content factored out. */
  private sum(k: Num, terms: readonly NTerm[], coeffs: readonly Num[]): Shown {
    let best = this.distributed(k, terms, coeffs);
    const g = content(k, coeffs);
    if (g !== undefined) {
      const inner = this.distributed(divExact(k, g), terms, coeffs.map((c) => divExact(c, g)));
      const factored = isMinusOne(g) ? call1('neg', C_NEG, inner) : call2('mul', C_MUL, num(g), inner);
      if (this.better(factored, best)) best = factored;
    }
    return best;
  }

  private distributed(k: Num, terms: readonly NTerm[], coeffs: readonly Num[]): Shown {
    const plus: Shown[] = [];
    const minus: Shown[] = [];
    for (let i = 0; i < terms.length; i++) {
      const c = coeffs[i];
      if (!numIsNegative(c)) {
        plus.push(this.scaled(terms[i], c));
        continue;
      }
      const m = this.scaled(terms[i], numNeg(c));
      // A product with a sum to an odd power can take the sign inside: + x*(y - z) rather
      // than - x*(z - y), which saves the `-` node of a sum with other positive terms.
      if (hasOddSumFactor(terms[i])) {
        const p = this.scaled(terms[i], c);
        if (p.op !== 'neg' && !(p.op === 'mul' && p.args[0].term !== undefined && isNegativeLiteral(p.args[0].term)) && p.size <= m.size) {
          plus.push(p);
          continue;
        }
      }
      minus.push(m);
    }
    if (!isZeroNum(k)) {
      if (numIsNegative(k)) minus.push(num(numNeg(k)));
      else plus.push(num(k));
    }
    let acc: Shown;
    let first = 0;
    if (plus.length === 0) {
      acc = call1('neg', C_NEG, minus[0]);
      first = 1;
    } else acc = plus.length === 1 ? plus[0] : callN('add', C_ADD, plus);
    for (let i = first; i < minus.length; i++) acc = call2('sub', C_SUB, acc, minus[i]);
    return acc;
  }
}

/** Whether a term of a sum is a sum, or a product with a sum to an odd integer power. */
function hasOddSumFactor(t: NTerm): boolean {
  if (t.kind === NK_ADD) return true;
  if (t.kind !== NK_MUL) return false;
  for (let i = 0; i < t.children.length; i++) {
    const e = t.nums[i] as Rational;
    if (t.children[i].kind === NK_ADD && e.d === 1n && (e.n & 1n) === 1n) return true;
  }
  return false;
}

function isNegativeLiteral(t: Term): boolean {
  return t.kind === KIND_NUMBER && numIsNegative(t.value);
}

/** Whether a sum has a coefficient or constant other than 0 and ±1 (exact). */
function hasNonUnitCoefficient(a: NTerm): boolean {
  const v = a.value;
  if (typeof v === 'number') return false;
  if (!(v.d === 1n && (v.n === 0n || v.n === 1n || v.n === -1n))) return true;
  for (const c of a.nums) {
    if (typeof c === 'number') return false;
    if (!(c.d === 1n && (c.n === 1n || c.n === -1n))) return true;
  }
  return false;
}

function hasFloat(a: NTerm): boolean {
  if (typeof a.value === 'number') return true;
  for (const c of a.nums) if (typeof c === 'number') return true;
  return false;
}

/** The exact d-th root of a rational (negative only for odd d), or undefined. */
function exactRootRat(c: Rational, d: bigint): Rational | undefined {
  const neg = c.n < 0n;
  if (neg && d % 2n === 0n) {
    const r = exactRootRat(rational(-c.n, c.d), d);
    return r;
  }
  const n = exactRoot(neg ? -c.n : c.n, Number(d));
  const m = exactRoot(c.d, Number(d));
  if (n === undefined || m === undefined) return undefined;
  return rational(neg ? -n : n, m);
}

/** Whether the sums a and b are negations of each other (same terms, negated coefficients). */
function isNegation(a: NTerm, b: NTerm): boolean {
  if (a.children.length !== b.children.length) return false;
  if (!numEq(a.value, numNeg(b.value))) return false;
  for (let i = 0; i < a.children.length; i++) {
    if (a.children[i] !== b.children[i] || !numEq(a.nums[i], numNeg(b.nums[i]))) return false;
  }
  return true;
}

function numEq(a: Num, b: Num): boolean {
  if (typeof a === 'number' || typeof b === 'number') return typeof a === 'number' && typeof b === 'number' && (a === b || (a !== a && b !== b));
  return a.n === b.n && a.d === b.d;
}

/** A positive exact number or pi. */
function isPositiveConstant(n: NTerm): boolean {
  if (n.kind === NK_NUMBER) return typeof n.value !== 'number' && n.value.n > 0n;
  return n.kind === NK_CALL && n.name === 'pi' && n.children.length === 0;
}

/**
 * The content of a sum with exact coefficients: g with every coefficient (and the constant) an
 * integer multiple of g, the integers coprime, the first term's multiple positive. Undefined when
 * a float takes part or when g is 1 (nothing to factor).
 */
function content(k: Num, coeffs: readonly Num[]): Rational | undefined {
  let g = 0n;
  let l = 1n;
  const take = (v: Num): boolean => {
    if (typeof v === 'number') return false;
    g = gcd(g, v.n);
    l = (l / gcd(l, v.d)) * v.d;
    return true;
  };
  if (!isZeroNum(k) && !take(k)) return undefined;
  for (const c of coeffs) if (!take(c)) return undefined;
  const lead = coeffs[0] as Rational;
  const r = rational(lead.n < 0n ? -g : g, l);
  return isExactOne(r) ? undefined : r;
}

function divExact(a: Num, g: Rational): Num {
  const x = a as Rational;
  return rational(x.n * g.d, x.d * g.n);
}

