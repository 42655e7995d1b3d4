/**
 * Expansion and common-factor extraction: `expand`, `expandWithReport`, `factorCommon`.
 *
 * Both go through the normal form (normal.ts), so their results are collected and canonical:
 * like terms merge (x*y + y*x → 2*x*y), exact numbers fold, and the same input gives the same
 * output whatever the order it was built in. They are identities wherever the input is defined
 * (see normal.ts: where it is not, e.g. x/x at x = 0, the result may differ).
 * The temporary normal-form terms are released before returning (the default normal store
 * does not grow), and every walk is iterative (any depth).
 */
import type { TermStore } from './internal/store.js';
import { Term } from './internal/store.js';
import { defaultStore } from './terms.js';
import { type NTerm, defaultNormalStore, fromNormal, normalStoreOps, toNormal } from './normal.js';
import { nowMs } from './limits.js';
import { type ExpandStop, Expander } from './internal/calculus/expander.js';
import { factorCommonImpl } from './internal/calculus/factor.js';

export type { ExpandStop } from './internal/calculus/expander.js';

/**
 * Limits of {@link expand}. The defaults expand anything of reasonable size ((a+b+c)^50, with
 * its 1,326 terms, in milliseconds) and stop (a+b+c+d+e)^50 (316,251 terms) before starting it.
 *
 * @example
 * expandWithReport(parse('(a+b)^200'), { maxProducts: 1000 }).stopReason;   // 'maxProducts'
 */
export interface ExpandOptions {
  /**
   * The most monomials one multiplication of two sums may form before like terms are
   * collected (|A|·|B|), and the most terms a power of a sum may have once collected
   * (C(n+k-1, k-1) for a k-term sum to the n). Default 10,000.
   */
  maxTerms?: number;
  /**
   * The most monomial products formed in the whole call (a power of a sum that would need more
   * is refused before it starts). Default 250,000: well under a second.
   */
  maxProducts?: number;
  /** Wall-clock budget in milliseconds. Default: none (the two limits above bound the work). */
  timeMs?: number;
  /** The store of the input and of the result (default: `defaultStore`). */
  store?: TermStore;
}

/**
 * What {@link expandWithReport} returns.
 *
 * @example
 * const { term, complete, products } = expandWithReport(parse('(x + 1)*(y + 1)'));   // complete, 4 products
 */
export interface ExpandReport {
  /** The expansion; when a limit stopped it, partly expanded (still equal in value). */
  readonly term: Term;
  /** True when every product of sums and power of a sum was multiplied out. */
  readonly complete: boolean;
  /** `'complete'`, or the first limit that stopped a distribution. */
  readonly stopReason: ExpandStop;
  /** Monomial products formed. */
  readonly products: number;
  readonly elapsedMs: number;
}

const DEFAULT_MAX_TERMS = 10_000;
const DEFAULT_MAX_PRODUCTS = 250_000;

/**
 * `t` expanded: products distributed over sums and positive integer powers of sums multiplied
 * out, recursively (inside function arguments, exponents and denominators), with like terms
 * collected. A negative power of a sum stays a power, its base expanded: (a+b)/(c*(d+e)^2) →
 * a/(c*(d + e)^2) + b/(c*(d + e)^2), and expanding twice changes nothing. Never hangs: when a limit of `opts` (see {@link ExpandOptions}) is reached, the
 * subterm being expanded is left as it is (in collected form) and the rest is still expanded;
 * use {@link expandWithReport} to learn whether that happened.
 *
 * @example
 * format(expand(parse('(x + 1)^2')));          // '2*x + x^2 + 1' (the normal form's order)
 * format(expand(parse('x*(y + 2) - 2*x')));    // 'x*y'
 * format(expand(parse('sin((a + b)*c)')));     // 'sin(b*c + a*c)'
 */
export function expand(t: Term, opts?: ExpandOptions): Term {
  return expandWithReport(t, opts).term;
}

/** Conservative speed of the normal-form conversion (nodes per millisecond), for time limits. */
const NORMAL_FORM_NODES_PER_MS = 100;

/**
 * {@link expand}, with a report saying whether the expansion is complete or which limit
 * stopped it. Limits are never an exception.
 *
 * @example
 * const r = expandWithReport(parse('(a+b+c+d+e)^50'));
 * r.complete;     // false
 * r.stopReason;   // 'maxTerms'
 * r.term;         // (a + b + c + d + e)^50, unexpanded
 */
export function expandWithReport(t: Term, opts: ExpandOptions = {}): ExpandReport {
  const store = checkInput(t, opts.store, 'expand');
  const limits = {
    maxTerms: limit(opts.maxTerms, DEFAULT_MAX_TERMS, 'maxTerms'),
    maxProducts: limit(opts.maxProducts, DEFAULT_MAX_PRODUCTS, 'maxProducts'),
    timeMs: limit(opts.timeMs, Infinity, 'timeMs'),
  };
  const start = nowMs();
  // The conversions to and from the normal form are linear but not interruptible: a term that
  // could not even be converted within half the time limit is returned as it is.
  if (t.size / NORMAL_FORM_NODES_PER_MS > limits.timeMs / 2) {
    return { term: t, complete: false, stopReason: 'time', products: 0, elapsedMs: nowMs() - start };
  }
  const run = withNormalForm((nstore) => {
    const expander = new Expander(normalStoreOps(nstore), limits);
    const n = expander.run(toNormal(t, nstore));
    return { term: fromNormal(n, store), expander };
  });
  const { expander } = run;
  return {
    term: run.term,
    complete: expander.stop === 'complete',
    stopReason: expander.stop,
    products: expander.products,
    elapsedMs: nowMs() - start,
  };
}

/**
 * `t` with the common factors of every sum pulled out: the gcd of the numeric coefficients
 * (negative when all are negative) and each base present in every term, at its lowest power.
 * Works bottom-up, inside function arguments too. The inverse of {@link expand} for a single
 * monomial factor; it does not factor polynomials (x^2 - 1 stays).
 *
 * @example
 * format(factorCommon(parse('2*x*y + 4*x')));        // '2*x*(y + 2)'
 * format(factorCommon(parse('x^3*y - x^2*y^2')));    // 'x^2*y*(x - y)'
 * format(factorCommon(parse('1/x + 1/x^2')));        // '(x + 1)/x^2'
 * format(factorCommon(parse('-3*a - 6*b')));         // '-3*(a + 2*b)'
 */
export function factorCommon(t: Term, opts: { store?: TermStore } = {}): Term {
  const store = checkInput(t, opts.store, 'factorCommon');
  return withNormalForm((nstore) => factorCommonImpl(toNormal(t, nstore), normalStoreOps(nstore), store));
}

/**
 * Runs `fn` with the default normal store and releases every normal-form term it created
 * (`fn` must return only plain terms or plain data).
 */
function withNormalForm<R>(fn: (nstore: typeof defaultNormalStore) => R): R {
  const nstore = defaultNormalStore;
  const mark = nstore.mark();
  try {
    return fn(nstore);
  } finally {
    nstore.release(mark, NO_NTERMS);
  }
}

const NO_NTERMS: readonly NTerm[] = [];

function checkInput(t: Term, store: TermStore | undefined, fn: string): TermStore {
  if (!(t instanceof Term)) throw new TypeError(`${fn}: expected a Term, got ${t === null ? 'null' : typeof t}`);
  return store ?? defaultStore;
}

function limit(v: number | undefined, dflt: number, name: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0) throw new RangeError(`expand: ${name} must be a non-negative number, got ${String(v)}`);
  return v;
}
