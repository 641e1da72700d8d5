// The board: one column per room in the server's order, like a kanban. Owns the drag in
// progress (so every column can show whether it accepts the dragged person) and the focus
// hand-over after a keyboard move.
import type { PolicySubject } from './PolicyDialog.tsx';
import { useRef, useState, type ReactElement } from 'react';
import type { Board, BoardCard, RoomInfo } from '@common-ground/signalling/protocol';
import { AbsentList } from './AbsentList.tsx';
import { BoardColumn } from './BoardColumn.tsx';
import { columnsOf, unplacedCards } from './boardModel.ts';
import type { DropOutcome } from './dropTarget.ts';
import type { FocusRequest } from './ParticipantCard.tsx';
import type { ConsoleActions } from './useConsoleActions.ts';

interface BoardViewProps {
  board: Board;
  selfId: string;
  selfRoomId: string;
  listeningTo: string | null;
  actions: ConsoleActions;
  onRefused: (message: string) => void;
  onRemove: (card: BoardCard) => void;
  onEditPolicy: (person: PolicySubject) => void;
  onChat: (room: RoomInfo) => void;
}

export function BoardView(props: BoardViewProps): ReactElement {
  const { board, actions } = props;
  const [dragging, setDragging] = useState<BoardCard | null>(null);
  const focusRequest = useRef<FocusRequest | null>(null);
  const unplaced = unplacedCards(board);

  const onDropOutcome = (outcome: DropOutcome, room: RoomInfo): void => {
    setDragging(null);
    if (outcome.type === 'move') actions.move({ participantId: outcome.participantId, displayName: outcome.displayName }, room.id);
    else if (outcome.type === 'refused') props.onRefused(outcome.message);
  };

  return (
    <section className="console-board" aria-label="Rooms and people">
      <div className={`console-board__columns${dragging ? ' console-board__columns--dragging' : ''}`}>
        {columnsOf(board).map((column) => (
          <BoardColumn
            key={column.room.id}
            column={column}
            board={board}
            selfId={props.selfId}
            selfRoomId={props.selfRoomId}
            listeningTo={props.listeningTo}
            actions={actions}
            dragging={dragging}
            focusRequest={focusRequest}
            onDropOutcome={onDropOutcome}
            onDragStart={setDragging}
            onDragEnd={() => setDragging(null)}
            onRemove={props.onRemove}
            onEditPolicy={props.onEditPolicy}
            onChat={props.onChat}
          />
        ))}
      </div>
      {unplaced.length > 0 && (
        <p className="console-board__unplaced" role="note">
          Not in any room shown: {unplaced.map((card) => card.displayName).join(', ')}
        </p>
      )}
      <AbsentList absent={board.absent} onEditPolicy={props.onEditPolicy} />
    </section>
  );
}
