/**
 * The operator vocabulary of symx: every operator a term may use, with its arity and its opcode
 * in the flat encoding. Opcodes are stable numbers shared by the flat encoding, the e-graph and
 * the WASM tiers; never renumber one, only append.
 */

/**
 * Arity of an operator: a fixed count, or `-1` for variadic (two or more arguments).
 *
 * @example
 * operatorInfo('add').arity === VARIADIC; // → true
 * operatorInfo('sin').arity; // → 1
 */
export const VARIADIC = -1;

/**
 * What the operator table knows about one operator.
 *
 * @example
 * const info: OperatorInfo | undefined = operatorInfo('div');
 * [info.name, info.arity, info.code === OP_DIV]; // → ['div', 2, true]
 */
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

/**
 * Opcode of a constant leaf of a flat expression (its value is in `consts`).
 *
 * @example
 * toFlat(parse('x + 2')).ops[1] === OP_CONST; // → true
 */
export const OP_CONST = 0;
/**
 * Opcode of a variable leaf of a flat expression (its name is in `vars`).
 *
 * @example
 * toFlat(parse('x + 2')).ops[0] === OP_VAR; // → true
 */
export const OP_VAR = 1;

/**
 * Opcode of `add` in the flat encoding. Operator opcodes are stable numbers shared by the flat
 * encoding, the e-graph and the WASM tiers (kept in sync with OPERATORS, checked at load).
 *
 * @example
 * OPERATORS_BY_CODE[OP_ADD].name; // → 'add'
 */
export const OP_ADD = 2;
/**
 * Opcode of `sub` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_SUB].name; // → 'sub'
 */
export const OP_SUB = 3;
/**
 * Opcode of `mul` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_MUL].name; // → 'mul'
 */
export const OP_MUL = 4;
/**
 * Opcode of `div` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_DIV].name; // → 'div'
 */
export const OP_DIV = 5;
/**
 * Opcode of `pow` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_POW].name; // → 'pow'
 */
export const OP_POW = 6;
/**
 * Opcode of `neg` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_NEG].name; // → 'neg'
 */
export const OP_NEG = 7;
/**
 * Opcode of `sin` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_SIN].name; // → 'sin'
 */
export const OP_SIN = 8;
/**
 * Opcode of `cos` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_COS].name; // → 'cos'
 */
export const OP_COS = 9;
/**
 * Opcode of `tan` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_TAN].name; // → 'tan'
 */
export const OP_TAN = 10;
/**
 * Opcode of `asin` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_ASIN].name; // → 'asin'
 */
export const OP_ASIN = 11;
/**
 * Opcode of `acos` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_ACOS].name; // → 'acos'
 */
export const OP_ACOS = 12;
/**
 * Opcode of `atan` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_ATAN].name; // → 'atan'
 */
export const OP_ATAN = 13;
/**
 * Opcode of `sinh` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_SINH].name; // → 'sinh'
 */
export const OP_SINH = 14;
/**
 * Opcode of `cosh` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_COSH].name; // → 'cosh'
 */
export const OP_COSH = 15;
/**
 * Opcode of `tanh` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_TANH].name; // → 'tanh'
 */
export const OP_TANH = 16;
/**
 * Opcode of `exp` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_EXP].name; // → 'exp'
 */
export const OP_EXP = 17;
/**
 * Opcode of `log` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_LOG].name; // → 'log'
 */
export const OP_LOG = 18;
/**
 * Opcode of `sqrt` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_SQRT].name; // → 'sqrt'
 */
export const OP_SQRT = 19;
/**
 * Opcode of `abs` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_ABS].name; // → 'abs'
 */
export const OP_ABS = 20;
/**
 * Opcode of `min` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_MIN].name; // → 'min'
 */
export const OP_MIN = 21;
/**
 * Opcode of `max` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_MAX].name; // → 'max'
 */
export const OP_MAX = 22;
/**
 * Opcode of `pi` in the flat encoding (stable: shared by the e-graph and the WASM tiers).
 *
 * @example
 * OPERATORS_BY_CODE[OP_PI].name; // → 'pi'
 */
export const OP_PI = 23;
/**
 * One past the largest opcode: size of opcode-indexed tables.
 *
 * @example
 * const costs = new Float64Array(OP_COUNT);
 * costs[OP_SIN] = 10;
 */
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

/**
 * Every operator symx knows, by name (the built-ins and those added by `defineOperator`).
 *
 * @example
 * OPERATORS.get('mul').cost; // → 3
 * OPERATORS.has('sin'); // → true
 */
export const OPERATORS: ReadonlyMap<string, OperatorInfo> = byName;

/**
 * Opcode of user-defined operators: they have no flat/WASM encoding and no numeric meaning.
 *
 * @example
 * defineOperator('hypot2', 2).code === OP_NONE; // → true
 */
export const OP_NONE = -1;

/**
 * Declares an uninterpreted operator (for example the `d` and `i` of egg's math suite) so that
 * terms may use it. It has no opcode: the flat encoding, the evaluators and the compilers reject
 * it with a clear error. Redefining with the same arity is a no-op; a built-in cannot be changed.
 *
 * @example
 * defineOperator('dist', 2);
 * format(parse('dist(a, b) + 1')); // → 'dist(a, b) + 1'
 * // symbolic work is fine, numeric work is refused: it has no meaning
 * format(derivative(parse('dist(a, b) + x'), 'x')); // → '1'
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

/**
 * Operator info indexed by opcode (undefined for OP_CONST and OP_VAR).
 *
 * @example
 * OPERATORS_BY_CODE[OP_SQRT].name; // → 'sqrt'
 * OPERATORS_BY_CODE[OP_VAR]; // → undefined
 */
export const OPERATORS_BY_CODE: readonly (OperatorInfo | undefined)[] = (() => {
  const byCode: (OperatorInfo | undefined)[] = new Array(OP_COUNT).fill(undefined);
  for (const o of table) {
    if (byCode[o.code]) throw new Error(`duplicate opcode ${o.code}`);
    byCode[o.code] = o;
  }
  return byCode;
})();

/**
 * Operators that take one argument and are written as calls: `sin(x)`.
 *
 * @example
 * UNARY_FUNCTIONS.includes('exp'); // → true
 * UNARY_FUNCTIONS.includes('neg'); // → false
 */
export const UNARY_FUNCTIONS: readonly string[] = table
  .filter((o) => o.arity === 1 && o.name !== 'neg')
  .map((o) => o.name);

/**
 * Nullary constants written as bare names in source: `pi`.
 *
 * @example
 * CONSTANT_NAMES; // → ['pi']
 */
export const CONSTANT_NAMES: readonly string[] = table.filter((o) => o.arity === 0).map((o) => o.name);

/**
 * The table entry of an operator (built-in or declared with `defineOperator`), or undefined.
 *
 * @example
 * operatorInfo('sqrt').arity; // → 1
 * operatorInfo('nope'); // → undefined
 */
export function operatorInfo(name: string): OperatorInfo | undefined {
  return OPERATORS.get(name);
}

/**
 * Checks that `argc` arguments suit operator `name`; returns an error message or undefined.
 *
 * @example
 * checkArity('sin', 1); // → undefined
 * checkArity('add', 1); // → "'add' takes two or more arguments, got 1"
 */
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
