import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TermStore, type Term } from './internal/store.js';
import { JSONTermError, JSON_TREE_MAX_DEPTH, fromJSON, fromJSONString, toJSON, toJSONString } from './json.js';
import { defineOperator } from './operators.js';
import { PI, add, call, div, float, int, mul, neg, pow, rat, sin, sqrt, sub, sym } from './terms.js';

const x = sym('x');
const y = sym('y');
defineOperator('json_test_f', 3);
defineOperator('json_test_c', 0);
defineOperator('json_test_v', -1);

describe('toJSON tree form', () => {
  it.each([
    ['symbol', x, { sym: 'x' }],
    ['odd symbol', sym('a "b"\n'), { sym: 'a "b"\n' }],
    ['integer', int(-12), { int: '-12' }],
    ['big integer', int(2n ** 100n), { int: '1267650600228229401496703205376' }],
    ['rational', rat(-1, 3), { rat: ['-1', '3'] }],
    ['float', float(1.5), { float: 1.5 }],
    ['integral float', float(2), { float: 2 }],
    ['nan', float(NaN), { float: 'nan' }],
    ['inf', float(Infinity), { float: 'inf' }],
    ['-inf', float(-Infinity), { float: '-inf' }],
    ['-0', float(-0), { float: '-0' }],
    ['+0', float(0), { float: 0 }],
    ['pi', PI, { op: 'pi', args: [] }],
    ['call', sin(x), { op: 'sin', args: [{ sym: 'x' }] }],
    ['nested', add(mul(int(2), x), rat(1, 3)), {
      op: 'add',
      args: [{ op: 'mul', args: [{ int: '2' }, { sym: 'x' }] }, { rat: ['1', '3'] }],
    }],
    ['user operator', call('json_test_f', x, y, x), { op: 'json_test_f', args: [{ sym: 'x' }, { sym: 'y' }, { sym: 'x' }] }],
  ] as [string, Term, unknown][])('%s', (_name, t, expected) => {
    expect(toJSON(t)).toEqual(expected);
    expect(toJSON(t, { form: 'tree' })).toEqual(expected);
    expect(toJSONString(t)).toBe(JSON.stringify(expected));
  });

  it('writes -0 so that it survives JSON text', () => {
    expect(toJSONString(float(-0))).toBe('{"float":"-0"}');
    expect(Object.is(fromJSONString(toJSONString(float(-0))).value, -0)).toBe(true);
  });
});

describe('toJSON DAG form', () => {
  it('writes each distinct subterm once, in post-order, root last', () => {
    expect(toJSON(mul(x, x), { form: 'dag' })).toEqual({ nodes: [{ sym: 'x' }, { op: 'mul', args: [0, 0] }], root: 1 });
    expect(toJSON(add(sin(x), sin(x), y), { form: 'dag' })).toEqual({
      nodes: [{ sym: 'x' }, { op: 'sin', args: [0] }, { sym: 'y' }, { op: 'add', args: [1, 1, 2] }],
      root: 3,
    });
    expect(toJSON(x, { form: 'dag' })).toEqual({ nodes: [{ sym: 'x' }], root: 0 });
    expect(toJSONString(mul(x, x), { form: 'dag' })).toBe('{"nodes":[{"sym":"x"},{"op":"mul","args":[0,0]}],"root":1}');
  });

  it('is what auto chooses for heavy sharing', () => {
    let t: Term = x;
    for (let i = 0; i < 60; i++) t = mul(t, t);
    const j = toJSON(t) as { nodes: unknown[]; root: number };
    expect(j.nodes.length).toBe(61);
    expect(j.root).toBe(60);
    expect(fromJSON(j)).toBe(t);
    expect(toJSONString(t).length).toBeLessThan(61 * 40);
    expect(fromJSONString(toJSONString(t))).toBe(t);
  });

  it('is what auto chooses beyond the tree depth limit', () => {
    let t: Term = x;
    for (let i = 1; i < JSON_TREE_MAX_DEPTH; i++) t = sin(t);
    expect(t.depth).toBe(JSON_TREE_MAX_DEPTH);
    expect('op' in toJSON(t)).toBe(true);
    expect('nodes' in toJSON(sin(t))).toBe(true);
  });

  it('auto keeps the tree for small terms and moderate sharing', () => {
    let t: Term = x;
    for (let i = 0; i < 7; i++) t = mul(t, t); // 255 nodes, 8 distinct
    expect('op' in toJSON(t)).toBe(true);
    t = mul(t, t); // 511 nodes, 9 distinct
    expect('nodes' in toJSON(t)).toBe(true);
    const wide = add(...Array.from({ length: 1000 }, (_, i) => (i % 4 === 0 ? int(i) : x))); // 1001 nodes, 252 distinct
    expect('op' in toJSON(wide)).toBe(true);
  });

  it('forced tree form shares objects for shared subterms', () => {
    let t: Term = add(x, int(1));
    for (let i = 0; i < 60; i++) t = mul(t, t);
    const j = toJSON(t, { form: 'tree' }) as { args: unknown[] };
    expect(j.args[0]).toBe(j.args[1]);
    expect(fromJSON(j)).toBe(t); // read once per distinct object
  });

  it('rejects an unknown form', () => {
    expect(() => toJSON(x, { form: 'xml' as 'tree' })).toThrow(RangeError);
  });
});

// ---- round trips -----------------------------------------------------------------------------

const NAMES = ['x', 'y', 'theta', 'a b', '"', '\\', 'é', '😀', '\u0000', '__proto__', 'constructor'];
const termArb: fc.Arbitrary<Term> = fc.letrec<{ t: Term }>((tie) => {
  const leaf = fc.oneof(
    fc.constantFrom(...NAMES).map(sym),
    fc.string({ minLength: 1, maxLength: 4 }).map(sym),
    fc.bigInt().map(int),
    fc.tuple(fc.bigInt(), fc.bigInt({ min: 1n, max: 2n ** 70n })).map(([n, d]) => rat(n, d)),
    fc.double().map(float),
    fc.constantFrom(float(-0), float(NaN), float(Infinity), float(-Infinity), float(5e-324), float(Number.MAX_VALUE)),
    fc.constantFrom(PI, call('json_test_c')),
  );
  return {
    t: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.tuple(fc.constantFrom('neg', 'sin', 'exp', 'sqrt', 'abs', 'log'), tie('t')).map(([op, u]) => call(op, u)),
      fc.tuple(fc.constantFrom('sub', 'div', 'pow', 'min', 'max'), tie('t'), tie('t')).map(([op, u, v]) => call(op, u, v)),
      fc.tuple(fc.constantFrom('add', 'mul', 'json_test_v'), fc.array(tie('t'), { minLength: 2, maxLength: 6 })).map(([op, as]) => call(op, ...as)),
      fc.tuple(tie('t'), tie('t')).map(([u, v]) => call('json_test_f', u, v, u)),
      fc.tuple(tie('t'), fc.integer({ min: 1, max: 8 })).map(([u, k]) => {
        let s = u;
        for (let i = 0; i < k; i++) s = mul(s, add(s, int(i)));
        return s;
      }),
    ),
  };
}).t;

describe('round trips', () => {
  it('fromJSON(toJSON(t)) === t in every form, as objects and as text', () => {
    fc.assert(
      fc.property(termArb, (t) => {
        for (const form of ['auto', 'tree', 'dag'] as const) {
          if (form === 'tree' && t.size > 5_000) continue; // a forced tree is as large as the tree
          const j = toJSON(t, { form });
          expect(fromJSON(j)).toBe(t);
          const s = toJSONString(t, { form });
          expect(s).toBe(JSON.stringify(j));
          expect(fromJSONString(s)).toBe(t);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('builds into the store it is given', () => {
    fc.assert(
      fc.property(termArb, (t) => {
        const store = new TermStore();
        const u = fromJSON(toJSON(t), { store });
        expect(store.owns(u)).toBe(true);
        expect(toJSONString(u, { form: 'dag' })).toBe(toJSONString(t, { form: 'dag' }));
        expect(fromJSONString(toJSONString(u), { store })).toBe(u);
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});

describe('lenient input', () => {
  it.each([
    ['safe integer number', { int: 12 }, int(12)],
    ['-0 integer number', { int: -0 }, int(0)],
    ['rational numbers', { rat: [1, 3] }, rat(1, 3)],
    ['rational not in lowest terms', { rat: ['2', '-4'] }, rat(-1, 2)],
    ['rational that is an integer', { rat: ['6', '3'] }, int(2)],
    ['-0 float number', { float: -0 }, float(-0)],
    ['nullary call without args', { op: 'pi' }, PI],
    ['user constant without args', { op: 'json_test_c' }, call('json_test_c')],
    ['DAG with unused and duplicate nodes', { nodes: [{ sym: 'y' }, { sym: 'x' }, { sym: 'x' }, { op: 'mul', args: [1, 2] }], root: 3 }, mul(x, x)],
    ['DAG root not last', { nodes: [{ sym: 'x' }, { op: 'sin', args: [0] }], root: 0 }, x],
  ] as [string, unknown, Term][])('%s', (_name, j, t) => {
    expect(fromJSON(j)).toBe(t);
  });
});

describe('validation', () => {
  const deep = (n: number, bottom: unknown): unknown => {
    let j = bottom;
    for (let i = 0; i < n; i++) j = { op: 'sin', args: [j] };
    return j;
  };
  it.each([
    ['not an object', 42, '$', /expected a term object or a DAG .*got number 42/],
    ['null', null, '$', /got null/],
    ['array', [], '$', /got an array/],
    ['empty object', {}, '$', /needs one of the keys .*got an empty object/],
    ['no kind key', { name: 'x' }, '$', /needs one of the keys .*got keys \["name"\]/],
    ['two kind keys', { sym: 'x', int: '1' }, '$', /both "sym" and "int"/],
    ['unknown key on leaf', { sym: 'x', type: 'var' }, '$.type', /unknown key "type" in a "sym" term/],
    ['unknown key on call', { op: 'sin', args: [{ sym: 'x' }], meta: 1 }, '$.meta', /unknown key "meta" in a call/],
    ['empty symbol', { sym: '' }, '$.sym', /non-empty string, got the string ""/],
    ['symbol not a string', { sym: 1 }, '$.sym', /non-empty string, got number 1/],
    ['integer with decimals', { int: '1.5' }, '$.int', /decimal integer string.*got the string "1.5"/],
    ['integer with leading zero', { int: '012' }, '$.int', /decimal integer string/],
    ['integer with plus', { int: '+1' }, '$.int', /decimal integer string/],
    ['integer -0 string', { int: '-0' }, '$.int', /decimal integer string/],
    ['integer unsafe number', { int: 2 ** 60 }, '$.int', /decimal integer string/],
    ['integer non-integer number', { int: 1.5 }, '$.int', /got number 1.5/],
    ['rational not a pair', { rat: ['1'] }, '$.rat', /\[numerator, denominator\], got an array of length 1/],
    ['rational not an array', { rat: '1/3' }, '$.rat', /\[numerator, denominator\]/],
    ['rational bad numerator', { rat: ['x', '3'] }, '$.rat[0]', /decimal integer string/],
    ['rational bad denominator', { rat: ['1', 'three'] }, '$.rat[1]', /decimal integer string/],
    ['rational zero denominator', { rat: ['1', '0'] }, '$.rat[1]', /zero denominator/],
    ['float bad string', { float: 'NaN' }, '$.float', /"nan", "inf", "-inf", "-0", got the string "NaN"/],
    ['float as numeric string', { float: '1.5' }, '$.float', /JSON number/],
    ['float null', { float: null }, '$.float', /got null/],
    ['operator not a string', { op: 3, args: [] }, '$.op', /operator name must be a string/],
    ['unknown operator', { op: 'frob', args: [] }, '$.op', /unknown operator "frob"/],
    ['missing args', { op: 'sin' }, '$.args', /expected an array of arguments, got nothing/],
    ['args not an array', { op: 'sin', args: { sym: 'x' } }, '$.args', /expected an array of arguments, got an object/],
    ['wrong arity', { op: 'sin', args: [{ sym: 'x' }, { sym: 'y' }] }, '$.args', /'sin' takes 1 argument, got 2/],
    ['variadic with one argument', { op: 'add', args: [{ sym: 'x' }] }, '$.args', /two or more arguments, got 1/],
    ['nullary with arguments', { op: 'pi', args: [{ sym: 'x' }] }, '$.args', /'pi' takes 0 arguments, got 1/],
    ['bad argument', { op: 'add', args: [{ sym: 'x' }, 'y'] }, '$.args[1]', /expected a term object, got the string "y"/],
    ['nested bad operator', { op: 'add', args: [{ sym: 'x' }, { op: 'mul', args: [{ int: '1' }, { op: 'sine', args: [] }] }] }, '$.args[1].args[1].op', /unknown operator "sine"/],
    ['nested bad leaf', { op: 'div', args: [{ float: 1 }, { rat: ['1', '0'] }] }, '$.args[1].rat[1]', /zero denominator/],
    ['deep error', deep(100, { sym: 7 }), '$' + '.args[0]'.repeat(10) + '…(70 levels)…' + '.args[0]'.repeat(20) + '.sym', /non-empty string/],
    ['DAG unknown key', { nodes: [{ sym: 'x' }], root: 0, version: 1 }, '$.version', /unknown key "version" in a DAG/],
    ['DAG nodes not an array', { nodes: {}, root: 0 }, '$.nodes', /non-empty array of nodes, got an object/],
    ['DAG no nodes', { nodes: [], root: 0 }, '$.nodes', /non-empty array/],
    ['DAG missing root', { nodes: [{ sym: 'x' }] }, '$.root', /index of a node \(0 to 0\), got nothing/],
    ['DAG root out of range', { nodes: [{ sym: 'x' }], root: 1 }, '$.root', /index of a node \(0 to 0\), got number 1/],
    ['DAG root not an integer', { nodes: [{ sym: 'x' }], root: '0' }, '$.root', /got the string "0"/],
    ['DAG node not an object', { nodes: [{ sym: 'x' }, 3], root: 1 }, '$.nodes[1]', /expected a node object, got number 3/],
    ['DAG bad leaf', { nodes: [{ int: 'x' }], root: 0 }, '$.nodes[0].int', /decimal integer string/],
    ['DAG forward reference', { nodes: [{ sym: 'x' }, { op: 'sin', args: [2] }, { sym: 'y' }], root: 1 }, '$.nodes[1].args[0]', /earlier node \(0 to 0\), got number 2/],
    ['DAG self reference', { nodes: [{ op: 'sin', args: [0] }], root: 0 }, '$.nodes[0].args[0]', /earlier node \(0 to -1\)/],
    ['DAG inline term argument', { nodes: [{ op: 'sin', args: [{ sym: 'x' }] }], root: 0 }, '$.nodes[0].args[0]', /earlier node/],
    ['DAG wrong arity', { nodes: [{ sym: 'x' }, { op: 'pow', args: [0] }], root: 1 }, '$.nodes[1].args', /'pow' takes 2 arguments, got 1/],
    ['DAG unknown key in node', { nodes: [{ sym: 'x', id: 0 }], root: 0 }, '$.nodes[0].id', /unknown key "id"/],
  ] as [string, unknown, string, RegExp][])('%s', (_name, j, path, message) => {
    let err: unknown;
    try {
      fromJSON(j);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JSONTermError);
    const e = err as JSONTermError;
    expect(e.path).toBe(path);
    expect(e.message.startsWith(path + ': ')).toBe(true);
    expect(e.problem).toMatch(message);
  });

  it('rejects a cyclic object', () => {
    const j: { op: string; args: unknown[] } = { op: 'add', args: [{ sym: 'x' }] };
    j.args.push(j);
    expect(() => fromJSON(j)).toThrow(/^\$\.args\[1\]: the object contains itself/);
  });

  it('turns invalid JSON text into a JSONTermError', () => {
    expect(() => fromJSONString('{"sym": "x"')).toThrow(JSONTermError);
    expect(() => fromJSONString('{"sym": "x"')).toThrow(/^\$: invalid JSON/);
    expect(() => fromJSONString('{"op":"sin","args":[]}')).toThrow(/^\$\.args: 'sin' takes 1 argument, got 0$/);
  });

  it('names JSONTermError', () => {
    expect(new JSONTermError('$', 'x').name).toBe('JSONTermError');
  });
});

describe('depth safety', () => {
  const n = 100_000;
  let deepTerm: Term = x;
  for (let i = 0; i < n; i++) deepTerm = i % 3 === 0 ? sin(deepTerm) : i % 3 === 1 ? sub(deepTerm, int(i)) : neg(deepTerm);

  it('writes and reads a 100,000-deep term in every form', () => {
    // (=== rather than toBe: a failure report would pretty-print a 100,000-deep term)
    const dag = toJSON(deepTerm) as { nodes: unknown[] };
    expect(dag.nodes.length).toBe(n + 1 + Math.floor((n + 1) / 3));
    expect(fromJSON(dag) === deepTerm).toBe(true);
    const tree = toJSON(deepTerm, { form: 'tree' });
    expect(fromJSON(tree) === deepTerm).toBe(true);
    const text = toJSONString(deepTerm, { form: 'tree' });
    expect(text.startsWith('{"op":"sin","args":[{"op":"neg","args":[{"op":"sub","args":[{"op":"sin"')).toBe(true);
    expect(text.includes('{"op":"neg","args":[{"op":"sub","args":[{"op":"sin","args":[{"sym":"x"}]},{"int":"1"}]}]}]}')).toBe(true);
    expect(fromJSONString(text) === deepTerm).toBe(true);
    expect(fromJSONString(toJSONString(deepTerm)) === deepTerm).toBe(true);
  }, 60_000);

  it('reads a 100,000-deep tree written by someone else', () => {
    const text = '{"op":"sqrt","args":['.repeat(n) + '{"sym":"x"}' + ']}'.repeat(n);
    let t: Term = x;
    for (let i = 0; i < n; i++) t = sqrt(t);
    expect(fromJSONString(text) === t).toBe(true);
  }, 60_000);

  it('writes and reads a 100,000-argument call', () => {
    const args: Term[] = [];
    for (let i = 0; i < n; i++) args.push(i % 2 === 0 ? sym(`v${i}`) : float(i + 0.5));
    const t = add(...args);
    for (const form of ['auto', 'tree', 'dag'] as const) {
      expect(fromJSON(toJSON(t, { form })) === t).toBe(true);
      expect(fromJSONString(toJSONString(t, { form })) === t).toBe(true);
    }
  }, 60_000);

  it('mixes depth and sharing', () => {
    let t: Term = x;
    for (let i = 0; i < 1000; i++) t = i % 10 === 0 ? mul(t, t) : add(t, pow(y, int(i)), div(t, y));
    expect(fromJSONString(toJSONString(t)) === t).toBe(true);
    expect(fromJSON(toJSON(t, { form: 'tree' })) === t).toBe(true);
  });
});
