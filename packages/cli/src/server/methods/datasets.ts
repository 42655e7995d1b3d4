/**
 * `load_dataset` and `unload_dataset`: datasets are loaded once and referred to by name in
 * `evaluate`, `loss` and `fit`, so a search sends its data once and then only expressions.
 *
 * load_dataset params:
 *   name       the dataset's name (loading the same name again replaces it)
 *   columns    {"x": [1, 2, ...], "y": {"base64": "..."}}: numbers (null, "nan", "inf",
 *              "-inf" for the non-finite), or little-endian float64 bytes in base64
 *   path       instead of columns: a CSV file with a header row (relative to the server's
 *              working directory)
 *   target     the column losses and fits compare with (not a variable)
 *   weights    a column of per-row weights of the losses (not a variable)
 *   variables  the columns expressions may use, in order (default: every other column)
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createDataset } from '@symx/wasm-eval';
import { parseNumber, readCsv } from '../../internal/csv.js';
import { type Params, ProtocolError, optObj, optStr, str, strArray } from '../protocol.js';
import type { ServerDataset, Session } from '../session.js';

export async function loadDatasetMethod(p: Params, s: Session): Promise<unknown> {
  const name = str(p, 'name');
  const targetName = optStr(p, 'target');
  const weightsName = optStr(p, 'weights');
  const wanted = p.variables === undefined ? undefined : strArray(p, 'variables');
  const inline = optObj(p, 'columns');
  const path = optStr(p, 'path');
  if ((inline === undefined) === (path === undefined)) {
    throw new ProtocolError('invalid_params', "give either 'columns' (the data) or 'path' (a CSV file)", { param: 'columns' });
  }
  const extra = [targetName, weightsName].filter((c): c is string => c !== undefined);
  const columns = inline !== undefined ? inlineColumns(inline) : await csvColumns(path!, wanted === undefined ? undefined : [...wanted, ...extra]);

  const all = [...columns.keys()];
  for (const c of [...extra, ...(wanted ?? [])]) {
    if (!columns.has(c)) throw new ProtocolError('data_error', `the dataset has no column '${c}' (its columns: ${all.map((a) => `'${a}'`).join(', ')})`, { column: c });
  }
  const variables = wanted ?? all.filter((c) => !extra.includes(c));
  const rows = columns.size > 0 ? columns.values().next().value!.length : 0;
  for (const [c, v] of columns) {
    if (v.length !== rows) throw new ProtocolError('data_error', `column '${c}' has ${v.length} rows, column '${all[0]}' has ${rows}`, { column: c });
  }
  const cols = variables.map((v) => columns.get(v)!);
  const target = targetName === undefined ? undefined : columns.get(targetName);
  const weights = weightsName === undefined ? undefined : columns.get(weightsName);
  const vm = createDataset(variables, cols, { ...(target ? { target } : {}), ...(weights ? { weights } : {}) });
  const dataset: ServerDataset = {
    name,
    variables,
    columns: cols,
    ...(targetName !== undefined ? { targetName, target } : {}),
    ...(weights ? { weights } : {}),
    rows,
    vm,
    lossCache: new Map(),
    cacheVocabulary: undefined,
  };
  s.datasets.get(name)?.vm.dispose();
  s.datasets.set(name, dataset);
  return { name, rows, variables, ...(targetName !== undefined ? { target: targetName } : {}), ...(weightsName !== undefined ? { weights: weightsName } : {}) };
}

export function unloadDatasetMethod(p: Params, s: Session): unknown {
  const d = s.dataset(str(p, 'name'));
  d.vm.dispose();
  s.datasets.delete(d.name);
  return { name: d.name };
}

/** Columns given in the request. */
function inlineColumns(json: Params): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const [name, v] of Object.entries(json)) out.set(name, columnValues(name, v));
  if (out.size === 0) throw new ProtocolError('invalid_params', "'columns' is empty", { param: 'columns' });
  return out;
}

/**
 * One column of numbers from JSON: an array (null and "nan"/"inf"/"-inf" for the non-finite),
 * or {"base64": ...} little-endian float64 bytes.
 */
export function columnValues(name: string, v: unknown): Float64Array {
  if (Array.isArray(v)) {
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const value = typeof x === 'number' ? x : x === null ? NaN : typeof x === 'string' ? parseNumber(x) : undefined;
      if (value === undefined) {
        throw new ProtocolError('data_error', `column '${name}', row ${i + 1}: ${JSON.stringify(x)} is not a number`, { column: name, row: i + 1 });
      }
      out[i] = value;
    }
    return out;
  }
  if (typeof v === 'object' && v !== null && typeof (v as { base64?: unknown }).base64 === 'string') {
    const bytes = Buffer.from((v as { base64: string }).base64, 'base64');
    if (bytes.length % 8 !== 0) throw new ProtocolError('data_error', `column '${name}': base64 data of ${bytes.length} bytes is not a whole number of float64`, { column: name });
    return new Float64Array(new Uint8Array(bytes).buffer); // copied: aligned
  }
  throw new ProtocolError('data_error', `column '${name}' must be an array of numbers or {"base64": ...}`, { column: name });
}

/** Columns read from a CSV file (all of them, or only `only`), converted to numbers. */
async function csvColumns(path: string, only: readonly string[] | undefined): Promise<Map<string, Float64Array>> {
  const full = resolve(process.cwd(), path);
  const st = await stat(full).catch(() => undefined);
  if (st === undefined || !st.isFile()) throw new ProtocolError('data_error', `cannot read ${path}: no such file`);
  let names: readonly string[] = [];
  const parts: Float64Array[][] = [];
  await readCsv(
    createReadStream(full),
    path,
    { reopen: () => createReadStream(full) },
    (header) => {
      names = only ?? header;
      names.forEach(() => parts.push([]));
      return names;
    },
    (chunk) => {
      chunk.columns.forEach((c, k) => parts[k].push(c));
    },
  );
  const out = new Map<string, Float64Array>();
  names.forEach((n, k) => out.set(n, concat(parts[k])));
  return out;
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Float64Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
