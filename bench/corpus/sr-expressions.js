/**
 * A fixed set of 20 SR-typical expressions for the evaluation benchmarks (bench/suites/wasm.js):
 * polynomials and rationals, trigonometric, exp/log, and physics formulas, each with the domain
 * its data is drawn from, plus a seeded generator of that data.
 *
 * Sources:
 * - the standard GP/SR benchmark functions listed by McDermott et al., *Genetic programming needs
 *   better benchmarks*, GECCO 2012: Nguyen (Uy et al. 2011), Pagie-1 (Pagie & Hogeweg 1997),
 *   Vladislavleva-1/2/4 (Vladislavleva, Smits & den Hertog 2009), with their sampling ranges;
 * - two expressions shaped like fitted SR candidates (arbitrary float constants);
 * - nine formulas of the physics corpus (corpus/feynman.js, AI Feynman), taken from there by id
 *   with their sampling ranges.
 *
 * `transcendental` marks the expressions whose cost is dominated by sin, cos, exp, log, tanh
 * (the "transcendental-heavy" group); the others use only + - * /, integer powers and
 * sqrt, which are native or cheap everywhere.
 */
import { feynman } from './feynman.js';

/** @typedef {import('./feynman.js').Distribution} Distribution */

/**
 * @typedef {object} SrExpression
 * @property {string} id
 * @property {string} formula   symx infix source (mathjs reads it too)
 * @property {Record<string, Distribution>} vars   every variable of `formula`, with its range
 * @property {boolean} transcendental
 */

/** @type {(lo: number, hi: number) => Distribution} */
const U = (lo, hi) => ({ dist: 'U', lo, hi });

/**
 * A formula of the physics corpus, by id.
 *
 * @param {string} id
 * @param {boolean} transcendental
 * @returns {SrExpression}
 */
function fromFeynman(id, transcendental) {
  const f = feynman.find((g) => g.id === id);
  if (!f) throw new Error(`sr-expressions: no formula '${id}' in corpus/feynman.js`);
  return { id: `Feynman ${id}`, formula: f.formula, vars: f.vars, transcendental };
}

/** The 20 expressions: 10 algebraic, then 10 transcendental-heavy. @type {readonly SrExpression[]} */
export const srExpressions = Object.freeze([
  // ---- polynomials, rationals, sqrt ----
  { id: 'Nguyen-4', formula: 'x^6+x^5+x^4+x^3+x^2+x', vars: { x: U(-1, 1) }, transcendental: false },
  { id: 'Nguyen-12', formula: 'x^4-x^3+y^2/2-y', vars: { x: U(-1, 1), y: U(-1, 1) }, transcendental: false },
  { id: 'Pagie-1', formula: '1/(1+x^-4)+1/(1+y^-4)', vars: { x: U(-5, 5), y: U(-5, 5) }, transcendental: false },
  {
    id: 'Vladislavleva-4',
    formula: '10/(5+(x1-3)^2+(x2-3)^2+(x3-3)^2+(x4-3)^2+(x5-3)^2)',
    vars: { x1: U(0.05, 6.05), x2: U(0.05, 6.05), x3: U(0.05, 6.05), x4: U(0.05, 6.05), x5: U(0.05, 6.05) },
    transcendental: false,
  },
  {
    id: 'fitted polynomial',
    formula: '((0.3172*x-1.2049)*x+2.7183)*x*y-0.8125*y*y+1.4142',
    vars: { x: U(-3, 3), y: U(-3, 3) },
    transcendental: false,
  },
  {
    id: 'fitted rational',
    formula: '(1.5*x*y+0.25*x-2.75)/(x*x+0.8*y*y+0.7)',
    vars: { x: U(-3, 3), y: U(-3, 3) },
    transcendental: false,
  },
  fromFeynman('I.9.18', false),
  fromFeynman('I.32.17', false),
  fromFeynman('I.48.2', false),
  fromFeynman('II.36.38', false),

  // ---- trigonometric, exp/log, tanh ----
  { id: 'Nguyen-5', formula: 'sin(x^2)*cos(x)-1', vars: { x: U(-1, 1) }, transcendental: true },
  { id: 'Nguyen-6', formula: 'sin(x)+sin(x+x^2)', vars: { x: U(-1, 1) }, transcendental: true },
  { id: 'Nguyen-7', formula: 'log(x+1)+log(x^2+1)', vars: { x: U(0, 2) }, transcendental: true },
  { id: 'Nguyen-10', formula: '2*sin(x)*cos(y)', vars: { x: U(-1, 1), y: U(-1, 1) }, transcendental: true },
  {
    id: 'Vladislavleva-1',
    formula: 'exp(-(x-1)^2)/(1.2+(y-2.5)^2)',
    vars: { x: U(0.3, 4), y: U(0.3, 4) },
    transcendental: true,
  },
  {
    id: 'Vladislavleva-2',
    formula: 'exp(-x)*x^3*cos(x)*sin(x)*(cos(x)*sin(x)^2-1)',
    vars: { x: U(0.05, 10) },
    transcendental: true,
  },
  fromFeynman('I.6.2b', true),
  fromFeynman('I.41.16', true),
  fromFeynman('II.35.21', true),
  fromFeynman('N-slit diffraction', true),
]);

/**
 * The data of a set of expressions: `rows` rows per column, columns shared between expressions.
 * Every variable is i.i.d. uniform on its range, so the k-th variable drawn from U(lo, hi) of any
 * expression can use the same column as the k-th U(lo, hi) variable of any other expression:
 * column `u{k}_{lo}_{hi}`. `bind[e]` maps expression e's variable names to column names.
 *
 * @param {readonly SrExpression[]} exprs
 * @param {number} rows
 * @param {number} seed
 * @param {(seed: number) => { uniform: (lo: number, hi: number) => number }} rngOf   e.g. mulberry32
 * @returns {{ names: string[], columns: Float64Array[], bind: Record<string, string>[] }}
 * @example
 * const d = srData(srExpressions, 1000, 1, mulberry32);
 * d.columns[d.names.indexOf(d.bind[0].x)][0];   // row 0 of Nguyen-4's x
 */
export function srData(exprs, rows, seed, rngOf) {
  /** @type {Map<string, { lo: number, hi: number }>} */
  const specs = new Map();
  const bind = exprs.map((e) => {
    /** @type {Map<string, number>} how many columns of each range this expression has taken */
    const taken = new Map();
    /** @type {Record<string, string>} */
    const b = {};
    for (const [v, d] of Object.entries(e.vars)) {
      const range = `${d.lo}_${d.hi}`;
      const k = taken.get(range) ?? 0;
      taken.set(range, k + 1);
      const name = `u${k}_${range}`.replace(/[-.]/g, (c) => (c === '-' ? 'm' : 'p'));
      specs.set(name, { lo: d.lo, hi: d.hi });
      b[v] = name;
    }
    return b;
  });
  const names = [...specs.keys()].sort();
  const columns = names.map((name, c) => {
    const { lo, hi } = /** @type {{ lo: number, hi: number }} */ (specs.get(name));
    const rng = rngOf(seed + 7919 * (c + 1));
    const col = new Float64Array(rows);
    for (let i = 0; i < rows; i++) col[i] = rng.uniform(lo, hi);
    return col;
  });
  return { names, columns, bind };
}
