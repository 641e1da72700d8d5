// The room machine when the SFU loses a meeting's media (its worker died): placement, mutes and
// separation are room state and survive; only the producers go, and media is rebuilt from the rest.
import { describe, expect, it } from 'vitest';
import { canConsume, initialRoomState, transition, viewFor, type RoomState, type RosterEntry } from '@common-ground/signalling';
import { joinFrom, refusal, run } from './support/room-commands.ts';

const roster: RosterEntry[] = [
  { participantId: 'fran', displayName: 'Fran', role: 'facilitator', side: null },
  { participantId: 'hana', displayName: 'Hana', role: 'party', side: 'harmed' },
  { participantId: 'ray', displayName: 'Ray', role: 'party', side: 'responsible' },
];

/** Shuttle: Hana and Fran in room-1, Ray alone in main with his microphone hard-muted; everyone sending. */
const shuttle: RoomState = run(
  initialRoomState('m', 'Meeting', roster),
  ...roster.map((r) => joinFrom(roster, r.participantId)),
  { type: 'createRoom', actorId: 'fran', name: 'Hana' },
  { type: 'move', actorId: 'fran', participantId: 'hana', roomId: 'room-1' },
  { type: 'move', actorId: 'fran', participantId: 'fran', roomId: 'room-1' },
  { type: 'admit', actorId: 'fran', participantId: 'ray' },
  ...['fran', 'hana', 'ray'].flatMap((id) => [
    { type: 'producerAdded' as const, participantId: id, producerId: `${id}-mic`, kind: 'audio' as const, masking: 'off' as const },
    { type: 'producerAdded' as const, participantId: id, producerId: `${id}-cam`, kind: 'video' as const, masking: 'off' as const },
  ]),
  { type: 'mute', actorId: 'fran', participantId: 'ray', kind: 'audio', hard: true },
);

const placement = (s: RoomState) => Object.fromEntries(Object.values(s.participants).map((p) => [p.participantId, p.roomId]));

describe('mediaLost', () => {
  it('keeps everyone in their room, the parties apart and the mutes in place, and clears every producer', () => {
    expect(placement(shuttle)).toEqual({ fran: 'room-1', hana: 'room-1', ray: 'main' });
    const { state } = transition(shuttle, { type: 'mediaLost', reason: 'media server restarted' });

    expect(placement(state)).toEqual(placement(shuttle));
    expect(state.rooms).toEqual(shuttle.rooms);
    expect(Object.values(state.participants).map((p) => Object.keys(p.producers))).toEqual([[], [], []]);
    expect(state.participants.ray?.hardMuted).toEqual(shuttle.participants.ray?.hardMuted);
    expect(canConsume(state, 'hana', 'ray')).toBe(false);
    expect(canConsume(state, 'ray', 'hana')).toBe(false);
    expect(canConsume(state, 'hana', 'fran')).toBe(true);
    expect(viewFor(state, 'hana')?.peers.map((p) => [p.participantId, p.producers])).toEqual([['fran', []]]);
    expect(viewFor(state, 'ray')?.peers).toEqual([]);
  });

  it('tells everyone to set media up again and audits it, with no other effect (nobody is moved, dropped or closed)', () => {
    const { effects } = transition(shuttle, { type: 'mediaLost', reason: 'media server restarted' });
    expect(effects).toEqual([
      { type: 'notify', audience: { to: 'all' }, event: 'media.reset', payload: { reason: 'media server restarted' } },
      { type: 'audit', action: 'meeting.mediaLost', actorId: null, subjectId: null, detail: { reason: 'media server restarted' } },
    ]);
  });

  it('rebuilds from room state: a hard-muted kind produced again starts paused at the SFU', () => {
    const lost = run(shuttle, { type: 'mediaLost', reason: 'media server restarted' });
    const { state, effects } = transition(lost, { type: 'producerAdded', participantId: 'ray', producerId: 'ray-mic-2', kind: 'audio', masking: 'off' });
    expect(state.participants.ray?.producers['ray-mic-2']?.paused).toBe(true);
    expect(effects).toEqual([{ type: 'setProducerPaused', participantId: 'ray', producerId: 'ray-mic-2', paused: true }]);
  });

  it('refuses a pause or resume of a producer from before the loss with NOT_FOUND', () => {
    const lost = run(shuttle, { type: 'mediaLost', reason: 'media server restarted' });
    expect(refusal(lost, { type: 'producerPaused', participantId: 'hana', producerId: 'hana-cam', paused: true })).toBe('NOT_FOUND');
  });
});
