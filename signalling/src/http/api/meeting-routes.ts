// /api/cases/:caseId/meetings and /api/cases/:caseId/invitations: meetings on a case, invitees,
// join links, a facilitator's own join token, and the post-meeting form.
import { Router } from 'express';
import { AddInvitee, CaseParams, Feedback, InvitationParams, MeetingChange, MeetingParams, NewInvitation, NewMeeting } from '../../cases/schemas.ts';
import { requireOnCase } from './auth.ts';
import type { ApiServices } from './services.ts';
import { body, params } from './validate.ts';

export function meetingRoutes(s: ApiServices): Router {
  const router = Router({ mergeParams: true });

  router.get('/meetings', async (req, res) => {
    const { caseId } = params(req, CaseParams);
    await requireOnCase(res, s.cases, caseId, 'case.read');
    res.json({ meetings: await s.meetings.listForCase(caseId) });
  });

  /** Creates the meeting and, for each invited party, a link (and PIN): shown in this response only. */
  router.post('/meetings', async (req, res) => {
    const { caseId } = params(req, CaseParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'meeting.write');
    res.status(201).json(await s.meetings.create(caseId, body(req, NewMeeting), staff));
  });

  router.get('/meetings/:meetingId', async (req, res) => {
    const { caseId, meetingId } = params(req, MeetingParams);
    await requireOnCase(res, s.cases, caseId, 'case.read');
    res.json({ meeting: await s.meetings.get(caseId, meetingId) });
  });

  router.patch('/meetings/:meetingId', async (req, res) => {
    const { caseId, meetingId } = params(req, MeetingParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'meeting.write');
    res.json({ meeting: await s.meetings.update(caseId, meetingId, body(req, MeetingChange), staff) });
  });

  router.post('/meetings/:meetingId/participants', async (req, res) => {
    const { caseId, meetingId } = params(req, MeetingParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'meeting.write');
    res.status(201).json({ meeting: await s.meetings.addInvitee(caseId, meetingId, body(req, AddInvitee).partyId, staff) });
  });

  /** A new link for one invitee; their earlier unused links are revoked. */
  router.post('/meetings/:meetingId/invitations', async (req, res) => {
    const { caseId, meetingId } = params(req, MeetingParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'invitation.write');
    const { participantId, withPin, expiresInHours } = body(req, NewInvitation);
    res.status(201).json(await s.invitations.create(caseId, meetingId, participantId, { withPin, expiresInHours }, staff));
  });

  router.post('/invitations/:invitationId/revoke', async (req, res) => {
    const { caseId, invitationId } = params(req, InvitationParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'invitation.write');
    res.json({ invitation: await s.invitations.revoke(caseId, invitationId, staff) });
  });

  /** The signed-in facilitator's own join token for this meeting. */
  router.post('/meetings/:meetingId/join', async (req, res) => {
    const { caseId, meetingId } = params(req, MeetingParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'meeting.join');
    res.json(await s.meetings.joinAsStaff(caseId, meetingId, { ...staff, displayName: staff.view.displayName }));
  });

  router.put('/meetings/:meetingId/feedback', async (req, res) => {
    const { caseId, meetingId } = params(req, MeetingParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'feedback.write');
    res.json({ meeting: await s.meetings.saveFeedback(caseId, meetingId, body(req, Feedback), staff) });
  });

  return router;
}
