/**
 * The canonical total order on NF terms: the order of the terms of a sum and of the bases of a
 * product. It depends only on structure, never on ids or on the order terms were created in, so
 * the same input gives the same normal form in every run.
 *
 * Keys, compared in turn: kind (numbers < symbols < products < powers < sums < calls); then for
 * numbers exact before float and by value; for symbols the name; for the rest the structural
 * hash (a deterministic function of structure) and, only on a hash tie, a lexicographic
 * comparison of the structure itself (iterative, so any depth is fine).
 */
import { type Num, numCompare } from '../../numbers.js';
import { NK_NUMBER, NK_SYMBOL, type NTerm } from './nterm.js';

/** Negative, zero or positive; zero only for the same term (terms of one store are interned). */
export function compareTerms(a: NTerm, b: NTerm): number {
  if (a === b) return 0;
  if (a.kind !== b.kind) return a.kind - b.kind;
  if (a.kind === NK_SYMBOL) return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  if (a.kind === NK_NUMBER) return compareNums(a.value, b.value);
  if (a.hash !== b.hash) return a.hash < b.hash ? -1 : 1;
  return compareStructure(a, b);
}

/** Total order on numbers: exact before float; by value; -0 before 0; NaN last. */
export function compareNums(a: Num, b: Num): number {
  const fa = typeof a === 'number';
  const fb = typeof b === 'number';
  if (fa !== fb) return fa ? 1 : -1;
  if (!fa) return numCompare(a, b);
  const x = a as number;
  const y = b as number;
  if (x < y) return -1;
  if (x > y) return 1;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  if (x === 0 && y === 0) return Object.is(x, y) ? 0 : Object.is(x, -0) ? -1 : 1;
  return 0;
}

/** Fields of one node, children excluded. */
function compareShallow(a: NTerm, b: NTerm): number {
  if (a.kind !== b.kind) return a.kind - b.kind;
  if (a.kind === NK_SYMBOL || a.kind === NK_NUMBER) return compareTerms(a, b);
  if (a.hash !== b.hash) return a.hash < b.hash ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  const c = compareNums(a.value, b.value);
  if (c !== 0) return c;
  if (a.children.length !== b.children.length) return a.children.length - b.children.length;
  for (let i = 0; i < a.nums.length; i++) {
    const d = compareNums(a.nums[i], b.nums[i]);
    if (d !== 0) return d;
  }
  return 0;
}

/** Lexicographic structural comparison: shallow fields, then children left to right. */
function compareStructure(a: NTerm, b: NTerm): number {
  const stack: NTerm[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    if (x === y) continue;
    const c = compareShallow(x, y);
    if (c !== 0) return c;
    // Push in reverse so the first children are compared first.
    for (let i = x.children.length - 1; i >= 0; i--) stack.push(x.children[i], y.children[i]);
  }
  return 0;
}

/** Sorts parallel arrays by `keys` in canonical order (insertion sort when small). */
export function sortParallel<V>(keys: NTerm[], vals: V[]): void {
  const n = keys.length;
  if (n < 2) return;
  if (n <= 16) {
    for (let i = 1; i < n; i++) {
      const k = keys[i];
      const v = vals[i];
      let j = i - 1;
      while (j >= 0 && compareTerms(keys[j], k) > 0) {
        keys[j + 1] = keys[j];
        vals[j + 1] = vals[j];
        j--;
      }
      keys[j + 1] = k;
      vals[j + 1] = v;
    }
    return;
  }
  const idx: number[] = new Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  // Stable (TimSort): equal keys keep their relative order, and presorted runs cost O(n).
  idx.sort((i, j) => compareTerms(keys[i], keys[j]));
  const k2 = keys.slice();
  const v2 = vals.slice();
  for (let i = 0; i < n; i++) {
    keys[i] = k2[idx[i]];
    vals[i] = v2[idx[i]];
  }
}
