// The facilitator console's board model: columns in room order, where a card may be moved,
// which columns accept a dragged card, and what a drop does.
import { describe, expect, it } from 'vitest';
import { OPEN_POLICY, type Board, type BoardCard, type RoomInfo } from '@common-ground/signalling/protocol';
import {
  canCloseRoom,
  columnsOf,
  forbiddenReason,
  moveOptions,
  mutableOccupants,
  placement,
  roomName,
  unplacedCards,
} from '../../client/src/console/boardModel.ts';
import { carriesParticipant, PARTICIPANT_MIME, readParticipant, writeParticipant, type DragCarrier } from '../../client/src/console/dragData.ts';
import { dragVerdict, dropOutcome } from '../../client/src/console/dropTarget.ts';

const rooms: RoomInfo[] = [
  { id: 'waiting-harmed', kind: 'waiting', name: 'Waiting room (harmed side)', side: 'harmed' },
  { id: 'waiting-responsible', kind: 'waiting', name: 'Waiting room (responsible side)', side: 'responsible' },
  { id: 'main', kind: 'main', name: 'Main room', side: null },
  { id: 'room-1', kind: 'separate', name: 'Shuttle A', side: null },
  { id: 'room-2', kind: 'separate', name: 'Shuttle B', side: null },
  { id: 'timeout-ray', kind: 'timeout', name: 'Time out (Ray)', side: null },
];

function card(participantId: string, patch: Partial<BoardCard>): BoardCard {
  return {
    participantId,
    displayName: participantId[0]!.toUpperCase() + participantId.slice(1),
    role: 'party',
    side: 'harmed',
    roomId: 'main',
    connected: true,
    hardMuted: { audio: false, video: false },
    policy: OPEN_POLICY,
    audio: 'on',
    video: 'on',
    listeningTo: null,
    ...patch,
  };
}

const fran = card('fran', { role: 'facilitator', side: null, roomId: 'main' });
const hana = card('hana', { side: 'harmed', roomId: 'waiting-harmed' });
const sue = card('sue', { role: 'supporter', side: 'harmed', roomId: 'room-1' });
const ray = card('ray', { side: 'responsible', roomId: 'timeout-ray' });
const board: Board = { rooms, participants: [fran, hana, sue, ray], absent: [], locked: false };

const room = (id: string): RoomInfo => rooms.find((r) => r.id === id)!;

describe('columnsOf()', () => {
  it('gives one column per room in board order, each with only the cards placed in it', () => {
    const columns = columnsOf(board);
    expect(columns.map((c) => c.room.id)).toEqual(rooms.map((r) => r.id));
    expect(columns.map((c) => c.cards.map((x) => x.participantId))).toEqual([['hana'], [], ['fran'], ['sue'], [], ['ray']]);
  });

  it('keeps the server order of cards within a room', () => {
    const two = { ...board, participants: [card('zed', {}), card('amy', {})] };
    expect(columnsOf(two).find((c) => c.room.id === 'main')?.cards.map((x) => x.participantId)).toEqual(['zed', 'amy']);
  });

  it('unplacedCards() finds cards whose room is not on the board, so none is silently lost', () => {
    const lost = card('lost', { roomId: 'gone-room' });
    expect(unplacedCards({ ...board, participants: [...board.participants, lost] })).toEqual([lost]);
    expect(unplacedCards(board)).toEqual([]);
  });
});

describe('placement()', () => {
  it('is "here" for the card\'s own room', () => {
    expect(placement(hana, room('waiting-harmed'))).toBe('here');
  });

  it('lets a party into main, separate rooms and their own side\'s waiting room', () => {
    expect(placement(sue, room('main'))).toBe('allowed');
    expect(placement(sue, room('room-2'))).toBe('allowed');
    expect(placement(sue, room('waiting-harmed'))).toBe('allowed');
  });

  it('refuses the other side\'s waiting room and any time-out room for a party', () => {
    expect(placement(hana, room('waiting-responsible'))).toBe('forbidden');
    expect(placement(hana, room('timeout-ray'))).toBe('forbidden');
    expect(forbiddenReason(hana, room('timeout-ray'))).toMatch(/only facilitators/);
  });

  it('lets a facilitator go anywhere, time-out rooms and waiting rooms included', () => {
    for (const r of rooms.filter((x) => x.id !== 'main')) expect(placement(fran, r)).toBe('allowed');
  });

  it('moveOptions() lists every room, marking the current one and the refused ones', () => {
    const options = moveOptions(hana, rooms).map((o) => [o.room.id, o.placement]);
    expect(options).toEqual([
      ['waiting-harmed', 'here'],
      ['waiting-responsible', 'forbidden'],
      ['main', 'allowed'],
      ['room-1', 'allowed'],
      ['room-2', 'allowed'],
      ['timeout-ray', 'forbidden'],
    ]);
  });
});

describe('room helpers', () => {
  it('canCloseRoom() is true only for an empty separate room', () => {
    const columns = columnsOf(board);
    const closable = columns.filter(canCloseRoom).map((c) => c.room.id);
    expect(closable).toEqual(['room-2']);
  });

  it('mutableOccupants() leaves facilitators out of "Mute all"', () => {
    const main = columnsOf({ ...board, participants: [fran, card('amy', {})] }).find((c) => c.room.id === 'main')!;
    expect(mutableOccupants(main).map((c) => c.participantId)).toEqual(['amy']);
  });

  it('roomName() falls back to the id for a room that is gone', () => {
    expect(roomName(rooms, 'main')).toBe('Main room');
    expect(roomName(rooms, 'room-9')).toBe('room-9');
  });
});

describe('drag and drop', () => {
  function carrier(data: Record<string, string> = {}): DragCarrier & { data: Record<string, string> } {
    return {
      data,
      get types() {
        return Object.keys(this.data);
      },
      setData(format, value) {
        this.data[format] = value;
      },
      getData(format) {
        return this.data[format] ?? '';
      },
    };
  }

  it('a dragged card carries only its private type, never text (no pasting into the chat box)', () => {
    const c = carrier();
    writeParticipant(c, 'hana');
    expect(c.types).toEqual([PARTICIPANT_MIME]);
    expect(readParticipant(c)).toBe('hana');
  });

  it('readParticipant() ignores drags that are not cards', () => {
    expect(readParticipant(carrier({ 'text/plain': 'hello' }))).toBeNull();
    expect(carriesParticipant(['Files'])).toBe(false);
  });

  it('dragVerdict() accepts allowed rooms, rejects refused ones and its own room, ignores other drags', () => {
    expect(dragVerdict(true, hana, room('main'))).toBe('accept');
    expect(dragVerdict(true, hana, room('timeout-ray'))).toBe('reject');
    expect(dragVerdict(true, hana, room('waiting-harmed'))).toBe('reject');
    expect(dragVerdict(false, hana, room('main'))).toBe('ignore');
  });

  it('dragVerdict() accepts a card drag of unknown origin and leaves the decision to the drop', () => {
    expect(dragVerdict(true, null, room('main'))).toBe('accept');
  });

  it('dropOutcome() moves the person when the room allows it', () => {
    expect(dropOutcome(board, 'hana', room('main'))).toEqual({ type: 'move', participantId: 'hana', displayName: 'Hana' });
  });

  it('dropOutcome() does nothing for a drop on the same room or without a card', () => {
    expect(dropOutcome(board, 'hana', room('waiting-harmed'))).toEqual({ type: 'none' });
    expect(dropOutcome(board, null, room('main'))).toEqual({ type: 'none' });
  });

  it('dropOutcome() refuses, in words, a room the person may not enter or a person who left', () => {
    const refused = dropOutcome(board, 'hana', room('waiting-responsible'));
    expect(refused.type).toBe('refused');
    expect(refused.type === 'refused' && refused.message).toMatch(/^Hana cannot go to Waiting room \(responsible side\)/);
    expect(dropOutcome(board, 'ghost', room('main')).type).toBe('refused');
  });
});
