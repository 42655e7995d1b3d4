/**
 * Reusable SharedArrayBuffers for what a request needs only while it runs (its packed bytecode,
 * its losses and flags before they are copied out). Allocating a SharedArrayBuffer costs about
 * 0.3 ms even when small (it is mapped and zeroed, and V8 tracks it for its workers): a dozen
 * per request cost as much as lowering a thousand candidates. Requests may overlap, so a
 * buffer belongs to one request from `acquire` to `release`.
 */

/** Buffers kept for reuse (at most). */
const KEEP = 4;
/** Larger buffers are not kept (a huge population must not pin its scratch forever). */
const KEEP_MAX_BYTES = 64 << 20;
/** Smallest buffer allocated. */
const MIN_BYTES = 1 << 16;

export class SharedScratch {
  private readonly free: SharedArrayBuffer[] = [];

  /** A buffer of at least `bytes` bytes (contents undefined), the smallest free one that fits. */
  acquire(bytes: number): SharedArrayBuffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const n = this.free[i].byteLength;
      if (n >= bytes && (best < 0 || n < this.free[best].byteLength)) best = i;
    }
    if (best >= 0) return this.free.splice(best, 1)[0];
    // a power of two, so that populations of slowly varying size reuse the same buffers
    let size = MIN_BYTES;
    while (size < bytes) size *= 2;
    return new SharedArrayBuffer(size);
  }

  /** Gives `buffer` back; beyond `KEEP` buffers, the smallest is dropped. */
  release(buffer: SharedArrayBuffer): void {
    if (buffer.byteLength > KEEP_MAX_BYTES) return;
    this.free.push(buffer);
    if (this.free.length > KEEP) {
      let smallest = 0;
      for (let i = 1; i < this.free.length; i++) if (this.free[i].byteLength < this.free[smallest].byteLength) smallest = i;
      this.free.splice(smallest, 1);
    }
  }
}
