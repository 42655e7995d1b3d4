import { describe, expect, it } from 'vitest';
import { dagSize, depth, operatorCost, postOrder, size, subterms, variables } from './measures.js';
import { defineOperator } from './operators.js';
import { PI, add, call, cos, div, float, int, mul, pow, rat, sin, sym } from './terms.js';

const x = sym('x');
const y = sym('y');

describe('size and depth', () => {
  it('count the tree and its longest path', () => {
    expect(size(x)).toBe(1);
    expect(depth(x)).toBe(1);
    const t = add(mul(x, x), int(1)); // add, mul, x, x, 1
    expect(size(t)).toBe(5);
    expect(depth(t)).toBe(3);
    expect(size(PI)).toBe(1);
  });

  it('count shared subterms once per occurrence', () => {
    let t = x;
    for (let i = 0; i < 60; i++) t = mul(t, t);
    expect(size(t)).toBe(2 ** 61 - 1);
    expect(depth(t)).toBe(61);
    expect(dagSize(t)).toBe(61);
  });
});

describe('subterms and postOrder', () => {
  it('visit distinct subterms children first, left to right, root last', () => {
    const s = sin(x);
    const t = add(mul(s, y), s, int(2));
    const expected = [x, s, y, mul(s, y), int(2), t];
    expect(postOrder(t)).toEqual(expected);
    expect([...subterms(t)]).toEqual(expected);
    for (const list of [postOrder(t), [...subterms(t)]]) {
      const seen = new Set();
      for (const u of list) {
        for (const a of u.args) expect(seen.has(a)).toBe(true);
        seen.add(u);
      }
    }
  });

  it('yield a leaf alone', () => {
    expect([...subterms(x)]).toEqual([x]);
    expect(postOrder(int(3))).toEqual([int(3)]);
  });

  it('are lazy', () => {
    const it = subterms(add(x, y));
    expect(it.next().value).toBe(x);
  });
});

describe('dagSize', () => {
  it('counts distinct subterms', () => {
    expect(dagSize(x)).toBe(1);
    expect(dagSize(add(mul(x, x), x))).toBe(3);
    expect(dagSize(add(int(1), float(1), rat(1, 2)))).toBe(4); // exact 1 and float 1 differ
  });
});

describe('variables', () => {
  it('lists symbol names sorted and unique', () => {
    expect(variables(int(1))).toEqual([]);
    expect(variables(x)).toEqual(['x']);
    expect(variables(add(mul(y, x), sin(x), PI))).toEqual(['x', 'y']);
    expect(variables(add(sym('x2'), sym('x10'), sym('B'), sym('a')))).toEqual(['B', 'a', 'x10', 'x2']);
  });
});

describe('operatorCost', () => {
  it('sums operator costs over the tree, leaves 1', () => {
    expect(operatorCost(x)).toBe(1);
    expect(operatorCost(PI)).toBe(1);
    expect(operatorCost(add(mul(x, x), int(1)))).toBe(1 + 3 + 3);
    expect(operatorCost(sin(div(x, y)))).toBe(134 + 24 + 2);
    expect(operatorCost(pow(cos(x), int(2)))).toBe(100 + 134 + 1 + 1);
    // a variadic node counts once
    expect(operatorCost(add(x, x, x, x))).toBe(1 + 4);
  });

  it('uses the cost of user-defined operators', () => {
    defineOperator('measures_test_op', 2, 7);
    expect(operatorCost(call('measures_test_op', x, y))).toBe(9);
  });

  it('counts shared subterms with multiplicity in linear time', () => {
    let t = x;
    for (let i = 0; i < 40; i++) t = mul(t, t);
    // 2^40 - 1 mul nodes and 2^40 leaves
    expect(operatorCost(t)).toBe(3 * (2 ** 40 - 1) + 2 ** 40);
  });
});

describe('depth safety', () => {
  it('handles a 100,000-deep term', () => {
    const n = 100_000;
    let t = x;
    for (let i = 0; i < n; i++) t = i % 2 === 0 ? sin(t) : add(t, int(i));
    expect(depth(t)).toBe(n + 1);
    expect(size(t)).toBe(n + 1 + n / 2);
    expect(dagSize(t)).toBe(n + 1 + n / 2);
    expect(variables(t)).toEqual(['x']);
    expect(operatorCost(t)).toBe((n / 2) * 134 + (n / 2) * 1 + 1 + n / 2);
    expect(postOrder(t).length).toBe(n + 1 + n / 2);
    let count = 0;
    for (const _ of subterms(t)) count++;
    expect(count).toBe(n + 1 + n / 2);
  }, 60_000);

  it('handles a 100,000-argument sum', () => {
    const n = 100_000;
    const args = [];
    for (let i = 0; i < n; i++) args.push(i % 2 === 0 ? sym(`v${i}`) : int(i));
    const t = add(...args);
    expect(size(t)).toBe(n + 1);
    expect(depth(t)).toBe(2);
    expect(dagSize(t)).toBe(n + 1);
    expect(variables(t).length).toBe(n / 2);
    expect(operatorCost(t)).toBe(n + 1);
    expect(postOrder(t)[n] === t).toBe(true);
  }, 60_000);
});
