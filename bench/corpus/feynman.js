/**
 * Physics formulas of the Feynman Lectures as used by symbolic-regression benchmarks: the 100
 * equations of AI Feynman (Udrescu & Tegmark 2020, `FeynmanEquations.csv`) and its 20 bonus
 * equations (`BonusEquations.csv`), written in symx infix syntax. See README.md for sources and
 * for how the sampling ranges relate to SRSD (Matsubara et al. 2022).
 *
 * Syntax: `+ - * / ^`, unary minus, `sqrt exp log sin cos tanh asin acos`, `pi`; `log` is the
 * natural logarithm (the CSV's `ln`), `asin`/`acos` are its `arcsin`/`arccos`. `h/(2*pi)` is
 * written out where the original uses hbar. The same source text is read by `mathjs.parse`, so it
 * avoids implicit multiplication and names that are functions in either library.
 *
 * Each variable has a sampling distribution; `U(lo, hi)` is uniform on [lo, hi]. The ranges are
 * those of AI Feynman (chosen so that every formula is real and finite on its whole domain; the
 * bench checks this at every sampled point).
 */

/**
 * @typedef {object} Distribution
 * @property {'U'} dist   uniform
 * @property {number} lo
 * @property {number} hi
 */

/**
 * @typedef {object} CorpusFormula
 * @property {string} id        equation number in the Feynman Lectures (or the bonus source)
 * @property {'feynman' | 'bonus'} set   AI Feynman's main set or its bonus set
 * @property {string} output    name of the target variable in the dataset
 * @property {string} formula   symx infix source
 * @property {Record<string, Distribution>} vars   every variable of `formula`, with its range
 */

/**
 * Uniform distribution on [lo, hi].
 *
 * @param {number} lo
 * @param {number} hi
 * @returns {Distribution}
 */
const U = (lo, hi) => ({ dist: 'U', lo, hi });

/**
 * Shorthand: the same distribution for several variables.
 *
 * @param {string} names   space-separated variable names
 * @param {Distribution} d
 * @returns {Record<string, Distribution>}
 */
const all = (names, d) => Object.fromEntries(names.split(' ').map((n) => [n, d]));

/** @type {(id: string, output: string, formula: string, vars: Record<string, Distribution>) => CorpusFormula} */
const F = (id, output, formula, vars) => ({ id, set: 'feynman', output, formula, vars });
/** @type {(id: string, output: string, formula: string, vars: Record<string, Distribution>) => CorpusFormula} */
const B = (id, output, formula, vars) => ({ id, set: 'bonus', output, formula, vars });

/** The corpus: 100 AI Feynman equations followed by its 20 bonus equations. @type {readonly CorpusFormula[]} */
export const feynman = Object.freeze([
  // ---- Volume I: mechanics, radiation, heat ----
  F('I.6.2a', 'f', 'exp(-theta^2/2)/sqrt(2*pi)', all('theta', U(1, 3))),
  F('I.6.2', 'f', 'exp(-(theta/sigma)^2/2)/(sqrt(2*pi)*sigma)', all('sigma theta', U(1, 3))),
  F('I.6.2b', 'f', 'exp(-((theta-theta1)/sigma)^2/2)/(sqrt(2*pi)*sigma)', all('sigma theta theta1', U(1, 3))),
  F('I.8.14', 'd', 'sqrt((x2-x1)^2+(y2-y1)^2)', all('x1 x2 y1 y2', U(1, 5))),
  F('I.9.18', 'F', 'G*m1*m2/((x2-x1)^2+(y2-y1)^2+(z2-z1)^2)', {
    ...all('m1 m2 G x2 y2 z2', U(1, 2)),
    ...all('x1 y1 z1', U(3, 4)),
  }),
  F('I.10.7', 'm', 'm_0/sqrt(1-v^2/c^2)', { m_0: U(1, 5), v: U(1, 2), c: U(3, 10) }),
  F('I.11.19', 'A', 'x1*y1+x2*y2+x3*y3', all('x1 x2 x3 y1 y2 y3', U(1, 5))),
  F('I.12.1', 'F', 'mu*Nn', all('mu Nn', U(1, 5))),
  F('I.12.2', 'F', 'q1*q2*r/(4*pi*epsilon*r^3)', all('q1 q2 epsilon r', U(1, 5))),
  F('I.12.4', 'Ef', 'q1*r/(4*pi*epsilon*r^3)', all('q1 epsilon r', U(1, 5))),
  F('I.12.5', 'F', 'q2*Ef', all('q2 Ef', U(1, 5))),
  F('I.12.11', 'F', 'q*(Ef+B*v*sin(theta))', all('q Ef B v theta', U(1, 5))),
  F('I.13.4', 'K', '1/2*m*(v^2+u^2+w^2)', all('m v u w', U(1, 5))),
  F('I.13.12', 'U', 'G*m1*m2*(1/r2-1/r1)', all('m1 m2 r1 r2 G', U(1, 5))),
  F('I.14.3', 'U', 'm*g*z', all('m g z', U(1, 5))),
  F('I.14.4', 'U', '1/2*k_spring*x^2', all('k_spring x', U(1, 5))),
  F('I.15.3x', 'x1', '(x-u*t)/sqrt(1-u^2/c^2)', { x: U(5, 10), u: U(1, 2), c: U(3, 20), t: U(1, 2) }),
  F('I.15.3t', 't1', '(t-u*x/c^2)/sqrt(1-u^2/c^2)', { x: U(1, 5), c: U(3, 10), u: U(1, 2), t: U(1, 5) }),
  F('I.15.10', 'p', 'm_0*v/sqrt(1-v^2/c^2)', { m_0: U(1, 5), v: U(1, 2), c: U(3, 10) }),
  F('I.16.6', 'v1', '(u+v)/(1+u*v/c^2)', all('c v u', U(1, 5))),
  F('I.18.4', 'r', '(m1*r1+m2*r2)/(m1+m2)', all('m1 m2 r1 r2', U(1, 5))),
  F('I.18.12', 'tau', 'r*F*sin(theta)', all('r F theta', U(1, 5))),
  F('I.18.16', 'L', 'm*r*v*sin(theta)', all('m r v theta', U(1, 5))),
  F('I.24.6', 'E_n', '1/2*m*(omega^2+omega_0^2)*1/2*x^2', all('m omega omega_0 x', U(1, 3))),
  F('I.25.13', 'Volt', 'q/C', all('q C', U(1, 5))),
  F('I.26.2', 'theta1', 'asin(n*sin(theta2))', { n: U(0, 1), theta2: U(1, 5) }),
  F('I.27.6', 'foc', '1/(1/d1+n/d2)', all('d1 d2 n', U(1, 5))),
  F('I.29.4', 'k', 'omega/c', all('omega c', U(1, 10))),
  F('I.29.16', 'x', 'sqrt(x1^2+x2^2-2*x1*x2*cos(theta1-theta2))', all('x1 x2 theta1 theta2', U(1, 5))),
  F('I.30.3', 'Int', 'Int_0*sin(n*theta/2)^2/sin(theta/2)^2', all('Int_0 theta n', U(1, 5))),
  F('I.30.5', 'theta', 'asin(lambd/(n*d))', { lambd: U(1, 2), d: U(2, 5), n: U(1, 5) }),
  F('I.32.5', 'Pwr', 'q^2*a^2/(6*pi*epsilon*c^3)', all('q a epsilon c', U(1, 5))),
  F('I.32.17', 'Pwr', '(1/2*epsilon*c*Ef^2)*(8*pi*r^2/3)*(omega^4/(omega^2-omega_0^2)^2)', {
    ...all('epsilon c Ef r omega', U(1, 2)),
    omega_0: U(3, 5),
  }),
  F('I.34.8', 'omega', 'q*v*B/p', all('q v B p', U(1, 5))),
  F('I.34.1', 'omega', 'omega_0/(1-v/c)', { c: U(3, 10), v: U(1, 2), omega_0: U(1, 5) }),
  F('I.34.14', 'omega', '(1+v/c)/sqrt(1-v^2/c^2)*omega_0', { c: U(3, 10), v: U(1, 2), omega_0: U(1, 5) }),
  F('I.34.27', 'E_n', '(h/(2*pi))*omega', all('omega h', U(1, 5))),
  F('I.37.4', 'Int', 'I1+I2+2*sqrt(I1*I2)*cos(delta)', all('I1 I2 delta', U(1, 5))),
  F('I.38.12', 'r', '4*pi*epsilon*(h/(2*pi))^2/(m*q^2)', all('m q h epsilon', U(1, 5))),
  F('I.39.10', 'E_n', '3/2*pr*V', all('pr V', U(1, 5))),
  F('I.39.11', 'E_n', '1/(gamma-1)*pr*V', { gamma: U(2, 5), pr: U(1, 5), V: U(1, 5) }),
  F('I.39.22', 'pr', 'n*kb*T/V', all('n T V kb', U(1, 5))),
  F('I.40.1', 'n', 'n_0*exp(-m*g*x/(kb*T))', all('n_0 m x T g kb', U(1, 5))),
  F('I.41.16', 'L_rad', 'h/(2*pi)*omega^3/(pi^2*c^2*(exp((h/(2*pi))*omega/(kb*T))-1))', all('omega T h kb c', U(1, 5))),
  F('I.43.16', 'v', 'mu_drift*q*Volt/d', all('mu_drift q Volt d', U(1, 5))),
  F('I.43.31', 'D', 'mob*kb*T', all('mob T kb', U(1, 5))),
  F('I.43.43', 'kappa', '1/(gamma-1)*kb*v/A', { gamma: U(2, 5), kb: U(1, 5), A: U(1, 5), v: U(1, 5) }),
  F('I.44.4', 'E_n', 'n*kb*T*log(V2/V1)', all('n kb T V1 V2', U(1, 5))),
  F('I.47.23', 'c', 'sqrt(gamma*pr/rho)', all('gamma pr rho', U(1, 5))),
  F('I.48.2', 'E_n', 'm*c^2/sqrt(1-v^2/c^2)', { m: U(1, 5), v: U(1, 2), c: U(3, 10) }),
  F('I.50.26', 'x', 'x1*(cos(omega*t)+alpha*cos(omega*t)^2)', all('x1 omega t alpha', U(1, 3))),

  // ---- Volume II: electromagnetism, matter ----
  F('II.2.42', 'Pwr', 'kappa*(T2-T1)*A/d', all('kappa T1 T2 A d', U(1, 5))),
  F('II.3.24', 'flux', 'Pwr/(4*pi*r^2)', all('Pwr r', U(1, 5))),
  F('II.4.23', 'Volt', 'q/(4*pi*epsilon*r)', all('q epsilon r', U(1, 5))),
  F('II.6.11', 'Volt', '1/(4*pi*epsilon)*p_d*cos(theta)/r^2', all('epsilon p_d theta r', U(1, 3))),
  F('II.6.15a', 'Ef', 'p_d/(4*pi*epsilon)*3*z/r^5*sqrt(x^2+y^2)', all('epsilon p_d r x y z', U(1, 3))),
  F('II.6.15b', 'Ef', 'p_d/(4*pi*epsilon)*3*cos(theta)*sin(theta)/r^3', all('epsilon p_d theta r', U(1, 3))),
  F('II.8.7', 'E_n', '3/5*q^2/(4*pi*epsilon*d)', all('q epsilon d', U(1, 5))),
  F('II.8.31', 'E_den', 'epsilon*Ef^2/2', all('epsilon Ef', U(1, 5))),
  F('II.10.9', 'Ef', 'sigma_den/epsilon*1/(1+chi)', all('sigma_den epsilon chi', U(1, 5))),
  F('II.11.3', 'x', 'q*Ef/(m*(omega_0^2-omega^2))', { ...all('q Ef m', U(1, 3)), omega_0: U(3, 5), omega: U(1, 2) }),
  F('II.11.17', 'n', 'n_0*(1+p_d*Ef*cos(theta)/(kb*T))', all('n_0 kb T theta p_d Ef', U(1, 3))),
  F('II.11.20', 'Pol', 'n_rho*p_d^2*Ef/(3*kb*T)', all('n_rho p_d Ef kb T', U(1, 5))),
  F('II.11.27', 'Pol', 'n*alpha/(1-(n*alpha/3))*epsilon*Ef', { ...all('n alpha', U(0, 1)), ...all('epsilon Ef', U(1, 2)) }),
  F('II.11.28', 'theta', '1+n*alpha/(1-(n*alpha/3))', all('n alpha', U(0, 1))),
  F('II.13.17', 'B', '1/(4*pi*epsilon*c^2)*2*I/r', all('epsilon c I r', U(1, 5))),
  F('II.13.23', 'rho_c', 'rho_c_0/sqrt(1-v^2/c^2)', { rho_c_0: U(1, 5), v: U(1, 2), c: U(3, 10) }),
  F('II.13.34', 'j', 'rho_c_0*v/sqrt(1-v^2/c^2)', { rho_c_0: U(1, 5), v: U(1, 2), c: U(3, 10) }),
  F('II.15.4', 'E_n', '-mom*B*cos(theta)', all('mom B theta', U(1, 5))),
  F('II.15.5', 'E_n', '-p_d*Ef*cos(theta)', all('p_d Ef theta', U(1, 5))),
  F('II.21.32', 'Volt', 'q/(4*pi*epsilon*r*(1-v/c))', { ...all('q epsilon r', U(1, 5)), v: U(1, 2), c: U(3, 10) }),
  F('II.24.17', 'k', 'sqrt(omega^2/c^2-pi^2/d^2)', { omega: U(4, 6), c: U(1, 2), d: U(2, 4) }),
  F('II.27.16', 'flux', 'epsilon*c*Ef^2', all('epsilon c Ef', U(1, 5))),
  F('II.27.18', 'E_den', 'epsilon*Ef^2', all('epsilon Ef', U(1, 5))),
  F('II.34.2a', 'I', 'q*v/(2*pi*r)', all('q v r', U(1, 5))),
  F('II.34.2', 'mom', 'q*v*r/2', all('q v r', U(1, 5))),
  F('II.34.11', 'omega', 'g_*q*B/(2*m)', all('g_ q B m', U(1, 5))),
  F('II.34.29a', 'mom', 'q*h/(4*pi*m)', all('q h m', U(1, 5))),
  F('II.34.29b', 'E_n', 'g_*mom*B*Jz/(h/(2*pi))', all('g_ h Jz mom B', U(1, 5))),
  F('II.35.18', 'n', 'n_0/(exp(mom*B/(kb*T))+exp(-mom*B/(kb*T)))', all('n_0 kb T mom B', U(1, 3))),
  F('II.35.21', 'M', 'n_rho*mom*tanh(mom*B/(kb*T))', all('n_rho mom B kb T', U(1, 5))),
  F('II.36.38', 'f', 'mom*H/(kb*T)+(mom*alpha)/(epsilon*c^2*kb*T)*M', all('mom H kb T alpha epsilon c M', U(1, 3))),
  F('II.37.1', 'E_n', 'mom*(1+chi)*B', all('mom B chi', U(1, 5))),
  F('II.38.3', 'F', 'Y*A*x/d', all('Y A d x', U(1, 5))),
  F('II.38.14', 'mu_S', 'Y/(2*(1+sigma))', all('Y sigma', U(1, 5))),

  // ---- Volume III: quantum mechanics ----
  F('III.4.32', 'n', '1/(exp((h/(2*pi))*omega/(kb*T))-1)', all('h omega kb T', U(1, 5))),
  F('III.4.33', 'E_n', '(h/(2*pi))*omega/(exp((h/(2*pi))*omega/(kb*T))-1)', all('h omega kb T', U(1, 5))),
  F('III.7.38', 'omega', '2*mom*B/(h/(2*pi))', all('mom B h', U(1, 5))),
  F('III.8.54', 'prob', 'sin(E_n*t/(h/(2*pi)))^2', all('E_n t h', U(1, 2))),
  F('III.9.52', 'prob', '(p_d*Ef*t/(h/(2*pi)))*sin((omega-omega_0)*t/2)^2/((omega-omega_0)*t/2)^2', {
    ...all('p_d Ef t h', U(1, 3)),
    ...all('omega omega_0', U(1, 5)),
  }),
  F('III.10.19', 'E_n', 'mom*sqrt(Bx^2+By^2+Bz^2)', all('mom Bx By Bz', U(1, 5))),
  F('III.12.43', 'L', 'n*(h/(2*pi))', all('n h', U(1, 5))),
  F('III.13.18', 'v', '2*E_n*d^2*k/(h/(2*pi))', all('E_n d k h', U(1, 5))),
  F('III.14.14', 'I', 'I_0*(exp(q*Volt/(kb*T))-1)', all('I_0 q Volt kb T', U(1, 2))),
  F('III.15.12', 'E_n', '2*U*(1-cos(k*d))', all('U k d', U(1, 5))),
  F('III.15.14', 'm', '(h/(2*pi))^2/(2*E_n*d^2)', all('h E_n d', U(1, 5))),
  F('III.15.27', 'k', '2*pi*alpha/(n*d)', all('alpha n d', U(1, 5))),
  F('III.17.37', 'f', 'beta*(1+alpha*cos(theta))', all('beta alpha theta', U(1, 5))),
  F('III.19.51', 'E_n', '-m*q^4/(2*(4*pi*epsilon)^2*(h/(2*pi))^2)*(1/n^2)', all('m q h n epsilon', U(1, 5))),
  F('III.21.20', 'j', '-rho_c_0*q*A_vec/m', all('rho_c_0 q A_vec m', U(1, 5))),

  // ---- Bonus equations (textbooks other than the Feynman Lectures) ----
  B('Rutherford scattering', 'A', '(Z_1*Z_2*alpha*hbar*c/(4*E_n*sin(theta/2)^2))^2', {
    ...all('Z_1 Z_2 alpha hbar c', U(1, 2)),
    ...all('E_n theta', U(1, 3)),
  }),
  B('Friedman equation', 'H_G', 'sqrt(8*pi*G/3*rho-alpha*c^2/d^2)', { ...all('G rho d', U(1, 3)), ...all('alpha c', U(1, 2)) }),
  B('Compton scattering', 'K', 'E_n/(1+E_n/(m*c^2)*(1-cos(theta)))', all('E_n m c theta', U(1, 3))),
  B('Gravitational wave power', 'Pwr', '-32/5*G^4/c^5*(m1*m2)^2*(m1+m2)/r^5', all('G c m1 m2 r', U(1, 2))),
  B('Relativistic aberration', 'theta1', 'acos((cos(theta2)-v/c)/(1-v/c*cos(theta2)))', {
    c: U(4, 6),
    v: U(1, 3),
    theta2: U(1, 3),
  }),
  B('N-slit diffraction', 'I', 'I_0*(sin(alpha/2)*sin(n*delta/2)/(alpha/2*sin(delta/2)))^2', {
    ...all('I_0 alpha delta', U(1, 3)),
    n: U(1, 4),
  }),
  B('Goldstein 3.16', 'v', 'sqrt(2/m*(E_n-U-L^2/(2*m*r^2)))', { m: U(1, 3), E_n: U(8, 12), ...all('U L r', U(1, 3)) }),
  B('Goldstein 3.55', 'k', 'm*k_G/L^2*(1+sqrt(1+2*E_n*L^2/(m*k_G^2))*cos(theta1-theta2))', {
    ...all('m k_G L E_n', U(1, 3)),
    ...all('theta1 theta2', U(0, 6)),
  }),
  B('Goldstein 3.64', 'r', 'd*(1-alpha^2)/(1+alpha*cos(theta1-theta2))', {
    d: U(1, 3),
    alpha: U(2, 4),
    ...all('theta1 theta2', U(4, 5)),
  }),
  B('Goldstein 3.74', 't', '2*pi*d^(3/2)/sqrt(G*(m1+m2))', all('d G m1 m2', U(1, 3))),
  B('Goldstein 3.99', 'alpha', 'sqrt(1+2*epsilon^2*E_n*L^2/(m*(Z_1*Z_2*q^2)^2))', all('epsilon L m Z_1 Z_2 q E_n', U(1, 3))),
  B('Goldstein 8.56', 'E_n', 'sqrt((p-q*A_vec)^2*c^2+m^2*c^4)+q*Volt', all('q A_vec p c m Volt', U(1, 3))),
  B('Goldstein 12.80', 'E_n', '1/(2*m)*(p^2+m^2*omega^2*x^2*(1+alpha*x/y))', all('m p omega x alpha y', U(1, 3))),
  B('Jackson 2.11', 'F', 'q/(4*pi*epsilon*y^2)*(4*pi*epsilon*Volt*d-q*d*y^3/(y^2-d^2)^2)', {
    ...all('q epsilon Volt d', U(1, 3)),
    y: U(4, 6),
  }),
  B('Jackson 3.45', 'Volt', 'q/(r^2+d^2-2*d*r*cos(alpha))^(1/2)', all('q r d alpha', U(1, 3))),
  B('Jackson 4.60', 'Volt', 'Ef*cos(theta)*((alpha-1)/(alpha+2)*d^3/r^2-r)', all('Ef theta alpha d r', U(1, 3))),
  B('Jackson 11.38', 'omega_0', 'sqrt(1-v^2/c^2)*omega/(1+v/c*cos(theta))', { c: U(5, 20), ...all('v omega theta', U(1, 3)) }),
  B('Weinberg 15.2.1', 'rho_0', '3/(8*pi*G)*(c^2*k_f/r^2+H_G^2)', all('G k_f r H_G c', U(1, 3))),
  B('Weinberg 15.2.2', 'pr', '-1/(8*pi*G)*(c^4*k_f/r^2+H_G^2*c^2*(1-2*alpha))', all('G k_f r H_G alpha c', U(1, 3))),
  B(
    'Schwarz 13.132',
    'A',
    '1/(4*pi)*alpha^2*h^2/(m^2*c^2)*(omega_0/omega)^2*(omega_0/omega+omega/omega_0-sin(beta)^2)',
    all('m c h omega omega_0 alpha beta', U(1, 3)),
  ),
]);

/**
 * `count` points drawn for `f` from its distributions, each an object from variable name to value.
 *
 * @param {CorpusFormula} f
 * @param {number} count
 * @param {{ uniform: (lo: number, hi: number) => number }} rng   e.g. `mulberry32(seed)` from lib/prng.js
 * @returns {Record<string, number>[]}
 * @example
 * samplePoints(feynman[0], 3, mulberry32(1)); // [{ theta: 2.3… }, { theta: 1.1… }, { theta: 2.9… }]
 */
export function samplePoints(f, count, rng) {
  const names = Object.keys(f.vars);
  const points = [];
  for (let i = 0; i < count; i++) {
    /** @type {Record<string, number>} */
    const p = {};
    for (const n of names) p[n] = rng.uniform(f.vars[n].lo, f.vars[n].hi);
    points.push(p);
  }
  return points;
}
