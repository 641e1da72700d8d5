// The one protocol table. Every socket.io event, its payload schema and (for requests) its
// response schema live here; the typed event maps and the runtime checks both derive from it.
import { z } from 'zod';
import {
  DtlsParameters,
  Id,
  MediaKind,
  RtpCapabilities,
  RtpParameters,
  TransportOptions,
} from './media.ts';
import { MaskingPolicy, ProducerMasking } from './masking.ts';
import { recordingNotifications, recordingRequests } from './recording.ts';
import { singleLine } from './text.ts';
import {
  ChatMessage,
  ChatText,
  NoticeKind,
  ParticipantView,
  RoomId,
  RoomName,
  SessionEndReason,
} from './rooms.ts';

export const DisplayName = singleLine(64);

const empty = z.object({}).strict();

/** Client → server requests, each answered with an ack `{ok:true,data}|{ok:false,error}`. */
export const requests = {
  /** Enter the meeting's live session. Must come first; answers who is already there. */
  'meeting.join': {
    req: z.object({ displayName: DisplayName, rtpCapabilities: RtpCapabilities }).strict(),
    res: z.object({
      meeting: z.object({ id: Id, title: z.string() }),
      view: ParticipantView,
      /** Chat messages this participant received earlier in the session (after a reload). */
      chat: z.array(ChatMessage),
      /** Other Common Ground nodes to reconnect through if this one stops answering (several-node setups). */
      alternates: z.array(z.url()).max(32).optional(),
    }),
  },
  /** The router's RTP capabilities, needed to load the mediasoup-client Device before joining. */
  'meeting.rtpCapabilities': {
    req: empty,
    res: z.object({ rtpCapabilities: RtpCapabilities }),
  },
  'meeting.leave': { req: empty, res: z.object({}) },
  'transport.create': {
    req: z.object({ direction: z.enum(['send', 'recv']) }).strict(),
    res: TransportOptions,
  },
  'transport.connect': {
    req: z.object({ transportId: Id, dtlsParameters: DtlsParameters }).strict(),
    res: z.object({}),
  },
  /** `masking` declares what the track carries; the participant's policy may require one. */
  'producer.create': {
    req: z.object({ transportId: Id, kind: MediaKind, rtpParameters: RtpParameters, masking: ProducerMasking.default('off') }).strict(),
    res: z.object({ producerId: Id }),
  },
  'producer.close': { req: z.object({ producerId: Id }).strict(), res: z.object({}) },
  'producer.pause': { req: z.object({ producerId: Id }).strict(), res: z.object({}) },
  'producer.resume': { req: z.object({ producerId: Id }).strict(), res: z.object({}) },
  /** Consumers are created paused; the client resumes them once its side is ready. */
  'consumer.create': {
    req: z.object({ transportId: Id, producerId: Id }).strict(),
    res: z.object({
      consumerId: Id,
      producerId: Id,
      participantId: Id,
      kind: MediaKind,
      rtpParameters: RtpParameters,
    }),
  },
  'consumer.resume': { req: z.object({ consumerId: Id }).strict(), res: z.object({}) },

  // ── placement and facilitator controls (facilitators only unless noted) ──
  /** Move someone from their waiting room into the main room. */
  'participant.admit': { req: z.object({ participantId: Id }).strict(), res: z.object({}) },
  /** Move anyone (a facilitator may move themselves) to any room placement allows. */
  'participant.move': { req: z.object({ participantId: Id, roomId: RoomId }).strict(), res: z.object({}) },
  /** Everyone in separate rooms back to the main room (waiting and time-out rooms are left alone). */
  'meeting.gather': { req: empty, res: z.object({}) },
  'room.create': { req: z.object({ name: RoomName }).strict(), res: z.object({ roomId: RoomId }) },
  /** Close an empty separate room. */
  'room.close': { req: z.object({ roomId: RoomId }).strict(), res: z.object({}) },
  /** Receive a room's audio and video without moving there (null stops). Occupants are told. */
  'facilitator.listen': { req: z.object({ roomId: RoomId.nullable() }).strict(), res: z.object({}) },
  /** Pause someone's producer on the server; `hard` also stops them unmuting until allowed. */
  'participant.mute': { req: z.object({ participantId: Id, kind: MediaKind, hard: z.boolean() }).strict(), res: z.object({}) },
  /** Lift a hard mute; the participant may unmute themselves again. */
  'participant.allowUnmute': { req: z.object({ participantId: Id, kind: MediaKind }).strict(), res: z.object({}) },
  /** Ask someone to unmute; they choose. Lifts a hard mute on that kind. */
  'participant.askUnmute': { req: z.object({ participantId: Id, kind: MediaKind }).strict(), res: z.object({}) },
  /** Mute the microphones of everyone but facilitators in a room. */
  'room.muteAll': { req: z.object({ roomId: RoomId, hard: z.boolean() }).strict(), res: z.object({}) },
  /** A locked meeting admits nobody new (people already in it may reconnect). */
  'meeting.lock': { req: z.object({ locked: z.boolean() }).strict(), res: z.object({}) },
  /** Remove someone; their link can no longer rejoin this meeting. */
  'participant.remove': { req: z.object({ participantId: Id }).strict(), res: z.object({}) },
  /** Set someone's pseudonym, required masking and visibility; non-compliant producers close at once. */
  'participant.policy': { req: z.object({ participantId: Id, policy: MaskingPolicy }).strict(), res: z.object({}) },
  /** End the meeting for everyone. */
  'meeting.end': { req: empty, res: z.object({}) },
  /** Anyone but a facilitator: step into (or back out of) a private time-out room. */
  'self.timeout': { req: z.object({ on: z.boolean() }).strict(), res: z.object({}) },
  /** Anyone: text to their own room (roomId null). Facilitators may write to any room. */
  'chat.send': { req: z.object({ roomId: RoomId.nullable(), text: ChatText }).strict(), res: z.object({ message: ChatMessage }) },
  /** Recording a participant's message (recording.start/stop/consent/decline): see recording.ts. */
  ...recordingRequests,
} as const;

/** Server → client notifications (no ack). */
export const notifications = {
  /** This participant's whole view of the meeting, sent whenever it changes. */
  'meeting.view': ParticipantView,
  'chat.message': ChatMessage,
  /** A facilitator asks us to unmute; we choose. */
  'unmute.requested': z.object({ kind: MediaKind, by: z.string() }),
  /** Facilitators only: something that needs their attention (someone arrived, took a break...). */
  'notice': z.object({ kind: NoticeKind, participantId: Id, displayName: z.string(), roomId: RoomId.nullable() }),
  /** Our session is over (we were removed, the meeting ended, or we joined from elsewhere). */
  'session.ended': z.object({ reason: SessionEndReason }),
  'consumer.closed': z.object({ consumerId: Id }),
  /** The server closed one of our producers because our policy changed; re-produce through masking. */
  'producer.closed': z.object({ producerId: Id, reason: z.literal('policy') }),
  /** The SFU lost this meeting's media (e.g. a worker died); clients must set up media again. */
  'media.reset': z.object({ reason: z.string() }),
  /** recording.consentRequested, recording.ended: see recording.ts. */
  ...recordingNotifications,
} as const;

export type RequestName = keyof typeof requests;
export type NotificationName = keyof typeof notifications;
export type RequestOf<K extends RequestName> = z.input<(typeof requests)[K]['req']>;
export type ResponseOf<K extends RequestName> = z.output<(typeof requests)[K]['res']>;
export type NotificationOf<K extends NotificationName> = z.output<(typeof notifications)[K]>;
