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

export const Role = z.enum(['facilitator', 'party', 'supporter', 'observer']);
export type Role = z.infer<typeof Role>;

export const DisplayName = z.string().trim().min(1).max(64);

export const ProducerInfo = z.object({ producerId: Id, kind: MediaKind, paused: z.boolean() });
export type ProducerInfo = z.infer<typeof ProducerInfo>;

export const PeerInfo = z.object({
  participantId: Id,
  displayName: z.string(),
  role: Role,
  producers: z.array(ProducerInfo),
});
export type PeerInfo = z.infer<typeof PeerInfo>;

const empty = z.object({}).strict();

/** Client → server requests, each answered with an ack `{ok:true,data}|{ok:false,error}`. */
export const requests = {
  /** Enter the meeting's live session. Must come first; answers who is already there. */
  'meeting.join': {
    req: z.object({ displayName: DisplayName, rtpCapabilities: RtpCapabilities }).strict(),
    res: z.object({
      self: PeerInfo,
      peers: z.array(PeerInfo),
      meeting: z.object({ id: Id, title: z.string() }),
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
  'producer.create': {
    req: z.object({ transportId: Id, kind: MediaKind, rtpParameters: RtpParameters }).strict(),
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
} as const;

/** Server → client notifications (no ack). */
export const notifications = {
  'peer.joined': PeerInfo,
  'peer.left': z.object({ participantId: Id, reason: z.enum(['left', 'disconnected', 'removed']) }),
  'producer.added': z.object({ participantId: Id, producer: ProducerInfo }),
  'producer.removed': z.object({ participantId: Id, producerId: Id }),
  'producer.paused': z.object({ participantId: Id, producerId: Id, paused: z.boolean() }),
  'consumer.closed': z.object({ consumerId: Id }),
  /** The SFU lost this meeting's media (e.g. a worker died); clients must set up media again. */
  'media.reset': z.object({ reason: z.string() }),
} as const;

export type RequestName = keyof typeof requests;
export type NotificationName = keyof typeof notifications;
export type RequestOf<K extends RequestName> = z.input<(typeof requests)[K]['req']>;
export type ResponseOf<K extends RequestName> = z.output<(typeof requests)[K]['res']>;
export type NotificationOf<K extends NotificationName> = z.output<(typeof notifications)[K]>;
