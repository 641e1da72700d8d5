// The /api router: staff sign-in, staff accounts, cases, parties, meetings, invitations, the
// party's own view, and reporting. Every route validates its input with zod, checks the caller
// against the policy (cases/policy.ts), and answers errors as JSON {error: {code, message}}.
//
// Callers: staff with the session cookie (cg_session, httpOnly, SameSite=Strict); parties with
// their join token as `Authorization: Bearer`; join-link holders with the link's code. API
// responses are never cached. Documented for the UI in /tmp/cg-issue4/api.md.
import cookieParser from 'cookie-parser';
import express, { Router, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { PrismaClient } from '@common-ground/prisma';
import type { TokenService } from '../../auth/tokens.ts';
import { ServiceError } from '../../cases/errors.ts';
import type { Logger } from '../../logger.ts';
import { authRoutes } from './auth-routes.ts';
import { participantAuth, staffAuth } from './auth.ts';
import { caseRoutes } from './case-routes.ts';
import { errorHandler, notFoundHandler, sendError } from './errors.ts';
import { invitationRoutes } from './invitation-routes.ts';
import { meetingRoutes } from './meeting-routes.ts';
import { meRoutes } from './me-routes.ts';
import { consentTextRoutes, partyMessageRoutes, playbackRoute } from './message-routes.ts';
import { partyRoutes } from './party-routes.ts';
import { reportRoutes } from './report-routes.ts';
import { reviewRoutes } from './review-routes.ts';
import { type ApiServices, type ServiceSettings, createServices } from './services.ts';
import { staffRoutes } from './staff-routes.ts';

/** Request limits per client address (in memory: per node). */
export interface ApiLimits {
  /** Failed sign-ins per window (default 10 per 15 minutes); accounts also lock after 5 failures. */
  loginMax?: number;
  loginWindowMs?: number;
  /** Invitation status and redeem requests per minute (default 30). */
  invitationMax?: number;
  /** All API requests per minute (default 600). */
  apiMax?: number;
}

export interface ApiOptions extends ServiceSettings {
  prisma: PrismaClient;
  tokens: TokenService;
  logger: Logger;
  limits?: ApiLimits | undefined;
}

export interface Api {
  router: Router;
  services: ApiServices;
}

function limiter(windowMs: number, limit: number, message: string, opts: { countSuccesses?: boolean } = {}): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: opts.countSuccesses === false,
    handler: (_req, res) => sendError(res, new ServiceError('RATE_LIMITED', message, { retryAfterSeconds: Math.ceil(windowMs / 1000) })),
  });
}

export function createApi(opts: ApiOptions): Api {
  const logger = opts.logger.child({ component: 'api' });
  const services = createServices(opts.prisma, opts.tokens, opts, opts.logger);
  const limits = opts.limits ?? {};
  const router = Router();

  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use(limiter(60_000, limits.apiMax ?? 600, 'too many requests; slow down'));
  // Resumable uploads (tus): before the JSON parser, which must not touch the chunks.
  router.all(['/uploads', '/uploads/*rest'], services.messaging.uploads.handler());
  router.use(express.json({ limit: '64kb' }));
  router.use(cookieParser());

  // No staff session needed for these.
  // Failed sign-ins only: a whole office behind one address signing in at nine is fine.
  const loginLimiter = limiter(limits.loginWindowMs ?? 15 * 60_000, limits.loginMax ?? 10, 'too many failed sign-ins from this address; try again later', { countSuccesses: false });
  router.use('/auth', authRoutes(services, loginLimiter));
  router.use('/invitations', limiter(60_000, limits.invitationMax ?? 30, 'too many attempts; try again in a minute'), invitationRoutes(services));
  router.use('/consent-texts', consentTextRoutes());
  router.get('/play/:token', playbackRoute(services, logger));
  router.use('/me', participantAuth(opts.tokens, opts.prisma), meRoutes(services), partyMessageRoutes(services));

  // Everything else needs a staff session (and a password that is not a generated one).
  const staffApi = Router();
  staffApi.use(staffAuth(services.sessions, services.accounts));
  staffApi.use('/staff', staffRoutes(services));
  staffApi.use('/cases/:caseId/parties', partyRoutes(services));
  staffApi.use('/cases/:caseId', meetingRoutes(services));
  staffApi.use('/cases/:caseId', reviewRoutes(services));
  staffApi.use('/cases', caseRoutes(services));
  staffApi.use('/reports', reportRoutes(services));
  staffApi.use(notFoundHandler);
  router.use(staffApi);

  router.use(errorHandler(logger));
  return { router, services };
}
