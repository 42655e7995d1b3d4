/**
 * A deliberately naive term representation for the TermOps contract suite: plain objects, no
 * hash-consing, structural `equals`/`hash` recomputed on every call (iteratively, so 100,000-deep
 * trees are fine). It is what a user's own tree type looks like, and it keeps the contract suite
 * honest about not relying on `===` or on cached hashes.
 */
import {
  type Num,
  type TermOps,
  Rational,
  TermError,
  checkArity,
  numEquals,
} from '@symx/core';

export type PlainTree =
  | { readonly tag: 'num'; readonly value: Num }
  | { readonly tag: 'sym'; readonly name: string }
  | { readonly tag: 'call'; readonly op: string; readonly args: readonly PlainTree[] };

function hashString(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function hashNum(v: Num): number {
  if (typeof v === 'number') return hashString(Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : String(v), 0x2545f491);
  return hashString(`${v.n}/${v.d}`, 0x1f83d9ab);
}

/** Structural equality, iterative. */
export function plainEquals(a: PlainTree, b: PlainTree): boolean {
  const stack: PlainTree[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    if (x === y) continue;
    if (x.tag !== y.tag) return false;
    if (x.tag === 'num') {
      if (!numEquals(x.value, (y as typeof x).value)) return false;
    } else if (x.tag === 'sym') {
      if (x.name !== (y as typeof x).name) return false;
    } else {
      const yc = y as typeof x;
      if (x.op !== yc.op || x.args.length !== yc.args.length) return false;
      for (let i = 0; i < x.args.length; i++) stack.push(x.args[i], yc.args[i]);
    }
  }
  return true;
}

/** Structural hash, iterative (post-order with an explicit stack). */
export function plainHash(t: PlainTree): number {
  const done = new Map<PlainTree, number>();
  const stack: PlainTree[] = [t];
  while (stack.length > 0) {
    const u = stack[stack.length - 1];
    if (done.has(u)) {
      stack.pop();
      continue;
    }
    if (u.tag === 'num') done.set(u, hashNum(u.value));
    else if (u.tag === 'sym') done.set(u, hashString(u.name, 0x3c6ef372));
    else {
      let pending = false;
      for (const a of u.args) {
        if (!done.has(a)) {
          stack.push(a);
          pending = true;
        }
      }
      if (pending) continue;
      let h = hashString(u.op, 0x5be0cd19);
      for (const a of u.args) h = Math.imul(h ^ done.get(a)!, 0x5bd1e995);
      done.set(u, (h ^ (h >>> 15)) | 0);
    }
    stack.pop();
  }
  return done.get(t)!;
}

/** The TermOps of plain trees: plain construction, structural equality. */
export const plainTreeOps: TermOps<PlainTree> = {
  isCall: (t) => t.tag === 'call',
  op: (t) => (t as Extract<PlainTree, { tag: 'call' }>).op,
  args: (t) => (t as Extract<PlainTree, { tag: 'call' }>).args,
  make(op, args) {
    const err = checkArity(op, args.length);
    if (err !== undefined) throw new TermError(err);
    return { tag: 'call', op, args: args.slice() };
  },
  isNumber: (t) => t.tag === 'num',
  numberValue: (t) => (t as Extract<PlainTree, { tag: 'num' }>).value,
  number(v) {
    if (typeof v !== 'number' && !(v instanceof Rational)) throw new TermError(`not a number value: ${String(v)}`);
    return { tag: 'num', value: v };
  },
  isSymbol: (t) => t.tag === 'sym',
  symbolName: (t) => (t as Extract<PlainTree, { tag: 'sym' }>).name,
  symbol(name) {
    if (typeof name !== 'string' || name.length === 0) throw new TermError(`a symbol needs a non-empty name`);
    return { tag: 'sym', name };
  },
  equals: plainEquals,
  hash: plainHash,
};
