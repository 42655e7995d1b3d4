import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Term, add, float, int, mul, parse, sin, sym } from '@symx/core';
import { SexprError, compilePattern, parseSexpr, sexprPattern, sexprTerm, termToSexpr } from './index.js';
import { termArb } from '../test-support/helpers.js';

describe('S-expressions', () => {
  it('reads terms with egg operator names and exact integers', () => {
    expect(sexprTerm('(+ x (* 2 y))')).toBe(parse('x + 2*y'));
    expect(sexprTerm('(- a -1)')).toBe(parse('a - (-1)'));
    expect(sexprTerm('(ln x)')).toBe(parse('log(x)'));
    expect(sexprTerm('1.5')).toBe(float(1.5));
    expect(sexprTerm('(sin x)')).toBe(sin(sym('x')));
  });

  it('reads patterns: ?x atoms are slots', () => {
    const p = sexprPattern('(* ?a (+ ?b 1))');
    expect(p.kind).toBe('call');
    expect(compilePattern(p).slots).toEqual(['a', 'b']);
  });

  it('reports errors with their offset', () => {
    const bad: [string, RegExp, number][] = [
      ['(+ x', /missing '\)'/, 0],
      ['(+ x y))', /unbalanced/, 7],
      ['(foo x)', /unknown operator 'foo'/, 0],
      ['(+ x)', /two or more/, 0],
      ['()', /empty list/, 0],
      ['', /empty/, 0],
      ['x y', /after the expression/, 2],
      ['((a) y)', /head of a list/, 1],
      ['(?x y)', /unknown operator/, 0],
    ];
    for (const [src, msg, pos] of bad) {
      let err: unknown;
      try {
        sexprTerm(src);
      } catch (e) {
        err = e;
      }
      expect(err, src).toBeInstanceOf(SexprError);
      expect((err as SexprError).message, src).toMatch(msg);
      expect((err as SexprError).position, src).toBe(pos);
    }
    expect(() => sexprTerm('(+ ?x 1)')).toThrow(/slot/);
  });

  it('prints variadic calls as left folds', () => {
    expect(termToSexpr(add(sym('a'), sym('b'), int(1)))).toBe('(+ (+ a b) 1)');
    expect(termToSexpr(mul(sym('a'), float(2)))).toBe('(* a 2.0)');
  });

  it('round-trips (property)', () => {
    fc.assert(
      fc.property(termArb, (t) => {
        // Reading back gives the binary (left-folded) form, which prints identically.
        const back = sexprTerm(termToSexpr(t));
        expect(termToSexpr(back)).toBe(termToSexpr(t));
      }),
      { numRuns: 200 },
    );
  });

  it('reads 100,000-deep nesting', () => {
    const src = '(sin '.repeat(100_000) + 'x' + ')'.repeat(100_000);
    let t: Term = sexprTerm(src);
    let d = 0;
    while (t.args.length > 0) {
      t = t.args[0];
      d++;
    }
    expect(d).toBe(100_000);
    expect(parseSexpr('(a b)')).toMatchObject({ list: [{ atom: 'a' }, { atom: 'b' }] });
    expect(termToSexpr(sexprTerm(src)).length).toBe(src.length);
  }, 60_000);
});
