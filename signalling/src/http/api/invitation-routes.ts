// /api/invitations/:code: what the holder of a join link sees, and redeeming it. No account,
// no session: the code (and PIN) are the credentials, and both are rate limited.
import { Router } from 'express';
import { CodeParams, Redeem } from '../../cases/schemas.ts';
import type { ApiServices } from './services.ts';
import { body, params } from './validate.ts';

export function invitationRoutes(s: ApiServices): Router {
  const router = Router();

  router.get('/:code', async (req, res) => {
    const { code } = params(req, CodeParams);
    res.json(await s.invitations.status(code));
  });

  router.post('/:code/redeem', async (req, res) => {
    const { code } = params(req, CodeParams);
    const { pin } = body(req, Redeem);
    res.json(await s.invitations.redeem(code, pin));
  });

  return router;
}
