// Facilitator controls: mute (soft or hard), allowing and asking to unmute, muting a room,
// locking, removing someone, and ending the meeting. All are enforced here, not in the UI.
import { ProtocolError, type MediaKind } from '../protocol/index.ts';
import type { RoomCommand, RoomEffect, Transition } from './commands.ts';
import { audit, occupants, requireFacilitator, requireParticipant, requireRoom, tidyRooms, updateParticipant } from './placement-rules.ts';
import type { ParticipantState, RoomState } from './state.ts';

type Cmd<K extends RoomCommand['type']> = Extract<RoomCommand, { type: K }>;

export function mute(state: RoomState, cmd: Cmd<'mute'>): Transition<RoomState> {
  requireFacilitator(state, cmd.actorId);
  const target = requireParticipant(state, cmd.participantId);
  if (cmd.hard && target.role === 'facilitator') throw new ProtocolError('PERMISSION_DENIED', 'a facilitator cannot be hard-muted');
  const { state: next, effects } = pauseKind(state, target, cmd.kind, cmd.hard);
  return { state: next, effects: [...effects, audit(cmd.actorId, cmd.hard ? 'participant.hardMuted' : 'participant.muted', target.participantId, { kind: cmd.kind })] };
}

export function allowUnmute(state: RoomState, cmd: Cmd<'allowUnmute'>): Transition<RoomState> {
  requireFacilitator(state, cmd.actorId);
  const target = requireParticipant(state, cmd.participantId);
  return {
    state: liftHardMute(state, target, cmd.kind),
    effects: [audit(cmd.actorId, 'participant.unmuteAllowed', target.participantId, { kind: cmd.kind })],
  };
}

export function askUnmute(state: RoomState, cmd: Cmd<'askUnmute'>): Transition<RoomState> {
  const actor = requireFacilitator(state, cmd.actorId);
  const target = requireParticipant(state, cmd.participantId);
  return {
    state: liftHardMute(state, target, cmd.kind),
    effects: [
      { type: 'notify', audience: { to: 'participant', participantId: target.participantId }, event: 'unmute.requested', payload: { kind: cmd.kind, by: actor.displayName } },
      audit(cmd.actorId, 'participant.askedToUnmute', target.participantId, { kind: cmd.kind }),
    ],
  };
}

export function muteAll(state: RoomState, cmd: Cmd<'muteAll'>): Transition<RoomState> {
  requireFacilitator(state, cmd.actorId);
  requireRoom(state, cmd.roomId);
  let next = state;
  const effects: RoomEffect[] = [];
  for (const p of occupants(state, cmd.roomId)) {
    if (p.role === 'facilitator') continue;
    const step = pauseKind(next, p, 'audio', cmd.hard);
    next = step.state;
    effects.push(...step.effects);
  }
  effects.push(audit(cmd.actorId, cmd.hard ? 'room.hardMutedAll' : 'room.mutedAll', null, { roomId: cmd.roomId }));
  return { state: next, effects };
}

export function lock(state: RoomState, cmd: Cmd<'lock'>): Transition<RoomState> {
  requireFacilitator(state, cmd.actorId);
  if (state.locked === cmd.locked) return { state, effects: [] };
  return { state: { ...state, locked: cmd.locked }, effects: [audit(cmd.actorId, cmd.locked ? 'meeting.locked' : 'meeting.unlocked', null)] };
}

export function remove(state: RoomState, cmd: Cmd<'remove'>): Transition<RoomState> {
  requireFacilitator(state, cmd.actorId);
  if (state.removed.includes(cmd.participantId)) return { state, effects: [] };
  const invited = state.participants[cmd.participantId] ?? state.roster[cmd.participantId];
  if (!invited) throw new ProtocolError('NOT_FOUND', 'that person is not part of this meeting');
  if (invited.role === 'facilitator') throw new ProtocolError('PERMISSION_DENIED', 'a facilitator cannot be removed');
  const { state: next, effects } = withoutParticipant(state, cmd.participantId);
  effects.push({ type: 'persist', change: { kind: 'removed', participantId: cmd.participantId } }, audit(cmd.actorId, 'participant.removed', cmd.participantId));
  return { state: next, effects };
}

/** Access was already revoked in the database by staff; end their session now. */
export function accessRevoked(state: RoomState, cmd: Cmd<'accessRevoked'>): Transition<RoomState> {
  if (state.removed.includes(cmd.participantId)) return { state, effects: [] };
  const { state: next, effects } = withoutParticipant(state, cmd.participantId);
  effects.push(audit(null, 'participant.accessRevoked', cmd.participantId));
  return { state: next, effects };
}

/** Takes someone out of the meeting for good: told, media closed, disconnected, never readmitted. */
function withoutParticipant(state: RoomState, participantId: string): Transition<RoomState> {
  const target = state.participants[participantId];
  const { [participantId]: _gone, ...participants } = state.participants;
  const next: RoomState = { ...state, participants, removed: [...state.removed, participantId] };
  const effects: RoomEffect[] = [];
  if (target) {
    effects.push(
      { type: 'notify', audience: { to: 'participant', participantId }, event: 'session.ended', payload: { reason: 'removed' } },
      { type: 'closePeerMedia', participantId },
      { type: 'disconnect', participantId },
    );
  }
  return { state: tidyRooms(next), effects };
}

export function end(state: RoomState, cmd: Cmd<'end'>): Transition<RoomState> {
  requireFacilitator(state, cmd.actorId);
  const everyone = Object.keys(state.participants);
  const effects: RoomEffect[] = [{ type: 'notify', audience: { to: 'all' }, event: 'session.ended', payload: { reason: 'meeting-ended' } }];
  for (const id of everyone) effects.push({ type: 'closePeerMedia', participantId: id }, { type: 'disconnect', participantId: id });
  effects.push({ type: 'persist', change: { kind: 'ended' } }, audit(cmd.actorId, 'meeting.ended', null, { present: everyone }));
  return { state: { ...state, ended: true, participants: {} }, effects };
}

/** Pauses every producer of `kind` the participant has, and records a hard mute if asked. */
function pauseKind(state: RoomState, target: ParticipantState, kind: MediaKind, hard: boolean): Transition<RoomState> {
  const effects: RoomEffect[] = [];
  const producers = { ...target.producers };
  for (const producer of Object.values(target.producers)) {
    if (producer.kind !== kind || producer.paused) continue;
    producers[producer.producerId] = { ...producer, paused: true };
    effects.push({ type: 'setProducerPaused', participantId: target.participantId, producerId: producer.producerId, paused: true });
  }
  const hardMuted = hard ? { ...target.hardMuted, [kind]: true } : target.hardMuted;
  return { state: updateParticipant(state, target.participantId, (p) => ({ ...p, producers, hardMuted })), effects };
}

function liftHardMute(state: RoomState, target: ParticipantState, kind: MediaKind): RoomState {
  if (!target.hardMuted[kind]) return state;
  return updateParticipant(state, target.participantId, (p) => ({ ...p, hardMuted: { ...p.hardMuted, [kind]: false } }));
}
