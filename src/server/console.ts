import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';

export const CONSOLE_PATH = '/console';

/** Where `npm run build:console` (Vite) writes the reference dispatch console. */
export const CONSOLE_DIR = path.join(packageRoot(__dirname), 'dist', 'console');

/** The directory of package.json: two levels up from src/server, three from a tsc build's dist/src/server. */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.join(from, '..', '..');
  }
}

/**
 * The reference dispatch console (web/console), as static files. Checked on each request rather
 * than at start, so a console built while the server runs is served without a restart.
 */
export function consoleRoutes(dir: string = CONSOLE_DIR): Router {
  const router = Router();
  const index = path.join(dir, 'index.html');
  const notBuilt: RequestHandler = (_req, res, next) => {
    if (fs.existsSync(index)) return next();
    res.status(503).type('text/plain').send('The console is not built: run `npm run build:console`, then reload this page.\n');
  };
  router.use(CONSOLE_PATH, notBuilt, contentSecurityPolicy, express.static(dir, { index: 'index.html', setHeaders: cacheHeaders }));
  return router;
}

/** Everything the page loads comes from this server; the browser refuses anything else. */
const contentSecurityPolicy: RequestHandler = (req, res, next) => {
  // `'self'` covers ws(s): of the same host in CSP 3; the explicit entries are for older browsers.
  const host = req.headers.host && /^[A-Za-z0-9.:[\]-]+$/.test(req.headers.host) ? req.headers.host : null;
  const sockets = host ? ` ws://${host} wss://${host}` : '';
  res.setHeader(
    'content-security-policy',
    `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'${sockets}; ` +
      "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  );
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  next();
};

/** Vite names assets by content hash, so they never change; index.html must be fetched fresh to find the new ones. */
function cacheHeaders(res: express.Response, file: string): void {
  const immutable = file.includes(`${path.sep}assets${path.sep}`);
  res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
}
