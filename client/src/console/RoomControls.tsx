// A column's room controls: join it myself, listen in without joining, mute everyone's
// microphone, write to the room, and close it (empty separate rooms only).
import type { ReactElement } from 'react';
import type { RoomInfo } from '@common-ground/signalling/protocol';
import { canCloseRoom, mutableOccupants, type BoardColumnModel } from './boardModel.ts';
import { SoftButton } from './SoftButton.tsx';
import type { ConsoleActions } from './useConsoleActions.ts';

interface RoomControlsProps {
  column: BoardColumnModel;
  selfId: string;
  here: boolean;
  listening: boolean;
  actions: ConsoleActions;
  onChat: (room: RoomInfo) => void;
}

export function RoomControls({ column, selfId, here, listening, actions, onChat }: RoomControlsProps): ReactElement {
  const { room } = column;
  const muteTargets = mutableOccupants(column).length;
  return (
    <div className="console-room-controls" role="group" aria-label={`${room.name}: room controls`}>
      <SoftButton
        className="console-chip console-chip--primary"
        testId="room-join"
        title={here ? 'You are in this room' : `Move yourself to ${room.name}`}
        unavailable={here || actions.busy(`move:${selfId}`)}
        onClick={() => actions.joinRoom(room.id)}
      >
        {here ? 'You are here' : 'Join'}
      </SoftButton>
      <SoftButton
        className="console-chip console-chip--toggle"
        testId="room-listen"
        aria-pressed={listening}
        title={here ? 'You are in this room' : 'Hear and see this room without joining; the people in it are told'}
        unavailable={here || actions.busy('listen')}
        onClick={() => actions.toggleListen(room.id)}
      >
        Listen in
      </SoftButton>
      <SoftButton
        className="console-chip"
        testId="room-mute-all"
        title="Mute every microphone here except facilitators’"
        unavailable={muteTargets === 0 || actions.busy(`mute-all:${room.id}`)}
        onClick={() => actions.muteAll(room)}
      >
        Mute all
      </SoftButton>
      <SoftButton className="console-chip" testId="room-chat" title={`Write to ${room.name}`} onClick={() => onChat(room)}>
        Chat
      </SoftButton>
      {canCloseRoom(column) && (
        <SoftButton
          className="console-chip console-chip--danger"
          testId="room-close"
          unavailable={actions.busy(`close:${room.id}`)}
          onClick={() => actions.closeRoom(room)}
        >
          Close room
        </SoftButton>
      )}
    </div>
  );
}
