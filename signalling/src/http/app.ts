// The express app: security headers, health and metrics, and the built client with SPA routes.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.ts';

export interface AppDeps {
  clientDist: string;
  metrics: Registry;
  logger: Logger;
  /** The /api router (staff, cases, invitations, reporting); see http/api/index.ts. */
  api?: Router | undefined;
}

/** Paths the single-page client handles itself: join links (`/i/<code>`) and the staff pages under /staff. */
const SPA_ROUTES = ['/', '/join', '/messages', '/left', '/i/:code', '/staff', '/staff/*rest'];

export function createApp({ clientDist, metrics, logger, api }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          mediaSrc: ["'self'", 'blob:', 'mediastream:'],
          imgSrc: ["'self'", 'data:', 'blob:'],
          scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
          workerSrc: ["'self'", 'blob:'],
          upgradeInsecureRequests: null,
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  const limiter = rateLimit({ windowMs: 60_000, limit: 300, standardHeaders: 'draft-8', legacyHeaders: false });

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/metrics', limiter, async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });

  if (api) app.use('/api', api);

  const indexHtml = path.join(clientDist, 'index.html');
  if (!fs.existsSync(indexHtml)) {
    logger.warn({ clientDist }, 'client is not built; run `npm run setup` (or `npm run build -w client`)');
  }
  app.use(express.static(clientDist, { index: false, fallthrough: true, maxAge: '1h' }));
  app.get(SPA_ROUTES, limiter, (_req, res) => {
    if (!fs.existsSync(indexHtml)) {
      res.status(503).type('text').send('The Common Ground client is not built yet. Run `npm run setup`.');
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.sendFile(indexHtml);
  });
  app.use((_req, res) => {
    res.status(404).json({ ok: false, error: { code: 'NOT_FOUND', message: 'no such page' } });
  });
  return app;
}
