// The protocol's error vocabulary. Every failed ack carries one of these codes.
import { z } from 'zod';

export const ErrorCode = z.enum([
  'BAD_REQUEST', // payload failed schema validation
  'UNAUTHENTICATED', // missing, expired, tampered or wrong-audience token
  'PERMISSION_DENIED', // the role or placement does not allow this
  'NOT_FOUND', // the named transport, producer, consumer or meeting does not exist for this caller
  'CONFLICT', // the request clashes with current state (e.g. joining twice)
  'MEETING_ENDED', // the meeting is over
  'MEETING_LOCKED', // a facilitator locked the meeting; nobody new may join
  'REMOVED', // a facilitator removed this participant; their link cannot rejoin
  'HARD_MUTED', // a facilitator muted this and has not allowed unmuting yet
  'MASKING_REQUIRED', // the participant's policy requires masking this producer did not declare
  'CAMERA_NOT_ALLOWED', // the participant's policy does not allow a camera at all
  'MEDIA_ERROR', // mediasoup refused the operation
  'CONSENT_REQUIRED', // no valid consent of the person for this purpose (e.g. recording their message)
  'RECORDING_FAILED', // the recorder could not start or save a recording; nothing was kept
  'WRONG_NODE', // the meeting is hosted by another Common Ground node; `url` says which (connect there)
  'DATABASE_UNAVAILABLE', // the database is briefly unreachable; try again shortly
  'INTERNAL', // an unexpected failure; details are logged server-side only
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  /** With WRONG_NODE: the node to connect to instead. */
  url: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** An error that crosses the wire as a typed failed ack. */
export class ProtocolError extends Error {
  /** The protocol code the client receives. */
  readonly code: ErrorCode;

  /** With WRONG_NODE: where the client should connect instead. */
  readonly url: string | undefined;

  constructor(code: ErrorCode, message: string, url?: string) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
    this.url = url;
  }

  toBody(): ErrorBody {
    return this.url === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, url: this.url };
  }
}
