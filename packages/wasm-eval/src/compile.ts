/**
 * `compile`: terms -> a `Kernel` of the chosen tier. Synchronous in both tiers: the VM tier only
 * lowers the terms to bytecode; the fused tier goes through the flat encoding and emits and
 * instantiates (or reuses) a WebAssembly module.
 */
import { FlatError, type FlatExpr, type Term, toFlat } from '@symx/core';
import { compileFused, setDefaultFusedHost, hostFromExports, type FusedHost } from './fused/index.js';
import { KernelError, type Kernel, type Tier } from './kernel.js';
import { vmRuntime } from './runtime.js';
import { compileVm } from './vm.js';

export interface CompileOptions {
  /** Column order of the data passed to `evaluate`/`loss`: every variable must be listed. */
  readonly variables: readonly string[];
  /**
   * 'vm' (default): bytecode for the prebuilt interpreter, no compile cost: fresh candidates.
   * 'fused': one WebAssembly loop per expression: the best throughput for expressions that are
   * evaluated many times.
   */
  readonly tier?: Tier;
}

// Fused kernels share the VM instance's memory, heap and SIMD math.
let host: FusedHost | undefined;
setDefaultFusedHost(() => {
  if (!host) {
    const rt = vmRuntime();
    host = hostFromExports(rt.exports as unknown as WebAssembly.Exports, rt.alloc, rt.free);
  }
  return host;
});

/**
 * Compiles one expression or several (evaluated together, one output each) over named
 * variables. Numeric constants become parameters (`kernel.params(i)`, in order of first
 * appearance), so refitting them needs no recompilation.
 *
 * @example
 * const columns = [Float64Array.of(0, 1), Float64Array.of(2, 3)];
 * const k = compile([parse('x * 2.5'), parse('x*y')], { variables: ['x', 'y'] });
 * const [a, b] = k.evaluate(columns);
 * Array.from(a); // → [0, 2.5]
 * Array.from(b); // → [0, 3]
 * k.params(0)[0] = 3;                          // the 2.5, refit without recompiling
 * Array.from(k.evaluate(columns)[0]); // → [0, 3]
 * Array.from(k.loss(columns, Float64Array.of(0, 4), { kind: 'mae' })); // → [0.5, 0.5]
 *
 * @example
 * // Fused tier on resident data: columns copied into WebAssembly memory once, then every call
 * // (and every refit of the parameters) runs without copying them again.
 * const xs = Float64Array.of(0, 1, 2), ys = Float64Array.of(1, 1, 1);
 * const f = compile(parse('2*x + y'), { variables: ['x', 'y'], tier: 'fused' }) as FusedKernel;
 * const data = createFusedDataset(['x', 'y'], [xs, ys], { target: Float64Array.of(1, 3, 6) });
 * f.lossDataset(data, { kind: 'mse' })[0]; // → 1 / 3
 * const out = new Float64Array(3);
 * f.evaluateDataset(data, [out]);             // predictions into a caller-provided array
 * Array.from(out); // → [1, 3, 5]
 * data.dispose();
 */
export function compile(exprs: Term | readonly Term[], options: CompileOptions): Kernel {
  if (options === null || typeof options !== 'object') throw new KernelError('compile: options { variables } are required');
  const variables = checkVariables(options.variables);
  const list: readonly Term[] = Array.isArray(exprs) ? exprs : [exprs as Term];
  if (list.length === 0) throw new KernelError('compile: no expressions given');
  const tier = options.tier ?? 'vm';
  if (tier === 'vm') return compileVm(list, variables);
  if (tier !== 'fused') throw new KernelError(`compile: unknown tier '${String(tier)}' (expected 'vm' or 'fused')`);
  let flat: FlatExpr;
  try {
    flat = toFlat(list, { variables });
  } catch (e) {
    if (e instanceof FlatError) throw new KernelError(`compile: ${e.message}`, { cause: e });
    throw e;
  }
  return compileFused(flat, { variables });
}

/** Validates a variable list: an array of distinct strings. */
export function checkVariables(variables: unknown): readonly string[] {
  if (!Array.isArray(variables)) throw new KernelError('options.variables must be an array of variable names');
  const seen = new Set<string>();
  variables.forEach((v, i) => {
    if (typeof v !== 'string') throw new KernelError(`variables[${i}] is not a string`);
    if (seen.has(v)) throw new KernelError(`variable '${v}' is listed twice`);
    seen.add(v);
  });
  return variables as readonly string[];
}
