// Entering and leaving the live session, breaks, and chat: requests any participant may make.
import type { MediaTypes as types } from '@common-ground/sfu-server';
import { ProtocolError } from '../protocol/index.ts';
import { chatHistory } from '../room/index.ts';
import type { RequestHandlers } from './bind.ts';
import { joinedMeeting, type Session } from './session.ts';

type MeetingRequests = 'meeting.rtpCapabilities' | 'meeting.join' | 'meeting.leave' | 'self.timeout' | 'chat.send';

export const meetingHandlers: Pick<RequestHandlers<Session>, MeetingRequests> = {
  async 'meeting.rtpCapabilities'(session) {
    const meeting = await session.registry.get(session.identity.meetingId);
    if (meeting.state.ended) throw new ProtocolError('MEETING_ENDED', 'this meeting has ended');
    const media = await session.sfu.meeting(session.identity.meetingId);
    return { rtpCapabilities: media.rtpCapabilities };
  },

  async 'meeting.join'(session, { displayName, rtpCapabilities }) {
    if (session.joined) throw new ProtocolError('CONFLICT', 'already joined on this connection');
    const { meetingId, participantId, role, side } = session.identity;
    let meeting = await session.registry.get(meetingId);
    let media = await session.sfu.meeting(meetingId);
    if (session.registry.find(meetingId) !== meeting) {
      // Unloaded while we waited (it had been empty for the idle time): load it afresh, once.
      meeting = await session.registry.get(meetingId);
      media = await session.sfu.meeting(meetingId);
    }
    const view = meeting.join(session.socket, { type: 'join', participantId, displayName, role, side });
    media.addPeer(participantId);
    media.setRtpCapabilities(participantId, rtpCapabilities as types.RtpCapabilities);
    session.joined = { meeting, rtpCapabilities };
    const alternates = session.cluster.shared ? await session.cluster.otherNodeUrls().catch(() => []) : [];
    return { meeting: { id: meetingId, title: meeting.state.title }, view, chat: chatHistory(meeting.state, participantId), ...(alternates.length > 0 ? { alternates } : {}) };
  },

  async 'meeting.leave'(session) {
    joinedMeeting(session).leave(session.socket, session.identity.participantId);
    session.joined = undefined;
    return {};
  },

  async 'self.timeout'(session, { on }) {
    await joinedMeeting(session).apply({ type: 'timeout', participantId: session.identity.participantId, on });
    return {};
  },

  async 'chat.send'(session, { roomId, text }) {
    const meeting = joinedMeeting(session);
    const id = meeting.state.nextMessageId;
    await meeting.apply({ type: 'chat', participantId: session.identity.participantId, roomId, text, at: new Date().toISOString() });
    const message = chatHistory(meeting.state, session.identity.participantId).find((m) => m.id === id);
    if (!message) throw new ProtocolError('INTERNAL', 'the message was not stored');
    return { message };
  },
};
