// Recording a participant's message during a live meeting: what the views say about recordings,
// and the shapes of the recording requests and notifications (entries in table.ts).
import { z } from 'zod';
import { Id } from './media.ts';
import { ConsentText, MessageAudience } from './messages.ts';

/**
 * asked: waiting for the person's consent; starting: consent on record, the recorder is being set
 * up (already shown as recording, so nobody is recorded unannounced); recording: media is being saved.
 */
export const RecordingStatus = z.enum(['asked', 'starting', 'recording']);
export type RecordingStatus = z.infer<typeof RecordingStatus>;

/** One recording as a viewer may know it. */
export const RecordingInfo = z.object({
  /** The person being recorded. */
  participantId: Id,
  /** Their name as the viewer sees them (a pseudonym for the other side). */
  displayName: z.string(),
  roomId: z.string(),
  status: RecordingStatus,
  /** Who the message will be for, once a facilitator approves it. */
  audience: MessageAudience,
  /** ISO time media started being saved; null before. */
  since: z.string().nullable(),
});
export type RecordingInfo = z.infer<typeof RecordingInfo>;

/**
 * saved: the message waits for a facilitator's review; failed: nothing was kept (reason says why);
 * declined: the person said "not now"; cancelled: the request or recording was called off before anything was saved.
 */
export const RecordingOutcome = z.enum(['saved', 'failed', 'declined', 'cancelled']);
export type RecordingOutcome = z.infer<typeof RecordingOutcome>;

export const recordingRequests = {
  /** Facilitators: record a participant's message. CONSENT_REQUIRED when they have not consented yet (they are then asked, and recording starts when they agree). */
  'recording.start': {
    req: z.object({ participantId: Id, audience: MessageAudience }).strict(),
    res: z.object({ messageId: z.string() }),
  },
  /** Facilitators: stop recording (or stop asking). Answers once the message is saved or has failed. */
  'recording.stop': {
    req: z.object({ participantId: Id }).strict(),
    res: z.object({ outcome: RecordingOutcome, messageId: z.string().nullable() }),
  },
  /** The person asked: agree to the consent wording of this version; recording then starts. */
  'recording.consent': {
    req: z.object({ textVersion: z.string().min(1).max(40) }).strict(),
    res: z.object({}),
  },
  /** The person asked: "not now". */
  'recording.decline': { req: z.object({}).strict(), res: z.object({}) },
} as const;

export const recordingNotifications = {
  /** To the person a facilitator wants to record: the consent wording to show before anything is recorded. */
  'recording.consentRequested': z.object({ audience: MessageAudience, text: ConsentText }),
  /** To the person and the facilitators: a recording (or request) is over. */
  'recording.ended': z.object({ participantId: Id, outcome: RecordingOutcome, reason: z.string().nullable(), messageId: z.string().nullable() }),
} as const;
