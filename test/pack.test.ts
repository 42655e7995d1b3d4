// The packages as users meet them: build, `pnpm pack` each package, install the tarballs together
// with npm in a fresh folder outside the workspace, then use them from Node (a script doing real
// work, each package README's examples, the `symx` bin), from TypeScript (the shipped .d.ts under
// `node16` and `bundler` resolution) and through a bundler (vite, browser target).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const PACKAGES = ['core', 'egraph', 'wasm-eval', 'cli'] as const;
const pnpmVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { packageManager: string })
  .packageManager.replace(/^pnpm@/, '');

interface Manifest {
  name: string;
  version: string;
  license?: string;
  engines?: Record<string, string>;
  bin?: Record<string, string>;
  exports: Record<string, Record<string, string> | null>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

let work: string;
let consumer: string;
const tarballs = new Map<string, string>(); // package dir -> tarball path
const packed = new Map<string, { manifest: Manifest; files: Set<string> }>();

const TIMEOUT = 180_000;

/** Runs a command (asynchronously: vitest's worker must stay responsive) and returns its stdout. */
async function sh(cmd: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    return (await promisify(execFile)(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 })).stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stdout ?? ''}\n${err.stderr ?? err.message}`);
  }
}
const node = (args: readonly string[], cwd = consumer): Promise<string> => sh(process.execPath, args, cwd);

beforeAll(async () => {
  await node([require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.packages.json'], root);
  work = mkdtempSync(join(tmpdir(), 'symx-pack-'));
  const dest = join(work, 'tarballs');
  mkdirSync(dest);
  for (const p of PACKAGES) {
    const before = new Set(readdirSync(dest));
    await sh('npx', ['--yes', `pnpm@${pnpmVersion}`, 'pack', '--pack-destination', dest], join(root, 'packages', p));
    const made = readdirSync(dest).filter((f) => !before.has(f));
    if (made.length !== 1) throw new Error(`pnpm pack of packages/${p} made ${made.join(', ') || 'nothing'}`);
    const tgz = join(dest, made[0]);
    tarballs.set(p, tgz);
    const files = new Set((await sh('tar', ['tzf', tgz], work)).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, '')));
    const manifest = JSON.parse(await sh('tar', ['xzOf', tgz, 'package/package.json'], work)) as Manifest;
    packed.set(p, { manifest, files });
  }
  // A folder that is not inside the workspace: npm must find everything in the tarballs or on the
  // registry (third-party dependencies), never through the workspace's node_modules.
  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs.values()], consumer);
}, 10 * TIMEOUT);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packed tarballs', () => {
  it.each(PACKAGES)('packages/%s: manifest is publishable and every export target is shipped', (p) => {
    const { manifest, files } = packed.get(p)!;
    expect(manifest.license).toBe('MIT');
    expect(manifest.engines?.node).toMatch(/^>=\s*20/);
    expect(files.has('LICENSE') && files.has('README.md')).toBe(true);
    // pnpm rewrote workspace:* to the real versions
    for (const deps of [manifest.dependencies, manifest.peerDependencies]) {
      for (const [name, range] of Object.entries(deps ?? {})) expect(range, name).not.toMatch(/^workspace:/);
    }
    // no tests, no workspace-only "source" condition; every target present (an entry whose source
    // does not exist yet in the workspace is skipped: another change is adding it)
    expect([...files].filter((f) => /\.test\./.test(f))).toEqual([]);
    // publishConfig.exports (the published map) must list every entry point of the workspace map
    const workspace = JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8')) as Manifest;
    expect(Object.keys(manifest.exports).sort()).toEqual(Object.keys(workspace.exports).sort());
    for (const [key, target] of Object.entries(manifest.exports)) {
      if (target === null) continue;
      expect(Object.keys(target), key).toEqual(['types', 'default']);
      const source = join(root, 'packages', p, target.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
      if (!existsSync(source)) continue;
      for (const file of Object.values(target)) expect(files.has(file.replace(/^\.\//, '')), `${key} -> ${file}`).toBe(true);
    }
    for (const bin of Object.values(manifest.bin ?? {})) {
      expect(files.has(bin.replace(/^\.\//, ''))).toBe(true);
    }
  });

  it('@symx/wasm-eval ships its VM module inlined (no .wasm asset to locate)', () => {
    const { files } = packed.get('wasm-eval')!;
    expect(files.has('dist/generated/vm-wasm.js')).toBe(true);
    expect([...files].filter((f) => f.endsWith('.wasm'))).toEqual([]);
  });
});

describe('installed in a fresh folder', { timeout: TIMEOUT }, () => {
  it('imports and does real work from Node', async () => {
    writeFileSync(join(consumer, 'use.mjs'), `
import assert from 'node:assert/strict';
import { parse, format, simplify, derivative, evaluate } from '@symx/core';
import { equivalent, simplify as saturate } from '@symx/egraph';
import { compile, createDataset, lossPopulation, fitConstants } from '@symx/wasm-eval';
import { createPool } from '@symx/wasm-eval/pool';
import { run, VERSION } from 'symx';

assert.equal(format(simplify(parse('3*sin(x)^2 + 3*cos(x)^2 + y'))), 'y + 3');
assert.equal(format(derivative(parse('x^3'), 'x')), '3*x^2');
assert.equal(evaluate(parse('x*y + 1'), { x: 2, y: 3 }), 7);
assert.equal(equivalent(parse('(a + b)*c'), parse('c*b + a*c')).result, true);
assert.equal(format(saturate(parse('x*1 + 0'))), 'x');

const x = Float64Array.from({ length: 64 }, (_, i) => i / 8);
const y = x.map((v) => 2.5 * v * v + 1);
const z = x.map((v) => 2.5 * v + 1);
for (const tier of ['vm', 'fused']) {
  const k = compile([parse('2.5*x^2 + 1')], { variables: ['x'], tier });
  assert.ok(Math.abs(k.evaluate([x])[0][16] - (2.5 * 4 + 1)) < 1e-12, tier);
  k.dispose();
}
const data = createDataset(['x'], [x], { target: y });
const { loss } = lossPopulation([parse('2.5*x^2 + 1'), parse('x')], data, { kind: 'mse' });
assert.ok(loss[0] < 1e-20 && loss[1] > 1);
const fit = fitConstants(parse('2*x + 0.5'), [x], z, { variables: ['x'] });
assert.ok(Math.abs(fit.constants[0] - 2.5) < 1e-6 && Math.abs(fit.constants[1] - 1) < 1e-6, String(fit.constants));

// the worker pool (Node only): its worker module must be found inside the installed package
const pool = createPool({ threads: 2 });
const pdata = pool.createDataset(['x'], [x], { target: y });
const pooled = await pool.lossPopulation([parse('2.5*x^2 + 1'), parse('x')], pdata, { kind: 'mse' });
assert.deepEqual(Array.from(pooled.loss), Array.from(loss));
pdata.dispose();
await pool.close();

let out = '';
const io = { stdin: process.stdin, stdout: { write: (s) => { out += s; return true; } }, stderr: process.stderr, stderrIsTTY: false, cwd: process.cwd() };
assert.equal(await run(['simplify', 'x*y*x/(x*y)'], io), 0);
assert.equal(out.trim(), 'x');
console.log('ok ' + VERSION);
`);
    expect((await node(['use.mjs'])).trim()).toMatch(/^ok \d+\.\d+\.\d+/);
  });

  it('runs the symx bin', async () => {
    const bin = join(consumer, 'node_modules', '.bin', 'symx');
    expect((await sh(bin, ['simplify', 'x*y*x/(x*y)'], consumer)).trim()).toBe('x');
    expect((await sh(bin, ['diff', 'x^2*y', '--wrt', 'x'], consumer)).trim()).toBe('2*x*y');
    expect((await sh(bin, ['--version'], consumer)).trim()).toContain(packed.get('cli')!.manifest.version);
  });

  it.each(PACKAGES)("runs packages/%s/README.md's examples against the installed package", async (p) => {
    const readme = readFileSync(join(root, 'packages', p, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
    // the CLI README's standalone-kernel block loads what this command writes
    if (p === 'cli') await sh(join(consumer, 'node_modules', '.bin', 'symx'), ['compile', 'x*y + 2.5', '--vars', 'x,y', '-o', 'kernel.wasm'], consumer);
    expect(blocks.length, `no \`\`\`js block in packages/${p}/README.md`).toBeGreaterThan(0);
    for (const [i, block] of blocks.entries()) {
      const file = join(consumer, `readme-${p}-${i + 1}.mjs`);
      writeFileSync(file, toAssertingModule(block));
      await node([file]);
    }
  });

  it('type-checks a consumer against the shipped .d.ts (node16 and bundler resolution)', async () => {
    writeFileSync(join(consumer, 'use.ts'), `
import { parse, format, simplify, type Term } from '@symx/core';
import { equivalent, EGraph, Runner } from '@symx/egraph';
import { compile, type Kernel } from '@symx/wasm-eval';
import { run, type CliIO } from 'symx';
const t: Term = simplify(parse('x + x'));
const s: string = format(t);
const r: boolean | 'unknown' = equivalent(t, parse('2*x')).result;
const k: Kernel = compile([t], { variables: ['x'] });
const g = new EGraph();
void [s, r, k, g, Runner, run as (argv: string[], io: CliIO) => Promise<number>];
`);
    const tsc = require.resolve('typescript/bin/tsc');
    for (const [module, resolution] of [['node16', 'node16'], ['esnext', 'bundler']]) {
      // strict, and the packages' own .d.ts checked too (no skipLibCheck); Node's types for symx's streams
      await node([tsc, '--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'es2022', '--lib', 'es2022,dom',
        '--typeRoots', join(root, 'node_modules', '@types'), '--types', 'node',
        '--module', module, '--moduleResolution', resolution, 'use.ts']);
    }
  });

  it('bundles for the browser with vite and the bundle runs', async () => {
    writeFileSync(join(consumer, 'entry.js'), `
import { parse, format, simplify } from '@symx/core';
import { equivalent } from '@symx/egraph';
import { compile } from '@symx/wasm-eval';
const k = compile([parse('x^2 + 1')], { variables: ['x'] });
export const result = [format(simplify(parse('x*y*x/(x*y)'))), equivalent(parse('a*b'), parse('b*a')).result, k.evaluate([Float64Array.of(3)])[0][0]];
`);
    const { build } = (await import(pathToFileURL(require.resolve('vite')).href)) as typeof import('vite');
    await build({
      root: consumer,
      configFile: false,
      logLevel: 'error',
      build: {
        lib: { entry: join(consumer, 'entry.js'), formats: ['es'], fileName: 'bundle' },
        outDir: join(consumer, 'out'),
        minify: false,
      },
    });
    const bundle = readdirSync(join(consumer, 'out')).find((f) => f.startsWith('bundle'))!;
    // no Node built-ins reached the browser bundle
    expect(readFileSync(join(consumer, 'out', bundle), 'utf8')).not.toMatch(/from\s*['"]node:/);
    const mod = (await import(pathToFileURL(join(consumer, 'out', bundle)).href)) as { result: unknown[] };
    expect(mod.result).toEqual(['x', true, 10]);
  });
});

/** `expr; // → value` lines become deep-equality assertions; everything else is left alone. */
function toAssertingModule(block: string): string {
  const lines = block.split('\n').map((line) => {
    const m = /^(\s*)(.*?);?\s*\/\/ → (.*)$/.exec(line);
    if (!m || m[2].trim() === '') return line;
    return `${m[1]}assert.deepStrictEqual(${m[2]}, ${m[3]});`;
  });
  return `import assert from 'node:assert/strict';\n${lines.join('\n')}\n`;
}
