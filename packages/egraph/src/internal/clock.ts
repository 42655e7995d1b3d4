// A monotonic millisecond clock. `performance` is global in Node >= 16 and in browsers; the
// package compiles against lib ES2022 only, so it is declared here.
declare const performance: { now(): number };

/** Milliseconds from an arbitrary origin, monotonic, sub-millisecond resolution. */
export function now(): number {
  return performance.now();
}
