import { describe, expect, it } from 'vitest';
import type { Term } from './internal/store.js';
import { latexSymbol, toLatex } from './latex.js';
import { defineOperator } from './operators.js';
import {
  PI, abs, add, call, cos, div, exp, float, int, log, mul, neg, pow, rat, sin, sqrt, sub, sym, tan,
} from './terms.js';

const x = sym('x');
const y = sym('y');
const a = sym('a');
const b = sym('b');
defineOperator('latex_test_f', 2);
defineOperator('latex_test_c', 0);

const table: [string, Term, string][] = [
  // leaves
  ['symbol', x, 'x'],
  ['integer', int(42), '42'],
  ['negative integer', int(-7), '-7'],
  ['big integer', int(12345678901234567890n), '12345678901234567890'],
  ['rational', rat(1, 3), '\\frac{1}{3}'],
  ['negative rational', rat(-1, 3), '-\\frac{1}{3}'],
  ['float', float(1.5), '1.5'],
  ['integral float', float(2), '2.0'],
  ['negative float', float(-0.25), '-0.25'],
  ['small float', float(1.5e-3), '0.0015'],
  ['tiny float', float(1.5e-7), '1.5 \\cdot 10^{-7}'],
  ['huge float', float(2.5e21), '2.5 \\cdot 10^{21}'],
  ['power of ten float', float(1e21), '10^{21}'],
  ['negative power of ten', float(-1e-9), '-10^{-9}'],
  ['nan', float(NaN), '\\mathrm{NaN}'],
  ['inf', float(Infinity), '\\infty'],
  ['-inf', float(-Infinity), '-\\infty'],
  ['-0', float(-0), '-0.0'],
  ['pi', PI, '\\pi'],
  // sums
  ['sum', add(x, y, int(1)), 'x + y + 1'],
  ['sum with negation', add(x, neg(y)), 'x - y'],
  ['sum with negative number', add(x, int(-3)), 'x - 3'],
  ['sum with negative rational', add(x, rat(-1, 2)), 'x - \\frac{1}{2}'],
  ['sum with negative product', add(x, mul(int(-2), y)), 'x - 2 y'],
  ['sum starting negative', add(neg(x), y), '-x + y'],
  ['nested sum', add(x, add(y, a)), 'x + y + a'],
  ['sum with negated sum', add(x, neg(add(y, a))), 'x - \\left(y + a\\right)'],
  ['difference', sub(x, y), 'x - y'],
  ['difference of sums', sub(add(x, y), add(a, b)), 'x + y - \\left(a + b\\right)'],
  ['difference of difference', sub(x, sub(y, a)), 'x - \\left(y - a\\right)'],
  ['difference of negation', sub(x, neg(y)), 'x - \\left(-y\\right)'],
  ['difference of negative number', sub(x, int(-1)), 'x - \\left(-1\\right)'],
  ['difference of product', sub(x, mul(y, a)), 'x - y a'],
  // products
  ['coefficient', mul(int(2), x), '2 x'],
  ['symbols', mul(x, y, a), 'x y a'],
  ['number after symbol', mul(x, int(2)), 'x \\cdot 2'],
  ['two numbers', mul(int(2), int(3)), '2 \\cdot 3'],
  ['number and fraction', mul(int(2), rat(1, 3)), '2 \\cdot \\frac{1}{3}'],
  ['rational coefficient', mul(rat(1, 3), x), '\\frac{1}{3} x'],
  ['product of sums', mul(add(x, int(1)), sub(y, int(1))), '\\left(x + 1\\right) \\left(y - 1\\right)'],
  ['negative first factor', mul(neg(x), y), '-x y'],
  ['negative later factor', mul(x, neg(y)), 'x \\left(-y\\right)'],
  ['negative number factor', mul(x, int(-2)), 'x \\left(-2\\right)'],
  ['negative coefficient', mul(int(-2), x), '-2 x'],
  ['negated product', neg(mul(x, y)), '-x y'],
  ['product with fraction', mul(x, div(a, b)), 'x \\cdot \\frac{a}{b}'],
  ['product with power of number', mul(x, pow(int(2), y)), 'x \\cdot 2^{y}'],
  ['float coefficient', mul(float(1.5e-7), x), '1.5 \\cdot 10^{-7} x'],
  ['product with functions', mul(int(3), sin(x), exp(y)), '3 \\sin\\left(x\\right) e^{y}'],
  ['nested product', mul(x, mul(y, a)), 'x y a'],
  // fractions
  ['fraction', div(x, y), '\\frac{x}{y}'],
  ['fraction of sums', div(add(x, int(1)), sub(x, int(1))), '\\frac{x + 1}{x - 1}'],
  ['nested fraction', div(div(x, y), a), '\\frac{\\frac{x}{y}}{a}'],
  ['negated fraction', neg(div(x, y)), '-\\frac{x}{y}'],
  ['fraction in sum', add(div(x, y), int(1)), '\\frac{x}{y} + 1'],
  // powers
  ['square', pow(x, int(2)), 'x^{2}'],
  ['power of sum', pow(add(x, int(1)), int(2)), '\\left(x + 1\\right)^{2}'],
  ['power of negation', pow(neg(x), int(2)), '\\left(-x\\right)^{2}'],
  ['power of negative number', pow(int(-2), x), '\\left(-2\\right)^{x}'],
  ['power of rational', pow(rat(1, 2), x), '\\left(\\frac{1}{2}\\right)^{x}'],
  ['power of fraction', pow(div(x, y), int(3)), '\\left(\\frac{x}{y}\\right)^{3}'],
  ['power of power', pow(pow(x, y), a), '\\left(x^{y}\\right)^{a}'],
  ['power tower', pow(x, pow(y, a)), 'x^{y^{a}}'],
  ['sum exponent', pow(x, add(y, int(1))), 'x^{y + 1}'],
  ['negative exponent', pow(x, int(-1)), 'x^{-1}'],
  ['rational exponent', pow(x, rat(1, 2)), 'x^{\\frac{1}{2}}'],
  ['negated power', neg(pow(x, int(2))), '-x^{2}'],
  ['power of function', pow(sin(x), int(2)), '\\sin\\left(x\\right)^{2}'],
  ['power of float', pow(float(1.5), x), '1.5^{x}'],
  ['power of sci float', pow(float(1.5e-7), x), '\\left(1.5 \\cdot 10^{-7}\\right)^{x}'],
  ['power of exp', pow(exp(x), int(2)), '\\left(e^{x}\\right)^{2}'],
  ['power of sqrt', pow(sqrt(x), int(3)), '\\sqrt{x}^{3}'],
  ['power of abs', pow(abs(x), int(2)), '\\left|x\\right|^{2}'],
  ['power of subscripted symbol', pow(sym('x_1'), int(2)), 'x_{1}^{2}'],
  // negation
  ['negation', neg(x), '-x'],
  ['double negation', neg(neg(x)), '-\\left(-x\\right)'],
  ['negated sum', neg(add(x, y)), '-\\left(x + y\\right)'],
  ['negated number', neg(int(-3)), '-\\left(-3\\right)'],
  ['negated positive number', neg(int(3)), '-3'],
  // functions
  ['sin', sin(x), '\\sin\\left(x\\right)'],
  ['cos of sum', cos(add(x, y)), '\\cos\\left(x + y\\right)'],
  ['tan', tan(x), '\\tan\\left(x\\right)'],
  ['asin', call('asin', x), '\\arcsin\\left(x\\right)'],
  ['acos', call('acos', x), '\\arccos\\left(x\\right)'],
  ['atan', call('atan', x), '\\arctan\\left(x\\right)'],
  ['sinh', call('sinh', x), '\\sinh\\left(x\\right)'],
  ['cosh', call('cosh', x), '\\cosh\\left(x\\right)'],
  ['tanh', call('tanh', x), '\\tanh\\left(x\\right)'],
  ['exp', exp(neg(x)), 'e^{-x}'],
  ['log', log(x), '\\ln\\left(x\\right)'],
  ['sqrt', sqrt(add(x, int(1))), '\\sqrt{x + 1}'],
  ['abs', abs(sub(x, y)), '\\left|x - y\\right|'],
  ['min', call('min', x, int(0)), '\\min\\left(x, 0\\right)'],
  ['max', call('max', x, neg(y)), '\\max\\left(x, -y\\right)'],
  ['user operator', call('latex_test_f', x, y), '\\operatorname{latex\\_test\\_f}\\left(x, y\\right)'],
  ['user constant', call('latex_test_c'), '\\operatorname{latex\\_test\\_c}'],
  ['negated function', neg(sin(x)), '-\\sin\\left(x\\right)'],
  ['mixed', add(pow(sin(x), int(2)), mul(rat(1, 3), sym('theta'))), '\\sin\\left(x\\right)^{2} + \\frac{1}{3} \\theta'],
  ['quadratic formula', div(add(neg(b), sqrt(sub(pow(b, int(2)), mul(int(4), a, sym('c'))))), mul(int(2), a)),
    '\\frac{-b + \\sqrt{b^{2} - 4 a c}}{2 a}'],
];

describe('toLatex', () => {
  it.each(table)('%s', (_name, t, expected) => {
    expect(toLatex(t)).toBe(expected);
  });
});

describe('latexSymbol', () => {
  it.each([
    ['x', 'x'],
    ['X', 'X'],
    ['theta', '\\theta'],
    ['Gamma', '\\Gamma'],
    ['varphi', '\\varphi'],
    ['x1', 'x_{1}'],
    ['x12', 'x_{12}'],
    ['theta0', '\\theta_{0}'],
    ['x_1', 'x_{1}'],
    ['x_i', 'x_{i}'],
    ['theta_0', '\\theta_{0}'],
    ['v_max', 'v_{\\mathrm{max}}'],
    ['v_a_b', 'v_{\\mathrm{a\\_b}}'],
    ['mass_0', '\\mathrm{mass}_{0}'],
    ['mass', '\\mathrm{mass}'],
    ['xy1', '\\mathrm{xy1}'],
    ['Alpha', '\\mathrm{Alpha}'],
    ['_x', '\\mathrm{\\_x}'],
    ['x_', '\\mathrm{x\\_}'],
    ['1_x', '\\mathrm{1}_{x}'],
    ['a b', '\\mathrm{a\\ b}'],
    ['#$%&{}', '\\mathrm{\\#\\$\\%\\&\\{\\}}'],
    ['a\\b^c~', '\\mathrm{a\\backslash{}b\\hat{}c\\sim{}}'],
    ['θ', '\\mathrm{θ}'],
  ])('%s -> %s', (name, expected) => {
    expect(latexSymbol(name)).toBe(expected);
    expect(toLatex(sym(name))).toBe(expected);
  });
});

describe('depth safety', () => {
  it('prints a 100,000-deep term', () => {
    const n = 100_000;
    let t: Term = x;
    for (let i = 0; i < n; i++) t = sin(t);
    expect(toLatex(t)).toBe('\\sin\\left('.repeat(n) + 'x' + '\\right)'.repeat(n));
    // every parenthesization rule at depth: x, 1 - x, (1 - x)^{2}, -(1 - x)^{2}, 1 - -(...)...
    let u: Term = x;
    for (let i = 0; i < n; i++) u = i % 3 === 0 ? sub(int(1), u) : i % 3 === 1 ? pow(u, int(2)) : neg(u);
    const s = toLatex(u);
    expect(s.startsWith('1 - \\left(-\\left(1 - \\left(-')).toBe(true);
    expect(s.length).toBeGreaterThan(n * 5);
    // variadic and multi-argument calls at depth (a join per level would be quadratic)
    let v: Term = x;
    for (let i = 0; i < n; i++) v = i % 3 === 0 ? add(v, y) : i % 3 === 1 ? mul(a, v, b) : call('max', v, int(1));
    const w = toLatex(v);
    expect(w.startsWith('\\max\\left(a \\left(')).toBe(true);
    expect(w.endsWith('\\right) b, 1\\right) + y')).toBe(true);
  }, 60_000);

  it('prints a 100,000-argument sum and product', () => {
    const n = 100_000;
    const args: Term[] = [];
    for (let i = 0; i < n; i++) args.push(i % 2 === 0 ? sym(`x${i}`) : int(-i));
    const s = toLatex(add(...args));
    expect(s.startsWith('x_{0} - 1 + x_{2} - 3')).toBe(true);
    expect(s.endsWith('x_{99998} - 99999')).toBe(true);
    const p = toLatex(mul(...args));
    expect(p.startsWith('x_{0} \\left(-1\\right) x_{2}')).toBe(true);
  }, 60_000);

  it('prints a term with exponential sharing in time linear in its output', () => {
    let t: Term = add(x, int(1));
    for (let i = 0; i < 16; i++) t = mul(t, t);
    expect(toLatex(t).length).toBe(2 ** 16 * '\\left(x + 1\\right)'.length + (2 ** 16 - 1));
  });
});
