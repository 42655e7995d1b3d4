// Registers ts-hooks.mjs: `node --conditions=source --import ./register.mjs main.ts` runs the
// TypeScript sources of the workspace without a build (used by the end-to-end tests and the
// benchmark script; not part of the published package).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
