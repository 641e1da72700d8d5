// Text chat. A message goes to the people in the target room at that moment and to every
// facilitator; only they can ever read it, so moving someone later never reveals old messages.
import { ProtocolError } from '../protocol/index.ts';
import type { RoomCommand, RoomEffect, Transition } from './commands.ts';
import { publicName } from './masking.ts';
import { audit, facilitatorIds, occupants, requireParticipant, requireRoom } from './placement-rules.ts';
import type { RoomState, StoredChat } from './state.ts';

/** Messages kept per meeting for reloads; older ones drop off. */
const CHAT_HISTORY = 500;

export function chat(state: RoomState, cmd: Extract<RoomCommand, { type: 'chat' }>): Transition<RoomState> {
  if (state.ended) throw new ProtocolError('MEETING_ENDED', 'this meeting has ended');
  const sender = requireParticipant(state, cmd.participantId);
  const roomId = cmd.roomId ?? sender.roomId;
  if (roomId !== sender.roomId && sender.role !== 'facilitator') {
    throw new ProtocolError('PERMISSION_DENIED', 'you can only write to the room you are in');
  }
  const room = requireRoom(state, roomId);
  const recipients = [...new Set([...occupants(state, roomId).map((p) => p.participantId), ...facilitatorIds(state)])];
  const message: StoredChat = {
    id: state.nextMessageId,
    // Everyone reads the sender's public name (their pseudonym if they have one); facilitators know the id.
    from: { participantId: sender.participantId, displayName: publicName(state, sender), role: sender.role },
    roomId,
    roomName: room.name,
    text: cmd.text,
    at: cmd.at,
    recipients,
  };
  const { recipients: _r, ...payload } = message;
  const effects: RoomEffect[] = [{ type: 'notify', audience: { to: 'participants', participantIds: recipients }, event: 'chat.message', payload }];
  // A facilitator writing to a room is a facilitator action: audited (where and to whom), without the text.
  if (sender.role === 'facilitator') effects.push(audit(sender.participantId, 'chat.sent', null, { roomId, messageId: message.id, recipients }));
  return {
    state: { ...state, chat: [...state.chat, message].slice(-CHAT_HISTORY), nextMessageId: state.nextMessageId + 1 },
    effects,
  };
}

/** The messages `participantId` received, oldest first, without delivery lists. */
export function chatHistory(state: RoomState, participantId: string): Omit<StoredChat, 'recipients'>[] {
  return state.chat.filter((m) => m.recipients.includes(participantId)).map(({ recipients: _r, ...m }) => m);
}
