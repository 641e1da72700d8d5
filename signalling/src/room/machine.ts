// The pure room state machine: transition(state, command) → { state, effects }, or a typed error.
import { ProtocolError, type PeerInfo } from '../protocol/index.ts';
import type { RoomCommand, RoomEffect, Transition } from './commands.ts';
import type { ParticipantState, RoomState } from './state.ts';

type Handlers = {
  [K in RoomCommand['type']]: (state: RoomState, command: Extract<RoomCommand, { type: K }>) => Transition<RoomState>;
};

/** One handler per command type; adding a command without a handler fails to compile. */
const handlers: Handlers = { join, leave, producerAdded, producerRemoved, producerPaused, mediaLost };

export function transition(state: RoomState, command: RoomCommand): Transition<RoomState> {
  const handler = handlers[command.type] as (s: RoomState, c: RoomCommand) => Transition<RoomState>;
  return handler(state, command);
}

/** Whether `consumerId` may receive media produced by `ownerId`. Today: both are present. */
export function canConsume(state: RoomState, consumerId: string, ownerId: string): boolean {
  return consumerId !== ownerId && consumerId in state.participants && ownerId in state.participants;
}

export function peerInfo(p: ParticipantState): PeerInfo {
  return {
    participantId: p.participantId,
    displayName: p.displayName,
    role: p.role,
    producers: Object.values(p.producers).map(({ producerId, kind, paused }) => ({ producerId, kind, paused })),
  };
}

/** The peers `participantId` is allowed to know about. */
export function visiblePeers(state: RoomState, participantId: string): PeerInfo[] {
  return Object.values(state.participants)
    .filter((p) => p.participantId !== participantId && canConsume(state, participantId, p.participantId))
    .map(peerInfo);
}

function join(state: RoomState, cmd: Extract<RoomCommand, { type: 'join' }>): Transition<RoomState> {
  if (state.ended) throw new ProtocolError('MEETING_ENDED', 'this meeting has ended');
  if (cmd.participantId in state.participants) {
    throw new ProtocolError('CONFLICT', 'this participant has already joined');
  }
  const participant: ParticipantState = {
    participantId: cmd.participantId,
    displayName: cmd.displayName,
    role: cmd.role,
    producers: {},
  };
  const next = { ...state, participants: { ...state.participants, [cmd.participantId]: participant } };
  return {
    state: next,
    effects: [
      { type: 'notify', audience: { to: 'othersThan', participantId: cmd.participantId }, event: 'peer.joined', payload: peerInfo(participant) },
      { type: 'audit', action: 'participant.joined', actorId: cmd.participantId, subjectId: cmd.participantId, detail: { displayName: cmd.displayName } },
    ],
  };
}

function leave(state: RoomState, cmd: Extract<RoomCommand, { type: 'leave' }>): Transition<RoomState> {
  if (!(cmd.participantId in state.participants)) return { state, effects: [] };
  const { [cmd.participantId]: _gone, ...rest } = state.participants;
  return {
    state: { ...state, participants: rest },
    effects: [
      { type: 'closePeerMedia', participantId: cmd.participantId },
      { type: 'notify', audience: { to: 'othersThan', participantId: cmd.participantId }, event: 'peer.left', payload: { participantId: cmd.participantId, reason: cmd.reason } },
      { type: 'audit', action: 'participant.left', actorId: cmd.participantId, subjectId: cmd.participantId, detail: { reason: cmd.reason } },
    ],
  };
}

function withParticipant(state: RoomState, participantId: string, update: (p: ParticipantState) => ParticipantState): RoomState {
  const current = state.participants[participantId];
  if (!current) throw new ProtocolError('NOT_FOUND', 'participant is not in this meeting');
  return { ...state, participants: { ...state.participants, [participantId]: update(current) } };
}

function producerAdded(state: RoomState, cmd: Extract<RoomCommand, { type: 'producerAdded' }>): Transition<RoomState> {
  const producer = { producerId: cmd.producerId, kind: cmd.kind, paused: false };
  const next = withParticipant(state, cmd.participantId, (p) => ({ ...p, producers: { ...p.producers, [cmd.producerId]: producer } }));
  return {
    state: next,
    effects: [{ type: 'notify', audience: { to: 'othersThan', participantId: cmd.participantId }, event: 'producer.added', payload: { participantId: cmd.participantId, producer } }],
  };
}

function producerRemoved(state: RoomState, cmd: Extract<RoomCommand, { type: 'producerRemoved' }>): Transition<RoomState> {
  const owner = state.participants[cmd.participantId];
  if (!owner || !(cmd.producerId in owner.producers)) return { state, effects: [] };
  const next = withParticipant(state, cmd.participantId, (p) => {
    const { [cmd.producerId]: _gone, ...producers } = p.producers;
    return { ...p, producers };
  });
  return {
    state: next,
    effects: [{ type: 'notify', audience: { to: 'othersThan', participantId: cmd.participantId }, event: 'producer.removed', payload: { participantId: cmd.participantId, producerId: cmd.producerId } }],
  };
}

function producerPaused(state: RoomState, cmd: Extract<RoomCommand, { type: 'producerPaused' }>): Transition<RoomState> {
  const existing = state.participants[cmd.participantId]?.producers[cmd.producerId];
  if (!existing) throw new ProtocolError('NOT_FOUND', `no producer ${cmd.producerId} for this participant`);
  const next = withParticipant(state, cmd.participantId, (p) => ({
    ...p,
    producers: { ...p.producers, [cmd.producerId]: { ...existing, paused: cmd.paused } },
  }));
  return {
    state: next,
    effects: [{ type: 'notify', audience: { to: 'othersThan', participantId: cmd.participantId }, event: 'producer.paused', payload: { participantId: cmd.participantId, producerId: cmd.producerId, paused: cmd.paused } }],
  };
}

function mediaLost(state: RoomState, cmd: Extract<RoomCommand, { type: 'mediaLost' }>): Transition<RoomState> {
  const participants = Object.fromEntries(
    Object.entries(state.participants).map(([id, p]) => [id, { ...p, producers: {} }]),
  );
  const effects: RoomEffect[] = [
    { type: 'notify', audience: { to: 'all' }, event: 'media.reset', payload: { reason: cmd.reason } },
    { type: 'audit', action: 'meeting.mediaLost', actorId: null, subjectId: null, detail: { reason: cmd.reason } },
  ];
  return { state: { ...state, participants }, effects };
}
