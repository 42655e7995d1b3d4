/**
 * The only file that imports binaryen. Binaryen is large (about 15 MB of JavaScript), so nothing
 * on the evaluation path imports this file: tests use it to validate the modules our encoder
 * emits and to print them as text for golden snapshots, and measurements use it to check
 * whether binaryen's optimizer pays on fused kernels. It does not: after -O3 the kernels run at
 * 0.85-1.0x the speed of our own output (the engine's optimizing tier already does what matters
 * on straight-line SIMD code), for 0.2-0.8 s of optimization per module
 * (test-fixtures/measure-fused.ts). So it is not wired into compilation.
 *
 * Binaryen's numeric constants used here are checked at load against the values we expect, as
 * AssemblyScript's src/module.ts does, so that a binaryen upgrade that renumbers them fails
 * loudly instead of silently enabling the wrong features.
 */
import binaryen from 'binaryen';

/** The binaryen feature flags we rely on, with their expected values. */
const FEATURES = {
  Atomics: 1 << 0, // shared memory imports
  SIMD128: 1 << 3,
} as const;

for (const [name, value] of Object.entries(FEATURES)) {
  const actual = (binaryen.Features as unknown as Record<string, number>)[name];
  if (actual !== value) throw new Error(`binaryen.Features.${name} is ${actual}, expected ${value}: update src/module.ts`);
}

export interface BinaryOptions {
  /** The module imports a shared memory (enables the threads feature). */
  shared?: boolean;
}

function read(bytes: Uint8Array, options: BinaryOptions): binaryen.Module {
  const m = binaryen.readBinary(bytes);
  m.setFeatures(FEATURES.SIMD128 | (options.shared ? FEATURES.Atomics : 0));
  return m;
}

/**
 * Validates a module with the engine (`WebAssembly.validate`) and with binaryen's validator, which
 * is stricter and names the offending function; throws an Error with binaryen's report if either
 * rejects it.
 *
 * @example
 * validateBinary(buildValueModule(plans, 1, host));   // throws if the encoder emitted bad code
 */
export function validateBinary(bytes: Uint8Array<ArrayBuffer>, options: BinaryOptions = {}): void {
  if (!WebAssembly.validate(bytes)) {
    let detail = '';
    try {
      new WebAssembly.Module(bytes);
    } catch (e) {
      detail = (e as Error).message;
    }
    throw new Error(`WebAssembly.validate rejected the module: ${detail}`);
  }
  const m = read(bytes, options);
  try {
    // binaryen prints its validation errors to stderr; the return value says whether it passed.
    if (!m.validate()) throw new Error('binaryen rejected the module (details on stderr)');
  } finally {
    m.dispose();
  }
}

/**
 * The module in binaryen's text format (folded s-expressions), as used by the golden snapshots.
 *
 * @example
 * toWat(bytes);   // '(module\n (type $0 (func ...'
 */
export function toWat(bytes: Uint8Array, options: BinaryOptions = {}): string {
  const m = read(bytes, options);
  try {
    return m.emitText();
  } finally {
    m.dispose();
  }
}

/**
 * Runs binaryen's optimizer (`-O<level>`, shrink level `shrink`) over a module and returns the new
 * bytes. Global settings are restored afterwards.
 *
 * @example
 * const smaller = optimizeBinary(bytes, { level: 3 });
 */
export function optimizeBinary(
  bytes: Uint8Array,
  options: BinaryOptions & { level?: number; shrink?: number } = {},
): Uint8Array<ArrayBuffer> {
  const m = read(bytes, options);
  const level = binaryen.getOptimizeLevel();
  const shrink = binaryen.getShrinkLevel();
  try {
    binaryen.setOptimizeLevel(options.level ?? 3);
    binaryen.setShrinkLevel(options.shrink ?? 0);
    m.optimize();
    return m.emitBinary() as Uint8Array<ArrayBuffer>;
  } finally {
    binaryen.setOptimizeLevel(level);
    binaryen.setShrinkLevel(shrink);
    m.dispose();
  }
}
