// The head count staff dashboards see: connected people and how many of them wait.
import { describe, expect, it } from 'vitest';
import { initialRoomState, isEmpty, presenceSummary, transition, type RoomState } from '../../signalling/src/room/index.ts';

const roster = [
  { participantId: 'f', displayName: 'Fran', role: 'facilitator' as const, side: null },
  { participantId: 'h', displayName: 'Hana', role: 'party' as const, side: 'harmed' as const },
  { participantId: 'r', displayName: 'Ray', role: 'party' as const, side: 'responsible' as const },
];

function joined(state: RoomState, participantId: string): RoomState {
  const entry = roster.find((r) => r.participantId === participantId)!;
  return transition(state, { type: 'join', participantId, displayName: entry.displayName, role: entry.role, side: entry.side }).state;
}

describe('presenceSummary', () => {
  it('counts connected people and those waiting, and not those whose connection dropped', () => {
    let state = initialRoomState('m1', 'Meeting', roster);
    expect(presenceSummary(state)).toEqual({ connected: 0, waiting: 0, ended: false });
    expect(isEmpty(state)).toBe(true);
    state = joined(joined(joined(state, 'f'), 'h'), 'r');
    expect(presenceSummary(state)).toEqual({ connected: 3, waiting: 2, ended: false });
    state = transition(state, { type: 'connectionLost', participantId: 'h' }).state;
    expect(presenceSummary(state)).toEqual({ connected: 2, waiting: 1, ended: false });
    expect(isEmpty(state)).toBe(false); // Hana keeps her place during the grace window
  });
});
