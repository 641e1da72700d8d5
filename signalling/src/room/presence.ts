// Arriving, leaving, dropping and reconnecting, and stepping out for a break.
import { ProtocolError } from '../protocol/index.ts';
import type { RoomCommand, RoomEffect, Transition } from './commands.ts';
import { arrivalRoom, audit, requireParticipant, tidyRooms, timeoutRoomId, updateParticipant, waitingRoomId, withRoom } from './placement-rules.ts';
import type { ParticipantState, RoomState } from './state.ts';

type Cmd<K extends RoomCommand['type']> = Extract<RoomCommand, { type: K }>;

const NO_HARD_MUTE = { audio: false, video: false } as const;

export function join(state: RoomState, cmd: Cmd<'join'>): Transition<RoomState> {
  if (state.ended) throw new ProtocolError('MEETING_ENDED', 'this meeting has ended');
  if (state.removed.includes(cmd.participantId)) throw new ProtocolError('REMOVED', 'you were removed from this meeting');
  const invited = state.roster[cmd.participantId];
  const displayName = invited?.nameLocked ? invited.displayName : cmd.displayName;
  const existing = state.participants[cmd.participantId];
  if (existing) {
    // Back within the grace window (or from a second tab): same room, same mutes, fresh media.
    const next = updateParticipant(state, cmd.participantId, (p) => ({ ...p, displayName, connected: true, producers: {} }));
    const effects: RoomEffect[] = [];
    if (!existing.connected) effects.push(notice('reconnected', existing, existing.roomId), audit(cmd.participantId, 'participant.reconnected', cmd.participantId, { roomId: existing.roomId }));
    return { state: next, effects };
  }
  if (state.locked && cmd.role !== 'facilitator') throw new ProtocolError('MEETING_LOCKED', 'the facilitator has locked this meeting');
  const roster = { participantId: cmd.participantId, displayName, role: cmd.role, side: cmd.side, nameLocked: invited?.nameLocked ?? false };
  const placed = arrivalRoom(state, cmd);
  const participant: ParticipantState = { ...roster, roomId: placed.roomId, connected: true, producers: {}, hardMuted: NO_HARD_MUTE, returnRoomId: null, listeningTo: null };
  const next: RoomState = {
    ...placed.state,
    roster: { ...placed.state.roster, [cmd.participantId]: roster },
    participants: { ...placed.state.participants, [cmd.participantId]: participant },
  };
  return {
    state: next,
    effects: [notice('arrived', participant, placed.roomId), audit(cmd.participantId, 'participant.joined', cmd.participantId, { roomId: placed.roomId })],
  };
}

export function leave(state: RoomState, cmd: Cmd<'leave'>): Transition<RoomState> {
  if (!(cmd.participantId in state.participants)) return { state, effects: [] };
  const { [cmd.participantId]: _gone, ...rest } = state.participants;
  return {
    state: tidyRooms({ ...state, participants: rest }),
    effects: [
      { type: 'closePeerMedia', participantId: cmd.participantId },
      audit(cmd.participantId, 'participant.left', cmd.participantId, { reason: cmd.reason }),
    ],
  };
}

/** The connection dropped: keep their place, drop their media, start the grace window (outside). */
export function connectionLost(state: RoomState, cmd: Cmd<'connectionLost'>): Transition<RoomState> {
  const p = state.participants[cmd.participantId];
  if (!p?.connected) return { state, effects: [] };
  return {
    state: updateParticipant(state, cmd.participantId, (x) => ({ ...x, connected: false, producers: {} })),
    effects: [{ type: 'closePeerMedia', participantId: cmd.participantId }, notice('disconnected', p, p.roomId)],
  };
}

/** "I need a break": into a private time-out room, and back to where they were. */
export function timeout(state: RoomState, cmd: Cmd<'timeout'>): Transition<RoomState> {
  if (state.ended) throw new ProtocolError('MEETING_ENDED', 'this meeting has ended');
  const p = requireParticipant(state, cmd.participantId);
  if (p.role === 'facilitator') throw new ProtocolError('PERMISSION_DENIED', 'facilitators move themselves between rooms instead');
  const roomId = timeoutRoomId(p.participantId);
  const inTimeout = p.roomId === roomId;
  if (cmd.on === inTimeout) return { state, effects: [] };
  if (cmd.on) {
    const withTimeoutRoom = withRoom(state, { id: roomId, kind: 'timeout', name: `Time-out: ${p.displayName}`, side: p.side, ephemeral: true });
    const next = updateParticipant(withTimeoutRoom, p.participantId, (x) => ({ ...x, roomId, returnRoomId: x.roomId }));
    return { state: next, effects: [notice('timeout', p, roomId), audit(p.participantId, 'participant.timeout', p.participantId, { from: p.roomId })] };
  }
  const back = p.returnRoomId && p.returnRoomId in state.rooms ? p.returnRoomId : waitingRoomId(p.side);
  let next = updateParticipant(withRoomIfMissing(state, back, p), p.participantId, (x) => ({ ...x, roomId: back, returnRoomId: null }));
  // Facilitators who followed them into the break come back with them.
  for (const f of Object.values(next.participants)) {
    if (f.role === 'facilitator' && f.roomId === roomId) next = updateParticipant(next, f.participantId, (x) => ({ ...x, roomId: back }));
  }
  return { state: tidyRooms(next), effects: [notice('back', p, back), audit(p.participantId, 'participant.timeoutEnded', p.participantId, { to: back })] };
}

function withRoomIfMissing(state: RoomState, roomId: string, p: ParticipantState): RoomState {
  return roomId in state.rooms ? state : arrivalRoom(state, p).state;
}

function notice(kind: 'arrived' | 'timeout' | 'back' | 'disconnected' | 'reconnected', p: ParticipantState, roomId: string | null): RoomEffect {
  return {
    type: 'notify',
    audience: { to: 'facilitators' },
    event: 'notice',
    payload: { kind, participantId: p.participantId, displayName: p.displayName, roomId },
  };
}
