import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate } from './evaluate.js';
import { format } from './format.js';
import { parse } from './parse.js';
import { canonicalForm, structuralHash, structuralKey } from './sr-canonical.js';
import { PI, Term, TermStore, add, call, defaultStore, float, int, mul, neg, rat, sin, sub, sym } from './terms.js';

// ---- generators ------------------------------------------------------------------------------

const leaf: fc.Arbitrary<Term> = fc.oneof(
  fc.constantFrom('x', 'y', 'z').map(sym),
  fc.integer({ min: -3, max: 3 }).map(int),
  fc.constantFrom(0.5, 2.5, -1.25).map(float),
  fc.constant(PI),
);
const { term: termArb } = fc.letrec<{ term: Term }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    leaf,
    fc.array(tie('term'), { minLength: 2, maxLength: 4 }).map((a) => add(...a)),
    fc.array(tie('term'), { minLength: 2, maxLength: 4 }).map((a) => mul(...a)),
    fc.tuple(tie('term'), tie('term')).map(([a, b]) => sub(a, b)),
    fc.tuple(tie('term'), tie('term')).map(([a, b]) => call('min', a, b)),
    fc.tuple(tie('term'), tie('term')).map(([a, b]) => call('max', a, b)),
    tie('term').map(sin),
    tie('term').map(neg),
  ),
}));

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An equal term up to commutativity and associativity: arguments of add/mul/min/max shuffled,
 * add/mul argument lists regrouped at random. Recursive: test terms are small.
 */
function shuffle(t: Term, seed: number): Term {
  const rnd = prng(seed);
  const go = (u: Term): Term => {
    if (u.args.length === 0) return u;
    let args = u.args.map(go);
    if (['add', 'mul', 'min', 'max'].includes(u.op)) {
      args = args.slice();
      for (let i = args.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [args[i], args[j]] = [args[j], args[i]];
      }
    }
    if ((u.op === 'add' || u.op === 'mul') && args.length >= 3 && rnd() < 0.5) {
      const k = 2 + Math.floor(rnd() * (args.length - 2)); // group k adjacent arguments
      const at = Math.floor(rnd() * (args.length - k + 1));
      const inner = call(u.op, ...args.slice(at, at + k));
      args = [...args.slice(0, at), inner, ...args.slice(at + k)];
      if (args.length === 1) return inner;
    }
    return call(u.op, ...args);
  };
  return go(t);
}

/** The same term with every number replaced by another one. */
function changeConstants(t: Term, seed: number): Term {
  const rnd = prng(seed);
  const go = (u: Term): Term => {
    if (u.kind === 0) return rnd() < 0.5 ? int(Math.floor(rnd() * 100) - 50) : float(rnd() * 10);
    if (u.args.length === 0) return u;
    return call(u.op, ...u.args.map(go));
  };
  return go(t);
}

function sameValue(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return true; // reassociation may overflow differently
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

const p = (s: string): Term => parse(s);

// ---- canonicalForm ---------------------------------------------------------------------------

describe('canonicalForm', () => {
  it('sorts commutative arguments and flattens add/mul', () => {
    expect(format(canonicalForm(p('(y + x) + sin(b*a)')))).toBe('x + y + sin(a*b)');
    expect(canonicalForm(p('(y + x) + 2*z'))).toBe(canonicalForm(p('z*2 + (x + y)')));
    expect(canonicalForm(p('a*(b*(c*d))'))).toBe(p('a*b*c*d'));
    expect(canonicalForm(p('max(y, x) + min(z, x)'))).toBe(canonicalForm(p('min(x, z) + max(x, y)')));
    // numbers < symbols < calls; exact before float
    expect(format(canonicalForm(p('sin(x) + y + 2.5 + 3')))).toBe('3 + 2.5 + y + sin(x)');
  });

  it('is structural only: no algebra', () => {
    expect(canonicalForm(p('x - y'))).toBe(p('x - y'));
    expect(canonicalForm(p('y - x'))).not.toBe(canonicalForm(p('x - y')));
    expect(canonicalForm(p('x*x'))).toBe(p('x*x'));
    expect(canonicalForm(p('3 + 2'))).toBe(p('2 + 3'));
    expect(canonicalForm(p('(x + y) * 2'))).toBe(p('2*(x + y)'));
  });

  it('returns the same term when it is already canonical', () => {
    const t = p('x + y + sin(a*b)');
    expect(canonicalForm(t)).toBe(t);
    expect(canonicalForm(sym('x'))).toBe(sym('x'));
    expect(canonicalForm(int(7))).toBe(int(7));
    expect(canonicalForm(PI)).toBe(PI);
  });

  it('with ignoreConstants, replaces every number by the NaN placeholder but keeps pi', () => {
    const c = canonicalForm(p('2*x + 1'), { ignoreConstants: true });
    expect(c).toBe(canonicalForm(p('1.5 + x*0.3'), { ignoreConstants: true }));
    expect(c).toBe(add(float(NaN), mul(float(NaN), sym('x'))));
    expect(canonicalForm(p('pi*x'), { ignoreConstants: true })).not.toBe(canonicalForm(p('2*x'), { ignoreConstants: true }));
    // the order is by the erased structure, so the constants cannot reorder the arguments
    expect(canonicalForm(p('2*x + 3*y'), { ignoreConstants: true })).toBe(canonicalForm(p('7*y + 1*x'), { ignoreConstants: true }));
  });

  it('property: idempotent', () => {
    fc.assert(
      fc.property(termArb, fc.boolean(), (t, ignoreConstants) => {
        const c = canonicalForm(t, { ignoreConstants });
        expect(canonicalForm(c, { ignoreConstants })).toBe(c);
      }),
      { numRuns: 300 },
    );
  });

  it('property: invariant under argument shuffles and regrouping', () => {
    fc.assert(
      fc.property(termArb, fc.integer(), (t, seed) => {
        const s = shuffle(t, seed);
        expect(canonicalForm(s)).toBe(canonicalForm(t));
        expect(canonicalForm(s, { ignoreConstants: true })).toBe(canonicalForm(t, { ignoreConstants: true }));
      }),
      { numRuns: 300 },
    );
  });

  it('property: keeps the value (sound)', () => {
    fc.assert(
      fc.property(termArb, fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (t, x, y) => {
        const env = { x, y, z: x - y };
        expect(sameValue(evaluate(canonicalForm(t), env), evaluate(t, env))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('caches per store generation without leaking released terms', () => {
    const store = new TermStore();
    const x = store.symbol('x');
    const y = store.symbol('y');
    const m = store.mark();
    const t = store.call('add', [y, x]);
    expect(canonicalForm(t, { store })).toBe(store.call('add', [x, y]));
    store.release(m);
    const t2 = store.call('add', [y, x]); // a new term with the same structure
    const c2 = canonicalForm(t2, { store });
    expect(store.owns(c2)).toBe(true);
    expect(c2).toBe(store.call('add', [x, y]));
  });

  it('rejects terms of another store or released terms with a clear error', () => {
    const store = new TermStore();
    const t = store.call('add', [store.symbol('y'), store.symbol('x')]);
    expect(() => canonicalForm(t)).toThrow(/another TermStore or was released/);
    store.reset();
    expect(() => canonicalForm(t, { store })).toThrow(TypeError);
    expect(() => canonicalForm(undefined as unknown as Term)).toThrow(/expected a Term/);
  });
});

// ---- keys and hashes -------------------------------------------------------------------------

describe('structuralKey / structuralHash', () => {
  it('writes the canonical form in prefix notation', () => {
    expect(structuralKey(p('sin(y) + 2*x'))).toBe('add(mul(2,x),sin(y))');
    expect(structuralKey(p('x*0.5 + 3'), { ignoreConstants: true })).toBe('add(#,mul(#,x))');
    expect(structuralKey(p('x*0.5 + 3'))).toBe('add(3,mul(0.5,x))');
    expect(structuralKey(p('pi + 1/3 - 2.0'))).toBe('sub(add(1/3,pi()),2.0)');
    expect(structuralKey(p('1e-7 * x'))).toBe('mul(1e-7,x)');
  });

  it('keeps look-alike leaves apart', () => {
    const keys = [
      structuralKey(int(2)),
      structuralKey(float(2)),
      structuralKey(sym('2')),
      structuralKey(float(NaN)),
      structuralKey(sym('nan')),
      structuralKey(float(Infinity)),
      structuralKey(sym('inf')),
      structuralKey(PI),
      structuralKey(sym('pi')),
      structuralKey(sym('a,b')),
      structuralKey(add(sym('a'), sym('b'))),
      structuralKey(rat(1, 2)),
      structuralKey(float(0.5)),
      structuralKey(float(-0)),
      structuralKey(int(0)),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(structuralKey(sym('a b'))).toBe('"a b"');
  });

  it('is deterministic across runs (fixed values)', () => {
    expect(structuralKey(p('y*sin(x) + exp(-x)'))).toBe('add(exp(neg(x)),mul(y,sin(x)))');
    expect(structuralHash(p('x + y'))).toBe(8823436097060439);
  });

  it('hash: a non-negative safe integer, equal for equal keys', () => {
    expect(structuralHash(p('x + y'))).toBe(structuralHash(p('y + x')));
    expect(structuralHash(p('2*x'), { ignoreConstants: true })).toBe(structuralHash(p('x*3.5'), { ignoreConstants: true }));
    expect(structuralHash(p('2*x'))).not.toBe(structuralHash(p('x*3.5')));
    fc.assert(
      fc.property(termArb, (t) => {
        const h = structuralHash(t);
        expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('property: keys are equal exactly when canonical forms are (both modes)', () => {
    const pair = fc.oneof(
      fc.tuple(termArb, termArb),
      fc.tuple(termArb, fc.integer()).map(([t, s]) => [t, shuffle(t, s)] as [Term, Term]),
      fc.tuple(termArb, fc.integer()).map(([t, s]) => [t, changeConstants(shuffle(t, s), s)] as [Term, Term]),
    );
    fc.assert(
      fc.property(pair, fc.boolean(), ([a, b], ignoreConstants) => {
        const o = { ignoreConstants };
        expect(structuralKey(a, o) === structuralKey(b, o)).toBe(canonicalForm(a, o) === canonicalForm(b, o));
        if (structuralKey(a, o) === structuralKey(b, o)) expect(structuralHash(a, o)).toBe(structuralHash(b, o));
      }),
      { numRuns: 400 },
    );
  });

  it('property: with ignoreConstants, constant values never change the key', () => {
    fc.assert(
      fc.property(termArb, fc.integer(), (t, seed) => {
        expect(structuralKey(changeConstants(t, seed), { ignoreConstants: true })).toBe(structuralKey(t, { ignoreConstants: true }));
      }),
      { numRuns: 200 },
    );
  });
});

// ---- depth -----------------------------------------------------------------------------------

// Generous timeouts: building 100,000-node terms takes a while on a loaded machine (no timing assertion).
describe('deep terms (100,000 levels)', { timeout: 60_000 }, () => {
  const N = 100_000;

  it('a unary chain', () => {
    let t = sym('x');
    for (let i = 0; i < N; i++) t = sin(t);
    expect(canonicalForm(t)).toBe(t);
    const key = structuralKey(t);
    expect(key.length).toBe(N * 5 + 1);
    expect(key.startsWith('sin(sin(')).toBe(true);
  });

  it('alternating add/mul, built in two argument orders', () => {
    let a = sym('x');
    let b = sym('x');
    for (let i = 0; i < N; i++) {
      const op = i % 2 === 0 ? 'add' : 'mul';
      const v = i % 3 === 0 ? sym('y') : int(i % 7);
      a = call(op, a, v);
      b = call(op, v, b);
    }
    expect(canonicalForm(b)).toBe(canonicalForm(a));
    expect(structuralKey(a, { ignoreConstants: true })).toBe(structuralKey(b, { ignoreConstants: true }));
  });

  it('a long add chain flattens into one call, in linear time', () => {
    let a = sym('s0');
    let b = sym(`s${N}`);
    for (let i = 1; i <= N; i++) {
      a = add(a, sym(`s${i}`));
      b = add(sym(`s${N - i}`), b);
    }
    const c = canonicalForm(a);
    expect(c.op).toBe('add');
    expect(c.args.length).toBe(N + 1);
    expect(canonicalForm(b)).toBe(c);
    expect(structuralHash(a)).toBe(structuralHash(b));
  });

  it('a deep chain of binary commutative calls', () => {
    let a = sym('x');
    let b = sym('x');
    for (let i = 0; i < N; i++) {
      a = call('min', a, sym('y'));
      b = call('min', sym('y'), b);
    }
    expect(canonicalForm(a)).toBe(canonicalForm(b));
    expect(defaultStore.owns(canonicalForm(a))).toBe(true);
  });
});
