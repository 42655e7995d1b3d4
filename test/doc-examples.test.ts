// Runs every `@example` in the TSDoc of the packages' public exports (and of their members).
// Each example becomes a module under test/.doc-examples/: the exports it names from @symx/* are
// imported implicitly (from the declaring entry point first, then core, egraph, wasm-eval, symx;
// `fc` is fast-check), and each line `expression; // → expected` asserts that the expression deep-equals `expected`.
// Other comments (`// x*y`) are prose.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TS from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { collectApi, entryPoints, exportNames } from '../scripts/api-surface.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ts = createRequire(import.meta.url)('typescript') as typeof TS;
const outDir = join(here, '.doc-examples');

const api = collectApi();
const names = exportNames(api);
const sourceOf = new Map(entryPoints().map((e) => [e.specifier, e.file]));
const FALLBACK = ['@symx/core', '@symx/egraph', '@symx/wasm-eval', 'symx'];

/** Names the snippet declares itself (bindings, functions, classes, imports). */
function declaredAndUsed(sf: TS.SourceFile): { declared: Set<string>; used: Map<string, 'value' | 'type'> } {
  const declared = new Set<string>();
  const used = new Map<string, 'value' | 'type'>();
  const stack: TS.Node[] = [sf];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (ts.isIdentifier(n)) {
      const p = n.parent;
      const isDecl =
        ((ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isParameter(p) ||
          ts.isBindingElement(p) || ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) && p.name === n);
      const isKey =
        (ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n) ||
        (ts.isMethodDeclaration(p) && p.name === n) || (ts.isQualifiedName(p) && p.right === n) ||
        (ts.isPropertySignature(p) && p.name === n) || (ts.isBindingElement(p) && p.propertyName === n);
      if (isDecl) declared.add(n.text);
      else if (!isKey) {
        const kind = ts.isTypeReferenceNode(p) || (ts.isQualifiedName(p) && ts.isTypeReferenceNode(p.parent)) ? 'type' : 'value';
        if (used.get(n.text) !== 'value') used.set(n.text, kind);
      }
    }
    n.forEachChild((c) => {
      stack.push(c);
    });
  }
  return { declared, used };
}

/** The runnable module of one example: implicit imports, assertions, absolute import paths. */
export function exampleModule(code: string, specifier: string): string {
  const lines = code.split('\n').map((line) => {
    const m = /^(\s*)(.*?);?\s*\/\/ → (.*)$/.exec(line);
    if (!m || m[2].trim() === '') return line;
    return `${m[1]}expect(${m[2]}).toEqual(${m[3]});`;
  });
  let body = lines.join('\n');
  const sf = ts.createSourceFile('example.ts', body, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const { declared, used } = declaredAndUsed(sf);
  const imports = new Map<string, string[]>();
  for (const [name, kind] of used) {
    if (declared.has(name) || name === 'expect') continue;
    const from = [specifier, ...FALLBACK].find((s) => names.get(s)?.has(name));
    if (!from) continue;
    if (!imports.has(from)) imports.set(from, []);
    imports.get(from)!.push(kind === 'type' ? `type ${name}` : name);
  }
  // explicit imports of the packages resolve to their sources, like the implicit ones
  body = body.replace(/(from\s+|import\s+)(['"])((?:@symx\/[\w-]+|symx)(?:\/[\w-]+)?)\2/g, (all, kw: string, _q, spec: string) =>
    sourceOf.has(spec) ? `${kw}${JSON.stringify(sourceOf.get(spec))}` : all,
  );
  // fast-check's conventional name, as in @symx/core/testing's examples
  if (used.has('fc') && !declared.has('fc')) body = `import fc from 'fast-check';\n${body}`;
  const head = [...imports].map(([from, list]) => `import { ${list.join(', ')} } from ${JSON.stringify(sourceOf.get(from))};`);
  return `import { expect } from 'vitest';\n${head.join('\n')}\n${body}\nexport {};\n`;
}

const withExamples = api.filter((e) => e.examples.length > 0);

/**
 * Examples known not to run yet, with why: files owned by changes still in progress. Each is
 * reported as skipped; remove the entry once its example is self-contained.
 */
const PENDING: Record<string, string> = {
  '@symx/wasm-eval FusedKernel.evaluateAt': 'low level: needs column pointers into the host memory, which is not public (fused/kernel.ts)',
  '@symx/wasm-eval/pool createPool': 'workers cannot load the TypeScript sources without a loader hook; test/pack.test.ts runs the pool from the built package',
  '@symx/wasm-eval/pool EvalPool': 'workers cannot load the TypeScript sources without a loader hook; test/pack.test.ts runs the pool from the built package',
  '@symx/wasm-eval/pool EvalPool.close': 'workers cannot load the TypeScript sources without a loader hook; test/pack.test.ts runs the pool from the built package',
  '@symx/wasm-eval/pool EvalPool.lossPopulation': 'workers cannot load the TypeScript sources without a loader hook; test/pack.test.ts runs the pool from the built package',
  '@symx/wasm-eval/pool EvalPool.evaluatePopulation': 'workers cannot load the TypeScript sources without a loader hook; test/pack.test.ts runs the pool from the built package',
  '@symx/wasm-eval/pool EvalPool.createDataset': 'workers cannot load the TypeScript sources without a loader hook; test/pack.test.ts runs the pool from the built package',
};
const keyOf = (entry: (typeof api)[number], member: string | undefined): string =>
  `${entry.specifier} ${entry.name}${member ? `.${member}` : ''}`;

describe('TSDoc examples of the public API', () => {
  mkdirSync(outDir, { recursive: true });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('finds the public API and examples to run', () => {
    expect(api.length).toBeGreaterThan(100);
    expect(withExamples.length).toBeGreaterThan(50);
  });

  it('lists only existing examples as pending', () => {
    const keys = new Set(withExamples.flatMap((e) => e.examples.map((ex) => keyOf(e, ex.member))));
    expect(Object.keys(PENDING).filter((k) => !keys.has(k))).toEqual([]);
  });

  for (const entry of withExamples) {
    entry.examples.forEach((ex, i) => {
      const key = keyOf(entry, ex.member);
      const label = `${key} (${entry.file}:${ex.line})`;
      if (PENDING[key]) {
        it.skip(`${label}: pending, ${PENDING[key]}`, () => {});
        return;
      }
      it(label, async () => {
        const file = join(outDir, `${entry.specifier.replace(/[@/]/g, '_')}__${entry.name}__${i}.ts`);
        writeFileSync(file, exampleModule(ex.code, entry.specifier));
        await import(file);
      });
    });
  }
});
