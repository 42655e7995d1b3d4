/**
 * Shipped rules whose work the normal form always does first: on a term in rule form (the
 * normal form written out, ruleform.ts) they can never fire, so the simplifier does not try
 * them while it uses the normal form. (They stay in their groups for rule-only runs and for the
 * e-graph.) Each name below is a rule of the group it is looked up in.
 */
import type { Rule } from '../../rule.js';
import { ARITHMETIC } from '../../rulesets/arithmetic.js';
import { POWERS } from '../../rulesets/powers.js';

const NAMES: Record<string, readonly string[]> = {
  arithmetic: [
    'foldAdd', 'foldMul', 'foldSub', 'foldDiv', 'foldPow', 'foldNeg', 'addZero', 'mulOne', 'mulZero', 'subZero', 'zeroSub',
    'subSelf', 'addNegSelf', 'addNeg', 'addSelf', 'negNeg', 'subNeg', 'divOne', 'divSelf', 'mulInverse', 'powOne', 'powZero',
    'onePow', 'sqrtFloat', 'absFloat',
  ],
  powers: ['sqrtSquared', 'sqrtOfSquare', 'sqrtOfSquareNonneg', 'powPowInteger', 'absPowEven', 'powMul', 'powMulBase', 'sqrtMulSqrt'],
};

function pick(group: { name: string; rules: readonly Rule[] }): Rule[] {
  const names = new Set(NAMES[group.name]);
  const out = group.rules.filter((r) => names.has(r.name));
  if (out.length !== names.size) throw new Error(`internal: subsumed rule names out of date for group '${group.name}'`);
  return out;
}

/** The rules the normal form subsumes. */
export const SUBSUMED_BY_NORMAL_FORM: ReadonlySet<Rule> = new Set([...pick(ARITHMETIC), ...pick(POWERS)]);
