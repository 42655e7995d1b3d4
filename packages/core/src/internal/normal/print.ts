/**
 * Readable text of an NF term for messages and debugging (`String(t)`), read straight off the
 * structure: `2*x^2 - (1/3)*y + 1`, `(x*y)^(1/2)`, `x^(-1)`. Iterative, so any depth prints.
 * Not a parser format: use `format(fromNormal(t))` for that.
 */
import { type Num, ONE, type Rational, formatNum, numIsNegative, numNeg } from '../../numbers.js';
import { NK_ADD, NK_CALL, NK_MUL, NK_NUMBER, NK_POW, NK_SYMBOL, type NTerm, setNormalPrinter } from './nterm.js';
import { isExactOne, isZeroNum } from './shape.js';

// Binding strength of a text: a parent parenthesizes a child weaker than it needs.
const P_SUM = 1;
const P_PRODUCT = 2;
const P_POWER = 3;
const P_ATOM = 4;

interface Text {
  readonly s: string;
  readonly p: number;
}

export function printNormal(root: NTerm): string {
  const memo = new Map<NTerm, Text>();
  const stack: NTerm[] = [root];
  while (stack.length > 0) {
    const u = stack[stack.length - 1];
    if (memo.has(u)) {
      stack.pop();
      continue;
    }
    let pending = false;
    for (let i = u.children.length - 1; i >= 0; i--) {
      if (!memo.has(u.children[i])) {
        stack.push(u.children[i]);
        pending = true;
      }
    }
    if (pending) continue;
    memo.set(u, textOf(u, memo));
    stack.pop();
  }
  return memo.get(root)!.s;
}

function wrap(t: Text, min: number): string {
  return t.p < min ? `(${t.s})` : t.s;
}

function numText(v: Num): Text {
  const s = formatNum(v);
  return { s, p: s.startsWith('-') || s.includes('/') ? P_SUM : P_ATOM };
}

function textOf(u: NTerm, memo: Map<NTerm, Text>): Text {
  switch (u.kind) {
    case NK_NUMBER:
      return numText(u.value);
    case NK_SYMBOL:
      return { s: u.name, p: P_ATOM };
    case NK_CALL:
      return { s: `${u.name}(${u.children.map((c) => memo.get(c)!.s).join(', ')})`, p: P_ATOM };
    case NK_POW:
      return { s: `${wrap(memo.get(u.children[0])!, P_ATOM)}^${wrap(memo.get(u.children[1])!, P_ATOM)}`, p: P_POWER };
    case NK_MUL:
      return productText(u.value, u.children, u.nums as readonly Rational[], memo);
    case NK_ADD: {
      let s = '';
      for (let i = 0; i < u.children.length; i++) {
        const c = u.nums[i];
        const negative = numIsNegative(c);
        const t = u.children[i];
        const mag = negative ? numNeg(c) : c;
        const body =
          t.kind === NK_MUL
            ? productText(mag, t.children, t.nums as readonly Rational[], memo)
            : productText(mag, [t], [ONE], memo);
        if (i === 0) s = negative ? `-${wrap(body, P_PRODUCT)}` : body.s;
        else s += `${negative ? ' - ' : ' + '}${wrap(body, P_PRODUCT)}`;
      }
      const k = u.value;
      if (!isZeroNum(k)) s += numIsNegative(k) ? ` - ${formatNum(numNeg(k))}` : ` + ${formatNum(k)}`;
      return { s, p: P_SUM };
    }
  }
}

/** c·Π b^e as text. */
function productText(c: Num, bases: readonly NTerm[], exps: readonly Rational[], memo: Map<NTerm, Text>): Text {
  const minusOne = typeof c !== 'number' && c.n === -1n && c.d === 1n;
  const parts: string[] = [];
  if (!isExactOne(c) && !minusOne) parts.push(wrap(numText(c), P_POWER));
  for (let i = 0; i < bases.length; i++) {
    const b = memo.get(bases[i])!;
    if (isExactOne(exps[i])) {
      if (parts.length === 0 && bases.length === 1 && !minusOne) return b; // a bare base
      parts.push(wrap(b, P_PRODUCT));
    } else parts.push(`${wrap(b, P_ATOM)}^${wrap(numText(exps[i]), P_ATOM)}`);
  }
  const s = parts.join('*');
  if (minusOne) return { s: `-${s}`, p: P_SUM };
  return { s, p: parts.length === 1 ? P_POWER : P_PRODUCT };
}

setNormalPrinter(printNormal);
