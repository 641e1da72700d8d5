// /api/me/consents and /api/me/messages: a party's consent and messages, signed in with their join
// token. /api/consent-texts: the wording, for anyone. /api/play/:token: view-only playback.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ServiceError } from '../../cases/errors.ts';
import { consentView } from '../../messages/consents.ts';
import { consentTexts } from '../../messages/consentTexts.ts';
import type { Messaging } from '../../messages/index.ts';
import { inboxSide, isDeliveredTo, type PartyIdentity } from '../../messages/partyMessages.ts';
import { streamFile } from '../../messages/playback.ts';
import { type MessageWithVersions, currentVersion } from '../../messages/views.ts';
import type { Logger } from '../../logger.ts';
import { ConsentInput, MaskingPolicy, NewMessageInput, NewVersionInput, OPEN_POLICY, UploadFailedInput } from '../../protocol/index.ts';
import { participantOf } from './auth.ts';
import type { ApiServices } from './services.ts';
import { body, params } from './validate.ts';

const IdParam = z.object({ id: z.uuid() });
const PlaybackInput = z.strictObject({ version: z.number().int().min(1).optional() });

export function consentTextRoutes(): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({ texts: consentTexts() });
  });
  return router;
}

/** The party as the messages layer sees them. */
export function partyOf(res: Response): PartyIdentity {
  const p = participantOf(res);
  return { caseId: p.caseId, casePartyId: p.casePartyId, participantId: p.participantId, role: p.role, side: p.side };
}

export function partyMessageRoutes(s: ApiServices): Router {
  const router = Router();
  const m = s.messaging;

  router.get('/consents', async (_req, res) => {
    const p = partyOf(res);
    res.json({ consents: (await m.consents.list(p.casePartyId)).map(consentView) });
  });

  router.post('/consents', async (req, res) => {
    const p = partyOf(res);
    const input = body(req, ConsentInput);
    const record = await m.consents.give({ caseId: p.caseId, casePartyId: p.casePartyId, participantId: p.participantId }, input.purpose, input.textVersion, { kind: 'participant', id: p.participantId });
    res.status(201).json(consentView(record));
  });

  router.post('/consents/:id/withdraw', async (req, res) => {
    const p = partyOf(res);
    const { id } = params(req, IdParam);
    const record = await m.consents.withdraw(p.casePartyId, id, { kind: 'participant', id: p.participantId });
    // Withdrawing recording consent withdraws the unviewed messages made under it.
    if (record.purpose === 'message_recording') {
      const made = await s.prisma.message.findMany({ where: { consentId: id, status: { notIn: ['viewed', 'withdrawn'] } }, select: { id: true } });
      for (const { id: messageId } of made) {
        const { uploadId } = await m.party.withdraw(p, messageId);
        await m.uploads.discard(uploadId);
      }
    }
    res.json(consentView(record));
  });

  router.get('/messages', async (_req, res) => {
    const p = partyOf(res);
    const [rows, participant] = await Promise.all([
      m.party.list(p),
      s.prisma.participant.findUnique({ where: { id: p.participantId }, select: { maskingPolicy: true } }),
    ]);
    const policy = MaskingPolicy.safeParse(participant?.maskingPolicy ?? OPEN_POLICY);
    const messages = await Promise.all(rows.map(async (row) => m.party.view(p, row, row.status === 'uploading' && row.uploadId && row.senderPartyId === p.casePartyId ? await m.uploads.progress(row.uploadId) : null)));
    res.json({
      messages,
      limits: m.limits,
      side: p.side,
      policy: policy.success ? policy.data : OPEN_POLICY,
      otherSide: { label: p.side === 'harmed' ? 'the person responsible' : 'the person harmed' },
      canSendToOtherSide: p.role === 'party' || p.role === 'supporter',
    });
  });

  router.post('/messages', async (req, res) => {
    const p = partyOf(res);
    const created = await m.party.create(p, body(req, NewMessageInput));
    res.status(201).json(m.party.view(p, created));
  });

  router.post('/messages/:id/versions', async (req, res) => {
    const p = partyOf(res);
    const { id } = params(req, IdParam);
    const input = body(req, NewVersionInput);
    res.json(m.party.view(p, await m.party.newVersion(p, id, input.text)));
  });

  router.post('/messages/:id/withdraw', async (req, res) => {
    const p = partyOf(res);
    const { id } = params(req, IdParam);
    const { message, uploadId } = await m.party.withdraw(p, id);
    await m.uploads.discard(uploadId);
    res.json(m.party.view(p, message));
  });

  router.post('/messages/:id/upload-failed', async (req, res) => {
    const p = partyOf(res);
    const { id } = params(req, IdParam);
    const { reason } = body(req, UploadFailedInput);
    const before = await m.party.visible(p, id);
    const failed = await m.party.uploadFailed(p, id, reason);
    await m.uploads.discard(before.uploadId);
    res.json(m.party.view(p, failed));
  });

  router.post('/messages/:id/open', async (req, res) => {
    const p = partyOf(res);
    const { id } = params(req, IdParam);
    res.json(m.party.view(p, await m.party.open(p, id)));
  });

  router.post('/messages/:id/playback', async (req, res) => {
    const p = partyOf(res);
    const { id } = params(req, IdParam);
    const { version } = body(req, PlaybackInput);
    const message = await m.party.visible(p, id);
    const own = message.senderPartyId === p.casePartyId;
    // A recipient plays the delivered version only; the sender may play any of their versions.
    const chosen = own && version ? message.versions.find((v) => v.number === version) : currentVersion(message);
    if (!chosen?.fileKey || !chosen.mimeType) throw new ServiceError('NOT_FOUND', 'this message has no recording to play');
    const grant = m.grants.issue(req, res, { messageId: id, version: chosen.number, viewer: { kind: 'party', id: p.participantId }, recipient: !own });
    res.json({ ...grant, mimeType: chosen.mimeType });
  });

  return router;
}

/** GET /api/play/:token — the grant must match this browser's session and still be allowed. */
export function playbackRoute(s: ApiServices, logger: Logger) {
  return async (req: Request, res: Response): Promise<void> => {
    const m = s.messaging;
    const token = z.string().min(1).max(2048).parse(req.params['token']);
    const claims = m.grants.verify(req, token);
    const message = await m.repo.load(claims.mid);
    const version = message?.versions.find((v) => v.number === claims.v);
    if (!message || !version?.fileKey || !version.mimeType || !(await stillAllowed(s, message, claims.vk, claims.sub, claims.rcp))) {
      throw new ServiceError('NOT_FOUND', 'this recording is no longer available');
    }
    const file = await m.files.store.open(message.caseId, version.fileKey);
    // The recipient's first bytes are the view: audited every time a playback starts.
    const firstBytes = !req.headers.range || /^bytes=0-/.test(req.headers.range);
    if (claims.rcp && firstBytes && req.method === 'GET') {
      await m.party.markViewed(message, { kind: claims.vk === 's' ? 'staff' : 'participant', id: claims.sub });
    } else if (!claims.rcp && firstBytes && req.method === 'GET') {
      await s.audit.record({ actor: { kind: claims.vk === 's' ? 'staff' : 'participant', id: claims.sub }, action: 'message.played', caseId: message.caseId, subjectId: message.id, detail: { version: version.number, by: claims.vk === 's' ? 'staff' : 'sender' } });
    }
    streamFile(req, res, file, version.mimeType, logger);
  };
}

/** Re-checks, on every request, that the viewer may still play the message. */
async function stillAllowed(s: ApiServices, message: MessageWithVersions, kind: 'p' | 's', viewerId: string, recipient: boolean): Promise<boolean> {
  if (kind === 's') {
    const access = await s.cases.access(message.caseId);
    return access !== null && access.facilitatorIds.includes(viewerId);
  }
  const participant = await s.prisma.participant.findUnique({ where: { id: viewerId }, select: { casePartyId: true, role: true, side: true, removedAt: true } });
  if (!participant || participant.removedAt || !participant.casePartyId) return false;
  if (!recipient) return participant.casePartyId === message.senderPartyId;
  return isDeliveredTo(message, inboxSide(participant));
}
