// /api/me: what a party may see, signed in with their join token (Authorization: Bearer).
// Only their own participant, their own meetings and their own data: never the other side's.
import { Router } from 'express';
import { exportParty } from '../../cases/export.ts';
import { notFound } from '../../cases/errors.ts';
import { participantOf } from './auth.ts';
import type { ApiServices } from './services.ts';

export function meRoutes(s: ApiServices): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    const me = participantOf(res);
    const row = await s.prisma.participant.findUnique({
      where: { id: me.participantId },
      select: { displayName: true, meeting: { select: { id: true, title: true, kind: true, status: true, scheduledAt: true } } },
    });
    if (!row) throw notFound('participant');
    res.json({
      participant: { participantId: me.participantId, role: me.role, side: me.side, displayName: row.displayName },
      meeting: { id: row.meeting.id, title: row.meeting.title, kind: row.meeting.kind, status: row.meeting.status, scheduledAt: row.meeting.scheduledAt?.toISOString() ?? null },
    });
  });

  /** The meetings this person is invited to (through any of their links). */
  router.get('/meetings', async (_req, res) => {
    const me = participantOf(res);
    const rows = await s.prisma.participant.findMany({
      where: { casePartyId: me.casePartyId, removedAt: null },
      orderBy: { createdAt: 'asc' },
      select: { id: true, meeting: { select: { id: true, title: true, kind: true, status: true, scheduledAt: true } } },
    });
    res.json({
      meetings: rows.map((r) => ({
        meetingId: r.meeting.id,
        participantId: r.id,
        title: r.meeting.title,
        kind: r.meeting.kind,
        status: r.meeting.status,
        scheduledAt: r.meeting.scheduledAt?.toISOString() ?? null,
      })),
    });
  });

  /** The person's own subject access export. */
  router.get('/export', async (_req, res) => {
    const me = participantOf(res);
    const data = await exportParty(s.prisma, me.caseId, me.casePartyId);
    await s.audit.record({ actor: { kind: 'participant', id: me.participantId }, action: 'party.exported', caseId: me.caseId, subjectId: me.casePartyId, detail: { side: data.person.side, by: 'self' } });
    res.attachment('my-data.json').json(data);
  });

  return router;
}
