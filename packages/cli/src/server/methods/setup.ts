/**
 * Session setup: `vocabulary` (the operator names expressions use, and the default syntax) and
 * `version`.
 */
import { VERSION } from '../../version.js';
import { type Params, PROTOCOL_VERSION, ProtocolError, choice } from '../protocol.js';
import { SYNTAXES, type Session } from '../session.js';
import { Vocabulary } from '../vocabulary.js';

/**
 * `vocabulary`: `operators` maps names to symx operators, definitions or protected operators
 * (see vocabulary.ts); it replaces the session's vocabulary (an empty object removes it).
 * `syntax` sets the default syntax of expressions (default: 'calls' with a vocabulary,
 * 'infix' without).
 */
export function vocabularyMethod(p: Params, s: Session): unknown {
  const ops = p.operators;
  if (ops === undefined) throw new ProtocolError('invalid_params', "'operators' is required (an object; {} removes the vocabulary)", { param: 'operators' });
  const v = Vocabulary.compile(ops);
  const empty = v.operators.size === 0;
  s.setVocabulary(empty ? undefined : v, choice(p, 'syntax', SYNTAXES, empty ? 'infix' : 'calls'));
  return { operators: [...v.operators.keys()], syntax: s.syntax };
}

export function versionMethod(_p: Params, _s: Session, methods: readonly string[] = []): unknown {
  return { version: VERSION, protocol: PROTOCOL_VERSION, methods };
}
