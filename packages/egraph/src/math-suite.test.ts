import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type SuiteFile, runSuiteCase } from './internal/math-suite.js';

const suite = JSON.parse(readFileSync(new URL('../test-data/math-suite.json', import.meta.url), 'utf8')) as SuiteFile;

describe('egg math suite (test-data/math-suite.json)', () => {
  for (const c of suite.cases) {
    it(c.name, () => {
      const out = runSuiteCase(suite, c, { debug: true });
      const r = out.result;
      if (c.expect.goals === 'proved') expect(out.proved, `stop: ${JSON.stringify(r.stopReason)}`).toBe(true);
      if (c.expect.goals === 'not-proved') expect(out.proved).toBe(false);
      if (c.expect['stop-reason'] === 'saturated') expect(r.stopReason.kind).toBe('saturated');
      if (c.expect['stop-reason'] === 'iteration-limit') expect(r.stopReason.kind).toBe('iteration-limit');
      if (c.expect.eclasses !== undefined) expect(r.report.classes).toBe(c.expect.eclasses);
    });
  }
});
