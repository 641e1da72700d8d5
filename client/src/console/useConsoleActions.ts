// Every facilitator action the console offers, as one call each. Each sends its request, announces
// success politely, and shows a failure in the alert region; nothing is swallowed. Which actions
// are in flight is tracked so their buttons can be disabled against double clicks.
import { useCallback, useState } from 'react';
import type { Board, BoardCard, MaskingPolicy, MediaKind, RoomInfo } from '@common-ground/signalling/protocol';
import type { Session } from '../session.ts';
import { roomName } from './boardModel.ts';
import { failureText } from './failureText.ts';
import type { Feedback } from './useFeedback.ts';

export interface ActionScope {
  readonly board: Board;
  readonly selfId: string;
  readonly listeningTo: string | null;
}

export type Person = Pick<BoardCard, 'participantId' | 'displayName'>;

export interface ConsoleActions {
  /** Whether the action with this key is in flight. */
  busy(key: string): boolean;
  admit(person: Person): void;
  move(person: Person, roomId: string): void;
  joinRoom(roomId: string): void;
  toggleListen(roomId: string): void;
  stopListening(): void;
  mute(person: Person, kind: MediaKind, hard: boolean): void;
  allowUnmute(person: Person, kind: MediaKind): void;
  askUnmute(person: Person, kind: MediaKind): void;
  muteAll(room: RoomInfo): void;
  closeRoom(room: RoomInfo): void;
  /** Resolves true when the room was created (so the form can clear itself). */
  createRoom(name: string): Promise<boolean>;
  setLocked(locked: boolean): void;
  gather(): void;
  remove(person: Person): void;
  setPolicy(person: Person, policy: MaskingPolicy): void;
  endMeeting(): void;
  /** Resolves true when the message was sent. */
  sendChat(roomId: string | null, text: string): Promise<boolean>;
}

const KIND_WORD: Record<MediaKind, string> = { audio: 'microphone', video: 'camera' };

export function useConsoleActions(session: Session, scope: ActionScope, feedback: Feedback): ConsoleActions {
  const [pending, setPending] = useState<ReadonlySet<string>>(() => new Set());
  const { board, selfId, listeningTo } = scope;
  const room = session.room;
  const nameOf = (roomId: string): string => roomName(board.rooms, roomId);

  const run = useCallback(
    async (key: string, action: string, task: () => Promise<unknown>, success: string | null): Promise<boolean> => {
      setPending((current) => new Set(current).add(key));
      try {
        await task();
        if (success) feedback.announce(success);
        return true;
      } catch (err) {
        console.warn('[console] facilitator action failed', { key, err });
        feedback.fail(failureText(action, err));
        return false;
      } finally {
        setPending((current) => {
          const next = new Set(current);
          next.delete(key);
          return next;
        });
      }
    },
    [feedback],
  );

  const fire = (key: string, action: string, task: () => Promise<unknown>, success: string | null): void => {
    void run(key, action, task, success);
  };

  return {
    busy: (key) => pending.has(key),
    admit: (p) =>
      fire(`move:${p.participantId}`, `admit ${p.displayName}`, () => room.request('participant.admit', { participantId: p.participantId }), `${p.displayName} admitted to the main room`),
    move: (p, roomId) =>
      fire(
        `move:${p.participantId}`,
        `move ${p.displayName}`,
        () => room.request('participant.move', { participantId: p.participantId, roomId }),
        p.participantId === selfId ? `You joined ${nameOf(roomId)}` : `${p.displayName} moved to ${nameOf(roomId)}`,
      ),
    joinRoom: (roomId) =>
      fire(`move:${selfId}`, `join ${nameOf(roomId)}`, () => room.request('participant.move', { participantId: selfId, roomId }), `You joined ${nameOf(roomId)}`),
    toggleListen: (roomId) => {
      const on = listeningTo !== roomId;
      fire(
        'listen',
        on ? `listen in to ${nameOf(roomId)}` : 'stop listening in',
        () => room.request('facilitator.listen', { roomId: on ? roomId : null }),
        on ? `Listening in to ${nameOf(roomId)}` : `Stopped listening in to ${nameOf(roomId)}`,
      );
    },
    stopListening: () =>
      fire('listen', 'stop listening in', () => room.request('facilitator.listen', { roomId: null }), 'Stopped listening in'),
    mute: (p, kind, hard) =>
      fire(
        `media:${p.participantId}:${kind}`,
        `${hard ? 'hard-mute' : 'mute'} ${p.displayName}’s ${KIND_WORD[kind]}`,
        () => room.request('participant.mute', { participantId: p.participantId, kind, hard }),
        `${p.displayName}’s ${KIND_WORD[kind]} ${hard ? 'hard-muted' : 'muted'}`,
      ),
    allowUnmute: (p, kind) =>
      fire(
        `media:${p.participantId}:${kind}`,
        `allow ${p.displayName} to turn their ${KIND_WORD[kind]} on`,
        () => room.request('participant.allowUnmute', { participantId: p.participantId, kind }),
        `${p.displayName} may turn their ${KIND_WORD[kind]} on again`,
      ),
    askUnmute: (p, kind) =>
      fire(
        `media:${p.participantId}:${kind}`,
        `ask ${p.displayName} to turn their ${KIND_WORD[kind]} on`,
        () => room.request('participant.askUnmute', { participantId: p.participantId, kind }),
        `Asked ${p.displayName} to turn their ${KIND_WORD[kind]} on`,
      ),
    muteAll: (r) =>
      fire(`mute-all:${r.id}`, `mute everyone in ${r.name}`, () => room.request('room.muteAll', { roomId: r.id, hard: false }), `Everyone in ${r.name} muted`),
    closeRoom: (r) => fire(`close:${r.id}`, `close ${r.name}`, () => room.request('room.close', { roomId: r.id }), `${r.name} closed`),
    createRoom: (name) =>
      run('create-room', `create the room “${name}”`, () => room.request('room.create', { name }), `Room “${name}” created`),
    setLocked: (locked) =>
      fire('lock', locked ? 'lock the meeting' : 'unlock the meeting', () => room.request('meeting.lock', { locked }), locked ? 'Meeting locked: nobody new can join' : 'Meeting unlocked'),
    gather: () => fire('gather', 'bring everyone to the main room', () => room.request('meeting.gather', {}), 'Everyone in separate rooms brought to the main room'),
    remove: (p) =>
      fire(`remove:${p.participantId}`, `remove ${p.displayName}`, () => room.request('participant.remove', { participantId: p.participantId }), `${p.displayName} removed from the meeting`),
    setPolicy: (p, policy) =>
      fire(`policy:${p.participantId}`, `change privacy for ${p.displayName}`, () => room.request('participant.policy', { participantId: p.participantId, policy }), `Privacy for ${p.displayName} updated`),
    endMeeting: () => fire('end', 'end the meeting', () => room.request('meeting.end', {}), 'Meeting ended'),
    sendChat: (roomId, text) =>
      run('chat', 'send your message', () => room.sendChat(roomId, text), null),
  };
}
