// The playground is a static page: `vite build` writes it to dist/ (relative asset URLs, so it
// can be served from any path), with KaTeX's CSS and fonts and the WASM evaluator (embedded in
// the JavaScript) bundled: nothing is fetched from a CDN.
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // @symx/* resolve to their TypeScript sources through the "source" export condition (as in the
  // root vitest.config.ts), so the page needs no build of the packages.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // the WASM VM module is embedded as base64 in the JavaScript: one chunk, no size warnings
    chunkSizeWarningLimit: 2048,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
