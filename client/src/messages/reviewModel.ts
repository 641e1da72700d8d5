// The facilitator's review, as pure decisions: which actions a message offers, what a trim range
// must satisfy, and the words each action's result is told with. Unit-tested.
import type { MessageVersionView, MessageView } from '@common-ground/signalling/protocol';

export interface ReviewActions {
  readonly approve: boolean;
  readonly reject: boolean;
  readonly requestChanges: boolean;
  readonly trim: boolean;
  readonly redact: boolean;
}

/** Every decision is made on a message waiting for review (the server refuses the rest). */
export function reviewActions(m: Pick<MessageView, 'status' | 'kind' | 'current'>): ReviewActions {
  const waiting = m.status === 'pending_review';
  const media = m.kind !== 'text' && m.current?.mimeType != null;
  return { approve: waiting, reject: waiting, requestChanges: waiting, trim: waiting && media, redact: waiting && m.kind === 'text' };
}

/** Seconds with one decimal, as typed in a number field. */
export function roundSeconds(seconds: number): number {
  return Math.round(Math.max(0, seconds) * 10) / 10;
}

/** Why a trim range cannot be used, or null. `durationSeconds` null: the length is not known. */
export function trimProblem(start: number, end: number, durationSeconds: number | null): string | null {
  if (!Number.isFinite(start) || !Number.isFinite(end)) return 'Enter the start and the end in seconds.';
  if (start < 0) return 'The start cannot be before the beginning.';
  if (end <= start) return 'The end must be after the start.';
  if (durationSeconds !== null && end > durationSeconds + 0.05) return `The end cannot be after the recording ends (${roundSeconds(durationSeconds)} s).`;
  if (durationSeconds !== null && start === 0 && end >= durationSeconds - 0.05) return 'That keeps the whole recording: move the start or the end.';
  return null;
}

/** The length of a version in seconds, if known. */
export function versionSeconds(v: Pick<MessageVersionView, 'durationMs'> | null | undefined): number | null {
  return v?.durationMs != null ? v.durationMs / 1000 : null;
}

const ORIGIN: Record<MessageVersionView['origin'], string> = {
  typed: 'written',
  browser_recording: 'recorded in the browser',
  upload: 'uploaded file',
  live_recording: 'recorded in a meeting',
  trimmed: 'trimmed by a facilitator',
  redacted: 'edited by a facilitator',
};

/** "Version 2: trimmed by a facilitator, 0:12". */
export function versionLabel(v: Pick<MessageVersionView, 'number' | 'origin' | 'durationMs'>): string {
  const length = v.durationMs != null ? `, ${Math.floor(v.durationMs / 60000)}:${String(Math.floor((v.durationMs % 60000) / 1000)).padStart(2, '0')}` : '';
  return `Version ${v.number}: ${ORIGIN[v.origin]}${length}`;
}

export type ReviewDecision = 'approve' | 'reject' | 'request-changes' | 'trim' | 'redact';

/** What to tell the facilitator after an action worked. */
export function decisionDone(decision: ReviewDecision, m: Pick<MessageView, 'audience' | 'status'>): string {
  switch (decision) {
    case 'approve':
      return m.audience === 'facilitators' ? 'Approved. It stays with the facilitators.' : 'Approved. The other side can now play it.';
    case 'reject':
      return 'Rejected. The sender sees your reason.';
    case 'request-changes':
      return 'Sent back. The sender sees your note and can make a new version.';
    case 'trim':
      return m.status === 'processing' ? 'Trimming… The new version appears here when it is ready.' : 'Trimmed: the new version is below. Play it, then approve it.';
    case 'redact':
      return 'Saved as a new version. Approve it to pass it on.';
  }
}
