// What each viewer sees of a message. The sender sees every state and reason; a recipient sees only
// delivered messages, their current version, and the sender's pseudonym; staff see every version.
import type { Message, MessageVersion } from '@common-ground/prisma';
import type { MessageVersionView, MessageView, Side } from '../protocol/index.ts';

export type MessageWithVersions = Message & { versions: MessageVersion[]; senderParty: { pseudonym: string } };

/** Who is looking. */
export type Viewer =
  | { kind: 'party'; casePartyId: string; side: Side | null }
  | { kind: 'staff'; staffId: string };

/** Statuses a recipient can see (after a facilitator approved). */
export const DELIVERED = ['delivered', 'viewed'] as const;

export function versionView(v: MessageVersion): MessageVersionView {
  return {
    id: v.id,
    number: v.number,
    origin: v.origin,
    text: v.text,
    mimeType: v.mimeType,
    sizeBytes: v.sizeBytes,
    durationMs: v.durationMs,
    createdAt: v.createdAt.toISOString(),
  };
}

export function currentVersion(m: { currentVersion: number; versions: MessageVersion[] }): MessageVersion | null {
  return m.versions.find((v) => v.number === m.currentVersion) ?? null;
}

/** Whether the sender may still withdraw it: anything not yet viewed, withdrawn or rejected. */
export function withdrawable(status: Message['status']): boolean {
  return status !== 'viewed' && status !== 'withdrawn';
}

export function directionFor(m: Message, viewer: Viewer): MessageView['direction'] {
  if (viewer.kind === 'staff') return 'review';
  return m.senderPartyId === viewer.casePartyId ? 'sent' : 'received';
}

export interface ViewExtras {
  upload?: MessageView['upload'];
  /** For a received text message not yet opened: show the text anyway (opening it counts as viewing). */
  revealText?: boolean;
}

export function messageView(m: MessageWithVersions, viewer: Viewer, extras: ViewExtras = {}): MessageView {
  const direction = directionFor(m, viewer);
  const current = currentVersion(m);
  const received = direction === 'received';
  const delivered = (DELIVERED as readonly string[]).includes(m.status);
  let currentView = current ? versionView(current) : null;
  if (received && currentView && m.kind === 'text' && !m.viewedAt && !extras.revealText) currentView = { ...currentView, text: null };
  return {
    id: m.id,
    kind: m.kind,
    audience: m.audience,
    direction,
    senderLabel: direction === 'sent' ? 'You' : m.senderParty.pseudonym,
    senderSide: m.senderSide,
    status: m.status,
    statusReason: received ? null : m.statusReason,
    noReply: m.noReply,
    canReply: received && delivered && !m.noReply && m.audience === 'other_side',
    canWithdraw: direction === 'sent' && withdrawable(m.status),
    replyToId: m.replyToId,
    trainingConsent: m.trainingConsentId !== null,
    createdAt: m.createdAt.toISOString(),
    submittedAt: m.submittedAt?.toISOString() ?? null,
    deliveredAt: m.deliveredAt?.toISOString() ?? null,
    viewedAt: m.viewedAt?.toISOString() ?? null,
    current: currentView,
    // A recipient sees the delivered version only; the sender and staff see the history.
    versions: received ? (currentView ? [currentView] : []) : m.versions.map(versionView),
    upload: extras.upload ?? null,
  };
}
