// The express app: security headers, the origin check (CORS), health and metrics, the built client
// with SPA routes, and a last JSON error handler (no error ever reaches express's HTML page).
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import type { Registry } from 'prom-client';
import { OriginPolicy } from '../auth/origins.ts';
import { ServiceError } from '../cases/errors.ts';
import type { Logger } from '../logger.ts';
import { errorHandler, sendError } from './api/errors.ts';

export interface AppDeps {
  clientDist: string;
  metrics: Registry;
  logger: Logger;
  /** The /api router (staff, cases, invitations, reporting); see http/api/index.ts. */
  api?: Router | undefined;
  /** Which browser origins may call the API (default: same origin only). */
  origins?: OriginPolicy | undefined;
  /** Proxies trusted to name the client, as express's "trust proxy" (TRUST_PROXY; default loopback). */
  trustProxy?: string | number | false | undefined;
}

/** Paths the single-page client handles itself: join links (`/i/<code>`) and the staff pages under /staff. */
const SPA_ROUTES = ['/', '/join', '/messages', '/left', '/i/:code', '/staff', '/staff/*rest'];

/**
 * CORS for the API, without credentials leaking to other sites: an origin configured in
 * ALLOWED_ORIGINS gets Access-Control-Allow-Origin (and its preflights are answered); a foreign
 * origin (another site, a sandboxed frame) is refused with 403 before any route runs, so no
 * cookie-authenticated action can be triggered from another page and no answer is readable there.
 * Requests without an Origin (tools) and same-origin requests pass untouched.
 */
export function corsGuard(origins: OriginPolicy, logger: Logger): RequestHandler {
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('origin');
    const verdict = origins.classify(origin, req.get('host'));
    if (verdict === 'foreign') {
      logger.info({ origin, method: req.method, path: req.path }, 'cross-origin request refused');
      sendError(res, new ServiceError('PERMISSION_DENIED', 'requests from other sites are not accepted'));
      return;
    }
    if (verdict === 'configured' && origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      const preflight = req.method === 'OPTIONS' ? req.get('access-control-request-method') : undefined;
      if (preflight) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE');
        res.setHeader('Access-Control-Allow-Headers', req.get('access-control-request-headers') ?? 'content-type');
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    next();
  };
}

export function createApp({ clientDist, metrics, logger, api, origins = new OriginPolicy({}), trustProxy = 'loopback' }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
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
          // Nobody may frame Common Ground (clickjacking); X-Frame-Options says the same to old browsers.
          frameAncestors: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
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

  if (api) app.use('/api', corsGuard(origins, logger.child({ component: 'http' })), api);

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
  // Errors outside /api (a URL that does not decode, a static file that cannot be read) as JSON.
  app.use(errorHandler(logger.child({ component: 'http' })));
  return app;
}
