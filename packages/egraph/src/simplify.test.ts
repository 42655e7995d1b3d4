import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, call, defineOperator, format, int, mul, parse, sym } from '@symx/core';
import { type RunResult, equivalent, simplify } from './index.js';
import { numericallyEqual, points, termArb } from '../test-support/helpers.js';

const p = parse;

describe('simplify', () => {
  const cases: [string, string][] = [
    ['x*1 + 0', 'x'],
    ['2*x + 3*x', '5*x'],
    ['(x + 0) * (2 - 1)', 'x'],
    ['x - x', '0'],
    ['x*x*x', 'x^3'],
    ['1/3 + 1/6', '1/2'],
    ['sin(x)*1 + 0*y', 'sin(x)'],
    ['x/x', '1'],
  ];
  for (const [src, want] of cases) it(`${src} => ${want}`, () => expect(simplify(p(src))).toBe(p(want)));

  it('reports how the run stopped', () => {
    let run: RunResult | undefined;
    simplify(p('x + 0'), { onRun: (r) => (run = r) });
    expect(run!.stopReason.kind).toBe('saturated');
  });

  it('returns the best term found when a limit stops it', () => {
    let run: RunResult | undefined;
    const t = p('(x + y + z + x*y + y*z) * (x + z + 2)');
    const s = simplify(t, { nodeLimit: 300, onRun: (r) => (run = r) });
    expect(run!.stopReason.kind).toBe('node-limit');
    expect(s.size).toBeLessThanOrEqual(t.size);
    expect(numericallyEqual(s, t)).toBe(true);
  });

  it('never grows the term and keeps its value (property)', () => {
    fc.assert(
      fc.property(termArb, (t) => {
        const s = simplify(t, { iterLimit: 5, nodeLimit: 3000 });
        expect(s.size).toBeLessThanOrEqual(t.size);
        expect(numericallyEqual(s, t), `${format(s)} vs ${format(t)}`).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('takes other costs', () => {
    // ops: x*x (3) is cheaper than x^2 (100).
    expect(simplify(p('x^2'), { cost: 'ops' })).toBe(p('x*x'));
    expect(simplify(p('x*x*x'), { cost: 'size' })).toBe(p('x^3'));
    expect(simplify(p('x*x*x'), { cost: 'depth' }).depth).toBe(2);
  });
});

describe('equivalent', () => {
  it('proves equalities', () => {
    expect(equivalent(p('(x + 1)*(x + 1)'), p('x*x + 2*x + 1')).result).toBe(true);
    expect(equivalent(p('a*(b + c)'), p('a*b + a*c')).result).toBe(true);
    expect(equivalent(p('x'), p('x')).reason).toMatch(/identical/);
  });

  it('refutes with evidence', () => {
    const r = equivalent(p('x + 1'), p('x + 2'));
    expect(r.result).toBe(false);
    expect(r.witness).toBeDefined();
    // Without sampling, the constant analysis tells 2+2 from 5.
    const c = equivalent(p('2 + 2'), p('5'), { samples: 0 });
    expect(c.result).toBe(false);
    expect(c.reason).toMatch(/different constants/);
  });

  it('says unknown, with the reason, when it cannot decide', () => {
    const sat = equivalent(p('sin(x)^2 + cos(x)^2'), p('1'));
    expect(sat.result).toBe('unknown');
    expect(sat.reason).toMatch(/saturated/);
    const lim = equivalent(p('(a+b+c+d)*(e+f+g)'), p('(e+f+g)*(d+c+b+a) + 0*h'), { nodeLimit: 50 });
    expect(lim.result).toBe('unknown');
    expect(lim.stopReason?.kind).toBe('node-limit');
    expect(lim.reason).toMatch(/node limit/);
  });

  it('explains a proof when asked', () => {
    const r = equivalent(p('x*y + 0'), p('y*x'), { explain: true });
    expect(r.result).toBe(true);
    expect(r.explanation!.steps[0].term).toBe(p('x*y + 0'));
    expect(r.explanation!.steps.at(-1)!.term).toBe(p('y*x'));
  });

  it('true is always confirmed numerically (property)', () => {
    fc.assert(
      fc.property(termArb, termArb, fc.boolean(), (a, b, related) => {
        // Half the pairs are related (b is a simplified a), half random.
        const bb = related ? simplify(a, { iterLimit: 3, nodeLimit: 1000 }) : b;
        const r = equivalent(a, bb, { iterLimit: 6, nodeLimit: 2000, samples: 0 });
        if (r.result === true) expect(numericallyEqual(a, bb, points(16, 3)), `${format(a)} vs ${format(bb)}`).toBe(true);
      }),
      { numRuns: 120 },
    );
  });

  it('false is never returned for equal terms (property)', () => {
    fc.assert(
      fc.property(termArb, (a) => {
        const b = simplify(a, { iterLimit: 3, nodeLimit: 1000 });
        expect(equivalent(a, b, { iterLimit: 2, nodeLimit: 500 }).result).not.toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('works for operators without numeric meaning (no refutation, no error)', () => {
    defineOperator('opaque', 1);
    expect(equivalent(call('opaque', sym('x')), sym('x')).result).toBe('unknown');
    expect(equivalent(call('opaque', sym('x')), call('opaque', add(sym('x'), int(0)))).result).toBe(true);
  });
});

describe('time limits count from the call, not from the saturation', () => {
  // (the time bound itself, 2x the limit, is checked in test/hardening/limits.test.ts)
  it('on a 100,000-term sum: simplify stops at the time limit and returns no larger a term; equivalent says unknown', () => {
    const terms = Array.from({ length: 100_000 }, (_, i) => mul(int(i + 2), sym(`v${i % 997}`)));
    const t = add(...terms);
    let stop: string | undefined;
    const out = simplify(t, { timeLimit: 200, nodeLimit: 10_000_000, iterLimit: 1_000_000, onRun: (r) => (stop = r.stopReason.kind) });
    expect(stop).toBe('time-limit');
    expect(out.size).toBeLessThanOrEqual(t.size);
    const eq = equivalent(t, add(t, int(0)), { timeLimit: 200, nodeLimit: 10_000_000, iterLimit: 1_000_000 });
    expect(eq.result).toBe('unknown');
    expect(eq.reason).toMatch(/time limit/);
  }, 60_000);
});
