// The words on the participant meeting page.
import { describe, expect, it } from 'vitest';
import { OPEN_POLICY, type HostInfo, type ParticipantView } from '@common-ground/signalling/protocol';
import { facilitatorReconnecting, listeningText, listOfNames, roomTitle } from '../../client/src/components/roomText.ts';

type TitleInput = Pick<ParticipantView, 'room' | 'self'>;

function at(kind: ParticipantView['room']['kind'], role: ParticipantView['self']['role']): TitleInput {
  return {
    room: { id: 'r', kind, name: kind === 'waiting' ? 'Waiting room (harmed side)' : 'Main room', side: null },
    self: { participantId: 'me', displayName: 'Me', role, side: 'harmed', roomId: 'r', hardMuted: { audio: false, video: false }, producers: [], policy: OPEN_POLICY, seenBy: [] },
  };
}

const host = (status: HostInfo['status'], name = 'Alice'): HostInfo => ({ participantId: name, displayName: name, status });

describe('roomTitle()', () => {
  it('shows a party "Waiting room" for their side’s waiting room', () => {
    expect(roomTitle(at('waiting', 'party'))).toBe('Waiting room');
    expect(roomTitle(at('waiting', 'supporter'))).toBe('Waiting room');
  });

  it('shows the room’s own name elsewhere, and to facilitators everywhere', () => {
    expect(roomTitle(at('main', 'party'))).toBe('Main room');
    expect(roomTitle(at('waiting', 'facilitator'))).toBe('Waiting room (harmed side)');
  });
});

describe('listeningText()', () => {
  it('is null when nobody listens in', () => {
    expect(listeningText([])).toBeNull();
  });

  it('names the facilitators listening in', () => {
    expect(listeningText([{ displayName: 'Alice' }])).toBe('Your facilitator Alice is listening in to this room.');
    expect(listeningText([{ displayName: 'Alice' }, { displayName: 'Dev' }])).toBe(
      'Your facilitators Alice and Dev are listening in to this room.',
    );
  });
});

describe('facilitatorReconnecting()', () => {
  it('is true only when no facilitator is here and one is reconnecting', () => {
    expect(facilitatorReconnecting([host('reconnecting')])).toBe(true);
    expect(facilitatorReconnecting([host('reconnecting'), host('away', 'Dev')])).toBe(true);
    expect(facilitatorReconnecting([host('reconnecting'), host('present', 'Dev')])).toBe(false);
    expect(facilitatorReconnecting([host('away')])).toBe(false);
    expect(facilitatorReconnecting([])).toBe(false);
  });
});

describe('listOfNames()', () => {
  it('joins names the way people write them', () => {
    expect(listOfNames(['A'])).toBe('A');
    expect(listOfNames(['A', 'B'])).toBe('A and B');
    expect(listOfNames(['A', 'B', 'C'])).toBe('A, B and C');
  });
});
