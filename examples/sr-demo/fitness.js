// Fitness of candidates: the normalized mean squared error (MSE / variance of the target) on the
// training rows, raw and after linear scaling, computed for a whole population per call by the
// VM tier of @symx/wasm-eval (createDataset once, then evaluatePopulation — or lossPopulation
// without linear scaling — per generation). Candidates equal up to commutativity and
// associativity (the same `canonicalForm`) are scored once: a cache keyed by the canonical term.
// Constants are fitted by Levenberg–Marquardt (`fitConstants`, fused tier) on request.
import { canonicalForm, defaultStore, nowMs, numIsExact } from '@symx/core';
import { createDataset, evaluatePopulation, fitConstants, lossPopulation } from '@symx/wasm-eval';
import { variance } from './dataset.js';
import { constantsOf, replaceNumbers } from './trees.js';

/** @typedef {import('@symx/core').Term} Term */

/**
 * Scores candidates on one training set. Dispose it when the run is over.
 *
 * @example
 * const fitness = new Fitness(data.variables, data.train);
 * const { raw, scaled } = fitness.score([parse('mu*Nn'), parse('2*mu*Nn')]);   // raw [0, 3...], scaled [0, 0]
 * fitness.dispose();
 */
export class Fitness {
  /**
   * @param {readonly string[]} variables
   * @param {import('./dataset.js').Split} train
   * @param {boolean} [linearScaling]   judge candidates after linear scaling (default true)
   */
  constructor(variables, train, linearScaling = true) {
    this.variables = variables;
    this.train = train;
    this.dataset = createDataset(variables, train.columns, { target: train.target });
    this.targetVariance = variance(train.target) || 1;
    this.targetMean = train.target.reduce((a, b) => a + b, 0) / train.target.length;
    this.scaledFitness = linearScaling;
    /** Reused buffer of predictions (linear scaling). */
    this.values = new Float64Array(0);
    /** @type {Map<Term, [number, number]>} canonical form -> [raw NMSE, scaled NMSE] (Infinity when invalid) */
    this.cache = new Map();
    /** Candidates sent to the VM (cache hits are not counted). */
    this.evaluations = 0;
    /** Milliseconds spent in lossPopulation. */
    this.evalMs = 0;
    /** Levenberg–Marquardt fits run, and their milliseconds. */
    this.fits = 0;
    this.fitMs = 0;
  }

  /**
   * NMSE of every candidate (Infinity where it is NaN or infinite on some row), raw and after
   * linear scaling. New canonical forms are evaluated in one population call; the others come
   * from the cache. With linear scaling (Keijzer 2003) on, the VM returns the predictions
   * (`evaluatePopulation`) and the NMSE of the best a*f + b is computed from them here, so the
   * search judges a shape by how well it can fit, not by its current scale; off, the VM reduces
   * straight to the loss (`lossPopulation`) and `scaled` equals `raw`.
   *
   * @param {readonly Term[]} candidates
   * @returns {{ raw: Float64Array, scaled: Float64Array }}
   */
  score(candidates) {
    const raw = new Float64Array(candidates.length);
    const scaled = new Float64Array(candidates.length);
    /** @type {Term[]} */
    const fresh = [];
    /** @type {Term[]} */
    const freshKeys = [];
    /** @type {Set<Term>} */
    const pending = new Set();
    /** @type {Term[]} */
    const keys = new Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) {
      const key = canonicalForm(candidates[i]);
      keys[i] = key;
      if (this.cache.has(key) || pending.has(key)) continue;
      pending.add(key);
      fresh.push(candidates[i]);
      freshKeys.push(key);
    }
    if (fresh.length > 0) {
      const t0 = nowMs();
      if (this.scaledFitness) this.scoreScaled(fresh, freshKeys);
      else {
        const { loss, invalid } = lossPopulation(fresh, this.dataset, { kind: 'mse' });
        for (let j = 0; j < fresh.length; j++) {
          const l = invalid[j] || !Number.isFinite(loss[j]) ? Infinity : loss[j] / this.targetVariance;
          this.cache.set(freshKeys[j], [l, l]);
        }
      }
      this.evalMs += nowMs() - t0;
      this.evaluations += fresh.length;
    }
    for (let i = 0; i < candidates.length; i++) {
      const e = /** @type {[number, number]} */ (this.cache.get(keys[i]));
      raw[i] = e[0];
      scaled[i] = e[1];
    }
    return { raw, scaled };
  }

  /**
   * Raw and linearly scaled NMSE of `fresh` from their predictions, into the cache.
   *
   * @param {Term[]} fresh
   * @param {Term[]} keys
   */
  scoreScaled(fresh, keys) {
    const rows = this.train.target.length;
    if (this.values.length < fresh.length * rows) this.values = new Float64Array(fresh.length * rows * 2);
    const { values, invalid } = evaluatePopulation(fresh, this.dataset, { out: this.values });
    const y = this.train.target;
    const my = this.targetMean;
    const syy = this.targetVariance * rows;
    for (let j = 0; j < fresh.length; j++) {
      if (invalid[j]) {
        this.cache.set(keys[j], [Infinity, Infinity]);
        continue;
      }
      const base = j * rows;
      let sf = 0;
      let sse = 0;
      let sfy = 0;
      let sff = 0;
      for (let r = 0; r < rows; r++) {
        const f = values[base + r];
        const d = f - y[r];
        sf += f;
        sse += d * d;
        sfy += f * (y[r] - my);
        sff += f * f;
      }
      const raw = sse / syy;
      const vff = sff - (sf * sf) / rows; // rows * variance of f
      // Scaled: 1 - corr(f, y)^2 (1 for a constant f: the best a*f + b is the mean).
      const scaled = vff > 1e-12 * Math.max(1, sff) ? Math.max(0, 1 - (sfy * sfy) / (vff * syy)) : 1;
      this.cache.set(keys[j], [Number.isFinite(raw) ? raw : Infinity, Number.isFinite(scaled) ? Math.min(scaled, raw) : Infinity]);
    }
  }

  /**
   * Fits the float constants of `t` by Levenberg–Marquardt (exact rationals stay fixed: they are
   * structure, e.g. the 2 of x^2). Returns the fitted candidate and its NMSE, or `undefined` when
   * there is nothing to fit or the fit did not improve the loss.
   *
   * @param {Term} t
   * @param {number} maxIterations
   * @returns {{ term: Term, nmse: number, scaled: number } | undefined}
   */
  fit(t, maxIterations) {
    const consts = constantsOf(t);
    /** @type {number[]} */
    const fixed = [];
    for (let s = 0; s < consts.length; s++) if (numIsExact(consts[s].value)) fixed.push(s);
    if (fixed.length === consts.length) return undefined;
    const t0 = nowMs();
    const r = fitConstants(t, this.train.columns, this.train.target, {
      variables: this.variables,
      fixed,
      maxIterations,
    });
    this.fitMs += nowMs() - t0;
    this.fits++;
    if (!(r.lossAfter < r.lossBefore) || !Number.isFinite(r.lossAfter)) return undefined;
    /** @type {Map<Term, Term>} */
    const map = new Map();
    for (let s = 0; s < consts.length; s++) {
      if (numIsExact(consts[s].value)) continue;
      const c = r.constants[s];
      if (!Number.isFinite(c)) return undefined;
      map.set(consts[s], defaultStore.number(c));
    }
    const term = replaceNumbers(t, map);
    // Scored by the VM like every other candidate (not with the fit's own loss), so a
    // candidate's fitness never depends on how it was reached.
    const { raw, scaled } = this.score([term]);
    return { term, nmse: raw[0], scaled: scaled[0] };
  }

  /**
   * The least-squares scale and offset of each candidate (Keijzer's linear scaling): the a, b
   * minimizing the squared error of a*f + b against the target, from one evaluatePopulation call.
   * `undefined` for a candidate that is invalid or constant on the data.
   *
   * @param {readonly Term[]} candidates
   * @returns {({ a: number, b: number } | undefined)[]}
   */
  linearScaling(candidates) {
    if (candidates.length === 0) return [];
    const t0 = nowMs();
    const { values, invalid } = evaluatePopulation(candidates, this.dataset);
    this.evalMs += nowMs() - t0;
    this.evaluations += candidates.length;
    const y = this.train.target;
    const rows = y.length;
    let my = 0;
    for (let r = 0; r < rows; r++) my += y[r];
    my /= rows;
    return candidates.map((_, i) => {
      if (invalid[i]) return undefined;
      const base = i * rows;
      let mf = 0;
      for (let r = 0; r < rows; r++) mf += values[base + r];
      mf /= rows;
      let sff = 0;
      let sfy = 0;
      for (let r = 0; r < rows; r++) {
        const d = values[base + r] - mf;
        sff += d * d;
        sfy += d * (y[r] - my);
      }
      if (!(sff > 1e-300) || !Number.isFinite(sff)) return undefined;
      const a = sfy / sff;
      const b = my - a * mf;
      return Number.isFinite(a) && Number.isFinite(b) && a !== 0 ? { a, b } : undefined;
    });
  }

  /** Empties the cache (required after the store released terms its keys may hold). */
  clearCache() {
    this.cache.clear();
  }

  dispose() {
    this.dataset.dispose();
  }
}

/**
 * NMSE of one expression on a split (e.g. the held-out test rows); Infinity when it is NaN or
 * infinite on some row.
 *
 * @param {Term} t
 * @param {readonly string[]} variables
 * @param {import('./dataset.js').Split} split
 * @returns {number}
 * @example
 * heldOutNmse(parse('mu*Nn'), ['mu', 'Nn'], data.test);   // 0
 */
export function heldOutNmse(t, variables, split) {
  const data = createDataset(variables, split.columns, { target: split.target });
  try {
    const { loss, invalid } = lossPopulation([t], data, { kind: 'mse' });
    return invalid[0] || !Number.isFinite(loss[0]) ? Infinity : loss[0] / (variance(split.target) || 1);
  } finally {
    data.dispose();
  }
}
