/**
 * Core suite (issue 3): term construction, parse, format and scalar evaluation, symx against
 * mathjs (and plain JS objects as a lower bound for construction), on the built @symx/core.
 *
 * Fairness notes:
 * - symx interns every term, so building the same input twice is nearly free the second time.
 *   The main symx rows therefore run each operation inside `scope(...)`, which releases
 *   everything at the end: every operation interns from scratch and pays for the release, as
 *   an SR loop does. Rows marked "already interned" show the repeat-input case.
 * - Rows that grow a table far beyond one generation (the "already interned" rows, the
 *   all-alive case) use stores of their own, so that no case leaves the default store large
 *   for the next one; "generations after a large generation" measures what one large
 *   generation costs every later one.
 * - mathjs trees are built with fresh nodes, as `mathjs.parse` builds them.
 */
import * as core from '@symx/core';
import * as math from 'mathjs';
import { feynman, samplePoints } from '../corpus/feynman.js';
import { mulberry32 } from '../lib/prng.js';
import { evalPlain, plainBuilders, storeBuilders, symxBuilders, symxStoreBuilders } from '../lib/builders.js';
import { mathjsBuilders } from '../lib/mathjs-builders.js';
import { randomProgram, replay, splitProgram } from '../lib/random-terms.js';

const { defaultStore, evaluate, parse, format } = core;

/** Terms per generation in the construction case: a typical SR population step. */
const TERMS_PER_GENERATION = 1000;

/** @typedef {import('../lib/harness.js').BenchCase} BenchCase */
/** @typedef {import('../lib/harness.js').SuiteOptions} SuiteOptions */
/** @typedef {import('@symx/core').Term} Term */

/**
 * Throws unless `a` and `b` agree to a relative tolerance (NaN agrees only with NaN).
 *
 * @param {number} a
 * @param {number} b
 * @param {string} what
 */
function assertClose(a, b, what) {
  if (Number.isNaN(a) && Number.isNaN(b)) return;
  if (a === b) return;
  if (typeof b !== 'number' || !(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)))) {
    throw new Error(`${what}: symx gives ${a}, baseline gives ${String(b)}`);
  }
}

/**
 * A row that builds into a store of its own and never releases: from its second call on,
 * every term it builds is already interned. Its teardown drops the store (and so its table,
 * which would otherwise stay at its largest size).
 *
 * @param {string} label
 * @param {(store: import('@symx/core').TermStore) => void} work
 * @returns {import('../lib/harness.js').Impl}
 */
function internedRow(label, work) {
  /** @type {import('@symx/core').TermStore | undefined} */
  let store;
  return {
    label,
    fn: () => work((store ??= new core.TermStore())),
    teardown: () => {
      store = undefined;
    },
  };
}

// ---- cases --------------------------------------------------------------------------------------

/**
 * Checks that all builders make the same terms: symx builders and call2 give the identical term,
 * and symx, mathjs and plain objects evaluate alike at one point.
 *
 * @param {number} seed
 */
function checkBuilders(seed) {
  const small = randomProgram(mulberry32(seed), { totalNodes: 5_000 });
  // A mathjs that returns NaN, not a Complex, for log(-1) and sqrt(-1), as symx does.
  const mathReal = math.create(math.all, { predictable: true });
  defaultStore.scope(() => {
    const a = replay(small, symxBuilders);
    const b = replay(small, symxStoreBuilders);
    const m = replay(small, mathjsBuilders);
    const p = replay(small, plainBuilders);
    const env = { x0: 0.7, x1: -1.3, x2: 2.1, x3: 0.4, x4: 3.3 };
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) throw new Error(`builders and call2 disagree on term ${i}`);
      const v = evaluate(a[i], env);
      assertClose(v, mathReal.parse(m[i].toString()).compile().evaluate({ ...env }), `construct term ${i} vs mathjs`);
      assertClose(v, evalPlain(p[i], env), `construct term ${i} vs plain objects`);
    }
  });
}

/**
 * Construction as an SR loop does it: generations of `TERMS_PER_GENERATION` terms, each built
 * and then dropped (symx: released by `scope`), 1e6 nodes in total.
 *
 * @param {SuiteOptions} opts
 * @returns {BenchCase}
 */
function generationsCase(opts) {
  const totalNodes = opts.quick ? 20_000 : 1_000_000;
  const prog = randomProgram(mulberry32(opts.seed), { totalNodes });
  const gens = splitProgram(prog, TERMS_PER_GENERATION);
  const hits = internedRow('symx store.call2, already interned', (store) => {
    const b = storeBuilders(store);
    for (const g of gens) replay(g, b);
  });
  return {
    name: 'construct SR terms in generations',
    unit: `${prog.nodes.toLocaleString('en-US')} nodes, ${gens.length} generations of ${TERMS_PER_GENERATION} terms`,
    symx: {
      label: 'symx builders (add, mul, sin, …)',
      fn: () => {
        for (const g of gens) {
          defaultStore.scope(() => {
            replay(g, symxBuilders);
          });
        }
      },
    },
    variants: [
      {
        label: 'symx store.call2 / call1',
        fn: () => {
          for (const g of gens) {
            defaultStore.scope(() => {
              replay(g, symxStoreBuilders);
            });
          }
        },
      },
      hits,
    ],
    baselines: [
      {
        label: 'mathjs',
        fn: () => {
          for (const g of gens) replay(g, mathjsBuilders);
        },
      },
      {
        label: 'plain objects (no interning)',
        fn: () => {
          for (const g of gens) replay(g, plainBuilders);
        },
      },
    ],
    target: { baseline: 'mathjs', speedup: 10 },
    check: () => checkBuilders(opts.seed + 1),
  };
}

/**
 * All 1e6 nodes alive at once (one generation): measures the allocation of long-lived objects
 * too, which on a VM with slow first-touch page faults weighs on every implementation. The
 * symx row uses a store of its own, whose table grows to hold the 1e6 nodes.
 *
 * @param {SuiteOptions} opts
 * @returns {BenchCase}
 */
function allAliveCase(opts) {
  const prog = randomProgram(mulberry32(opts.seed), { totalNodes: opts.quick ? 20_000 : 1_000_000 });
  const store = new core.TermStore();
  const builders = storeBuilders(store);
  return {
    name: 'construct SR terms, all alive',
    unit: `${prog.nodes.toLocaleString('en-US')} nodes in ${prog.terms.toLocaleString('en-US')} terms`,
    symx: {
      label: 'symx store.call2 / call1',
      fn: () => {
        store.scope(() => {
          replay(prog, builders);
        });
      },
    },
    baselines: [
      { label: 'mathjs', fn: () => replay(prog, mathjsBuilders) },
      { label: 'plain objects (no interning)', fn: () => replay(prog, plainBuilders) },
    ],
    target: { baseline: 'mathjs', speedup: 10 },
    timing: { minSamples: 3 },
  };
}

/**
 * The generations workload of `generationsCase` after a store once held 1e6 nodes, which
 * separates two costs that a single large generation leaves behind for good:
 * - the table keeps its largest size across releases, and every release scans the whole table
 *   ("the same store");
 * - V8 pretenures the term allocation sites once most terms survived a scavenge, so that later
 *   short-lived terms are allocated in the old generation and die in major GCs ("a fresh store,
 *   after another one held 1e6 nodes"; `node --no-allocation-site-pretenuring` removes it).
 * The large generation is built on a row's first (untimed) call, so that in a full run, where
 * every row has a process of its own, the reference row never sees it.
 *
 * @param {SuiteOptions} opts
 * @returns {BenchCase}
 */
function afterLargeCase(opts) {
  const big = randomProgram(mulberry32(opts.seed + 3), { totalNodes: opts.quick ? 20_000 : 1_000_000 });
  const prog = randomProgram(mulberry32(opts.seed), { totalNodes: opts.quick ? 20_000 : 1_000_000 });
  const gens = splitProgram(prog, TERMS_PER_GENERATION);
  /**
   * A row building the generations in `store`, after `before()` ran once.
   *
   * @param {string} label
   * @param {import('@symx/core').TermStore} store
   * @param {() => void} before
   * @returns {import('../lib/harness.js').Impl}
   */
  const row = (label, store, before) => {
    const b = storeBuilders(store);
    let ready = false;
    return {
      label,
      fn: () => {
        if (!ready) before();
        ready = true;
        for (const g of gens) {
          store.scope(() => {
            replay(g, b);
          });
        }
      },
    };
  };
  /** Builds the large generation in `store` and releases it. @param {import('@symx/core').TermStore} store */
  const fill = (store) => {
    const b = storeBuilders(store);
    store.scope(() => {
      replay(big, b);
    });
  };
  const same = new core.TermStore();
  const nodes = big.nodes.toLocaleString('en-US');
  return {
    name: 'generations after a large generation',
    unit: `${prog.nodes.toLocaleString('en-US')} nodes, ${gens.length} generations of ${TERMS_PER_GENERATION} terms`,
    symx: row('fresh store, nothing before', new core.TermStore(), () => {}),
    variants: [
      row(`fresh store, after another store held ${nodes} nodes`, new core.TermStore(), () => fill(new core.TermStore())),
      row(`the store that held ${nodes} nodes`, same, () => fill(same)),
    ],
    baselines: [],
  };
}

/**
 * Inputs of the corpus cases: sources, mathjs trees and compiled functions, sample points, and
 * the symx terms (in a store of their own, so that the parse case's cold row never finds the
 * corpus already interned in the default store).
 *
 * @param {SuiteOptions} opts
 */
function corpusData(opts) {
  const sources = feynman.map((f) => f.formula);
  const chars = sources.reduce((n, s) => n + s.length, 0);
  const mathNodes = sources.map((s) => math.parse(s));
  const compiled = mathNodes.map((n) => n.compile());
  const rng = mulberry32(opts.seed + 2);
  const perFormula = opts.quick ? 2 : 10;
  const points = feynman.map((f) => samplePoints(f, perFormula, rng));
  const store = new core.TermStore();
  const terms = sources.map((s) => parse(s, { store }));
  return { sources, unit: `${sources.length} formulas, ${chars.toLocaleString('en-US')} chars`, mathNodes, compiled, perFormula, points, store, terms };
}

/**
 * @param {SuiteOptions} opts
 * @returns {BenchCase}
 */
function parseCase(opts) {
  const { sources, unit, compiled, points } = corpusData(opts);
  return {
    name: 'parse corpus',
    unit,
    symx: {
      label: 'symx parse',
      fn: () => {
        defaultStore.scope(() => {
          for (const s of sources) parse(s);
        });
      },
    },
    variants: [
      internedRow('symx parse, already interned', (store) => {
        for (const s of sources) parse(s, { store });
      }),
    ],
    baselines: [
      {
        label: 'mathjs',
        fn: () => {
          for (const s of sources) math.parse(s);
        },
      },
    ],
    target: { baseline: 'mathjs', speedup: 2 },
    check: () => {
      defaultStore.scope(() => {
        for (let i = 0; i < sources.length; i++) {
          const t = parse(sources[i]);
          const p = points[i][0];
          assertClose(evaluate(t, p), compiled[i].evaluate({ ...p }), `parse ${feynman[i].id}`);
        }
      });
    },
  };
}

/**
 * @param {SuiteOptions} opts
 * @returns {BenchCase}
 */
function formatCase(opts) {
  const { unit, mathNodes, store, terms } = corpusData(opts);
  return {
    name: 'format corpus',
    unit,
    symx: {
      label: 'symx format',
      fn: () => {
        for (const t of terms) format(t);
      },
    },
    baselines: [
      {
        label: 'mathjs',
        fn: () => {
          for (const n of mathNodes) n.toString();
        },
      },
    ],
    check: () => {
      for (let i = 0; i < terms.length; i++) {
        const src = format(terms[i]);
        if (parse(src, { store }) !== terms[i]) throw new Error(`format ${feynman[i].id}: '${src}' does not parse back to the same term`);
      }
    },
  };
}

/**
 * @param {SuiteOptions} opts
 * @returns {BenchCase}
 */
function evaluateCase(opts) {
  const { sources, mathNodes, compiled, perFormula, points, terms } = corpusData(opts);
  return {
    name: 'evaluate corpus (scalar)',
    unit: `${sources.length} formulas × ${perFormula} points`,
    symx: {
      label: 'symx evaluate',
      fn: () => {
        for (let i = 0; i < terms.length; i++) for (const p of points[i]) evaluate(terms[i], p);
      },
    },
    baselines: [
      {
        label: 'mathjs compiled',
        fn: () => {
          for (let i = 0; i < compiled.length; i++) for (const p of points[i]) compiled[i].evaluate(p);
        },
      },
      {
        label: 'mathjs compile + evaluate',
        fn: () => {
          for (let i = 0; i < mathNodes.length; i++) {
            const c = mathNodes[i].compile();
            for (const p of points[i]) c.evaluate(p);
          }
        },
      },
    ],
    check: () => {
      for (let i = 0; i < terms.length; i++) {
        for (const p of points[i]) {
          const v = evaluate(terms[i], p);
          if (!Number.isFinite(v)) throw new Error(`evaluate ${feynman[i].id} at ${JSON.stringify(p)}: ${v}`);
          assertClose(v, compiled[i].evaluate({ ...p }), `evaluate ${feynman[i].id}`);
        }
      }
    },
  };
}

/**
 * The case makers, in run order.
 *
 * @type {[string, (opts: SuiteOptions) => BenchCase][]}
 */
const CASES = [
  ['construct SR terms in generations', generationsCase],
  ['parse corpus', parseCase],
  ['format corpus', formatCase],
  ['evaluate corpus (scalar)', evaluateCase],
  ['construct SR terms, all alive', allAliveCase],
  ['generations after a large generation', afterLargeCase],
];

/** @type {import('../lib/harness.js').Suite} */
export const coreSuite = {
  name: 'core',
  cases: (opts) => CASES.map(([name, make]) => ({ name, make: () => make(opts) })),
};
