// Fuzzing the JSON stdio server: sequences of valid requests of every method with their fields
// deleted, renamed and retyped, their text mutated, and random lines, sent to one Server (so
// state carries over: datasets, kernels, vocabularies). Every line gets exactly one reply, a
// single line of valid JSON with the request's id and either a result or an error with a
// documented code, never `internal_error`. One spawned `symx serve` takes a stream of thousands
// of mutated requests (long runs only) and answers each.
import fc from 'fast-check';
import { format } from '@symx/core';
import { afterAll, describe, expect, it } from 'vitest';
import { Server } from '../../packages/cli/src/index.js';
import { execCli } from '../../packages/cli/test-support/harness.js';
import { FUZZ_SCALE, bounded, exprArb, jsonMutationArb, mutateJson, mutatedArb, check, randomTextArb, report, timeout, tried } from './fuzz-support.js';

afterAll(() => console.log(report('server')));

const CODES = new Set([
  'parse_error', 'invalid_request', 'unknown_method', 'invalid_params', 'bad_expression', 'bad_vocabulary',
  'unknown_dataset', 'unknown_kernel', 'data_error', 'evaluation_error', 'unsupported',
]);

const col = [0.5, -1, 2, 0, 3.25];
/** Valid requests of every method (ids filled in by the test). */
const TEMPLATES: Record<string, unknown>[] = [
  { method: 'version' },
  { method: 'parse', params: { expr: 'x*y + sin(z)' } },
  { method: 'parse', params: { exprs: ['add(x, 1)', 'mul(x, y)'], syntax: 'calls', format: 'json' } },
  { method: 'simplify', params: { expr: 'x*y*x/(x*y)', engine: 'egraph', time_limit_ms: 50 } },
  { method: 'simplify', params: { exprs: ['x + 0', 'sin(x)^2 + cos(x)^2'], format: 'latex' } },
  { method: 'diff', params: { expr: 'x^2*y', wrt: ['x', 'y'], simplify: true } },
  { method: 'vocabulary', params: { operators: { plus: 'add', sq: { args: ['a'], define: 'a*a' }, pdiv: { protected: 'div', threshold: 0.001, value: 1 } }, syntax: 'calls' } },
  { method: 'vocabulary', params: { operators: {}, syntax: 'infix' } },
  { method: 'load_dataset', params: { name: 'd', columns: { x: col, y: [1, 2, null, 'nan', 'inf'] }, target: 'y' } },
  { method: 'load_dataset', params: { name: 'e', columns: { x: col, y: col }, target: 'y', weights: 'x', variables: ['x'] } },
  { method: 'loss', params: { dataset: 'd', exprs: ['x*2', 'x/0', 'x'], kind: 'mae', dedup: 'dataset' } },
  { method: 'evaluate', params: { exprs: ['x + 1'], data: { x: col }, encoding: 'base64', early_exit: true } },
  { method: 'evaluate', params: { expr: 'x*x', dataset: 'e', encoding: 'json', dedup: 'none' } },
  { method: 'fit', params: { exprs: ['1.5*x + 0.5'], dataset: 'e', max_iterations: 5, tolerance: 1e-6 } },
  { method: 'compile', params: { exprs: ['x*1.5', 'sin(x) + 2.5'], variables: ['x'], tier: 'fused' } },
  { method: 'evaluate', params: { kernel: 'k1', data: { x: col }, params: [[2], null] } },
  { method: 'loss', params: { kernel: 'k1', dataset: 'e', params: [null, [1]] } },
  { method: 'free_kernel', params: { kernel: 'k1' } },
  { method: 'unload_dataset', params: { name: 'd' } },
];

const exprString = fc.oneof(exprArb(3).map((t) => format(t)), mutatedArb(exprArb(3).map((t) => format(t))));
const requestArb: fc.Arbitrary<string> = fc.oneof(
  // A template with its fields mutated (and sometimes its expressions replaced).
  fc.tuple(fc.nat(), fc.array(jsonMutationArb, { maxLength: 3 }), fc.option(exprString, { freq: 3 }), fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.constant(null), fc.constant(undefined))).map(([k, ms, e, id]) => {
    let req = structuredClone(TEMPLATES[k % TEMPLATES.length]);
    if (e !== null && req.params && typeof req.params === 'object' && 'expr' in (req.params as object)) (req.params as Record<string, unknown>).expr = e;
    req = { id, ...(mutateJson(req, ms) as object) };
    return JSON.stringify(req);
  }),
  // A template's text mutated.
  mutatedArb(fc.nat().map((k) => JSON.stringify({ id: k, ...TEMPLATES[k % TEMPLATES.length] }))),
  // Random lines.
  randomTextArb,
);

/** Checks one reply line; returns it parsed. */
function checkReply(request: string, reply: string): { id: unknown; result?: unknown; error?: { code: string; message: string } } {
  expect(reply.includes('\n'), 'one line').toBe(false);
  const r = JSON.parse(reply);
  const shown = request.slice(0, 300);
  if (r.error !== undefined) {
    if (r.error.code === 'internal_error') throw new Error(`internal_error for ${shown}: ${r.error.message}`);
    expect(CODES.has(r.error.code), `${r.error.code} for ${shown}`).toBe(true);
    expect(typeof r.error.message).toBe('string');
  } else expect('result' in r, shown).toBe(true);
  // The id is echoed when the request could be read as an object with an id.
  let sent: unknown;
  try {
    sent = JSON.parse(request);
  } catch {
    sent = undefined;
  }
  if (typeof sent === 'object' && sent !== null && !Array.isArray(sent) && 'id' in sent) {
    expect(r.id, shown).toEqual(JSON.parse(JSON.stringify((sent as { id: unknown }).id) ?? 'null'));
  }
  return r;
}

describe('JSON server fuzzing (in-process)', () => {
  it(
    'sequences of mutated requests: one valid reply each, documented errors only',
    async () => {
      let server = new Server();
      await check('server/sequences', 40,
        fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 12 }), async (lines) => {
          for (const line of lines) {
            tried('server/request');
            const reply = await bounded('server.handle', 10_000, () => server.handle(line));
            checkReply(line, reply);
          }
        }),
      );
      server.session.close();
      // The valid templates still work after all that.
      server = new Server();
      for (const [i, t] of TEMPLATES.entries()) {
        const line = JSON.stringify({ id: i, ...t });
        const r = checkReply(line, await server.handle(line));
        expect(r.error, line).toBeUndefined();
      }
      server.session.close();
    },
    timeout(60_000),
  );
});

describe('JSON server fuzzing (the executable)', () => {
  // One process, a stream of mutated requests; spawning is slow: long runs only (e2e.test.ts
  // covers the executable's server in the default run).
  it.runIf(FUZZ_SCALE > 1)(
    'symx serve answers every line of a long mutated stream',
    async () => {
      const count = Math.round(500 * FUZZ_SCALE);
      const lines = fc.sample(requestArb, { numRuns: count, seed: 42 }).map((l) => l.replace(/[\r\n]/g, ' ')).filter((l) => l.trim() !== '');
      const r = await execCli(['serve'], { stdin: lines.join('\n') + '\n' });
      tried('server/spawned-stream', lines.length);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const replies = r.stdout.split('\n').filter((l) => l !== '');
      expect(replies).toHaveLength(lines.length);
      replies.forEach((reply, i) => checkReply(lines[i], reply));
    },
    600_000,
  );
});
