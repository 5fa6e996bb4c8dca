import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Config } from '../../config';
import type { Readiness } from './health';
import type { Metrics } from './metrics';

/**
 * `/healthz` (liveness: the process answers), `/readyz` (readiness: see Readiness) and
 * `/metrics` (Prometheus). /metrics holds no personal data but does describe the system's load
 * and errors: with METRICS_TOKEN it asks for that bearer token; without one it is open in
 * development and off (404) in production, where the port faces the public.
 */
export function observabilityRoutes(config: Config, readiness: Readiness, metrics: Metrics): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const { ready, body } = await readiness.check();
    res.status(ready ? 200 : 503).setHeader('cache-control', 'no-store').json(body);
  });
  const allowed = metricsAccess(config);
  router.get('/metrics', async (req, res) => {
    const access = allowed(req.headers.authorization);
    if (access === 'off') return void res.status(404).type('text/plain').send('Not found');
    if (access === 'refused') {
      return void res.status(401).setHeader('www-authenticate', 'Bearer').type('text/plain').send('/metrics needs the bearer token METRICS_TOKEN');
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}

function metricsAccess(config: Config): (authorization: string | undefined) => 'open' | 'refused' | 'off' {
  if (config.metricsToken === null) return () => (config.env === 'production' ? 'off' : 'open');
  // Compared as digests: equal length, constant time.
  const expected = digest(config.metricsToken);
  return (authorization) => {
    const presented = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
    return presented !== undefined && timingSafeEqual(digest(presented), expected) ? 'open' : 'refused';
  };
}

const digest = (s: string) => createHash('sha256').update(s).digest();
