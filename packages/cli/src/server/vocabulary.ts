/**
 * Operator vocabularies: the function names a GP framework prints (`add`, `protectedDiv`,
 * `plog`, ...) mapped to symx. An entry is one of
 *
 *   "plus": "add"                                  a symx operator (any built-in: add sub mul
 *                                                  div pow neg sin cos tan asin acos atan sinh
 *                                                  cosh tanh exp log sqrt abs min max)
 *   "sq":   {"args": ["a"], "define": "a*a"}       a definition: symx infix over its parameters
 *   "pdiv": {"protected": "div", "threshold": 0.001, "value": 1}
 *                                                  a protected operator (below)
 *
 * Protected operators, the guards GP frameworks put around partial functions:
 *   div   (a, b)  |b| <= threshold ? value : a / b        defaults: threshold 0, value 1 (DEAP's
 *                                                         protectedDiv); gplearn: 0.001, 1
 *   inv   (a)     |a| <= threshold ? value : 1 / a        defaults 0, 0 (gplearn: 0.001, 0)
 *   log   (a)     |a| <= threshold ? value : log(|a|)     defaults 0, 0 (gplearn: 0.001, 0);
 *                 with "abs": false: a <= threshold ? value : log(a)
 *   sqrt  (a)     sqrt(|a|)                               (gplearn)
 *   exp   (a)     exp(min(a, threshold)), or with "value": a > threshold ? value : exp(a);
 *                 default threshold 100
 *
 * symx has no conditional operator, so a protected operator is rewritten into symx operators
 * that compute exactly the same value, and runs natively in every evaluator (VM, fused, the
 * scalar reference). The condition becomes an exact 0/1 indicator:
 *   pos(t) = min(1, max(0, t) * 2^600 * 2^600)   is 1 when t > 0, 0 when t <= 0 (NaN for NaN):
 * any positive double, even the smallest subnormal 2^-1074, times 2^1200 is at least 1, and
 * multiplying by a power of two is exact. For finite doubles |b| - threshold > 0 exactly when
 * |b| > threshold (gradual underflow), so pos(|b| - threshold) is the guard. The result is then
 * blended, with the unselected branch kept finite so that 0 times it stays 0:
 *   div:  a / (b + (1 - g)*(2*threshold + 1)) * g + (1 - g)*value,   g = pos(|b| - threshold)
 *   log:  log(max(|a|, 1 - g)) * g + (1 - g)*value,                g = pos(|a| - threshold)
 * Both are equal to the guarded definition for every finite input; they differ only where a
 * non-finite numerator meets a protected denominator (inf/0: NaN here, `value` in Python).
 * The constants of definitions are never fitted by `fit` (only literals written in the
 * expressions are).
 */
import {
  KIND_CALL,
  OPERATORS,
  OP_NONE,
  type Term,
  call,
  defaultStore,
  float,
  int,
  parse,
  postOrder,
  variables,
} from '@symx/core';
import { ProtocolError } from './protocol.js';

/** How a vocabulary name becomes a term. */
export interface OperatorSpec {
  /** Number of arguments (-1, VARIADIC: two or more). */
  readonly arity: number;
  /** Builds the term of a call from its arguments. */
  build(args: readonly Term[]): Term;
  /** The symx operator, when the entry is a plain mapping (for printing back in `calls` form). */
  readonly symx?: string;
}

/** A definition's body over its parameter symbols. */
interface Template {
  readonly name: string;
  readonly body: Term;
  readonly params: readonly Term[];
}

/**
 * A compiled vocabulary.
 *
 * @example
 * const v = Vocabulary.compile({ add: 'add', mul: 'mul', pdiv: { protected: 'div' } });
 * v.operators.has('pdiv'); // → true
 */
export class Vocabulary {
  private readonly templatesByOp = new Map<string, Template[]>();

  private constructor(
    readonly operators: ReadonlyMap<string, OperatorSpec>,
    templates: readonly Template[],
    /** symx operator -> the name the vocabulary prints it with (plain mappings only). */
    readonly printNames: ReadonlyMap<string, string>,
  ) {
    this.terms = templates.map((t) => t.body);
    for (const t of templates) {
      // Only definitions the plain names cannot spell are printed by name (a definition
      // sq(a) = a*a would otherwise turn every x*x into sq(x)).
      if (t.body.kind !== KIND_CALL || postOrder(t.body).every((n) => n.kind !== KIND_CALL || printNames.has(n.op))) continue;
      const list = this.templatesByOp.get(t.body.op) ?? [];
      list.push(t);
      this.templatesByOp.set(t.body.op, list);
    }
  }

  /** Terms the entries use (definitions' bodies): kept alive across store reclamation. */
  readonly terms: readonly Term[];

  /**
   * When `t` is an instance of a definition (as the parser builds it) that uses operators the
   * vocabulary has no plain name for, the definition's name and the arguments: used to print
   * expressions back under the vocabulary's names.
   *
   * @example
   * const v = Vocabulary.compile({ add: 'add', pdiv: { protected: 'div' } });
   * const [x, y] = [sym('x'), sym('y')];
   * v.recognize(v.operators.get('pdiv')!.build([x, y])); // → { name: 'pdiv', args: [x, y] }
   */
  recognize(t: Term): { name: string; args: Term[] } | undefined {
    if (t.kind !== KIND_CALL) return undefined;
    const candidates = this.templatesByOp.get(t.op);
    if (candidates === undefined) return undefined;
    for (const tpl of candidates) {
      const args = matchTemplate(tpl, t);
      if (args !== undefined) return { name: tpl.name, args };
    }
    return undefined;
  }

  /**
   * Compiles a vocabulary from its JSON form (see the file comment).
   *
   * @example
   * const v = Vocabulary.compile({ add: 'add', pdiv: { protected: 'div' } });
   * v.operators.get('pdiv')!.build([sym('x'), sym('y')]);   // the protected division of x by y
   */
  static compile(json: unknown): Vocabulary {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new ProtocolError('bad_vocabulary', `a vocabulary is an object mapping names to operators, got ${json === null ? 'null' : typeof json}`);
    }
    const ops = new Map<string, OperatorSpec>();
    const terms: Template[] = [];
    const printNames = new Map<string, string>();
    for (const [name, entry] of Object.entries(json as Record<string, unknown>)) {
      if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) {
        throw new ProtocolError('bad_vocabulary', `operator name '${name}' is not an identifier (letters, digits, '_' and '.')`);
      }
      const spec = compileEntry(name, entry, terms);
      ops.set(name, spec);
      if (spec.symx !== undefined && !printNames.has(spec.symx)) printNames.set(spec.symx, name);
    }
    return new Vocabulary(ops, terms, printNames);
  }
}

function fail(name: string, message: string): ProtocolError {
  return new ProtocolError('bad_vocabulary', `vocabulary entry '${name}': ${message}`);
}

function compileEntry(name: string, entry: unknown, terms: Template[]): OperatorSpec {
  if (typeof entry === 'string') return plainOperator(name, entry);
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw fail(name, 'expected a symx operator name, {"args", "define"} or {"protected"}');
  }
  const e = entry as Record<string, unknown>;
  if (e.protected !== undefined) return protectedOperator(name, e, terms);
  if (e.define !== undefined) return definition(name, e, terms);
  throw fail(name, 'expected a symx operator name, {"args", "define"} or {"protected"}');
}

function plainOperator(name: string, op: string): OperatorSpec {
  const info = OPERATORS.get(op);
  if (info === undefined || info.code === OP_NONE) throw fail(name, `'${op}' is not a symx operator`);
  const arity = info.arity;
  if (arity === 1) return { arity, symx: op, build: (a) => defaultStore.call1(op, a[0]) };
  if (arity === 2) return { arity, symx: op, build: (a) => defaultStore.call2(op, a[0], a[1]) };
  return { arity, symx: op, build: (a) => defaultStore.call(op, a) };
}

/** A template over parameter symbols, instantiated by rebuilding its DAG bottom-up. */
function template(name: string, body: Term, params: readonly string[], terms: Template[]): OperatorSpec {
  const unknown = variables(body).filter((v) => !params.includes(v));
  if (unknown.length > 0) throw fail(name, `the definition uses ${unknown.map((v) => `'${v}'`).join(', ')}, which ${unknown.length > 1 ? 'are' : 'is'} not in "args"`);
  const nodes = postOrder(body);
  const paramTerms = params.map((p) => defaultStore.symbol(p));
  terms.push({ name, body, params: paramTerms });
  return {
    arity: params.length,
    build(args) {
      const value = new Map<Term, Term>();
      for (let i = 0; i < paramTerms.length; i++) value.set(paramTerms[i], args[i]);
      for (const n of nodes) {
        if (n.kind !== KIND_CALL) continue;
        let changed = false;
        const a = n.args.map((c) => {
          const v = value.get(c) ?? c;
          if (v !== c) changed = true;
          return v;
        });
        if (changed) value.set(n, defaultStore.call(n.op, a));
      }
      return value.get(body) ?? body;
    },
  };
}

function definition(name: string, e: Record<string, unknown>, terms: Template[]): OperatorSpec {
  const args = e.args ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(a))) {
    throw fail(name, '"args" must be an array of parameter names');
  }
  if (new Set(args).size !== args.length) throw fail(name, '"args" lists a name twice');
  if (typeof e.define !== 'string') throw fail(name, '"define" must be a symx infix expression over "args"');
  let body: Term;
  try {
    body = parse(e.define);
  } catch (err) {
    throw fail(name, `"define" does not parse: ${(err as Error).message}`);
  }
  for (const k of Object.keys(e)) if (k !== 'args' && k !== 'define') throw fail(name, `unknown field '${k}'`);
  return template(name, body, args as string[], terms);
}

// ---- protected operators --------------------------------------------------------------------

const P_A = 'a';
const P_B = 'b';
const TWO_600 = float(2 ** 600); // exactly 2^600
const ZERO = int(0);
const ONE = int(1);

/** A threshold or value of a definition (never fitted: `fit` fits only literals of expressions). */
function constant(v: number): Term {
  return float(v);
}

/** 1 when t > 0, 0 when t <= 0 (see the file comment). */
function pos(t: Term): Term {
  const scaled = call('mul', call('mul', call('max', ZERO, t), TWO_600), TWO_600);
  return call('min', ONE, scaled);
}

/** `g ? x : value` for a 0/1 indicator g, where x is finite whenever g is 0. */
function blend(g: Term, x: Term, value: number): Term {
  const notG = call('sub', ONE, g);
  return call('add', call('mul', x, g), call('mul', notG, constant(value)));
}

/** `u - threshold`, or `u` itself for a zero threshold. */
function minus(u: Term, threshold: number): Term {
  return threshold === 0 ? u : call('sub', u, constant(threshold));
}

function numberField(name: string, e: Record<string, unknown>, field: string, fallback: number): number {
  const v = e[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(name, `"${field}" must be a finite number`);
  return v;
}

function protectedOperator(name: string, e: Record<string, unknown>, terms: Template[]): OperatorSpec {
  const kind = e.protected;
  const allowed = new Set(['protected', 'threshold', 'value', 'abs']);
  for (const k of Object.keys(e)) if (!allowed.has(k)) throw fail(name, `unknown field '${k}'`);
  const a = defaultStore.symbol(P_A);
  const b = defaultStore.symbol(P_B);
  const nonNegative = (t: number): number => {
    if (t < 0) throw fail(name, '"threshold" must be >= 0');
    return t;
  };
  switch (kind) {
    case 'div':
    case 'inv': {
      const threshold = nonNegative(numberField(name, e, 'threshold', 0));
      const value = numberField(name, e, 'value', kind === 'div' ? 1 : 0);
      const [num_, den] = kind === 'div' ? [a, b] : [ONE, a];
      const g = pos(minus(call('abs', den), threshold));
      // Where the guard fires, |den| <= threshold, so den + 2*threshold + 1 >= threshold + 1 > 0.
      const safeDen = call('add', den, call('mul', call('sub', ONE, g), constant(2 * threshold + 1)));
      const body = blend(g, call('div', num_, safeDen), value);
      return template(name, body, kind === 'div' ? [P_A, P_B] : [P_A], terms);
    }
    case 'log': {
      const threshold = nonNegative(numberField(name, e, 'threshold', 0));
      const value = numberField(name, e, 'value', 0);
      const useAbs = e.abs ?? true;
      if (typeof useAbs !== 'boolean') throw fail(name, '"abs" must be true or false');
      const arg = useAbs ? call('abs', a) : a;
      const g = pos(minus(arg, threshold));
      const body = blend(g, call('log', call('max', arg, call('sub', ONE, g))), value);
      return template(name, body, [P_A], terms);
    }
    case 'sqrt':
      return template(name, call('sqrt', call('abs', a)), [P_A], terms);
    case 'exp': {
      const threshold = numberField(name, e, 'threshold', 100);
      if (threshold > 709) throw fail(name, '"threshold" must be <= 709 (exp of more overflows)');
      const clamped = call('exp', call('min', a, constant(threshold)));
      if (e.value === undefined) return template(name, clamped, [P_A], terms);
      const value = numberField(name, e, 'value', 0);
      const over = pos(call('sub', a, constant(threshold)));
      const body = call('add', call('mul', clamped, call('sub', ONE, over)), call('mul', over, constant(value)));
      return template(name, body, [P_A], terms);
    }
    default:
      throw fail(name, `unknown protected operator ${JSON.stringify(kind)} (expected 'div', 'inv', 'log', 'sqrt' or 'exp')`);
  }
}


/** The arguments that make `tpl`'s body equal to `t`, if any (iterative structural match). */
function matchTemplate(tpl: Template, t: Term): Term[] | undefined {
  const bound = new Map<Term, Term>();
  const params = new Set(tpl.params);
  const pending: [Term, Term][] = [[tpl.body, t]];
  const seen = new Map<Term, Term>(); // template node -> its instance (the body is a DAG)
  while (pending.length > 0) {
    const [p, u] = pending.pop()!;
    if (params.has(p)) {
      const b = bound.get(p);
      if (b === undefined) bound.set(p, u);
      else if (b !== u) return undefined;
      continue;
    }
    if (p.kind !== KIND_CALL) {
      if (p !== u) return undefined;
      continue;
    }
    if (u.kind !== KIND_CALL || u.op !== p.op || u.args.length !== p.args.length) return undefined;
    const before = seen.get(p);
    if (before !== undefined) {
      if (before !== u) return undefined;
      continue;
    }
    seen.set(p, u);
    for (let k = 0; k < p.args.length; k++) pending.push([p.args[k], u.args[k]]);
  }
  const args: Term[] = [];
  for (const p of tpl.params) {
    const b = bound.get(p);
    if (b === undefined) return undefined; // a parameter the body does not use
    args.push(b);
  }
  return args;
}
