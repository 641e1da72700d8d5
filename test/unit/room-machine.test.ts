// The pure room machine: placement, facilitator controls and their refusals, without any media.
import { describe, expect, it } from 'vitest';
import { canConsume, initialRoomState, transition, viewFor, type RoomCommand, type RoomState, type RosterEntry } from '@common-ground/signalling';
import { joinFrom, refusal, run } from './support/room-commands.ts';

const roster: RosterEntry[] = [
  { participantId: 'fran', displayName: 'Fran', role: 'facilitator', side: null },
  { participantId: 'kim', displayName: 'Kim', role: 'facilitator', side: null },
  { participantId: 'hana', displayName: 'Hana', role: 'party', side: 'harmed' },
  { participantId: 'sue', displayName: 'Sue', role: 'supporter', side: 'harmed' },
  { participantId: 'ray', displayName: 'Ray', role: 'party', side: 'responsible' },
];


const joinCmd = (id: string): RoomCommand => joinFrom(roster, id);

/** Fran, Hana and Ray present; nobody admitted yet. */
const arrived = run(initialRoomState('m', 'Meeting', roster), joinCmd('fran'), joinCmd('hana'), joinCmd('ray'));
const inMain = run(arrived, { type: 'admit', actorId: 'fran', participantId: 'hana' }, { type: 'admit', actorId: 'fran', participantId: 'ray' });


describe('arrival and waiting rooms', () => {
  it('join places each party in their own side\'s waiting room and a facilitator in main', () => {
    expect(arrived.participants.hana?.roomId).toBe('waiting-harmed');
    expect(arrived.participants.ray?.roomId).toBe('waiting-responsible');
    expect(arrived.participants.fran?.roomId).toBe('main');
  });

  it('a supporter waits with their side', () => {
    const s = run(arrived, joinCmd('sue'));
    expect(s.participants.sue?.roomId).toBe('waiting-harmed');
    expect(canConsume(s, 'sue', 'hana')).toBe(true);
  });

  it('parties in their waiting rooms may not consume each other, nor the facilitator in main', () => {
    expect(canConsume(arrived, 'hana', 'ray')).toBe(false);
    expect(canConsume(arrived, 'ray', 'hana')).toBe(false);
    expect(canConsume(arrived, 'hana', 'fran')).toBe(false);
  });

  it('a waiting party\'s view names the facilitators but never the other party', () => {
    const view = viewFor(arrived, 'hana')!;
    expect(view.hosts.map((h) => h.displayName)).toEqual(['Fran', 'Kim']);
    expect(view.hosts.map((h) => h.status)).toEqual(['present', 'away']);
    expect(JSON.stringify(view)).not.toContain('Ray');
    expect(view.board).toBeNull();
  });

  it('a facilitator\'s view carries the board with every room and person', () => {
    const view = viewFor(arrived, 'fran')!;
    expect(view.board?.rooms.map((r) => r.id)).toEqual(['waiting-harmed', 'waiting-responsible', 'main']);
    expect(view.board?.participants.map((p) => [p.participantId, p.roomId])).toEqual([['fran', 'main'], ['hana', 'waiting-harmed'], ['ray', 'waiting-responsible']]);
    expect(view.board?.absent.map((p) => p.participantId)).toEqual(['kim', 'sue']);
  });
});

describe('admit and move', () => {
  it('admit moves a waiting party into main, where they may consume each other', () => {
    expect(inMain.participants.hana?.roomId).toBe('main');
    expect(canConsume(inMain, 'hana', 'ray')).toBe(true);
  });

  it('admit is audited as an admission by the facilitator', () => {
    const { effects } = transition(arrived, { type: 'admit', actorId: 'fran', participantId: 'hana' });
    expect(effects).toContainEqual({ type: 'audit', action: 'participant.admitted', actorId: 'fran', subjectId: 'hana', detail: { from: 'waiting-harmed', to: 'main' } });
  });

  it('room.admit() rejects with PERMISSION_DENIED for a party', () => {
    expect(refusal(arrived, { type: 'admit', actorId: 'ray', participantId: 'hana' })).toBe('PERMISSION_DENIED');
  });

  it('move rejects with PERMISSION_DENIED for a party, even moving themselves', () => {
    expect(refusal(inMain, { type: 'move', actorId: 'hana', participantId: 'hana', roomId: 'waiting-harmed' })).toBe('PERMISSION_DENIED');
  });

  it('admit rejects with CONFLICT for someone not in a waiting room', () => {
    expect(refusal(inMain, { type: 'admit', actorId: 'fran', participantId: 'hana' })).toBe('CONFLICT');
  });

  it('move rejects with PERMISSION_DENIED into the other side\'s waiting room', () => {
    expect(refusal(inMain, { type: 'move', actorId: 'fran', participantId: 'ray', roomId: 'waiting-harmed' })).toBe('PERMISSION_DENIED');
  });

  it('move rejects with NOT_FOUND for an unknown room or person', () => {
    expect(refusal(inMain, { type: 'move', actorId: 'fran', participantId: 'ray', roomId: 'room-99' })).toBe('NOT_FOUND');
    expect(refusal(inMain, { type: 'move', actorId: 'fran', participantId: 'nobody', roomId: 'main' })).toBe('NOT_FOUND');
  });

  it('shuttle: a separate room splits the parties, and the facilitator\'s media follows the facilitator', () => {
    const s = run(inMain, { type: 'createRoom', actorId: 'fran', name: 'Ray\'s room' }, { type: 'move', actorId: 'fran', participantId: 'ray', roomId: 'room-1' });
    expect(canConsume(s, 'hana', 'ray')).toBe(false);
    expect(canConsume(s, 'ray', 'fran')).toBe(false);
    const withFran = run(s, { type: 'move', actorId: 'fran', participantId: 'fran', roomId: 'room-1' });
    expect(canConsume(withFran, 'ray', 'fran')).toBe(true);
    expect(canConsume(withFran, 'hana', 'fran')).toBe(false);
  });

  it('gather brings people in separate rooms back to main but leaves waiting rooms alone', () => {
    const s = run(inMain, joinCmd('sue'), { type: 'createRoom', actorId: 'fran', name: 'A' }, { type: 'move', actorId: 'fran', participantId: 'ray', roomId: 'room-1' }, { type: 'gather', actorId: 'fran' });
    expect(s.participants.ray?.roomId).toBe('main');
    expect(s.participants.sue?.roomId).toBe('waiting-harmed');
  });

  it('closing a separate room with people in it is refused with CONFLICT; an empty one closes', () => {
    const s = run(inMain, { type: 'createRoom', actorId: 'fran', name: 'A' }, { type: 'move', actorId: 'fran', participantId: 'ray', roomId: 'room-1' });
    expect(refusal(s, { type: 'closeRoom', actorId: 'fran', roomId: 'room-1' })).toBe('CONFLICT');
    const closed = run(s, { type: 'move', actorId: 'fran', participantId: 'ray', roomId: 'main' }, { type: 'closeRoom', actorId: 'fran', roomId: 'room-1' });
    expect(closed.rooms['room-1']).toBeUndefined();
  });
});

describe('listening in', () => {
  it('a listening facilitator receives the room\'s media, occupants see who listens, and the room does not receive the facilitator', () => {
    const s = run(arrived, { type: 'listen', actorId: 'fran', roomId: 'waiting-harmed' });
    expect(canConsume(s, 'fran', 'hana')).toBe(true);
    expect(canConsume(s, 'hana', 'fran')).toBe(false);
    expect(viewFor(s, 'hana')?.listeners).toEqual([{ participantId: 'fran', displayName: 'Fran' }]);
    expect(viewFor(s, 'fran')?.listeningTo?.id).toBe('waiting-harmed');
  });

  it('listen rejects with PERMISSION_DENIED for a party', () => {
    expect(refusal(arrived, { type: 'listen', actorId: 'hana', roomId: 'waiting-responsible' })).toBe('PERMISSION_DENIED');
  });
});

describe('mute controls', () => {
  const producing = run(inMain, { type: 'producerAdded', participantId: 'ray', producerId: 'ray-mic', kind: 'audio', masking: 'off' });

  it('a hard mute pauses the producer on the server and a resume by the participant is refused with HARD_MUTED', () => {
    const { state, effects } = transition(producing, { type: 'mute', actorId: 'fran', participantId: 'ray', kind: 'audio', hard: true });
    expect(effects).toContainEqual({ type: 'setProducerPaused', participantId: 'ray', producerId: 'ray-mic', paused: true });
    expect(state.participants.ray?.producers['ray-mic']?.paused).toBe(true);
    expect(refusal(state, { type: 'producerPaused', participantId: 'ray', producerId: 'ray-mic', paused: false })).toBe('HARD_MUTED');
  });

  it('after allowUnmute the participant may unmute', () => {
    const muted = run(producing, { type: 'mute', actorId: 'fran', participantId: 'ray', kind: 'audio', hard: true }, { type: 'allowUnmute', actorId: 'fran', participantId: 'ray', kind: 'audio' });
    const { state } = transition(muted, { type: 'producerPaused', participantId: 'ray', producerId: 'ray-mic', paused: false });
    expect(state.participants.ray?.producers['ray-mic']?.paused).toBe(false);
  });

  it('a soft mute can be undone by the participant', () => {
    const muted = run(producing, { type: 'mute', actorId: 'fran', participantId: 'ray', kind: 'audio', hard: false });
    expect(() => transition(muted, { type: 'producerPaused', participantId: 'ray', producerId: 'ray-mic', paused: false })).not.toThrow();
  });

  it('a producer created while hard-muted starts paused', () => {
    const muted = run(inMain, { type: 'mute', actorId: 'fran', participantId: 'ray', kind: 'audio', hard: true });
    const { state, effects } = transition(muted, { type: 'producerAdded', participantId: 'ray', producerId: 'p2', kind: 'audio', masking: 'off' });
    expect(state.participants.ray?.producers.p2?.paused).toBe(true);
    expect(effects).toContainEqual({ type: 'setProducerPaused', participantId: 'ray', producerId: 'p2', paused: true });
  });

  it('ask to unmute notifies only the participant and lifts a hard mute', () => {
    const muted = run(producing, { type: 'mute', actorId: 'fran', participantId: 'ray', kind: 'audio', hard: true });
    const { state, effects } = transition(muted, { type: 'askUnmute', actorId: 'fran', participantId: 'ray', kind: 'audio' });
    expect(effects).toContainEqual({ type: 'notify', audience: { to: 'participant', participantId: 'ray' }, event: 'unmute.requested', payload: { kind: 'audio', by: 'Fran' } });
    expect(state.participants.ray?.hardMuted.audio).toBe(false);
  });

  it('mute rejects with PERMISSION_DENIED for a party', () => {
    expect(refusal(producing, { type: 'mute', actorId: 'hana', participantId: 'ray', kind: 'audio', hard: true })).toBe('PERMISSION_DENIED');
  });

  it('mute all pauses every non-facilitator microphone in the room', () => {
    const s = run(producing, { type: 'producerAdded', participantId: 'hana', producerId: 'hana-mic', kind: 'audio', masking: 'off' }, { type: 'producerAdded', participantId: 'fran', producerId: 'fran-mic', kind: 'audio', masking: 'off' });
    const { state } = transition(s, { type: 'muteAll', actorId: 'fran', roomId: 'main', hard: false });
    expect(state.participants.ray?.producers['ray-mic']?.paused).toBe(true);
    expect(state.participants.hana?.producers['hana-mic']?.paused).toBe(true);
    expect(state.participants.fran?.producers['fran-mic']?.paused).toBe(false);
  });
});

describe('lock, remove, end', () => {
  it('a locked meeting refuses a newcomer with MEETING_LOCKED but lets a facilitator in', () => {
    const locked = run(arrived, { type: 'lock', actorId: 'fran', locked: true });
    expect(refusal(locked, joinCmd('sue'))).toBe('MEETING_LOCKED');
    expect(run(locked, joinCmd('kim')).participants.kim?.roomId).toBe('main');
  });

  it('remove disconnects the participant, records it, and a later join is refused with REMOVED', () => {
    const { state, effects } = transition(inMain, { type: 'remove', actorId: 'fran', participantId: 'ray' });
    expect(effects.map((e) => e.type)).toEqual(['notify', 'closePeerMedia', 'disconnect', 'persist', 'audit']);
    expect(refusal(state, joinCmd('ray'))).toBe('REMOVED');
  });

  it('remove rejects with PERMISSION_DENIED for a party or against a facilitator', () => {
    expect(refusal(inMain, { type: 'remove', actorId: 'ray', participantId: 'hana' })).toBe('PERMISSION_DENIED');
    const both = run(inMain, joinCmd('kim'));
    expect(refusal(both, { type: 'remove', actorId: 'fran', participantId: 'kim' })).toBe('PERMISSION_DENIED');
  });

  it('accessRevoked (staff withdrew the link) ends the session like a removal, audited with no facilitator actor', () => {
    const { state, effects } = transition(inMain, { type: 'accessRevoked', participantId: 'ray' });
    expect(effects.map((e) => e.type)).toEqual(['notify', 'closePeerMedia', 'disconnect', 'audit']);
    expect(effects[3]).toEqual({ type: 'audit', action: 'participant.accessRevoked', actorId: null, subjectId: 'ray' });
    expect(refusal(state, joinCmd('ray'))).toBe('REMOVED');
  });

  it('end tells everyone, closes all media, and refuses later joins with MEETING_ENDED', () => {
    const { state, effects } = transition(inMain, { type: 'end', actorId: 'fran' });
    expect(effects[0]).toEqual({ type: 'notify', audience: { to: 'all' }, event: 'session.ended', payload: { reason: 'meeting-ended' } });
    expect(effects.filter((e) => e.type === 'closePeerMedia')).toHaveLength(3);
    expect(refusal(state, joinCmd('hana'))).toBe('MEETING_ENDED');
  });

  it('end rejects with PERMISSION_DENIED for a party', () => {
    expect(refusal(inMain, { type: 'end', actorId: 'hana' })).toBe('PERMISSION_DENIED');
  });
});

describe('time-out', () => {
  it('a participant steps into a private time-out room, the facilitators are told, and "back" returns them', () => {
    const { state, effects } = transition(inMain, { type: 'timeout', participantId: 'hana', on: true });
    expect(state.participants.hana?.roomId).toBe('timeout-hana');
    expect(canConsume(state, 'ray', 'hana')).toBe(false);
    expect(effects).toContainEqual(expect.objectContaining({ type: 'notify', audience: { to: 'facilitators' }, event: 'notice', payload: expect.objectContaining({ kind: 'timeout', participantId: 'hana' }) }));
    const back = run(state, { type: 'timeout', participantId: 'hana', on: false });
    expect(back.participants.hana?.roomId).toBe('main');
    expect(back.rooms['timeout-hana']).toBeUndefined();
  });

  it('two parties on a break are never together', () => {
    const s = run(inMain, { type: 'timeout', participantId: 'hana', on: true }, { type: 'timeout', participantId: 'ray', on: true });
    expect(s.participants.hana?.roomId).not.toBe(s.participants.ray?.roomId);
    expect(canConsume(s, 'hana', 'ray')).toBe(false);
  });

  it('a facilitator can follow into a time-out room; a party cannot be moved into one', () => {
    const s = run(inMain, { type: 'timeout', participantId: 'hana', on: true }, { type: 'move', actorId: 'fran', participantId: 'fran', roomId: 'timeout-hana' });
    expect(canConsume(s, 'fran', 'hana')).toBe(true);
    expect(refusal(s, { type: 'move', actorId: 'fran', participantId: 'ray', roomId: 'timeout-hana' })).toBe('PERMISSION_DENIED');
  });
});

describe('reconnect grace and facilitator absence', () => {
  it('a dropped participant keeps their room and returns to it on rejoin', () => {
    const s = run(inMain, { type: 'createRoom', actorId: 'fran', name: 'A' }, { type: 'move', actorId: 'fran', participantId: 'ray', roomId: 'room-1' }, { type: 'connectionLost', participantId: 'ray' });
    expect(s.participants.ray).toMatchObject({ connected: false, roomId: 'room-1' });
    expect(run(s, joinCmd('ray')).participants.ray).toMatchObject({ connected: true, roomId: 'room-1' });
  });

  it('after the grace window the participant is gone, and a rejoin starts in their waiting room', () => {
    const s = run(inMain, { type: 'connectionLost', participantId: 'ray' }, { type: 'leave', participantId: 'ray', reason: 'grace-expired' });
    expect(s.participants.ray).toBeUndefined();
    expect(run(s, joinCmd('ray')).participants.ray?.roomId).toBe('waiting-responsible');
  });

  it('while the facilitator is reconnecting the parties stay where they are and see "reconnecting"', () => {
    const s = run(arrived, { type: 'connectionLost', participantId: 'fran' });
    expect(s.participants.hana?.roomId).toBe('waiting-harmed');
    expect(s.participants.ray?.roomId).toBe('waiting-responsible');
    expect(viewFor(s, 'hana')?.hosts.find((h) => h.participantId === 'fran')?.status).toBe('reconnecting');
    expect(canConsume(s, 'hana', 'ray')).toBe(false);
  });

  it('a hard mute survives a reconnect', () => {
    const s = run(inMain, { type: 'mute', actorId: 'fran', participantId: 'ray', kind: 'audio', hard: true }, { type: 'connectionLost', participantId: 'ray' }, joinCmd('ray'));
    expect(s.participants.ray?.hardMuted.audio).toBe(true);
  });
});

describe('names', () => {
  it('a case party keeps the pseudonym staff chose, whatever name their join page sends', () => {
    const locked = initialRoomState('m', 'Meeting', [{ participantId: 'hana', displayName: 'Rowan', role: 'party', side: 'harmed', nameLocked: true }]);
    const s = run(locked, { type: 'join', participantId: 'hana', displayName: 'Hana Real-Name', role: 'party', side: 'harmed' });
    expect(s.participants.hana?.displayName).toBe('Rowan');
  });

  it('without a case, the name typed on the join page is used', () => {
    expect(arrived.participants.hana?.displayName).toBe('Hana');
    const s = run(initialRoomState('m', 'M', roster), { type: 'join', participantId: 'ray', displayName: 'Raymond', role: 'party', side: 'responsible' });
    expect(s.participants.ray?.displayName).toBe('Raymond');
  });
});

describe('chat', () => {
  it('a message to a waiting room reaches its occupants and the facilitators only', () => {
    const { effects } = transition(arrived, { type: 'chat', participantId: 'fran', roomId: 'waiting-harmed', text: 'Nearly ready', at: '2026-11-22T10:00:00Z' });
    expect(effects[0]).toEqual(expect.objectContaining({ event: 'chat.message', audience: { to: 'participants', participantIds: ['hana', 'fran'] } }));
    expect(effects[1]).toEqual({ type: 'audit', action: 'chat.sent', actorId: 'fran', subjectId: null, detail: { roomId: 'waiting-harmed', messageId: 1, recipients: ['hana', 'fran'] } });
    expect(JSON.stringify(effects[1])).not.toContain('Nearly ready');
  });

  it('a party cannot write to another room (PERMISSION_DENIED)', () => {
    expect(refusal(arrived, { type: 'chat', participantId: 'hana', roomId: 'waiting-responsible', text: 'hi', at: 'x' })).toBe('PERMISSION_DENIED');
  });
});

describe('purity', () => {
  it('a transition never changes the state it was given', () => {
    const before = JSON.stringify(inMain);
    transition(inMain, { type: 'move', actorId: 'fran', participantId: 'ray', roomId: 'waiting-responsible' });
    transition(inMain, { type: 'end', actorId: 'fran' });
    expect(JSON.stringify(inMain)).toBe(before);
  });
});
