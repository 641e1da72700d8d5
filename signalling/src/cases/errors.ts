// The error vocabulary of the staff, case and invitation services. The HTTP API turns each code
// into its status (http/api/errors.ts); the message is safe to show to the caller.
import { z } from 'zod';

export const ServiceErrorCode = z.enum([
  'BAD_REQUEST', // the input failed validation or breaks a rule of the case (400)
  'UNAUTHENTICATED', // no valid staff session or join token (401)
  'PERMISSION_DENIED', // the caller's role may not do this (403)
  'PASSWORD_CHANGE_REQUIRED', // a generated password must be changed first (403)
  'NOT_FOUND', // no such thing, or not one the caller may see (404)
  'CONFLICT', // clashes with current state, e.g. a duplicate reference (409)
  'INVITATION_EXPIRED', // the join link is past its expiry (410)
  'INVITATION_USED', // the join link was already used (410)
  'INVITATION_REVOKED', // a facilitator revoked the join link (410)
  'INVITATION_LOCKED', // too many wrong PINs (410)
  'PIN_REQUIRED', // the invitation needs its PIN (401)
  'PIN_INCORRECT', // wrong PIN; attempts remain (401)
  'ACCOUNT_LOCKED', // too many failed logins; try again later (429)
  'RATE_LIMITED', // too many requests from this address (429)
  'CONSENT_REQUIRED', // no valid consent record of the person for this purpose (403)
  'INVALID_STATE', // the message is not in a state that allows this (409)
  'NOT_MEDIA', // the file is not audio or video we can read, whatever its name says (422)
  'WRONG_KIND', // e.g. a video message whose file has no picture (422)
  'BAD_RANGE', // a trim range outside the recording (422)
  'TOO_LARGE', // over the configured size limit (413)
  'TOO_LONG', // over the configured duration limit (422)
  'PLAYBACK_REFUSED', // the playback link is expired or belongs to another session (403)
  'INTERNAL', // unexpected; details are logged server-side only (500)
]);
export type ServiceErrorCode = z.infer<typeof ServiceErrorCode>;

/** A failure with a code from the vocabulary above and a message fit for the caller. */
export class ServiceError extends Error {
  /** What went wrong, as a stable code. */
  readonly code: ServiceErrorCode;
  /** Extra, caller-safe facts (e.g. attemptsLeft, retryAfterSeconds). */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ServiceErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string): ServiceError => new ServiceError('NOT_FOUND', `no such ${what}`);
export const denied = (message = 'your role does not allow this'): ServiceError => new ServiceError('PERMISSION_DENIED', message);
