// Staff changes made over /api (withdrawing a used link, unassigning or disabling a facilitator)
// revoke access in the database; this makes them take effect at once in live meetings too.
import { Router, type RequestHandler } from 'express';
import type { Logger } from '../logger.ts';

/** Wraps the /api router: after every successful non-GET request, `sync` runs. */
export function withRevocationSync(api: RequestHandler, sync: () => Promise<void>, logger: Logger): Router {
  const router = Router();
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.on('finish', () => {
        if (res.statusCode >= 400) return;
        sync().catch((err: unknown) => logger.error({ err }, 'could not apply revoked access to live meetings'));
      });
    }
    next();
  });
  router.use(api);
  return router;
}
