/**
 * Instantiated fused modules by structure key, least recently used first out. Keys ignore
 * constant values (they live in parameter vectors), so a population whose constants are being
 * refitted, or a repeated candidate, compiles once. Instances hold no state of their own (all
 * data is passed by pointer), so one instance serves every kernel with that structure.
 */
import type { FusedHost } from './host.js';
import { KernelError } from '../kernel.js';

export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
  readonly capacity: number;
}

export class ModuleCache {
  private readonly map = new Map<string, WebAssembly.Exports>();
  private hits = 0;
  private misses = 0;

  constructor(public capacity: number) {}

  get(key: string): WebAssembly.Exports | undefined {
    const e = this.map.get(key);
    if (e === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-insert: Map iteration order is insertion order, so the oldest key comes first.
    this.map.delete(key);
    this.map.set(key, e);
    return e;
  }

  set(key: string, exports: WebAssembly.Exports): void {
    this.map.set(key, exports);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }

  clear(): void {
    this.map.clear();
    this.hits = this.misses = 0;
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, size: this.map.size, capacity: this.capacity };
  }
}

const caches = new WeakMap<FusedHost, ModuleCache>();

/** Default number of cached modules per host. */
export const DEFAULT_CACHE_CAPACITY = 512;

/** The module cache of a host (modules are linked to one memory and one set of math imports). */
export function cacheOf(host: FusedHost): ModuleCache {
  let c = caches.get(host);
  if (!c) {
    c = new ModuleCache(DEFAULT_CACHE_CAPACITY);
    caches.set(host, c);
  }
  return c;
}

/** Compiles and instantiates module bytes against a host's memory and math. */
export function instantiate(bytes: Uint8Array<ArrayBuffer>, host: FusedHost): WebAssembly.Exports {
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (e) {
    // The engine's limits (e.g. 50,000 locals per function) refuse huge expressions: a
    // KernelError like every other refusal of wasm-eval, not a raw CompileError.
    if (e instanceof WebAssembly.CompileError) throw new KernelError(`the expression is too large for a fused kernel: ${e.message}`);
    throw e;
  }
  const math = (host.apply === undefined ? host.math : { ...host.math, math_apply: host.apply }) as WebAssembly.ModuleImports;
  const instance = new WebAssembly.Instance(module, { env: { memory: host.memory }, math });
  return instance.exports;
}
