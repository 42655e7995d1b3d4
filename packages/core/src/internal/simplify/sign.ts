/**
 * Sign analysis: what the simplifier can prove about the sign of a term, from its structure and
 * from the assumptions declared on its variables. The assumption-guarded rules of the shipped
 * rule groups (rulesets/) ask it through the predicates `positive`, `nonnegative`, ... below.
 *
 * A sign is a set of possible signs, as a bit mask over {negative, zero, positive}. It is a claim
 * about the value *where the term is defined* (a real number): sqrt(u) is nonnegative, u^(1/2)
 * too, log(u) of an unknown u could be anything. A term that is nowhere defined (sqrt(-1)) gets
 * the full mask: no claim is ever made about it.
 *
 * Facts used (each an identity on the reals): numbers and pi have their sign; exp, cosh > 0;
 * abs, sqrt, acos >= 0; an even power is >= 0 (> 0 when the base is nonzero); a non-integer
 * power is >= 0 (JavaScript's pow is NaN for a negative base); odd functions (sinh, tanh, atan,
 * asin) keep the sign of their argument; sums, products, quotients, min and max combine signs.
 * sin, cos, tan and log of a non-constant are unknown. Variables are unknown unless assumed.
 *
 * The analysis is iterative (any depth) and memoized per context; a context is tied to one set
 * of assumptions and is dropped when the default store's epoch changes (released terms).
 */
import { numCompare, numIsInteger, numSign, ONE } from '../../numbers.js';
import { defaultStore } from '../../terms.js';
import { KIND_CALL, KIND_NUMBER, KIND_SYMBOL, type Term } from '../store.js';

/** The value can be negative. */
export const S_NEG = 1;
/** The value can be zero. */
export const S_ZERO = 2;
/** The value can be positive. */
export const S_POS = 4;
/** Nothing known. */
export const S_ANY = 7;

/**
 * What may be declared about a variable: its sign. Variables are real-valued in symx; 'real'
 * declares nothing more.
 *
 * @example
 * const a: Assumption = 'nonnegative';
 * format(simplify(parse('sqrt(x^2)'), { assume: { x: a } })); // → 'x'
 */
export type Assumption = 'positive' | 'nonnegative' | 'negative' | 'nonpositive' | 'nonzero' | 'real';

const ASSUMPTION_MASKS: Readonly<Record<Assumption, number>> = {
  positive: S_POS,
  nonnegative: S_POS | S_ZERO,
  negative: S_NEG,
  nonpositive: S_NEG | S_ZERO,
  nonzero: S_NEG | S_POS,
  real: S_ANY,
};

/**
 * The declared assumptions, by variable name.
 *
 * @example
 * const assume: Assumptions = { x: 'positive', y: 'nonzero' };
 * format(simplify(parse('abs(x) + y/y'), { assume })); // → 'x + 1'
 */
export type Assumptions = Readonly<Record<string, Assumption>>;

/**
 * Checks an assumptions record and returns the mask per variable. Throws a TypeError naming the
 * variable for an unknown assumption.
 */
export function assumptionMasks(assume: Assumptions | undefined): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  if (assume === undefined) return out;
  if (typeof assume !== 'object' || assume === null) throw new TypeError(`simplify: 'assume' must be an object from variable name to assumption, got ${assume === null ? 'null' : typeof assume}`);
  for (const [name, a] of Object.entries(assume)) {
    if (!Object.prototype.hasOwnProperty.call(ASSUMPTION_MASKS, a as string))
      throw new TypeError(`simplify: unknown assumption ${JSON.stringify(a)} for variable '${name}' (known: ${Object.keys(ASSUMPTION_MASKS).join(', ')})`);
    out.set(name, ASSUMPTION_MASKS[a as Assumption]);
  }
  return out;
}

/** Sign of a product of one value from each set (pairwise). */
function mulSigns(a: number, b: number): number {
  let r = 0;
  if (a & S_ZERO || b & S_ZERO) r |= S_ZERO;
  if ((a & S_POS && b & S_POS) || (a & S_NEG && b & S_NEG)) r |= S_POS;
  if ((a & S_POS && b & S_NEG) || (a & S_NEG && b & S_POS)) r |= S_NEG;
  return r;
}

/** Sign of a quotient where defined (a zero divisor is not a real value). */
function divSigns(a: number, b: number): number {
  const d = b & ~S_ZERO;
  if (d === 0) return 0;
  let r = a & S_ZERO ? S_ZERO : 0;
  if ((a & S_POS && d & S_POS) || (a & S_NEG && d & S_NEG)) r |= S_POS;
  if ((a & S_POS && d & S_NEG) || (a & S_NEG && d & S_POS)) r |= S_NEG;
  return r;
}

/** Sign of a sum of one value from each set. */
function addSigns(a: number, b: number): number {
  if (a === S_ZERO) return b;
  if (b === S_ZERO) return a;
  let r = 0;
  if (a & S_ZERO && b & S_ZERO) r |= S_ZERO;
  if (a & S_POS || b & S_POS) r |= S_POS;
  if (a & S_NEG || b & S_NEG) r |= S_NEG;
  // A positive plus a negative can be anything.
  if ((a & S_POS && b & S_NEG) || (a & S_NEG && b & S_POS)) r = S_ANY;
  return r;
}

function negSigns(a: number): number {
  return (a & S_ZERO) | (a & S_POS ? S_NEG : 0) | (a & S_NEG ? S_POS : 0);
}

function minSigns(a: number, b: number): number {
  let r = 0;
  if (a & S_NEG || b & S_NEG) r |= S_NEG;
  if ((a & S_ZERO && b & (S_ZERO | S_POS)) || (b & S_ZERO && a & (S_ZERO | S_POS))) r |= S_ZERO;
  if (a & S_POS && b & S_POS) r |= S_POS;
  return r;
}

function maxSigns(a: number, b: number): number {
  return negSigns(minSigns(negSigns(a), negSigns(b)));
}

/** Sign of base^e for a number exponent e. */
function powNumberSigns(b: number, e: Term): number {
  const v = e.value;
  if (typeof v === 'number' && !Number.isFinite(v)) return S_ANY;
  const positiveExp = numSign(v) > 0;
  if (numIsInteger(v)) {
    if (numSign(v) === 0) return S_POS;
    const even = typeof v === 'number' ? v % 2 === 0 : v.n % 2n === 0n;
    const zero = b & S_ZERO && positiveExp ? S_ZERO : 0;
    if (even) return (b & (S_NEG | S_POS) ? S_POS : 0) | zero;
    return (b & (S_NEG | S_POS)) | zero;
  }
  // Non-integer exponent: defined only for a nonnegative base.
  return (b & S_POS ? S_POS : 0) | (b & S_ZERO && positiveExp ? S_ZERO : 0);
}

/** Sign of log(c) for a constant with known value c > 0. */
function logOfNumber(t: Term): number {
  if (t.kind !== KIND_NUMBER) return S_ANY;
  const v = t.value;
  if (typeof v === 'number' && Number.isNaN(v)) return S_ANY;
  if (numSign(v) <= 0) return S_ANY;
  const c = numCompare(v, ONE);
  return c > 0 ? S_POS : c < 0 ? S_NEG : S_ZERO;
}

/**
 * A sign analysis with fixed assumptions and a memo. `sign(t)` is the set of possible signs of
 * `t` where it is defined.
 */
export class SignContext {
  private memo = new Map<Term, number>();
  private epoch = defaultStore.epoch;

  constructor(private readonly masks: ReadonlyMap<string, number>) {}

  /** Whether any assumption was declared (otherwise the context can be shared). */
  get hasAssumptions(): boolean {
    return this.masks.size > 0;
  }

  sign(t: Term): number {
    if (t.kind === KIND_NUMBER) return numberSigns(t);
    if (t.kind === KIND_SYMBOL) return this.masks.get(t.op) ?? S_ANY;
    if (this.epoch !== defaultStore.epoch || this.memo.size > 1 << 18) {
      this.memo = new Map();
      this.epoch = defaultStore.epoch;
    }
    const known = this.memo.get(t);
    if (known !== undefined) return known;
    // Post-order over the distinct unknown subterms (iterative: any depth).
    const memo = this.memo;
    const stack: Term[] = [t];
    while (stack.length > 0) {
      const u = stack[stack.length - 1];
      if (memo.has(u)) {
        stack.pop();
        continue;
      }
      let pending = false;
      for (let i = u.args.length - 1; i >= 0; i--) {
        const a = u.args[i];
        if (a.kind === KIND_CALL && !memo.has(a)) {
          stack.push(a);
          pending = true;
        }
      }
      if (pending) continue;
      stack.pop();
      let s = this.callSigns(u);
      if (s === 0) s = S_ANY; // nowhere defined: claim nothing
      memo.set(u, s);
    }
    return memo.get(t)!;
  }

  private arg(u: Term, i: number): number {
    const a = u.args[i];
    if (a.kind === KIND_NUMBER) return numberSigns(a);
    if (a.kind === KIND_SYMBOL) return this.masks.get(a.op) ?? S_ANY;
    return this.memo.get(a)!;
  }

  private callSigns(u: Term): number {
    const n = u.args.length;
    switch (u.op) {
      case 'add': {
        let s = this.arg(u, 0);
        for (let i = 1; i < n && s !== S_ANY; i++) s = addSigns(s, this.arg(u, i));
        return s;
      }
      case 'sub':
        return addSigns(this.arg(u, 0), negSigns(this.arg(u, 1)));
      case 'neg':
        return negSigns(this.arg(u, 0));
      case 'mul': {
        let s = this.arg(u, 0);
        for (let i = 1; i < n; i++) s = mulSigns(s, this.arg(u, i));
        return s;
      }
      case 'div':
        return divSigns(this.arg(u, 0), this.arg(u, 1));
      case 'pow': {
        const b = this.arg(u, 0);
        const e = u.args[1];
        if (e.kind === KIND_NUMBER) return powNumberSigns(b, e);
        if (b === S_POS) return S_POS;
        if ((b & S_NEG) === 0) return S_POS | S_ZERO | (b & S_ZERO);
        return S_ANY;
      }
      case 'sqrt': {
        const b = this.arg(u, 0);
        return (b & S_POS) | (b & S_ZERO);
      }
      case 'exp':
      case 'cosh':
        return S_POS;
      case 'abs': {
        const b = this.arg(u, 0);
        return (b & (S_NEG | S_POS) ? S_POS : 0) | (b & S_ZERO);
      }
      case 'acos':
        return S_POS | S_ZERO;
      case 'sinh':
      case 'tanh':
      case 'atan':
      case 'asin':
        return this.arg(u, 0);
      case 'log':
        return logOfNumber(u.args[0]);
      case 'min':
        return minSigns(this.arg(u, 0), this.arg(u, 1));
      case 'max':
        return maxSigns(this.arg(u, 0), this.arg(u, 1));
      case 'pi':
        return S_POS;
      default:
        return S_ANY;
    }
  }
}

function numberSigns(t: Term): number {
  const s = numSign(t.value);
  return Number.isNaN(s) ? S_ANY : s > 0 ? S_POS : s < 0 ? S_NEG : S_ZERO;
}

/** The context without assumptions, used when no simplifier run is active. */
const plainContext = new SignContext(new Map());
let current: SignContext = plainContext;

/** Runs `fn` with `ctx` as the context of the sign predicates (restored afterwards). */
export function withSignContext<R>(ctx: SignContext, fn: () => R): R {
  const saved = current;
  current = ctx;
  try {
    return fn();
  } finally {
    current = saved;
  }
}

/** Possible signs of `t` under the active assumptions. */
export function signOf(t: Term): number {
  return current.sign(t);
}

/** |t| <= 1 wherever t is defined: numbers in [-1, 1], sin, cos, tanh. */
export function inUnitInterval(t: Term): boolean {
  if (t.kind === KIND_NUMBER) {
    const v = typeof t.value === 'number' ? t.value : t.value.toNumber();
    return v >= -1 && v <= 1;
  }
  return t.kind === KIND_CALL && (t.op === 'sin' || t.op === 'cos' || t.op === 'tanh');
}

/**
 * Predicates for rule sources (`where positive(~x)`): provable under the active assumptions.
 * They override the built-in slot types of the same names, which know constants only.
 */
export const SIGN_PREDICATES = Object.freeze({
  positive: (t: Term): boolean => signOf(t) === S_POS,
  nonnegative: (t: Term): boolean => (signOf(t) & S_NEG) === 0,
  negative: (t: Term): boolean => signOf(t) === S_NEG,
  nonpositive: (t: Term): boolean => (signOf(t) & S_POS) === 0,
  nonzero: (t: Term): boolean => (signOf(t) & S_ZERO) === 0,
  unit: inUnitInterval,
});
