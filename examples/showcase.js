// A short tour of @symx/core: parse, print in every format, evaluate, flatten.
// Run with `pnpm demo` (builds the packages first). This becomes the symbolic-regression demo.
import {
  parse, format, toLatex, toSympy, toJSONString, evaluate, toFlat, size, depth, variables,
  toNormal, fromNormal, defaultStore,
} from '@symx/core';

const formulas = [
  'exp(-theta^2/2)/sqrt(2*pi)',                // Feynman I.6.2a
  'G*m1*m2/((x2 - x1)^2 + (y2 - y1)^2 + (z2 - z1)^2)', // I.9.18
  'q*(Ef + B*v*sin(theta))',                   // I.12.11
  'x*x + 2*x*x - 3*x^2 + 1/3 + 1/6',           // bloated: the normal form collects it
];

for (const src of formulas) {
  const t = parse(src);
  const vars = variables(t);
  const env = Object.fromEntries(vars.map((v, i) => [v, 1 + i / 4]));
  console.log(`\n${src}`);
  console.log(`  infix   ${format(t)}`);
  console.log(`  latex   ${toLatex(t)}`);
  console.log(`  sympy   ${toSympy(t)}`);
  console.log(`  normal  ${format(fromNormal(toNormal(t)))}`);
  console.log(`  size ${size(t)}, depth ${depth(t)}, variables ${vars.join(', ')}`);
  console.log(`  value at ${JSON.stringify(env)} = ${evaluate(t, env)}`);
  const flat = toFlat(t);
  console.log(`  flat: ${flat.ops.length} nodes, ${flat.consts.length} constants; json ${toJSONString(t).length} chars`);
}

// Hash-consing: the same structure is the same object, and generations are reclaimed.
const a = parse('sin(x)^2 + cos(x)^2');
console.log(`\nparse twice gives the same object: ${a === parse('sin(x)^2 + cos(x)^2')}`);
const before = defaultStore.stats().live;
defaultStore.scope(() => {
  for (let i = 0; i < 10_000; i++) parse(`x^${i} + y*${i}`);
});
console.log(`live terms before a 10,000-candidate scope: ${before}, after: ${defaultStore.stats().live}`);
