// Fuzzing fromJSON / fromJSONString: JSON term documents (tree and DAG form) with fields
// deleted, renamed, retyped and arguments dropped or duplicated, their text mutated, and random
// values. Only JSONTermError may come out; whatever reads back converts to JSON and back to the
// same term.
import fc from 'fast-check';
import { JSONTermError, type Term, fromJSON, fromJSONString, toJSON, toJSONString } from '@symx/core';
import { afterAll, describe, expect, it } from 'vitest';
import { bounded, exprArb, isStackOverflow, jsonMutationArb, jsonValueArb, mutateJson, mutatedArb, check, randomTextArb, report, timeout, tried } from './fuzz-support.js';

afterAll(() => console.log(report('json')));

function readChecked(f: () => Term): Term | undefined {
  try {
    return bounded('fromJSON', 2000, f);
  } catch (e) {
    if (isStackOverflow(e) || !(e instanceof JSONTermError)) throw e;
    expect(e.path.startsWith('$')).toBe(true);
    return undefined;
  }
}

function roundTrips(t: Term): void {
  expect(fromJSON(toJSON(t, { form: 'tree' }))).toBe(t);
  expect(fromJSON(toJSON(t, { form: 'dag' }))).toBe(t);
  expect(fromJSONString(toJSONString(t))).toBe(t);
}

const docArb = fc.tuple(exprArb(4), fc.constantFrom('tree' as const, 'dag' as const)).map(([t, form]) => toJSON(t, { form }) as unknown);

describe('fromJSON fuzzing', () => {
  it(
    'mutated documents: JSONTermError or a term that round-trips',
    async () => {
      await check('fromJSON/mutated-document', 400,
        fc.property(docArb, fc.array(jsonMutationArb, { minLength: 1, maxLength: 4 }), (doc, ms) => {
          tried('fromJSON/mutated-document');
          const t = readChecked(() => fromJSON(mutateJson(doc, ms)));
          if (t !== undefined) roundTrips(t);
        }),
      );
    },
    timeout(20_000),
  );

  it(
    'mutated JSON text: JSONTermError or a term that round-trips',
    async () => {
      await check('fromJSONString/mutated-text', 300,
        fc.property(mutatedArb(docArb.map((d) => JSON.stringify(d))), (text) => {
          tried('fromJSONString/mutated-text');
          const t = readChecked(() => fromJSONString(text));
          if (t !== undefined) roundTrips(t);
        }),
      );
    },
    timeout(20_000),
  );

  it(
    'random values and text: JSONTermError or a term',
    async () => {
      await check('fromJSON/random', 300,
        fc.property(fc.oneof(jsonValueArb, fc.anything()), randomTextArb, (value, text) => {
          tried('fromJSON/random', 2);
          const t = readChecked(() => fromJSON(value));
          if (t !== undefined) roundTrips(t);
          readChecked(() => fromJSONString(text));
        }),
      );
    },
    timeout(20_000),
  );

  it('cycles, sparse arrays, getters that throw, prototypes', () => {
    const cyc: Record<string, unknown> = { op: 'neg', args: [] };
    (cyc.args as unknown[]).push(cyc);
    const sparse = { op: 'add', args: new Array(3) };
    const proto = Object.create({ sym: 'x' });
    const nullProto = Object.assign(Object.create(null), { sym: 'x' });
    for (const v of [cyc, sparse, proto, { nodes: [{ sym: 'x' }], root: 0, extra: 1 }, { nodes: [{ op: 'neg', args: [0] }], root: 0 }, { int: '1e3' }, { rat: ['1', '0'] }, { float: 'NaN' }]) {
      tried('fromJSON/handpicked');
      readChecked(() => fromJSON(v));
    }
    tried('fromJSON/handpicked');
    expect(readChecked(() => fromJSON(nullProto))).toBeDefined();
  });
});
