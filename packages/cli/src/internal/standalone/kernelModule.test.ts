// The standalone kernel of `symx compile -o`: a valid module that agrees bit for bit with the
// reference evaluator, usable through its ABI with nothing but { Math }, or through the loader.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Term, call, defineOperator, evaluate, float, int, parse, sym, variables } from '@symx/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/harness.js';
import { buildStandaloneKernel } from './kernelModule.js';
import { LOADER_SOURCE } from './loaderSource.js';

/** Runs the module through its raw ABI: columns at the bottom of memory after the params. */
function runRaw(bytes: Uint8Array<ArrayBuffer>, columns: Float64Array[]): Float64Array {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { Math: Math as unknown as WebAssembly.ModuleImports }) as unknown as {
    exports: { memory: WebAssembly.Memory; evaluate: (...a: number[]) => void; param_count: WebAssembly.Global };
  };
  const n = columns[0]?.length ?? 1;
  const base = 8 * exports.param_count.value + 64;
  const need = base + (columns.length + 1) * n * 8;
  if (exports.memory.buffer.byteLength < need) exports.memory.grow(Math.ceil((need - exports.memory.buffer.byteLength) / 65536));
  const heap = new Float64Array(exports.memory.buffer);
  const ptrs = columns.map((c, k) => {
    heap.set(c, base / 8 + k * n);
    return base + k * n * 8;
  });
  const out = base + columns.length * n * 8;
  exports.evaluate(...ptrs, out, n);
  return new Float64Array(exports.memory.buffer, out, n).slice();
}

const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

describe('standalone kernels', () => {
  it('is a valid module with the documented exports and metadata', () => {
    const k = buildStandaloneKernel(parse('2.5*sin(x) + y^2'), ['x', 'y']);
    expect(WebAssembly.validate(k.bytes)).toBe(true);
    const m = new WebAssembly.Module(k.bytes);
    expect(WebAssembly.Module.exports(m).map((e) => `${e.name}:${e.kind}`).sort()).toEqual(['evaluate:function', 'memory:memory', 'param_count:global']);
    expect(WebAssembly.Module.imports(m).map((i) => `${i.module}.${i.name}`)).toEqual(['Math.sin', 'Math.pow']);
    const meta = JSON.parse(new TextDecoder().decode(WebAssembly.Module.customSections(m, 'symx')[0]));
    expect(meta).toEqual({ format: 1, variables: ['x', 'y'], constants: [2.5, 2], expression: '2.5*sin(x) + y^2' });
    expect(k.constants).toEqual([2.5, 2]);
  });

  it('agrees bit for bit with the reference evaluator', () => {
    const names = ['x', 'y'];
    const leaf = fc.oneof(fc.constantFrom(...names).map(sym), fc.double({ min: -4, max: 4, noNaN: true }).map(float), fc.integer({ min: -3, max: 3 }).map(int));
    const expr = fc.letrec<{ t: Term }>((tie) => ({
      t: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.tuple(fc.constantFrom('add', 'sub', 'mul', 'div', 'pow', 'min', 'max'), tie('t'), tie('t')).map(([op, a, b]) => call(op, a, b)),
        fc.tuple(tie('t'), tie('t'), tie('t')).map(([a, b, c]) => call('add', a, b, c)),
        fc.tuple(fc.constantFrom('sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'abs', 'neg', 'atan', 'tanh', 'asin', 'cosh'), tie('t')).map(([op, a]) => call(op, a)),
      ),
    })).t;
    const rows = fc.array(fc.tuple(fc.double({ min: -10, max: 10 }), fc.double()), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(expr, rows, (t, data) => {
        const k = buildStandaloneKernel(t, names);
        const cols = [Float64Array.from(data, (r) => r[0]), Float64Array.from(data, (r) => r[1])];
        const got = runRaw(k.bytes, cols);
        data.forEach(([x, y], r) => {
          const want = evaluate(t, { x, y });
          expect(same(got[r], want), `${t} at x=${x}, y=${y}: ${got[r]} vs ${want}`).toBe(true);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('shares common subterms and handles pi and deep expressions', () => {
    let t: Term = sym('x');
    for (let i = 0; i < 2000; i++) t = call('add', call('sin', t), call('pi'));
    const k = buildStandaloneKernel(t, variables(t));
    const got = runRaw(k.bytes, [Float64Array.of(0.5)]);
    expect(got[0]).toBe(evaluate(t, { x: 0.5 }));
  });

  it('rejects operators without a numeric meaning, and unlisted variables', () => {
    defineOperator('frob', 1);
    expect(() => buildStandaloneKernel(call('frob', sym('x')), ['x'])).toThrow(/frob/);
    expect(() => buildStandaloneKernel(parse('x*y'), ['x'])).toThrow(/'y'/);
  });

  it('has a text form', () => {
    const wat = buildStandaloneKernel(parse('x*x + 1.5'), ['x']).wat;
    expect(wat).toMatch(/^\(module\n/);
    expect(wat).toContain('(func (export "evaluate") (param $col0 i32) (param $out i32) (param $n i32)');
    expect(wat).toContain('f64.mul');
    expect(wat).toContain('(@custom "symx"');
  });

  it('the loader makes it usable without symx', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const k = buildStandaloneKernel(parse('a*exp(-x) + y'), ['x', 'y', 'a']);
      writeFileSync(join(dir, 'k.wasm'), k.bytes);
      writeFileSync(join(dir, 'k.mjs'), LOADER_SOURCE);
      const { loadKernel } = (await import(pathToFileURL(join(dir, 'k.mjs')).href)) as {
        loadKernel: (s: unknown) => Promise<{ variables: string[]; expression: string; params: Float64Array; evaluate: (c: unknown) => Float64Array }>;
      };
      const kernel = await loadKernel(join(dir, 'k.wasm'));
      expect(kernel.variables).toEqual(['x', 'y', 'a']);
      expect(kernel.expression).toBe('a*exp(-x) + y');
      const n = 70_000; // more than one chunk
      const xs = Float64Array.from({ length: n }, (_, i) => i / n);
      const ys = Float64Array.from({ length: n }, (_, i) => -i);
      const as = new Float64Array(n).fill(2);
      const out = kernel.evaluate({ x: xs, y: ys, a: as });
      for (const i of [0, 1, 65_535, 65_536, n - 1]) expect(out[i]).toBe(evaluate(parse('a*exp(-x) + y'), { x: xs[i], y: ys[i], a: 2 }));
      expect(Array.from(kernel.evaluate([[0], [1], [3]]))).toEqual([4]);
      expect(() => kernel.evaluate({ x: [1] })).toThrow("no column for variable 'y'");
      expect(() => kernel.evaluate([[1], [1, 2], [1]])).toThrow("column 'y' has 2 rows, expected 1");
      const url = await loadKernel(pathToFileURL(join(dir, 'k.wasm')));
      expect(url.variables).toEqual(['x', 'y', 'a']);
    } finally {
      cleanup();
    }
  });
});
