// What a facilitator notice says, and the one-click action it offers. Plain functions over the
// notice and the board so the toasts and their tests agree.
import type { Board, NotificationOf, RoomInfo } from '@common-ground/signalling/protocol';
import { findCard, roomById } from './boardModel.ts';

export type NoticeKind = NotificationOf<'notice'>['kind'];

/** The parts of a client notice the text needs. */
export interface NoticeFacts {
  readonly kind: NoticeKind;
  readonly participantId: string;
  readonly displayName: string;
  readonly roomId: string | null;
}

/** "the harmed side waiting room", or the room's name in lower-case-friendly form. */
function whereWaiting(room: RoomInfo | null): string {
  if (room?.side) return `the ${room.side} side waiting room`;
  return 'the waiting room';
}

export function noticeText(notice: NoticeFacts, rooms: readonly RoomInfo[]): string {
  const name = notice.displayName;
  const room = roomById(rooms, notice.roomId);
  switch (notice.kind) {
    case 'arrived':
      if (room === null || room.kind === 'waiting') return `${name} is waiting in ${whereWaiting(room)}`;
      return `${name} has arrived in ${room.name}`;
    case 'timeout':
      return `${name} stepped out for a break`;
    case 'back':
      return room ? `${name} is back from their break, in ${room.name}` : `${name} is back from their break`;
    case 'disconnected':
      return `${name} lost their connection. They can rejoin within a minute and return to the same room`;
    case 'reconnected':
      return `${name} is connected again`;
  }
}

export type NoticeAction =
  | { readonly type: 'join'; readonly roomId: string; readonly label: string }
  | { readonly type: 'admit'; readonly participantId: string; readonly label: string };

/**
 * A break offers "Join them" (move me into their time-out room) unless I am already there; an
 * arrival offers "Admit" while the person is still in a waiting room.
 */
export function noticeAction(notice: NoticeFacts, board: Board, selfRoomId: string): NoticeAction | null {
  if (notice.kind === 'timeout') {
    const room = roomById(board.rooms, notice.roomId);
    if (!room || room.id === selfRoomId) return null;
    return { type: 'join', roomId: room.id, label: 'Join them' };
  }
  if (notice.kind === 'arrived') {
    const card = findCard(board, notice.participantId);
    if (!card || roomById(board.rooms, card.roomId)?.kind !== 'waiting') return null;
    return { type: 'admit', participantId: card.participantId, label: 'Admit' };
  }
  return null;
}
