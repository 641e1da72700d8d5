// The client's recording model: which indicators a screen shows, when the consent prompt is open,
// and the sentences about how a recording ended.
import { describe, expect, it } from 'vitest';
import type { ConsentText, ParticipantView, RecordingInfo } from '@common-ground/signalling/protocol';
import {
  endedText,
  indicatorsFor,
  indicatorText,
  NO_RECORDING_STATE,
  openPrompt,
  withConsentRequest,
  withRecordingEnded,
} from '../../client/src/recording/recordingModel.ts';
import { view as exampleView } from './fixtures/protocol-examples.ts';

const TEXT: ConsentText = { purpose: 'message_recording', version: 'v1', title: 'Before you record', paragraphs: ['What is recorded.'] };

function rec(participantId: string, roomId: string, status: RecordingInfo['status'], displayName = participantId): RecordingInfo {
  return { participantId, displayName, roomId, status, audience: 'other_side', since: null };
}

function viewOf(selfId: string, roomId: string, recordings: RecordingInfo[], listeningTo: string | null = null): ParticipantView {
  return {
    ...exampleView,
    self: { ...exampleView.self, participantId: selfId, roomId },
    room: { id: roomId, kind: 'main', name: 'Main room', side: null },
    listeningTo: listeningTo ? { id: listeningTo, kind: 'separate', name: 'Room 1', side: null } : null,
    recordings,
  };
}

describe('indicators', () => {
  it('shows recordings (starting or running) in my room, and the room I listen to, never requests being asked', () => {
    const all = [rec('hana', 'main', 'recording'), rec('sue', 'main', 'asked'), rec('ray', 'room-1', 'starting'), rec('obi', 'room-2', 'recording')];
    expect(indicatorsFor(viewOf('fran', 'main', all)).map((r) => r.participantId)).toEqual(['hana']);
    expect(indicatorsFor(viewOf('fran', 'main', all, 'room-1')).map((r) => r.participantId)).toEqual(['hana', 'ray']);
  });

  it('says "your message" to the person recorded and names them to everyone else', () => {
    const hana = rec('hana', 'main', 'recording', 'Blue');
    expect(indicatorText(hana, 'hana')).toBe('Recording your message');
    expect(indicatorText(hana, 'ray')).toBe('Recording Blue\u2019s message');
  });
});

describe('the consent prompt', () => {
  const asked = withConsentRequest(NO_RECORDING_STATE, { audience: 'facilitators', text: TEXT });

  it('is open only while the view says I am being asked', () => {
    expect(openPrompt(asked, viewOf('hana', 'main', [rec('hana', 'main', 'asked')]))).toEqual({ audience: 'facilitators', text: TEXT });
    expect(openPrompt(asked, viewOf('hana', 'main', [rec('hana', 'main', 'starting')]))).toBeNull();
    expect(openPrompt(asked, viewOf('hana', 'main', []))).toBeNull();
    expect(openPrompt(NO_RECORDING_STATE, viewOf('hana', 'main', [rec('hana', 'main', 'asked')]))).toBeNull();
  });

  it('closes when my recording ends, not when someone else\'s does', () => {
    const ended = { outcome: 'cancelled' as const, reason: null, messageId: null };
    expect(withRecordingEnded(asked, { participantId: 'sue', ...ended }, 'hana', 1).prompt).not.toBeNull();
    expect(withRecordingEnded(asked, { participantId: 'hana', ...ended }, 'hana', 2)).toMatchObject({ prompt: null, ended: { participantId: 'hana', at: 2 } });
  });
});

describe('endedText()', () => {
  const note = (outcome: 'saved' | 'failed' | 'declined' | 'cancelled', reason: string | null = null) => ({ participantId: 'hana', outcome, reason, messageId: null, at: 1 });
  const nameOf = () => 'Blue';

  it('tells the person recorded what happens next, and the facilitator whose message it was', () => {
    expect(endedText(note('saved'), 'hana', nameOf)).toMatch(/^Your message was recorded\. Your facilitator will look at it/);
    expect(endedText(note('saved'), 'fran', nameOf)).toBe('The recording of Blue\u2019s message was saved and is waiting for review.');
    expect(endedText(note('declined'), 'fran', nameOf)).toBe('Blue said not now. Nothing was recorded.');
  });

  it('passes on the plain reason of a failure', () => {
    expect(endedText(note('failed', 'Nothing was saved.'), 'hana', nameOf)).toBe('The recording of your message did not work: Nothing was saved.');
  });
});
