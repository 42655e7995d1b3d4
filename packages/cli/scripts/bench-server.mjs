// Measures what a GP framework pays per candidate when it scores populations through
// `symx serve`: 500 fresh candidates of ~10 nodes, one loss (MSE) each, on 1,000 rows, one
// request per population, timed from the client: JSON encoding, the pipe both ways, parsing
// the expressions, evaluation, and decoding the reply.
//
//   node packages/cli/scripts/bench-server.mjs [--rounds 40] [--candidates 500] [--rows 1000]
//
// The server runs from the sources (test-support/ts-hooks.mjs), as in the tests. A second pass
// runs the same requests in-process (Server.handle) and times the parts: parsing the
// expressions, the population loss itself, and the rest (JSON and bookkeeping); the difference
// with the first pass is the transport.
import { spawn } from 'node:child_process';
import { register } from 'node:module';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('rounds', 40);
const CANDIDATES = arg('candidates', 500);
const ROWS = arg('rows', 1000);

// A deterministic generator (xorshift32), so every run sends the same requests.
let seed = 0x2545f491;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};

const BINARY = ['add', 'sub', 'mul'];
const UNARY = ['sin', 'cos'];
/** A random GP tree of exactly `nodes` nodes (calls syntax, Python repr constants). */
function tree(nodes, ops) {
  if (nodes <= 1) return random() < 0.6 ? (random() < 0.5 ? 'x0' : 'x1') : String(Math.round((random() * 4 - 2) * 1e4) / 1e4 + 1e-9);
  if (nodes === 2 || random() < 0.2) return `${ops.unary[Math.floor(random() * ops.unary.length)]}(${tree(nodes - 1, ops)})`;
  const left = 1 + Math.floor(random() * (nodes - 2));
  return `${ops.binary[Math.floor(random() * ops.binary.length)]}(${tree(left, ops)}, ${tree(nodes - 1 - left, ops)})`;
}

const server = spawn(process.execPath, ['--conditions=source', '--import', join(cli, 'test-support', 'register.mjs'), join(cli, 'src', 'main.ts'), 'serve'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const replies = createInterface({ input: server.stdout });
const waiting = [];
replies.on('line', (line) => waiting.shift()(line));
let id = 0;
function request(method, params) {
  return new Promise((resolve) => {
    waiting.push((line) => {
      const r = JSON.parse(line);
      if (r.error) throw new Error(JSON.stringify(r.error));
      resolve(r.result);
    });
    server.stdin.write(JSON.stringify({ id: ++id, method, params }) + '\n');
  });
}

const x0 = Array.from({ length: ROWS }, () => random() * 4 - 2);
const x1 = Array.from({ length: ROWS }, () => random() * 4 - 2);
const y = x0.map((a, i) => a * a + Math.sin(x1[i]));
await request('load_dataset', { name: 'train', columns: { x0, x1, y }, target: 'y' });

const stats = (times) => {
  times.sort((a, b) => a - b);
  return `median ${times[times.length >> 1].toFixed(2)} µs, min ${times[0].toFixed(2)} µs`;
};

// In-process: the same server code, no pipe.
register(pathToFileURL(join(cli, 'test-support', 'ts-hooks.mjs')));
const { Server } = await import(pathToFileURL(join(cli, 'src', 'server', 'server.ts')).href);
const { parseCalls } = await import(pathToFileURL(join(cli, 'src', 'server', 'callsSyntax.ts')).href);
const { Vocabulary } = await import(pathToFileURL(join(cli, 'src', 'server', 'vocabulary.ts')).href);
const { createDataset, lossPopulation } = await import('@symx/wasm-eval');
const local = new Server();
local.handle(JSON.stringify({ id: 0, method: 'load_dataset', params: { name: 'train', columns: { x0, x1, y }, target: 'y' } }));
const data = createDataset(['x0', 'x1'], [Float64Array.from(x0), Float64Array.from(x1)], { target: Float64Array.from(y) });

async function scenario(label, ops, vocabulary, nodes = 10) {
  if (vocabulary) await request('vocabulary', { operators: vocabulary });
  local.handle(JSON.stringify({ id: 0, method: 'vocabulary', params: { operators: vocabulary } }));
  const v = Vocabulary.compile(vocabulary);
  const wire = [];
  const handle = [];
  const parse = [];
  const loss = [];
  let checksum = 0;
  for (let round = 0; round < ROUNDS + 5; round++) {
    const exprs = Array.from({ length: CANDIDATES }, () => tree(nodes, ops));
    const line = JSON.stringify({ id: 1, method: 'loss', params: { dataset: 'train', exprs } });
    let start = process.hrtime.bigint();
    const r = await request('loss', { dataset: 'train', exprs });
    const tWire = Number(process.hrtime.bigint() - start);
    checksum += r.results.filter((l) => l !== null).length;
    start = process.hrtime.bigint();
    JSON.parse(local.handle(line));
    const tHandle = Number(process.hrtime.bigint() - start);
    start = process.hrtime.bigint();
    const terms = exprs.map((e) => parseCalls(e, { vocabulary: v }));
    const tParse = Number(process.hrtime.bigint() - start);
    start = process.hrtime.bigint();
    lossPopulation(terms, data, { kind: 'mse' });
    const tLoss = Number(process.hrtime.bigint() - start);
    if (round >= 5) {
      // 5 warm-up rounds
      wire.push(tWire / CANDIDATES / 1000);
      handle.push(tHandle / CANDIDATES / 1000);
      parse.push(tParse / CANDIDATES / 1000);
      loss.push(tLoss / CANDIDATES / 1000);
    }
  }
  console.log(`${label} (${checksum} finite losses), per candidate:`);
  console.log(`  client round trip over the pipe   ${stats(wire)}`);
  console.log(`  in-process Server.handle          ${stats(handle)}`);
  console.log(`    parsing the expressions         ${stats(parse)}`);
  console.log(`    lossPopulation (evaluation)     ${stats(loss)}`);
}

console.log(`${CANDIDATES} candidates per request, ${ROWS} rows, ${ROUNDS} requests after 5 warm-up ones`);
const plain = { binary: BINARY, unary: UNARY };
await scenario('10 nodes: add sub mul sin cos', plain, { add: 'add', sub: 'sub', mul: 'mul', sin: 'sin', cos: 'cos' });
await scenario('10 nodes: add sub mul only', { binary: BINARY, unary: ['neg'] }, { add: 'add', sub: 'sub', mul: 'mul', neg: 'neg' });
await scenario('10 nodes: with protectedDiv (DEAP)', { binary: [...BINARY, 'protectedDiv'], unary: UNARY }, {
  add: 'add', sub: 'sub', mul: 'mul', sin: 'sin', cos: 'cos', protectedDiv: { protected: 'div' },
});
server.stdin.end();
