/**
 * `fit`: fits the float constants of each expression to a dataset's target by
 * Levenberg–Marquardt on the (weighted) mean squared error (wasm-eval's `fitConstants`).
 *
 * What is fitted: every float literal written in the expression, each occurrence its own
 * parameter (`add(mul(x, 0.5), mul(y, 0.5))` has two). Integer and exact literals (`2` in
 * `pow(x, 2)`) and the constants of vocabulary definitions are held fixed. The reply gives, per
 * expression, the fitted constants in the order they are written, the expression with them (in
 * the calls syntax: the request's own text with the literals replaced), and the losses.
 *
 * How: the expression is parsed with each float literal as a distinct placeholder symbol, its
 * flat encoding is built, and the placeholders' variable nodes are turned into constant nodes;
 * the other constant slots are passed to `fitConstants` as fixed.
 */
import {
  type FlatExpr,
  FlatError,
  KIND_CALL,
  KIND_NUMBER,
  OP_CONST,
  OP_VAR,
  type Num,
  type Term,
  defaultStore,
  float,
  formatNum,
  substitute,
  toFlat,
} from '@symx/core';
import { constantSlots, fitConstants } from '@symx/wasm-eval';
import { type FloatLiteral, PLACEHOLDER_PREFIX } from '../callsSyntax.js';
import { type Params, ProtocolError, jsonNumber, optNum, str } from '../protocol.js';
import { type Format, type ServerDataset, type Session, formatTerm, readOne } from '../session.js';

/** Largest tree (with shared subterms counted each time) accepted for fitting. */
const MAX_TREE = 100_000;

export function fitMethod(p: Params, s: Session): unknown {
  const e = s.readExpressions(p); // validates every expression first
  const d = s.dataset(str(p, 'dataset'));
  if (d.target === undefined) {
    throw new ProtocolError('evaluation_error', `dataset '${d.name}' has no target: load it with "target": "<column>" to fit`);
  }
  const fmt = s.formatFor(p, e);
  const maxIterations = optNum(p, 'max_iterations', 0, 1e6) ?? 100;
  const tolerance = optNum(p, 'tolerance', 0) ?? 1e-10;
  const results = e.texts.map((text, i) => {
    const index = e.single ? undefined : i;
    const literals: FloatLiteral[] = [];
    const term =
      e.syntax === 'calls' && typeof (e.single ? p.expr : (p.exprs as unknown[])[i]) === 'string'
        ? readOne(text, 'calls', e.vocabulary, index, literals)
        : placeholders(e.terms[i], literals);
    const { flat, nodeOf } = parameterFlat(term, literals, d, index);
    const slots = constantSlots(flat, flat.roots[0]);
    const slotOfNode = new Map<number, number>();
    slots.forEach((node, slot) => slotOfNode.set(node, slot));
    const freeNodes = new Set(nodeOf.filter((n) => n >= 0));
    const fixed: number[] = [];
    slots.forEach((node, slot) => {
      if (!freeNodes.has(node)) fixed.push(slot);
    });
    const r = fitConstants(flat, d.columns, d.target!, { variables: d.variables, fixed, maxIterations, tolerance, ...(d.weights ? { weights: d.weights } : {}) });
    const values = literals.map((l, k) => (nodeOf[k] >= 0 ? r.constants[slotOfNode.get(nodeOf[k])!] : l.value));
    return {
      expr: fittedText(text, term, literals, values, e.syntax === 'calls' && literals.every((l) => l.start >= 0), fmt, e.vocabulary),
      constants: values.map(jsonNumber),
      loss_before: jsonNumber(r.lossBefore),
      loss_after: jsonNumber(r.lossAfter),
      iterations: r.iterations,
      stop_reason: r.stopReason,
    };
  });
  return e.single ? { result: results[0] } : { results };
}

/** `t` with each float occurrence (as a tree, left to right) replaced by its own placeholder. */
function placeholders(t: Term, literals: FloatLiteral[]): Term {
  if (t.size > MAX_TREE) throw new ProtocolError('unsupported', `expression too large to fit (${t.size} nodes as a tree, at most ${MAX_TREE})`);
  interface Item {
    readonly t: Term;
    next: number;
    readonly args: Term[];
  }
  const stack: Item[] = [{ t, next: 0, args: [] }];
  let result = t;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.t.kind === KIND_CALL && top.next < top.t.args.length) {
      stack.push({ t: top.t.args[top.next++], next: 0, args: [] });
      continue;
    }
    stack.pop();
    let built = top.t;
    if (top.t.kind === KIND_NUMBER && typeof top.t.value === 'number') {
      const symbol = defaultStore.symbol(`${PLACEHOLDER_PREFIX}${literals.length}`);
      literals.push({ value: top.t.value, start: -1, end: -1, symbol });
      built = symbol;
    } else if (top.t.kind === KIND_CALL && top.args.some((a, k) => a !== top.t.args[k])) {
      built = defaultStore.call(top.t.op, top.args);
    }
    if (stack.length > 0) stack[stack.length - 1].args.push(built);
    else result = built;
  }
  return result;
}

/**
 * The flat encoding of `t` over the dataset's variables in which each placeholder is a constant
 * node holding its literal's value. `nodeOf[k]` is literal k's node (-1 if it does not occur).
 */
function parameterFlat(t: Term, literals: readonly FloatLiteral[], d: ServerDataset, index: number | undefined): { flat: FlatExpr; nodeOf: number[] } {
  const V = d.variables.length;
  let base: FlatExpr;
  try {
    base = toFlat(t, { variables: [...d.variables, ...literals.map((l) => l.symbol.op)] });
  } catch (e) {
    if (e instanceof FlatError) {
      throw new ProtocolError('evaluation_error', `${index === undefined ? '' : `expression ${index}: `}${e.message}`, index === undefined ? {} : { index });
    }
    throw e;
  }
  const ops = Uint8Array.from(base.ops);
  const data = Int32Array.from(base.data);
  const consts: Num[] = [...base.consts];
  const values = Array.from(base.constValues);
  const nodeOf = literals.map(() => -1);
  for (let i = 0; i < ops.length; i++) {
    if (ops[i] !== OP_VAR || data[i] < V) continue;
    const k = data[i] - V;
    ops[i] = OP_CONST;
    data[i] = consts.length;
    consts.push(literals[k].value);
    values.push(literals[k].value);
    nodeOf[k] = i;
  }
  const flat: FlatExpr = { ...base, ops, data, consts, constValues: Float64Array.from(values), vars: [...d.variables] };
  return { flat, nodeOf };
}

/** The fitted expression: the source with its literals replaced, or the substituted term printed. */
function fittedText(
  text: string,
  term: Term,
  literals: readonly FloatLiteral[],
  values: readonly number[],
  splice: boolean,
  fmt: Format,
  vocabulary: Parameters<typeof formatTerm>[2],
): unknown {
  if (splice && fmt === 'calls') {
    let out = '';
    let at = 0;
    literals.forEach((l, k) => {
      out += text.slice(at, l.start) + formatNum(values[k]);
      at = l.end;
    });
    return out + text.slice(at);
  }
  const map = new Map<Term, Term>(literals.map((l, k) => [l.symbol, float(values[k])]));
  return formatTerm(substitute(term, map), fmt, vocabulary);
}
