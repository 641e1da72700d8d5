// Drop-target logic for board columns: whether a drag hovering over a column may be dropped
// there, and what a drop means. Pure, so it is tested without a browser.
import type { Board, RoomInfo } from '@common-ground/signalling/protocol';
import { findCard, forbiddenReason, placement, type PlaceableCard } from './boardModel.ts';

/** ignore: not a card drag; accept: a valid target; reject: a card that cannot go here. */
export type DragVerdict = 'ignore' | 'accept' | 'reject';

/**
 * While dragging: `carriesCard` says whether the drag holds a participant card, `dragged` is the
 * card when we know it (we set it on dragstart; a drag from elsewhere has none, and is decided on drop).
 */
export function dragVerdict(carriesCard: boolean, dragged: PlaceableCard | null, room: RoomInfo): DragVerdict {
  if (!carriesCard) return 'ignore';
  if (dragged === null) return 'accept';
  return placement(dragged, room) === 'allowed' ? 'accept' : 'reject';
}

export type DropOutcome =
  | { readonly type: 'move'; readonly participantId: string; readonly displayName: string }
  | { readonly type: 'none' } // dropped where it already is, or not a card
  | { readonly type: 'refused'; readonly message: string };

/** What dropping `participantId` on `room` should do, judged against the current board. */
export function dropOutcome(board: Board, participantId: string | null, room: RoomInfo): DropOutcome {
  if (participantId === null) return { type: 'none' };
  const card = findCard(board, participantId);
  if (!card) return { type: 'refused', message: 'That person is no longer in the meeting.' };
  if (card.roomId === room.id) return { type: 'none' };
  const reason = forbiddenReason(card, room);
  if (reason !== null) return { type: 'refused', message: `${card.displayName} cannot go to ${room.name}: ${reason}.` };
  return { type: 'move', participantId: card.participantId, displayName: card.displayName };
}
