// The case timeline, newest first. Coordinators read the audit log (GET …/audit); facilitators
// may not, so for them the timeline is rebuilt from the dated facts of the case record itself.
// Names shown are pseudonyms and staff names only, as in the audit log. Pure, for unit tests.
import { auditActionText, MEETING_KIND, OUTCOME, RISK, SIDE_GROUP } from '../labels.ts';
import type { AuditView, CaseDetail } from '../schemas.ts';

export interface TimelineEntry {
  readonly key: string;
  /** ISO instant, or `YYYY-MM-DD` for calendar days. */
  readonly at: string;
  readonly text: string;
  /** Who did it, when known. */
  readonly who: string | null;
  /** A detail line: the person or meeting it was about. */
  readonly about: string | null;
}

/** Names the case page may show for ids in the log: pseudonyms, meeting titles, staff names. */
export function nameIndex(kase: CaseDetail): Map<string, string> {
  const names = new Map<string, string>();
  for (const p of kase.parties) names.set(p.id, p.pseudonym);
  for (const f of kase.facilitators) names.set(f.id, f.displayName);
  for (const m of kase.meetings) {
    names.set(m.id, m.title);
    for (const p of m.participants) {
      names.set(p.participantId, p.displayName);
      for (const inv of p.invitations) names.set(inv.id, `link for ${p.displayName}`);
    }
  }
  return names;
}

export function auditTimeline(events: readonly AuditView[], kase: CaseDetail): TimelineEntry[] {
  const names = nameIndex(kase);
  return events.map((e) => {
    const who = e.actorName ?? (e.actorId ? (names.get(e.actorId) ?? null) : e.actorKind === 'system' ? 'System' : null);
    const subject = e.subjectId ? names.get(e.subjectId) : undefined;
    const meeting = e.meetingId ? names.get(e.meetingId) : undefined;
    const about = [subject, meeting && meeting !== subject ? meeting : undefined].filter(Boolean).join(' · ');
    return { key: `audit-${e.id}`, at: e.at, text: auditActionText(e.action), who, about: about || null };
  });
}

/** Newest first; calendar days (`YYYY-MM-DD`) sort as the start of that day. */
export function newestFirst(entries: TimelineEntry[]): TimelineEntry[] {
  const time = (at: string) => new Date(at.length === 10 ? `${at}T00:00:00` : at).getTime();
  return [...entries].sort((a, b) => time(b.at) - time(a.at));
}

export function recordTimeline(kase: CaseDetail): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const add = (key: string, at: string | null, text: string, about: string | null = null, who: string | null = null): void => {
    if (at) out.push({ key, at, text, who, about });
  };
  add('created', kase.createdAt, 'Case created');
  add('first-contact', kase.firstContactOn, 'First contact');
  for (const r of kase.riskHistory) add(`risk-${r.id}`, r.assessedAt, `Risk assessed: ${RISK[r.level]}`, r.note, r.assessedBy);
  for (const p of kase.parties) add(`party-${p.id}`, p.createdAt, 'Person added', `${p.pseudonym} (${SIDE_GROUP[p.side].toLowerCase()})`);
  for (const m of kase.meetings) {
    const title = m.kind && m.title !== MEETING_KIND[m.kind] ? `${m.title} (${MEETING_KIND[m.kind].toLowerCase()})` : m.title;
    add(`meeting-${m.id}`, m.createdAt, 'Meeting created', title);
    add(`meeting-start-${m.id}`, m.startedAt, 'Meeting started', title);
    add(`meeting-end-${m.id}`, m.endedAt, 'Meeting ended', title);
    add(`feedback-${m.id}`, m.feedback?.submittedAt ?? null, 'Post-meeting feedback saved', title);
    for (const p of m.participants) {
      if (p.role === 'facilitator') continue;
      for (const inv of p.invitations) {
        const about = `${p.displayName} · ${m.title}`;
        add(`inv-${inv.id}`, inv.createdAt, inv.hasPin ? 'Join link created, with a PIN' : 'Join link created', about);
        add(`inv-used-${inv.id}`, inv.usedAt, 'Join link opened', about);
        add(`inv-revoked-${inv.id}`, inv.revokedAt, 'Join link withdrawn', about);
        add(`inv-locked-${inv.id}`, inv.lockedAt, 'Join link locked after wrong PINs', about);
      }
    }
  }
  if (kase.closedAt) add('closed', kase.closedAt, kase.outcome ? `Case closed: ${OUTCOME[kase.outcome]}` : 'Case closed', kase.notProgressedReason);
  return newestFirst(out);
}
