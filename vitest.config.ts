// One vitest project per directory under packages/ (named from its package.json), plus the
// cross-package suite in test/. Adding a package needs no change here.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const packages = readdirSync('packages', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`packages/${d.name}/package.json`))
  .map((d) => ({
    dir: `packages/${d.name}`,
    name: JSON.parse(readFileSync(`packages/${d.name}/package.json`, 'utf8')).name as string,
  }));

// Sibling packages resolve to their TypeScript sources through the "source" export condition,
// so tests never need a build first. Vitest resolves in SSR mode, hence `ssr.resolve` too.
const conditions = ['source', 'import', 'default'];
const resolve = { conditions };
const ssr = { resolve: { conditions, externalConditions: conditions } };

export default defineConfig({
  test: {
    projects: [
      ...packages.map((p) => ({
        resolve,
        ssr,
        test: { name: p.name, root: p.dir, include: ['src/**/*.test.ts'] },
      })),
      { resolve, ssr, test: { name: 'cross-package', root: 'test', include: ['**/*.test.ts'] } },
    ],
  },
});
