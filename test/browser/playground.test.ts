/**
 * The playground (examples/playground) in a real browser: Debian's Chromium driven by
 * playwright-core. Builds the page with vite's JS API into a temporary directory, serves the
 * built files from 127.0.0.1 (every other request is blocked: the page must work offline),
 * types valid and malformed expressions, runs the population evaluation, and compares the
 * browser's numbers with the same code run here in Node. Screenshots go to test/browser/output/.
 *
 * Skipped, with the reason printed, only when no Chromium executable is found ($CHROME_PATH,
 * then /usr/bin/chromium, /usr/bin/chromium-browser). CI installs Debian's `chromium` package.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../examples/playground/src/analyze.js';
import { generateCsv, parseCsv } from '../../examples/playground/src/csv.js';
import { sample } from '../../examples/playground/src/plot.js';
import { randomPopulation, runPopulation } from '../../examples/playground/src/population.js';
import { referenceLosses } from '../../examples/playground/src/reference.js';
import type { PlaygroundHook } from '../../examples/playground/src/main.js';
import { type StaticServer, serveStatic } from './static-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const playgroundDir = resolve(here, '../../examples/playground');
const outputDir = join(here, 'output');

/**
 * Largest relative difference allowed between the browser's and Node's losses. Both run the
 * same WebAssembly bytes (the VM module, and fused modules emitted by the same code) with
 * IEEE float64 semantics, so the numbers must be identical: the bound is 0, and NaN must
 * match NaN.
 */
const BROWSER_NODE_REL_BOUND = 0;

/** The tiers against each other (different kernels, different operation order). */
const VM_FUSED_REL_BOUND = 1e-9;

function findChromium(): string | undefined {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p));
}

const chromiumPath = findChromium();
const SKIP_REASON = 'no Chromium executable found ($CHROME_PATH, /usr/bin/chromium, /usr/bin/chromium-browser); install Debian\'s chromium package to run it';
if (!chromiumPath) console.warn(`[test/browser/playground] SKIPPED: ${SKIP_REASON}`);

// vite and playwright-core are dependencies of the playground package, not of test/.
const requireFromPlayground = createRequire(join(playgroundDir, 'package.json'));
const importFromPlayground = async <T>(name: string): Promise<T> =>
  (await import(pathToFileURL(requireFromPlayground.resolve(name)).href)) as T;

/**
 * Largest relative difference of two loss vectors and the number of entries that differ at all
 * (NaN matches NaN; a finite value against a non-finite one counts as a mismatch).
 */
function maxRelDiff(a: readonly number[], b: readonly number[]): { max: number; mismatches: number; first: string } {
  expect(a.length).toBe(b.length);
  let max = 0;
  let mismatches = 0;
  let first = '';
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (Object.is(x, y) || (x === 0 && y === 0)) continue;
    mismatches++;
    if (first === '') first = `first at ${i}: ${x} vs ${y}`;
    max = Math.max(max, !Number.isFinite(x) || !Number.isFinite(y) ? Infinity : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y)));
  }
  return { max, mismatches, first };
}

(chromiumPath ? describe : describe.skip)(
  chromiumPath ? 'playground in Chromium' : `playground in Chromium (skipped: ${SKIP_REASON})`,
  { timeout: 180_000 },
  () => {
    let outDir = '';
    let server: StaticServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const blocked: string[] = [];
    const pageErrors: string[] = [];

    beforeAll(async () => {
      outDir = mkdtempSync(join(tmpdir(), 'symx-playground-'));
      const vite = await importFromPlayground<typeof import('vite')>('vite');
      await vite.build({
        configFile: join(playgroundDir, 'vite.config.js'),
        root: playgroundDir,
        logLevel: 'warn',
        build: { outDir, emptyOutDir: true },
      });
      expect(existsSync(join(outDir, 'index.html'))).toBe(true);
      server = await serveStatic(outDir);
      const { chromium } = await importFromPlayground<typeof import('playwright-core')>('playwright-core');
      browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'], timeout: 120_000 });
      context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      // Offline: the built files are all the page may load.
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.origin === new URL(server.url).origin) return route.continue();
        blocked.push(url.href);
        return route.abort();
      });
      page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(m.text());
      });
      await page.goto(server.url);
      await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, { timeout: 60_000 });
      mkdirSync(outputDir, { recursive: true });
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (outDir) rmSync(outDir, { recursive: true, force: true });
    });

    /** Types `src` and waits until the page has analysed exactly that text. */
    async function typeExpression(src: string): Promise<void> {
      await page.getByTestId('expr-input').fill(src);
      await page.waitForFunction((s) => document.getElementById('analysis')?.dataset.source === s, src);
    }

    const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).textContent()) ?? '';

    it('loads offline from the built files and renders the default expression', async () => {
      expect(await text('status')).toBe('ready');
      expect(blocked).toEqual([]);
      expect(pageErrors).toEqual([]);
      // KaTeX's fonts are bundled and served locally
      const fonts = await page.evaluate(async () => {
        await document.fonts.ready;
        return [...document.fonts].filter((f) => f.family.includes('KaTeX') && f.status === 'loaded').map((f) => f.family);
      });
      expect(fonts.length).toBeGreaterThan(0);
      expect(server.requests.some((p) => /KaTeX_.*\.woff2$/.test(p))).toBe(true);
    });

    it('shows parse, both simplifiers, the derivative and LaTeX, as Node computes them', async () => {
      const cases: [src: string, variable: string | undefined, expected: { core?: string; egraph?: string; dsimp?: string }][] = [
        ['x*1 + 0', undefined, { core: 'x', egraph: 'x', dsimp: '1' }],
        ['sin(x)^2 + cos(x)^2', undefined, { core: '1' }],
        ['2*x + 3*x', undefined, { core: '5*x', egraph: '5*x', dsimp: '5' }],
        ['x^2*y + 2*x*y', 'y', { dsimp: '2*x + x^2' }],
        ['exp(-x^2/2)/sqrt(2*pi)', undefined, {}],
      ];
      for (const [src, variable, expected] of cases) {
        await typeExpression(src);
        if (variable !== undefined) {
          await page.getByTestId('variable').selectOption(variable);
          await page.waitForFunction((v) => document.getElementById('plot-variable')?.textContent === v, variable);
        }
        const node = analyze(src, variable);
        if (!node.ok) throw new Error(`Node failed to parse ${src}: ${node.message}`);
        const show = (o: typeof node.core): string => (o.ok ? String(o.value) : o.error);
        expect(await text('parsed'), src).toBe(node.parsed);
        expect(await text('simplify-core'), src).toBe(show(node.core));
        expect(await text('simplify-egraph'), src).toBe(show(node.egraph));
        expect(await text('derivative'), src).toBe(show(node.derivative));
        expect(await text('derivative-simplified'), src).toBe(show(node.derivativeSimplified));
        if (expected.core) expect(show(node.core)).toBe(expected.core);
        if (expected.egraph) expect(show(node.egraph)).toBe(expected.egraph);
        if (expected.dsimp) expect(show(node.derivativeSimplified)).toBe(expected.dsimp);
        // KaTeX rendered the LaTeX that core printed (its MathML keeps the source)
        const latex = page.getByTestId('latex');
        expect(await latex.getAttribute('data-latex')).toBe(node.latex);
        expect(await latex.locator('annotation[encoding="application/x-tex"]').textContent()).toBe(node.latex);
        expect(await latex.locator('.katex-html').count()).toBe(1);
        expect(await page.getByTestId('parse-error').isHidden()).toBe(true);
        expect(await page.getByTestId('error-mark').count()).toBe(0);
      }
      await page.screenshot({ path: join(outputDir, 'playground-expression.png'), fullPage: true });
    });

    it('plots f and f′ with the WASM VM, the same samples as in Node', async () => {
      await typeExpression('sin(x)*x + y');
      await page.getByTestId('variable').selectOption('x');
      await page.getByTestId('plot-min').fill('-6');
      await page.getByTestId('plot-min').dispatchEvent('change');
      await page.waitForFunction(() => window.symxPlayground.lastPlot()?.xs[0] === -6);
      const plot = (await page.evaluate(() => window.symxPlayground.lastPlot()))!;
      expect(plot.variable).toBe('x');
      expect(plot.others).toEqual({ y: 1 });
      const a = analyze('sin(x)*x + y', 'x');
      if (!a.ok || !a.derivativeSimplified.ok) throw new Error('Node analysis failed');
      const node = sample([a.term, a.derivativeSimplified.value], 'x', a.variables, -6, 5, plot.xs.length);
      expect(plot.xs).toEqual([...node.xs]);
      expect(plot.ys).toEqual(node.ys.map((y) => [...y]));
      for (const series of ['f', 'df']) {
        const d = (await page.locator(`[data-testid="plot"] path[data-series="${series}"]`).getAttribute('d')) ?? '';
        expect(d).toMatch(/^M[\d.-]+ [\d.-]+(L[\d.-]+ [\d.-]+){100,}/);
      }
    });

    it('underlines parse errors at their position', async () => {
      const cases: [src: string, position: number, marked: string][] = [
        ['(x + 1', 6, '\u00a0'], // end of input: an empty slot is marked
        ['x + * 2', 4, '*'],
        ['sin(x) foo', 7, 'foo'],
        ['2 $ x', 2, '$'],
      ];
      for (const [src, position, marked] of cases) {
        await typeExpression(src);
        const node = analyze(src);
        if (node.ok) throw new Error(`Node parsed the malformed ${src}`);
        expect(node.position, src).toBe(position);
        const error = page.getByTestId('parse-error');
        expect(await error.isVisible(), src).toBe(true);
        expect(await error.textContent(), src).toBe(node.message);
        const mark = page.getByTestId('error-mark');
        expect(await mark.isVisible(), src).toBe(true);
        expect(await mark.getAttribute('data-position'), src).toBe(String(position));
        expect(await mark.textContent(), src).toBe(marked);
        // the mark is really drawn as a wavy underline, under the input's text at that offset
        const style = await mark.evaluate((e) => getComputedStyle(e).textDecorationStyle);
        expect(style).toBe('wavy');
        expect(await page.getByTestId('expr-input').getAttribute('aria-invalid')).toBe('true');
        // the echo starts with the source up to the error, so the mark lines up with the input
        expect((await text('source-echo')).slice(0, position), src).toBe(src.slice(0, position));
      }
      await page.screenshot({ path: join(outputDir, 'playground-parse-error.png'), fullPage: true });
      // a valid expression clears the error
      await typeExpression('x + 1');
      expect(await page.getByTestId('parse-error').isHidden()).toBe(true);
      expect(await page.getByTestId('error-mark').count()).toBe(0);
    });

    it('scores a population with both WASM tiers: the same losses as Node', async () => {
      await page.getByTestId('csv-rows').fill('2000');
      await page.getByTestId('seed').fill('7');
      await page.getByTestId('generate-csv').click();
      await page.getByTestId('candidates').fill('1000');
      await page.getByTestId('run-population').click();
      await page.waitForFunction(() => document.getElementById('population-result')?.dataset.state === 'done', undefined, { timeout: 60_000 });
      expect(await page.getByTestId('population-error').isHidden()).toBe(true);
      const run: NonNullable<ReturnType<PlaygroundHook['lastRun']>> = (await page.evaluate(() => window.symxPlayground.lastRun()))!;
      expect(run.rows).toBe(2000);
      expect(run.seed).toBe(7);
      expect(run.vm.length).toBe(1000);

      // the same CSV and population in Node
      const table = parseCsv(run.csv);
      const exprs = randomPopulation(table.variables, run.candidates, run.seed);
      const node = runPopulation(table, exprs);
      // the generator's data is bit-identical (its target comes from the WASM VM, not Math.cos)
      expect(run.csv).toBe(generateCsv(2000, 7));
      for (const [tier, b, n] of [['vm', run.vm, node.vm.loss], ['fused', run.fused, node.fused.loss]] as const) {
        const d = maxRelDiff(b, [...n]);
        expect(d.max, `${tier}: ${d.mismatches} differ, ${d.first}`).toBeLessThanOrEqual(BROWSER_NODE_REL_BOUND);
      }
      expect(run.invalid).toEqual([...node.vm.invalid]);
      // the two tiers agree on the valid candidates
      const valid = run.vm.map((_, i) => i).filter((i) => run.invalid[i] === 0 && Number.isFinite(run.vm[i]));
      expect(valid.length).toBeGreaterThan(100);
      const tiers = maxRelDiff(valid.map((i) => run.vm[i]), valid.map((i) => run.fused[i]));
      expect(tiers.max, `vm vs fused: ${tiers.first}`).toBeLessThanOrEqual(VM_FUSED_REL_BOUND);

      // the throughput is on the page
      for (const tier of ['tier-vm', 'tier-fused']) {
        const cps = Number(await page.locator(`[data-testid="${tier}"] [data-field="cps"]`).getAttribute('data-value'));
        expect(cps).toBeGreaterThan(0);
      }
      expect(await text('population-summary')).toContain('1000 candidates × 2000 rows');
      expect(await text('best')).toMatch(/MSE/);
      console.log(
        `[test/browser/playground] population ${run.candidates} candidates × ${run.rows} rows, candidates/s: ` +
          `browser VM ${run.vmCandidatesPerSecond.toExponential(3)}, fused ${run.fusedCandidatesPerSecond.toExponential(3)}; ` +
          `Node VM ${node.vm.candidatesPerSecond.toExponential(3)}, fused ${node.fused.candidatesPerSecond.toExponential(3)} ` +
          `(fused compile: browser ${run.fusedCompileMs.toFixed(0)} ms, Node ${node.fused.compileMs.toFixed(0)} ms)`,
      );
      await page.screenshot({ path: join(outputDir, 'playground.png'), fullPage: true });
    });

    it('window.symxPlayground.referenceLosses() matches Node on the fixed dataset', async () => {
      const browserRef = await page.evaluate(() => window.symxPlayground.referenceLosses());
      const nodeRef = referenceLosses();
      expect(browserRef.expressions).toEqual(nodeRef.expressions);
      expect(browserRef.invalid).toEqual(nodeRef.invalid);
      for (const tier of ['vm', 'fused'] as const) {
        const d = maxRelDiff(browserRef[tier], nodeRef[tier]);
        expect(d.max, `${tier}: ${d.mismatches} differ, ${d.first}`).toBeLessThanOrEqual(BROWSER_NODE_REL_BOUND);
      }
      expect(blocked).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  },
);
