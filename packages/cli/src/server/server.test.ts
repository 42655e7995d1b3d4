// The JSON stdio server in-process: every method, structured errors for every kind of bad
// request, and a server that keeps answering after each of them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { evaluate, parse } from '@symx/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/harness.js';
import { Server } from './server.js';

let server: Server;
let nextId = 0;
beforeEach(() => {
  server = new Server();
});
afterEach(() => server.session.close());

/** Sends one request; returns the parsed reply. */
async function call(method: string, params?: unknown): Promise<{ id: unknown; result?: any; error?: any }> {
  const id = ++nextId;
  const reply = JSON.parse(await server.handle(JSON.stringify({ id, method, ...(params === undefined ? {} : { params }) })));
  expect(reply.id).toBe(id);
  return reply;
}
async function ok(method: string, params?: unknown): Promise<any> {
  const r = await call(method, params);
  expect(r.error, JSON.stringify(r.error)).toBeUndefined();
  return r.result;
}
async function fails(method: string, params?: unknown): Promise<any> {
  const r = await call(method, params);
  expect(r.result).toBeUndefined();
  return r.error;
}

const xs = [0, 1, 2, 3, -1.5];
const ys = xs.map((x) => x * x + 1);

describe('protocol errors are replies, and the server keeps going', () => {
  it('malformed JSON', async () => {
    const r = JSON.parse(await server.handle('{"id": 1, "method": '));
    expect(r).toMatchObject({ id: null, error: { code: 'parse_error' } });
    expect(r.error.message).toMatch(/^the line is not valid JSON: /);
    expect(await ok('simplify', { expr: 'x + 0' })).toEqual({ result: 'x' });
  });

  it('not a request object; no method; params not an object', async () => {
    expect(JSON.parse(await server.handle('[1, 2]'))).toMatchObject({ id: null, error: { code: 'invalid_request' } });
    expect(JSON.parse(await server.handle('"simplify"'))).toMatchObject({ id: null, error: { code: 'invalid_request' } });
    expect(JSON.parse(await server.handle('{"id": "a"}'))).toMatchObject({ id: 'a', error: { code: 'invalid_request', message: "the request has no string 'method'" } });
    expect(JSON.parse(await server.handle('{"id": 7, "method": "simplify", "params": [1]}'))).toMatchObject({ id: 7, error: { code: 'invalid_request' } });
  });

  it('unknown methods list the known ones', async () => {
    const e = await fails('simplfy', { expr: 'x' });
    expect(e.code).toBe('unknown_method');
    expect(e.message).toContain("unknown method 'simplfy'");
    expect(e.message).toContain('simplify');
  });

  it('ids of any JSON type are echoed', async () => {
    for (const id of ['abc', 0, null, { n: 1 }, [1]]) {
      const r = JSON.parse(await server.handle(JSON.stringify({ id, method: 'version' })));
      expect(r.id).toEqual(id);
    }
    expect(JSON.parse(await server.handle('{"method": "version"}')).id).toBe(null);
  });

  it('bad expressions: code, message, position, and index in a batch', async () => {
    expect(await fails('simplify', { expr: 'x + * y' })).toEqual({
      code: 'bad_expression',
      message: "expected an expression but found '*' at position 4",
      position: 4,
    });
    const e = await fails('parse', { exprs: ['x', 'sin(x', 'y'] });
    expect(e).toMatchObject({ code: 'bad_expression', position: 5, index: 1 });
    expect(e.message).toMatch(/^expression 1: /);
  });

  it('bad params name the parameter', async () => {
    expect(await fails('simplify', {})).toMatchObject({ code: 'invalid_params', param: 'exprs' });
    expect(await fails('simplify', { expr: 'x', exprs: ['x'] })).toMatchObject({ code: 'invalid_params' });
    expect(await fails('simplify', { expr: 3 })).toMatchObject({ code: 'invalid_params' });
    expect(await fails('simplify', { expr: 'x', engine: 'magic' })).toMatchObject({ code: 'invalid_params', param: 'engine' });
    expect(await fails('simplify', { expr: 'x', time_limit_ms: -1 })).toMatchObject({ code: 'invalid_params', param: 'time_limit_ms' });
    expect(await fails('load_dataset', { columns: { x: [1] } })).toMatchObject({ code: 'invalid_params', param: 'name' });
  });

  it('a bug in a method is an internal_error reply, logged with its stack', async () => {
    const log = new PassThrough();
    let logged = '';
    log.on('data', (c: Buffer) => (logged += c.toString()));
    const s = new Server({ log });
    // A getter that throws stands in for a bug.
    const params = Object.defineProperty({}, 'expr', { enumerable: true, get: () => 'x' });
    (s as unknown as { methods: Map<string, unknown> }).methods.set('boom', () => {
      throw new RangeError('kaboom');
    });
    const r = JSON.parse(await s.handle('{"id": 1, "method": "boom", "params": {}}'));
    expect(r).toEqual({ id: 1, error: { code: 'internal_error', message: 'kaboom' } });
    expect(logged).toContain('RangeError: kaboom');
    expect(JSON.parse(await s.handle('{"id": 2, "method": "parse", "params": {"expr": "x"}}')).result).toBeDefined();
    void params;
  });
});

describe('parse, simplify, diff', () => {
  it('parse prints back, with variables and size, in any format', async () => {
    expect(await ok('parse', { expr: 'x^2 + y' })).toEqual({ result: { expr: 'x^2 + y', variables: ['x', 'y'], size: 5 } });
    expect((await ok('parse', { expr: 'x^2', format: 'latex' })).result.expr).toBe('x^{2}');
    expect((await ok('parse', { expr: 'x^2', format: 'sympy' })).result.expr).toBe('x**2');
    expect((await ok('parse', { expr: 'x + 1', format: 'calls' })).result.expr).toBe('add(x, 1)');
    expect((await ok('parse', { expr: { op: 'neg', args: [{ sym: 'x' }] } })).result.expr).toBe('-x');
    expect((await ok('parse', { expr: 'x', format: 'json' })).result.expr).toEqual({ sym: 'x' });
  });

  it('simplify, one or many, both engines', async () => {
    expect(await ok('simplify', { exprs: ['x*y*x/(x*y)', 'log(exp(z))'] })).toEqual({ results: ['x', 'z'] });
    expect(await ok('simplify', { expr: '(x + 0)*(2 - 1)', engine: 'egraph', time_limit_ms: 200 })).toEqual({ result: 'x' });
  });

  it('diff: one variable, or the gradient', async () => {
    expect(await ok('diff', { expr: 'x^2*y', wrt: 'x' })).toEqual({ result: '2*x*y' });
    expect(await ok('diff', { exprs: ['x*y', 'x + y'], wrt: ['x', 'y'] })).toEqual({ results: [['y', 'x'], ['1', '1']] });
    expect(await fails('diff', { expr: 'x', wrt: [] })).toMatchObject({ code: 'invalid_params', param: 'wrt' });
    expect(await fails('diff', { expr: 'x' })).toMatchObject({ code: 'invalid_params', param: 'wrt' });
  });
});

describe('vocabulary and the calls syntax', () => {
  const vocab = { add: 'add', sub: 'sub', mul: 'mul', sin: 'sin', protectedDiv: { protected: 'div' }, sq: { args: ['a'], define: 'a*a' } };

  it('declares names; expressions then use the calls syntax and print back in it', async () => {
    expect(await ok('vocabulary', { operators: vocab })).toEqual({ operators: Object.keys(vocab), syntax: 'calls' });
    expect((await ok('parse', { expr: 'add(mul(x, x), sin(-0.107))' })).result).toEqual({ expr: 'add(mul(x, x), sin(-0.107))', variables: ['x'], size: 6 });
    // definitions print by name only when the plain names cannot spell them
    expect((await ok('parse', { expr: 'protectedDiv(x, sq(y))' })).result.expr).toBe('protectedDiv(x, mul(y, y))');
    expect((await ok('parse', { expr: 'add(mul(x, x), sin(-0.107))', format: 'infix' })).result.expr).toBe('x*x + sin(-0.107)');
    expect(await ok('simplify', { expr: 'sub(mul(x, 2), x)' })).toEqual({ result: 'x' });
    expect(await ok('diff', { expr: 'mul(x, sin(x))', wrt: 'x' })).toEqual({ result: 'add(mul(x, cos(x)), sin(x))' });
    // infix on request
    expect(await ok('simplify', { expr: 'x - x', syntax: 'infix' })).toEqual({ result: '0' });
  });

  it('unknown names and wrong argument counts are bad expressions with positions', async () => {
    await ok('vocabulary', { operators: vocab });
    expect(await fails('parse', { expr: 'add(x, cube(y))' })).toMatchObject({ code: 'bad_expression', position: 7 });
    expect(await fails('parse', { expr: 'protectedDiv(x)' })).toMatchObject({ code: 'bad_expression', position: 0, message: "'protectedDiv' at position 0 takes 2 arguments, got 1" });
    expect(await fails('parse', { expr: 'x + 1' })).toMatchObject({ code: 'bad_expression', position: 2 });
  });

  it('a request can carry its own vocabulary', async () => {
    expect(await ok('parse', { expr: 'plus(x, 1)', vocabulary: { plus: 'add' }, format: 'infix' })).toMatchObject({ result: { expr: 'x + 1' } });
    // the session's syntax is unchanged
    expect((await ok('parse', { expr: 'x + 1' })).result.expr).toBe('x + 1');
  });

  it('bad vocabularies', async () => {
    expect(await fails('vocabulary', { operators: { f: 'nosuchop' } })).toMatchObject({ code: 'bad_vocabulary', message: "vocabulary entry 'f': 'nosuchop' is not a symx operator" });
    expect(await fails('vocabulary', { operators: { f: { args: ['a'], define: 'a*b' } } })).toMatchObject({ code: 'bad_vocabulary' });
    expect(await fails('vocabulary', { operators: { f: { protected: 'tan' } } })).toMatchObject({ code: 'bad_vocabulary' });
    expect(await fails('vocabulary', { operators: { f: { protected: 'div', threshold: -1 } } })).toMatchObject({ code: 'bad_vocabulary' });
    expect(await fails('vocabulary', { operators: { 'a b': 'add' } })).toMatchObject({ code: 'bad_vocabulary' });
    expect(await fails('vocabulary', { operators: [1] })).toMatchObject({ code: 'bad_vocabulary' });
    expect(await fails('vocabulary', {})).toMatchObject({ code: 'invalid_params', param: 'operators' });
  });

  it('an empty vocabulary goes back to infix', async () => {
    await ok('vocabulary', { operators: vocab });
    expect(await ok('vocabulary', { operators: {} })).toEqual({ operators: [], syntax: 'infix' });
    expect((await ok('parse', { expr: 'x + 1' })).result.expr).toBe('x + 1');
  });
});

describe('datasets', () => {
  it('loads inline columns (numbers, null, special strings, base64)', async () => {
    const b64 = Buffer.from(Float64Array.of(1, 2, 3, 4, 5).buffer).toString('base64');
    const r = await ok('load_dataset', { name: 'd', columns: { x: [1, null, 'nan', '-inf', 2.5], w: { base64: b64 }, y: ys }, target: 'y' });
    expect(r).toEqual({ name: 'd', rows: 5, variables: ['x', 'w'], target: 'y' });
    const v = await ok('evaluate', { dataset: 'd', expr: 'x + w' });
    expect(v.result).toEqual([2, null, null, null, 7.5]);
  });

  it('loads a CSV file by path; bad cells are data errors with row, line and column', async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'd.csv'), 'x,y,label\n1,2,a\n3,4,b\n');
      expect(await ok('load_dataset', { name: 'f', path: join(dir, 'd.csv'), target: 'y', variables: ['x'] })).toEqual({ name: 'f', rows: 2, variables: ['x'], target: 'y' });
      writeFileSync(join(dir, 'bad.csv'), 'x,y\n1,2\n\n3,oops\n');
      expect(await fails('load_dataset', { name: 'g', path: join(dir, 'bad.csv') })).toEqual({
        code: 'data_error',
        message: `${join(dir, 'bad.csv')}: row 2 (line 4), column 'y': 'oops' is not a number`,
        row: 2,
        line: 4,
        column: 'y',
      });
      // a label column makes the file non-numeric unless the variables are named
      expect(await fails('load_dataset', { name: 'h', path: join(dir, 'd.csv') })).toMatchObject({ code: 'data_error', column: 'label' });
      expect(await fails('load_dataset', { name: 'h', path: join(dir, 'none.csv') })).toMatchObject({ code: 'data_error' });
    } finally {
      cleanup();
    }
  });

  it('rejects bad values, ragged columns and missing targets', async () => {
    expect(await fails('load_dataset', { name: 'd', columns: { x: [1, 'a'] } })).toEqual({
      code: 'data_error',
      message: `column 'x', row 2: "a" is not a number`,
      column: 'x',
      row: 2,
    });
    expect(await fails('load_dataset', { name: 'd', columns: { x: [1, 2], y: [1] } })).toMatchObject({ code: 'data_error', column: 'y' });
    expect(await fails('load_dataset', { name: 'd', columns: { x: [1] }, target: 'y' })).toMatchObject({ code: 'data_error', column: 'y' });
    expect(await fails('load_dataset', { name: 'd', columns: { x: { base64: 'AAA=' } } })).toMatchObject({ code: 'data_error' });
    expect(await fails('load_dataset', { name: 'd', columns: {} })).toMatchObject({ code: 'invalid_params' });
    expect(await fails('load_dataset', { name: 'd' })).toMatchObject({ code: 'invalid_params' });
  });

  it('unknown datasets; unload', async () => {
    expect(await fails('loss', { dataset: 'nope', exprs: ['x'] })).toEqual({ code: 'unknown_dataset', message: "no dataset named 'nope' (loaded: none)" });
    await ok('load_dataset', { name: 'd', columns: { x: xs } });
    expect(await ok('unload_dataset', { name: 'd' })).toEqual({ name: 'd' });
    expect(await fails('evaluate', { dataset: 'd', exprs: ['x'] })).toMatchObject({ code: 'unknown_dataset' });
  });
});

describe('evaluate and loss over populations', () => {
  beforeEach(async () => {
    await ok('load_dataset', { name: 'train', columns: { x: xs, y: ys }, target: 'y' });
  });

  const mse = (src: string): number => {
    const t = parse(src);
    return xs.reduce((s, x, i) => s + (evaluate(t, { x }) - ys[i]) ** 2, 0) / xs.length;
  };

  it('one loss per expression, as the reference evaluator computes it', async () => {
    const exprs = ['x*x + 1', 'x', '2.5*x - 1', 'sin(x)*x', 'x*x + 1'];
    const r = await ok('loss', { dataset: 'train', exprs });
    exprs.forEach((e, i) => expect(r.results[i]).toBeCloseTo(mse(e), 12));
    expect(r.evaluated).toBe(4); // the duplicate once
    const none = await ok('loss', { dataset: 'train', exprs, dedup: 'none' });
    expect(none.evaluated).toBe(5);
    expect(await ok('loss', { dataset: 'train', expr: 'x*x + 1' })).toEqual({ result: 0 });
  });

  it('mae and rmse; non-finite losses are null', async () => {
    const r = await ok('loss', { dataset: 'train', exprs: ['x', 'log(x)'], kind: 'mae' });
    expect(r.results[0]).toBeCloseTo(xs.reduce((s, x, i) => s + Math.abs(x - ys[i]), 0) / xs.length, 12);
    expect(r.results[1]).toBe(null);
    const q = await ok('loss', { dataset: 'train', expr: 'x', kind: 'rmse' });
    expect(q.result).toBeCloseTo(Math.sqrt(mse('x')), 12);
  });

  it("dedup 'dataset' remembers losses across requests", async () => {
    const first = await ok('loss', { dataset: 'train', exprs: ['x', 'x*x'], dedup: 'dataset' });
    const second = await ok('loss', { dataset: 'train', exprs: ['x*x', 'x', 'x + 2'], dedup: 'dataset' });
    expect(second.evaluated).toBe(1);
    expect(second.results.slice(0, 2)).toEqual([first.results[1], first.results[0]]);
    const again = await ok('loss', { dataset: 'train', exprs: ['x*x', 'x'], dedup: 'dataset', kind: 'mae' });
    expect(again.evaluated).toBe(2); // another loss kind is another entry
  });

  it('unknown variables name the expression', async () => {
    expect(await fails('loss', { dataset: 'train', exprs: ['x', 'x*z'] })).toEqual({
      code: 'evaluation_error',
      message: "expression 1 uses the variable 'z', which the data does not have (variables: 'x')",
      index: 1,
    });
    expect(await fails('evaluate', { dataset: 'train', exprs: ['q'] })).toMatchObject({ code: 'evaluation_error', index: 0 });
  });

  it('a dataset without a target has no losses', async () => {
    await ok('load_dataset', { name: 'plain', columns: { x: xs } });
    expect(await fails('loss', { dataset: 'plain', exprs: ['x'] })).toMatchObject({ code: 'evaluation_error' });
  });

  it('prediction vectors as JSON or base64; exact by default (no early exit)', async () => {
    const r = await ok('evaluate', { dataset: 'train', exprs: ['x*2', '1/x'] });
    expect(r.results[0]).toEqual(xs.map((x) => x * 2));
    expect(r.results[1]).toEqual(xs.map((x) => (Number.isFinite(1 / x) ? 1 / x : null)));
    const b = await ok('evaluate', { dataset: 'train', expr: '1/x', encoding: 'base64' });
    const bytes = Buffer.from(b.result, 'base64');
    const v = new Float64Array(new Uint8Array(bytes).buffer);
    expect(Array.from(v)).toEqual(xs.map((x) => 1 / x));
  });

  it('inline data for a one-off evaluation', async () => {
    expect(await ok('evaluate', { expr: 'a*b', data: { a: [1, 2], b: [3, 4] } })).toEqual({ result: [3, 8] });
    expect(await fails('evaluate', { expr: 'a', data: { a: [1, 2], b: [3] } })).toMatchObject({ code: 'data_error' });
    expect(await fails('evaluate', { expr: 'a' })).toMatchObject({ code: 'invalid_params' });
  });

  it('a population of 500 in one request', async () => {
    const exprs = Array.from({ length: 500 }, (_, i) => `x*${i % 50}.5 + sin(x*${i % 7})`);
    const r = await ok('loss', { dataset: 'train', exprs });
    expect(r.results.length).toBe(500);
    expect(r.evaluated).toBe(350);
    expect(r.results[123]).toBeCloseTo(mse(exprs[123]), 9);
  });
});

describe('compiled kernels', () => {
  it('compile, evaluate with new constants, loss, free', async () => {
    await ok('load_dataset', { name: 'd', columns: { x: xs, y: ys }, target: 'y' });
    const c = await ok('compile', { exprs: ['2.5*x + 1', 'x*x'], variables: ['x'], tier: 'fused' });
    expect(c).toMatchObject({ kernel: 'k1', count: 2, variables: ['x'], tier: 'fused', params: [[2.5, 1], []] });
    const v = await ok('evaluate', { kernel: 'k1', dataset: 'd' });
    expect(v.results[0]).toEqual(xs.map((x) => 2.5 * x + 1));
    const w = await ok('evaluate', { kernel: 'k1', data: { x: [2] }, params: [[1, 0], null] });
    expect(w.results).toEqual([[2], [4]]);
    const l = await ok('loss', { kernel: 'k1', dataset: 'd', params: [[0, 1], null] });
    expect(l.results[1]).toBeCloseTo(1, 12); // x*x vs x*x + 1
    expect(await fails('evaluate', { kernel: 'k1', dataset: 'd', params: [[1]] })).toMatchObject({ code: 'invalid_params', param: 'params' });
    expect(await ok('free_kernel', { kernel: 'k1' })).toEqual({ kernel: 'k1' });
    expect(await fails('evaluate', { kernel: 'k1', dataset: 'd' })).toMatchObject({ code: 'unknown_kernel' });
  });

  it('compile reports variables the list lacks', async () => {
    expect(await fails('compile', { expr: 'x*y', variables: ['x'] })).toMatchObject({ code: 'evaluation_error', index: 0 });
    expect(await fails('compile', { expr: 'x' })).toMatchObject({ code: 'invalid_params', param: 'variables' });
  });
});

describe('fit', () => {
  const fx = Array.from({ length: 60 }, (_, i) => i / 10 - 3);
  const fy = fx.map((x) => 2.5 * x * x + 0.7);

  beforeEach(async () => {
    await ok('load_dataset', { name: 'd', columns: { x: fx, y: fy }, target: 'y' });
  });

  it('fits float literals (each occurrence its own parameter); integers stay fixed', async () => {
    const r = await ok('fit', { dataset: 'd', exprs: ['x*x*1.0 + 0.1', 'x^2*1.5 + 0.0'] });
    expect(r.results[0].constants[0]).toBeCloseTo(2.5, 8);
    expect(r.results[0].constants[1]).toBeCloseTo(0.7, 8);
    expect(r.results[0].loss_after).toBeLessThan(1e-12);
    expect(r.results[0].loss_before).toBeGreaterThan(1);
    expect(r.results[0].stop_reason).toBeTypeOf('string');
    expect(r.results[1].expr).toMatch(/^x\^2\*2\.5\d* \+ 0\.7/);
  });

  it('in the calls syntax: the text comes back with new literals, definitions untouched', async () => {
    await ok('vocabulary', { operators: { add: 'add', mul: 'mul', pdiv: { protected: 'div', threshold: 0.001 } } });
    const r = await ok('fit', { dataset: 'd', expr: 'add(pdiv(mul(x, x), 0.3), np.float64(0.1))' });
    const [a, b] = r.result.constants;
    expect(1 / a).toBeCloseTo(2.5, 8);
    expect(b).toBeCloseTo(0.7, 8);
    expect(r.result.expr).toBe(`add(pdiv(mul(x, x), ${a}), np.float64(${b}))`);
    // two equal literals are two parameters
    const two = await ok('fit', { dataset: 'd', expr: 'add(mul(0.5, mul(x, x)), add(mul(0.5, mul(x, x)), 0.5))' });
    expect(two.result.constants.length).toBe(3);
    expect(two.result.constants[0] + two.result.constants[1]).toBeCloseTo(2.5, 8);
  });

  it('errors: no target, unknown variable', async () => {
    await ok('load_dataset', { name: 'plain', columns: { x: fx } });
    expect(await fails('fit', { dataset: 'plain', expr: 'x*1.5' })).toMatchObject({ code: 'evaluation_error' });
    expect(await fails('fit', { dataset: 'd', exprs: ['x*1.5', 'z*1.5'] })).toMatchObject({ code: 'evaluation_error', index: 1 });
  });
});

describe('deep expressions', () => {
  it('100,000 levels in both syntaxes, printed back in every format without overflow', async () => {
    const depth = 100_000;
    const calls = 'neg('.repeat(depth) + 'x' + ')'.repeat(depth);
    const r = await ok('parse', { expr: calls, syntax: 'calls', format: 'calls' });
    expect(r.result.size).toBe(depth + 1);
    expect(r.result.expr).toBe(calls);
    const infix = '('.repeat(depth) + 'x' + ' + 1)'.repeat(depth);
    const j = await ok('parse', { expr: infix, format: 'json' });
    expect(j.result.size).toBe(2 * depth + 1);
    expect(j.result.expr.nodes.length).toBeGreaterThan(depth); // the DAG form: no deep nesting
  });
});

describe('long sessions', () => {
  it('the term store is trimmed between requests and everything keeps working', async () => {
    const s = new Server({ reclaimThreshold: 2000 });
    const send = async (method: string, params: unknown): Promise<any> => JSON.parse(await s.handle(JSON.stringify({ id: 1, method, params })));
    await send('vocabulary', { operators: { add: 'add', mul: 'mul', sin: 'sin', pdiv: { protected: 'div' } } });
    await send('load_dataset', { name: 'd', columns: { x: xs, y: ys }, target: 'y' });
    for (let round = 0; round < 30; round++) {
      const exprs = Array.from({ length: 100 }, (_, i) => `add(mul(x, ${round}.${i}), pdiv(sin(x), ${i + round}.5))`);
      const r = await send('loss', { dataset: 'd', exprs });
      expect(r.result.results.length).toBe(100);
      expect((await send('simplify', { expr: `add(mul(x, ${round}), mul(x, 2))` })).result).toBeDefined();
      expect((await send('diff', { expr: 'mul(x, sin(x))', wrt: 'x' })).result.result).toBe('add(mul(x, cos(x)), sin(x))');
      expect((await send('parse', { expr: 'pdiv(x, 2)' })).result.result.expr).toBe('pdiv(x, 2)');
    }
    s.session.close();
  });
});

describe('serve: lines in, lines out', () => {
  it('answers in order, skips blank lines, awaits file-reading methods', async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'd.csv'), 'x,y\n1,2\n2,4\n');
      const input = Readable.from([
        `{"id":1,"method":"load_dataset","params":{"name":"d","path":${JSON.stringify(join(dir, 'd.csv'))},"target":"y"}}\n`,
        '\n',
        '{"id":2,"method":"loss","params":{"dataset":"d","exprs":["2*x","x"]}}\r\n',
        'garbage\n',
        '{"id":3,"method":"version"}',
      ]);
      const output = new PassThrough();
      let text = '';
      output.on('data', (c: Buffer) => (text += c.toString()));
      await new Server().serve(input, output);
      const replies = text.trim().split('\n').map((l) => JSON.parse(l));
      expect(replies.map((r) => r.id)).toEqual([1, 2, null, 3]);
      expect(replies[1].result.results).toEqual([0, 2.5]);
      expect(replies[2].error.code).toBe('parse_error');
      expect(replies[3].result.protocol).toBe(1);
    } finally {
      cleanup();
    }
  });
});
