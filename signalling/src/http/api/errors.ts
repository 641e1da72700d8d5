// API errors as JSON `{error: {code, message, ...details}}` with the status each code means.
// Unexpected failures are logged with their stack and answered as a bare INTERNAL: a stack trace
// never reaches the caller.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import { ServiceError, type ServiceErrorCode } from '../../cases/errors.ts';
import type { Logger } from '../../logger.ts';
import { ProtocolError } from '../../protocol/index.ts';

export const STATUS: Record<ServiceErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  PIN_REQUIRED: 401,
  PIN_INCORRECT: 401,
  PERMISSION_DENIED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVITATION_EXPIRED: 410,
  INVITATION_USED: 410,
  INVITATION_REVOKED: 410,
  INVITATION_LOCKED: 410,
  ACCOUNT_LOCKED: 429,
  RATE_LIMITED: 429,
  CONSENT_REQUIRED: 403,
  INVALID_STATE: 409,
  NOT_MEDIA: 422,
  WRONG_KIND: 422,
  BAD_RANGE: 422,
  TOO_LARGE: 413,
  TOO_LONG: 422,
  PLAYBACK_REFUSED: 403,
  INTERNAL: 500,
};

export function sendError(res: Response, err: ServiceError): void {
  const retryAfter = err.details?.['retryAfterSeconds'];
  if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
  res.status(STATUS[err.code]).json({ error: { code: err.code, message: err.message, ...err.details } });
}

/** A zod failure as a 400 naming the fields, e.g. `referredOn: Invalid ISO date`. */
export function badRequest(error: ZodError): ServiceError {
  const fields = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const message = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; ');
  return new ServiceError('BAD_REQUEST', message || 'invalid request', { fields });
}

/** Maps anything thrown by a route to a JSON error. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof ServiceError) return sendError(res, err);
    if (err instanceof ZodError) return sendError(res, badRequest(err));
    if (err instanceof ProtocolError && err.code === 'UNAUTHENTICATED') return sendError(res, new ServiceError('UNAUTHENTICATED', err.message));
    const bodyError = err as { type?: unknown; status?: unknown };
    if (typeof bodyError.type === 'string' && bodyError.type.startsWith('entity.')) {
      // body-parser: malformed JSON, too large, wrong charset.
      const message = bodyError.type === 'entity.too.large' ? 'the request body is too large' : 'the request body is not valid JSON';
      return sendError(res, new ServiceError('BAD_REQUEST', message));
    }
    logger.error({ err, method: req.method, path: req.path }, 'API request failed');
    return sendError(res, new ServiceError('INTERNAL', 'something went wrong on our side; it has been logged'));
  };
}

/** Unknown /api paths. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  sendError(res, new ServiceError('NOT_FOUND', 'no such API route'));
};
