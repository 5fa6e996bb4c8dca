import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The reference dispatch console: built into dist/console and served by the API server at
 * /console (src/server/console.ts). `npm run dev:console` serves it with hot reload and passes
 * /graphql (HTTP and WebSocket) through to an API server on API_URL (default localhost:4000),
 * keeping the Host header so the server sees a same-origin page.
 */
export default defineConfig({
  root: here,
  base: '/console/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Small enough to read back in a browser's dev tools when something goes wrong at a desk.
    sourcemap: true,
  },
  server: {
    proxy: { '/graphql': { target: process.env.API_URL ?? 'http://localhost:4000', ws: true } },
  },
});
