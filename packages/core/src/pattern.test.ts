import { describe, expect, it } from 'vitest';
import {
  SLOT_TYPES,
  callPattern,
  formatPattern,
  literal,
  parseSlotToken,
  patternDepth,
  patternFromTerm,
  patternSlots,
  segment,
  slot,
} from './pattern.js';
import { RuleError } from './rule.js';
import { PI, add, call, float, int, mul, neg, rat, sin, sym } from './terms.js';

describe('slot tokens', () => {
  it('reads ~x, ~~xs and ~x:type', () => {
    expect(parseSlotToken('~x')).toEqual({ name: 'x', segment: false });
    expect(parseSlotToken('~~xs')).toEqual({ name: 'xs', segment: true });
    expect(parseSlotToken('~n:integer')).toEqual({ name: 'n', segment: false, type: 'integer' });
    expect(parseSlotToken('~~ns:number')).toEqual({ name: 'ns', segment: true, type: 'number' });
    expect(parseSlotToken('x')).toBeUndefined();
    expect(parseSlotToken('~~~x')).toBeUndefined();
    expect(parseSlotToken('~x:')).toBeUndefined();
  });
});

describe('builders', () => {
  it('make the shared pattern shape', () => {
    const p = callPattern('mul', slot('x'), int(1));
    expect(p).toEqual({ kind: 'call', op: 'mul', args: [{ kind: 'slot', name: 'x', segment: false }, { kind: 'literal', term: int(1) }] });
    const n = slot('n', 'integer');
    expect(n.type).toBe('integer');
    expect(n.predicate).toBe(SLOT_TYPES.integer);
    expect(segment('xs').segment).toBe(true);
    expect(literal(sym('y'))).toEqual({ kind: 'literal', term: sym('y') });
  });

  it('resolves user predicates and rejects unknown types', () => {
    const small = (t: { size: number }) => t.size < 3;
    expect(slot('s', 'small', { small }).predicate).toBe(small);
    expect(() => slot('s', 'small')).toThrow(RuleError);
    expect(() => slot('s', 'small')).toThrow(/unknown slot type 'small'/);
    expect(() => slot('1x')).toThrow(/bad slot name/);
  });
});

describe('patternFromTerm', () => {
  it('turns ~ symbols into slots and the rest into literals and calls', () => {
    const p = patternFromTerm(add(mul(sym('~x'), int(2)), sym('~~rest'), sym('~n:integer'), PI));
    expect(formatPattern(p)).toBe('add(mul(~x, 2), ~~rest, ~n:integer, pi)');
    expect(patternSlots(p).map((s) => s.name)).toEqual(['x', 'rest', 'n']);
    expect(patternDepth(p)).toBe(3);
  });

  it('is iterative: a 100,000-deep term converts', { timeout: 60_000 }, () => {
    let t = sym('~x');
    for (let i = 0; i < 100_000; i++) t = neg(t);
    const p = patternFromTerm(t);
    expect(patternDepth(p)).toBe(100_001);
    expect(patternSlots(p)).toHaveLength(1);
    expect(formatPattern(p).length).toBe(100_000 * 5 + 2);
  });

  it('rejects malformed slot symbols', () => {
    expect(() => patternFromTerm(sym('~1'))).toThrow(RuleError);
  });
});

describe('built-in slot types', () => {
  const T = SLOT_TYPES;
  it('classify numbers, symbols and constants', () => {
    expect(T.number(int(2))).toBe(true);
    expect(T.number(sym('x'))).toBe(false);
    expect(T.integer(int(2))).toBe(true);
    expect(T.integer(float(2))).toBe(true);
    expect(T.integer(rat(1, 2))).toBe(false);
    expect(T.rational(rat(1, 2))).toBe(true);
    expect(T.rational(float(0.5))).toBe(false);
    expect(T.float(float(0.5))).toBe(true);
    expect(T.symbol(sym('x'))).toBe(true);
    expect(T.call(sin(sym('x')))).toBe(true);
    expect(T.constant(PI)).toBe(true);
    expect(T.constant(sym('x'))).toBe(false);
  });

  it('know signs of constants only', () => {
    expect(T.positive(int(3))).toBe(true);
    expect(T.positive(PI)).toBe(true);
    expect(T.positive(int(0))).toBe(false);
    expect(T.positive(sym('x'))).toBe(false);
    expect(T.nonnegative(int(0))).toBe(true);
    expect(T.negative(rat(-1, 3))).toBe(true);
    expect(T.nonzero(int(0))).toBe(false);
    expect(T.nonzero(float(-0))).toBe(false);
    expect(T.nonzero(float(NaN))).toBe(false);
    expect(T.nonzero(float(1e-300))).toBe(true);
    expect(T.positive(float(NaN))).toBe(false);
    expect(T.nonzero(call('sin', int(1)))).toBe(false); // not a constant we know by value
  });

  it('know parity of integers', () => {
    expect(T.even(int(4))).toBe(true);
    expect(T.even(int(-4))).toBe(true);
    expect(T.odd(int(-3))).toBe(true);
    expect(T.odd(float(3))).toBe(true);
    expect(T.even(rat(1, 2))).toBe(false);
    expect(T.odd(sym('x'))).toBe(false);
  });
});
