// The Python client of the JSON stdio server (examples/python-client/symx_client.py): its
// self-test and its demo run against the real `symx serve`, when python3 is installed.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SYMX_COMMAND } from '../packages/cli/test-support/harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const client = join(root, 'examples', 'python-client', 'symx_client.py');
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const hasPython = python.status === 0;
if (!hasPython) console.warn('python3 not found: skipping the Python client tests');

function runClient(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('python3', [client, ...args], {
    encoding: 'utf8',
    cwd: root,
    // The client starts the server with this command (here: symx from its sources).
    env: { ...process.env, SYMX_COMMAND_JSON: JSON.stringify(SYMX_COMMAND) },
    timeout: 240_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!hasPython)('Python client (stdlib only)', () => {
  it('passes its self-test against symx serve', () => {
    const r = runClient(['--self-test']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('self-test passed');
  }, 240_000);

  it('runs the demo: a small GP loop scored by symx', () => {
    const r = runClient([]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^generation  0: best mse /);
    expect(r.stdout).toContain('simplified:');
  }, 240_000);
});
