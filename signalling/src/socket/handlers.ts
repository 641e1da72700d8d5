// Thin request handlers: each validates nothing itself (bind.ts already did), asks the room
// machine or the SFU, and returns the ack data. Placement rules live in the room machine.
import type { MediaTypes as types, MeetingMedia, Sfu } from '@common-ground/sfu-server';
import type { JoinIdentity } from '../auth/tokens.ts';
import { turnCredentials, type TurnConfig } from '../auth/turn.ts';
import type { AppSocket, LiveMeeting } from '../meetings/liveMeeting.ts';
import type { MeetingRegistry } from '../meetings/registry.ts';
import { ProtocolError, type RtpCapabilities } from '../protocol/index.ts';
import { canConsume, peerInfo, visiblePeers } from '../room/index.ts';
import type { RequestHandlers } from './bind.ts';

export interface Session {
  readonly socket: AppSocket;
  readonly identity: JoinIdentity;
  readonly registry: MeetingRegistry;
  readonly sfu: Sfu;
  /** TURN relay settings, if configured. */
  readonly turn: TurnConfig | undefined;
  /** Set once `meeting.join` succeeded on this socket. */
  joined?: { meeting: LiveMeeting; rtpCapabilities: RtpCapabilities } | undefined;
}

function joinedMeeting(session: Session): LiveMeeting {
  if (!session.joined) throw new ProtocolError('PERMISSION_DENIED', 'join the meeting first');
  return session.joined.meeting;
}

/** The meeting's media with this participant in it (re-added after a media reset). */
async function joinedMedia(session: Session): Promise<MeetingMedia> {
  if (!session.joined) throw new ProtocolError('PERMISSION_DENIED', 'join the meeting first');
  const { participantId, meetingId } = session.identity;
  const media = await session.sfu.meeting(meetingId);
  if (!media.hasPeer(participantId)) {
    media.addPeer(participantId);
    media.setRtpCapabilities(participantId, session.joined.rtpCapabilities as types.RtpCapabilities);
  }
  return media;
}

export const handlers: RequestHandlers<Session> = {
  async 'meeting.rtpCapabilities'(session) {
    await session.registry.get(session.identity.meetingId);
    const media = await session.sfu.meeting(session.identity.meetingId);
    return { rtpCapabilities: media.rtpCapabilities };
  },

  async 'meeting.join'(session, { displayName, rtpCapabilities }) {
    if (session.joined) throw new ProtocolError('CONFLICT', 'already joined on this connection');
    const { meetingId, participantId, role } = session.identity;
    const meeting = await session.registry.get(meetingId);
    const media = await session.sfu.meeting(meetingId);
    meeting.join(session.socket, { type: 'join', participantId, displayName, role });
    media.addPeer(participantId);
    media.setRtpCapabilities(participantId, rtpCapabilities as types.RtpCapabilities);
    session.joined = { meeting, rtpCapabilities };
    const self = meeting.state.participants[participantId];
    if (!self) throw new ProtocolError('INTERNAL', 'join did not register the participant');
    return {
      self: peerInfo(self),
      peers: visiblePeers(meeting.state, participantId),
      meeting: { id: meetingId, title: meeting.state.title },
    };
  },

  async 'meeting.leave'(session) {
    const meeting = joinedMeeting(session);
    meeting.leave(session.socket, session.identity.participantId, 'left');
    session.joined = undefined;
    return {};
  },

  async 'transport.create'(session, { direction }) {
    const media = await joinedMedia(session);
    const transport = await media.createTransport(session.identity.participantId, direction);
    return { ...transport, iceServers: turnCredentials(session.turn, session.identity.participantId) };
  },

  async 'transport.connect'(session, { transportId, dtlsParameters }) {
    const media = await joinedMedia(session);
    await media.connectTransport(session.identity.participantId, transportId, dtlsParameters as types.DtlsParameters);
    return {};
  },

  async 'producer.create'(session, { transportId, kind, rtpParameters }) {
    const meeting = joinedMeeting(session);
    const media = await joinedMedia(session);
    const { participantId } = session.identity;
    const { producerId } = await media.produce(participantId, transportId, kind, rtpParameters as types.RtpParameters);
    try {
      meeting.apply({ type: 'producerAdded', participantId, producerId, kind });
    } catch (err) {
      media.closeProducer(participantId, producerId);
      throw err;
    }
    return { producerId };
  },

  async 'producer.close'(session, { producerId }) {
    const meeting = joinedMeeting(session);
    const media = await joinedMedia(session);
    const { participantId } = session.identity;
    media.closeProducer(participantId, producerId);
    meeting.apply({ type: 'producerRemoved', participantId, producerId });
    return {};
  },

  async 'producer.pause'(session, { producerId }) {
    return setPaused(session, producerId, true);
  },

  async 'producer.resume'(session, { producerId }) {
    return setPaused(session, producerId, false);
  },

  async 'consumer.create'(session, { transportId, producerId }) {
    const meeting = joinedMeeting(session);
    const media = await joinedMedia(session);
    return media.consume(session.identity.participantId, transportId, producerId, (consumer, owner) =>
      canConsume(meeting.state, consumer, owner),
    );
  },

  async 'consumer.resume'(session, { consumerId }) {
    const media = await joinedMedia(session);
    await media.resumeConsumer(session.identity.participantId, consumerId);
    return {};
  },
};

async function setPaused(session: Session, producerId: string, paused: boolean): Promise<Record<string, never>> {
  const meeting = joinedMeeting(session);
  const media = await joinedMedia(session);
  const { participantId } = session.identity;
  await media.setProducerPaused(participantId, producerId, paused);
  meeting.apply({ type: 'producerPaused', participantId, producerId, paused });
  return {};
}
