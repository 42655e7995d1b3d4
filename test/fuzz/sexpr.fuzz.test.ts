// Fuzzing the e-graph's S-expression reader: random text and mutated printed terms through
// parseSexpr, sexprTerm and sexprPattern. Only SexprError may come out; whatever reads back as
// a term prints, reads back and prints the same (add/mul come back binary, as documented).
import fc from 'fast-check';
import { sexprPattern, sexprTerm, parseSexpr, SexprError, termToSexpr } from '@symx/egraph';
import { afterAll, describe, expect, it } from 'vitest';
import { bounded, exprArb, isStackOverflow, mutatedArb, check, randomTextArb, report, timeout, tried } from './fuzz-support.js';

afterAll(() => console.log(report('sexpr')));

function checked<R>(f: () => R): R | undefined {
  try {
    return bounded('sexpr', 2000, f);
  } catch (e) {
    if (isStackOverflow(e) || !(e instanceof SexprError)) throw e;
    return undefined;
  }
}

const printed = exprArb(4).map((t) => termToSexpr(t));
const patterns = printed.map((s) => s.replace(/\bx\b/g, '?x').replace(/\by\b/g, '?y'));

describe('S-expression fuzzing', () => {
  for (const [name, arb, runs] of [
    ['random', randomTextArb.map((s) => s.replace(/~/g, '?')), 300],
    ['mutated', mutatedArb(fc.oneof(printed, patterns)), 300],
  ] as const) {
    it(
      `${name} text: SexprError or a result; terms round-trip`,
      async () => {
        await check(`sexpr/${name}`, runs,
          fc.property(arb, (src) => {
            tried(`sexpr/${name}`);
            checked(() => parseSexpr(src));
            checked(() => sexprPattern(src));
            const t = checked(() => sexprTerm(src));
            // termToSexpr binarizes variadic add/mul (documented), so compare printed forms.
            if (t !== undefined) expect(termToSexpr(sexprTerm(termToSexpr(t)))).toBe(termToSexpr(t));
          }),
        );
      },
      timeout(20_000),
    );
  }
});
