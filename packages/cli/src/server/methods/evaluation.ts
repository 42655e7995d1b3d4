/**
 * Server methods that evaluate: `compile` / `free_kernel` (kernels kept by id), `evaluate`
 * (prediction vectors) and `loss` (one loss per expression). Whole populations go in one call:
 * every expression of `exprs` is lowered and run by wasm-eval's population functions over a
 * dataset loaded once (`dataset`), or over inline `data` for a one-off.
 *
 * Dedup (`dedup`): 'batch' (default) evaluates identical expressions of a request once;
 * 'dataset' (loss only) also remembers losses per dataset, so an expression seen in an earlier
 * request against the same dataset is not evaluated again; 'none' evaluates every item.
 */
import { type Term, variables as termVariables } from '@symx/core';
import { type Dataset, type Kernel, KernelError, compile, createDataset, evaluatePopulation, lossPopulation } from '@symx/wasm-eval';
import { type Params, ProtocolError, choice, jsonNumber, optBool, optObj, optStr, str, strArray } from '../protocol.js';
import type { ServerDataset, Session } from '../session.js';
import { columnValues } from './datasets.js';

const LOSS_KINDS = ['mse', 'mae', 'rmse'] as const;
const ENCODINGS = ['json', 'base64'] as const;
type Encoding = (typeof ENCODINGS)[number];

/** `compile`: expressions -> a kernel id, for repeated `evaluate`/`loss` with new constants. */
export function compileMethod(p: Params, s: Session): unknown {
  const e = s.readExpressions(p);
  const variables = strArray(p, 'variables');
  const tier = choice(p, 'tier', ['vm', 'fused'] as const, 'vm');
  const kernel = withIndex(e.terms, () => compile(e.terms, { variables, tier }), variables);
  const id = s.addKernel(kernel);
  const params = Array.from({ length: kernel.count }, (_, i) => Array.from(kernel.params(i), jsonNumber));
  return { kernel: id, count: kernel.count, variables, tier, params };
}

/** `free_kernel`: forgets a kernel and frees its memory. */
export function freeKernelMethod(p: Params, s: Session): unknown {
  const id = str(p, 'kernel');
  s.kernel(id).dispose();
  s.kernels.delete(id);
  return { kernel: id };
}

/** `evaluate`: one prediction vector per expression (`encoding` 'json' or 'base64'). */
export function evaluateMethod(p: Params, s: Session): unknown {
  const encoding = choice(p, 'encoding', ENCODINGS, 'json');
  if (p.kernel !== undefined) {
    const k = s.kernel(str(p, 'kernel'));
    setParams(k, p.params);
    const values = k.evaluate(kernelColumns(p, s, k));
    return { results: values.map((v) => encode(v, encoding)) };
  }
  const e = s.readExpressions(p);
  const dedup = choice(p, 'dedup', ['none', 'batch'] as const, 'batch');
  const { unique, slot } = deduplicate(e.terms, dedup === 'batch');
  const earlyExit = optBool(p, 'early_exit') ?? false;
  return withData(p, s, (data, names) => {
    const rows = data.rows;
    const { values } = withIndex(e.terms, () => evaluatePopulation(unique, data, { earlyExit }), names);
    const vectors = e.terms.map((_, i) => encode(values.subarray(slot[i] * rows, (slot[i] + 1) * rows), encoding));
    return e.single ? { result: vectors[0] } : { results: vectors, evaluated: unique.length };
  });
}

/** `loss`: one loss per expression against the dataset's target (null when not finite). */
export function lossMethod(p: Params, s: Session): unknown {
  const kind = choice(p, 'kind', LOSS_KINDS, 'mse');
  if (p.kernel !== undefined) {
    const k = s.kernel(str(p, 'kernel'));
    setParams(k, p.params);
    const d = s.dataset(str(p, 'dataset'));
    const target = targetOf(d);
    const losses = k.loss(kernelColumns(p, s, k), target, { kind, ...(d.weights ? { weights: d.weights } : {}) });
    return { results: Array.from(losses, jsonNumber) };
  }
  const e = s.readExpressions(p);
  const d = s.dataset(str(p, 'dataset'));
  targetOf(d);
  const dedup = choice(p, 'dedup', ['none', 'batch', 'dataset'] as const, 'batch');
  const n = e.terms.length;
  const losses = new Float64Array(n);
  let evaluated: number;
  if (dedup === 'dataset') {
    const cache = s.lossCache(d, e.vocabulary);
    const keys = e.texts.map((t) => `${kind}\u0000${e.syntax}\u0000${t}`);
    const todo: Term[] = [];
    const todoIndex: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = cache.get(keys[i]);
      if (c !== undefined) losses[i] = c;
      else {
        todo.push(e.terms[i]);
        todoIndex.push(i);
      }
    }
    const { unique, slot } = deduplicate(todo, true);
    const { loss } = withIndex(e.terms, () => lossPopulation(unique, d.vm, { kind }), d.variables);
    todoIndex.forEach((i, j) => {
      losses[i] = loss[slot[j]];
      cache.set(keys[i], losses[i]);
    });
    evaluated = unique.length;
  } else {
    const { unique, slot } = deduplicate(e.terms, dedup === 'batch');
    const { loss } = withIndex(e.terms, () => lossPopulation(unique, d.vm, { kind }), d.variables);
    for (let i = 0; i < n; i++) losses[i] = loss[slot[i]];
    evaluated = unique.length;
  }
  return e.single ? { result: jsonNumber(losses[0]) } : { results: Array.from(losses, jsonNumber), evaluated };
}

/** Identical terms (the same object: terms are hash-consed) evaluated once. */
export function deduplicate(terms: readonly Term[], dedup: boolean): { unique: Term[]; slot: Int32Array } {
  const slot = new Int32Array(terms.length);
  if (!dedup) {
    for (let i = 0; i < terms.length; i++) slot[i] = i;
    return { unique: [...terms], slot };
  }
  const seen = new Map<Term, number>();
  const unique: Term[] = [];
  for (let i = 0; i < terms.length; i++) {
    let k = seen.get(terms[i]);
    if (k === undefined) {
      k = unique.length;
      seen.set(terms[i], k);
      unique.push(terms[i]);
    }
    slot[i] = k;
  }
  return { unique, slot };
}

function targetOf(d: ServerDataset): Float64Array {
  if (d.target === undefined) {
    throw new ProtocolError('evaluation_error', `dataset '${d.name}' has no target: load it with "target": "<column>" to compute losses`);
  }
  return d.target;
}

/**
 * Runs `fn`; when wasm-eval rejects an expression (a variable the data lacks), the error names
 * the first offending expression of `terms` (the request's, in request order) and its variable.
 */
function withIndex<R>(terms: readonly Term[], fn: () => R, names: readonly string[]): R {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    for (let i = 0; i < terms.length; i++) {
      const missing = termVariables(terms[i]).find((v) => !names.includes(v));
      if (missing !== undefined) {
        throw new ProtocolError(
          'evaluation_error',
          `expression ${i} uses the variable '${missing}', which the data does not have (variables: ${names.map((n) => `'${n}'`).join(', ')})`,
          { index: i },
        );
      }
    }
    throw new ProtocolError('evaluation_error', e.message);
  }
}

/** Runs `fn` on the request's dataset (`dataset`), or on a temporary one from inline `data`. */
function withData<R>(p: Params, s: Session, fn: (data: Dataset, names: readonly string[]) => R): R {
  const name = optStr(p, 'dataset');
  const inline = optObj(p, 'data');
  if ((name === undefined) === (inline === undefined)) {
    throw new ProtocolError('invalid_params', "give either 'dataset' (a loaded dataset's name) or 'data' (columns)", { param: 'dataset' });
  }
  if (name !== undefined) {
    const d = s.dataset(name);
    return fn(d.vm, d.variables);
  }
  const names = Object.keys(inline!);
  const columns = names.map((n) => columnValues(n, inline![n]));
  const rows = columns[0]?.length ?? 0;
  columns.forEach((c, k) => {
    if (c.length !== rows) throw new ProtocolError('data_error', `column '${names[k]}' has ${c.length} rows, column '${names[0]}' has ${rows}`, { column: names[k] });
  });
  const data = createDataset(names, columns);
  try {
    return fn(data, names);
  } finally {
    data.dispose();
  }
}

/** The columns of a kernel's variables, from the request's dataset or inline data. */
function kernelColumns(p: Params, s: Session, k: Kernel): Float64Array[] {
  const name = optStr(p, 'dataset');
  const inline = optObj(p, 'data');
  const lookup = (v: string): Float64Array => {
    if (name !== undefined) {
      const d = s.dataset(name);
      const i = d.variables.indexOf(v);
      if (i < 0) throw new ProtocolError('evaluation_error', `dataset '${name}' has no variable '${v}' that the kernel needs`);
      return d.columns[i];
    }
    if (inline === undefined || inline[v] === undefined) {
      throw new ProtocolError('evaluation_error', `no data for the kernel's variable '${v}' (give 'dataset' or 'data')`);
    }
    return columnValues(v, inline[v]);
  };
  return k.variables.map(lookup);
}

/** `params`: new constants per expression of a kernel (an array per expression, null to keep). */
function setParams(k: Kernel, params: unknown): void {
  if (params === undefined) return;
  if (!Array.isArray(params) || params.length !== k.count) {
    throw new ProtocolError('invalid_params', `'params' must be an array of ${k.count} arrays (one per expression)`, { param: 'params' });
  }
  params.forEach((ps, i) => {
    if (ps === null) return;
    const target = k.params(i);
    if (!Array.isArray(ps) || ps.length !== target.length || !ps.every((x) => typeof x === 'number')) {
      throw new ProtocolError('invalid_params', `'params[${i}]' must be an array of ${target.length} numbers`, { param: 'params' });
    }
    target.set(ps as number[]);
  });
}

function encode(v: Float64Array, encoding: Encoding): unknown {
  if (encoding === 'base64') return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  return Array.from(v, jsonNumber);
}
