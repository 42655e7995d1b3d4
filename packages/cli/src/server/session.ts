/**
 * The state of one server session: the operator vocabulary and default syntax, the datasets
 * loaded (each resident in wasm-eval's memory once, referred to by name), compiled kernels, and
 * the reading and printing of expressions as requests give them.
 */
import {
  JSONTermError,
  ParseError,
  type Term,
  format,
  fromJSON,
  parse,
  toJSON,
  toLatex,
  toSympy,
} from '@symx/core';
import type { Dataset, Kernel } from '@symx/wasm-eval';
import { Reclaimer } from '../internal/reclaim.js';
import { formatCalls } from './callsFormat.js';
import { type FloatLiteral, parseCalls } from './callsSyntax.js';
import { type Params, ProtocolError, choice } from './protocol.js';
import { Vocabulary } from './vocabulary.js';

export const SYNTAXES = ['infix', 'calls'] as const;
export type Syntax = (typeof SYNTAXES)[number];
export const FORMATS = ['infix', 'calls', 'latex', 'sympy', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** A dataset loaded by `load_dataset`. */
export interface ServerDataset {
  readonly name: string;
  /** The columns expressions may use, in column order. */
  readonly variables: readonly string[];
  readonly columns: readonly Float64Array[];
  readonly targetName?: string;
  readonly target?: Float64Array;
  readonly weights?: Float64Array;
  readonly rows: number;
  /** The copy in wasm-eval's memory, for population calls. */
  readonly vm: Dataset;
  /** Losses already computed: `${kind}\0${expression text}` -> loss (dedup 'dataset'). */
  readonly lossCache: Map<string, number>;
  /** The vocabulary the cache's texts were read with (a new one empties the cache). */
  cacheVocabulary: Vocabulary | undefined;
}

/** Expressions of a request, parsed. */
export interface Expressions {
  readonly terms: Term[];
  /** Their source texts (JSON terms: their JSON text). */
  readonly texts: string[];
  /** `expr` was given (one expression, answered with `result`), not `exprs`. */
  readonly single: boolean;
  readonly syntax: Syntax;
  readonly vocabulary: Vocabulary | undefined;
}

/** Most losses remembered per dataset for dedup 'dataset'. */
const LOSS_CACHE_LIMIT = 1 << 20;
/** Most parsed expressions remembered. */
const PARSE_CACHE_LIMIT = 100_000;

export class Session {
  /** The session's vocabulary and default syntax: change them with `setVocabulary`. */
  vocabulary: Vocabulary | undefined;
  syntax: Syntax = 'infix';
  readonly datasets = new Map<string, ServerDataset>();
  readonly kernels = new Map<string, Kernel>();
  private nextKernel = 1;
  /** Vocabularies given inline in requests, by their JSON text. */
  private readonly inlineVocabularies = new Map<string, Vocabulary>();
  /**
   * Expressions already parsed with the session's vocabulary, by syntax and text: a GP
   * population repeats many individuals from one generation to the next. Emptied when the
   * vocabulary changes and when the term store is trimmed (its terms are gone then).
   */
  private readonly parsed = new Map<string, Term>();
  private readonly reclaimer: Reclaimer;

  /** `reclaimThreshold`: terms created before the store is trimmed (see internal/reclaim.ts). */
  constructor(reclaimThreshold?: number) {
    this.reclaimer = new Reclaimer(reclaimThreshold);
  }

  /** The vocabulary of a request: its own `vocabulary` param, else the session's. */
  vocabularyFor(p: Params): Vocabulary | undefined {
    const v = p.vocabulary;
    if (v === undefined) return this.vocabulary;
    const key = JSON.stringify(v);
    let compiled = this.inlineVocabularies.get(key);
    if (compiled === undefined) {
      compiled = Vocabulary.compile(v);
      this.inlineVocabularies.set(key, compiled);
    }
    return compiled;
  }

  /**
   * Reads `expr` (one expression) or `exprs` (an array) from a request: strings in the
   * request's syntax (default: the session's), or JSON term objects.
   */
  readExpressions(p: Params): Expressions {
    const vocabulary = this.vocabularyFor(p);
    const syntax = choice(p, 'syntax', SYNTAXES, p.vocabulary !== undefined ? 'calls' : this.syntax);
    const single = p.expr !== undefined;
    if (single === (p.exprs !== undefined)) {
      throw new ProtocolError('invalid_params', "give either 'expr' (one expression) or 'exprs' (an array of them)", { param: 'exprs' });
    }
    const items: unknown[] = single ? [p.expr] : Array.isArray(p.exprs) ? p.exprs : [];
    if (!single && !Array.isArray(p.exprs)) throw new ProtocolError('invalid_params', "'exprs' must be an array", { param: 'exprs' });
    const terms: Term[] = new Array(items.length);
    const texts: string[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const index = single ? undefined : i;
      if (typeof item === 'string') {
        texts[i] = item;
        if (p.vocabulary !== undefined) terms[i] = readOne(item, syntax, vocabulary, index);
        else {
          const key = syntax === 'calls' ? item : `\u0000${item}`;
          let t = this.parsed.get(key);
          if (t === undefined) {
            t = readOne(item, syntax, vocabulary, index);
            if (this.parsed.size >= PARSE_CACHE_LIMIT) this.parsed.clear();
            this.parsed.set(key, t);
          }
          terms[i] = t;
        }
      } else if (typeof item === 'object' && item !== null) {
        texts[i] = JSON.stringify(item);
        terms[i] = readJSONTerm(item, index);
      } else {
        throw new ProtocolError('invalid_params', `expressions are strings or JSON terms, got ${item === null ? 'null' : typeof item}${index === undefined ? '' : ` at index ${index}`}`, {
          param: single ? 'expr' : 'exprs',
          ...(index === undefined ? {} : { index }),
        });
      }
    }
    return { terms, texts, single, syntax, vocabulary };
  }

  /** The default output format of a request: `format`, else the syntax its expressions use. */
  formatFor(p: Params, exprs: Expressions): Format {
    return choice(p, 'format', FORMATS, exprs.syntax);
  }

  /** A dataset by name. */
  dataset(name: string): ServerDataset {
    const d = this.datasets.get(name);
    if (d === undefined) {
      const known = [...this.datasets.keys()];
      throw new ProtocolError('unknown_dataset', `no dataset named '${name}' (loaded: ${known.length > 0 ? known.map((k) => `'${k}'`).join(', ') : 'none'})`);
    }
    return d;
  }

  /** The loss cache of a dataset for the given vocabulary (emptied when it changes or is full). */
  lossCache(d: ServerDataset, vocabulary: Vocabulary | undefined): Map<string, number> {
    if (d.cacheVocabulary !== vocabulary || d.lossCache.size > LOSS_CACHE_LIMIT) {
      d.lossCache.clear();
      d.cacheVocabulary = vocabulary;
    }
    return d.lossCache;
  }

  addKernel(k: Kernel): string {
    const id = `k${this.nextKernel++}`;
    this.kernels.set(id, k);
    return id;
  }

  kernel(id: string): Kernel {
    const k = this.kernels.get(id);
    if (k === undefined) throw new ProtocolError('unknown_kernel', `no kernel '${id}' (compile returns kernel ids; free_kernel forgets them)`);
    return k;
  }

  /** Called after every request: bounds the memory held by terms (see internal/reclaim.ts). */
  afterRequest(): void {
    const released = this.reclaimer.maybeRelease(() => this.retainedTerms());
    if (released > 0) {
      this.inlineVocabularies.clear();
      this.parsed.clear();
    }
  }

  /** Sets the session's vocabulary and default syntax (forgetting expressions parsed before). */
  setVocabulary(vocabulary: Vocabulary | undefined, syntax: Syntax): void {
    this.vocabulary = vocabulary;
    this.syntax = syntax;
    this.parsed.clear();
  }

  private retainedTerms(): Term[] {
    return this.vocabulary ? [...this.vocabulary.terms] : [];
  }

  /** Frees everything held in wasm-eval's memory. */
  close(): void {
    for (const d of this.datasets.values()) d.vm.dispose();
    for (const k of this.kernels.values()) k.dispose();
    this.datasets.clear();
    this.kernels.clear();
  }
}

/**
 * Parses one expression of a request in the given syntax; malformed text is a bad_expression
 * error with the position (and the index in a batch).
 */
export function readOne(text: string, syntax: Syntax, vocabulary: Vocabulary | undefined, index?: number, literals?: FloatLiteral[]): Term {
  try {
    return syntax === 'calls' ? parseCalls(text, { vocabulary, literals }) : parse(text);
  } catch (e) {
    if (e instanceof ParseError) {
      const where = index === undefined ? '' : `expression ${index}: `;
      throw new ProtocolError('bad_expression', where + e.message, { position: e.position, ...(index === undefined ? {} : { index }) });
    }
    throw e;
  }
}

function readJSONTerm(json: object, index: number | undefined): Term {
  try {
    return fromJSON(json);
  } catch (e) {
    if (e instanceof JSONTermError) {
      const where = index === undefined ? '' : `expression ${index}: `;
      throw new ProtocolError('bad_expression', `${where}invalid JSON term: ${e.message}`, index === undefined ? {} : { index });
    }
    throw e;
  }
}

/**
 * A term in a reply, in the requested format.
 *
 * @example
 * formatTerm(parse('x^2'), 'latex', undefined);   // 'x^{2}'
 */
export function formatTerm(t: Term, fmt: Format, vocabulary: Vocabulary | undefined): unknown {
  switch (fmt) {
    case 'infix':
      return format(t);
    case 'calls':
      return formatCalls(t, vocabulary);
    case 'latex':
      return toLatex(t);
    case 'sympy':
      return toSympy(t);
    case 'json':
      return toJSON(t);
  }
}
