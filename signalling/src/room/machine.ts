// The pure room state machine: transition(state, command) → { state, effects }, or a typed error.
// Handlers live in files named after what they cover; this table is the one dispatch point.
import { chat } from './chat.ts';
import type { RoomCommand, Transition } from './commands.ts';
import { accessRevoked, allowUnmute, askUnmute, end, lock, mute, muteAll, remove } from './controls.ts';
import { setPolicy } from './masking.ts';
import { mediaLost, producerAdded, producerPaused, producerRemoved } from './media.ts';
import { admit, closeRoom, createRoom, gather, listen, move } from './placement.ts';
import { connectionLost, join, leave, timeout } from './presence.ts';
import { recordingConsented, recordingDeclined, recordingEnded, recordingRequested, recordingStarted, recordingStop, settleRecordings } from './recording.ts';
import type { RoomState } from './state.ts';

type Handlers = {
  [K in RoomCommand['type']]: (state: RoomState, command: Extract<RoomCommand, { type: K }>) => Transition<RoomState>;
};

/** One handler per command type; adding a command without a handler fails to compile. */
const handlers: Handlers = {
  join, leave, connectionLost, timeout, chat,
  admit, move, gather, createRoom, closeRoom, listen,
  mute, allowUnmute, askUnmute, muteAll, lock, remove, accessRevoked, end, setPolicy,
  producerAdded, producerRemoved, producerPaused, mediaLost,
  recordingRequested, recordingConsented, recordingDeclined, recordingStarted, recordingStop, recordingEnded,
};

export function transition(state: RoomState, command: RoomCommand): Transition<RoomState> {
  const handler = handlers[command.type] as (s: RoomState, c: RoomCommand) => Transition<RoomState>;
  const result = handler(state, command);
  if (Object.keys(result.state.recordings).length === 0) return result;
  // Whatever happened, a recording the room no longer allows (person gone, moved, meeting over) stops now.
  const settled = settleRecordings(result.state);
  return { state: settled.state, effects: [...result.effects, ...settled.effects] };
}
