/**
 * Output files that appear whole or not at all: data is written to a temporary file in the same
 * directory and renamed over the target only on success (a rename within a directory is atomic
 * on POSIX file systems). On failure the temporary file is removed; on SIGINT/SIGTERM/SIGHUP the
 * handlers installed by `installSignalCleanup` (main.ts) remove every temporary file still open
 * before the process dies. So after any failure nothing partial is left at the target.
 */
import { createWriteStream, type WriteStream, unlinkSync } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { UserError } from '../errors.js';

/** Temporary files not yet committed or aborted, for the signal handlers. */
const openTemps = new Set<string>();

export class AtomicFile {
  private done = false;

  private constructor(
    /** The final path. */
    readonly target: string,
    /** The temporary path, in the target's directory. */
    readonly temp: string,
    /** Write the content here. */
    readonly stream: WriteStream,
  ) {}

  /**
   * Opens a temporary file next to `target`.
   *
   * @example
   * const f = await AtomicFile.open('result.csv');
   * try { f.stream.write('x\n'); await f.commit(); } catch (e) { await f.abort(); throw e; }
   */
  static async open(target: string): Promise<AtomicFile> {
    const dir = dirname(target);
    const st = await stat(dir).catch(() => undefined);
    if (st === undefined || !st.isDirectory()) throw new UserError(`cannot write ${target}: the directory ${dir} does not exist`, 'file');
    const temp = join(dir, `.${basename(target)}.symx-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    openTemps.add(temp);
    const stream = createWriteStream(temp, { flags: 'wx' });
    try {
      await once(stream, 'open');
    } catch (e) {
      openTemps.delete(temp);
      throw e;
    }
    return new AtomicFile(target, temp, stream);
  }

  /** Finishes writing and renames the temporary file to the target. */
  async commit(): Promise<void> {
    if (this.done) return;
    const finished = once(this.stream, 'finish');
    this.stream.end();
    await finished;
    await once(this.stream, 'close').catch(() => {});
    try {
      await rename(this.temp, this.target);
    } catch (e) {
      await this.abort();
      throw e;
    }
    this.done = true;
    openTemps.delete(this.temp);
  }

  /** Discards the temporary file (the target is untouched). */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    // Writes still in flight fail once the stream is destroyed: that is expected here.
    this.stream.on('error', () => {});
    this.stream.destroy();
    await unlink(this.temp).catch(() => {});
    openTemps.delete(this.temp);
  }
}

/**
 * Removes every temporary file still open (synchronously: used from signal handlers).
 *
 * @example
 * process.on('exit', removeTempFiles);
 */
export function removeTempFiles(): void {
  for (const temp of openTemps) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  }
  openTemps.clear();
}

/**
 * Makes SIGINT, SIGTERM and SIGHUP remove the temporary files, then end the process by the same
 * signal (so the parent sees how it ended). Called once by main.ts.
 *
 * @example
 * installSignalCleanup();
 */
export function installSignalCleanup(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      removeTempFiles();
      process.removeListener(signal, handler);
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}
