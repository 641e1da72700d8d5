// Shared rules and small state helpers used by every handler: who may act, where a person waits,
// who may receive whose media, and immutable updates of participants and rooms.
import { ProtocolError, type Side } from '../protocol/index.ts';
import type { RoomEffect } from './commands.ts';
import { MAIN_ROOM, type ParticipantState, type RoomDef, type RoomState } from './state.ts';

export function waitingRoomId(side: Side | null): string {
  return side ? `waiting-${side}` : 'waiting-other';
}

export function timeoutRoomId(participantId: string): string {
  return `timeout-${participantId.toLowerCase().replace(/[^a-z0-9-]/g, '').slice(0, 40)}`;
}

/** Where someone is placed when they arrive fresh: facilitators in main, everyone else waits. */
export function arrivalRoom(state: RoomState, p: { role: string; side: Side | null }): { state: RoomState; roomId: string } {
  if (p.role === 'facilitator') return { state, roomId: MAIN_ROOM };
  const roomId = waitingRoomId(p.side);
  if (roomId in state.rooms) return { state, roomId };
  const room: RoomDef = { id: roomId, kind: 'waiting', name: 'Waiting room (others)', side: null, ephemeral: true };
  return { state: withRoom(state, room), roomId };
}

/** Whether `consumerId` may receive media produced by `ownerId`: same room, or listening in to it. */
export function canConsume(state: RoomState, consumerId: string, ownerId: string): boolean {
  if (state.ended || consumerId === ownerId) return false;
  const consumer = state.participants[consumerId];
  const owner = state.participants[ownerId];
  if (!consumer?.connected || !owner?.connected) return false;
  return consumer.roomId === owner.roomId || consumer.listeningTo === owner.roomId;
}

export function requireParticipant(state: RoomState, participantId: string): ParticipantState {
  const p = state.participants[participantId];
  if (!p) throw new ProtocolError('NOT_FOUND', 'that person is not in this meeting');
  return p;
}

/** The actor must be a facilitator who is in the meeting. */
export function requireFacilitator(state: RoomState, actorId: string): ParticipantState {
  if (state.ended) throw new ProtocolError('MEETING_ENDED', 'this meeting has ended');
  const actor = state.participants[actorId];
  if (!actor) throw new ProtocolError('PERMISSION_DENIED', 'join the meeting first');
  if (actor.role !== 'facilitator') throw new ProtocolError('PERMISSION_DENIED', 'only a facilitator can do this');
  return actor;
}

export function requireRoom(state: RoomState, roomId: string): RoomDef {
  const room = state.rooms[roomId];
  if (!room) throw new ProtocolError('NOT_FOUND', 'there is no such room');
  return room;
}

export function updateParticipant(state: RoomState, participantId: string, update: (p: ParticipantState) => ParticipantState): RoomState {
  const current = requireParticipant(state, participantId);
  return { ...state, participants: { ...state.participants, [participantId]: update(current) } };
}

export function withRoom(state: RoomState, room: RoomDef): RoomState {
  return { ...state, rooms: { ...state.rooms, [room.id]: room } };
}

export function occupants(state: RoomState, roomId: string): ParticipantState[] {
  return Object.values(state.participants).filter((p) => p.roomId === roomId);
}

export function facilitatorIds(state: RoomState): string[] {
  return Object.values(state.participants).filter((p) => p.role === 'facilitator').map((p) => p.participantId);
}

/**
 * Removes ephemeral rooms with nobody but facilitators in them. Facilitators left in a closing
 * room go to the main room rather than being stranded; listeners of it stop listening.
 */
export function tidyRooms(state: RoomState): RoomState {
  let next = state;
  for (const room of Object.values(state.rooms)) {
    if (!room.ephemeral) continue;
    const inside = occupants(next, room.id);
    if (inside.some((p) => p.role !== 'facilitator')) continue;
    for (const f of inside) next = updateParticipant(next, f.participantId, (p) => ({ ...p, roomId: MAIN_ROOM }));
    const { [room.id]: _gone, ...rooms } = next.rooms;
    const participants = Object.fromEntries(
      Object.entries(next.participants).map(([id, p]) => [id, p.listeningTo === room.id ? { ...p, listeningTo: null } : p]),
    );
    next = { ...next, rooms, participants };
  }
  return next;
}

export function audit(actorId: string | null, action: string, subjectId: string | null, detail?: Record<string, unknown>): RoomEffect {
  return detail ? { type: 'audit', action, actorId, subjectId, detail } : { type: 'audit', action, actorId, subjectId };
}
