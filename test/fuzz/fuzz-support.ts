/**
 * Shared pieces of the fuzz tests: run counts and seeds from the environment, input counters,
 * a small expression arbitrary, and mutators for strings and JSON documents.
 *
 * - `SYMX_FUZZ_RUNS` multiplies every property's base number of runs (default 1: the default
 *   `pnpm test` run stays at a few seconds; `pnpm test:fuzz` sets it high, see
 *   vitest.fuzz.config.ts).
 * - `SYMX_FUZZ_SEED` fixes the seed of every property (replay a failure: fast-check prints the
 *   seed and the path of a failing run; `SYMX_FUZZ_PATH` replays that path too).
 */
import fc from 'fast-check';
import { type Term, add, cos, div, exp, float, int, log, mul, neg, pow, rat, sin, sqrt, sub, sym, abs, call } from '@symx/core';

const scale = Number(process.env.SYMX_FUZZ_RUNS ?? '1');
/** Multiplier of every property's base number of runs. */
export const FUZZ_SCALE = Number.isFinite(scale) && scale > 0 ? scale : 1;
const seedText = process.env.SYMX_FUZZ_SEED;
/** The seed every property uses, when fixed from the environment. */
export const FUZZ_SEED = seedText !== undefined && seedText !== '' ? Number(seedText) | 0 : undefined;
const LONG = FUZZ_SCALE > 1;

/** Inputs tried, per target (printed at the end of each file and summed by the long run). */
export const counts = new Map<string, number>();

/** Counts one input of `target`. */
export function tried(target: string, n = 1): void {
  counts.set(target, (counts.get(target) ?? 0) + n);
}

/** One line per target: how many inputs were tried. */
export function report(file: string): string {
  return [...counts].map(([k, v]) => `fuzz ${file}: ${k}: ${v} inputs`).join('\n');
}

/**
 * fast-check parameters for a property with `baseRuns` runs in the default test run: scaled by
 * SYMX_FUZZ_RUNS, seeded by SYMX_FUZZ_SEED (else random, printed in long runs so any run can be
 * replayed).
 */
export function params(name: string, baseRuns: number): fc.Parameters<unknown> {
  const seed = FUZZ_SEED ?? (Math.random() * 2 ** 31) | 0;
  if (LONG || FUZZ_SEED !== undefined) console.log(`fuzz ${name}: seed ${seed}, ${Math.round(baseRuns * FUZZ_SCALE)} runs`);
  const path = process.env.SYMX_FUZZ_PATH;
  return { numRuns: Math.max(1, Math.round(baseRuns * FUZZ_SCALE)), seed, ...(path ? { path } : {}) };
}

/** Runs per fc.assert call in `check`; the event loop gets a turn between chunks. */
const CHUNK = 500;

/**
 * Asserts `property` for `baseRuns` × SYMX_FUZZ_RUNS runs, in chunks of CHUNK runs with seeds
 * seed, seed + 1, ... and a macrotask between chunks: a long synchronous fc.assert would starve
 * vitest's worker RPC ("Timeout calling onTaskUpdate"). A failure reports its chunk's seed;
 * SYMX_FUZZ_SEED=<that seed> replays it as the first chunk.
 */
export async function check(name: string, baseRuns: number, property: fc.IRawProperty<any, boolean>): Promise<void> {
  const { numRuns, seed, ...rest } = params(name, baseRuns) as { numRuns: number; seed: number };
  for (let done = 0, i = 0; done < numRuns; i++) {
    const n = Math.min(CHUNK, numRuns - done);
    await fc.assert(property as fc.IAsyncProperty<unknown>, { ...rest, numRuns: n, seed: (seed + i) | 0 });
    done += n;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A per-test timeout that grows with the run count. */
export function timeout(baseMs: number): number {
  return Math.max(baseMs, baseMs * FUZZ_SCALE * 1.5);
}

/** Fails when one input takes longer than `ms` (a hang; generous: the machine is shared). */
export function bounded<R>(what: string, ms: number, f: () => R): R {
  const start = performance.now();
  const r = f();
  const took = performance.now() - start;
  if (took > ms) throw new Error(`${what} took ${took.toFixed(0)} ms (bound ${ms} ms)`);
  return r;
}

/** A stack overflow or an out-of-memory exception: never acceptable. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack|Invalid array length|Invalid string length/i.test(e.message);
}

// ---- expressions ---------------------------------------------------------------------------

const NAMES = ['x', 'y', 'z', 'x1', 'theta_2', '_a'];

/** Leaves: variables, exact integers and rationals, edge floats. */
export const leafArb: fc.Arbitrary<Term> = fc.oneof(
  fc.constantFrom(...NAMES).map(sym),
  fc.integer({ min: -1000, max: 1000 }).map(int),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(int),
  fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 50 })).map(([n, d]) => rat(n, d)),
  fc.double({ noNaN: false }).map(float),
  fc.constantFrom(0.5, -0, 1e-300, 1e300, Number.MIN_VALUE, Number.MAX_VALUE, Infinity, -Infinity, NaN, 0.1).map(float),
);

/** Expressions over the core operators (plain construction), up to the given depth. */
export function exprArb(maxDepth = 5): fc.Arbitrary<Term> {
  const { e } = fc.letrec<{ e: Term }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', maxDepth, withCrossShrink: true },
      leafArb,
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => add(a, b)),
      fc.array(tie('e'), { minLength: 3, maxLength: 5 }).map((as) => add(...as)),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => mul(a, b)),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => sub(a, b)),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => div(a, b)),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => pow(a, b)),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => call(a === b ? 'min' : 'max', a, b)),
      tie('e').map(neg),
      fc.tuple(fc.constantFrom(sin, cos, exp, log, sqrt, abs, (t: Term) => call('tanh', t), (t: Term) => call('atan', t)), tie('e')).map(([f, a]) => f(a)),
      fc.constant(call('pi')),
    ),
  }));
  return e;
}

// ---- string mutations ----------------------------------------------------------------------

/** Tokens worth inserting into expressions: operators, calls, odd numbers, odd characters. */
export const TOKENS = [
  '(', ')', '+', '-', '*', '/', '^', '**', ',', ' ', '\t', '\n', '\r', '\u0000', '\u00a0', '\ud800', '😀',
  'x', 'y', 'pi', 'sin', 'cos(', 'exp(', 'log(', 'pow(', 'min(', 'max(', 'frob(', '~x', '~~xs', '~n:integer',
  '0', '1', '-1', '1e309', '1e-400', '1.5e-3', '.5', '5.', '1e', '1e+', '0x10', '1_000', 'NaN', 'inf', 'Infinity',
  '99999999999999999999999999999999', '1/0', '0^0', '0/0', '^-', '--', '((', '))', '"', "'", '{', '}', '[', ']', '=>', '=', ';', '#',
];

export interface Mutation {
  readonly kind: 'insert' | 'delete' | 'replace' | 'insertToken' | 'deleteRange' | 'duplicate' | 'swap';
  readonly at: number;
  readonly len: number;
  readonly char: string;
  readonly token: string;
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'replace', 'insertToken', 'insertToken', 'deleteRange', 'duplicate', 'swap'),
  at: fc.nat({ max: 10_000 }),
  len: fc.integer({ min: 1, max: 8 }),
  char: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom(...'()+-*/^,.~e0123456789 xyz')),
  token: fc.constantFrom(...TOKENS),
});

/** Applies the mutations to `s` in order (positions taken modulo the current length). */
export function mutate(s: string, ms: readonly Mutation[]): string {
  for (const m of ms) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1);
    switch (m.kind) {
      case 'insert':
        s = s.slice(0, at) + m.char + s.slice(at);
        break;
      case 'delete':
        s = s.slice(0, at) + s.slice(at + 1);
        break;
      case 'replace':
        s = s.slice(0, at) + m.char + s.slice(at + 1);
        break;
      case 'insertToken':
        s = s.slice(0, at) + m.token + s.slice(at);
        break;
      case 'deleteRange':
        s = s.slice(0, at) + s.slice(at + m.len);
        break;
      case 'duplicate':
        s = s.slice(0, at + m.len) + s.slice(at, at + m.len) + s.slice(at + m.len);
        break;
      case 'swap': {
        const b = s.length === 0 ? 0 : (at + m.len * 7) % s.length;
        const [i, j] = at < b ? [at, b] : [b, at];
        if (i < j && j < s.length) s = s.slice(0, i) + s[j] + s.slice(i + 1, j) + s[i] + s.slice(j + 1);
      }
    }
  }
  return s;
}

/** Mutated versions of the strings of `valid`: 0 to 6 mutations each. */
export function mutatedArb(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(valid, fc.array(mutationArb, { maxLength: 6 })).map(([s, ms]) => mutate(s, ms));
}

/** Random text: arbitrary code units, unicode, and soups of expression tokens. */
export const randomTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...'()+-*/^,.e0123456789 xyzsinpo~'), maxLength: 60 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }).map((ts) => ts.join('')),
);

// ---- JSON mutations ------------------------------------------------------------------------

/** A JSON value of any type, small. */
export const jsonValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e309, '', 'x', 'add', 'sin', 'nan', '-0', '1', '1/2', [], {}),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 10 }), fc.string({ maxLength: 3 })), { maxLength: 4 }),
  fc.dictionary(fc.constantFrom('sym', 'int', 'rat', 'float', 'op', 'args', 'nodes', 'root', 'zz'), fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null)), { maxKeys: 3 }),
);

export interface JsonMutation {
  readonly kind: 'delete' | 'retype' | 'rename' | 'addKey' | 'dropArg' | 'dupArg' | 'wrap';
  readonly pick: number;
  readonly value: unknown;
  readonly key: string;
}

export const jsonMutationArb: fc.Arbitrary<JsonMutation> = fc.record({
  kind: fc.constantFrom('delete', 'retype', 'retype', 'rename', 'addKey', 'dropArg', 'dupArg', 'wrap'),
  pick: fc.nat(),
  value: jsonValueArb,
  key: fc.constantFrom('sym', 'int', 'rat', 'float', 'op', 'args', 'nodes', 'root', 'extra', '__proto__', 'constructor'),
});

/** Every object and array inside `j` (pre-order), with a setter for its place. */
function places(root: { v: unknown }): { get: () => unknown; set: (x: unknown) => void }[] {
  const out: { get: () => unknown; set: (x: unknown) => void }[] = [];
  const stack: { get: () => unknown; set: (x: unknown) => void }[] = [{ get: () => root.v, set: (x) => (root.v = x) }];
  while (stack.length > 0) {
    const p = stack.pop()!;
    out.push(p);
    const v = p.get();
    if (Array.isArray(v)) v.forEach((_, i) => stack.push({ get: () => v[i], set: (x) => (v[i] = x) }));
    else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) stack.push({ get: () => (v as Record<string, unknown>)[k], set: (x) => ((v as Record<string, unknown>)[k] = x) });
  }
  return out;
}

/** Applies JSON mutations to a deep copy of `doc`: fields deleted, retyped, renamed, args dropped... */
export function mutateJson(doc: unknown, ms: readonly JsonMutation[]): unknown {
  const root = { v: JSON.parse(JSON.stringify(doc)) as unknown };
  for (const m of ms) {
    const ps = places(root);
    const p = ps[m.pick % ps.length];
    const v = p.get();
    switch (m.kind) {
      case 'retype':
        p.set(m.value);
        break;
      case 'wrap':
        p.set(m.pick % 2 === 0 ? [v] : { op: 'neg', args: [v] });
        break;
      case 'delete':
      case 'rename':
      case 'addKey': {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) break;
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o);
        const k = keys.length > 0 ? keys[m.pick % keys.length] : m.key;
        if (m.kind === 'addKey') Object.defineProperty(o, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
        else {
          const old = o[k];
          delete o[k];
          if (m.kind === 'rename') Object.defineProperty(o, m.key, { value: old, enumerable: true, writable: true, configurable: true });
        }
        break;
      }
      case 'dropArg':
      case 'dupArg':
        if (Array.isArray(v) && v.length > 0) {
          const i = m.pick % v.length;
          if (m.kind === 'dropArg') v.splice(i, 1);
          else v.splice(i, 0, v[i]);
        }
    }
  }
  return root.v;
}
