// The genetic program: a generational GP over core terms.
//
// Per generation:
//  1. score the population (fitness.js: VM tier, one population call, canonical-form cache);
//  2. local search on the most promising candidates (local-search.js): `simplify` (bloat
//     control), linear scaling, and Levenberg–Marquardt on their constants, once per structure;
//  3. keep a hall of fame (the best candidate of each size);
//  4. breed the next generation: the elite unchanged, the rest by tournament selection and
//     subtree crossover or one of five mutations; offspring equal (up to commutativity) to one
//     already in the new generation are bred again, so the population stays diverse.
// Selection minimizes score = log10(max(NMSE, floor)) + parsimony * size: accuracy on a log
// scale (so a 10x better fit is worth the same at any level), plus a constant price per node.
// The NMSE that selection sees is that after linear scaling (the best a*f + b: Keijzer 2003),
// so a good shape with the wrong scale survives until the local search gives it constants; the
// best-of-run is judged by its raw NMSE.
// Everything random comes from one seeded generator, and nothing depends on the clock, so a run
// is a function of its seed and configuration.
import { canonicalForm, defaultStore, nowMs, sym } from '@symx/core';
import { Fitness } from './fitness.js';
import { LocalSearch } from './local-search.js';
import { randomTree } from './trees.js';
import { constantMutation, crossover, hoistMutation, insertMutation, pointMutation, subtreeMutation } from './variation.js';

/** @typedef {import('@symx/core').Term} Term */

/**
 * @typedef {object} GpConfig
 * @property {number} population     candidates per generation
 * @property {number} generations    maximum generations
 * @property {number} patience       stop after this many generations without a better best score
 * @property {number} tournament     tournament size
 * @property {number} elite          candidates copied unchanged into the next generation
 * @property {number} crossoverRate  probability that an offspring comes from crossover
 * @property {Record<'point' | 'subtree' | 'hoist' | 'constant' | 'insert', number>} mutation  relative weights
 * @property {number} maxSize        node limit of a candidate
 * @property {number} maxDepth       depth limit of a candidate
 * @property {number} parsimony      score price per node
 * @property {number} nmseFloor      NMSE below which fits count as perfect (only size matters then)
 * @property {number} localSearch    distinct candidates given a local search per generation (best first)
 * @property {number} fitsPerGeneration  Levenberg–Marquardt fits per generation at most
 * @property {number} fitIterations  Levenberg–Marquardt iterations per fit
 * @property {readonly string[]} binary  binary operators
 * @property {readonly string[]} unary   unary operators
 * @property {number} unaryRate      probability that a new operator node is unary
 * @property {boolean} linearScaling  select by NMSE after linear scaling (Keijzer 2003)
 */

/** Generations between two releases of the terms no longer in use (store generations). */
const RELEASE_EVERY = 5;

/** @type {Readonly<GpConfig>} */
export const DEFAULT_GP = Object.freeze({
  population: 500,
  generations: 100,
  patience: 25,
  tournament: 5,
  elite: 10,
  crossoverRate: 0.6,
  mutation: Object.freeze({ point: 3, subtree: 2, hoist: 1, constant: 2, insert: 2 }),
  maxSize: 25,
  maxDepth: 7,
  parsimony: 0.01,
  nmseFloor: 1e-12,
  localSearch: 12,
  fitsPerGeneration: 4,
  fitIterations: 30,
  binary: Object.freeze(['add', 'sub', 'mul', 'div']),
  unary: Object.freeze(['sin', 'cos', 'exp', 'sqrt']),
  unaryRate: 0.25,
  linearScaling: true,
});

/**
 * @typedef {object} Progress
 * @property {number} generation
 * @property {number} bestNmse
 * @property {Term} best
 * @property {number} evaluations   candidates evaluated so far
 * @property {number} elapsedMs
 */

/**
 * @typedef {object} GpResult
 * @property {Term} best            the candidate with the best score ever seen, simplified and
 *                                  with its constants fitted to convergence
 * @property {number} bestNmse      its training NMSE
 * @property {number} generations   generations run
 * @property {number} evaluations   candidates evaluated by the VM (cache hits excluded)
 * @property {number} fits          Levenberg–Marquardt fits
 * @property {number} evalMs        milliseconds in lossPopulation
 * @property {number} fitMs         milliseconds in fitConstants
 * @property {number} elapsedMs
 * @property {{ term: Term, nmse: number }[]} hallOfFame   best candidate per size, by size
 */

/**
 * Runs the genetic program on `data` (its training split) and returns the best candidate.
 *
 * @param {import('./dataset.js').Data} data
 * @param {GpConfig} config
 * @param {import('./random.js').Rng} rng
 * @param {(p: Progress) => void} [onProgress]   called after every generation
 * @returns {GpResult}
 * @example
 * const r = runGp(makeData(problem('I.12.1'), opts), DEFAULT_GP, createRng(1));
 * format(r.best);   // 'mu*Nn'
 */
export function runGp(data, config, rng, onProgress) {
  const start = nowMs();
  const fitness = new Fitness(data.variables, data.train, config.linearScaling);
  try {
    return evolve(data, config, rng, fitness, start, onProgress);
  } finally {
    fitness.dispose();
  }
}

/**
 * @param {import('./dataset.js').Data} data
 * @param {GpConfig} config
 * @param {import('./random.js').Rng} rng
 * @param {Fitness} fitness
 * @param {number} start
 * @param {((p: Progress) => void) | undefined} onProgress
 * @returns {GpResult}
 */
function evolve(data, config, rng, fitness, start, onProgress) {
  const prims = {
    binary: config.binary,
    unary: config.unary,
    variables: data.variables.map((v) => sym(v)),
    constantRate: 0.3,
    unaryRate: config.unaryRate,
  };
  const limits = { maxSize: config.maxSize, maxDepth: config.maxDepth };
  /** @param {number} nmse @param {Term} t */
  const scoreOf = (nmse, t) => Math.log10(Math.max(nmse, config.nmseFloor)) + config.parsimony * t.size;
  const local = new LocalSearch(fitness, config, scoreOf);
  // Terms made from here on are released every few generations, except those still in use.
  const mark = defaultStore.mark();

  /** @type {Map<number, { term: Term, nmse: number }>} size -> best */
  const hall = new Map();
  let best = { term: /** @type {Term | undefined} */ (undefined), nmse: Infinity, score: Infinity };
  let lastImprovement = 0;

  let pop = initialPopulation(config, rng, prims);
  let generation = 0;
  for (; generation < config.generations; generation++) {
    const { raw: nmse, scaled } = fitness.score(pop);
    // Selection sees what a candidate's shape can fit (scaled); the best is what it does fit (raw).
    const scores = Float64Array.from(pop, (t, i) => scoreOf(scaled[i], t));
    local.improve(pop, nmse, scaled, scores, rank(scores));

    // Hall of fame and the best so far.
    for (let i = 0; i < pop.length; i++) {
      if (!Number.isFinite(nmse[i])) continue;
      const h = hall.get(pop[i].size);
      if (h === undefined || nmse[i] < h.nmse) hall.set(pop[i].size, { term: pop[i], nmse: nmse[i] });
      const score = scoreOf(nmse[i], pop[i]);
      if (score < best.score - 1e-12) {
        best = { term: pop[i], nmse: nmse[i], score };
        lastImprovement = generation;
      }
    }
    onProgress?.({
      generation,
      bestNmse: best.nmse,
      best: /** @type {Term} */ (best.term),
      evaluations: fitness.evaluations,
      elapsedMs: nowMs() - start,
    });
    if (generation - lastImprovement >= config.patience || generation === config.generations - 1) break;

    pop = nextGeneration(pop, rank(scores), scores, config, rng, prims, limits);
    if ((generation + 1) % RELEASE_EVERY === 0) {
      const keep = [...pop, ...prims.variables, ...[...hall.values()].map((h) => h.term), /** @type {Term} */ (best.term), ...local.terms()];
      defaultStore.release(mark, keep);
      fitness.clearCache(); // its keys may have been released
    }
  }

  // Polish the winner: simplified, constants fitted to convergence.
  let final = { term: /** @type {Term} */ (best.term), nmse: best.nmse };
  const s = local.simplify(final.term);
  const ns = s === final.term ? final.nmse : fitness.score([s]).raw[0];
  if (scoreOf(ns, s) <= scoreOf(final.nmse, final.term)) final = { term: s, nmse: ns };
  const polished = fitness.fit(final.term, 200);
  if (polished !== undefined && scoreOf(polished.nmse, polished.term) <= scoreOf(final.nmse, final.term)) final = polished;

  return {
    best: final.term,
    bestNmse: final.nmse,
    generations: generation + 1,
    evaluations: fitness.evaluations,
    fits: fitness.fits,
    evalMs: fitness.evalMs,
    fitMs: fitness.fitMs,
    elapsedMs: nowMs() - start,
    hallOfFame: [...hall.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v),
  };
}

/**
 * Ramped half-and-half: depths 2 to 4, grow and full alternately, duplicates replaced.
 *
 * @param {GpConfig} config
 * @param {import('./random.js').Rng} rng
 * @param {import('./trees.js').Primitives} prims
 * @returns {Term[]}
 */
function initialPopulation(config, rng, prims) {
  /** @type {Term[]} */
  const pop = [];
  const seen = new Set();
  for (let i = 0, tries = 0; pop.length < config.population; i++, tries++) {
    const t = randomTree(rng, prims, 2 + (i % 3), i % 2 === 0);
    const key = canonicalForm(t);
    if (seen.has(key) && tries < config.population * 10) continue;
    seen.add(key);
    pop.push(t);
  }
  return pop;
}

/**
 * Indices sorted by score, best first (stable: ties keep population order).
 *
 * @param {Float64Array} scores
 * @returns {number[]}
 */
function rank(scores) {
  const idx = Array.from(scores, (_, i) => i);
  return idx.sort((a, b) => {
    const sa = scores[a];
    const sb = scores[b];
    return sa === sb ? a - b : Number.isNaN(sa) ? 1 : Number.isNaN(sb) ? -1 : sa < sb ? -1 : 1;
  });
}

/**
 * The next generation: elite, then offspring bred by tournament selection and variation.
 *
 * @param {Term[]} pop
 * @param {number[]} order      population indices best first
 * @param {Float64Array} scores
 * @param {GpConfig} config
 * @param {import('./random.js').Rng} rng
 * @param {import('./trees.js').Primitives} prims
 * @param {{ maxSize: number, maxDepth: number }} limits
 * @returns {Term[]}
 */
function nextGeneration(pop, order, scores, config, rng, prims, limits) {
  /** @type {Term[]} */
  const next = [];
  const seen = new Set();
  for (let k = 0; k < order.length && next.length < config.elite; k++) {
    const t = pop[order[k]];
    const key = canonicalForm(t);
    if (seen.has(key)) continue;
    seen.add(key);
    next.push(t);
  }
  const select = () => {
    let w = rng.int(pop.length);
    for (let j = 1; j < config.tournament; j++) {
      const c = rng.int(pop.length);
      if (scores[c] < scores[w] || (Number.isNaN(scores[w]) && !Number.isNaN(scores[c]))) w = c;
    }
    return pop[w];
  };
  const weights = config.mutation;
  const total = weights.point + weights.subtree + weights.hoist + weights.constant + weights.insert;
  /** @param {Term} t */
  const mutate = (t) => {
    let r = rng.next() * total;
    if ((r -= weights.point) < 0) return pointMutation(t, rng, prims);
    if ((r -= weights.subtree) < 0) return subtreeMutation(t, rng, prims, limits);
    if ((r -= weights.hoist) < 0) return hoistMutation(t, rng);
    if ((r -= weights.constant) < 0) return constantMutation(t, rng);
    return insertMutation(t, rng, prims, limits);
  };
  while (next.length < config.population) {
    /** @type {Term | undefined} */
    let child;
    for (let attempt = 0; attempt < 3 && child === undefined; attempt++) {
      const c = rng.chance(config.crossoverRate) ? crossover(select(), select(), rng, limits) : mutate(select());
      const key = canonicalForm(c);
      if (!seen.has(key)) {
        seen.add(key);
        child = c;
      }
    }
    // Three duplicates in a row: inject a fresh random tree instead (diversity).
    next.push(child ?? randomTree(rng, prims, 2 + rng.int(3), false));
  }
  return next;
}
