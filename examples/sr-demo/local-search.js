// Local search on the most promising candidates of a generation (memetic GP). It materializes
// what the selection only assumed: candidates are selected by their NMSE after linear scaling,
// and here they become actual expressions with actual constants, judged by their raw NMSE.
//  - `simplify` (bloat control: the result is never larger, and constants are folded together);
//  - linear scaling: the least-squares a, b for a*f + b give two more variants, a*f and a*f + b,
//    so a candidate with the right shape but the wrong scale is not lost;
//  - Levenberg–Marquardt (`fitConstants`) on the float constants of the best variant.
// Each structure (`structuralKey(…, { ignoreConstants })`, of the candidate and of its simplified
// form) is worked on once per run; later copies get the stored result. Fits are capped per
// generation: each compiles a kernel, which costs about a millisecond. The best of the original,
// the simplified form and the stored result replaces the candidate in the population.
import { defaultStore, simplifier, structuralKey } from '@symx/core';
import { hasFloatConstant } from './trees.js';

/** @typedef {import('@symx/core').Term} Term */
/** @typedef {{ term: Term, nmse: number, scaled: number }} Scored   raw and linearly scaled NMSE */

export class LocalSearch {
  /**
   * @param {import('./fitness.js').Fitness} fitness
   * @param {{ localSearch: number, fitsPerGeneration: number, fitIterations: number }} config
   * @param {(nmse: number, t: Term) => number} scoreOf   lower is better
   */
  constructor(fitness, config, scoreOf) {
    this.fitness = fitness;
    this.config = config;
    this.scoreOf = scoreOf;
    // No time limit: a run must not depend on the machine's speed.
    this.simplify = simplifier({ limits: { timeMs: undefined, iterations: 100 } });
    /** @type {Map<string, Scored>} structure key -> best result of its local search */
    this.done = new Map();
  }

  /**
   * Improves up to `config.localSearch` distinct candidates, best first, in place.
   *
   * @param {Term[]} pop
   * @param {Float64Array} nmse      raw NMSE of the population (updated)
   * @param {Float64Array} scaled    NMSE after linear scaling (updated)
   * @param {Float64Array} scores    selection scores (updated)
   * @param {readonly number[]} order   population indices, best selection score first
   */
  improve(pop, nmse, scaled, scores, order) {
    /** @type {{ i: number, key: string, s?: Term, skey?: string }[]} */
    const chosen = [];
    const keys = new Set();
    for (let k = 0; k < order.length && chosen.length < this.config.localSearch; k++) {
      const i = order[k];
      if (!Number.isFinite(scores[i])) break;
      const key = structuralKey(pop[i], { ignoreConstants: true });
      if (keys.has(key)) continue;
      keys.add(key);
      chosen.push({ i, key });
    }
    // New structures: simplified, then (if the simplified structure is new too) scaled and fitted.
    const fresh = chosen.filter((c) => !this.done.has(c.key));
    for (const c of fresh) {
      c.s = this.simplify(pop[c.i]);
      c.skey = c.s === pop[c.i] ? c.key : structuralKey(c.s, { ignoreConstants: true });
    }
    const work = fresh.filter((c) => !this.done.has(/** @type {string} */ (c.skey)));
    const scaling = this.fitness.linearScaling(work.map((c) => /** @type {Term} */ (c.s)));
    /** @type {Term[]} */
    const variants = [];
    /** @type {number[]} */
    const owner = [];
    fresh.forEach((c, j) => {
      variants.push(/** @type {Term} */ (c.s));
      owner.push(j);
    });
    work.forEach((c, j) => {
      const ab = scaling[j];
      if (ab === undefined) return;
      const scaled = defaultStore.call2('mul', defaultStore.number(ab.a), /** @type {Term} */ (c.s));
      const offset = ab.b < 0 ? defaultStore.call2('sub', scaled, defaultStore.number(-ab.b)) : defaultStore.call2('add', scaled, defaultStore.number(ab.b));
      variants.push(scaled, offset);
      owner.push(fresh.indexOf(c), fresh.indexOf(c));
    });
    // Every variant scored in one population call.
    const losses = this.fitness.score(variants);
    /** @type {Scored[]} */
    const bestOf = fresh.map((c) => ({ term: pop[c.i], nmse: nmse[c.i], scaled: scaled[c.i] }));
    for (let v = 0; v < variants.length; v++) {
      if (this.better(losses.raw[v], variants[v], bestOf[owner[v]]))
        bestOf[owner[v]] = { term: variants[v], nmse: losses.raw[v], scaled: losses.scaled[v] };
    }
    // Levenberg–Marquardt on the best few new structures (a fit compiles a kernel: ~ms).
    let fits = 0;
    fresh.forEach((c, j) => {
      const skey = /** @type {string} */ (c.skey);
      let stored = this.done.get(skey);
      if (stored === undefined) {
        stored = bestOf[j];
        if (fits < this.config.fitsPerGeneration && hasFloatConstant(stored.term)) {
          fits++;
          const fit = this.fitness.fit(stored.term, this.config.fitIterations);
          if (fit !== undefined && this.better(fit.nmse, fit.term, stored)) stored = fit;
        }
        this.done.set(skey, stored);
      }
      this.done.set(c.key, stored);
    });
    for (const c of chosen) {
      const stored = /** @type {Scored} */ (this.done.get(c.key));
      if (!this.better(stored.nmse, stored.term, { term: pop[c.i], nmse: nmse[c.i], scaled: scaled[c.i] })) continue;
      pop[c.i] = stored.term;
      nmse[c.i] = stored.nmse;
      scaled[c.i] = stored.scaled;
      scores[c.i] = this.scoreOf(stored.scaled, stored.term);
    }
  }

  /**
   * @param {number} nmse
   * @param {Term} t
   * @param {Scored} than
   */
  better(nmse, t, than) {
    return this.scoreOf(nmse, t) < this.scoreOf(than.nmse, than.term);
  }

  /** The terms this search holds on to (to keep across a store release). @returns {Iterable<Term>} */
  *terms() {
    for (const v of this.done.values()) yield v.term;
  }
}
