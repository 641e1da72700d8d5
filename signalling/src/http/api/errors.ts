// API errors as JSON `{error: {code, message, ...details}}` with the status each code means.
// Unexpected failures are logged with their stack and answered as a bare INTERNAL: a stack trace
// never reaches the caller.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import { ServiceError, type ServiceErrorCode } from '../../cases/errors.ts';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../../db-errors.ts';
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

/** Typed codes for the client errors express and body-parser raise themselves (http-errors). */
const BAD_HTTP_REQUEST = { code: 'BAD_REQUEST', message: 'the request could not be understood' } as const;
const HTTP_LAYER: Record<number, { code: ServiceErrorCode; message: string }> = {
  400: BAD_HTTP_REQUEST,
  401: { code: 'UNAUTHENTICATED', message: 'please sign in' },
  403: { code: 'PERMISSION_DENIED', message: 'not allowed' },
  404: { code: 'NOT_FOUND', message: 'no such page' },
  413: { code: 'TOO_LARGE', message: 'the request body is too large' },
  416: { code: 'BAD_RANGE', message: 'the requested range cannot be served' },
};

/**
 * A client error raised by express or its body parsers (malformed JSON, a body over the limit, a
 * URL that does not decode) as a typed error with a fixed message: their own messages echo
 * parser internals. Undefined for anything else.
 */
export function httpLayerError(err: unknown): ServiceError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { type, status } = err as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large') return new ServiceError('TOO_LARGE', 'the request body is too large');
  if (type === 'entity.parse.failed') return new ServiceError('BAD_REQUEST', 'the request body is not valid JSON');
  if (typeof type === 'string' && type.startsWith('entity.')) return new ServiceError('BAD_REQUEST', 'the request body could not be read');
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  const known = HTTP_LAYER[status] ?? BAD_HTTP_REQUEST;
  return new ServiceError(known.code, known.message);
}

/**
 * Maps anything thrown by a route to a JSON error. Also the app's last handler (http/app.ts), so
 * no error anywhere reaches express's default HTML page with its stack trace.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof ServiceError) return sendError(res, err);
    if (err instanceof ZodError) return sendError(res, badRequest(err));
    if (err instanceof ProtocolError && err.code === 'UNAUTHENTICATED') return sendError(res, new ServiceError('UNAUTHENTICATED', err.message));
    const httpError = httpLayerError(err);
    if (httpError) return sendError(res, httpError);
    if (isDatabaseUnavailable(err)) {
      // Temporary, and not the caller's fault: 503 with a stable code, never the driver's text.
      logger.warn({ err, method: req.method, path: req.path }, 'API request failed: database unavailable');
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      res.status(503).json({ error: { code: 'DATABASE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS } });
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'API request failed');
    return sendError(res, new ServiceError('INTERNAL', 'something went wrong on our side; it has been logged'));
  };
}

/** Unknown /api paths. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  sendError(res, new ServiceError('NOT_FOUND', 'no such API route'));
};
