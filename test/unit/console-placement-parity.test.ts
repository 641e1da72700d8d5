// The console only offers moves the server accepts: for every person and every room on a real
// board from the room machine, the console's placement() agrees with the machine's answer.
import { describe, expect, it } from 'vitest';
import { initialRoomState, transition, viewFor, type RoomCommand, type RoomState, type RosterEntry } from '@common-ground/signalling';
import { placement } from '../../client/src/console/boardModel.ts';

const roster: RosterEntry[] = [
  { participantId: 'fran', displayName: 'Fran', role: 'facilitator', side: null },
  { participantId: 'hana', displayName: 'Hana', role: 'party', side: 'harmed' },
  { participantId: 'sue', displayName: 'Sue', role: 'supporter', side: 'harmed' },
  { participantId: 'ray', displayName: 'Ray', role: 'party', side: 'responsible' },
  { participantId: 'olu', displayName: 'Olu', role: 'observer', side: 'responsible' },
];

function run(state: RoomState, ...commands: RoomCommand[]): RoomState {
  return commands.reduce((s, c) => transition(s, c).state, state);
}

function joinCmd(id: string): RoomCommand {
  const r = roster.find((x) => x.participantId === id)!;
  return { type: 'join', participantId: id, displayName: r.displayName, role: r.role, side: r.side };
}

const state = run(
  initialRoomState('m', 'Meeting', roster),
  ...roster.map((r) => joinCmd(r.participantId)),
  { type: 'admit', actorId: 'fran', participantId: 'hana' },
  { type: 'createRoom', actorId: 'fran', name: 'Shuttle A' },
  { type: 'admit', actorId: 'fran', participantId: 'ray' },
  { type: 'timeout', participantId: 'ray', on: true },
);

function serverAccepts(participantId: string, roomId: string): boolean {
  try {
    transition(state, { type: 'move', actorId: 'fran', participantId, roomId });
    return true;
  } catch {
    return false;
  }
}

describe('console placement matches the room machine', () => {
  const board = viewFor(state, 'fran')?.board;

  it('has a board with a time-out room and a separate room to check against', () => {
    expect(board?.rooms.map((r) => r.kind)).toEqual(expect.arrayContaining(['waiting', 'main', 'separate', 'timeout']));
  });

  it('offers exactly the moves the machine accepts, for every person and room', () => {
    let checked = 0;
    for (const card of board?.participants ?? []) {
      for (const room of board?.rooms ?? []) {
        const offered = placement(card, room);
        if (offered === 'here') continue;
        expect({ who: card.participantId, to: room.id, allowed: offered === 'allowed' }).toEqual({
          who: card.participantId,
          to: room.id,
          allowed: serverAccepts(card.participantId, room.id),
        });
        checked += 1;
      }
    }
    // 5 people × (rooms − their own): make sure the loop really ran over the whole board.
    expect(checked).toBe(roster.length * ((board?.rooms.length ?? 0) - 1));
  });
});
