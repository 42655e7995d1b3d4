/**
 * The loader `symx compile -o kernel.wasm` writes next to the module (kernel.mjs): a small
 * dependency-free ES module that makes the .wasm usable from JavaScript (Node or browsers)
 * without symx. It is generic (it reads the variables and constants from the module's "symx"
 * custom section), so one copy serves every kernel.
 */

/** The loader's source text. */
export const LOADER_SOURCE = `// Loader for WebAssembly kernels written by \`symx compile EXPR -o kernel.wasm\`.
// No dependencies: Node >= 18 and browsers. One copy serves any number of kernels.
//
//   import { loadKernel } from './kernel.mjs';
//   const kernel = await loadKernel(new URL('./kernel.wasm', import.meta.url));
//   kernel.variables;                    // ['x', 'y']: the columns, in order
//   kernel.expression;                   // 'x*y + 2.5' (symx infix)
//   kernel.params;                       // Float64Array of the constants (writable: refit
//                                        // them without recompiling)
//   kernel.evaluate({ x: xs, y: ys });   // Float64Array, one value per row
//   kernel.evaluate([xs, ys]);           // the same, columns in \`variables\` order
//
// Columns are Float64Arrays (or arrays of numbers), all the same length. Values follow
// JavaScript's Math exactly (the module imports Math's functions).
//
// The module's ABI, to use it without this file:
//   imports   { Math }: "Math" "sin" | "cos" | ... | "pow"
//   memory    exported "memory"; the constants are f64 at bytes 0, 8, 16, ...
//   global    "param_count": number of constants
//   function  "evaluate"(col_0, ..., col_{V-1}, out, n): byte addresses of f64 arrays in
//             memory; writes out[r] for r < n
//   custom    section "symx": JSON { format, variables, constants, expression }

const PAGE = 65536;
const CHUNK = 65536; // rows per call: memory use is bounded whatever the input length

/** Compiles and instantiates a kernel from bytes, a URL or (in Node) a file path. */
export async function loadKernel(source) {
  let bytes = source;
  if (typeof source === 'string' || source instanceof URL) {
    const url = source instanceof URL ? source : undefined;
    const isFile = url ? url.protocol === 'file:' : !/^[a-z][a-z0-9+.-]*:\\/\\//i.test(source);
    if (isFile && typeof process !== 'undefined' && process.versions?.node) {
      const { readFile } = await import('node:fs/promises');
      bytes = await readFile(source);
    } else {
      bytes = await (await fetch(source)).arrayBuffer();
    }
  }
  return instantiateKernel(await WebAssembly.compile(bytes));
}

/**
 * Instantiates a compiled kernel module. \`variables\` is needed only for a module without its
 * "symx" section (e.g. assembled from the .wat by a tool that drops custom sections).
 */
export function instantiateKernel(module, variables) {
  const sections = WebAssembly.Module.customSections(module, 'symx');
  const meta = sections.length > 0 ? JSON.parse(new TextDecoder().decode(sections[0])) : { variables, expression: undefined };
  if (!Array.isArray(meta.variables)) throw new Error('kernel: the module has no "symx" section: pass the variables');
  const { exports } = new WebAssembly.Instance(module, { Math });
  const memory = exports.memory;
  const paramCount = exports.param_count.value;
  const paramBytes = (paramCount * 8 + 15) & ~15;
  const names = meta.variables;

  function evaluate(columns, out) {
    const cols = Array.isArray(columns) ? columns : names.map((v) => {
      if (!(v in columns)) throw new Error(\`kernel: no column for variable '\${v}'\`);
      return columns[v];
    });
    if (cols.length !== names.length) throw new Error(\`kernel: expected \${names.length} columns, got \${cols.length}\`);
    const n = cols.length > 0 ? cols[0].length : (out ? out.length : 0);
    cols.forEach((c, k) => {
      if (c.length !== n) throw new Error(\`kernel: column '\${names[k]}' has \${c.length} rows, expected \${n}\`);
    });
    const result = out ?? new Float64Array(n);
    const chunk = Math.min(Math.max(n, 1), CHUNK);
    const need = paramBytes + (cols.length + 1) * chunk * 8;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
    const ptrs = cols.map((_, k) => paramBytes + k * chunk * 8);
    const outPtr = paramBytes + cols.length * chunk * 8;
    for (let s = 0; s < n; s += chunk) {
      const m = Math.min(chunk, n - s);
      const heap = new Float64Array(memory.buffer);
      cols.forEach((c, k) => heap.set(c.subarray ? c.subarray(s, s + m) : c.slice(s, s + m), ptrs[k] / 8));
      exports.evaluate(...ptrs, outPtr, m);
      result.set(new Float64Array(memory.buffer, outPtr, m), s);
    }
    return result;
  }

  return {
    variables: names.slice(),
    expression: meta.expression,
    get params() {
      return new Float64Array(memory.buffer, 0, paramCount);
    },
    evaluate,
  };
}
`;
