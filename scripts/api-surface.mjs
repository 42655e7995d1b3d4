// The public API of the published packages, read with the TypeScript compiler API: every export
// of every entry point in the packages' "exports" maps, with its declaration's place, whether it
// has a doc comment, and its `@example` blocks (those of its class/interface members included).
// Used by scripts/docs.mjs (coverage figures) and test/doc-examples.test.ts (runs the examples).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ts = createRequire(join(root, 'package.json'))('typescript');

/** The package directories under packages/ that are published, in dependency order. */
export const PACKAGE_DIRS = ['core', 'egraph', 'wasm-eval', 'cli'];

/**
 * Entry points: { pkg, dir, specifier ('@symx/core', '@symx/wasm-eval/pool', ...), file }.
 * An entry whose source file does not exist (yet) is left out.
 */
export function entryPoints() {
  const out = [];
  for (const dir of PACKAGE_DIRS) {
    const pkgDir = join(root, 'packages', dir);
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    for (const [key, target] of Object.entries(manifest.exports ?? {})) {
      if (!target || typeof target !== 'object' || !target.source) continue;
      const file = join(pkgDir, target.source);
      if (!existsSync(file)) continue;
      out.push({ pkg: manifest.name, dir, specifier: key === '.' ? manifest.name : manifest.name + key.slice(1), file });
    }
  }
  return out;
}

/** The text of an `@example` tag: the fenced code if there is a fence, else the whole text. */
function exampleCode(tag) {
  const text = typeof tag.comment === 'string' ? tag.comment : ts.getTextOfJSDocComment(tag.comment) ?? '';
  const fences = [...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]);
  return fences.length > 0 ? fences.join('\n') : text;
}

function hasDocText(node) {
  return ts.getJSDocCommentsAndTags(node).some((d) => ts.isJSDoc(d) && d.comment !== undefined && ts.getTextOfJSDocComment(d.comment)?.trim());
}

/** `@example` tags on a declaration and on the members it contains (class, interface, object). */
function examplesOf(decl) {
  const found = [];
  const stack = [decl];
  while (stack.length > 0) {
    const n = stack.pop();
    for (const tag of ts.getJSDocTags(n)) {
      if (tag.tagName.text === 'example' && tag.parent?.parent === n) found.push({ node: n, code: exampleCode(tag) });
    }
    if (ts.isClassLike(n) || ts.isInterfaceDeclaration(n)) for (const m of n.members) stack.push(m);
  }
  // ts.getJSDocTags also sees a variable statement's tags from its declaration: dedupe by text.
  const seen = new Set();
  return found.filter((e) => (seen.has(e.code) ? false : (seen.add(e.code), true)));
}

/**
 * Every export of every entry point: { pkg, specifier, name, kind, file, line, documented,
 * examples: [{ member, line, code }] }.
 */
export function collectApi() {
  const entries = entryPoints();
  const program = ts.createProgram(
    entries.map((e) => e.file),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      customConditions: ['source'],
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      allowImportingTsExtensions: true,
    },
  );
  const checker = program.getTypeChecker();
  const out = [];
  for (const entry of entries) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry.file));
    if (!moduleSymbol) continue;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decls = (symbol.declarations ?? []).filter((d) => !ts.isSourceFile(d));
      if (decls.length === 0) continue;
      const first = decls[0];
      const sf = first.getSourceFile();
      const examples = [];
      for (const d of decls) {
        for (const ex of examplesOf(ts.isVariableDeclaration(d) ? d.parent.parent : d)) {
          const memberName = ex.node === d || ex.node === d.parent?.parent ? undefined : ex.node.name?.getText();
          examples.push({ member: memberName, line: sf.getLineAndCharacterOfPosition(ex.node.getStart()).line + 1, code: ex.code });
        }
      }
      out.push({
        pkg: entry.pkg,
        specifier: entry.specifier,
        name: exported.name,
        kind: ts.SyntaxKind[first.kind],
        file: relative(root, sf.fileName),
        line: sf.getLineAndCharacterOfPosition(first.getStart()).line + 1,
        documented: decls.some((d) => hasDocText(ts.isVariableDeclaration(d) ? d.parent.parent : d)),
        examples,
      });
    }
  }
  return out;
}

/** Export names of each entry point specifier (for the examples' implicit imports). */
export function exportNames(api) {
  const names = new Map();
  for (const e of api) {
    if (!names.has(e.specifier)) names.set(e.specifier, new Set());
    names.get(e.specifier).add(e.name);
  }
  return names;
}
