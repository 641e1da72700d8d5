// Commands entering the room machine, and the effects it asks the outside world to carry out.
// Both are plain data, so the machine stays pure and every change is testable without media.
import type { MediaKind, NotificationName, NotificationOf, Role } from '../protocol/index.ts';

export type LeaveReason = 'left' | 'disconnected' | 'removed';

export type RoomCommand =
  | { type: 'join'; participantId: string; displayName: string; role: Role }
  | { type: 'leave'; participantId: string; reason: LeaveReason }
  | { type: 'producerAdded'; participantId: string; producerId: string; kind: MediaKind }
  | { type: 'producerRemoved'; participantId: string; producerId: string }
  | { type: 'producerPaused'; participantId: string; producerId: string; paused: boolean }
  | { type: 'mediaLost'; reason: string };

/** Who a notification goes to. */
export type Audience = { to: 'participant'; participantId: string } | { to: 'othersThan'; participantId: string } | { to: 'all' };

export type Notify = {
  [K in NotificationName]: { type: 'notify'; audience: Audience; event: K; payload: NotificationOf<K> };
}[NotificationName];

export type RoomEffect =
  | Notify
  | { type: 'closePeerMedia'; participantId: string }
  | { type: 'audit'; action: string; actorId: string | null; subjectId: string | null; detail?: Record<string, unknown> };

export interface Transition<S> {
  state: S;
  effects: RoomEffect[];
}
