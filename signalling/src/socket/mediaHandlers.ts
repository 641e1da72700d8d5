// Transports, producers and consumers. Pauses go through the room machine first, so a hard mute
// is refused before the SFU is touched; every consume is checked against placement by the SFU.
import type { MediaTypes as types } from '@common-ground/sfu-server';
import { iceOptions } from '../auth/turn.ts';
import { canConsumeProducer, policyOf, produceRefusal } from '../room/index.ts';
import type { RequestHandlers } from './bind.ts';
import { joinedMedia, joinedMeeting, type Session } from './session.ts';

type MediaRequests = 'transport.create' | 'transport.connect' | 'producer.create' | 'producer.close' | 'producer.pause' | 'producer.resume' | 'consumer.create' | 'consumer.resume';

export const mediaHandlers: Pick<RequestHandlers<Session>, MediaRequests> = {
  async 'transport.create'(session, { direction }) {
    const media = await joinedMedia(session);
    const transport = await media.createTransport(session.identity.participantId, direction);
    return { ...transport, ...iceOptions(session.turn, session.identity.participantId) };
  },

  async 'transport.connect'(session, { transportId, dtlsParameters }) {
    const media = await joinedMedia(session);
    await media.connectTransport(session.identity.participantId, transportId, dtlsParameters as types.DtlsParameters);
    return {};
  },

  async 'producer.create'(session, { transportId, kind, rtpParameters, masking }) {
    const meeting = joinedMeeting(session);
    const { participantId } = session.identity;
    // Refused before mediasoup sees a packet; the machine checks again when the producer is added.
    const refusal = produceRefusal(policyOf(meeting.state, participantId), kind, masking);
    if (refusal) throw refusal;
    const media = await joinedMedia(session);
    const { producerId } = await media.produce(participantId, transportId, kind, rtpParameters as types.RtpParameters);
    try {
      await meeting.apply({ type: 'producerAdded', participantId, producerId, kind, masking });
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
    await meeting.apply({ type: 'producerRemoved', participantId, producerId });
    return {};
  },

  async 'producer.pause'(session, { producerId }) {
    await joinedMeeting(session).apply({ type: 'producerPaused', participantId: session.identity.participantId, producerId, paused: true });
    return {};
  },

  async 'producer.resume'(session, { producerId }) {
    await joinedMeeting(session).apply({ type: 'producerPaused', participantId: session.identity.participantId, producerId, paused: false });
    return {};
  },

  async 'consumer.create'(session, { transportId, producerId }) {
    const meeting = joinedMeeting(session);
    const media = await joinedMedia(session);
    return media.consume(session.identity.participantId, transportId, producerId, (consumer, owner, producer) =>
      canConsumeProducer(meeting.state, consumer, owner, producer),
    );
  },

  async 'consumer.resume'(session, { consumerId }) {
    const media = await joinedMedia(session);
    await media.resumeConsumer(session.identity.participantId, consumerId);
    return {};
  },
};
