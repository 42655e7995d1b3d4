/**
 * Server methods on expressions: `parse`, `simplify`, `diff`. Each takes `expr` (one; the reply
 * has `result`) or `exprs` (many; the reply has `results`, in order), and prints terms in
 * `format` (default: the syntax they were read in).
 */
import { derivative, gradient, size, variables } from '@symx/core';
import { ENGINES, simplifyTerm } from '../../internal/engines.js';
import { type Params, ProtocolError, choice, optBool, optNum } from '../protocol.js';
import { type Session, formatTerm } from '../session.js';

/**
 * `parse`: reads expressions and prints them back (normalized spelling, another format), with
 * their variables and sizes: a way to validate expressions and to translate between syntaxes.
 */
export function parseMethod(p: Params, s: Session): unknown {
  const e = s.readExpressions(p);
  const fmt = s.formatFor(p, e);
  const items = e.terms.map((t) => ({ expr: formatTerm(t, fmt, e.vocabulary), variables: variables(t), size: size(t) }));
  return e.single ? { result: items[0] } : { results: items };
}

/** `simplify`: `engine` ('classical' default, or 'egraph'), `time_limit_ms`. */
export function simplifyMethod(p: Params, s: Session): unknown {
  const e = s.readExpressions(p);
  const fmt = s.formatFor(p, e);
  const engine = choice(p, 'engine', ENGINES, 'classical');
  const timeLimit = optNum(p, 'time_limit_ms', 0);
  const out = e.terms.map((t) => formatTerm(simplifyTerm(t, engine, timeLimit).term, fmt, e.vocabulary));
  return e.single ? { result: out[0] } : { results: out };
}

/**
 * `diff`: `wrt` a variable name (each result is one derivative) or an array of names (each
 * result is the gradient, in that order); simplified unless `simplify: false`.
 */
export function diffMethod(p: Params, s: Session): unknown {
  const e = s.readExpressions(p);
  const fmt = s.formatFor(p, e);
  const wrt = p.wrt;
  const many = Array.isArray(wrt);
  const vars = many ? wrt : [wrt];
  if (vars.length === 0 || !vars.every((v) => typeof v === 'string' && v !== '')) {
    throw new ProtocolError('invalid_params', "'wrt' must be a variable name or an array of them", { param: 'wrt' });
  }
  const simplify = optBool(p, 'simplify') ?? true;
  const names = vars as string[];
  const out = e.terms.map((t) => {
    const ds = many ? gradient(t, names) : [derivative(t, names[0])];
    const printed = ds.map((d) => formatTerm(simplify ? simplifyTerm(d, 'classical').term : d, fmt, e.vocabulary));
    return many ? printed : printed[0];
  });
  return e.single ? { result: out[0] } : { results: out };
}
