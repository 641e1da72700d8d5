// Recording a participant's message, as the room sees it. A facilitator asks; without consent on
// record the person is asked first; then the recorder starts (meetings/recordings.ts does the media
// and the database) and everyone in that room is shown it. Whatever the command, settleRecordings()
// then stops every recording the room no longer allows: the person left, was removed, dropped, was
// moved (or took a break), the meeting ended, or no facilitator is left in it.
import { ProtocolError, type RecordingInfo, type RecordingOutcome } from '../protocol/index.ts';
import type { RecordingCommand, RecordingStopReason, RoomEffect, Transition } from './commands.ts';
import { nameSeenBy } from './masking.ts';
import { audit, facilitatorIds, requireFacilitator, requireParticipant } from './placement-rules.ts';
import type { ParticipantState, RecordingState, RoomState } from './state.ts';

type Cmd<K extends RecordingCommand['type']> = Extract<RecordingCommand, { type: K }>;

/**
 * The person a facilitator may ask to record, or the typed refusal. Used by the machine, and before
 * the consent lookup so a refused request never touches the database.
 */
export function recordingSubject(state: RoomState, actorId: string, participantId: string): ParticipantState {
  requireFacilitator(state, actorId);
  const subject = requireParticipant(state, participantId);
  if (subject.role !== 'party' && subject.role !== 'supporter') {
    throw new ProtocolError('BAD_REQUEST', 'only the parties and their supporters can record a message');
  }
  if (!subject.connected) throw new ProtocolError('CONFLICT', `${subject.displayName} is reconnecting; try again when they are back`);
  const existing = state.recordings[participantId];
  if (existing && existing.status !== 'asked') throw new ProtocolError('CONFLICT', `${subject.displayName} is already being recorded`);
  return subject;
}

export function recordingRequested(state: RoomState, cmd: Cmd<'recordingRequested'>): Transition<RoomState> {
  const subject = recordingSubject(state, cmd.actorId, cmd.participantId);
  const entry: RecordingState = {
    participantId: subject.participantId,
    status: cmd.consented ? 'starting' : 'asked',
    audience: cmd.audience,
    requestedBy: cmd.actorId,
    roomId: subject.roomId,
    since: null,
    messageId: null,
  };
  const effects: RoomEffect[] = [audit(cmd.actorId, 'recording.requested', subject.participantId, { audience: cmd.audience, consent: cmd.consented ? 'on-record' : 'asked' })];
  if (!cmd.consented) {
    effects.push({ type: 'notify', audience: { to: 'participant', participantId: subject.participantId }, event: 'recording.consentRequested', payload: { audience: cmd.audience, text: cmd.text } });
  }
  return { state: withRecording(state, entry), effects };
}

export function recordingConsented(state: RoomState, cmd: Cmd<'recordingConsented'>): Transition<RoomState> {
  const entry = asked(state, cmd.participantId);
  return {
    state: withRecording(state, { ...entry, status: 'starting' }),
    effects: [audit(cmd.participantId, 'recording.consented', cmd.participantId, { audience: entry.audience })],
  };
}

export function recordingDeclined(state: RoomState, cmd: Cmd<'recordingDeclined'>): Transition<RoomState> {
  asked(state, cmd.participantId);
  return {
    state: withoutRecording(state, cmd.participantId),
    effects: [ended(state, cmd.participantId, 'declined', null, null), audit(cmd.participantId, 'recording.declined', cmd.participantId)],
  };
}

export function recordingStarted(state: RoomState, cmd: Cmd<'recordingStarted'>): Transition<RoomState> {
  const entry = state.recordings[cmd.participantId];
  if (entry?.status !== 'starting') throw new ProtocolError('CONFLICT', 'this recording was called off before it started');
  return { state: withRecording(state, { ...entry, status: 'recording', since: cmd.at, messageId: cmd.messageId }), effects: [] };
}

export function recordingStop(state: RoomState, cmd: Cmd<'recordingStop'>): Transition<RoomState> {
  requireFacilitator(state, cmd.actorId);
  const entry = state.recordings[cmd.participantId];
  if (!entry) throw new ProtocolError('NOT_FOUND', 'that person is not being recorded');
  const effects: RoomEffect[] = [audit(cmd.actorId, 'recording.stopRequested', cmd.participantId, { status: entry.status })];
  effects.push(entry.status === 'asked' ? ended(state, cmd.participantId, 'cancelled', null, null) : { type: 'stopRecording', participantId: cmd.participantId, reason: 'stopped', actorId: cmd.actorId });
  return { state: withoutRecording(state, cmd.participantId), effects };
}

/** The recorder is done. The entry goes (if it is still this recording); the person and facilitators are told. */
export function recordingEnded(state: RoomState, cmd: Cmd<'recordingEnded'>): Transition<RoomState> {
  const entry = state.recordings[cmd.participantId];
  const current = entry && entry.status !== 'asked' && (entry.messageId === null || entry.messageId === cmd.messageId);
  return {
    state: current ? withoutRecording(state, cmd.participantId) : state,
    effects: [ended(state, cmd.participantId, cmd.outcome, cmd.reason, cmd.messageId)],
  };
}

/** Ends every recording (or request) the room no longer allows; runs after every command. */
export function settleRecordings(state: RoomState): Transition<RoomState> {
  const effects: RoomEffect[] = [];
  let next = state;
  for (const entry of Object.values(state.recordings)) {
    const reason = stopReason(state, entry);
    if (!reason) continue;
    next = withoutRecording(next, entry.participantId);
    effects.push(
      entry.status === 'asked'
        ? ended(state, entry.participantId, 'cancelled', null, null)
        : { type: 'stopRecording', participantId: entry.participantId, reason, actorId: null },
      audit(null, 'recording.interrupted', entry.participantId, { reason, status: entry.status }),
    );
  }
  return { state: next, effects };
}

/** The recordings `viewerId` may know of: in their room (their own even while asked); facilitators see all. */
export function recordingsSeenBy(state: RoomState, viewerId: string): RecordingInfo[] {
  const viewer = state.participants[viewerId];
  if (!viewer) return [];
  const facilitator = viewer.role === 'facilitator';
  return Object.values(state.recordings)
    .filter((r) => facilitator || r.participantId === viewerId || (r.status !== 'asked' && r.roomId === viewer.roomId))
    .flatMap((r) => {
      const who = state.participants[r.participantId] ?? state.roster[r.participantId];
      if (!who) return [];
      return [{ participantId: r.participantId, displayName: nameSeenBy(state, viewerId, who), roomId: r.roomId, status: r.status, audience: r.audience, since: r.since }];
    });
}

function stopReason(state: RoomState, entry: RecordingState): RecordingStopReason | null {
  if (state.ended) return 'meeting-ended';
  if (state.removed.includes(entry.participantId)) return 'removed';
  const subject = state.participants[entry.participantId];
  if (!subject) return 'left';
  if (!subject.connected) return 'disconnected';
  if (subject.roomId !== entry.roomId) return 'moved';
  if (facilitatorIds(state).length === 0) return 'no-facilitator';
  return null;
}

function asked(state: RoomState, participantId: string): RecordingState {
  requireParticipant(state, participantId);
  const entry = state.recordings[participantId];
  if (entry?.status !== 'asked') throw new ProtocolError('CONFLICT', 'nobody is asking to record you right now');
  return entry;
}

/** recording.ended to the person and every facilitator. */
function ended(state: RoomState, participantId: string, outcome: RecordingOutcome, reason: string | null, messageId: string | null): RoomEffect {
  const to = [...new Set([participantId, ...facilitatorIds(state)])];
  return { type: 'notify', audience: { to: 'participants', participantIds: to }, event: 'recording.ended', payload: { participantId, outcome, reason, messageId } };
}

function withRecording(state: RoomState, entry: RecordingState): RoomState {
  return { ...state, recordings: { ...state.recordings, [entry.participantId]: entry } };
}

function withoutRecording(state: RoomState, participantId: string): RoomState {
  const { [participantId]: _gone, ...recordings } = state.recordings;
  return { ...state, recordings };
}
