/**
 * The JSON form of terms: the wire format of the JSON stdio server and of any tool that stores
 * or exchanges terms. Version 1; readers reject what they do not know (unknown keys included),
 * so a later version can only add forms, never change the meaning of these.
 *
 * A term in tree form is one of:
 *   {"sym": "x"}                      a symbol (any non-empty string)
 *   {"int": "-12"}                    an exact integer, as a decimal string (any size)
 *   {"rat": ["1", "3"]}               an exact rational numerator/denominator, in lowest terms
 *                                     with a positive denominator
 *   {"float": 1.5}                    a float64; JSON numbers round-trip doubles exactly. The
 *   {"float": "nan"}                  values JSON cannot write are strings: "nan", "inf",
 *                                     "-inf", and "-0" (JSON.stringify writes -0 as 0)
 *   {"op": "add", "args": [t, ...]}   a call: an operator name of operators.ts (built-in or
 *                                     from defineOperator) and its arguments; "args" may be
 *                                     left out for a nullary operator: {"op": "pi"}
 *
 * The DAG form writes each distinct subterm once, so terms with heavy sharing stay small:
 *   {"nodes": [n0, n1, ...], "root": k}
 * where each node is a leaf as above or {"op": "mul", "args": [i, j]} whose arguments are
 * indices of earlier nodes (so the form is acyclic and needs no recursion to read). `toJSON`
 * writes nodes in post-order with the root last.
 *
 * What `toJSON` writes (form 'auto', the default): the tree form when it is at most 64 levels
 * deep (so its JSON nests at most 127 levels, inside common parser limits such as serde_json's
 * 128 and well inside recursive JSON.stringify implementations) and not much larger than the
 * DAG: at most 256 nodes or at most 4 times the number of distinct subterms. Otherwise the DAG
 * form. `form: 'tree'` or `'dag'` forces one.
 *
 * What `fromJSON` accepts: both forms, validated completely, and in addition, for convenience
 * when writing JSON by hand: safe-integer JSON numbers where a decimal string is expected
 * ({"int": 12}, {"rat": [1, 3]}), and rationals not in lowest terms ({"rat": ["2", "-4"]} is
 * -1/2; a denominator of 1 makes an integer). Anything else is a `JSONTermError` whose `path`
 * (JSONPath, e.g. `$.args[1].op`) says where, and whose message says what was wrong.
 *
 * Everything here is iterative: 100,000-deep terms are written and read without recursion.
 * `toJSONString` writes the JSON text itself, because V8's JSON.stringify recurses (it fails
 * beyond ~10,000 levels); V8's JSON.parse does not, and the DAG form is flat for the others.
 */
import { TermStore, type Term } from './internal/store.js';
import { KIND_NUMBER, KIND_SYMBOL } from './internal/store.js';
import { dagSize, postOrder } from './measures.js';
import { type Num, rational } from './numbers.js';
import { checkArity, OPERATORS } from './operators.js';
import { defaultStore } from './terms.js';

/**
 * Float values JSON numbers cannot carry.
 *
 * @example
 * toJSON(float(NaN)); // → { float: 'nan' }
 */
export type JSONFloatSpecial = 'nan' | 'inf' | '-inf' | '-0';

/**
 * A symbol (variable) in JSON form.
 *
 * @example
 * toJSON(sym('x')); // → { sym: 'x' }
 */
export interface JSONSym {
  sym: string;
}
/**
 * An exact integer in JSON form (a decimal string: any size).
 *
 * @example
 * toJSON(int(2n ** 70n)); // → { int: '1180591620717411303424' }
 */
export interface JSONInt {
  int: string;
}
/**
 * An exact rational in JSON form: numerator and denominator as decimal strings.
 *
 * @example
 * toJSON(parse('1/3')); // → { rat: ['1', '3'] }
 */
export interface JSONRat {
  rat: [string, string];
}
/**
 * A float64 in JSON form (special values as strings).
 *
 * @example
 * toJSON(parse('2.5')); // → { float: 2.5 }
 */
export interface JSONFloat {
  float: number | JSONFloatSpecial;
}
/**
 * A leaf (symbol or number) in JSON form.
 *
 * @example
 * const leaf: JSONLeaf = { int: '7' };
 * fromJSON(leaf) === int(7); // → true
 */
export type JSONLeaf = JSONSym | JSONInt | JSONRat | JSONFloat;
/**
 * A call in tree form.
 *
 * @example
 * toJSON(parse('sin(x)')); // → { op: 'sin', args: [{ sym: 'x' }] }
 */
export interface JSONCall {
  op: string;
  args: JSONTerm[];
}
/**
 * A term in tree form.
 *
 * @example
 * const j: JSONTerm = { op: 'add', args: [{ sym: 'x' }, { int: '1' }] };
 * format(fromJSON(j)); // → 'x + 1'
 */
export type JSONTerm = JSONLeaf | JSONCall;
/**
 * A call in the DAG form: arguments are indices of earlier nodes.
 *
 * @example
 * toJSON(parse('sin(x)'), { form: 'dag' }).nodes[1]; // → { op: 'sin', args: [0] }
 */
export interface JSONDagCall {
  op: string;
  args: number[];
}
/**
 * One node of the DAG form: a leaf, or a call on earlier nodes.
 *
 * @example
 * const nodes: JSONDagNode[] = [{ sym: 'x' }, { op: 'mul', args: [0, 0] }];
 * format(fromJSON({ nodes, root: 1 })); // → 'x*x'
 */
export type JSONDagNode = JSONLeaf | JSONDagCall;
/**
 * A term in DAG form: shared subterms are written once.
 *
 * @example
 * toJSON(parse('sin(x)*sin(x)'), { form: 'dag' }); // → { nodes: [{ sym: 'x' }, { op: 'sin', args: [0] }, { op: 'mul', args: [1, 1] }], root: 2 }
 */
export interface JSONDag {
  nodes: JSONDagNode[];
  root: number;
}

/**
 * Options of `toJSON`.
 *
 * @example
 * const options: ToJSONOptions = { form: 'tree' };
 * toJSON(parse('x^2'), options); // → { op: 'pow', args: [{ sym: 'x' }, { int: '2' }] }
 */
export interface ToJSONOptions {
  /** 'auto' (default): tree unless too deep or much larger than the DAG; see the file comment. */
  form?: 'auto' | 'tree' | 'dag';
}

/**
 * Options of `fromJSON`.
 *
 * @example
 * const store = new TermStore();
 * const t = fromJSON({ sym: 'x' }, { store });
 * // another store
 * t === sym('x'); // → false
 * t === store.symbol('x'); // → true
 */
export interface FromJSONOptions {
  /** Where to build the term (default: the default store). */
  store?: TermStore;
}

/**
 * Invalid JSON term: `path` (JSONPath) says where, the message says what.
 *
 * @example
 * let error;
 * try { fromJSON({ op: 'add', args: [{ sym: 'x' }, { int: 'one' }] }); } catch (e) { error = e; }
 * error instanceof JSONTermError; // → true
 * error.path; // → '$.args[1].int'
 */
export class JSONTermError extends Error {
  override name = 'JSONTermError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/**
 * Deepest term written in tree form by 'auto'.
 *
 * @example
 * let t = sym('x');
 * for (let i = 0; i < JSON_TREE_MAX_DEPTH + 1; i++) t = sin(t);
 * 'nodes' in toJSON(t); // → true
 */
export const JSON_TREE_MAX_DEPTH = 64;
const TREE_SMALL = 256;
const TREE_BLOWUP = 4;

function useTree(t: Term, form: ToJSONOptions['form']): boolean {
  if (form === 'tree') return true;
  if (form === 'dag') return false;
  if (form !== undefined && form !== 'auto') throw new RangeError(`unknown JSON form '${String(form)}'`);
  if (t.depth > JSON_TREE_MAX_DEPTH) return false;
  return t.size <= TREE_SMALL || t.size <= TREE_BLOWUP * dagSize(t);
}

// ---- writing ---------------------------------------------------------------------------------

function leafJSON(t: Term): JSONLeaf {
  if (t.kind === KIND_SYMBOL) return { sym: t.op };
  return numberJSON(t.value);
}

function numberJSON(v: Num): JSONInt | JSONRat | JSONFloat {
  if (typeof v !== 'number') return v.d === 1n ? { int: v.n.toString() } : { rat: [v.n.toString(), v.d.toString()] };
  if (Number.isNaN(v)) return { float: 'nan' };
  if (v === Infinity) return { float: 'inf' };
  if (v === -Infinity) return { float: '-inf' };
  if (Object.is(v, -0)) return { float: '-0' };
  return { float: v };
}

/**
 * The JSON form of `t` (a plain object for `JSON.stringify`; see the file comment). In tree
 * form, shared subterms are the same (immutable) object, so building it is linear in the DAG.
 *
 * @example
 * toJSON(parse('2*x + 1/3'));
 * // {op: 'add', args: [{op: 'mul', args: [{int: '2'}, {sym: 'x'}]}, {rat: ['1', '3']}]}
 * toJSON(parse('x*x'), { form: 'dag' });
 * // {nodes: [{sym: 'x'}, {op: 'mul', args: [0, 0]}], root: 1}
 */
export function toJSON(t: Term, options?: { form?: 'auto' }): JSONTerm | JSONDag;
export function toJSON(t: Term, options: { form: 'tree' }): JSONTerm;
export function toJSON(t: Term, options: { form: 'dag' }): JSONDag;
export function toJSON(t: Term, options?: ToJSONOptions): JSONTerm | JSONDag;
export function toJSON(t: Term, options: ToJSONOptions = {}): JSONTerm | JSONDag {
  return useTree(t, options.form) ? toTree(t) : toDag(t);
}

function toTree(t: Term): JSONTerm {
  const done = new Map<Term, JSONTerm>();
  for (const u of postOrder(t)) {
    done.set(u, u.kind === KIND_NUMBER || u.kind === KIND_SYMBOL ? leafJSON(u) : { op: u.op, args: u.args.map((a) => done.get(a)!) });
  }
  return done.get(t)!;
}

function toDag(t: Term): JSONDag {
  const index = new Map<Term, number>();
  const nodes: JSONDagNode[] = [];
  for (const u of postOrder(t)) {
    index.set(u, nodes.length);
    nodes.push(u.kind === KIND_NUMBER || u.kind === KIND_SYMBOL ? leafJSON(u) : { op: u.op, args: u.args.map((a) => index.get(a)!) });
  }
  return { nodes, root: nodes.length - 1 };
}

/**
 * JSON text of `t`: the same text as `JSON.stringify(toJSON(t, options))`, but written
 * without recursion, so a forced tree form of any depth works.
 *
 * @example
 * toJSONString(parse('sin(x)'));   // '{"op":"sin","args":[{"sym":"x"}]}'
 */
export function toJSONString(t: Term, options: ToJSONOptions = {}): string {
  const tree = useTree(t, options.form);
  const done = new Map<Term, string>();
  const index = new Map<Term, number>();
  const nodes: string[] = [];
  for (const u of postOrder(t)) {
    let s: string;
    if (u.kind === KIND_NUMBER || u.kind === KIND_SYMBOL) s = JSON.stringify(leafJSON(u));
    else if (tree) {
      // Ropes: `+` only, never join (see latex.ts), or deep trees would be copied quadratically.
      s = '{"op":' + JSON.stringify(u.op) + ',"args":[';
      for (let i = 0; i < u.args.length; i++) s += (i === 0 ? '' : ',') + done.get(u.args[i])!;
      s += ']}';
    } else s = '{"op":' + JSON.stringify(u.op) + ',"args":[' + u.args.map((a) => index.get(a)!).join(',') + ']}';
    if (tree) done.set(u, s);
    else {
      index.set(u, nodes.length);
      nodes.push(s);
    }
  }
  if (tree) return done.get(t)!;
  return '{"nodes":[' + nodes.join(',') + '],"root":' + (nodes.length - 1) + '}';
}

// ---- reading ---------------------------------------------------------------------------------

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${clip(JSON.stringify(v))}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

function clip(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

const KIND_KEYS = ['sym', 'int', 'rat', 'float', 'op'] as const;
type KindKey = (typeof KIND_KEYS)[number];

/** Which kind of term object `o` is; rejects unknown or conflicting keys. */
function kindOf(o: object, path: () => string, dag: boolean): KindKey {
  let kind: KindKey | undefined;
  for (const k of Object.keys(o)) {
    if ((KIND_KEYS as readonly string[]).includes(k)) {
      if (kind !== undefined) throw new JSONTermError(path(), `a term has one of the keys "sym", "int", "rat", "float", "op", but this one has both "${kind}" and "${k}"`);
      kind = k as KindKey;
    }
  }
  if (kind === undefined) {
    const what = dag ? 'a node' : 'a term';
    throw new JSONTermError(path(), `${what} object needs one of the keys "sym", "int", "rat", "float", "op"${Object.keys(o).length === 0 ? ', got an empty object' : `, got keys ${clip(JSON.stringify(Object.keys(o)))}`}`);
  }
  for (const k of Object.keys(o)) {
    if (k !== kind && !(kind === 'op' && k === 'args')) throw new JSONTermError(`${path()}.${k}`, `unknown key "${k}" in ${kind === 'op' ? 'a call' : `a "${kind}" term`}`);
  }
  return kind;
}

const INTEGER = /^(?:0|-?[1-9][0-9]*)$/;

function bigIntOf(v: unknown, path: () => string): bigint {
  if (typeof v === 'string') {
    if (!INTEGER.test(v)) throw new JSONTermError(path(), `expected a decimal integer string like "-12", got ${describe(v)}`);
    return BigInt(v);
  }
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  throw new JSONTermError(path(), `expected a decimal integer string like "-12", got ${describe(v)}`);
}

const FLOAT_SPECIALS: ReadonlyMap<unknown, number> = new Map<unknown, number>([
  ['nan', NaN],
  ['inf', Infinity],
  ['-inf', -Infinity],
  ['-0', -0],
]);

/** Builds a leaf (kind other than 'op') at `path`. */
function leafTerm(o: Record<string, unknown>, kind: KindKey, store: TermStore, path: () => string): Term {
  const v = o[kind];
  switch (kind) {
    case 'sym':
      if (typeof v !== 'string' || v.length === 0) throw new JSONTermError(`${path()}.sym`, `a symbol name must be a non-empty string, got ${describe(v)}`);
      return store.symbol(v);
    case 'int':
      return store.integer(bigIntOf(v, () => `${path()}.int`));
    case 'rat': {
      if (!Array.isArray(v) || v.length !== 2) throw new JSONTermError(`${path()}.rat`, `expected [numerator, denominator], got ${describe(v)}${Array.isArray(v) ? ` of length ${v.length}` : ''}`);
      const n = bigIntOf(v[0], () => `${path()}.rat[0]`);
      const d = bigIntOf(v[1], () => `${path()}.rat[1]`);
      if (d === 0n) throw new JSONTermError(`${path()}.rat[1]`, 'zero denominator');
      return store.number(rational(n, d));
    }
    default: {
      if (typeof v === 'number') return store.number(v);
      const special = FLOAT_SPECIALS.get(v);
      if (special === undefined) throw new JSONTermError(`${path()}.float`, `expected a JSON number or one of "nan", "inf", "-inf", "-0", got ${describe(v)}`);
      return store.number(special);
    }
  }
}

/** Checks a call object's operator and argument list; returns the arguments. */
function callParts(o: Record<string, unknown>, path: () => string): { op: string; args: readonly unknown[] } {
  const op = o.op;
  if (typeof op !== 'string') throw new JSONTermError(`${path()}.op`, `an operator name must be a string, got ${describe(op)}`);
  const info = OPERATORS.get(op);
  if (info === undefined) throw new JSONTermError(`${path()}.op`, `unknown operator ${clip(JSON.stringify(op))}`);
  let args: unknown = o.args;
  if (args === undefined && !hasOwn(o, 'args') && info.arity === 0) args = [];
  if (!Array.isArray(args)) throw new JSONTermError(`${path()}.args`, `expected an array of arguments, got ${args === undefined ? 'nothing' : describe(args)}`);
  const bad = checkArity(op, args.length);
  if (bad !== undefined) throw new JSONTermError(`${path()}.args`, bad);
  return { op, args };
}

function build(store: TermStore, op: string, args: readonly Term[], path: () => string): Term {
  try {
    return store.call(op, args);
  } catch (e) {
    throw new JSONTermError(path(), (e as Error).message);
  }
}

/** A call of the tree form being read: its arguments so far, and where it is. */
interface Frame {
  readonly json: object;
  readonly op: string;
  readonly args: readonly unknown[];
  readonly built: Term[];
  readonly parent: Frame | undefined;
  /** Position in the parent's arguments (-1 for the root). */
  readonly index: number;
}

/** Segments beyond which a path is shortened in the middle (a 100,000-deep path is long). */
const PATH_MAX_SEGMENTS = 40;

function framePath(f: Frame | undefined, extra = -1): string {
  const idx: number[] = [];
  if (extra >= 0) idx.push(extra);
  for (let g = f; g !== undefined && g.index >= 0; g = g.parent) idx.push(g.index);
  idx.reverse();
  const seg = (i: number): string => `.args[${i}]`;
  if (idx.length <= PATH_MAX_SEGMENTS) return '$' + idx.map(seg).join('');
  const head = idx.slice(0, 10).map(seg).join('');
  const tail = idx.slice(idx.length - 20).map(seg).join('');
  return `$${head}…(${idx.length - 30} levels)…${tail}`;
}

/**
 * Reads a term from its JSON form (tree or DAG; see the file comment), validating everything.
 * Throws `JSONTermError` naming the JSON path of the first problem. Iterative (any depth);
 * linear in the input (a tree whose subtrees are shared JavaScript objects, as `toJSON`
 * produces, is read once per distinct object).
 *
 * @example
 * fromJSON({ op: 'sin', args: [{ sym: 'x' }] }) === parse('sin(x)'); // → true
 * let error;
 * try { fromJSON({ op: 'sin', args: [] }); } catch (e) { error = e; }
 * error.message; // → "$.args: 'sin' takes 1 argument, got 0"
 */
export function fromJSON(json: unknown, options: FromJSONOptions = {}): Term {
  const store = options.store ?? defaultStore;
  if (typeof json === 'object' && json !== null && !Array.isArray(json) && hasOwn(json, 'nodes')) return fromDag(json, store);
  return fromTree(json, store);
}

function fromTree(root: unknown, store: TermStore): Term {
  // Finished objects map to their term; objects being read map to undefined (a cycle).
  const memo = new Map<object, Term | undefined>();

  // Reads `j` (argument `index` of `parent`): a term for a leaf or a seen object, else a frame.
  const visit = (j: unknown, parent: Frame | undefined, index: number): Term | Frame => {
    const path = (): string => framePath(parent, index);
    if (typeof j !== 'object' || j === null || Array.isArray(j)) {
      const what = parent === undefined ? 'a term object or a DAG {"nodes": [...], "root": k}' : 'a term object';
      throw new JSONTermError(path(), `expected ${what}, got ${describe(j)}`);
    }
    if (memo.has(j)) {
      const t = memo.get(j);
      if (t === undefined) throw new JSONTermError(path(), 'the object contains itself (a cycle)');
      return t;
    }
    const kind = kindOf(j, path, false);
    const o = j as Record<string, unknown>;
    if (kind !== 'op') {
      const t = leafTerm(o, kind, store, path);
      memo.set(j, t);
      return t;
    }
    const { op, args } = callParts(o, path);
    memo.set(j, undefined);
    return { json: j, op, args, built: [], parent, index };
  };

  const first = visit(root, undefined, -1);
  if (!('json' in first)) return first;
  const stack: Frame[] = [first];
  for (;;) {
    const f = stack[stack.length - 1];
    if (f.built.length < f.args.length) {
      const r = visit(f.args[f.built.length], f, f.built.length);
      if ('json' in r) stack.push(r);
      else f.built.push(r);
      continue;
    }
    const t = build(store, f.op, f.built, () => framePath(f));
    memo.set(f.json, t);
    stack.pop();
    if (stack.length === 0) return t;
    stack[stack.length - 1].built.push(t);
  }
}

function fromDag(dag: object, store: TermStore): Term {
  for (const k of Object.keys(dag)) {
    if (k !== 'nodes' && k !== 'root') throw new JSONTermError(`$.${k}`, `unknown key "${k}" in a DAG (it has "nodes" and "root")`);
  }
  const { nodes, root } = dag as { nodes: unknown; root: unknown };
  if (!Array.isArray(nodes) || nodes.length === 0) throw new JSONTermError('$.nodes', `expected a non-empty array of nodes, got ${describe(nodes)}`);
  if (!Number.isInteger(root) || (root as number) < 0 || (root as number) >= nodes.length)
    throw new JSONTermError('$.root', `expected the index of a node (0 to ${nodes.length - 1}), got ${root === undefined ? 'nothing' : describe(root)}`);
  const built: Term[] = new Array(nodes.length);
  for (let k = 0; k < nodes.length; k++) {
    const node: unknown = nodes[k];
    const path = (): string => `$.nodes[${k}]`;
    if (typeof node !== 'object' || node === null || Array.isArray(node)) throw new JSONTermError(path(), `expected a node object, got ${describe(node)}`);
    const kind = kindOf(node, path, true);
    const o = node as Record<string, unknown>;
    if (kind !== 'op') {
      built[k] = leafTerm(o, kind, store, path);
      continue;
    }
    const { op, args } = callParts(o, path);
    const terms: Term[] = new Array(args.length);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (!Number.isInteger(a) || (a as number) < 0 || (a as number) >= k)
        throw new JSONTermError(`${path()}.args[${i}]`, `expected the index of an earlier node (0 to ${k - 1}), got ${describe(a)}`);
      terms[i] = built[a as number];
    }
    built[k] = build(store, op, terms, path);
  }
  return built[root as number];
}

/**
 * Reads a term from JSON text (either form). Invalid JSON is a `JSONTermError` at path `$`
 * too, so callers have one error type to handle.
 *
 * @example
 * fromJSONString('{"op":"pow","args":[{"sym":"x"},{"int":"2"}]}') === parse('x^2');   // true
 */
export function fromJSONString(text: string, options: FromJSONOptions = {}): Term {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new JSONTermError('$', `invalid JSON: ${(e as Error).message}`);
  }
  return fromJSON(json, options);
}
