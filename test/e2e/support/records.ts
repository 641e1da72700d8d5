// What the app server recorded, read through the test-only control server: the audit log of a
// meeting, and the SFU's producers and consumers (the media ledger, see media-ledger.ts).
import { inject } from 'vitest';
import type { AuditRecord } from './control-server.ts';
import type { LedgerConsumer, LedgerSnapshot } from './media-ledger.ts';

export type { AuditRecord } from './control-server.ts';
export type { LedgerConsumer, LedgerProducer, LedgerSnapshot } from './media-ledger.ts';

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`${inject('controlUrl')}${path}`);
  if (!res.ok) throw new Error(`GET ${path} failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export function auditEvents(meetingId: string): Promise<AuditRecord[]> {
  return getJson(`/meetings/${encodeURIComponent(meetingId)}/audit`);
}

/** An audit entry a test expects: the action, and optionally who did it and to whom. */
export interface ExpectedAudit {
  action: string;
  actorId?: string;
  subjectId?: string | null;
  /** Fields that must match in `detail`. */
  detail?: Record<string, unknown>;
}

function matches(record: AuditRecord, want: ExpectedAudit): boolean {
  if (record.action !== want.action) return false;
  if (want.actorId !== undefined && record.actorId !== want.actorId) return false;
  if (want.subjectId !== undefined && record.subjectId !== want.subjectId) return false;
  const detail = (record.detail ?? {}) as Record<string, unknown>;
  return Object.entries(want.detail ?? {}).every(([k, v]) => JSON.stringify(detail[k]) === JSON.stringify(v));
}

/**
 * The expected entries that are not in the meeting's audit log. Audit rows are written in the
 * background after each action, so this waits (up to `timeoutMs`) for them to appear; the result
 * is empty when all of them did.
 */
export async function missingAudit(meetingId: string, expected: readonly ExpectedAudit[], timeoutMs = 5_000): Promise<{ missing: ExpectedAudit[]; log: AuditRecord[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await auditEvents(meetingId);
    const missing = expected.filter((want) => !log.some((r) => matches(r, want)));
    if (missing.length === 0 || Date.now() > deadline) return { missing, log };
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A compact line per audit row, for failure messages. */
export function describeAudit(log: readonly AuditRecord[]): string {
  return log.map((r) => `${r.action} actor=${r.actorId} subject=${r.subjectId} ${JSON.stringify(r.detail)}`).join('\n');
}

export function mediaLedger(participantIds: readonly string[]): Promise<LedgerSnapshot> {
  const query = participantIds.map((id) => `participant=${encodeURIComponent(id)}`).join('&');
  return getJson(`/media?${query}`);
}

/** Consumers at the SFU through which `receiverId` gets media produced by `senderId`. */
export async function consumersBetween(senderId: string, receiverId: string): Promise<LedgerConsumer[]> {
  const ledger = await mediaLedger([senderId, receiverId]);
  return ledger.consumers.filter((c) => c.participantId === receiverId && c.producerParticipantId === senderId);
}
