// Recording a participant's message in the pure room machine: who may ask, consent first, who is
// shown the recording, and every way the room stops it (moved, left, removed, dropped, ended).
import { describe, expect, it } from 'vitest';
import { initialRoomState, transition, viewFor, type RoomCommand, type RoomState, type RosterEntry } from '@common-ground/signalling';
import type { ConsentText } from '@common-ground/signalling/protocol';
import { joinFrom, refusal, run } from './support/room-commands.ts';

const roster: RosterEntry[] = [
  { participantId: 'fran', displayName: 'Fran', role: 'facilitator', side: null },
  { participantId: 'kim', displayName: 'Kim', role: 'facilitator', side: null },
  { participantId: 'hana', displayName: 'Hana', role: 'party', side: 'harmed', policy: { pseudonym: 'Blue', voice: 'any', camera: 'any', video: 'everyone', audio: 'everyone' } },
  { participantId: 'sue', displayName: 'Sue', role: 'supporter', side: 'harmed' },
  { participantId: 'ray', displayName: 'Ray', role: 'party', side: 'responsible' },
  { participantId: 'obi', displayName: 'Obi', role: 'observer', side: null },
];

const TEXT: ConsentText = { purpose: 'message_recording', version: 'message-2026-11', title: 'Before you record', paragraphs: ['What is recorded.'] };
const joinCmd = (id: string): RoomCommand => joinFrom(roster, id);

/** Fran and Hana in main; Ray still waiting; Sue in the harmed waiting room. */
const present = run(
  initialRoomState('m', 'Meeting', roster),
  joinCmd('fran'), joinCmd('hana'), joinCmd('ray'), joinCmd('sue'), joinCmd('obi'),
  { type: 'admit', actorId: 'fran', participantId: 'hana' },
  { type: 'admit', actorId: 'fran', participantId: 'obi' },
);

const ask = (consented: boolean, actorId = 'fran', participantId = 'hana'): RoomCommand => ({
  type: 'recordingRequested', actorId, participantId, audience: 'other_side', consented, text: TEXT,
});

/** Hana's message being recorded (consent on record), message m-1. */
const recording = run(present, ask(true), { type: 'recordingStarted', participantId: 'hana', messageId: 'm-1', at: '2026-11-22T10:00:00.000Z' });

function stopsOf(state: RoomState, command: RoomCommand) {
  const { state: next, effects } = transition(state, command);
  return { next, stops: effects.filter((e) => e.type === 'stopRecording') };
}

describe('asking to record', () => {
  it('recordingRequested without consent asks the person (and only them) with the consent wording', () => {
    const { state, effects } = transition(present, ask(false));
    expect(state.recordings.hana).toMatchObject({ status: 'asked', audience: 'other_side', requestedBy: 'fran', roomId: 'main' });
    expect(effects).toContainEqual({
      type: 'notify',
      audience: { to: 'participant', participantId: 'hana' },
      event: 'recording.consentRequested',
      payload: { audience: 'other_side', text: TEXT },
    });
    expect(effects).toContainEqual(expect.objectContaining({ type: 'audit', action: 'recording.requested', actorId: 'fran', subjectId: 'hana' }));
  });

  it('with consent on record it goes straight to starting, without a prompt', () => {
    const { state, effects } = transition(present, ask(true));
    expect(state.recordings.hana?.status).toBe('starting');
    expect(effects.some((e) => e.type === 'notify' && e.event === 'recording.consentRequested')).toBe(false);
  });

  it('recordingRequested rejects with PERMISSION_DENIED for a party, and BAD_REQUEST for an observer or facilitator subject', () => {
    expect(refusal(present, ask(true, 'hana', 'hana'))).toBe('PERMISSION_DENIED');
    expect(refusal(present, ask(true, 'fran', 'obi'))).toBe('BAD_REQUEST');
    expect(refusal(present, ask(true, 'fran', 'fran'))).toBe('BAD_REQUEST');
  });

  it('recordingRequested rejects with NOT_FOUND for someone not here and CONFLICT while already recording', () => {
    expect(refusal(present, ask(true, 'fran', 'kim'))).toBe('NOT_FOUND');
    expect(refusal(recording, ask(true))).toBe('CONFLICT');
  });

  it('asking again while asked updates the audience and prompts again', () => {
    const asked = run(present, ask(false));
    const { state, effects } = transition(asked, { ...ask(false), audience: 'facilitators' } as RoomCommand);
    expect(state.recordings.hana?.audience).toBe('facilitators');
    expect(effects.filter((e) => e.type === 'notify' && e.event === 'recording.consentRequested')).toHaveLength(1);
  });
});

describe('the person answers', () => {
  const asked = run(present, ask(false));

  it('recordingConsented moves the request to starting, audited as the person', () => {
    const { state, effects } = transition(asked, { type: 'recordingConsented', participantId: 'hana' });
    expect(state.recordings.hana?.status).toBe('starting');
    expect(effects).toContainEqual(expect.objectContaining({ type: 'audit', action: 'recording.consented', actorId: 'hana' }));
  });

  it('recordingDeclined ends the request and tells the person and the facilitators', () => {
    const { state, effects } = transition(asked, { type: 'recordingDeclined', participantId: 'hana' });
    expect(state.recordings.hana).toBeUndefined();
    expect(effects).toContainEqual({
      type: 'notify',
      audience: { to: 'participants', participantIds: ['hana', 'fran'] },
      event: 'recording.ended',
      payload: { participantId: 'hana', outcome: 'declined', reason: null, messageId: null },
    });
  });

  it('consenting or declining rejects with CONFLICT when nobody asked', () => {
    expect(refusal(present, { type: 'recordingConsented', participantId: 'hana' })).toBe('CONFLICT');
    expect(refusal(recording, { type: 'recordingDeclined', participantId: 'hana' })).toBe('CONFLICT');
  });

  it('recordingStarted rejects with CONFLICT for a request that is not starting', () => {
    expect(refusal(asked, { type: 'recordingStarted', participantId: 'hana', messageId: 'm-1', at: 'now' })).toBe('CONFLICT');
  });
});

describe('who is shown the recording', () => {
  it('everyone in that room sees it, by the name they know the person by', () => {
    const started = run(recording, { type: 'admit', actorId: 'fran', participantId: 'ray' });
    expect(viewFor(started, 'ray')?.recordings).toEqual([
      { participantId: 'hana', displayName: 'Blue', roomId: 'main', status: 'recording', audience: 'other_side', since: '2026-11-22T10:00:00.000Z' },
    ]);
    expect(viewFor(started, 'hana')?.recordings.map((r) => r.displayName)).toEqual(['Hana']);
    expect(viewFor(started, 'fran')?.recordings.map((r) => r.displayName)).toEqual(['Hana']);
  });

  it('nobody in another room sees it, not even the recorded person\'s own supporter', () => {
    expect(viewFor(recording, 'ray')?.recordings).toEqual([]);
    expect(viewFor(recording, 'sue')?.recordings).toEqual([]);
    expect(JSON.stringify(viewFor(recording, 'ray'))).not.toContain('m-1');
  });

  it('it shows from starting (before media flows), but a request being asked is only the person\'s and the facilitators\' business', () => {
    const starting = run(present, ask(true));
    expect(viewFor(starting, 'obi')?.recordings.map((r) => r.status)).toEqual(['starting']);
    const asked = run(present, ask(false));
    expect(viewFor(asked, 'obi')?.recordings).toEqual([]);
    expect(viewFor(asked, 'hana')?.recordings.map((r) => r.status)).toEqual(['asked']);
    expect(viewFor(asked, 'fran')?.recordings.map((r) => r.status)).toEqual(['asked']);
  });
});

describe('stopping', () => {
  it('recordingStop by a facilitator ends it in the room and asks the recorder to stop and save', () => {
    const { next, stops } = stopsOf(recording, { type: 'recordingStop', actorId: 'fran', participantId: 'hana' });
    expect(next.recordings).toEqual({});
    expect(stops).toEqual([{ type: 'stopRecording', participantId: 'hana', reason: 'stopped', actorId: 'fran' }]);
  });

  it('recordingStop rejects with PERMISSION_DENIED for a party and NOT_FOUND for someone not recorded', () => {
    expect(refusal(recording, { type: 'recordingStop', actorId: 'hana', participantId: 'hana' })).toBe('PERMISSION_DENIED');
    expect(refusal(present, { type: 'recordingStop', actorId: 'fran', participantId: 'hana' })).toBe('NOT_FOUND');
  });

  it('stopping a request that is still asking cancels it without touching the recorder', () => {
    const { next, stops } = stopsOf(run(present, ask(false)), { type: 'recordingStop', actorId: 'fran', participantId: 'hana' });
    expect(next.recordings).toEqual({});
    expect(stops).toEqual([]);
  });

  it.each<[string, RoomCommand, string]>([
    ['moved to another room', { type: 'move', actorId: 'fran', participantId: 'hana', roomId: 'waiting-harmed' }, 'moved'],
    ['takes a break', { type: 'timeout', participantId: 'hana', on: true }, 'moved'],
    ['leaves', { type: 'leave', participantId: 'hana', reason: 'left' }, 'left'],
    ['drops', { type: 'connectionLost', participantId: 'hana' }, 'disconnected'],
    ['is removed', { type: 'remove', actorId: 'fran', participantId: 'hana' }, 'removed'],
    ['loses access', { type: 'accessRevoked', participantId: 'hana' }, 'removed'],
    ['sits through the end of the meeting', { type: 'end', actorId: 'fran' }, 'meeting-ended'],
    ['is left without a facilitator', { type: 'leave', participantId: 'fran', reason: 'left' }, 'no-facilitator'],
  ])('the room stops the recording when the person %s', (_what, command, reason) => {
    const { next, stops } = stopsOf(recording, command);
    expect(next.recordings).toEqual({});
    expect(stops).toEqual([{ type: 'stopRecording', participantId: 'hana', reason, actorId: null }]);
  });

  it('moving someone else, or a second facilitator leaving, does not stop it', () => {
    const withKim = run(recording, joinCmd('kim'), { type: 'createRoom', actorId: 'fran', name: 'Side room' });
    expect(stopsOf(withKim, { type: 'move', actorId: 'fran', participantId: 'obi', roomId: 'room-1' }).stops).toEqual([]);
    expect(stopsOf(withKim, { type: 'leave', participantId: 'kim', reason: 'left' }).stops).toEqual([]);
  });

  it('a request being asked is cancelled (the prompt closes) when the person is moved', () => {
    const { state, effects } = transition(run(present, ask(false)), { type: 'move', actorId: 'fran', participantId: 'hana', roomId: 'waiting-harmed' });
    expect(state.recordings).toEqual({});
    expect(effects).toContainEqual(expect.objectContaining({ type: 'notify', event: 'recording.ended', payload: expect.objectContaining({ outcome: 'cancelled' }) }));
    expect(effects.some((e) => e.type === 'stopRecording')).toBe(false);
  });

  it('recordingEnded tells the person and facilitators the outcome, and clears only its own recording', () => {
    const failed = transition(recording, { type: 'recordingEnded', participantId: 'hana', outcome: 'failed', reason: 'The recording stopped.', messageId: 'm-1' });
    expect(failed.state.recordings).toEqual({});
    expect(failed.effects).toEqual([
      { type: 'notify', audience: { to: 'participants', participantIds: ['hana', 'fran'] }, event: 'recording.ended', payload: { participantId: 'hana', outcome: 'failed', reason: 'The recording stopped.', messageId: 'm-1' } },
    ]);
    // A late outcome of an earlier recording leaves the current one alone.
    expect(transition(recording, { type: 'recordingEnded', participantId: 'hana', outcome: 'saved', reason: null, messageId: 'older' }).state.recordings.hana?.messageId).toBe('m-1');
  });
});
