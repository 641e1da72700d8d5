// /api/cases/:caseId/messages: the facilitator's review queue and decisions, and the case's
// message retention. Only facilitators assigned to the case (policy action message.review).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { ServiceError } from '../../cases/errors.ts';
import { CaseParams } from '../../cases/schemas.ts';
import { currentVersion, messageView } from '../../messages/views.ts';
import { RedactInput, RejectInput, RequestChangesInput, TrimInput } from '../../protocol/index.ts';
import { requireOnCase } from './auth.ts';
import type { ApiServices } from './services.ts';
import { body, params } from './validate.ts';

const MessageParams = z.object({ caseId: z.uuid(), id: z.uuid() });
const PlaybackInput = z.strictObject({ version: z.number().int().min(1).optional() });
const RetentionInput = z.strictObject({ days: z.number().int().min(1).max(3650) });

export function reviewRoutes(s: ApiServices): Router {
  const router = Router({ mergeParams: true });
  const m = s.messaging;
  const staffView = (msg: Parameters<typeof messageView>[0], staffId: string) => messageView(msg, { kind: 'staff', staffId });

  async function reviewer(req: Request, res: Parameters<typeof requireOnCase>[0]) {
    const { caseId, id } = params(req, MessageParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'message.review');
    return { caseId, id, reviewer: { staffId: staff.staffId } };
  }

  router.get('/messages', async (req, res) => {
    const { caseId } = params(req, CaseParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'message.review');
    const rows = await m.review.list(caseId);
    res.json({ messages: rows.map((row) => staffView(row, staff.staffId)) });
  });

  router.post('/messages/:id/approve', async (req, res) => {
    const { caseId, id, reviewer: r } = await reviewer(req, res);
    res.json(staffView(await m.review.approve(r, caseId, id), r.staffId));
  });

  router.post('/messages/:id/reject', async (req, res) => {
    const { caseId, id, reviewer: r } = await reviewer(req, res);
    res.json(staffView(await m.review.reject(r, caseId, id, body(req, RejectInput).reason), r.staffId));
  });

  router.post('/messages/:id/request-changes', async (req, res) => {
    const { caseId, id, reviewer: r } = await reviewer(req, res);
    res.json(staffView(await m.review.requestChanges(r, caseId, id, body(req, RequestChangesInput).note), r.staffId));
  });

  router.post('/messages/:id/trim', async (req, res) => {
    const { caseId, id, reviewer: r } = await reviewer(req, res);
    res.json(staffView(await m.review.trim(r, caseId, id, body(req, TrimInput)), r.staffId));
  });

  router.post('/messages/:id/redact', async (req, res) => {
    const { caseId, id, reviewer: r } = await reviewer(req, res);
    res.json(staffView(await m.review.redact(r, caseId, id, body(req, RedactInput).text), r.staffId));
  });

  router.post('/messages/:id/playback', async (req, res) => {
    const { caseId, id, reviewer: r } = await reviewer(req, res);
    const { version } = body(req, PlaybackInput);
    const message = await m.repo.inCase(caseId, id);
    const chosen = version ? message.versions.find((v) => v.number === version) : currentVersion(message);
    if (!chosen?.fileKey || !chosen.mimeType) throw new ServiceError('NOT_FOUND', 'this message has no recording to play');
    const grant = m.grants.issue(req, res, { messageId: id, version: chosen.number, viewer: { kind: 'staff', id: r.staffId }, recipient: message.audience === 'facilitators' && message.status === 'delivered' });
    res.json({ ...grant, mimeType: chosen.mimeType });
  });

  router.put('/message-retention', async (req, res) => {
    const { caseId } = params(req, CaseParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'message.retention');
    const { days } = body(req, RetentionInput);
    await s.prisma.$transaction(async (tx) => {
      await tx.case.update({ where: { id: caseId }, data: { messageRetentionDays: days } });
      await s.audit.record({ actor: { kind: 'staff', id: staff.staffId }, action: 'message.retention_changed', caseId, detail: { days } }, tx);
    });
    res.json({ days });
  });

  router.get('/message-retention', async (req, res) => {
    const { caseId } = params(req, CaseParams);
    await requireOnCase(res, s.cases, caseId, 'message.review');
    const found = await s.prisma.case.findUnique({ where: { id: caseId }, select: { messageRetentionDays: true } });
    res.json({ days: found?.messageRetentionDays ?? null });
  });

  return router;
}
