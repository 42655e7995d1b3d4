// Module hooks that let Node run the workspace's TypeScript sources directly, for end-to-end
// tests that spawn the real CLI (vitest itself transpiles in-process, but a child process is
// plain Node). Resolution: the "source" export condition (workspace packages resolve to their
// src/index.ts), and a relative `./x.js` written in a .ts file falls back to `./x.ts`
// (NodeNext style imports); loading: .ts files are transpiled with TypeScript's
// `transpileModule` (no type checking) and cached on disk by path, size and mtime, so only the
// first spawn after an edit pays for loading the compiler.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cacheDir = join(tmpdir(), 'symx-ts-hooks-cache-v1');
let ts;

export async function resolve(specifier, context, next) {
  // Workspace packages resolve to their TypeScript sources (the "source" export condition).
  if (!context.conditions.includes('source')) context = { ...context, conditions: [...context.conditions, 'source'] };
  try {
    return await next(specifier, context);
  } catch (e) {
    const fromTs = context.parentURL?.endsWith('.ts');
    if (fromTs && e?.code === 'ERR_MODULE_NOT_FOUND' && /^\.{1,2}\//.test(specifier) && specifier.endsWith('.js')) {
      return next(specifier.slice(0, -3) + '.ts', context);
    }
    throw e;
  }
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts') || url.endsWith('.d.ts')) return next(url, context);
  const path = fileURLToPath(url);
  const st = statSync(path);
  const key = createHash('sha1').update(`${path}\0${st.size}\0${st.mtimeMs}`).digest('hex');
  const cached = join(cacheDir, `${key}.js`);
  let source;
  try {
    source = readFileSync(cached, 'utf8');
  } catch {
    ts ??= (await import('typescript')).default;
    const out = ts.transpileModule(readFileSync(path, 'utf8'), {
      fileName: path,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
        inlineSourceMap: true,
        inlineSources: true,
      },
    });
    source = out.outputText;
    mkdirSync(cacheDir, { recursive: true });
    // Worker threads of one process share its pid (the wasm-eval pool's workers load through
    // this hook): the temporary name must be unique per thread and write.
    const tmp = `${cached}.${process.pid}.${threadId}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, source);
    renameSync(tmp, cached); // atomic: a concurrent writer of the same entry wrote the same text
  }
  return { format: 'module', source, shortCircuit: true };
}
