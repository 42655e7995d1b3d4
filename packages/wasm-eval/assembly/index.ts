/**
 * Entry point of the VM module (compiled by scripts/build-wasm.mjs into src/generated/vm-wasm.ts).
 *
 * Exports: `memory`; the SIMD math functions `m_*` (math.ts; imported by the fused tier); the
 * VM `vm_run` (vm.ts); `alloc`/`free` (the module's TLSF heap: every buffer the JS side puts in
 * this memory, including the fused tier's, comes from here, 16-byte aligned); `math_apply` (runs
 * one math function over arrays: tests and the fused tier's reference checks).
 */
export { m_exp, m_log, m_sin, m_cos, m_tan, m_tanh, m_sinh, m_cosh, m_atan, m_asin, m_acos, m_pow } from './math';
export { vm_run, BLOCK } from './vm';
import { m_exp, m_log, m_sin, m_cos, m_tan, m_tanh, m_sinh, m_cosh, m_atan, m_asin, m_acos, m_pow } from './math';

/** A 16-byte aligned block of at least `size` bytes (grows the memory when needed). */
export function alloc(size: usize): usize {
  return heap.alloc(size);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}

/**
 * out[i] = f(a[i]) (or pow(a[i], b[i])) for 0 <= i < n, n even; f by index: 0 exp, 1 log, 2 sin,
 * 3 cos, 4 tan, 5 tanh, 6 sinh, 7 cosh, 8 atan, 9 asin, 10 acos, 11 pow.
 */
export function math_apply(fn: i32, a: usize, b: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i += 2) {
    const off = <usize>i << 3;
    const x = v128.load(a + off);
    let r: v128;
    switch (fn) {
      case 0: r = m_exp(x); break;
      case 1: r = m_log(x); break;
      case 2: r = m_sin(x); break;
      case 3: r = m_cos(x); break;
      case 4: r = m_tan(x); break;
      case 5: r = m_tanh(x); break;
      case 6: r = m_sinh(x); break;
      case 7: r = m_cosh(x); break;
      case 8: r = m_atan(x); break;
      case 9: r = m_asin(x); break;
      case 10: r = m_acos(x); break;
      default: r = m_pow(x, v128.load(b + off));
    }
    v128.store(out + off, r);
  }
}
