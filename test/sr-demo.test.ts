// The symbolic-regression demo (examples/sr-demo): a tiny deterministic budget through runDemo,
// the recovery rule on known answers, and the command-line validation. No timing assertions.
import { parse } from '@symx/core';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM JavaScript with JSDoc types, no declaration files
import { parseCommandLine, runDemo } from '../examples/sr-demo/main.js';
// @ts-expect-error plain ESM JavaScript
import { checkRecovery, roundConstant } from '../examples/sr-demo/recovery.js';
// @ts-expect-error plain ESM JavaScript
import { problem } from '../examples/sr-demo/formulas.js';
// @ts-expect-error plain ESM JavaScript
import { makeData } from '../examples/sr-demo/dataset.js';

interface Run {
  id: string;
  noise: number;
  found: string;
  foundFull: string;
  latex: string;
  recovered: boolean;
  method: string | null;
  reason: string;
  trainNmse: number;
  testNmse: number;
  generations: number;
  evaluations: number;
  ms: number;
  vmMs: number;
  candidatesPerSecond: number;
}

const TINY = { seed: 3, formulas: ['I.12.1', 'I.14.3'], population: 120, generations: 12, noise: [0, 0.01], workers: 1 };

/** A run without its timings (the only part allowed to differ between identical runs). */
const untimed = ({ ms: _ms, vmMs: _vm, candidatesPerSecond: _cps, ...rest }: Run) => rest;

describe('sr-demo runDemo', () => {
  it('returns one run per formula and noise level, with the documented fields, deterministically', async () => {
    const a = await runDemo(TINY);
    expect(a.seed).toBe(3);
    expect(a.runs.map((r: Run) => `${r.id}/${r.noise}`)).toEqual(['I.12.1/0', 'I.12.1/0.01', 'I.14.3/0', 'I.14.3/0.01']);
    for (const r of a.runs as Run[]) {
      expect(typeof r.found).toBe('string');
      expect(() => parse(r.foundFull)).not.toThrow();
      expect(typeof r.latex).toBe('string');
      expect(typeof r.recovered).toBe('boolean');
      expect(r.generations).toBeGreaterThan(0);
      expect(r.generations).toBeLessThanOrEqual(TINY.generations);
      expect(r.evaluations).toBeGreaterThan(0);
      expect(r.testNmse).toBeGreaterThanOrEqual(0);
      expect(r.reason.length).toBeGreaterThan(0);
    }
    expect(a.summary.formulas).toBe(2);
    expect(a.summary.evaluations).toBe(a.runs.reduce((s: number, r: Run) => s + r.evaluations, 0));

    // F = mu*Nn is found exactly even on this budget, with and without noise.
    const friction = a.runs.filter((r: Run) => r.id === 'I.12.1');
    expect(friction.every((r: Run) => r.recovered)).toBe(true);
    expect(friction[0].method).toBe('simplify');
    expect(friction[0].testNmse).toBeLessThan(1e-20);

    // Same seed, same everything but the clock.
    const b = await runDemo(TINY);
    expect(b.runs.map(untimed)).toEqual(a.runs.map(untimed));
  }, 120_000);

  it('also runs with the VM reducing straight to the loss (no linear scaling)', async () => {
    const r = await runDemo({ ...TINY, formulas: ['I.12.1'], noise: [0], gp: { linearScaling: false } });
    expect(r.runs[0].recovered).toBe(true);
  }, 60_000);

  it('rejects an unknown formula id', async () => {
    await expect(runDemo({ formulas: ['I.99.99'], workers: 1 })).rejects.toThrow(/unknown formula id 'I.99.99'/);
  });
});

describe('sr-demo recovery rule', () => {
  const ranges = (id: string) => problem(id).ranges;

  it('says yes for the truth itself and for it with fitted float constants', () => {
    for (const id of ['I.12.1', 'I.14.4', 'I.12.2', 'I.6.2a', 'I.18.12', 'I.37.4']) {
      const p = problem(id);
      const r = checkRecovery(p.truth, p.truth, { tol: 1e-6, ranges: p.ranges });
      expect(r.recovered, `${id}: ${r.reason}`).toBe(true);
    }
    const cases: [string, string][] = [
      ['I.14.4', '0.5000000002*k_spring*x*x'],
      ['I.12.2', '0.07957747154594767*q1*q2/(epsilon*r*r)'],
      ['I.6.2a', '0.3989422804014327*exp(theta*theta*(-0.5000000001))'],
      ['I.18.12', 'F*r*sin(3.141592653589793 - theta)'],
    ];
    for (const [id, src] of cases) {
      const r = checkRecovery(parse(src), problem(id).truth, { tol: 1e-6, ranges: ranges(id) });
      expect(r.recovered, `${src}: ${r.reason}`).toBe(true);
    }
  });

  it('says no for wrong expressions and for constants that are not near a simple one', () => {
    const no: [string, string][] = [
      ['I.14.4', 'k_spring*x*x'],
      ['I.14.4', '0.5*k_spring*x'],
      ['I.12.1', 'mu + Nn'],
      ['I.12.2', '0.0796*q1*q2/(epsilon*r*r)'], // 0.0796 is 3e-4 away from 1/(4*pi): not within 1e-6
      ['I.6.2a', '0.4*exp(-0.5*theta*theta)'], // 2/5 is not 1/sqrt(2*pi)
    ];
    for (const [id, src] of no) {
      const r = checkRecovery(parse(src), problem(id).truth, { tol: 1e-6, ranges: ranges(id) });
      expect(r.recovered, src).toBe(false);
      expect(r.reason.length).toBeGreaterThan(0);
    }
  });

  it('rounds constants to simple rationals, pi multiples and square roots, or refuses', () => {
    expect(String(roundConstant(0.5000000001, 1e-6))).toBe('1/2');
    expect(String(roundConstant(-0.25, 1e-6))).toBe('-(1/4)');
    expect(roundConstant(0.123456, 1e-6)).toBeUndefined();
    expect(roundConstant(0.0796, 1e-6)).toBeUndefined();
    expect(String(roundConstant(0.0796, 1e-3))).toBe('1/4/pi'); // 1/(4*pi) = 0.079577: 2.8e-4 off
    expect(String(roundConstant(0.3989422804014327, 1e-6))).toBe('sqrt(1/2/pi)');
    expect(String(roundConstant(1e-9, 1e-6))).toBe('0');
  });
});

describe('sr-demo data', () => {
  it('is a function of the seed; the noisy variant shares the inputs', () => {
    const p = problem('I.14.4');
    const opts = { seed: 9, trainRows: 50, testRows: 20, noise: 0 };
    const a = makeData(p, opts);
    const b = makeData(p, opts);
    const n = makeData(p, { ...opts, noise: 0.01 });
    expect(Array.from(a.train.target)).toEqual(Array.from(b.train.target));
    expect(Array.from(n.train.columns[0])).toEqual(Array.from(a.train.columns[0]));
    expect(Array.from(n.train.target)).not.toEqual(Array.from(a.train.target));
    expect(Array.from(n.test.target)).toEqual(Array.from(a.test.target)); // held-out rows are noise-free
  });
});

describe('sr-demo command line', () => {
  it('reads the documented flags', () => {
    const r = parseCommandLine(['--seed', '7', '--formulas', 'I.12.1,I.14.4', '--population', '300', '--generations', '40', '--quick', '--workers', '1']);
    expect(r).toEqual({
      json: false,
      options: { seed: 7, formulas: ['I.12.1', 'I.14.4'], population: 300, generations: 40, quick: true, workers: 1 },
    });
    expect(parseCommandLine(['--json']).json).toBe(true);
    expect(parseCommandLine(['--help'])).toEqual({ help: true });
  });

  it('rejects bad flags with a clear message', () => {
    expect(() => parseCommandLine(['--seed', 'x'])).toThrow(/--seed must be a whole number, got 'x'/);
    expect(() => parseCommandLine(['--seed=-1'])).toThrow(/--seed must be a whole number/);
    expect(() => parseCommandLine(['--population', '5'])).toThrow(/--population must be between 10 and/);
    expect(() => parseCommandLine(['--formulas', 'I.12.1,nope'])).toThrow(/unknown id 'nope'/);
    expect(() => parseCommandLine(['--formulas', ','])).toThrow(/at least one id/);
    expect(() => parseCommandLine(['--frobnicate'])).toThrow(/frobnicate/);
    expect(() => parseCommandLine(['--seed'])).toThrow(/--seed/);
  });
});
