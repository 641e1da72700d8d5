// Schemas for placement: rooms, what each participant may see of the meeting (their view), the
// facilitator's board, and chat. The server computes views; clients only render them.
import { z } from 'zod';
import { MaskingPolicy, ProducerMasking, SeenBy } from './masking.ts';
import { Id, MediaKind, notObjectMember } from './media.ts';
import { RecordingInfo } from './recording.ts';
import { multiLine, singleLine } from './text.ts';

export const Role = z.enum(['facilitator', 'party', 'supporter', 'observer']);
export type Role = z.infer<typeof Role>;

export const Side = z.enum(['harmed', 'responsible']);
export type Side = z.infer<typeof Side>;

/** waiting: one per side, before admission; main; separate: facilitator-made; timeout: one person's break. */
export const RoomKind = z.enum(['waiting', 'main', 'separate', 'timeout']);
export type RoomKind = z.infer<typeof RoomKind>;

export const RoomId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'a room id').refine(notObjectMember, 'a room id');
export const RoomName = singleLine(40);

export const RoomInfo = z.object({ id: RoomId, kind: RoomKind, name: z.string(), side: Side.nullable() });
export type RoomInfo = z.infer<typeof RoomInfo>;

/** `masking`: what the producer declared it carries ('off' for unmasked). */
export const ProducerInfo = z.object({ producerId: Id, kind: MediaKind, paused: z.boolean(), masking: ProducerMasking });
export type ProducerInfo = z.infer<typeof ProducerInfo>;

/** Per kind: true when a facilitator hard-muted it and has not allowed unmuting yet. */
export const HardMuted = z.object({ audio: z.boolean(), video: z.boolean() });
export type HardMuted = z.infer<typeof HardMuted>;

/** Someone whose media the viewer may receive. */
export const PeerInfo = z.object({
  participantId: Id,
  displayName: z.string(),
  role: Role,
  side: Side.nullable(),
  roomId: RoomId,
  producers: z.array(ProducerInfo),
});
export type PeerInfo = z.infer<typeof PeerInfo>;

/** A facilitator as a party sees them: a name and whether they are here. */
export const HostInfo = z.object({
  participantId: Id,
  displayName: z.string(),
  status: z.enum(['present', 'reconnecting', 'away']),
});
export type HostInfo = z.infer<typeof HostInfo>;

/** One person on the facilitator's board. */
export const BoardCard = z.object({
  participantId: Id,
  displayName: z.string(),
  role: Role,
  side: Side.nullable(),
  roomId: RoomId,
  connected: z.boolean(),
  hardMuted: HardMuted,
  /** off: no producer; on: sending; muted: producer paused. */
  audio: z.enum(['off', 'on', 'muted']),
  video: z.enum(['off', 'on', 'muted']),
  /** For facilitators: the room they are listening in to. */
  listeningTo: RoomId.nullable(),
  /** Their masking and visibility policy; `displayName` on the board is always their own name. */
  policy: MaskingPolicy,
});
export type BoardCard = z.infer<typeof BoardCard>;

export const Board = z.object({
  /** In display order: waiting rooms, main, separate rooms, time-out rooms. */
  rooms: z.array(RoomInfo),
  participants: z.array(BoardCard),
  /** Invited to this meeting but not here (never joined, or left). */
  absent: z.array(z.object({ participantId: Id, displayName: z.string(), role: Role, side: Side.nullable(), policy: MaskingPolicy })),
  locked: z.boolean(),
});
export type Board = z.infer<typeof Board>;

export const SelfInfo = z.object({
  participantId: Id,
  displayName: z.string(),
  role: Role,
  side: Side.nullable(),
  roomId: RoomId,
  hardMuted: HardMuted,
  /** Our own producers as the server holds them (a facilitator may have paused one). */
  producers: z.array(ProducerInfo),
  /** The masking and visibility the facilitator set for us. */
  policy: MaskingPolicy,
  /** What each group of people receives of us right now (name, video, voice). */
  seenBy: z.array(SeenBy),
});
export type SelfInfo = z.infer<typeof SelfInfo>;

/** Everything one participant may know about the live meeting. Sent whole whenever it changes. */
export const ParticipantView = z.object({
  self: SelfInfo,
  room: RoomInfo,
  /** People whose media we may receive: our room, plus the listened-in room for a facilitator. */
  peers: z.array(PeerInfo),
  /** The meeting's facilitators (names only). */
  hosts: z.array(HostInfo),
  /** Facilitators listening in to our room without being in it. */
  listeners: z.array(z.object({ participantId: Id, displayName: z.string() })),
  /** For a facilitator: the room they listen in to. */
  listeningTo: RoomInfo.nullable(),
  locked: z.boolean(),
  /** Facilitators only: every room and everyone in it. */
  board: Board.nullable(),
  /**
   * Recordings the viewer may know of: those of people in the viewer's room (and their own, also while
   * they are asked); facilitators get every recording and request in the meeting.
   */
  recordings: z.array(RecordingInfo),
});
export type ParticipantView = z.infer<typeof ParticipantView>;

export const ChatText = multiLine(2000);

export const ChatMessage = z.object({
  id: z.number().int().nonnegative(),
  from: z.object({ participantId: Id, displayName: z.string(), role: Role }),
  /** The room the message was sent to. */
  roomId: RoomId,
  roomName: z.string(),
  text: z.string(),
  /** ISO time. */
  at: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const NoticeKind = z.enum(['arrived', 'timeout', 'back', 'disconnected', 'reconnected']);

export const SessionEndReason = z.enum(['removed', 'meeting-ended', 'replaced']);
export type SessionEndReason = z.infer<typeof SessionEndReason>;
