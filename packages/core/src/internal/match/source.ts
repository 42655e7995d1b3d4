/**
 * Rule source text: `lhs => rhs where clause, clause`.
 *
 * - `=>` separates the sides (a rule with a function right-hand side has no `=>`).
 * - `where` (a reserved word in rule sources) starts the side conditions: a comma- or
 *   `and`-separated list of `pred(~x)` or `!pred(~x)` / `not pred(~x)`, where `pred` is a slot
 *   type (built-in or a user predicate given in the options). A condition on a segment slot
 *   holds when it holds for every element.
 * Both sides are parsed by `parse(text, { slots: true })`; every error is a `RuleError` with the
 * rule's name and the offset in the full source.
 */
import { ParseError, parse } from '../../parse.js';
import { type Predicates, knownTypes, parseSlotToken, resolveSlotType } from '../../pattern.js';
import type { Term } from '../store.js';
import { type CompileContext, ruleError } from './compile.js';

export interface Side {
  readonly text: string;
  /** Offset of `text` in the rule's source. */
  readonly offset: number;
}

export interface WhereClause {
  readonly predicate: (t: Term) => boolean;
  readonly negated: boolean;
  readonly slot: string;
  readonly segment: boolean;
  readonly position: number;
  readonly text: string;
}

export interface SplitSource {
  readonly lhs: Side;
  readonly rhs: Side | undefined;
  readonly where: Side | undefined;
}

const WHERE = /\bwhere\b/;

/** Splits `lhs => rhs where ...` (the `=> rhs` and `where ...` parts are optional). */
export function splitSource(src: string): SplitSource {
  let whereAt = -1;
  const m = WHERE.exec(src);
  if (m) whereAt = m.index;
  const body = whereAt >= 0 ? src.slice(0, whereAt) : src;
  const arrow = body.indexOf('=>');
  const lhs: Side = { text: arrow >= 0 ? body.slice(0, arrow) : body, offset: 0 };
  const rhs: Side | undefined = arrow >= 0 ? { text: body.slice(arrow + 2), offset: arrow + 2 } : undefined;
  const where: Side | undefined = whereAt >= 0 ? { text: src.slice(whereAt + 5), offset: whereAt + 5 } : undefined;
  return { lhs, rhs, where };
}

const SLOT_SCAN = /~~?[A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z_][A-Za-z0-9_]*)?/g;

/** Slot tokens of a side with their offsets in the full source. */
export function slotTokens(side: Side): { token: string; name: string; type?: string; offset: number }[] {
  const out: { token: string; name: string; type?: string; offset: number }[] = [];
  SLOT_SCAN.lastIndex = 0;
  for (let m = SLOT_SCAN.exec(side.text); m !== null; m = SLOT_SCAN.exec(side.text)) {
    const tok = parseSlotToken(m[0])!;
    out.push({ token: m[0], name: tok.name, type: tok.type, offset: side.offset + m.index });
  }
  return out;
}

/** Parses one side in slots mode; a `ParseError` becomes a `RuleError` at the full-source offset. */
export function parseSide(side: Side, what: string, ctx: CompileContext, predicates: Predicates | undefined): Term {
  if (side.text.trim() === '') throw ruleError(ctx, `the ${what} is empty`, side.offset);
  // Unknown slot types are reported here, where the token's offset is known.
  for (const t of slotTokens(side)) {
    if (t.type !== undefined && resolveSlotType(t.type, predicates) === undefined)
      throw ruleError(ctx, `unknown slot type '${t.type}' in ${t.token} (known: ${knownTypes(predicates)})`, t.offset);
  }
  try {
    return parse(side.text, { slots: true });
  } catch (e) {
    if (e instanceof ParseError) {
      // The parser counts from the start of the side; report offsets in the whole source.
      const msg = side.offset === 0 ? e.message : e.message.replace(/position (\d+)/g, (_, d: string) => `position ${Number(d) + side.offset}`);
      throw ruleError(ctx, `cannot parse the ${what}: ${msg}`, side.offset + e.position);
    }
    throw e;
  }
}

const CLAUSE = /^\s*(!|not\s+)?\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(~~?)([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$/;

/** Parses the `where` part into clauses (slots are checked against the left-hand side later). */
export function parseWhere(side: Side, ctx: CompileContext, predicates: Predicates | undefined): WhereClause[] {
  const out: WhereClause[] = [];
  // Split on top-level commas and the word `and`, keeping offsets.
  const re = /,|\band\b/g;
  let start = 0;
  const pieces: Side[] = [];
  for (let m = re.exec(side.text); ; m = re.exec(side.text)) {
    const end = m ? m.index : side.text.length;
    pieces.push({ text: side.text.slice(start, end), offset: side.offset + start });
    if (!m) break;
    start = m.index + m[0].length;
  }
  for (const p of pieces) {
    const lead = p.text.length - p.text.trimStart().length;
    const at = p.offset + lead;
    const m = CLAUSE.exec(p.text);
    if (!m)
      throw ruleError(ctx, `cannot read the condition '${p.text.trim()}': expected pred(~x), !pred(~x) or not pred(~x), separated by ',' or 'and'`, at);
    const predicate = resolveSlotType(m[2], predicates);
    if (!predicate) throw ruleError(ctx, `unknown predicate '${m[2]}' in the where clause (known: ${knownTypes(predicates)})`, at);
    out.push({ predicate, negated: m[1] !== undefined, slot: m[4], segment: m[3] === '~~', position: at, text: p.text.trim() });
  }
  return out;
}
