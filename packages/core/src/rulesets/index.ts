/**
 * The rule groups shipped with symx, composed into the default rule set of `simplify`.
 * Each group is a named list of `Rule`s (rule.ts) usable on its own, in `ruleSet(...)`, and by the
 * e-graph (rules with segment slots excepted: `requireEGraphSupport`).
 *
 * Rules are written for the rule form the simplifier shows them (internal/simplify/ruleform.ts):
 * x - y is x + (-1)*y, x/y is x*y^(-1), sqrt(x) is x^(1/2). Some rules also cover the plain
 * spellings (sub, div, neg, sqrt) for rule-only runs.
 */
import { type RuleGroup, type RuleSet, ruleSet } from '../rule.js';
import { ABS } from './abs.js';
import { ARITHMETIC } from './arithmetic.js';
import { EXPLOG } from './explog.js';
import { HYPERBOLIC } from './hyperbolic.js';
import { POWERS } from './powers.js';
import { TRIG } from './trig.js';

export { ABS, ARITHMETIC, EXPLOG, HYPERBOLIC, POWERS, TRIG };

/**
 * Every shipped group, in the order the default rule set tries them.
 *
 * @example
 * SIMPLIFY_GROUPS.map((g) => g.name);   // ['arithmetic', 'powers', 'abs', 'explog', 'trig', 'hyperbolic']
 */
export const SIMPLIFY_GROUPS: readonly RuleGroup[] = Object.freeze([ARITHMETIC, POWERS, ABS, EXPLOG, TRIG, HYPERBOLIC]);

/**
 * The default rule set of `simplify`: every shipped group, indexed by head operator.
 *
 * @example
 * // everything but the trig group
 * format(simplify(parse('sin(x)/cos(x)'))); // → 'tan(x)'
 * format(simplify(parse('sin(x)/cos(x)'), { rules: SIMPLIFY_RULES.without('trig') })); // → 'sin(x)/cos(x)'
 */
export const SIMPLIFY_RULES: RuleSet = ruleSet(...SIMPLIFY_GROUPS);
