// Facilitator notices: what each says, the one-click action it offers, how failures read, and
// which peers the stage shows where.
import { describe, expect, it } from 'vitest';
import { OPEN_POLICY, type Board, type BoardCard, type RoomInfo } from '@common-ground/signalling/protocol';
import { RequestError } from '../../client/src/media/request.ts';
import type { RemotePeer } from '../../client/src/media/peers.ts';
import { failureText } from '../../client/src/console/failureText.ts';
import { noticeAction, noticeText, type NoticeFacts } from '../../client/src/console/noticeText.ts';
import { splitStage, stageShape } from '../../client/src/console/stageModel.ts';

const rooms: RoomInfo[] = [
  { id: 'waiting-harmed', kind: 'waiting', name: 'Waiting room (harmed side)', side: 'harmed' },
  { id: 'waiting-other', kind: 'waiting', name: 'Waiting room (others)', side: null },
  { id: 'main', kind: 'main', name: 'Main room', side: null },
  { id: 'timeout-alex', kind: 'timeout', name: 'Time out (Alex)', side: null },
];

function card(participantId: string, roomId: string): BoardCard {
  return {
    participantId,
    displayName: participantId,
    role: 'party',
    side: 'harmed',
    roomId,
    connected: true,
    hardMuted: { audio: false, video: false },
    policy: OPEN_POLICY,
    audio: 'on',
    video: 'on',
    listeningTo: null,
  };
}

const board: Board = { rooms, participants: [card('sam', 'waiting-harmed'), card('alex', 'timeout-alex'), card('kai', 'main')], absent: [], locked: false };

function notice(kind: NoticeFacts['kind'], participantId: string, roomId: string | null): NoticeFacts {
  const names: Record<string, string> = { sam: 'Sam', alex: 'Alex', kai: 'Kai' };
  return { kind, participantId, displayName: names[participantId] ?? participantId, roomId };
}

describe('noticeText()', () => {
  it('says who is waiting and on which side', () => {
    expect(noticeText(notice('arrived', 'sam', 'waiting-harmed'), rooms)).toBe('Sam is waiting in the harmed side waiting room');
    expect(noticeText(notice('arrived', 'sam', 'waiting-other'), rooms)).toBe('Sam is waiting in the waiting room');
  });

  it('says when someone stepped out for a break, and when they are back', () => {
    expect(noticeText(notice('timeout', 'alex', 'timeout-alex'), rooms)).toBe('Alex stepped out for a break');
    expect(noticeText(notice('back', 'alex', 'main'), rooms)).toBe('Alex is back from their break, in Main room');
  });

  it('words connection changes calmly', () => {
    expect(noticeText(notice('disconnected', 'kai', null), rooms)).toMatch(/^Kai lost their connection/);
    expect(noticeText(notice('reconnected', 'kai', 'main'), rooms)).toBe('Kai is connected again');
  });
});

describe('noticeAction()', () => {
  it('offers "Join them" for a break, moving me into their time-out room', () => {
    expect(noticeAction(notice('timeout', 'alex', 'timeout-alex'), board, 'main')).toEqual({ type: 'join', roomId: 'timeout-alex', label: 'Join them' });
  });

  it('offers nothing to join when I am already there or the room is gone', () => {
    expect(noticeAction(notice('timeout', 'alex', 'timeout-alex'), board, 'timeout-alex')).toBeNull();
    expect(noticeAction(notice('timeout', 'alex', 'timeout-gone'), board, 'main')).toBeNull();
  });

  it('offers "Admit" for an arrival only while they are still waiting', () => {
    expect(noticeAction(notice('arrived', 'sam', 'waiting-harmed'), board, 'main')).toEqual({ type: 'admit', participantId: 'sam', label: 'Admit' });
    expect(noticeAction(notice('arrived', 'kai', 'waiting-harmed'), board, 'main')).toBeNull();
  });
});

describe('failureText()', () => {
  it('uses the server\'s words for a refused request', () => {
    const err = new RequestError('participant.move', 'PERMISSION_DENIED', 'Hana can only wait in their own side’s waiting room');
    expect(failureText('move Hana', err)).toBe('Could not move Hana: Hana can only wait in their own side’s waiting room.');
  });

  it('explains client-side failures in plain words', () => {
    expect(failureText('mute Ray', new RequestError('participant.mute', 'DISCONNECTED', 'cannot send'))).toMatch(/you are offline/);
    expect(failureText('mute Ray', new RequestError('participant.mute', 'TIMEOUT', 'no answer'))).toMatch(/did not answer in time/);
    expect(failureText('mute Ray', new Error('boom'))).toBe('Could not mute Ray: something unexpected went wrong; please try again.');
  });
});

describe('splitStage()', () => {
  function peer(participantId: string, roomId: string): RemotePeer {
    return { participantId, displayName: participantId, role: 'party', side: null, roomId, producers: [], media: [] } as RemotePeer;
  }
  const peers = [peer('a', 'main'), peer('b', 'room-1'), peer('c', 'main')];

  it('puts people in my room on the stage and the listened room in its own strip', () => {
    const split = splitStage(peers, 'main', 'room-1');
    expect(split.inMyRoom.map((p) => p.participantId)).toEqual(['a', 'c']);
    expect(split.listened.map((p) => p.participantId)).toEqual(['b']);
  });

  it('has an empty strip when not listening in', () => {
    expect(splitStage(peers, 'main', null).listened).toEqual([]);
  });

  it('stageShape() grows the grid in the same steps as the participant page', () => {
    expect(stageShape(1)).toEqual({ cols: 1, rows: 1 });
    expect(stageShape(3)).toEqual({ cols: 2, rows: 2 });
    expect(stageShape(5)).toEqual({ cols: 3, rows: 2 });
  });
});
