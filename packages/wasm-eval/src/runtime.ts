/**
 * The VM's WebAssembly instance: one per JavaScript realm (main thread or worker), created on
 * first use from the bytes embedded in generated/vm-wasm.ts. Its memory holds every buffer of
 * both tiers (datasets, bytecode, fused kernels' scratch), allocated from the module's own heap
 * (`alloc`/`free`, 16-byte aligned); the fused tier imports its memory and SIMD math exports.
 *
 * Loading is synchronous (`new WebAssembly.Module`), so `compile()` can be. Browsers refuse
 * synchronous compilation of large modules on the main thread: call `initWasm()` once at
 * start-up there (it compiles asynchronously and everything after it is synchronous).
 */
import { VM_WASM_BASE64 } from './generated/vm-wasm.js';

/** Exports of the VM module (assembly/index.ts). */
export interface VmExports {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  vm_run(
    code: number, codeOff: number, params: number, paramOff: number, nexpr: number,
    colTab: number, nrows: number, regs: number, consts: number,
    mode: number, out: number, target: number, weights: number, flags: number, earlyExit: number,
  ): void;
  math_apply(fn: number, a: number, b: number, out: number, n: number): void;
  readonly BLOCK: WebAssembly.Global;
  /** The SIMD math functions, (v128) -> v128 and (v128, v128) -> v128: not callable from JS. */
  readonly [name: `m_${string}`]: unknown;
}

let compiled: WebAssembly.Module | undefined;
let shared: VmRuntime | undefined;

function decodeBase64(s: string): Uint8Array {
  const table = new Uint8Array(128);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) table[alphabet.charCodeAt(i)] = i;
  let n = s.length;
  while (n > 0 && s.charCodeAt(n - 1) === 61 /* = */) n--;
  const out = new Uint8Array((n * 3) >> 2);
  let o = 0;
  for (let i = 0; i < n; i += 4) {
    const a = table[s.charCodeAt(i)];
    const b = table[s.charCodeAt(i + 1)];
    const c = i + 2 < n ? table[s.charCodeAt(i + 2)] : 0;
    const d = i + 3 < n ? table[s.charCodeAt(i + 3)] : 0;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}

/** The embedded VM module's bytes. */
export function vmWasmBytes(): Uint8Array {
  return decodeBase64(VM_WASM_BASE64);
}

/** The compiled VM module (compiled synchronously on first use unless `initWasm` ran). */
export function vmModule(): WebAssembly.Module {
  return (compiled ??= new WebAssembly.Module(vmWasmBytes() as Uint8Array<ArrayBuffer>));
}

/**
 * Compiles the VM module asynchronously. Optional in Node; in browsers call it once before the
 * first `compile()` on the main thread, where synchronous compilation of large modules is
 * refused.
 *
 * @example
 * await initWasm();
 * const k = compile(parse('x^2 + 1'), { variables: ['x'] });
 */
export async function initWasm(): Promise<void> {
  compiled ??= await WebAssembly.compile(vmWasmBytes() as Uint8Array<ArrayBuffer>);
}

/**
 * One instance of the VM module with typed-array views over its memory (refreshed when the
 * memory grows, which any `alloc` may do).
 */
export class VmRuntime {
  readonly exports: VmExports;
  readonly memory: WebAssembly.Memory;
  private buffer: ArrayBuffer;
  private stagingPtr = 0;
  private stagingBytes = 0;
  private f64View: Float64Array;
  private i32View: Int32Array;
  private u32View: Uint32Array;

  constructor(instance: WebAssembly.Instance) {
    this.exports = instance.exports as unknown as VmExports;
    this.memory = this.exports.memory;
    this.buffer = this.memory.buffer;
    this.f64View = new Float64Array(this.buffer);
    this.i32View = new Int32Array(this.buffer);
    this.u32View = new Uint32Array(this.buffer);
  }

  /** A 16-byte aligned region of `bytes` bytes of the VM memory (free it with `free`). */
  readonly alloc = (bytes: number): number => {
    const p = this.exports.alloc(Math.max(16, bytes));
    if (p === 0) throw new RangeError(`VM memory exhausted allocating ${bytes} bytes`);
    return p;
  };

  readonly free = (ptr: number): void => {
    if (ptr !== 0) this.exports.free(ptr);
  };

  /**
   * A scratch area of at least `bytes` bytes, shared by every VM call of this realm (calls are
   * synchronous, so one at a time): bytecode, uploaded columns, registers and outputs of one
   * `evaluate`. Its contents do not survive the next `staging` call.
   */
  staging(bytes: number): number {
    if (bytes > this.stagingBytes) {
      this.free(this.stagingPtr);
      this.stagingPtr = 0;
      const size = Math.max(bytes, Math.min(2 * this.stagingBytes, bytes + (16 << 20)), 1 << 16);
      this.stagingPtr = this.alloc(size);
      this.stagingBytes = size;
    }
    return this.stagingPtr;
  }

  /** Frees the staging area (the next `staging` call allocates a new one). */
  releaseStaging(): void {
    this.free(this.stagingPtr);
    this.stagingPtr = 0;
    this.stagingBytes = 0;
  }

  private refresh(): void {
    // a grown memory detaches the old buffer, and views of a detached buffer have length 0:
    // cheaper to test than reading memory.buffer on every access
    if (this.f64View.length === 0) {
      this.buffer = this.memory.buffer;
      this.f64View = new Float64Array(this.buffer);
      this.i32View = new Int32Array(this.buffer);
      this.u32View = new Uint32Array(this.buffer);
    }
  }

  /** The memory as float64 (index = byte address / 8). Do not keep it across an `alloc`. */
  get f64(): Float64Array {
    this.refresh();
    return this.f64View;
  }
  /** The memory as int32 (index = byte address / 4). Do not keep it across an `alloc`. */
  get i32(): Int32Array {
    this.refresh();
    return this.i32View;
  }
  get u32(): Uint32Array {
    this.refresh();
    return this.u32View;
  }
}

/**
 * The VM instance of this realm, shared by every kernel and by the fused tier (which imports
 * its `memory` and `m_*` exports and allocates with its `alloc`/`free`).
 *
 * @example
 * const rt = vmRuntime();
 * const p = rt.alloc(1024);   // 16-byte aligned address in rt.memory
 * rt.free(p);
 */
export function vmRuntime(): VmRuntime {
  return (shared ??= new VmRuntime(new WebAssembly.Instance(vmModule(), {})));
}
