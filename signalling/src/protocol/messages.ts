// Recorded messages and consent: the HTTP API's shapes, shared by the server and the client.
// zod only. Inputs are strict objects: an unknown field is a 400.
import { z } from 'zod';

export const MessageKind = z.enum(['text', 'audio', 'video']);
export type MessageKind = z.infer<typeof MessageKind>;

/** Who a message is for: the other side (after a facilitator approves it) or the facilitators only. */
export const MessageAudience = z.enum(['other_side', 'facilitators']);
export type MessageAudience = z.infer<typeof MessageAudience>;

/**
 * Where a message is. The sender always sees this:
 * recording (a facilitator is recording it live) → uploading → processing → pending_review →
 * delivered → viewed; or changes_requested (the sender records a new version), rejected, failed,
 * withdrawn.
 */
export const MessageStatus = z.enum([
  'recording',
  'uploading',
  'processing',
  'pending_review',
  'changes_requested',
  'rejected',
  'delivered',
  'viewed',
  'failed',
  'withdrawn',
]);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const MessageOrigin = z.enum(['typed', 'browser_recording', 'upload', 'live_recording', 'trimmed', 'redacted']);
export type MessageOrigin = z.infer<typeof MessageOrigin>;

export const ConsentPurpose = z.enum(['live_meeting', 'message_recording', 'training_use']);
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

/** The wording a person is shown before they consent; `version` is stored with their consent. */
export const ConsentText = z.object({
  purpose: ConsentPurpose,
  version: z.string(),
  title: z.string(),
  /** Plain-language paragraphs, shown in order. */
  paragraphs: z.array(z.string()),
});
export type ConsentText = z.infer<typeof ConsentText>;

export const ConsentView = z.object({
  id: z.uuid(),
  purpose: ConsentPurpose,
  textVersion: z.string(),
  givenAt: z.string(),
  withdrawnAt: z.string().nullable(),
});
export type ConsentView = z.infer<typeof ConsentView>;

export const MessageVersionView = z.object({
  id: z.uuid(),
  number: z.number().int(),
  origin: MessageOrigin,
  /** Text messages (and redacted text versions). */
  text: z.string().nullable(),
  /** Media versions. */
  mimeType: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  durationMs: z.number().nullable(),
  createdAt: z.string(),
});
export type MessageVersionView = z.infer<typeof MessageVersionView>;

/** Upload progress while `status` is uploading. */
export const UploadProgress = z.object({ uploadId: z.string(), offset: z.number(), size: z.number().nullable() });

export const MessageView = z.object({
  id: z.uuid(),
  kind: MessageKind,
  audience: MessageAudience,
  /** 'sent' or 'received' for parties; 'review' for staff. */
  direction: z.enum(['sent', 'received', 'review']),
  /** The sender as the viewer may know them: the pseudonym for the other side, "You" for the sender. */
  senderLabel: z.string(),
  senderSide: z.enum(['harmed', 'responsible']),
  status: MessageStatus,
  /** Why it failed or was rejected, or the changes asked for. Senders and staff only. */
  statusReason: z.string().nullable(),
  noReply: z.boolean(),
  /** Whether the viewer may reply (received, delivered, and the sender did not say "no reply"). */
  canReply: z.boolean(),
  /** Whether the sender may still withdraw it (not yet viewed). */
  canWithdraw: z.boolean(),
  replyToId: z.uuid().nullable(),
  trainingConsent: z.boolean(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  viewedAt: z.string().nullable(),
  /** The current version (a recipient sees only the delivered one); staff see every version. */
  current: MessageVersionView.nullable(),
  versions: z.array(MessageVersionView),
  upload: UploadProgress.nullable(),
});
export type MessageView = z.infer<typeof MessageView>;

const reason = (max: number) => z.string().trim().min(1).max(max);

// ---- inputs -------------------------------------------------------------------------------------

export const ConsentInput = z.strictObject({ purpose: ConsentPurpose, textVersion: z.string().min(1).max(40) });

/** A new message. Text messages carry their text; audio and video are then uploaded with tus. */
export const NewMessageInput = z.strictObject({
  kind: MessageKind,
  audience: MessageAudience,
  noReply: z.boolean().default(false),
  /** A message_recording consent of the sender, still valid. */
  consentId: z.uuid(),
  /** An optional training_use consent of the sender. */
  trainingConsentId: z.uuid().nullable().optional(),
  replyToId: z.uuid().nullable().optional(),
  text: z.string().trim().min(1).max(20_000).optional(),
  /** For audio/video: how the media was made (browser recording or a file upload). */
  origin: z.enum(['browser_recording', 'upload']).optional(),
});
export type NewMessageInput = z.infer<typeof NewMessageInput>;

/** A new version after a facilitator asked for changes: text for text messages; media is then uploaded. */
export const NewVersionInput = z.strictObject({
  text: z.string().trim().min(1).max(20_000).optional(),
  origin: z.enum(['browser_recording', 'upload']).optional(),
});

export const RejectInput = z.strictObject({ reason: reason(2000) });
export const RequestChangesInput = z.strictObject({ note: reason(2000) });
export const TrimInput = z
  .strictObject({ startSeconds: z.number().min(0), endSeconds: z.number().positive() })
  .refine((r) => r.endSeconds > r.startSeconds, 'the end must be after the start');
export const RedactInput = z.strictObject({ text: z.string().trim().min(1).max(20_000) });
export const UploadFailedInput = z.strictObject({ reason: reason(500) });

export const PlaybackGrant = z.object({ url: z.string(), expiresAt: z.string(), mimeType: z.string() });
export type PlaybackGrant = z.infer<typeof PlaybackGrant>;

/** tus Upload-Metadata keys the server reads. */
export const UPLOAD_METADATA = { messageId: 'messageId', filetype: 'filetype', origin: 'origin' } as const;
