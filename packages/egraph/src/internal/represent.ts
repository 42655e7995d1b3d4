/**
 * A representative term of an e-class: its smallest term by AST size, from a size extractor
 * cached per e-graph. The cache is reused while it can answer (it may be slightly stale on a
 * dirty e-graph: the term is then still a member of the class, just perhaps not the smallest)
 * and recomputed when it cannot.
 */
import type { Term } from '@symx/core';
import type { EGraph, Id } from '../egraph.js';
import { Extractor } from '../extract.js';

const cache = new WeakMap<EGraph, { version: number; ex: Extractor }>();

/** The smallest term of class `id` (default store). */
export function representative(g: EGraph, id: Id | number): Term {
  const hit = cache.get(g);
  if (hit !== undefined) {
    try {
      if (hit.ex.chosen(g.find(id)) >= 0) return hit.ex.best(id).term;
    } catch {
      // stale: fall through and recompute
    }
    if (hit.version === g.version) throw new RangeError(`class ${id} has no finite term`);
  }
  const ex = new Extractor(g, 'size');
  cache.set(g, { version: g.version, ex });
  return ex.best(id).term;
}
