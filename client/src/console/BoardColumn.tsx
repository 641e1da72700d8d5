// One room on the board: its name, its controls, and the cards of the people in it. It is a drop
// target for dragged cards; rooms a dragged person may enter are highlighted while dragging.
import { useId, useState, type DragEvent, type ReactElement, type RefObject } from 'react';
import type { Board, BoardCard, RoomInfo } from '@common-ground/signalling/protocol';
import { placement, type BoardColumnModel } from './boardModel.ts';
import { carriesParticipant, readParticipant } from './dragData.ts';
import { dragVerdict, dropOutcome, type DropOutcome } from './dropTarget.ts';
import { ParticipantCard, type FocusRequest } from './ParticipantCard.tsx';
import { RoomControls } from './RoomControls.tsx';
import type { ConsoleActions } from './useConsoleActions.ts';

export interface BoardColumnProps {
  column: BoardColumnModel;
  board: Board;
  selfId: string;
  selfRoomId: string;
  listeningTo: string | null;
  actions: ConsoleActions;
  dragging: BoardCard | null;
  focusRequest: RefObject<FocusRequest | null>;
  onDropOutcome: (outcome: DropOutcome, room: RoomInfo) => void;
  onDragStart: (card: BoardCard) => void;
  onDragEnd: () => void;
  onRemove: (card: BoardCard) => void;
  onEditPolicy: (card: BoardCard) => void;
  onChat: (room: RoomInfo) => void;
}

function peopleCount(n: number): string {
  return n === 1 ? '1 person' : `${n} people`;
}

export function BoardColumn(props: BoardColumnProps): ReactElement {
  const { column, board, selfId, selfRoomId, listeningTo, actions, dragging, focusRequest } = props;
  const { room, cards } = column;
  const headingId = useId();
  const [over, setOver] = useState(false);
  const here = room.id === selfRoomId;
  const listening = room.id === listeningTo;
  const target = dragging !== null && placement(dragging, room) === 'allowed';

  const dragOver = (event: DragEvent<HTMLElement>): void => {
    // Not calling preventDefault leaves the browser's "no drop here" in place for refused rooms.
    if (dragVerdict(carriesParticipant(event.dataTransfer.types), dragging, room) !== 'accept') return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    if (!over) setOver(true);
  };

  const dragLeave = (event: DragEvent<HTMLElement>): void => {
    if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
    setOver(false);
  };

  const drop = (event: DragEvent<HTMLElement>): void => {
    if (!carriesParticipant(event.dataTransfer.types)) return;
    event.preventDefault();
    setOver(false);
    const participantId = readParticipant(event.dataTransfer) ?? dragging?.participantId ?? null;
    props.onDropOutcome(dropOutcome(board, participantId, room), room);
  };

  const classes = ['console-column', `console-column--${room.kind}`];
  if (here) classes.push('console-column--here');
  if (target) classes.push('console-column--target');
  if (over) classes.push('console-column--over');

  return (
    <section
      className={classes.join(' ')}
      data-testid="board-column"
      data-room-id={room.id}
      data-room-kind={room.kind}
      aria-labelledby={headingId}
      onDragOver={dragOver}
      onDragLeave={dragLeave}
      onDrop={drop}
    >
      <header className="console-column__head">
        <div className="console-column__title">
          <h2 id={headingId}>{room.name}</h2>
          <span className="console-column__count">{peopleCount(cards.length)}</span>
        </div>
        {listening && (
          <div className="console-column__pills">
            <span className="console-pill console-pill--listen">You are listening in</span>
          </div>
        )}
        <RoomControls column={column} selfId={selfId} here={here} listening={listening} actions={actions} onChat={props.onChat} />
      </header>
      {cards.length > 0 ? (
        <ul className="console-column__cards" aria-label={`People in ${room.name}`}>
          {cards.map((card) => (
            <ParticipantCard
              key={card.participantId}
              card={card}
              room={room}
              rooms={board.rooms}
              selfId={selfId}
              actions={actions}
              focusRequest={focusRequest}
              onRemove={props.onRemove}
              onEditPolicy={props.onEditPolicy}
              onDragStart={props.onDragStart}
              onDragEnd={props.onDragEnd}
            />
          ))}
        </ul>
      ) : (
        <p className="console-column__empty">{target ? 'Drop here' : 'Nobody here'}</p>
      )}
    </section>
  );
}
