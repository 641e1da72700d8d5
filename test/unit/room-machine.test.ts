import { describe, expect, it } from 'vitest';
import { canConsume, initialRoomState, transition } from '@common-ground/signalling';
import { ProtocolError } from '@common-ground/signalling/protocol';

const empty = initialRoomState('m-1', 'Test meeting');
const withAlice = transition(empty, { type: 'join', participantId: 'alice', displayName: 'Alice', role: 'facilitator' }).state;
const withBoth = transition(withAlice, { type: 'join', participantId: 'bob', displayName: 'Bob', role: 'party' }).state;

describe('room machine', () => {
  it('join adds the participant and tells only the others', () => {
    const { state, effects } = transition(withAlice, { type: 'join', participantId: 'bob', displayName: 'Bob', role: 'party' });
    expect(Object.keys(state.participants)).toEqual(['alice', 'bob']);
    expect(effects).toContainEqual(expect.objectContaining({ type: 'notify', event: 'peer.joined', audience: { to: 'othersThan', participantId: 'bob' } }));
    expect(effects).toContainEqual(expect.objectContaining({ type: 'audit', action: 'participant.joined', actorId: 'bob' }));
  });

  it('join does not change the previous state object (purity)', () => {
    transition(withAlice, { type: 'join', participantId: 'bob', displayName: 'Bob', role: 'party' });
    expect(Object.keys(withAlice.participants)).toEqual(['alice']);
  });

  it('join rejects with CONFLICT for a participant already present', () => {
    expect(() => transition(withAlice, { type: 'join', participantId: 'alice', displayName: 'A', role: 'facilitator' }))
      .toThrowError(expect.objectContaining({ code: 'CONFLICT' }) as unknown as Error);
  });

  it('join rejects with MEETING_ENDED once the meeting has ended', () => {
    const ended = { ...withAlice, ended: true };
    expect(() => transition(ended, { type: 'join', participantId: 'bob', displayName: 'Bob', role: 'party' })).toThrow(ProtocolError);
  });

  it('leave removes the participant, closes their media and notifies the rest', () => {
    const { state, effects } = transition(withBoth, { type: 'leave', participantId: 'bob', reason: 'left' });
    expect(state.participants.bob).toBeUndefined();
    expect(effects.map((e) => e.type)).toEqual(['closePeerMedia', 'notify', 'audit']);
  });

  it('leave of an absent participant changes nothing', () => {
    const { state, effects } = transition(withBoth, { type: 'leave', participantId: 'carol', reason: 'disconnected' });
    expect(state).toBe(withBoth);
    expect(effects).toEqual([]);
  });

  it('producerAdded records the producer and announces it to the others', () => {
    const { state, effects } = transition(withBoth, { type: 'producerAdded', participantId: 'bob', producerId: 'pr-1', kind: 'video' });
    expect(state.participants.bob?.producers['pr-1']).toEqual({ producerId: 'pr-1', kind: 'video', paused: false });
    expect(effects[0]).toMatchObject({ event: 'producer.added', payload: { participantId: 'bob' } });
  });

  it('producerPaused rejects with NOT_FOUND for a producer the participant does not own', () => {
    const withProducer = transition(withBoth, { type: 'producerAdded', participantId: 'bob', producerId: 'pr-1', kind: 'audio' }).state;
    expect(() => transition(withProducer, { type: 'producerPaused', participantId: 'alice', producerId: 'pr-1', paused: true }))
      .toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }) as unknown as Error);
  });

  it('mediaLost clears every producer and tells everyone to set up media again', () => {
    const withProducer = transition(withBoth, { type: 'producerAdded', participantId: 'bob', producerId: 'pr-1', kind: 'audio' }).state;
    const { state, effects } = transition(withProducer, { type: 'mediaLost', reason: 'worker died' });
    expect(state.participants.bob?.producers).toEqual({});
    expect(effects).toContainEqual(expect.objectContaining({ event: 'media.reset', audience: { to: 'all' } }));
  });

  it('canConsume allows present participants to receive each other, never themselves or the absent', () => {
    expect(canConsume(withBoth, 'alice', 'bob')).toBe(true);
    expect(canConsume(withBoth, 'alice', 'alice')).toBe(false);
    expect(canConsume(withBoth, 'alice', 'carol')).toBe(false);
    expect(canConsume(withAlice, 'bob', 'alice')).toBe(false);
  });
});
