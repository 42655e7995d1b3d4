/**
 * Runs each engine once on a small expression. Some build terms lazily on first use (rule
 * forms, cached constants); the server then takes its reclamation watermark, so that those
 * terms predate it and are never released.
 */
import { derivative, expand, parse, simplify } from '@symx/core';
import { simplify as egraphSimplify } from '@symx/egraph';

let done = false;

export function warmUp(): void {
  if (done) return;
  done = true;
  const t = parse('x*y/(x*y) + sin(x)^2 + cos(x)^2 + log(exp(x)) + sqrt(x^2) + tan(x) - (x + 1)^2');
  simplify(t);
  simplify(derivative(t, 'x'));
  expand(t);
  egraphSimplify(parse('(x + 0)*(2 - 1) + x*x/x'));
}
