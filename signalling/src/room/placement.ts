// Facilitator placement: admitting from waiting rooms, moving people (and themselves), separate
// rooms, bringing everyone back, and listening in to a room without entering it.
import { ProtocolError } from '../protocol/index.ts';
import type { RoomCommand, RoomEffect, Transition } from './commands.ts';
import { audit, occupants, requireFacilitator, requireParticipant, requireRoom, tidyRooms, updateParticipant, withRoom } from './placement-rules.ts';
import { MAIN_ROOM, type ParticipantState, type RoomDef, type RoomState } from './state.ts';

type Cmd<K extends RoomCommand['type']> = Extract<RoomCommand, { type: K }>;

export function admit(state: RoomState, cmd: Cmd<'admit'>): Transition<RoomState> {
  requireFacilitator(state, cmd.actorId);
  const p = requireParticipant(state, cmd.participantId);
  if (state.rooms[p.roomId]?.kind !== 'waiting') throw new ProtocolError('CONFLICT', `${p.displayName} is not in a waiting room`);
  return placeIn(state, cmd.actorId, p, MAIN_ROOM);
}

export function move(state: RoomState, cmd: Cmd<'move'>): Transition<RoomState> {
  requireFacilitator(state, cmd.actorId);
  const p = requireParticipant(state, cmd.participantId);
  return placeIn(state, cmd.actorId, p, cmd.roomId);
}

export function gather(state: RoomState, cmd: Cmd<'gather'>): Transition<RoomState> {
  requireFacilitator(state, cmd.actorId);
  let next = state;
  const moved: string[] = [];
  for (const p of Object.values(state.participants)) {
    const kind = state.rooms[p.roomId]?.kind;
    if (kind === 'separate' || (p.role === 'facilitator' && kind !== 'main')) {
      next = updateParticipant(next, p.participantId, (x) => ({ ...x, roomId: MAIN_ROOM, listeningTo: null }));
      moved.push(p.participantId);
    }
  }
  return { state: tidyRooms(next), effects: [audit(cmd.actorId, 'meeting.gathered', null, { moved })] };
}

export function separateRoomId(n: number): string {
  return `room-${n}`;
}

export function createRoom(state: RoomState, cmd: Cmd<'createRoom'>): Transition<RoomState> {
  requireFacilitator(state, cmd.actorId);
  const id = separateRoomId(state.nextRoomNumber);
  const room: RoomDef = { id, kind: 'separate', name: cmd.name, side: null, ephemeral: false };
  return {
    state: { ...withRoom(state, room), nextRoomNumber: state.nextRoomNumber + 1 },
    effects: [audit(cmd.actorId, 'room.created', null, { roomId: id, name: cmd.name })],
  };
}

export function closeRoom(state: RoomState, cmd: Cmd<'closeRoom'>): Transition<RoomState> {
  requireFacilitator(state, cmd.actorId);
  const room = requireRoom(state, cmd.roomId);
  if (room.kind !== 'separate') throw new ProtocolError('PERMISSION_DENIED', 'only separate rooms can be closed');
  if (occupants(state, room.id).length > 0) throw new ProtocolError('CONFLICT', 'move everyone out of the room before closing it');
  const { [room.id]: _gone, ...rooms } = state.rooms;
  const participants = Object.fromEntries(
    Object.entries(state.participants).map(([id, p]) => [id, p.listeningTo === room.id ? { ...p, listeningTo: null } : p]),
  );
  return { state: { ...state, rooms, participants }, effects: [audit(cmd.actorId, 'room.closed', null, { roomId: room.id })] };
}

export function listen(state: RoomState, cmd: Cmd<'listen'>): Transition<RoomState> {
  const actor = requireFacilitator(state, cmd.actorId);
  if (cmd.roomId !== null) {
    requireRoom(state, cmd.roomId);
    if (cmd.roomId === actor.roomId) throw new ProtocolError('CONFLICT', 'you are already in that room');
  }
  if (actor.listeningTo === cmd.roomId) return { state, effects: [] };
  return {
    state: updateParticipant(state, actor.participantId, (p) => ({ ...p, listeningTo: cmd.roomId })),
    effects: [audit(cmd.actorId, cmd.roomId ? 'facilitator.listenStarted' : 'facilitator.listenStopped', null, { roomId: cmd.roomId ?? actor.listeningTo })],
  };
}

/**
 * Puts `p` into `roomId` if placement allows it. Parties and supporters never enter the other
 * side's waiting room or someone else's time-out room; only facilitators follow people there.
 */
function placeIn(state: RoomState, actorId: string, p: ParticipantState, roomId: string): Transition<RoomState> {
  const room = requireRoom(state, roomId);
  if (p.roomId === roomId) return { state, effects: [] };
  if (p.role !== 'facilitator') {
    if (room.kind === 'waiting' && room.side !== p.side) {
      throw new ProtocolError('PERMISSION_DENIED', `${p.displayName} can only wait in their own side's waiting room`);
    }
    if (room.kind === 'timeout') throw new ProtocolError('PERMISSION_DENIED', 'only facilitators can join someone in a time-out room');
  }
  const from = state.rooms[p.roomId];
  const next = updateParticipant(state, p.participantId, (x) => ({
    ...x,
    roomId,
    returnRoomId: null,
    listeningTo: x.listeningTo === roomId ? null : x.listeningTo,
  }));
  const admitted = from?.kind === 'waiting' && room.kind !== 'waiting' && p.role !== 'facilitator';
  const effects: RoomEffect[] = [
    audit(actorId, admitted ? 'participant.admitted' : 'participant.moved', p.participantId, { from: p.roomId, to: roomId }),
  ];
  return { state: tidyRooms(next), effects };
}
