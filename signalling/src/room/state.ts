// Room state: plain, immutable data. The machine in machine.ts is the only thing that changes it.
import type { MediaKind, Role } from '../protocol/index.ts';

export interface ProducerState {
  readonly producerId: string;
  readonly kind: MediaKind;
  readonly paused: boolean;
}

export interface ParticipantState {
  readonly participantId: string;
  readonly displayName: string;
  readonly role: Role;
  /** Producers by id. */
  readonly producers: Readonly<Record<string, ProducerState>>;
}

export interface RoomState {
  readonly meetingId: string;
  readonly title: string;
  /** Participants present in the live session, by id. */
  readonly participants: Readonly<Record<string, ParticipantState>>;
  /** Set once the meeting has ended; no one may join after. */
  readonly ended: boolean;
}

export function initialRoomState(meetingId: string, title: string): RoomState {
  return { meetingId, title, participants: {}, ended: false };
}
