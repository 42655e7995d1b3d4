/**
 * The process around a CLI run, made injectable: `run(argv, io)` reads and writes only through
 * a `CliIO`, so tests drive the whole CLI in-process with in-memory streams, and `main.ts` passes
 * the real process streams.
 */
import type { Readable, Writable } from 'node:stream';

/**
 * The streams and working directory of one CLI run (`run(argv, io)`): the real process's
 * (`processIO()`) or in-memory ones.
 *
 * @example
 * import { PassThrough } from 'node:stream';
 * const stdout = new PassThrough();
 * const io: CliIO = { stdin: new PassThrough(), stdout, stderr: new PassThrough(), stderrIsTTY: false, cwd: process.cwd() };
 * await run(['diff', 'x^2', '--wrt', 'x'], io); // → 0
 * stdout.read().toString(); // → '2*x\n'
 */
export interface CliIO {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Whether stderr is a terminal: progress bars are drawn only then. */
  readonly stderrIsTTY: boolean;
  /** Directory that relative paths are resolved against. */
  readonly cwd: string;
}

/**
 * The real process's streams.
 *
 * @example
 * process.exitCode = await run(process.argv.slice(2), processIO());
 */
export function processIO(): CliIO {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stderrIsTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
  };
}

/**
 * Writes `text` and waits for the stream to accept more when its buffer is full, so that large
 * outputs stream with bounded memory.
 *
 * @example
 * await write(io.stdout, 'x + 1\n');
 */
export function write(stream: Writable, text: string): Promise<void> | void {
  if (stream.write(text)) return;
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      stream.off('error', onError);
      resolve();
    };
    const onError = (e: Error): void => {
      stream.off('drain', onDrain);
      reject(e);
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });
}

/**
 * The lines of a text stream (without their line terminators, `\r\n` or `\n`), as they arrive.
 *
 * @example
 * for await (const line of lines(io.stdin)) console.log(line.length);
 */
export async function* lines(input: Readable): AsyncGenerator<string, void, undefined> {
  // Pieces of the current line; joined once it ends (a long line arriving in many chunks is
  // copied once, not once per chunk).
  const parts: string[] = [];
  const finish = (): string => {
    const line = parts.length === 1 ? parts[0] : parts.join('');
    parts.length = 0;
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  };
  input.setEncoding('utf8');
  for await (const chunk of input as AsyncIterable<string>) {
    let start = 0;
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', start)) {
      parts.push(chunk.slice(start, i));
      yield finish();
      start = i + 1;
    }
    if (start < chunk.length) parts.push(chunk.slice(start));
  }
  if (parts.length > 0) yield finish();
}
