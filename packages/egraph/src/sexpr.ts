/**
 * S-expressions, as egg and its math suite write terms and patterns: `(op arg ...)` is a call,
 * an integer atom is an exact integer (`-1` is a number, not a call of `-`), an atom with a `.`
 * or an exponent is a float64, `?x` is a pattern slot, any other atom is a symbol.
 *
 * Operator names are mapped to core operators through a table (default:
 * {@link MATH_SEXPR_OPERATORS}: `+ - * /` to `add sub mul div`, `ln` to `log`); names not in
 * the table are used as they are (`pow`, `sqrt`, `sin`, or user operators such as `d` and `i`
 * declared with core's `defineOperator`). Reading is iterative: any nesting depth.
 */
import { type Term, defaultStore, formatNum, integer, KIND_CALL, KIND_NUMBER, operatorInfo, VARIADIC } from '@symx/core';
import type { Pattern, SlotPattern } from './internal/rule-api.js';

/**
 * A malformed S-expression: `position` is the 0-based offset in the source.
 *
 * @example
 * try { sexprTerm('(+ x'); } catch (e) { if (e instanceof SexprError) e.position; }   // 0
 */
export class SexprError extends Error {
  override name = 'SexprError';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (at offset ${position})`);
  }
}

/**
 * egg's math operator names mapped to core's.
 *
 * @example
 * sexprTerm('(f x)', { operators: { ...MATH_SEXPR_OPERATORS, f: 'sin' } });   // sin(x)
 */
export const MATH_SEXPR_OPERATORS: Readonly<Record<string, string>> = Object.freeze({
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  ln: 'log',
});

/**
 * Options of the S-expression reader and printer.
 *
 * @example
 * const options: SexprOptions = { operators: { '+': 'add', '*': 'mul', plus: 'add' } };
 * format(sexprTerm('(plus x (* 2 y))', options)); // → 'x + 2*y'
 */
export interface SexprOptions {
  /** S-expression operator name to core operator name (default MATH_SEXPR_OPERATORS). */
  readonly operators?: Readonly<Record<string, string>>;
}

/**
 * A parsed S-expression: an atom or a list, with its source offset.
 *
 * @example
 * const s: Sexpr = parseSexpr('(+ x 1)');
 * 'list' in s && s.list.length; // → 3
 */
export type Sexpr = { readonly atom: string; readonly pos: number } | { readonly list: Sexpr[]; readonly pos: number };

/**
 * Parses one S-expression (the whole source must be one expression).
 *
 * @example
 * parseSexpr('(+ x (* 2 y))');   // { list: [{ atom: '+' }, { atom: 'x' }, { list: [...] }] }
 */
export function parseSexpr(src: string): Sexpr {
  const stack: { list: Sexpr[]; pos: number }[] = [];
  let result: Sexpr | undefined;
  let i = 0;
  const n = src.length;
  const emit = (e: Sexpr, at: number): void => {
    if (stack.length > 0) stack[stack.length - 1].list.push(e);
    else if (result === undefined) result = e;
    else throw new SexprError('unexpected text after the expression', at);
  };
  while (i < n) {
    const ch = src[i];
    if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === ';') {
      while (i < n && src[i] !== '\n') i++;
    } else if (ch === '(') {
      if (result !== undefined && stack.length === 0) throw new SexprError('unexpected text after the expression', i);
      stack.push({ list: [], pos: i });
      i++;
    } else if (ch === ')') {
      const top = stack.pop();
      if (top === undefined) throw new SexprError("unbalanced ')'", i);
      i++;
      emit(top, top.pos);
    } else {
      const start = i;
      while (i < n && !' \n\t\r();'.includes(src[i])) i++;
      emit({ atom: src.slice(start, i), pos: start }, start);
    }
  }
  if (stack.length > 0) throw new SexprError("missing ')'", stack[stack.length - 1].pos);
  if (result === undefined) throw new SexprError('empty S-expression', 0);
  return result;
}

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/;

function opFor(name: string, table: Readonly<Record<string, string>>, pos: number, argc: number): string {
  const op = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : name;
  const info = operatorInfo(op);
  if (info === undefined) throw new SexprError(`unknown operator '${name}'${op !== name ? ` (core '${op}')` : ''}; declare it with defineOperator`, pos);
  if (info.arity === VARIADIC ? argc < 2 : argc !== info.arity)
    throw new SexprError(`'${name}' takes ${info.arity === VARIADIC ? 'two or more' : info.arity} argument${info.arity === 1 ? '' : 's'}, got ${argc}`, pos);
  return op;
}

function atomTerm(a: string, pos: number): Term {
  if (INTEGER.test(a)) return defaultStore.number(integer(BigInt(a)));
  if (FLOAT.test(a)) return defaultStore.number(Number(a));
  if (a.startsWith('?')) throw new SexprError(`pattern slot '${a}' in a term`, pos);
  return defaultStore.symbol(a);
}

/** Post-order fold over an S-expression (iterative). */
function fold<R>(e: Sexpr, leaf: (atom: string, pos: number) => R, node: (head: Sexpr, args: R[], pos: number) => R): R {
  const done = new Map<Sexpr, R>();
  const stack: Sexpr[] = [e];
  while (stack.length > 0) {
    const x = stack[stack.length - 1];
    if ('atom' in x) {
      done.set(x, leaf(x.atom, x.pos));
      stack.pop();
      continue;
    }
    if (x.list.length === 0) throw new SexprError('empty list', x.pos);
    let ready = true;
    for (let k = x.list.length - 1; k >= 1; k--) {
      if (!done.has(x.list[k])) {
        ready = false;
        stack.push(x.list[k]);
      }
    }
    if (!ready) continue;
    done.set(x, node(x.list[0], x.list.slice(1).map((a) => done.get(a)!), x.pos));
    stack.pop();
  }
  return done.get(e)!;
}

function headName(h: Sexpr): string {
  if (!('atom' in h)) throw new SexprError('the head of a list must be an operator name', h.pos);
  return h.atom;
}

/**
 * Reads a term (default store).
 *
 * @example
 * sexprTerm('(+ 1 (* 2 x))');   // add(1, mul(2, x))
 */
export function sexprTerm(src: string, options: SexprOptions = {}): Term {
  const table = options.operators ?? MATH_SEXPR_OPERATORS;
  return fold<Term>(parseSexpr(src), atomTerm, (h, args, pos) => defaultStore.call(opFor(headName(h), table, pos, args.length), args));
}

/**
 * Reads a pattern: `?x` atoms are slots, other atoms literals.
 *
 * @example
 * sexprPattern('(* ?a (+ ?b ?c))');
 */
export function sexprPattern(src: string, options: SexprOptions = {}): Pattern {
  const table = options.operators ?? MATH_SEXPR_OPERATORS;
  return fold<Pattern>(
    parseSexpr(src),
    (a, pos): Pattern => {
      if (a.startsWith('?')) {
        const name = a.slice(1);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new SexprError(`bad slot name '${a}'`, pos);
        const s: SlotPattern = { kind: 'slot', name, segment: false };
        return s;
      }
      return { kind: 'literal', term: atomTerm(a, pos) };
    },
    (h, args, pos) => ({ kind: 'call', op: opFor(headName(h), table, pos, args.length), args }),
  );
}

/**
 * Prints a term as an S-expression (variadic add/mul are printed as nested binary calls, left
 * folded, as the e-graph stores them).
 *
 * @example
 * termToSexpr(parse('x*y + 1'));   // '(+ (* x y) 1)'
 */
export function termToSexpr(t: Term, options: SexprOptions = {}): string {
  const table = options.operators ?? MATH_SEXPR_OPERATORS;
  const back = new Map<string, string>();
  for (const [k, v] of Object.entries(table)) back.set(v, k);
  const out: string[] = [];
  // Items: a string to print, a term, or the left fold of a term's first `upto` arguments.
  type Item = string | Term | { readonly t: Term; readonly upto: number };
  const stack: Item[] = [t];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (typeof x === 'string') {
      out.push(x);
      continue;
    }
    if (!(x instanceof Object) || !('upto' in x)) {
      const u = x as Term;
      if (u.kind === KIND_NUMBER) out.push(formatNum(u.value));
      else if (u.kind !== KIND_CALL) out.push(u.op);
      else if (u.args.length === 0) out.push(`(${back.get(u.op) ?? u.op})`);
      else if ((u.op === 'add' || u.op === 'mul') && u.args.length > 2) stack.push({ t: u, upto: u.args.length });
      else {
        stack.push(')');
        for (let k = u.args.length - 1; k >= 0; k--) stack.push(u.args[k], ' ');
        out.push(`(${back.get(u.op) ?? u.op}`);
      }
      continue;
    }
    if (x.upto === 1) {
      stack.push(x.t.args[0]);
      continue;
    }
    stack.push(')', x.t.args[x.upto - 1], ' ', { t: x.t, upto: x.upto - 1 }, ' ');
    out.push(`(${back.get(x.t.op) ?? x.t.op}`);
  }
  return out.join('');
}
