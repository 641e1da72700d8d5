// What each message state means, in plain words for whoever is looking: the sender (who must always
// see where their message is), the recipient, and the reviewing facilitator. Pure: unit-tested.
import type { MessageAudience, MessageKind, MessageStatus, MessageView } from '@common-ground/signalling/protocol';

/** The short label of a status, as the sender sees it. */
const SENDER_LABEL: Record<MessageStatus, string> = {
  recording: 'Being recorded',
  uploading: 'Uploading',
  processing: 'Processing',
  pending_review: 'Waiting for review',
  changes_requested: 'Changes requested',
  rejected: 'Not passed on',
  delivered: 'Approved and delivered',
  viewed: 'Viewed',
  failed: 'Failed',
  withdrawn: 'Withdrawn',
};

/** The same states as the reviewing facilitator sees them. */
const STAFF_LABEL: Record<MessageStatus, string> = {
  recording: 'Being recorded',
  uploading: 'Uploading',
  processing: 'Processing',
  pending_review: 'Waiting for your review',
  changes_requested: 'Changes requested',
  rejected: 'Rejected',
  delivered: 'Approved',
  viewed: 'Viewed',
  failed: 'Failed',
  withdrawn: 'Withdrawn',
};

export function senderLabel(status: MessageStatus): string {
  return SENDER_LABEL[status];
}

export function staffLabel(status: MessageStatus, audience: MessageAudience): string {
  if (status === 'delivered') return audience === 'facilitators' ? 'Approved (for facilitators only)' : 'Approved and delivered';
  if (status === 'viewed') return audience === 'facilitators' ? 'Viewed by a facilitator' : 'Viewed by the other side';
  return STAFF_LABEL[status];
}

/** The sentence under the label: what happens next, for the sender. */
export function senderDetail(m: Pick<MessageView, 'status' | 'audience' | 'statusReason'>): string {
  const who = m.audience === 'facilitators' ? 'your facilitator' : 'the other side';
  switch (m.status) {
    case 'recording':
      return 'Your facilitator is recording this message with you.';
    case 'uploading':
      return 'Your message is being sent to us. Keep this page open until it finishes.';
    case 'processing':
      return 'We received it and are preparing it safely. This usually takes a minute.';
    case 'pending_review':
      return m.audience === 'facilitators' ? 'Your facilitator will look at it soon.' : 'Your facilitator will look at it before it is passed on.';
    case 'changes_requested':
      return 'Your facilitator asked for some changes. You can record or write a new version.';
    case 'rejected':
      return 'Your facilitator decided not to pass this message on.';
    case 'delivered':
      return m.audience === 'facilitators' ? 'Your facilitator approved it. Only facilitators can see it.' : `Your facilitator approved it. It is now available to ${who}.`;
    case 'viewed':
      return m.audience === 'facilitators' ? 'A facilitator has seen it.' : 'The other side has seen it.';
    case 'failed':
      return 'Something went wrong and it was not sent. Nothing of it was passed on.';
    case 'withdrawn':
      return 'You withdrew this message. Every copy of it was deleted.';
  }
}

/** What the facilitator's note means for the sender: the reason or the changes asked for. */
export function reasonLabel(status: MessageStatus): string | null {
  if (status === 'changes_requested') return 'What your facilitator asked for';
  if (status === 'rejected') return 'The reason';
  if (status === 'failed') return 'What went wrong';
  return null;
}

/** A tone for the badge: the words carry the meaning, the colour only repeats it. */
export type StatusTone = 'progress' | 'waiting' | 'attention' | 'done' | 'problem' | 'ended';

const TONE: Record<MessageStatus, StatusTone> = {
  recording: 'progress',
  uploading: 'progress',
  processing: 'progress',
  pending_review: 'waiting',
  changes_requested: 'attention',
  rejected: 'problem',
  delivered: 'done',
  viewed: 'done',
  failed: 'problem',
  withdrawn: 'ended',
};

export function statusTone(status: MessageStatus): StatusTone {
  return TONE[status];
}

/** States the server is still working on: poll quickly while any message is in one. */
export const BUSY_STATUSES: readonly MessageStatus[] = ['uploading', 'processing', 'recording'];

export const FAST_POLL_MS = 2_000;
export const SLOW_POLL_MS = 10_000;

/** How long to wait before asking again: 2 s while something is uploading or processing, else 10 s. */
export function pollInterval(messages: readonly Pick<MessageView, 'status'>[], uploadingHere: boolean): number {
  return uploadingHere || messages.some((m) => BUSY_STATUSES.includes(m.status)) ? FAST_POLL_MS : SLOW_POLL_MS;
}

/** Messages from the other side that arrived and were not yet opened: the neutral notice counts these. */
export function unopened(messages: readonly Pick<MessageView, 'direction' | 'status'>[]): number {
  return messages.filter((m) => m.direction === 'received' && m.status === 'delivered').length;
}

/** The neutral in-app notice: no content, no sender. */
export function noticeText(count: number): string | null {
  if (count <= 0) return null;
  return count === 1 ? 'You have a new message' : `You have ${count} new messages`;
}

/** The review queue: waiting for review first (oldest first, as a queue), then the rest, newest first. */
export function reviewOrder<T extends Pick<MessageView, 'status' | 'createdAt' | 'submittedAt'>>(messages: readonly T[]): T[] {
  const waiting = messages.filter((m) => m.status === 'pending_review').sort((a, b) => time(a.submittedAt ?? a.createdAt) - time(b.submittedAt ?? b.createdAt));
  const rest = messages.filter((m) => m.status !== 'pending_review').sort((a, b) => time(b.createdAt) - time(a.createdAt));
  return [...waiting, ...rest];
}

/** Sent and received, newest first. */
export function newestFirst<T extends Pick<MessageView, 'createdAt'>>(messages: readonly T[]): T[] {
  return [...messages].sort((a, b) => time(b.createdAt) - time(a.createdAt));
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

/** A whole percentage 0..100 of `done` out of `total`; 0 when the total is unknown. */
export function percent(done: number, total: number | null): number {
  if (!total || total <= 0 || !Number.isFinite(done)) return 0;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/** Elapsed time as people read it: "0:07", "12:34", "1:02:03". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "12 minutes", "1 hour 30 minutes": the recording limit in words. */
export function durationWords(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (h === 0) return part(Math.max(1, m), 'minute');
  return m === 0 ? part(h, 'hour') : `${part(h, 'hour')} ${part(m, 'minute')}`;
}

/** "4.2 MB": a size for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

export const KIND_LABEL: Record<MessageKind, string> = { text: 'Written message', audio: 'Voice message', video: 'Video message' };

export function audienceLabel(audience: MessageAudience, otherSide: string): string {
  return audience === 'facilitators' ? 'For the facilitators only' : `For ${otherSide}`;
}
