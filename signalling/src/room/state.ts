// Room state: plain, immutable data. The machine in machine.ts is the only thing that changes it.
import type { ChatMessage, HardMuted, MaskingPolicy, MediaKind, MessageAudience, ProducerMasking, RecordingStatus, Role, RoomKind, Side } from '../protocol/index.ts';

export interface ProducerState {
  readonly producerId: string;
  readonly kind: MediaKind;
  readonly paused: boolean;
  /** What the producer declared it carries ('off': unmasked). */
  readonly masking: ProducerMasking;
}

/** Someone invited to the meeting (from the database), whether or not they are here. */
export interface RosterEntry {
  readonly participantId: string;
  readonly displayName: string;
  readonly role: Role;
  readonly side: Side | null;
  /** A case party's name is the pseudonym staff chose for the other side; they cannot change it. */
  readonly nameLocked?: boolean;
  /** Their stored masking policy (only read when the meeting loads; see RoomState.policies). */
  readonly policy?: MaskingPolicy;
}

export interface ParticipantState extends RosterEntry {
  /** The room they are placed in. */
  readonly roomId: string;
  /** False while their connection is gone and the reconnect grace window runs. */
  readonly connected: boolean;
  /** Producers by id. */
  readonly producers: Readonly<Record<string, ProducerState>>;
  readonly hardMuted: HardMuted;
  /** For someone in time-out: the room they stepped out of. */
  readonly returnRoomId: string | null;
  /** For a facilitator: the room they listen in to. */
  readonly listeningTo: string | null;
}

export interface RoomDef {
  readonly id: string;
  readonly kind: RoomKind;
  readonly name: string;
  readonly side: Side | null;
  /** Ephemeral rooms (time-out, waiting room for people with no side) vanish when empty. */
  readonly ephemeral: boolean;
}

/** A chat message and the people it was delivered to (only they may ever see it). */
export interface StoredChat extends ChatMessage {
  readonly recipients: readonly string[];
}

/** A facilitator's request to record someone's message, from asking for consent until it ends (see recording.ts). */
export interface RecordingState {
  readonly participantId: string;
  readonly status: RecordingStatus;
  readonly audience: MessageAudience;
  /** The facilitator who asked for it. */
  readonly requestedBy: string;
  /** The room the person was in when it was asked for; moving them out ends it. */
  readonly roomId: string;
  /** When media started being saved. */
  readonly since: string | null;
  readonly messageId: string | null;
}

export interface RoomState {
  readonly meetingId: string;
  readonly title: string;
  /** Everyone invited, by id. */
  readonly roster: Readonly<Record<string, RosterEntry>>;
  /** Rooms by id, in creation order. */
  readonly rooms: Readonly<Record<string, RoomDef>>;
  /** Participants in the live session (connected, or within their reconnect grace), by id. */
  readonly participants: Readonly<Record<string, ParticipantState>>;
  /** Masking and visibility policies set by a facilitator, by participant id (absent: open). */
  readonly policies: Readonly<Record<string, MaskingPolicy>>;
  /** Participants a facilitator removed; they may not rejoin. */
  readonly removed: readonly string[];
  /** No new participants may join while locked. */
  readonly locked: boolean;
  /** Set once the meeting has ended; no one may join after. */
  readonly ended: boolean;
  /** Numbers separate rooms. */
  readonly nextRoomNumber: number;
  readonly chat: readonly StoredChat[];
  readonly nextMessageId: number;
  /** Recordings asked for or running, by the recorded participant's id. */
  readonly recordings: Readonly<Record<string, RecordingState>>;
}

export const MAIN_ROOM = 'main';

/** The fixed rooms every meeting starts with. */
const FIXED_ROOMS: RoomDef[] = [
  { id: 'waiting-harmed', kind: 'waiting', name: 'Waiting room (harmed side)', side: 'harmed', ephemeral: false },
  { id: 'waiting-responsible', kind: 'waiting', name: 'Waiting room (responsible side)', side: 'responsible', ephemeral: false },
  { id: MAIN_ROOM, kind: 'main', name: 'Main room', side: null, ephemeral: false },
];

export function initialRoomState(meetingId: string, title: string, roster: readonly RosterEntry[] = []): RoomState {
  return {
    meetingId,
    title,
    roster: Object.fromEntries(roster.map(({ policy: _policy, ...r }) => [r.participantId, r])),
    policies: Object.fromEntries(roster.flatMap((r) => (r.policy ? [[r.participantId, r.policy]] : []))),
    rooms: Object.fromEntries(FIXED_ROOMS.map((r) => [r.id, r])),
    participants: {},
    removed: [],
    locked: false,
    ended: false,
    nextRoomNumber: 1,
    chat: [],
    nextMessageId: 1,
    recordings: {},
  };
}
