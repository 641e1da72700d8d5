// Producer lifecycle as the room sees it. A hard mute is enforced here: a producer created while
// hard-muted starts paused, and a participant's own resume of a hard-muted kind is refused. So is
// the masking policy: a producer that does not declare the masking it requires is refused.
import { ProtocolError } from '../protocol/index.ts';
import type { RoomCommand, RoomEffect, Transition } from './commands.ts';
import { policyOf, produceRefusal } from './masking.ts';
import { audit, requireParticipant, updateParticipant } from './placement-rules.ts';
import type { RoomState } from './state.ts';

type Cmd<K extends RoomCommand['type']> = Extract<RoomCommand, { type: K }>;

export function producerAdded(state: RoomState, cmd: Cmd<'producerAdded'>): Transition<RoomState> {
  const owner = requireParticipant(state, cmd.participantId);
  const refusal = produceRefusal(policyOf(state, cmd.participantId), cmd.kind, cmd.masking);
  if (refusal) throw refusal;
  const paused = owner.hardMuted[cmd.kind];
  const producer = { producerId: cmd.producerId, kind: cmd.kind, paused, masking: cmd.masking };
  const next = updateParticipant(state, cmd.participantId, (p) => ({ ...p, producers: { ...p.producers, [cmd.producerId]: producer } }));
  const effects: RoomEffect[] = paused ? [{ type: 'setProducerPaused', participantId: cmd.participantId, producerId: cmd.producerId, paused: true }] : [];
  return { state: next, effects };
}

export function producerRemoved(state: RoomState, cmd: Cmd<'producerRemoved'>): Transition<RoomState> {
  const owner = state.participants[cmd.participantId];
  if (!owner || !(cmd.producerId in owner.producers)) return { state, effects: [] };
  const next = updateParticipant(state, cmd.participantId, (p) => {
    const { [cmd.producerId]: _gone, ...producers } = p.producers;
    return { ...p, producers };
  });
  return { state: next, effects: [] };
}

/** The participant pauses or resumes their own producer. */
export function producerPaused(state: RoomState, cmd: Cmd<'producerPaused'>): Transition<RoomState> {
  const owner = requireParticipant(state, cmd.participantId);
  const existing = owner.producers[cmd.producerId];
  if (!existing) throw new ProtocolError('NOT_FOUND', `no producer ${cmd.producerId} for this participant`);
  if (!cmd.paused && owner.hardMuted[existing.kind]) {
    throw new ProtocolError('HARD_MUTED', `the facilitator has muted your ${existing.kind === 'audio' ? 'microphone' : 'camera'}; they need to allow it first`);
  }
  const next = updateParticipant(state, cmd.participantId, (p) => ({
    ...p,
    producers: { ...p.producers, [cmd.producerId]: { ...existing, paused: cmd.paused } },
  }));
  return { state: next, effects: [{ type: 'setProducerPaused', participantId: cmd.participantId, producerId: cmd.producerId, paused: cmd.paused }] };
}

/** The SFU lost the meeting's media: nobody has producers any more; placement is untouched. */
export function mediaLost(state: RoomState, cmd: Cmd<'mediaLost'>): Transition<RoomState> {
  const participants = Object.fromEntries(Object.entries(state.participants).map(([id, p]) => [id, { ...p, producers: {} }]));
  return {
    state: { ...state, participants },
    effects: [
      { type: 'notify', audience: { to: 'all' }, event: 'media.reset', payload: { reason: cmd.reason } },
      audit(null, 'meeting.mediaLost', null, { reason: cmd.reason }),
    ],
  };
}
