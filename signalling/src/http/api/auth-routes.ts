// /api/auth: sign in, sign out, who am I, change password.
import { Router, type RequestHandler } from 'express';
import { staffView } from '../../staff/accounts.ts';
import { Login, PasswordChange } from '../../cases/schemas.ts';
import { clearSessionCookie, setSessionCookie, staffAuth, staffOf } from './auth.ts';
import type { ApiServices } from './services.ts';
import { body } from './validate.ts';

export function authRoutes(s: ApiServices, loginLimiter: RequestHandler): Router {
  const router = Router();
  const signedIn = staffAuth(s.sessions, s.accounts, { allowPasswordChangePending: true });

  router.post('/login', loginLimiter, async (req, res) => {
    const { email, password } = body(req, Login);
    const staff = await s.accounts.login(email, password);
    setSessionCookie(res, s.sessions, staff.id, staff.sessionVersion);
    res.json({ staff: staffView(staff), sessionTtlSeconds: s.sessions.ttlSeconds });
  });

  router.post('/logout', signedIn, async (_req, res) => {
    await s.accounts.logout(staffOf(res).staffId);
    clearSessionCookie(res, s.sessions);
    res.status(204).end();
  });

  router.get('/me', signedIn, (_req, res) => {
    res.json({ staff: staffOf(res).view, sessionTtlSeconds: s.sessions.ttlSeconds });
  });

  router.post('/password', signedIn, async (req, res) => {
    const { currentPassword, newPassword } = body(req, PasswordChange);
    const updated = await s.accounts.changePassword(staffOf(res).staffId, currentPassword, newPassword);
    setSessionCookie(res, s.sessions, updated.id, updated.sessionVersion);
    res.json({ staff: staffView(updated) });
  });

  return router;
}
