/**
 * Dense symmetric positive-definite solves for the small systems of constant fitting (k x k, k
 * the number of constants of one expression, typically under 10).
 */

/**
 * Solves A x = b for a symmetric positive-definite A (row-major k x k, only the lower triangle
 * is read) by Cholesky factorization into `work` (k x k). Returns false, leaving x undefined, when
 * A is not numerically positive definite (or has non-finite entries).
 *
 * @example
 * const x = new Float64Array(2);
 * choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2, x, new Float64Array(4)); // x = [0.5, 0]
 */
export function choleskySolve(
  A: Float64Array,
  b: Float64Array,
  k: number,
  x: Float64Array,
  work: Float64Array,
): boolean {
  const L = work;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * k + j];
      for (let p = 0; p < j; p++) s -= L[i * k + p] * L[j * k + p];
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return false;
        L[i * k + i] = Math.sqrt(s);
      } else {
        L[i * k + j] = s / L[j * k + j];
      }
    }
  }
  // L y = b, then L' x = y
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let p = 0; p < i; p++) s -= L[i * k + p] * x[p];
    x[i] = s / L[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = x[i];
    for (let p = i + 1; p < k; p++) s -= L[p * k + i] * x[p];
    x[i] = s / L[i * k + i];
  }
  for (let i = 0; i < k; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}
