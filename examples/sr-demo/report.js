// What the user sees: a live progress line while a search runs (rewritten in place on a
// terminal, one line every few generations otherwise) and the final table.
import { KIND_NUMBER, defaultStore, format, numIsExact, numToNumber, toLatex } from '@symx/core';
import { replaceNumbers } from './trees.js';

/** @typedef {import('@symx/core').Term} Term */

/**
 * `t` with its float constants rounded to `digits` significant digits, for display only.
 *
 * @param {Term} t
 * @param {number} [digits]
 * @returns {Term}
 * @example
 * format(displayTerm(parse('0.07957747154594767*q1')));   // '0.07958*q1'
 */
export function displayTerm(t, digits = 4) {
  /** @type {Map<Term, Term>} */
  const map = new Map();
  /** @type {Term[]} */
  const stack = [t];
  const seen = new Set();
  while (stack.length > 0) {
    const u = /** @type {Term} */ (stack.pop());
    if (seen.has(u)) continue;
    seen.add(u);
    if (u.kind === KIND_NUMBER && !numIsExact(u.value)) map.set(u, defaultStore.number(Number(numToNumber(u.value).toPrecision(digits))));
    for (const a of u.args) stack.push(a);
  }
  return replaceNumbers(t, map);
}

/**
 * Infix and LaTeX of a found expression, constants to 4 significant digits.
 *
 * @param {Term} t
 * @returns {{ infix: string, latex: string }}
 */
export function showExpression(t) {
  const d = displayTerm(t);
  return { infix: format(d), latex: toLatex(d) };
}

/**
 * A progress printer for `stream`. On a terminal: one line, rewritten in place, with the latest
 * state of every search running (several with worker threads). Otherwise: one line per search
 * every `every` generations, and one when it ends.
 *
 * @param {NodeJS.WriteStream} stream
 * @param {{ every?: number }} [options]
 * @returns {{ update: (key: number, label: string, p: import('./pool.js').ProgressInfo, generations: number) => void, done: (key: number) => void }}
 * @example
 * const progress = progressPrinter(process.stderr);
 * await runDemo({ onProgress: progress.update, onSearchEnd: progress.done });
 */
export function progressPrinter(stream, { every = 10 } = {}) {
  const tty = stream.isTTY === true;
  /** @type {Map<number, string>} search -> its latest line */
  const active = new Map();
  const redraw = () => {
    const line = [...active.values()].join('  |  ');
    stream.write(`\r${line.slice(0, Math.max(20, (stream.columns || 120) - 1))}\x1b[K`);
  };
  return {
    update(key, label, p, generations) {
      const cps = p.elapsedMs > 0 ? (p.evaluations / p.elapsedMs) * 1000 : 0;
      const line =
        `${label} gen ${p.generation + 1}/${generations}` +
        ` best NMSE ${p.bestNmse.toExponential(2)} size ${p.size}` +
        ` ${Math.round(cps).toLocaleString('en-US')} cand/s`;
      active.set(key, line);
      if (tty) redraw();
      else if ((p.generation + 1) % every === 0) stream.write(`${line}\n`);
    },
    done(key) {
      const line = active.get(key);
      active.delete(key);
      if (tty) {
        if (active.size > 0) redraw();
        else stream.write('\r\x1b[K');
      } else if (line !== undefined) stream.write(`${line} (end)\n`);
    },
  };
}

/**
 * The final table (plain text) and the LaTeX of each found expression.
 *
 * @param {import('./main.js').DemoResult} result
 * @returns {string}
 */
export function renderTable(result) {
  const header = ['formula', 'noise', 'found expression', 'exact', 'test NMSE', 'time', 'cand/s'];
  const rows = result.runs.map((r) => [
    `${r.id} ${r.name}`,
    `${Math.round(r.noise * 100)}%`,
    r.found,
    r.recovered ? 'yes' : 'no',
    r.testNmse.toExponential(1),
    `${(r.ms / 1000).toFixed(1)} s`,
    Math.round(r.candidatesPerSecond).toLocaleString('en-US'),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const right = new Set([4, 5, 6]);
  /** @param {string[]} cells */
  const line = (cells) => cells.map((s, c) => (right.has(c) ? s.padStart(widths[c]) : s.padEnd(widths[c]))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  out.push('', 'LaTeX of the found expressions:');
  for (const r of result.runs) out.push(`  ${r.id} (${Math.round(r.noise * 100)}% noise): ${r.latex}`);
  out.push('', 'Not recovered, and why:');
  const misses = result.runs.filter((r) => !r.recovered);
  if (misses.length === 0) out.push('  (none)');
  for (const r of misses) out.push(`  ${r.id} (${Math.round(r.noise * 100)}% noise): ${r.reason}`);
  const s = result.summary;
  out.push(
    '',
    `Recovered exactly: ${s.recoveredClean}/${s.formulas} noise-free, ${s.recoveredNoisy}/${s.formulas} with 1% noise` +
      ` (truth: ${result.runs.filter((r) => r.noise === 0).map((r) => `${r.id}: ${r.truth}`).join('; ')})`,
    `Total ${(s.ms / 1000).toFixed(1)} s wall, ${(s.cpuMs / 1000).toFixed(1)} s CPU; ` +
      `${s.evaluations.toLocaleString('en-US')} candidates evaluated on ${s.trainRows.toLocaleString('en-US')} rows: ` +
      `${Math.round(s.candidatesPerSecond).toLocaleString('en-US')}/s overall, ` +
      `${Math.round(s.vmCandidatesPerSecond).toLocaleString('en-US')}/s while scoring populations (VM calls); ` +
      `${s.fits.toLocaleString('en-US')} Levenberg–Marquardt fits. Seed ${result.seed}.`,
  );
  return out.join('\n');
}
