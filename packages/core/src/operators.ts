/**
 * The operator vocabulary of symx: every operator a term may use, with its arity and its opcode
 * in the flat encoding. Opcodes are stable numbers shared by the flat encoding, the e-graph and
 * the WASM tiers; never renumber one, only append.
 */

/** Arity of an operator: a fixed count, or `-1` for variadic (two or more arguments). */
export const VARIADIC = -1;

export interface OperatorInfo {
  /** The name terms use (`op(t)`), e.g. `add`, `sin`. */
  readonly name: string;
  /** Fixed number of arguments, or VARIADIC (add and mul: 2 or more). */
  readonly arity: number;
  /** Opcode in the flat encoding (see flat.ts), or OP_NONE for user-defined operators. */
  readonly code: number;
  /**
   * Cost in CPU cycles for extraction and complexity: the table of DESIGN.md "Costs that
   * matter" (operators it does not list cost 1).
   */
  readonly cost: number;
}

/** Opcodes of the leaves of a flat expression. */
export const OP_CONST = 0;
export const OP_VAR = 1;

/** Opcodes of operators. Keep in sync with OPERATORS below (checked at load). */
export const OP_ADD = 2;
export const OP_SUB = 3;
export const OP_MUL = 4;
export const OP_DIV = 5;
export const OP_POW = 6;
export const OP_NEG = 7;
export const OP_SIN = 8;
export const OP_COS = 9;
export const OP_TAN = 10;
export const OP_ASIN = 11;
export const OP_ACOS = 12;
export const OP_ATAN = 13;
export const OP_SINH = 14;
export const OP_COSH = 15;
export const OP_TANH = 16;
export const OP_EXP = 17;
export const OP_LOG = 18;
export const OP_SQRT = 19;
export const OP_ABS = 20;
export const OP_MIN = 21;
export const OP_MAX = 22;
export const OP_PI = 23;
/** One past the largest opcode: size of opcode-indexed tables. */
export const OP_COUNT = 24;

const table: OperatorInfo[] = [
  { name: 'add', arity: VARIADIC, code: OP_ADD, cost: 1 },
  { name: 'sub', arity: 2, code: OP_SUB, cost: 1 },
  { name: 'mul', arity: VARIADIC, code: OP_MUL, cost: 3 },
  { name: 'div', arity: 2, code: OP_DIV, cost: 24 },
  { name: 'pow', arity: 2, code: OP_POW, cost: 100 },
  { name: 'neg', arity: 1, code: OP_NEG, cost: 1 },
  { name: 'sin', arity: 1, code: OP_SIN, cost: 134 },
  { name: 'cos', arity: 1, code: OP_COS, cost: 134 },
  { name: 'tan', arity: 1, code: OP_TAN, cost: 156 },
  { name: 'asin', arity: 1, code: OP_ASIN, cost: 1 },
  { name: 'acos', arity: 1, code: OP_ACOS, cost: 1 },
  { name: 'atan', arity: 1, code: OP_ATAN, cost: 135 },
  { name: 'sinh', arity: 1, code: OP_SINH, cost: 1 },
  { name: 'cosh', arity: 1, code: OP_COSH, cost: 1 },
  { name: 'tanh', arity: 1, code: OP_TANH, cost: 1 },
  { name: 'exp', arity: 1, code: OP_EXP, cost: 18 },
  { name: 'log', arity: 1, code: OP_LOG, cost: 1 },
  { name: 'sqrt', arity: 1, code: OP_SQRT, cost: 1 },
  { name: 'abs', arity: 1, code: OP_ABS, cost: 2 },
  { name: 'min', arity: 2, code: OP_MIN, cost: 1 },
  { name: 'max', arity: 2, code: OP_MAX, cost: 1 },
  { name: 'pi', arity: 0, code: OP_PI, cost: 1 },
];

const byName = new Map<string, OperatorInfo>(table.map((o) => [o.name, o]));

/** Every operator symx knows, by name (the built-ins and those added by `defineOperator`). */
export const OPERATORS: ReadonlyMap<string, OperatorInfo> = byName;

/** Opcode of user-defined operators: they have no flat/WASM encoding and no numeric meaning. */
export const OP_NONE = -1;

/**
 * Declares an uninterpreted operator (for example the `d` and `i` of egg's math suite) so that
 * terms may use it. It has no opcode: the flat encoding, the evaluators and the compilers reject
 * it with a clear error. Redefining with the same arity is a no-op; a built-in cannot be changed.
 */
export function defineOperator(name: string, arity: number, cost = 1): OperatorInfo {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$|^[^\s(),~]+$/.test(name)) throw new RangeError(`bad operator name ${JSON.stringify(name)}`);
  if (!(Number.isInteger(arity) && arity >= 0) && arity !== VARIADIC) throw new RangeError(`bad arity ${arity} for '${name}'`);
  const old = byName.get(name);
  if (old) {
    if (old.arity === arity && old.code === OP_NONE) return old;
    throw new RangeError(`operator '${name}' is already defined with arity ${old.arity}`);
  }
  const info: OperatorInfo = { name, arity, code: OP_NONE, cost };
  byName.set(name, info);
  return info;
}

/** Operator info indexed by opcode (undefined for OP_CONST and OP_VAR). */
export const OPERATORS_BY_CODE: readonly (OperatorInfo | undefined)[] = (() => {
  const byCode: (OperatorInfo | undefined)[] = new Array(OP_COUNT).fill(undefined);
  for (const o of table) {
    if (byCode[o.code]) throw new Error(`duplicate opcode ${o.code}`);
    byCode[o.code] = o;
  }
  return byCode;
})();

/** Operators that take one argument and are written as calls: `sin(x)`. */
export const UNARY_FUNCTIONS: readonly string[] = table
  .filter((o) => o.arity === 1 && o.name !== 'neg')
  .map((o) => o.name);

/** Nullary constants written as bare names in source: `pi`. */
export const CONSTANT_NAMES: readonly string[] = table.filter((o) => o.arity === 0).map((o) => o.name);

export function operatorInfo(name: string): OperatorInfo | undefined {
  return OPERATORS.get(name);
}

/** Checks that `argc` arguments suit operator `name`; returns an error message or undefined. */
export function checkArity(name: string, argc: number): string | undefined {
  const info = OPERATORS.get(name);
  if (!info) return `unknown operator '${name}'`;
  if (info.arity === VARIADIC) {
    return argc >= 2 ? undefined : `'${name}' takes two or more arguments, got ${argc}`;
  }
  return argc === info.arity
    ? undefined
    : `'${name}' takes ${info.arity} argument${info.arity === 1 ? '' : 's'}, got ${argc}`;
}
