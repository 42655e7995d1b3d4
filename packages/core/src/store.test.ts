import { describe, expect, it } from 'vitest';
import { TermStore, StaleTermError, TermError } from './internal/store.js';
import { rational, integer } from './numbers.js';

describe('TermStore hash-consing', () => {
  it('interns structurally equal terms to the same object', () => {
    const s = new TermStore();
    const x = s.symbol('x');
    const a = s.call('add', [s.call('mul', [s.integer(2), x]), s.call1('sin', x)]);
    const b = s.call('add', [s.call2('mul', s.integer(2), x), s.call('sin', [x])]);
    expect(a).toBe(b);
    expect(a.size).toBe(6);
    expect(a.depth).toBe(3);
    expect(s.number(rational(2, 4))).toBe(s.number(rational(1, 2)));
    expect(s.number(2)).not.toBe(s.integer(2)); // float 2.0 is not exact 2
    expect(s.number(0)).not.toBe(s.number(-0));
    expect(s.number(NaN)).toBe(s.number(0 / 0));
  });

  it('keeps plain construction exactly as built', () => {
    const s = new TermStore();
    const x = s.symbol('x');
    const xx = s.call('mul', [x, x]);
    expect(xx.op).toBe('mul');
    expect(xx.args).toEqual([x, x]);
  });

  it('rejects unknown operators and wrong arities with a clear error', () => {
    const s = new TermStore();
    const x = s.symbol('x');
    expect(() => s.call('frob', [x])).toThrow(TermError);
    expect(() => s.call('sin', [x, x])).toThrow(/'sin' takes 1 argument, got 2/);
    expect(() => s.call('add', [x])).toThrow(/two or more/);
  });

  it('grows its table and keeps every term reachable', () => {
    const s = new TermStore(4);
    const made = [];
    for (let i = 0; i < 10_000; i++) made.push(s.integer(i));
    for (let i = 0; i < 10_000; i++) expect(s.integer(i)).toBe(made[i]);
    expect(s.stats().live).toBe(10_000);
  });

  it('releases a generation but keeps what is reachable from keep', () => {
    const s = new TermStore();
    const x = s.symbol('x');
    const m = s.mark();
    const keep = s.call1('sin', s.call2('add', x, s.integer(1)));
    const drop = s.call1('cos', x);
    const released = s.release(m, [keep]);
    expect(released).toBe(1);
    expect(s.owns(keep)).toBe(true);
    expect(s.owns(keep.args[0])).toBe(true);
    expect(s.owns(drop)).toBe(false);
    expect(() => s.call1('exp', drop)).toThrow(StaleTermError);
    // the same structure built again is a fresh, live term
    expect(s.call1('cos', x)).not.toBe(drop);
    expect(s.call2('add', x, s.integer(1))).toBe(keep.args[0]);
  });

  it('scope() reclaims everything but the result', () => {
    const s = new TermStore();
    const x = s.symbol('x');
    const before = s.stats().live;
    const r = s.scope(() => {
      let t = x;
      for (let i = 0; i < 1000; i++) t = s.call2('add', t, s.integer(i));
      return s.call1('sin', x);
    });
    expect(s.stats().live).toBe(before + 1);
    expect(r).toBe(s.call1('sin', x));
  });

  it('refuses terms from another store', () => {
    const a = new TermStore();
    const b = new TermStore();
    expect(() => b.call1('sin', a.symbol('x'))).toThrow(/another TermStore/);
  });

  it('hashes a 100,000-deep term and a 100,000-term sum without recursion', () => {
    const s = new TermStore();
    let t = s.symbol('x');
    for (let i = 0; i < 100_000; i++) t = s.call1('sin', t);
    expect(t.depth).toBe(100_001);
    const args = [];
    for (let i = 0; i < 100_000; i++) args.push(s.integer(i));
    const sum = s.call('add', args);
    expect(s.call('add', args.slice())).toBe(sum);
    expect(integer(5)).toBe(integer(5));
  });
});
