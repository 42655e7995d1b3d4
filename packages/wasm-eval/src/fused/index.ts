/**
 * The fused tier: each expression becomes one f64x2 loop in a WebAssembly module emitted
 * directly by our encoder (no toolchain on the path), several expressions per module, constants
 * read from parameter vectors, modules cached by structure. See kernel.ts for the data path and
 * emitValue.ts / emitGradient.ts for the generated code.
 */
import type { FlatExpr } from '@symx/core';
import { KernelError, type Kernel } from '../kernel.js';
import { buildValueModule } from './build.js';
import { type CacheStats, cacheOf, instantiate } from './cache.js';
import { type FusedHost, fallbackHost } from './host.js';
import { FusedDataset, type FusedDatasetOptions } from './data.js';
import { FusedKernel } from './kernel.js';
import { type ExprPlan, planExpression } from './plan.js';

export { FusedKernel, CHUNK_ROWS } from './kernel.js';
export { FusedDataset, type FusedDatasetOptions } from './data.js';
export { type FusedHost, fallbackHost, hostFromExports } from './host.js';
export type { ExprPlan } from './plan.js';
export type { CacheStats } from './cache.js';
export type { DerivativeMode } from './emitGradient.js';

export interface FusedOptions {
  /** Column order of the data (every variable of the expressions must be listed). */
  readonly variables: readonly string[];
  /** Memory and math to link against (default: `defaultFusedHost()`). */
  readonly host?: FusedHost;
}

let defaultHost: (() => FusedHost) | undefined;

/**
 * Sets how the default host is obtained (the VM tier registers its instance here, so both tiers
 * share one memory and one set of SIMD math functions). Without it, `fallbackHost()` is used.
 *
 * @example
 * setDefaultFusedHost(() => hostFromExports(vm.exports, vm.alloc, vm.free));
 */
export function setDefaultFusedHost(provider: (() => FusedHost) | undefined): void {
  defaultHost = provider;
}

/**
 * The host fused kernels link against when `options.host` is not given.
 *
 * @example
 * defaultFusedHost().memory.buffer.byteLength;   // the shared heap, in bytes
 */
export function defaultFusedHost(): FusedHost {
  return defaultHost ? defaultHost() : fallbackHost();
}

/**
 * Compiles the expressions of a flat encoding (one per root) into a fused kernel. Synchronous;
 * a module with the same structure (constants aside) is reused from the cache, and the kernel's
 * parameters start at the flat encoding's constant values.
 *
 * @example
 * const k = compileFused(toFlat(parse('2.5*sin(1.3*x) + 0.7')), { variables: ['x'] });
 * k.evaluate([Float64Array.of(0, 1, 2)]);   // [Float64Array [0.7, 3.08..., 1.99...]]
 * k.params(0).set([3, 1.3, 0.7]);           // refit: same module, new constants
 */
export function compileFused(flat: FlatExpr, options: FusedOptions): FusedKernel {
  const variables = options?.variables;
  if (!Array.isArray(variables)) throw new KernelError('options.variables must be an array of variable names');
  const host = options.host ?? defaultFusedHost();
  const columnIndex = new Map<string, number>();
  variables.forEach((v, i) => {
    if (typeof v !== 'string') throw new KernelError(`variables[${i}] is not a string`);
    if (columnIndex.has(v)) throw new KernelError(`variable '${v}' is listed twice`);
    columnIndex.set(v, i);
  });
  const columnOf = new Int32Array(flat.vars.length);
  flat.vars.forEach((name, k) => {
    const c = columnIndex.get(name);
    if (c === undefined) throw new KernelError(`variable '${name}' is not in the variable list [${variables.join(', ')}]`);
    columnOf[k] = c;
  });
  if (flat.roots.length === 0) throw new KernelError('nothing to compile: the flat expression has no roots');

  const plans: ExprPlan[] = [];
  for (let e = 0; e < flat.roots.length; e++) plans.push(planExpression(flat, e, columnOf));
  const exports = linkModules(plans, variables.length, host);
  const params = plans.map((p) => {
    const v = new Float64Array(p.slots);
    for (let s = 0; s < p.slots; s++) v[s] = flat.constValues[flat.data[p.slotNodes[s]]];
    return v;
  });
  return new FusedKernel(variables, plans, params, exports, host);
}

/**
 * Instructions per module at most (unless one expression alone is larger): a few hundred KB of
 * code. Browsers refuse to compile modules over 8 MB synchronously on the main thread, and
 * smaller modules are also reused more often from the cache.
 */
const MAX_MODULE_INSTRUCTIONS = 20_000;

/**
 * The value functions e<i>/l<i> of every expression, from one module per group of expressions
 * (groups cut at MAX_MODULE_INSTRUCTIONS), each taken from the cache by structure.
 */
function linkModules(plans: readonly ExprPlan[], columns: number, host: FusedHost): WebAssembly.Exports {
  const cache = cacheOf(host);
  const linked: Record<string, WebAssembly.ExportValue> = {};
  let first = 0;
  while (first < plans.length) {
    let end = first + 1;
    let size = plans[first].length;
    while (end < plans.length && size + plans[end].length <= MAX_MODULE_INSTRUCTIONS) size += plans[end++].length;
    const group = plans.slice(first, end);
    const key = `${columns}|${group.map((p) => p.key).join('|')}`;
    let exports = cache.get(key);
    if (!exports) {
      exports = instantiate(buildValueModule(group, columns, host), host);
      cache.set(key, exports);
    }
    for (let i = 0; i < group.length; i++) {
      linked[`e${first + i}`] = exports[`e${i}`];
      linked[`l${first + i}`] = exports[`l${i}`];
    }
    first = end;
  }
  return linked;
}

/**
 * Hits, misses and size of the module cache of a host (default host if omitted).
 *
 * @example
 * fusedCacheStats();   // { hits: 41, misses: 9, size: 9, capacity: 512 }
 */
export function fusedCacheStats(host: FusedHost = defaultFusedHost()): CacheStats {
  return cacheOf(host).stats();
}

/**
 * Empties the module cache of a host and optionally changes its capacity (in modules).
 *
 * @example
 * clearFusedCache(undefined, 64);   // keep at most 64 compiled modules from now on
 */
export function clearFusedCache(host: FusedHost = defaultFusedHost(), capacity?: number): void {
  const c = cacheOf(host);
  c.clear();
  if (capacity !== undefined) c.capacity = Math.max(1, capacity);
}

export type { Kernel };

/**
 * Copies a dataset into a fused host's memory once (default: the host `compile` links fused
 * kernels to), for `FusedKernel.evaluateDataset` / `lossDataset`: the fast path of the fused
 * tier, with no copy per call. `columns[i]` holds variable `variables[i]`; kernels read their
 * variables by name, so one dataset serves kernels over any subset of its variables. Free it
 * with `dispose()`.
 *
 * @example
 * const xs = Float64Array.of(1, 2), ys = Float64Array.of(3, 4);
 * const data = createFusedDataset(['x', 'y'], [xs, ys], { target: Float64Array.of(4.5, 9.5) });
 * const k = compile([parse('x*y + 1.5'), parse('x - y')], { variables: ['x', 'y'], tier: 'fused' }) as FusedKernel;
 * Array.from(k.lossDataset(data, { kind: 'mse' })); // → [0, 87.25]
 * const out0 = new Float64Array(2), out1 = new Float64Array(2);
 * k.evaluateDataset(data, [out0, out1]);       // predictions into caller-provided arrays
 * Array.from(out1); // → [-2, -2]
 * data.dispose();
 */
export function createFusedDataset(
  variables: readonly string[],
  columns: readonly Float64Array[],
  options: FusedDatasetOptions = {},
): FusedDataset {
  return new FusedDataset(Array.isArray(variables) ? [...variables] : variables, columns, options, options.host ?? defaultFusedHost());
}
