// The facilitator's board as plain data: one column per room in the server's display order, the
// cards in each, and where a card may be moved. The placement rules mirror the server's
// (signalling/src/room/placement.ts) so the UI only offers moves the server will accept; the
// server still decides.
import type { Board, BoardCard, RoomInfo } from '@common-ground/signalling/protocol';

export interface BoardColumnModel {
  readonly room: RoomInfo;
  readonly cards: readonly BoardCard[];
}

/** What a card needs for placement decisions. */
export type PlaceableCard = Pick<BoardCard, 'role' | 'side' | 'roomId'>;

/** here: the card is already in the room; allowed: a move the server accepts; forbidden: one it refuses. */
export type Placement = 'here' | 'allowed' | 'forbidden';

/** One column per room, in `board.rooms` order, each holding the cards placed in it (server order). */
export function columnsOf(board: Board): BoardColumnModel[] {
  return board.rooms.map((room) => ({
    room,
    cards: board.participants.filter((card) => card.roomId === room.id),
  }));
}

/** Cards whose room is not on the board (should not happen; shown rather than silently lost). */
export function unplacedCards(board: Board): BoardCard[] {
  const ids = new Set(board.rooms.map((room) => room.id));
  return board.participants.filter((card) => !ids.has(card.roomId));
}

export function roomById(rooms: readonly RoomInfo[], roomId: string | null): RoomInfo | null {
  if (roomId === null) return null;
  return rooms.find((room) => room.id === roomId) ?? null;
}

/** The room's display name, or its id when it is not (or no longer) on the board. */
export function roomName(rooms: readonly RoomInfo[], roomId: string | null): string {
  if (roomId === null) return 'no room';
  return roomById(rooms, roomId)?.name ?? roomId;
}

export function findCard(board: Board, participantId: string): BoardCard | null {
  return board.participants.find((card) => card.participantId === participantId) ?? null;
}

/**
 * Whether `card` may go into `room`. Facilitators may go anywhere. Everyone else never enters the
 * other side's waiting room or a time-out room (time-out rooms are private to the person on a break).
 */
export function placement(card: PlaceableCard, room: RoomInfo): Placement {
  if (card.roomId === room.id) return 'here';
  return forbiddenReason(card, room) === null ? 'allowed' : 'forbidden';
}

/** Why a move is refused, in words for the facilitator, or null when it is allowed. */
export function forbiddenReason(card: PlaceableCard, room: RoomInfo): string | null {
  if (card.role === 'facilitator') return null;
  if (room.kind === 'waiting' && room.side !== card.side) return 'people can only wait in their own side’s waiting room';
  if (room.kind === 'timeout') return 'only facilitators can join someone in a time-out room';
  return null;
}

export interface MoveOption {
  readonly room: RoomInfo;
  readonly placement: Placement;
}

/** Every room, with whether the card may move there (for the "Move to" select). */
export function moveOptions(card: PlaceableCard, rooms: readonly RoomInfo[]): MoveOption[] {
  return rooms.map((room) => ({ room, placement: placement(card, room) }));
}

/** Only empty separate rooms can be closed. */
export function canCloseRoom(column: BoardColumnModel): boolean {
  return column.room.kind === 'separate' && column.cards.length === 0;
}

/** People whose microphones "Mute all" would affect (everyone but facilitators). */
export function mutableOccupants(column: BoardColumnModel): BoardCard[] {
  return column.cards.filter((card) => card.role !== 'facilitator');
}
