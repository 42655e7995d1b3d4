// Fuzzing the infix parser: random text and mutated printed expressions. Only ParseError (with
// a position inside the source) may come out, each input returns quickly, and whatever parses
// prints back to text that parses to the same term.
import fc from 'fast-check';
import { ParseError, type Term, format, parse } from '@symx/core';
import { afterAll, describe, expect, it } from 'vitest';
import { bounded, exprArb, isStackOverflow, mutatedArb, check, randomTextArb, report, timeout, tried } from './fuzz-support.js';

afterAll(() => console.log(report('parse')));

/** Parses `src`: a term, or undefined for a ParseError at a valid position; anything else fails. */
function parseChecked(src: string): Term | undefined {
  try {
    return bounded('parse', 2000, () => parse(src));
  } catch (e) {
    if (isStackOverflow(e) || !(e instanceof ParseError)) throw e;
    expect(Number.isInteger(e.position)).toBe(true);
    expect(e.position).toBeGreaterThanOrEqual(0);
    expect(e.position).toBeLessThanOrEqual(src.length);
    expect(e.message.length).toBeGreaterThan(0);
    return undefined;
  }
}

/** The round trip: format(t) reparses to t. */
function roundTrips(t: Term): void {
  const text = format(t);
  const back = parse(text);
  if (back !== t) throw new Error(`format/parse round trip: ${JSON.stringify(text)} reparses to ${JSON.stringify(format(back))}`);
}

const printed = exprArb(5).map((t) => format(t));

describe('parse fuzzing', () => {
  it(
    'random text: ParseError or a term that round-trips',
    async () => {
      await check('parse/random', 500,
        fc.property(randomTextArb, (src) => {
          tried('parse/random');
          const t = parseChecked(src);
          if (t !== undefined) roundTrips(t);
        }),
      );
    },
    timeout(20_000),
  );

  it(
    'mutated printed expressions: ParseError or a term that round-trips',
    async () => {
      await check('parse/mutated', 400,
        fc.property(mutatedArb(printed), (src) => {
          tried('parse/mutated');
          const t = parseChecked(src);
          if (t !== undefined) roundTrips(t);
        }),
      );
    },
    timeout(20_000),
  );

  it(
    'unmutated printed expressions parse back to themselves',
    async () => {
      await check('parse/printed', 100,
        fc.property(exprArb(6), (t) => {
          tried('parse/printed');
          expect(parse(format(t))).toBe(t);
        }),
      );
    },
    timeout(20_000),
  );

  it('a ParseError for the pathological inputs found by hand', () => {
    const cases = ['', ' ', '(', ')', '1e', '1e+', '--', '2**', 'sin()', 'sin(x,y)', 'pow(x)', 'x y', '\u0000', '~x', 'min(x)', '1..2', '(' .repeat(50_000)];
    for (const src of cases) {
      tried('parse/handpicked');
      expect(parseChecked(src), JSON.stringify(src.slice(0, 20))).toBeUndefined();
    }
  });
});
