/**
 * The page: wires the DOM to the DOM-free modules (analyze, plot, csv, population, reference)
 * and exposes `window.symxPlayground` for the browser test. Every user-supplied string reaches
 * the DOM through `textContent`; only KaTeX writes markup (from LaTeX that symx generated).
 */
import 'katex/dist/katex.min.css';
import './style.css';
import katex from 'katex';
import { format, type Term, toLatex } from '@symx/core';
import { initWasm } from '@symx/wasm-eval';
import { type Analysis, type Outcome, analyze } from './analyze.js';
import { GENERATED_FORMULA, generateCsv, parseCsv } from './csv.js';
import { type Samples, pathData, sample, viewport } from './plot.js';
import { type PopulationRun, randomPopulation, runPopulation } from './population.js';
import { type ReferenceLosses, referenceLosses } from './reference.js';

const PLOT_W = 640;
const PLOT_H = 280;
const PLOT_SAMPLES = 400;
const TABLE_ROWS = 12;
/** Everything runs on the main thread: beyond this the page would freeze for too long. */
const MAX_CANDIDATES = 20_000;

/** What the browser test reads: the last results, as plain arrays. */
export interface PlaygroundHook {
  /** Resolves once WebAssembly is compiled and the first expression is shown. */
  readonly ready: Promise<void>;
  /** The fixed reference population's losses (see reference.ts). */
  referenceLosses(): ReferenceLosses;
  /** The last population run of the page, with the inputs that produced it. */
  lastRun(): { csv: string; seed: number; candidates: number; vm: number[]; fused: number[]; invalid: number[]; vmCandidatesPerSecond: number; fusedCandidatesPerSecond: number; fusedCompileMs: number; rows: number } | undefined;
  /** The samples of the last plot. */
  lastPlot(): { variable: string; xs: number[]; ys: number[][]; others: Record<string, number> } | undefined;
}

declare global {
  interface Window {
    symxPlayground: PlaygroundHook;
  }
}

function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`playground: element #${id} is missing from index.html`);
  return e as T;
}

const exprInput = el<HTMLInputElement>('expr');
const varSelect = el<HTMLSelectElement>('variable');
const sourceEcho = el('source-echo');
const parseError = el('parse-error');
const analysisBox = el('analysis');
const plotSvg = el('plot') as unknown as SVGSVGElement;
const plotMin = el<HTMLInputElement>('plot-min');
const plotMax = el<HTMLInputElement>('plot-max');
const plotError = el('plot-error');
const csvArea = el<HTMLTextAreaElement>('csv');
const csvRows = el<HTMLInputElement>('csv-rows');
const seedInput = el<HTMLInputElement>('seed');
const candidatesInput = el<HTMLInputElement>('candidates');
const runButton = el<HTMLButtonElement>('run-population');
const populationError = el('population-error');
const populationResult = el('population-result');

let lastRun: ReturnType<PlaygroundHook['lastRun']>;
let lastPlot: ReturnType<PlaygroundHook['lastPlot']>;

// ---- expression panel ------------------------------------------------------------------------

function showOutcome(id: string, o: Outcome<Term>): void {
  const code = el(id);
  code.textContent = o.ok ? format(o.value) : o.error;
  code.classList.toggle('failed', !o.ok);
  const ms = document.getElementById(`${id}-ms`);
  if (ms) ms.textContent = o.ok ? `${o.ms.toFixed(2)} ms` : '';
}

function renderMath(target: HTMLElement, latex: string): void {
  katex.render(latex, target, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' });
  target.dataset.latex = latex;
}

/** The source echoed under the input, with the error span underlined (or nothing marked). */
function echoSource(src: string, mark?: { position: number; length: number }): void {
  sourceEcho.replaceChildren();
  sourceEcho.classList.toggle('has-error', mark !== undefined);
  if (!mark) {
    sourceEcho.append(src);
    return;
  }
  const end = mark.position + Math.max(mark.length, 1);
  const span = document.createElement('span');
  span.className = 'error-mark';
  span.dataset.testid = 'error-mark';
  span.dataset.position = String(mark.position);
  // at the end of input there is no character to underline: mark an empty slot
  span.textContent = mark.position >= src.length ? '\u00a0' : src.slice(mark.position, end);
  if (mark.position >= src.length) span.classList.add('end-of-input');
  sourceEcho.append(src.slice(0, mark.position), span, src.slice(end));
}

function setVariables(vars: readonly string[], chosen: string): void {
  const names = vars.length > 0 ? vars : [chosen];
  const current = [...varSelect.options].map((o) => o.value);
  if (current.join('\0') !== names.join('\0')) {
    varSelect.replaceChildren(...names.map((v) => new Option(v, v)));
  }
  varSelect.value = chosen;
}

function update(): void {
  const src = exprInput.value;
  const a = analyze(src, varSelect.value || undefined);
  analysisBox.dataset.source = src;
  if (!a.ok) {
    echoSource(src, a);
    parseError.textContent = a.message;
    parseError.hidden = false;
    analysisBox.dataset.state = 'error';
    exprInput.setAttribute('aria-invalid', 'true');
    return;
  }
  // the chosen variable may not occur in a new expression: fall back to its first one
  const a2 = a.variables.length > 0 && !a.variables.includes(a.variable) ? (analyze(src) as Analysis) : a;
  echoSource(src);
  parseError.hidden = true;
  parseError.textContent = '';
  exprInput.removeAttribute('aria-invalid');
  setVariables(a2.variables, a2.variable);
  el('parsed').textContent = a2.parsed;
  renderMath(el('latex'), a2.latex);
  showOutcome('simplify-core', a2.core);
  showOutcome('simplify-egraph', a2.egraph);
  showOutcome('derivative', a2.derivative);
  showOutcome('derivative-simplified', a2.derivativeSimplified);
  const dl = el('derivative-latex');
  if (a2.derivativeSimplified.ok) renderMath(dl, `\\frac{\\partial f}{\\partial ${a2.variable}} = ${toLatex(a2.derivativeSimplified.value)}`);
  else dl.replaceChildren();
  el('plot-variable').textContent = a2.variable;
  plot(a2);
  analysisBox.dataset.state = 'ok';
}

function plot(a: Analysis): void {
  const terms = [a.term];
  if (a.derivativeSimplified.ok) terms.push(a.derivativeSimplified.value);
  let s: Samples;
  try {
    s = sample(terms, a.variable, a.variables, Number(plotMin.value), Number(plotMax.value), PLOT_SAMPLES);
  } catch (e) {
    plotError.textContent = e instanceof Error ? e.message : String(e);
    plotError.hidden = false;
    plotSvg.replaceChildren();
    lastPlot = undefined;
    return;
  }
  plotError.hidden = true;
  const v = viewport(s);
  const ns = 'http://www.w3.org/2000/svg';
  const children: SVGElement[] = [];
  const line = (x1: number, y1: number, x2: number, y2: number, cls: string): void => {
    const l = document.createElementNS(ns, 'line');
    l.setAttribute('x1', String(x1));
    l.setAttribute('y1', String(y1));
    l.setAttribute('x2', String(x2));
    l.setAttribute('y2', String(y2));
    l.setAttribute('class', cls);
    children.push(l);
  };
  // axes where zero is in view
  if (v.y0 < 0 && v.y1 > 0) line(0, (v.y1 / (v.y1 - v.y0)) * PLOT_H, PLOT_W, (v.y1 / (v.y1 - v.y0)) * PLOT_H, 'axis');
  if (v.x0 < 0 && v.x1 > 0) line((-v.x0 / (v.x1 - v.x0)) * PLOT_W, 0, (-v.x0 / (v.x1 - v.x0)) * PLOT_W, PLOT_H, 'axis');
  s.ys.forEach((ys, i) => {
    const p = document.createElementNS(ns, 'path');
    p.setAttribute('d', pathData(s.xs, ys, v, PLOT_W, PLOT_H));
    p.setAttribute('class', i === 0 ? 'series f' : 'series df');
    p.dataset.series = i === 0 ? 'f' : 'df';
    children.push(p);
  });
  const label = (x: number, y: number, text: string, anchor: string): void => {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', String(x));
    t.setAttribute('y', String(y));
    t.setAttribute('text-anchor', anchor);
    t.setAttribute('class', 'tick');
    t.textContent = text;
    children.push(t);
  };
  label(4, 14, fmt(v.y1), 'start');
  label(4, PLOT_H - 4, fmt(v.y0), 'start');
  label(PLOT_W - 4, PLOT_H - 4, `${a.variable} = ${fmt(v.x1)}`, 'end');
  plotSvg.replaceChildren(...children);
  const others = Object.entries(s.others);
  el('plot-note').textContent = others.length > 0 ? `(${others.map(([k, x]) => `${k} = ${x}`).join(', ')})` : '';
  lastPlot = { variable: a.variable, xs: [...s.xs], ys: s.ys.map((y) => [...y]), others: { ...s.others } };
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}

// ---- population panel ------------------------------------------------------------------------

function si(x: number): string {
  const units = ['', 'k', 'M', 'G', 'T'];
  let u = 0;
  while (Math.abs(x) >= 1000 && u < units.length - 1) {
    x /= 1000;
    u++;
  }
  return `${x.toPrecision(3)}${units[u] === '' ? '' : ' ' + units[u]}`;
}

function intOf(input: HTMLInputElement, what: string, min: number, max: number): number {
  const v = Number(input.value);
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${what} must be an integer from ${min} to ${max}, got '${input.value}'`);
  return v;
}

function generate(): void {
  try {
    csvArea.value = generateCsv(intOf(csvRows, 'rows', 1, 200_000), intOf(seedInput, 'seed', 0, 2 ** 32 - 1));
    populationError.hidden = true;
  } catch (e) {
    showPopulationError(e);
  }
}

function showPopulationError(e: unknown): void {
  populationError.textContent = e instanceof Error ? e.message : String(e);
  populationError.hidden = false;
}

function fillTier(row: string, t: PopulationRun['vm'] | PopulationRun['fused'], compileMs?: number): void {
  const tr = document.querySelector(`[data-testid="${row}"]`)!;
  const set = (field: string, text: string, value?: number): void => {
    const td = tr.querySelector<HTMLElement>(`[data-field="${field}"]`)!;
    td.textContent = text;
    if (value !== undefined) td.dataset.value = String(value);
  };
  set('ms', `${t.msPerCall.toFixed(2)} ms (×${t.repetitions})`, t.msPerCall);
  set('cps', si(t.candidatesPerSecond), t.candidatesPerSecond);
  set('rps', si(t.rowsPerSecond), t.rowsPerSecond);
  if (compileMs !== undefined) set('compile', `${compileMs.toFixed(1)} ms`, compileMs);
}

function evaluatePopulationNow(): void {
  populationResult.dataset.state = 'running';
  try {
    const table = parseCsv(csvArea.value);
    const seed = intOf(seedInput, 'seed', 0, 2 ** 32 - 1);
    const count = intOf(candidatesInput, 'candidates', 1, MAX_CANDIDATES);
    const exprs = randomPopulation(table.variables, count, seed);
    const run = runPopulation(table, exprs);
    fillTier('tier-vm', run.vm);
    fillTier('tier-fused', run.fused, run.fused.compileMs);
    const invalid = run.vm.invalid.reduce((s, x) => s + x, 0);
    el('population-summary').textContent =
      `${run.candidates} candidates × ${run.rows} rows (${table.variables.join(', ')} → ${table.targetName}); ` +
      `${invalid} invalid (NaN or ±∞ on some row).`;
    el('best').textContent = run.best.index < 0 ? '(none valid)' : `${run.best.expression}   MSE ${run.best.loss.toPrecision(6)}`;
    const body = el('candidates-body');
    body.replaceChildren(
      ...exprs.slice(0, TABLE_ROWS).map((t, i) => {
        const tr = document.createElement('tr');
        for (const text of [String(i), format(t), run.vm.loss[i].toPrecision(6), run.fused.loss[i].toPrecision(6)]) {
          const td = document.createElement('td');
          td.textContent = text;
          tr.append(td);
        }
        return tr;
      }),
    );
    lastRun = {
      csv: csvArea.value,
      seed,
      candidates: count,
      rows: run.rows,
      vm: [...run.vm.loss],
      fused: [...run.fused.loss],
      invalid: [...run.vm.invalid],
      vmCandidatesPerSecond: run.vm.candidatesPerSecond,
      fusedCandidatesPerSecond: run.fused.candidatesPerSecond,
      fusedCompileMs: run.fused.compileMs,
    };
    populationError.hidden = true;
    populationResult.hidden = false;
    populationResult.dataset.state = 'done';
  } catch (e) {
    // bad CSV (CsvError names the line), bad inputs (RangeError), or a kernel error
    showPopulationError(e);
    populationResult.dataset.state = 'error';
  }
}

// ---- start-up --------------------------------------------------------------------------------

async function start(): Promise<void> {
  // Browsers refuse synchronous compilation of large modules on the main thread: compile the
  // VM module asynchronously once; everything after this is synchronous.
  await initWasm();
  el('generated-formula').textContent = GENERATED_FORMULA;
  exprInput.addEventListener('input', update);
  varSelect.addEventListener('change', update);
  plotMin.addEventListener('change', update);
  plotMax.addEventListener('change', update);
  el('generate-csv').addEventListener('click', generate);
  runButton.addEventListener('click', evaluatePopulationNow);
  generate();
  update();
  el('status').textContent = 'ready';
  document.body.dataset.ready = 'true';
}

const ready = start().catch((e: unknown) => {
  el('status').textContent = `failed to start: ${e instanceof Error ? e.message : String(e)}`;
  throw e;
});

window.symxPlayground = {
  ready,
  referenceLosses,
  lastRun: () => lastRun,
  lastPlot: () => lastPlot,
};
