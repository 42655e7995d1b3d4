/**
 * The errors of the rule API. They live here (re-exported by rule.ts) so that pattern.ts and the
 * matcher internals can throw them without an import cycle.
 */

/**
 * An invalid rule: unparsable pattern, right-hand side using an unbound slot, unknown slot type,
 * misplaced segment, ... `ruleName` names the rule and `position` is the 0-based offset in the
 * rule's source text (or -1 when the rule was not made from text).
 *
 * @example
 * let error;
 * try { rule('~x + 0 => ~y'); } catch (e) { error = e; }
 * error instanceof RuleError; // → true
 * error.ruleName; // → '~x + 0 => ~y'
 */
export class RuleError extends Error {
  override name = 'RuleError';
  constructor(
    message: string,
    readonly ruleName = '',
    readonly position = -1,
  ) {
    super(message);
  }
}

/**
 * An engine cannot run a pattern feature of a rule (for example the e-graph and segment slots).
 * The message names the rule and the feature.
 *
 * @example
 * let error;
 * try { requireEGraphSupport(rule('~~xs + 0 => ~~xs')); } catch (e) { error = e; }
 * error instanceof UnsupportedPatternError; // → true
 */
export class UnsupportedPatternError extends Error {
  override name = 'UnsupportedPatternError';
  constructor(
    message: string,
    readonly ruleName = '',
  ) {
    super(message);
  }
}
