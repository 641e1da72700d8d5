// The keyboard way to move a card: a labelled "Move to" select listing every room (ids as
// values); rooms the person may not enter are listed but disabled. Choosing one moves them.
// Never disabled while a move is in flight: disabling a focused control drops keyboard focus.
import { useId, type ReactElement, type Ref } from 'react';
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
        value={card.roomId}
        onChange={(event) => {
          if (event.target.value !== card.roomId) onMove(event.target.value);
        }}
      >
        {moveOptions(card, rooms).map(({ room, placement }) => (
          <option key={room.id} value={room.id} disabled={placement === 'forbidden'}>
            {placement === 'here' ? `${room.name} (here)` : room.name}
          </option>
        ))}
      </select>
    </div>
  );
}
