#!/usr/bin/env node
// The API reference: `node scripts/docs.mjs` writes docs/api/ (HTML) from the TSDoc comments.
//
// Each package is converted on its own, with its tsconfig and the entry points of its "exports"
// map (so `@symx/core/testing` and `@symx/wasm-eval/pool` are documented too), to JSON; the JSON
// projects are then merged into one site. Shared options (validation, what must be documented)
// are in typedoc.json. Finally prints how many public exports are documented and have an example.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PACKAGE_DIRS, collectApi, entryPoints, root } from './api-surface.mjs';

const typedoc = join(dirname(createRequire(join(root, 'package.json')).resolve('typedoc/package.json')), 'bin', 'typedoc');
const scratch = mkdtempSync(join(tmpdir(), 'symx-docs-'));

function dirname(p) {
  return p.slice(0, p.lastIndexOf('/'));
}

function run(args) {
  const r = spawnSync(process.execPath, [typedoc, '--options', join(root, 'typedoc.json'), ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    process.exit(r.status ?? 1);
  }
}

try {
  const entries = entryPoints();
  const jsons = [];
  for (const dir of PACKAGE_DIRS) {
    const files = entries.filter((e) => e.dir === dir).map((e) => relative(root, e.file));
    const json = join(scratch, `${dir}.json`);
    console.log(`\n${dir}: ${files.join(', ')}`);
    run([
      '--entryPointStrategy', 'resolve',
      ...files.flatMap((f) => ['--entryPoints', f]),
      '--tsconfig', `packages/${dir}/tsconfig.json`,
      '--name', entries.find((e) => e.dir === dir).pkg,
      '--readme', `packages/${dir}/README.md`,
      '--json', json,
    ]);
    jsons.push(json);
  }
  console.log('\nmerging');
  run(['--entryPointStrategy', 'merge', ...jsons.flatMap((j) => ['--entryPoints', j]), '--out', 'docs/api', '--readme', 'none']);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const api = collectApi();
const documented = api.filter((e) => e.documented).length;
const withExample = api.filter((e) => e.examples.length > 0 && !e.examples.every((x) => x.member)).length;
const undocumented = api.filter((e) => !e.documented);
console.log(`\n${api.length} public exports: ${documented} documented, ${withExample} with an @example of their own.`);
if (undocumented.length > 0) {
  console.log(`Undocumented (${undocumented.length}):`);
  for (const e of undocumented) console.log(`  ${e.specifier} ${e.name} (${e.file}:${e.line})`);
}
console.log(`\nHTML in ${relative(process.cwd(), join(root, 'docs', 'api')) || '.'}/index.html`);
