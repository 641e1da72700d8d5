// The party's message list: read at once, then every 10 s, or every 2 s while something uploads or
// processes; an action's answer shows at once; a failed read keeps the last good list.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageView } from '@common-ground/signalling/protocol';
import { PartyMessagesStore } from '../../client/src/messages/messagesStore.ts';

function message(id: string, status: MessageView['status']): MessageView {
  return {
    id,
    kind: 'text',
    audience: 'other_side',
    direction: 'sent',
    senderLabel: 'You',
    senderSide: 'harmed',
    status,
    statusReason: null,
    noReply: false,
    canReply: false,
    canWithdraw: true,
    replyToId: null,
    trainingConsent: false,
    createdAt: '2026-11-22T10:00:00.000Z',
    submittedAt: null,
    deliveredAt: null,
    viewedAt: null,
    current: null,
    versions: [],
    upload: null,
  };
}

const ID = '00000000-0000-4000-8000-000000000001';

function answer(messages: MessageView[]) {
  return { messages, limits: { maxBytes: 1, maxDurationSeconds: 1800 }, otherSide: { label: 'the person responsible' }, canSendToOtherSide: true };
}

/** A fetch answer whose body is ready at once: only promise hops, no stream machinery or I/O. */
function reply(status: number, body: unknown): Response {
  const text = JSON.stringify(body);
  return { status, ok: status >= 200 && status < 300, text: () => Promise.resolve(text) } as Response;
}

describe('PartyMessagesStore', () => {
  let replies: (() => Response)[];
  let calls: { url: string; auth: string | null }[];

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    replies = [];
    calls = [];
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
      calls.push({ url, auth: (init.headers as Record<string, string>)['authorization'] ?? null });
      const next = replies.shift();
      return Promise.resolve(next ? next() : reply(200, answer([])));
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const ok = (messages: MessageView[]) => () => reply(200, answer(messages));
  /** Lets a pending read finish: its fetch and body are already-resolved promises. */
  const settle = async () => {
    for (let i = 0; i < 20; i += 1) await Promise.resolve();
  };

  it('reads with the join token at once, then every 10 s when nothing is moving', async () => {
    replies.push(ok([message(ID, 'pending_review')]));
    const store = new PartyMessagesStore('the-token', () => false);
    store.start();
    await settle();
    expect(store.getSnapshot().status).toBe('ready');
    expect(calls).toEqual([{ url: '/api/me/messages', auth: 'Bearer the-token' }]);
    await vi.advanceTimersByTimeAsync(9_900);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toHaveLength(2);
    store.stop();
  });

  it('reads every 2 s while a message is processing, or while this page uploads', async () => {
    replies.push(ok([message(ID, 'processing')]), ok([message(ID, 'processing')]));
    const store = new PartyMessagesStore('t', () => false);
    store.start();
    await settle();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toHaveLength(2);
    store.stop();

    calls = [];
    replies = [ok([])];
    const uploading = new PartyMessagesStore('t', () => true);
    uploading.start();
    await settle();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toHaveLength(2);
    uploading.stop();
  });

  it('keeps the last good list when a read fails, and says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    replies.push(ok([message(ID, 'delivered')]), () => reply(500, { error: { code: 'INTERNAL', message: 'boom' } }));
    const store = new PartyMessagesStore('t', () => false);
    store.start();
    await settle();
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    const state = store.getSnapshot();
    expect(state.status).toBe('ready');
    expect(state.status === 'ready' && state.data.messages.map((m) => m.status)).toEqual(['delivered']);
    expect(state.status === 'ready' && state.error).toBeTruthy();
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    store.stop();
  });

  it('shows an action’s answer at once, and never runs two reads together', async () => {
    replies.push(ok([message(ID, 'pending_review')]));
    const store = new PartyMessagesStore('t', () => false);
    store.start();
    await settle();
    store.replace(message(ID, 'withdrawn'));
    const state = store.getSnapshot();
    expect(state.status === 'ready' && state.data.messages[0]?.status).toBe('withdrawn');
    const first = store.refresh();
    const second = store.refresh();
    expect(second).toBe(first);
    await first;
    await settle();
    expect(calls.length).toBe(3);
    store.stop();
  });

  it('stops reading when stopped', async () => {
    const store = new PartyMessagesStore('t', () => false);
    store.start();
    await settle();
    store.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
  });
});
