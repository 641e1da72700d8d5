// The keyboard way to move a card: a labelled "Move to" select listing every room (ids as
// values); rooms the person may not enter are listed but disabled. A pick with the mouse moves
// at once; with the keyboard, arrows and type-ahead only choose (on a closed select each arrow
// fires `change`, which must not walk the person through every room), and Enter moves.
// Never disabled while a move is in flight: disabling a focused control drops keyboard focus.
import { useEffect, useId, useRef, useState, type ReactElement, type Ref } from 'react';
import type { BoardCard, RoomInfo } from '@common-ground/signalling/protocol';
import { moveOptions } from './boardModel.ts';

interface MoveSelectProps {
  card: BoardCard;
  rooms: readonly RoomInfo[];
  onMove: (roomId: string) => void;
  selectRef: Ref<HTMLSelectElement>;
}

export function MoveSelect({ card, rooms, onMove, selectRef }: MoveSelectProps): ReactElement {
  const id = useId();
  const hintId = useId();
  /** A room chosen with the keyboard, waiting for Enter. */
  const [pending, setPending] = useState<string | null>(null);
  /** Whether the latest change came from the keyboard (true) or a pointer pick (false). */
  const byKeyboard = useRef(false);
  useEffect(() => setPending(null), [card.roomId]);

  const commit = (roomId: string): void => {
    setPending(null);
    if (roomId !== card.roomId) onMove(roomId);
  };
  const pendingName = pending && pending !== card.roomId ? rooms.find((r) => r.id === pending)?.name : undefined;

  return (
    <div className="console-move">
      <label htmlFor={id} className="console-move__label">
        Move to
      </label>
      <select
        id={id}
        ref={selectRef}
        className="console-select"
        data-testid="card-move"
        aria-describedby={hintId}
        value={pending ?? card.roomId}
        onPointerDown={() => (byKeyboard.current = false)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            if (pending) commit(pending);
          } else if (event.key === 'Escape') {
            setPending(null);
          } else {
            byKeyboard.current = true;
          }
        }}
        onBlur={() => setPending(null)}
        onChange={(event) => {
          const roomId = event.target.value;
          if (byKeyboard.current) setPending(roomId);
          else commit(roomId);
        }}
      >
        {moveOptions(card, rooms).map(({ room, placement }) => (
          <option key={room.id} value={room.id} disabled={placement === 'forbidden'}>
            {placement === 'here' ? `${room.name} (here)` : room.name}
          </option>
        ))}
      </select>
      <span id={hintId} className="console-move__hint" aria-live="polite" data-testid="card-move-hint">
        {pendingName ? `Press Enter to move to ${pendingName}` : ''}
      </span>
    </div>
  );
}
