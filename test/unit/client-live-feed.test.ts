// Chat messages and facilitator notices as the client keeps them.
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '@common-ground/signalling/protocol';
import { MAX_NOTICES, addNotice, appendChat, removeNotice, type ClientNotice } from '../../client/src/media/liveFeed.ts';

function message(id: number, text = `m${id}`): ChatMessage {
  return {
    id,
    from: { participantId: 'p1', displayName: 'Alice', role: 'facilitator' },
    roomId: 'main',
    roomName: 'Main room',
    text,
    at: '2026-01-01T10:00:00.000Z',
  };
}

function notice(id: number): ClientNotice {
  return { id, kind: 'arrived', participantId: `p${id}`, displayName: `P${id}`, roomId: 'waiting-harmed', at: id };
}

describe('appendChat()', () => {
  it('appends new messages oldest first', () => {
    expect(appendChat([message(1)], [message(3), message(2)]).map((m) => m.id)).toEqual([1, 2, 3]);
  });

  it('skips a message it already has (our own message echoed, or history after a reconnect)', () => {
    const chat = [message(1), message(2)];
    expect(appendChat(chat, [message(2), message(1)])).toBe(chat);
  });

  it('skips duplicates within one batch', () => {
    expect(appendChat([], [message(4), message(4)]).map((m) => m.id)).toEqual([4]);
  });
});

describe('addNotice()', () => {
  it(`keeps only the newest ${MAX_NOTICES} notices, oldest first`, () => {
    let notices: readonly ClientNotice[] = [];
    for (let id = 1; id <= MAX_NOTICES + 2; id++) notices = addNotice(notices, notice(id));
    expect(notices.map((n) => n.id)).toEqual([3, 4, 5, 6, 7]);
  });

  it('removeNotice() dismisses one notice by its client id', () => {
    expect(removeNotice([notice(1), notice(2)], 1).map((n) => n.id)).toEqual([2]);
  });
});
