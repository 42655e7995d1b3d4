/**
 * Per-host memory helpers: a Float64Array view of the linear memory that follows its growth, and
 * one scratch region reused by every call (evaluation is synchronous and not reentrant, so one
 * region per host is enough).
 */
import type { FusedHost } from './host.js';

class HostMemory {
  private view: Float64Array;
  private scratchPtr = 0;
  private scratchSize = 0;

  constructor(private readonly host: FusedHost) {
    this.view = new Float64Array(host.memory.buffer);
  }

  /** The memory as f64 (index = byte address / 8); re-created after the memory grows. */
  f64(): Float64Array {
    const buf = this.host.memory.buffer;
    if (this.view.buffer !== buf || this.view.byteLength !== buf.byteLength) this.view = new Float64Array(buf);
    return this.view;
  }

  /** A scratch region of at least `bytes` bytes (contents not preserved across calls). */
  scratch(bytes: number): number {
    if (bytes > this.scratchSize) {
      if (this.scratchPtr) this.host.free(this.scratchPtr);
      this.scratchPtr = 0;
      const size = Math.max(bytes, Math.ceil(this.scratchSize * 1.5), 4096);
      this.scratchPtr = this.host.alloc(size);
      this.scratchSize = size;
    }
    return this.scratchPtr;
  }
}

const memories = new WeakMap<FusedHost, HostMemory>();

export function hostMemory(host: FusedHost): HostMemory {
  let m = memories.get(host);
  if (!m) {
    m = new HostMemory(host);
    memories.set(host, m);
  }
  return m;
}

export type { HostMemory };
