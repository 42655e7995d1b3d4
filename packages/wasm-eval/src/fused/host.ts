/**
 * What a fused module links against: one linear memory (imported, shared with the VM tier so
 * columns copied in once are visible to both), the SIMD math functions, and an allocator for
 * regions of that memory.
 *
 * Until the VM tier's instance is wired in (see `hostFromExports`), `fallbackHost()` provides a
 * private memory and math functions that call JavaScript's `Math` lane by lane: exactly the
 * reference semantics, but slow. Tests use it to check the generated code bit for bit.
 */
import { ModuleBuilder } from './encoder.js';
import { MATH_NAMES, type MathName, UNARY_MATH } from './mathImports.js';
import {
  F64,
  F64X2_EXTRACT_LANE,
  F64X2_REPLACE_LANE,
  F64X2_SPLAT,
  OP_CALL,
  OP_LOCAL_GET,
  V128,
} from './opcodes.js';

export interface FusedHost {
  /** The linear memory every fused module imports as `env.memory`. */
  readonly memory: WebAssembly.Memory;
  /** Whether `memory` is shared (the import must then declare it shared, with `maxPages`). */
  readonly shared: boolean;
  /** Maximum size of `memory` in pages, when it has one. */
  readonly maxPages?: number;
  /** The SIMD math exports (WebAssembly functions), imported by fused modules as `math.<name>`. */
  readonly math: Readonly<Record<MathName, unknown>>;
  /**
   * Optional block math, imported as `math.math_apply(fn, a, b, out, n)`: out[i] = f(a[i]) for
   * 0 <= i < n (n even), f = MATH_NAMES[fn] (pow reads b). One call per block of rows instead of
   * one per row pair: a call into another instance costs about as much as the math itself.
   */
  readonly apply?: unknown;
  /** A 16-byte aligned region of `bytes` bytes that stays valid until `free`. */
  alloc(bytes: number): number;
  free(ptr: number): void;
}

const PAGE = 65536;

/**
 * A host over an existing instance that exports `memory` and the SIMD math functions, with a
 * given allocator (for the VM instance: its own allocator, so both tiers share one heap). A
 * shared memory (SharedArrayBuffer) is detected and imported as shared.
 *
 * @example
 * const rt = vmRuntime();
 * const host = hostFromExports(rt.exports, rt.alloc, rt.free);
 */
export function hostFromExports(
  exports: WebAssembly.Exports,
  alloc: (bytes: number) => number,
  free: (ptr: number) => void,
  limits: { shared?: boolean; maxPages?: number } = {},
): FusedHost {
  const memory = exports.memory;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error('instance does not export a memory');
  const math = {} as Record<MathName, unknown>;
  for (const name of MATH_NAMES) {
    if (typeof exports[name] !== 'function') throw new Error(`instance does not export '${name}'`);
    math[name] = exports[name];
  }
  // A shared memory can only be imported as shared, with a maximum at least the memory's own:
  // 65536 pages (4 GiB) accepts any 32-bit memory.
  const shared = limits.shared ?? (typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer);
  const maxPages = limits.maxPages ?? (shared ? 65536 : undefined);
  const apply = typeof exports.math_apply === 'function' ? exports.math_apply : undefined;
  return { memory, shared, maxPages, math, apply, alloc, free };
}

let fallback: FusedHost | undefined;

/**
 * A standalone host: its own memory (grown page by page; freed regions are reused by a simple
 * first-fit free list) and math functions that apply `Math.*` to each lane — bit-identical to
 * core's `evaluate`, several times slower than the VM's SIMD math. One per realm.
 *
 * @example
 * compileFused(flat, { variables: ['x'], host: fallbackHost() });   // exact Math.* semantics
 */
export function fallbackHost(): FusedHost {
  if (fallback) return fallback;
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(mathShimBytes()), { js: jsMath() });
  const math = {} as Record<MathName, unknown>;
  for (const name of MATH_NAMES) math[name] = instance.exports[name];
  const heap = new FreeListHeap(memory, 0);
  fallback = {
    memory,
    shared: false,
    math,
    apply: jsApply(memory),
    alloc: (bytes) => heap.alloc(bytes),
    free: (ptr) => heap.free(ptr),
  };
  return fallback;
}

function jsMath(): Record<string, (...a: number[]) => number> {
  const m: Record<string, (...a: number[]) => number> = {};
  for (const name of UNARY_MATH) m[name.slice(2)] = Math[name.slice(2) as 'sin'];
  m.pow = Math.pow;
  return m;
}

/** The block math of the fallback host: `Math.*` over arrays of its memory (addresses in bytes). */
function jsApply(memory: WebAssembly.Memory): (fn: number, a: number, b: number, out: number, n: number) => void {
  const fns = MATH_NAMES.map((name) => Math[name.slice(2) as 'sin'] as (x: number, y?: number) => number);
  return (fn, a, b, out, n) => {
    const f = new Float64Array(memory.buffer);
    const g = fns[fn];
    for (let i = 0; i < n; i++) f[(out >> 3) + i] = g(f[(a >> 3) + i], f[(b >> 3) + i]);
  };
}

/** A module exporting m_<f>(v128) -> v128 that calls the imported scalar js.<f> on each lane. */
export function mathShimBytes(): Uint8Array<ArrayBuffer> {
  const m = new ModuleBuilder();
  const unary = { params: [F64], results: [F64] } as const;
  const binary = { params: [F64, F64], results: [F64] } as const;
  const imports = new Map<string, number>();
  for (const name of UNARY_MATH) imports.set(name, m.importFunction('js', name.slice(2), unary));
  imports.set('m_pow', m.importFunction('js', 'pow', binary));
  for (const name of MATH_NAMES) {
    const arity = name === 'm_pow' ? 2 : 1;
    const f = m.addFunction({ params: arity === 2 ? [V128, V128] : [V128], results: [V128] }, name);
    for (let lane = 0; lane < 2; lane++) {
      for (let p = 0; p < arity; p++) {
        f.opU(OP_LOCAL_GET, p);
        f.simdLane(F64X2_EXTRACT_LANE, lane);
      }
      f.opU(OP_CALL, imports.get(name)!);
      if (lane === 0) f.simd(F64X2_SPLAT);
      else f.simdLane(F64X2_REPLACE_LANE, 1);
    }
    m.exportFunction(name, f);
  }
  return m.toBytes();
}

/**
 * First-fit allocator over pages this heap grew itself (it never touches memory below `base`).
 * Blocks are 16-byte aligned; freed blocks are merged with free neighbours.
 */
class FreeListHeap {
  /** Free blocks as [start, size], sorted by start. */
  private readonly freeBlocks: [number, number][] = [];
  private readonly sizes = new Map<number, number>();
  private top: number;

  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
  ) {
    this.top = Math.max(base, 16); // keep address 0 unused: 0 is never a valid region
  }

  alloc(bytes: number): number {
    const size = Math.max(16, (bytes + 15) & ~15);
    for (let i = 0; i < this.freeBlocks.length; i++) {
      const [start, len] = this.freeBlocks[i];
      if (len < size) continue;
      if (len === size) this.freeBlocks.splice(i, 1);
      else this.freeBlocks[i] = [start + size, len - size];
      this.sizes.set(start, size);
      return start;
    }
    const start = this.top;
    const end = start + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    this.top = end;
    this.sizes.set(start, size);
    return start;
  }

  free(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) return;
    this.sizes.delete(ptr);
    const fb = this.freeBlocks;
    let i = 0;
    while (i < fb.length && fb[i][0] < ptr) i++;
    fb.splice(i, 0, [ptr, size]);
    // Merge with the next, then the previous block.
    if (i + 1 < fb.length && fb[i][0] + fb[i][1] === fb[i + 1][0]) {
      fb[i][1] += fb[i + 1][1];
      fb.splice(i + 1, 1);
    }
    if (i > 0 && fb[i - 1][0] + fb[i - 1][1] === fb[i][0]) {
      fb[i - 1][1] += fb[i][1];
      fb.splice(i, 1);
    }
  }
}
