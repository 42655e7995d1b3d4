/**
 * The shared rule API of @symx/core (pattern.ts, rule.ts) as the e-graph uses it: one place to
 * import it from inside this package.
 */
export type { Bindings, CallPattern, LiteralPattern, Pattern, Rule, SlotPattern } from '@symx/core';
export { UnsupportedPatternError } from '@symx/core';
