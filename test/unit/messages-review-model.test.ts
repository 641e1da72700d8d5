// The facilitator's review as pure decisions: what a message offers, trim ranges, version labels
// and the words after each action.
import { describe, expect, it } from 'vitest';
import { MessageStatus } from '@common-ground/signalling/protocol';
import { decisionDone, reviewActions, roundSeconds, trimProblem, versionLabel } from '../../client/src/messages/reviewModel.ts';
import { ApiError } from '../../client/src/staff/api.ts';
import { messageErrorText } from '../../client/src/messages/messageErrors.ts';

const version = (mimeType: string | null) => ({ id: 'v', number: 1, origin: 'browser_recording' as const, text: null, mimeType, sizeBytes: null, durationMs: 5000, createdAt: '' });

describe('reviewActions()', () => {
  it('offers every decision only while a message waits for review', () => {
    for (const status of MessageStatus.options) {
      const can = reviewActions({ status, kind: 'video', current: version('video/webm') });
      const waiting = status === 'pending_review';
      expect([can.approve, can.reject, can.requestChanges, can.trim], status).toEqual([waiting, waiting, waiting, waiting]);
    }
  });

  it('trims audio and video that have a file, and edits text', () => {
    expect(reviewActions({ status: 'pending_review', kind: 'audio', current: version('audio/webm') })).toMatchObject({ trim: true, redact: false });
    expect(reviewActions({ status: 'pending_review', kind: 'video', current: version(null) }).trim).toBe(false);
    expect(reviewActions({ status: 'pending_review', kind: 'text', current: { ...version(null), text: 'hello' } })).toMatchObject({ trim: false, redact: true });
  });
});

describe('trimProblem()', () => {
  it('accepts a range inside the recording', () => {
    expect(trimProblem(1, 3, 5)).toBeNull();
    expect(trimProblem(0, 4.5, 5)).toBeNull();
    expect(trimProblem(1, 5, 5)).toBeNull();
    expect(trimProblem(1, 3, null), 'length unknown: the server checks').toBeNull();
  });

  it('refuses an empty, reversed, negative or too long range, and one that keeps everything', () => {
    expect(trimProblem(Number.NaN, 3, 5)).toMatch(/Enter/);
    expect(trimProblem(3, 3, 5)).toMatch(/after the start/);
    expect(trimProblem(4, 2, 5)).toMatch(/after the start/);
    expect(trimProblem(-1, 2, 5)).toMatch(/before the beginning/);
    expect(trimProblem(1, 6, 5)).toMatch(/after the recording ends \(5 s\)/);
    expect(trimProblem(0, 5, 5)).toMatch(/whole recording/);
  });

  it('rounds player times to a tenth of a second', () => {
    expect(roundSeconds(1.2345)).toBe(1.2);
    expect(roundSeconds(-0.3)).toBe(0);
  });
});

describe('words', () => {
  it('labels versions by how they were made and their length', () => {
    expect(versionLabel({ number: 2, origin: 'trimmed', durationMs: 72_000 })).toBe('Version 2: trimmed by a facilitator, 1:12');
    expect(versionLabel({ number: 1, origin: 'typed', durationMs: null })).toBe('Version 1: written');
  });

  it('tells the facilitator what each decision did', () => {
    expect(decisionDone('approve', { audience: 'other_side', status: 'delivered' })).toMatch(/other side can now play it/);
    expect(decisionDone('approve', { audience: 'facilitators', status: 'delivered' })).toMatch(/stays with the facilitators/);
    expect(decisionDone('request-changes', { audience: 'other_side', status: 'changes_requested' })).toMatch(/sees your note/);
    expect(decisionDone('trim', { audience: 'other_side', status: 'pending_review' })).toMatch(/new version/);
  });

  it('shows the server’s plain-language message for the message error codes', () => {
    const refused = new ApiError('INTERNAL', 403, 'this playback link belongs to another browser session', { serverCode: 'PLAYBACK_REFUSED' });
    expect(messageErrorText(refused, 'party')).toBe('This playback link belongs to another browser session.');
    const expired = new ApiError('UNAUTHENTICATED', 401, 'token expired');
    expect(messageErrorText(expired, 'party')).toMatch(/ask your facilitator for a new link/);
    expect(messageErrorText(new ApiError('NETWORK', 0, 'x'), 'staff')).toMatch(/could not reach/);
  });
});
