/**
 * Test helpers: the CLI run in-process with in-memory streams (`runCli`), and the real
 * executable spawned from its TypeScript sources through ts-hooks.mjs (`spawnCli`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { run } from '../src/cli.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `symx argv...` in-process; `stdin` is the text (or stream) on standard input. */
export async function runCli(argv: string[], options: { stdin?: string | Readable; cwd?: string; tty?: boolean } = {}): Promise<CliResult> {
  const stdin = typeof options.stdin === 'string' || options.stdin === undefined ? Readable.from([options.stdin ?? '']) : options.stdin;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  // A terminal, as far as progress bars can tell.
  if (options.tty) Object.assign(stderr, { isTTY: true, columns: 100 });
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await run(argv, { stdin, stdout, stderr, stderrIsTTY: options.tty ?? false, cwd: options.cwd ?? process.cwd() });
  return { code, stdout: out, stderr: err };
}

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'symx-cli-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const here = dirname(fileURLToPath(import.meta.url));
/** packages/cli */
export const CLI_DIR = join(here, '..');
/** The command that runs the real `symx` from its sources (no build needed). */
export const SYMX_COMMAND: readonly string[] = [
  process.execPath,
  '--conditions=source',
  '--import',
  join(here, 'register.mjs'),
  join(CLI_DIR, 'src', 'main.ts'),
];

/** Spawns the real executable. */
export function spawnCli(args: string[], options: { cwd?: string } = {}): ChildProcess {
  return spawn(SYMX_COMMAND[0], [...SYMX_COMMAND.slice(1), ...args], { cwd: options.cwd ?? CLI_DIR, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Spawns the real executable, writes `stdin`, and collects the outputs and exit code. */
export function execCli(args: string[], options: { cwd?: string; stdin?: string } = {}): Promise<CliResult & { signal: NodeJS.Signals | null }> {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin!.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
}
