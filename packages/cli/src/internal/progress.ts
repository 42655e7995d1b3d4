/**
 * A progress bar on stderr for long commands (cli-progress), drawn only when stderr is a
 * terminal: in pipes, files and tests nothing is written. Progress is counted in bytes of input
 * when the total is known (a file), otherwise in rows.
 */
import cliProgress from 'cli-progress';
import type { Writable } from 'node:stream';

export interface Progress {
  /** Reports `bytes` of input consumed and `rows` processed so far. */
  update(bytes: number, rows: number): void;
  /** Removes the bar. */
  stop(): void;
}

const NONE: Progress = { update() {}, stop() {} };

/**
 * A progress bar on `stream` when `enabled` (stderr is a TTY and not disabled), else a no-op.
 * `totalBytes` undefined: the input's size is unknown (stdin), only rows are shown.
 *
 * @example
 * const p = progressBar(io.stderr, io.stderrIsTTY, size, 'eval');
 * p.update(bytesRead, rows); ... p.stop();
 */
export function progressBar(stream: Writable, enabled: boolean, totalBytes: number | undefined, label: string): Progress {
  if (!enabled) return NONE;
  const known = totalBytes !== undefined && totalBytes > 0;
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WriteStream,
      format: known ? `${label} [{bar}] {percentage}% | {rows} rows | ETA {eta_formatted}` : `${label} {rows} rows`,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(known ? totalBytes : 1, 0, { rows: 0 });
  return {
    update(bytes, rows) {
      bar.update(known ? Math.min(bytes, totalBytes) : 0, { rows });
    },
    stop() {
      bar.stop();
    },
  };
}
