/**
 * Random SR-style terms, recorded once as a post-order program and replayed by several builders,
 * so that symx and its baselines construct exactly the same trees and the timed loop does no
 * random drawing. A term is what a genetic-programming SR search makes: binary `+ - * /` and
 * unary `sin cos exp log` over variables x0..x4 and float constants.
 *
 * Program layout: `codes` (Int32Array) in post-order; children precede parents, each term ends
 * with END. CONST takes the next value of `consts` (Float64Array) in order.
 */

export const CONST = 0;
/** Variables x0..x4 are codes VAR0 .. VAR0+4. */
export const VAR0 = 1;
export const NVARS = 5;
export const ADD = 6;
export const SUB = 7;
export const MUL = 8;
export const DIV = 9;
export const SIN = 10;
export const COS = 11;
export const EXP = 12;
export const LOG = 13;
/** Marks the end of one term: its root is the top of the stack. */
export const END = 14;

export const VAR_NAMES = Array.from({ length: NVARS }, (_, k) => `x${k}`);

const BINARY = [ADD, SUB, MUL, DIV];
const UNARY = [SIN, COS, EXP, LOG];

/**
 * @typedef {object} TermProgram
 * @property {Int32Array} codes    post-order codes, END after each term
 * @property {Float64Array} consts  constant values in the order CONST codes use them
 * @property {number} nodes   tree nodes in total (with multiplicity)
 * @property {number} terms   number of terms
 */

/**
 * Draws random terms until they total at least `totalNodes` tree nodes; each term has a size
 * drawn uniformly from `minSize`..`maxSize` nodes.
 *
 * @param {{ int: (n: number) => number, next: () => number }} rng
 * @param {{ totalNodes: number, minSize?: number, maxSize?: number }} opts
 * @returns {TermProgram}
 * @example
 * const prog = randomProgram(mulberry32(1), { totalNodes: 1e6 });
 */
export function randomProgram(rng, { totalNodes, minSize = 5, maxSize = 30 }) {
  /** @type {number[]} */
  const codes = [];
  /** @type {number[]} */
  const consts = [];
  let nodes = 0;
  let terms = 0;
  while (nodes < totalNodes) {
    const before = codes.length;
    randomTerm(rng, minSize + rng.int(maxSize - minSize + 1), codes, consts);
    nodes += codes.length - before;
    codes.push(END);
    terms++;
  }
  return { codes: Int32Array.from(codes), consts: Float64Array.from(consts), nodes, terms };
}

/**
 * Appends one random term of exactly `size` nodes to `codes` (post-order, without END) and its
 * constants to `consts`. Shape: at each node, a leaf when one node is left, otherwise a unary
 * function (one time in four, or always when two nodes are left) or a binary operator with a
 * uniformly random split of the remaining nodes.
 *
 * @param {{ int: (n: number) => number, next: () => number }} rng
 * @param {number} size   at least 1; recursion depth is at most `size`, so keep it small
 * @param {number[]} codes
 * @param {number[]} consts
 */
export function randomTerm(rng, size, codes, consts) {
  if (size <= 1) {
    if (rng.next() < 0.7) codes.push(VAR0 + rng.int(NVARS));
    else {
      // Constants as an optimizer leaves them: arbitrary doubles, not round numbers.
      consts.push((rng.next() - 0.5) * 20);
      codes.push(CONST);
    }
  } else if (size === 2 || rng.next() < 0.25) {
    randomTerm(rng, size - 1, codes, consts);
    codes.push(UNARY[rng.int(UNARY.length)]);
  } else {
    const left = 1 + rng.int(size - 2);
    randomTerm(rng, left, codes, consts);
    randomTerm(rng, size - 1 - left, codes, consts);
    codes.push(BINARY[rng.int(BINARY.length)]);
  }
}

/**
 * A builder replays a program with one representation's constructors.
 *
 * @template T
 * @typedef {object} Builder
 * @property {(v: number) => T} constant
 * @property {(k: number) => T} variable   variable x{k}
 * @property {(code: number, a: T, b: T) => T} binary
 * @property {(code: number, a: T) => T} unary
 */

/**
 * Replays `prog` with `builder` and returns the roots of its terms.
 *
 * @template T
 * @param {{ codes: ArrayLike<number>, consts: ArrayLike<number> }} prog   a TermProgram, or plain arrays
 * @param {Builder<T>} b
 * @returns {T[]}
 */
export function replay(prog, b) {
  const { codes, consts } = prog;
  /** @type {T[]} */
  const stack = [];
  /** @type {T[]} */
  const roots = [];
  let k = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === CONST) stack.push(b.constant(consts[k++]));
    else if (c < ADD) stack.push(b.variable(c - VAR0));
    else if (c <= DIV) {
      const y = /** @type {T} */ (stack.pop());
      const x = /** @type {T} */ (stack.pop());
      stack.push(b.binary(c, x, y));
    } else if (c < END) stack.push(b.unary(c, /** @type {T} */ (stack.pop())));
    else roots.push(/** @type {T} */ (stack.pop()));
  }
  return roots;
}

/** symx operator name of a program code. */
export const SYMX_OP = ['', '', '', '', '', '', 'add', 'sub', 'mul', 'div', 'sin', 'cos', 'exp', 'log'];
/** mathjs operator symbol, function name and function name of a program code. */
export const MATHJS_OP = ['', '', '', '', '', '', '+', '-', '*', '/', 'sin', 'cos', 'exp', 'log'];
export const MATHJS_FN = ['', '', '', '', '', '', 'add', 'subtract', 'multiply', 'divide', 'sin', 'cos', 'exp', 'log'];

/**
 * Splits a program into consecutive sub-programs of `termsPerChunk` terms each (views, no copy):
 * the "generations" of an SR loop, each built and then dropped.
 *
 * @param {TermProgram} prog
 * @param {number} termsPerChunk
 * @returns {TermProgram[]}
 */
export function splitProgram(prog, termsPerChunk) {
  /** @type {TermProgram[]} */
  const chunks = [];
  let start = 0;
  let constStart = 0;
  let k = 0;
  let terms = 0;
  for (let i = 0; i < prog.codes.length; i++) {
    const c = prog.codes[i];
    if (c === CONST) k++;
    else if (c === END && ++terms === termsPerChunk) {
      chunks.push({ codes: prog.codes.subarray(start, i + 1), consts: prog.consts.subarray(constStart, k), nodes: i + 1 - start - terms, terms });
      start = i + 1;
      constStart = k;
      terms = 0;
    }
  }
  if (start < prog.codes.length) {
    chunks.push({ codes: prog.codes.subarray(start), consts: prog.consts.subarray(constStart), nodes: prog.codes.length - start - terms, terms });
  }
  return chunks;
}
