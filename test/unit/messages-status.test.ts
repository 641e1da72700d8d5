// What the sender, recipient and facilitator are told about each message state, polling speed,
// the neutral notice, the review order, and the small formatters.
import { describe, expect, it } from 'vitest';
import { MessageStatus } from '@common-ground/signalling/protocol';
import {
  durationWords,
  FAST_POLL_MS,
  formatBytes,
  formatElapsed,
  newestFirst,
  noticeText,
  percent,
  pollInterval,
  reasonLabel,
  reviewOrder,
  senderDetail,
  senderLabel,
  SLOW_POLL_MS,
  staffLabel,
  statusTone,
  unopened,
} from '../../client/src/messages/messageStatus.ts';

describe('status words', () => {
  it('gives the sender a label and a sentence for every state', () => {
    for (const status of MessageStatus.options) {
      expect(senderLabel(status), status).not.toBe('');
      expect(senderDetail({ status, audience: 'other_side', statusReason: null }), status).toMatch(/\.$/);
      expect(staffLabel(status, 'other_side'), status).not.toBe('');
    }
  });

  it('names the states the sender must always be able to tell apart', () => {
    expect(senderLabel('uploading')).toBe('Uploading');
    expect(senderLabel('processing')).toBe('Processing');
    expect(senderLabel('pending_review')).toBe('Waiting for review');
    expect(senderLabel('changes_requested')).toBe('Changes requested');
    expect(senderLabel('delivered')).toBe('Approved and delivered');
    expect(senderLabel('viewed')).toBe('Viewed');
    expect(senderLabel('failed')).toBe('Failed');
    expect(new Set(MessageStatus.options.map(senderLabel)).size, 'no two states share a label').toBe(MessageStatus.options.length);
  });

  it('says a facilitators-only message stays with the facilitators', () => {
    expect(senderDetail({ status: 'delivered', audience: 'facilitators', statusReason: null })).toMatch(/only facilitators/i);
    expect(staffLabel('delivered', 'facilitators')).toMatch(/facilitators only/);
    expect(staffLabel('viewed', 'other_side')).toBe('Viewed by the other side');
  });

  it('labels the facilitator’s reason only where there is one to show', () => {
    expect(reasonLabel('changes_requested')).toMatch(/asked for/);
    expect(reasonLabel('rejected')).toBe('The reason');
    expect(reasonLabel('failed')).toBe('What went wrong');
    expect(reasonLabel('delivered')).toBeNull();
    expect(reasonLabel('pending_review')).toBeNull();
  });

  it('colours problems and progress differently (the words still carry the meaning)', () => {
    expect(statusTone('failed')).toBe('problem');
    expect(statusTone('rejected')).toBe('problem');
    expect(statusTone('uploading')).toBe('progress');
    expect(statusTone('changes_requested')).toBe('attention');
    expect(statusTone('viewed')).toBe('done');
  });
});

describe('pollInterval()', () => {
  it('polls every 2 s while something uploads or processes, else every 10 s', () => {
    expect(pollInterval([{ status: 'delivered' }, { status: 'pending_review' }], false)).toBe(SLOW_POLL_MS);
    expect(pollInterval([{ status: 'processing' }], false)).toBe(FAST_POLL_MS);
    expect(pollInterval([{ status: 'uploading' }], false)).toBe(FAST_POLL_MS);
    expect(pollInterval([], true), 'an upload running on this page').toBe(FAST_POLL_MS);
    expect(FAST_POLL_MS).toBe(2000);
    expect(SLOW_POLL_MS).toBe(10000);
  });
});

describe('the neutral notice', () => {
  it('counts delivered messages from the other side that were not opened yet', () => {
    const list = [
      { direction: 'received', status: 'delivered' },
      { direction: 'received', status: 'viewed' },
      { direction: 'sent', status: 'delivered' },
      { direction: 'received', status: 'delivered' },
    ] as const;
    expect(unopened(list)).toBe(2);
  });

  it('says only that there is something new: no content, no sender', () => {
    expect(noticeText(0)).toBeNull();
    expect(noticeText(1)).toBe('You have a new message');
    expect(noticeText(3)).toBe('You have 3 new messages');
  });
});

describe('ordering', () => {
  const msg = (id: string, status: MessageStatus, createdAt: string, submittedAt: string | null = null) => ({ id, status, createdAt, submittedAt });

  it('puts the review queue first, oldest submitted first, then the rest newest first', () => {
    const order = reviewOrder([
      msg('a', 'delivered', '2026-11-01T10:00:00Z'),
      msg('b', 'pending_review', '2026-11-01T09:00:00Z', '2026-11-03T09:00:00Z'),
      msg('c', 'pending_review', '2026-11-02T09:00:00Z', '2026-11-02T09:30:00Z'),
      msg('d', 'failed', '2026-11-04T10:00:00Z'),
    ]).map((m) => m.id);
    expect(order).toEqual(['c', 'b', 'd', 'a']);
  });

  it('lists a party’s messages newest first', () => {
    expect(newestFirst([msg('old', 'viewed', '2026-01-01T00:00:00Z'), msg('new', 'viewed', '2026-02-01T00:00:00Z')]).map((m) => m.id)).toEqual(['new', 'old']);
  });
});

describe('formatters', () => {
  it('shows progress as a whole percentage, 0 while the size is unknown', () => {
    expect(percent(0, 100)).toBe(0);
    expect(percent(512, 1024)).toBe(50);
    expect(percent(999, 1000)).toBe(99);
    expect(percent(1000, 1000)).toBe(100);
    expect(percent(5, null)).toBe(0);
    expect(percent(5, 0)).toBe(0);
    expect(percent(200, 100)).toBe(100);
  });

  it('shows elapsed recording time as m:ss, with hours past an hour', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(7_900)).toBe('0:07');
    expect(formatElapsed(754_000)).toBe('12:34');
    expect(formatElapsed(30 * 60_000)).toBe('30:00');
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
  });

  it('says the recording limit in words', () => {
    expect(durationWords(1800)).toBe('30 minutes');
    expect(durationWords(3600)).toBe('1 hour');
    expect(durationWords(5400)).toBe('1 hour 30 minutes');
    expect(durationWords(60)).toBe('1 minute');
  });

  it('shows sizes people can read', () => {
    expect(formatBytes(500)).toBe('500 bytes');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});
