// Facilitator controls. Each one is a command to the room machine with the caller as actor; the
// machine refuses anyone who is not a facilitator in the meeting, whatever the client sends.
import { separateRoomId, type FacilitatorCommand } from '../room/index.ts';
import type { RequestHandlers } from './bind.ts';
import { joinedMeeting, type Session } from './session.ts';

type FacilitatorRequests =
  | 'participant.admit' | 'participant.move' | 'meeting.gather' | 'room.create' | 'room.close' | 'facilitator.listen'
  | 'participant.mute' | 'participant.allowUnmute' | 'participant.askUnmute' | 'room.muteAll' | 'meeting.lock'
  | 'participant.remove' | 'participant.policy' | 'meeting.end';

type Payload<C> = C extends unknown ? Omit<C, 'type' | 'actorId'> : never;

/** Runs `command` as the session's participant. */
async function act<T extends FacilitatorCommand['type']>(
  session: Session,
  type: T,
  payload: Payload<Extract<FacilitatorCommand, { type: T }>>,
): Promise<Record<string, never>> {
  const command = { type, actorId: session.identity.participantId, ...payload } as unknown as FacilitatorCommand;
  await joinedMeeting(session).apply(command);
  return {};
}

export const facilitatorHandlers: Pick<RequestHandlers<Session>, FacilitatorRequests> = {
  'participant.admit': (session, p) => act(session, 'admit', p),
  'participant.move': (session, p) => act(session, 'move', p),
  'meeting.gather': (session) => act(session, 'gather', {}),
  async 'room.create'(session, { name }) {
    const roomId = separateRoomId(joinedMeeting(session).state.nextRoomNumber);
    await act(session, 'createRoom', { name });
    return { roomId };
  },
  'room.close': (session, p) => act(session, 'closeRoom', p),
  'facilitator.listen': (session, p) => act(session, 'listen', p),
  'participant.mute': (session, p) => act(session, 'mute', p),
  'participant.allowUnmute': (session, p) => act(session, 'allowUnmute', p),
  'participant.askUnmute': (session, p) => act(session, 'askUnmute', p),
  'room.muteAll': (session, p) => act(session, 'muteAll', p),
  'meeting.lock': (session, p) => act(session, 'lock', p),
  'participant.remove': (session, p) => act(session, 'remove', p),
  'participant.policy': (session, p) => act(session, 'setPolicy', p),
  'meeting.end': (session) => act(session, 'end', {}),
};
