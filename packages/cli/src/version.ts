/** The package version, read from package.json (one level above both src/ and dist/). */
import { readFileSync } from 'node:fs';

/**
 * The version of the symx CLI (`symx --version`).
 *
 * @example
 * VERSION;   // '0.1.0'
 */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
