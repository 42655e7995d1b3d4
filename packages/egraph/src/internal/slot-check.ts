/**
 * Typed slots (`~x:type`, or a slot with a predicate) in the e-graph. A class stands for many
 * terms, so a slot's predicate holds for a class when it holds for one of its witnesses, tried
 * cheapest first: its folded constant, its leaves (symbols, numbers, nullary constants), then
 * its smallest term (see represent.ts). Two types are decided on the class itself: `symbol`
 * (the class contains a symbol) and `call` (the class contains a call e-node).
 */
import { type Term, termOps } from '@symx/core';
import type { EGraph } from '../egraph.js';
import { opName } from './ops.js';
import { representative } from './represent.js';
import type { SlotPattern } from './rule-api.js';

/** True when class `c` satisfies the type/predicate of slot `s`. */
export function slotHolds(g: EGraph, c: number, s: SlotPattern): boolean {
  if (s.type === 'symbol') return g.hasSymbol(c);
  if (s.type === 'call') return hasCall(g, c);
  const pred = s.predicate;
  if (pred === undefined) return true;
  const k = g.constant(c);
  if (k !== undefined && pred(termOps.number(k))) return true;
  // Leaves of the class.
  const h = g.cRing[g.find(c)];
  if (h >= 0) {
    let x = h;
    do {
      if (g.isLive(x) && g.nStart[x + 1] === g.nStart[x] && pred(leafTerm(g, x))) return true;
      x = g.ring[x];
    } while (x !== h);
  }
  try {
    return pred(representative(g, c));
  } catch {
    return false;
  }
}

function hasCall(g: EGraph, c: number): boolean {
  const h = g.cRing[g.find(c)];
  if (h < 0) return false;
  let x = h;
  do {
    if (g.isLive(x) && g.nOp[x] >= 0) return true;
    x = g.ring[x];
  } while (x !== h);
  return false;
}

function leafTerm(g: EGraph, node: number): Term {
  const code = g.nOp[node];
  if (code >= 0) return termOps.make(opName(code), []);
  const li = ~code;
  return g.leafKind[li] === 0 ? termOps.symbol(g.leafName[li]) : termOps.number(g.leafValue[li]);
}
