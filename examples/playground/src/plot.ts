/**
 * The plot: sample expressions over a range of one variable with the WASM VM tier (one
 * `compile(...).evaluate` over a grid column), then turn the samples into SVG path data.
 * DOM-free, so the browser test can sample the same grid in Node.
 */
import type { Term } from '@symx/core';
import { compile } from '@symx/wasm-eval';

export interface Samples {
  /** The grid of the plotted variable. */
  readonly xs: Float64Array;
  /** One series per expression; NaN where it is undefined. */
  readonly ys: readonly Float64Array[];
  /** The value given to every other variable. */
  readonly others: Readonly<Record<string, number>>;
}

/** Value of the variables that are not plotted. */
export const OTHER_VALUE = 1;

/**
 * Evaluates `terms` at `n` evenly spaced values of `variable` in [lo, hi]; every other variable
 * of the terms is held at {@link OTHER_VALUE}.
 *
 * @example
 * const s = sample([parse('x^2')], 'x', ['x'], -1, 1, 3);
 * [...s.ys[0]];   // [1, 0, 1]
 */
export function sample(terms: readonly Term[], variable: string, vars: readonly string[], lo: number, hi: number, n: number): Samples {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new RangeError(`plot range must be finite with min < max, got [${lo}, ${hi}]`);
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`plot needs at least 2 samples, got ${n}`);
  const names = [variable, ...vars.filter((v) => v !== variable)];
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = lo + ((hi - lo) * i) / (n - 1);
  const columns = names.map((_, k) => (k === 0 ? xs : new Float64Array(n).fill(OTHER_VALUE)));
  const kernel = compile(terms, { variables: names });
  try {
    return { xs, ys: kernel.evaluate(columns), others: Object.fromEntries(names.slice(1).map((v) => [v, OTHER_VALUE])) };
  } finally {
    kernel.dispose();
  }
}

export interface Viewport {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/**
 * The y range to show: the 2nd to 98th percentile of the finite values, padded by 5% (so a pole
 * such as tan's does not flatten the rest of the curve); [-1, 1] around a constant.
 */
export function viewport(s: Samples): Viewport {
  const finite: number[] = [];
  for (const ys of s.ys) for (const y of ys) if (Number.isFinite(y)) finite.push(y);
  const x0 = s.xs[0];
  const x1 = s.xs[s.xs.length - 1];
  if (finite.length === 0) return { x0, x1, y0: -1, y1: 1 };
  finite.sort((a, b) => a - b);
  let y0 = finite[Math.floor(0.02 * (finite.length - 1))];
  let y1 = finite[Math.ceil(0.98 * (finite.length - 1))];
  if (y1 - y0 < 1e-12 * Math.max(1, Math.abs(y0))) {
    y0 -= 1;
    y1 += 1;
  }
  const pad = 0.05 * (y1 - y0);
  return { x0, x1, y0: y0 - pad, y1: y1 + pad };
}

/**
 * SVG path data of one series in a `width` x `height` box: the curve is broken where a value
 * is not finite or jumps across more than the whole viewport (an asymptote).
 */
export function pathData(xs: Float64Array, ys: Float64Array, v: Viewport, width: number, height: number): string {
  const sx = width / (v.x1 - v.x0);
  const sy = height / (v.y1 - v.y0);
  const span = v.y1 - v.y0;
  let d = '';
  let pen = false;
  let prev = NaN;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (!Number.isFinite(y) || (pen && Math.abs(y - prev) > span)) {
      pen = false;
      prev = y;
      if (!Number.isFinite(y)) continue;
    }
    // clamp far-off points a little outside the box so the stroke leaves it cleanly
    const py = Math.min(Math.max((v.y1 - y) * sy, -height), 2 * height);
    const px = (xs[i] - v.x0) * sx;
    d += `${pen ? 'L' : 'M'}${px.toFixed(2)} ${py.toFixed(2)}`;
    pen = true;
    prev = y;
  }
  return d;
}
