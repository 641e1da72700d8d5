// The client's connection lifecycle table: the additions for server-ended sessions and the new
// refusal codes.
import { describe, expect, it } from 'vitest';
import {
  TRANSITIONS,
  failReasonFor,
  isEndedReason,
  transition,
  type ConnectionState,
  type Phase,
} from '../../client/src/media/roomState.ts';

const LIVE: Phase[] = ['idle', 'connecting', 'ready', 'joining', 'joined', 'reconnecting'];
const state = (phase: Phase): ConnectionState => ({ phase }) as ConnectionState;

describe('transition() with session.ended', () => {
  it.each(['removed', 'meeting-ended', 'replaced'] as const)('ended(%s) takes a joined session to left with that reason', (reason) => {
    expect(transition(state('joined'), { type: 'ended', reason })).toEqual({ phase: 'left', reason });
  });

  it('ended is allowed from every phase after connecting, including reconnecting', () => {
    for (const phase of LIVE.filter((p) => p !== 'idle')) {
      expect(TRANSITIONS[phase].ended, phase).toBe('left');
    }
  });

  it('ended is ignored once the session is over, so a late notification cannot change the page', () => {
    const left: ConnectionState = { phase: 'left', reason: 'left' };
    const failed: ConnectionState = { phase: 'failed', reason: 'internal', message: 'x' };
    expect(transition(left, { type: 'ended', reason: 'removed' })).toBeNull();
    expect(transition(failed, { type: 'ended', reason: 'removed' })).toBeNull();
  });

  it('a left session never reconnects: lost is not in its row', () => {
    expect(transition({ phase: 'left', reason: 'replaced' }, { type: 'lost' })).toBeNull();
  });
});

describe('failReasonFor()', () => {
  it.each([
    ['UNAUTHENTICATED', 'invalid-link'],
    ['MEETING_ENDED', 'meeting-ended'],
    ['PERMISSION_DENIED', 'permission-denied'],
    ['MEETING_LOCKED', 'meeting-locked'],
    ['REMOVED', 'removed'],
    ['INTERNAL', 'internal'],
    ['TIMEOUT', 'internal'],
    ['something unexpected', 'internal'],
  ])('maps %s to %s', (code, reason) => {
    expect(failReasonFor(code)).toBe(reason);
  });
});

describe('isEndedReason()', () => {
  it('is true for the reasons shown on the calm ended page', () => {
    for (const reason of ['removed', 'meeting-ended', 'replaced', 'meeting-locked'] as const) {
      expect(isEndedReason(reason), reason).toBe(true);
    }
  });

  it('is false for a plain leave and for errors', () => {
    for (const reason of ['left', 'closed-by-server', 'invalid-link', 'internal', 'connection-lost'] as const) {
      expect(isEndedReason(reason), reason).toBe(false);
    }
  });
});
