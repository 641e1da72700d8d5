// One person on the board: name, role and side, connection and media state, and every control
// the facilitator has over them. Draggable onto another column; the "Move to" select does the
// same by keyboard. After a move the card re-appears in its new column and takes focus back.
import { useEffect, useRef, type DragEvent, type ReactElement, type RefObject } from 'react';
import type { BoardCard, RoomInfo } from '@common-ground/signalling/protocol';
import { Avatar } from '../components/Avatar.tsx';
import { roomName } from './boardModel.ts';
import { CardMediaControls } from './CardMediaControls.tsx';
import { policySummary } from '../masking/maskLabels.ts';
import { roleBadge } from './cardLabels.ts';
import { cardControls } from './cardControls.ts';
import { writeParticipant } from './dragData.ts';
import { MoveSelect } from './MoveSelect.tsx';
import { SoftButton } from './SoftButton.tsx';
import type { ConsoleActions } from './useConsoleActions.ts';
import { RecordingControl } from '../recording/RecordingControl.tsx';

/** A card asked to take focus once it shows up in another room (after a keyboard move). */
export interface FocusRequest {
  readonly participantId: string;
  readonly fromRoomId: string;
  readonly at: number;
}

/** A focus request older than this is stale (the move failed or took another path). */
const FOCUS_REQUEST_TTL_MS = 5_000;

interface ParticipantCardProps {
  card: BoardCard;
  room: RoomInfo;
  rooms: readonly RoomInfo[];
  selfId: string;
  actions: ConsoleActions;
  focusRequest: RefObject<FocusRequest | null>;
  onRemove: (card: BoardCard) => void;
  onEditPolicy: (card: BoardCard) => void;
  onDragStart: (card: BoardCard) => void;
  onDragEnd: () => void;
}

export function ParticipantCard(props: ParticipantCardProps): ReactElement {
  const { card, room, rooms, selfId, actions, focusRequest, onRemove, onEditPolicy, onDragStart, onDragEnd } = props;
  const restrictions = policySummary(card.policy);
  const controls = cardControls(card, room, selfId);
  const selectRef = useRef<HTMLSelectElement>(null);
  const name = controls.isSelf ? `${card.displayName} (you)` : card.displayName;

  useEffect(() => {
    const request = focusRequest.current;
    if (!request || request.participantId !== card.participantId || request.fromRoomId === card.roomId) return;
    focusRequest.current = null;
    if (Date.now() - request.at < FOCUS_REQUEST_TTL_MS) selectRef.current?.focus();
  }, [focusRequest, card.participantId, card.roomId]);

  const move = (roomId: string): void => {
    focusRequest.current = { participantId: card.participantId, fromRoomId: card.roomId, at: Date.now() };
    actions.move(card, roomId);
  };

  const startDrag = (event: DragEvent<HTMLLIElement>): void => {
    writeParticipant(event.dataTransfer, card.participantId);
    event.dataTransfer.effectAllowed = 'move';
    onDragStart(card);
  };

  return (
    <li
      className={`console-card${card.connected ? '' : ' console-card--offline'}${controls.isSelf ? ' console-card--self' : ''}`}
      data-testid="board-card"
      data-participant-id={card.participantId}
      data-name={card.displayName}
      data-room-id={card.roomId}
      data-connected={String(card.connected)}
      draggable
      onDragStart={startDrag}
      onDragEnd={onDragEnd}
    >
      <div className="console-card__head">
        <Avatar name={card.displayName} size="small" />
        <div className="console-card__who">
          <h3 className="console-card__name">{name}</h3>
          <span className={`console-badge console-badge--${card.side ?? card.role}`}>{roleBadge(card)}</span>
          {restrictions.length > 0 && (
            <ul className="policy-badges" data-testid="card-policy-summary">
              {restrictions.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {(!card.connected || card.listeningTo) && (
        <ul className="console-card__flags">
          {!card.connected && (
            <li className="console-flag console-flag--warn" data-testid="card-reconnecting">
              Reconnecting…
            </li>
          )}
          {card.listeningTo && <li className="console-flag">Listening in to {roomName(rooms, card.listeningTo)}</li>}
        </ul>
      )}
      {controls.admit && (
        <SoftButton
          className="console-button console-button--primary console-card__admit"
          testId="card-admit"
          unavailable={actions.busy(`move:${card.participantId}`)}
          onClick={() => actions.admit(card)}
        >
          Admit to main room
        </SoftButton>
      )}
      <MoveSelect card={card} rooms={rooms} onMove={move} selectRef={selectRef} />
      {controls.media && (
        <div className="console-card__media">
          <CardMediaControls card={card} kind="audio" controls={controls.media.audio} actions={actions} />
          <CardMediaControls card={card} kind="video" controls={controls.media.video} actions={actions} />
        </div>
      )}
      <RecordingControl card={card} />
      {card.role !== 'facilitator' && (
        <SoftButton className="console-link" testId="card-policy" unavailable={actions.busy(`policy:${card.participantId}`)} onClick={() => onEditPolicy(card)}>
          Privacy and masking…
        </SoftButton>
      )}
      {controls.remove && (
        <SoftButton
          className="console-link console-link--danger"
          testId="card-remove"
          unavailable={actions.busy(`remove:${card.participantId}`)}
          onClick={() => onRemove(card)}
        >
          Remove from meeting…
        </SoftButton>
      )}
    </li>
  );
}
