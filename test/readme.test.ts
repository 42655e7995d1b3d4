// Checks the README's code: every ```js block runs, and each line of the form
// `expression; // → expected` asserts that the expression equals the expected value.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
const outDir = join(here, '.readme-blocks');

/** Turns `expr; // → value` lines into assertions; leaves other lines alone. */
export function toCheckedModule(block: string): string {
  const lines = block.split('\n').map((line) => {
    const m = /^(\s*)(.*?);?\s*\/\/ → (.*)$/.exec(line);
    if (!m || m[2].trim() === '') return line;
    return `${m[1]}expect(${m[2]}).toEqual(${m[3]});`;
  });
  return `import { expect } from 'vitest';\n${lines.join('\n')}\n`;
}

describe('README examples', () => {
  mkdirSync(outDir, { recursive: true });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  it('has examples to check', () => {
    if (blocks.length === 0) throw new Error('no ```js blocks found in README.md');
  });
  blocks.forEach((block, i) => {
    it(`block ${i + 1} runs and its results match`, async () => {
      const file = join(outDir, `block-${i + 1}.ts`);
      writeFileSync(file, toCheckedModule(block));
      await import(file);
    });
  });
});
