/**
 * The rule form: the plain term the simplifier's rules see. It is the normal form written with
 * the fewest operators, exactly as `normalOps` presents it:
 *
 *   sum      add(constant?, c1*t1, c2*t2, ...)   x - y is add(x, mul(-1, y))
 *   product  mul(coefficient?, f1, f2, ...)     x/y is mul(x, pow(y, -1)); a factor b^1 is b
 *   power    pow(b, e)                          sqrt(x) is pow(x, 1/2)
 *   call     op(args)
 *
 * so a rule needs one pattern per identity (no sub/div/neg/sqrt variants), and
 * `toNormal(toRuleForm(n)) === n`. Conversion is iterative (any depth) and memoized in a cache
 * that the caller owns (valid while both stores' generations live).
 */
import { MINUS_ONE, type Num, ONE, type Rational, numIsNegative, numNeg } from '../../numbers.js';
import { NK_ADD, NK_CALL, NK_MUL, NK_NUMBER, NK_POW, NK_SYMBOL, type NTerm } from '../../normal.js';
import { defaultStore } from '../../terms.js';
import { KIND_CALL, KIND_NUMBER, type Term } from '../store.js';

function isExactOne(v: Num): boolean {
  return v === ONE || (typeof v !== 'number' && v.n === 1n && v.d === 1n);
}

function isZero(v: Num): boolean {
  return typeof v === 'number' ? v === 0 : v.n === 0n;
}

/** The rule form of `root`; `cache` maps NF terms to their rule forms across calls. */
export function toRuleForm(root: NTerm, cache: Map<NTerm, Term>): Term {
  const hit = cache.get(root);
  if (hit !== undefined) return hit;
  const stack: NTerm[] = [root];
  while (stack.length > 0) {
    const u = stack[stack.length - 1];
    if (cache.has(u)) {
      stack.pop();
      continue;
    }
    let pending = false;
    const cs = u.children;
    for (let i = cs.length - 1; i >= 0; i--) {
      if (!cache.has(cs[i])) {
        stack.push(cs[i]);
        pending = true;
      }
    }
    if (pending) continue;
    stack.pop();
    cache.set(u, build(u, cache));
  }
  return cache.get(root)!;
}

function build(u: NTerm, cache: Map<NTerm, Term>): Term {
  switch (u.kind) {
    case NK_NUMBER:
      return defaultStore.number(u.value);
    case NK_SYMBOL:
      return defaultStore.symbol(u.name);
    case NK_POW:
      return defaultStore.call2('pow', cache.get(u.children[0])!, cache.get(u.children[1])!);
    case NK_CALL: {
      const args: Term[] = new Array(u.children.length);
      for (let i = 0; i < args.length; i++) args[i] = cache.get(u.children[i])!;
      return defaultStore.call(u.name, args);
    }
    case NK_MUL: {
      const args: Term[] = [];
      if (!isExactOne(u.value)) args.push(defaultStore.number(u.value));
      pushFactors(u, args, cache);
      if (args.length === 1) return args[0];
      return defaultStore.call('mul', args);
    }
    case NK_ADD: {
      const args: Term[] = [];
      if (!isZero(u.value)) args.push(defaultStore.number(u.value));
      const ts = u.children;
      for (let i = 0; i < ts.length; i++) args.push(scaled(ts[i], u.nums[i], cache));
      return defaultStore.call('add', args);
    }
  }
}

/** The factors b^e of a product, each as `b` (e = 1) or `pow(b, e)`. */
function pushFactors(m: NTerm, out: Term[], cache: Map<NTerm, Term>): void {
  const bs = m.children;
  const es = m.nums as readonly Rational[];
  for (let i = 0; i < bs.length; i++) {
    const b = cache.get(bs[i])!;
    out.push(isExactOne(es[i]) ? b : defaultStore.call2('pow', b, defaultStore.number(es[i])));
  }
}

/** c·t for a term of a sum (t has no coefficient of its own). */
function scaled(t: NTerm, c: Num, cache: Map<NTerm, Term>): Term {
  if (isExactOne(c)) return cache.get(t)!;
  const args: Term[] = [defaultStore.number(c)];
  if (t.kind === NK_MUL) pushFactors(t, args, cache);
  else args.push(cache.get(t)!);
  return defaultStore.call('mul', args);
}

/**
 * -t in rule form, when `t` is in rule form: the negated coefficient(s) of a product or a sum,
 * so that `negateRuleForm(toRuleForm(n)) === toRuleForm(-n)` for a normal-form n.
 */
export function negateRuleForm(t: Term): Term {
  if (t.kind === KIND_NUMBER) return defaultStore.number(numNeg(t.value));
  if (t.kind === KIND_CALL && t.op === 'add') return defaultStore.call('add', t.args.map(negateRuleForm));
  if (t.kind === KIND_CALL && t.op === 'mul') {
    const a0 = t.args[0];
    if (a0.kind === KIND_NUMBER) {
      const c = numNeg(a0.value);
      if (isExactOne(c)) return t.args.length === 2 ? t.args[1] : defaultStore.call('mul', t.args.slice(1));
      const args = t.args.slice();
      args[0] = defaultStore.number(c);
      return defaultStore.call('mul', args);
    }
    return defaultStore.call('mul', [defaultStore.number(MINUS_ONE), ...t.args]);
  }
  return defaultStore.call2('mul', defaultStore.number(MINUS_ONE), t);
}

/**
 * Whether a rule-form term reads as a negation: a negative number, a product with a negative
 * coefficient, or (`allTerms` false) a sum whose first non-constant term is one of these, or
 * (`allTerms` true) a sum whose every part is. The canonical sign choice for the parity rules.
 */
export function isNegativeForm(t: Term, allTerms: boolean): boolean {
  if (t.kind === KIND_NUMBER) return numIsNegative(t.value);
  if (t.kind !== KIND_CALL) return false;
  if (t.op === 'mul') return t.args[0].kind === KIND_NUMBER && numIsNegative(t.args[0].value);
  if (t.op === 'neg') return true;
  if (t.op !== 'add') return false;
  if (allTerms) {
    for (const a of t.args) if (!(isNegativeForm(a, true) && a.op !== 'add')) return false;
    return true;
  }
  for (const a of t.args) if (a.kind !== KIND_NUMBER) return a.op !== 'add' && isNegativeForm(a, false);
  return false;
}
