// The client's view reconciliation: which producers to consume and which consumers to close when a
// meeting.view arrives, and when our own media must follow a facilitator's mute.
import { describe, expect, it } from 'vitest';
import { OPEN_POLICY, type PeerInfo, type SelfInfo } from '@common-ground/signalling/protocol';
import type { RemoteMedia, RemotePeer } from '../../client/src/media/peers.ts';
import { muteMessage, reconcileView, serverMutes } from '../../client/src/media/viewSync.ts';

const track = {} as MediaStreamTrack;

function peerInfo(participantId: string, producers: string[], roomId = 'main'): PeerInfo {
  return {
    participantId,
    displayName: participantId,
    role: 'party',
    side: 'harmed',
    roomId,
    producers: producers.map((producerId) => ({ producerId, kind: producerId.startsWith('a') ? 'audio' : 'video', paused: false, masking: 'off' })),
  };
}

function media(producerId: string): RemoteMedia {
  return { consumerId: `c-${producerId}`, producerId, kind: producerId.startsWith('a') ? 'audio' : 'video', track };
}

function peer(info: PeerInfo, attached: RemoteMedia[]): RemotePeer {
  return { ...info, producers: [...info.producers], media: attached };
}

const none = new Set<string>();

describe('reconcileView()', () => {
  it('consumes every producer of a newly visible peer', () => {
    const result = reconcileView([], [peerInfo('bob', ['a1', 'v1'])], 'me', [], none);
    expect(result.consume).toEqual([
      { participantId: 'bob', producerId: 'a1' },
      { participantId: 'bob', producerId: 'v1' },
    ]);
    expect(result.close).toEqual([]);
    expect(result.peers.map((p) => p.participantId)).toEqual(['bob']);
  });

  it('leaves ourselves out even if the view lists us', () => {
    const result = reconcileView([], [peerInfo('me', ['a0']), peerInfo('bob', [])], 'me', [], none);
    expect(result.peers.map((p) => p.participantId)).toEqual(['bob']);
    expect(result.consume).toEqual([]);
  });

  it('keeps media already attached for producers still in the view, and does not consume them again', () => {
    const bob = peerInfo('bob', ['a1', 'v1']);
    const current = [peer(bob, [media('a1'), media('v1')])];
    const consumers = [{ consumerId: 'c-a1', producerId: 'a1' }, { consumerId: 'c-v1', producerId: 'v1' }];
    const result = reconcileView(current, [bob], 'me', consumers, none);
    expect(result.peers[0]?.media.map((m) => m.consumerId)).toEqual(['c-a1', 'c-v1']);
    expect(result.consume).toEqual([]);
    expect(result.close).toEqual([]);
  });

  it('closes consumers whose producer left the view and drops their media', () => {
    const before = peerInfo('bob', ['a1', 'v1']);
    const after = peerInfo('bob', ['a1']);
    const consumers = [{ consumerId: 'c-a1', producerId: 'a1' }, { consumerId: 'c-v1', producerId: 'v1' }];
    const result = reconcileView([peer(before, [media('a1'), media('v1')])], [after], 'me', consumers, none);
    expect(result.close).toEqual(['c-v1']);
    expect(result.peers[0]?.media.map((m) => m.producerId)).toEqual(['a1']);
  });

  it('closes every consumer of a peer who is no longer visible (moved to another room)', () => {
    const bob = peerInfo('bob', ['a1', 'v1']);
    const consumers = [{ consumerId: 'c-a1', producerId: 'a1' }, { consumerId: 'c-v1', producerId: 'v1' }];
    const result = reconcileView([peer(bob, [media('a1'), media('v1')])], [peerInfo('carol', ['a2'])], 'me', consumers, none);
    expect(result.close).toEqual(['c-a1', 'c-v1']);
    expect(result.peers.map((p) => p.participantId)).toEqual(['carol']);
    expect(result.consume).toEqual([{ participantId: 'carol', producerId: 'a2' }]);
  });

  it('does not consume a producer whose consumer.create is already in flight', () => {
    const result = reconcileView([], [peerInfo('bob', ['a1', 'v1'])], 'me', [], new Set(['a1']));
    expect(result.consume).toEqual([{ participantId: 'bob', producerId: 'v1' }]);
  });

  it('takes the room, side and pause state from the view', () => {
    const moved = { ...peerInfo('bob', ['a1'], 'sep-1'), side: 'responsible' as const };
    moved.producers[0] = { producerId: 'a1', kind: 'audio', paused: true, masking: 'off' };
    const result = reconcileView([peer(peerInfo('bob', ['a1']), [media('a1')])], [moved], 'me', [], none);
    expect(result.peers[0]).toMatchObject({ roomId: 'sep-1', side: 'responsible', producers: [{ producerId: 'a1', paused: true }] });
    expect(result.peers[0]?.media).toHaveLength(1);
  });
});

function self(patch: Partial<SelfInfo> = {}): SelfInfo {
  return {
    participantId: 'me',
    displayName: 'Me',
    role: 'party',
    side: 'harmed',
    roomId: 'main',
    hardMuted: { audio: false, video: false },
    producers: [],
    policy: OPEN_POLICY,
    seenBy: [],
    ...patch,
  };
}

const sending = { audio: { producerId: 'pa', paused: false }, video: { producerId: 'pv', paused: false } };
const bothOn = { audio: true, video: true };

describe('serverMutes()', () => {
  it('reports nothing when the server holds our producers as we do', () => {
    const view = self({ producers: [{ producerId: 'pa', kind: 'audio', paused: false, masking: 'off' }] });
    expect(serverMutes(view, sending, bothOn)).toEqual([]);
  });

  it('reports a soft mute when the server paused a producer we still send', () => {
    const view = self({ producers: [{ producerId: 'pa', kind: 'audio', paused: true, masking: 'off' }] });
    expect(serverMutes(view, sending, bothOn)).toEqual([{ kind: 'audio', hard: false }]);
  });

  it('ignores a paused producer that is not our current one (an old producer id)', () => {
    const view = self({ producers: [{ producerId: 'old', kind: 'audio', paused: true, masking: 'off' }] });
    expect(serverMutes(view, sending, bothOn)).toEqual([]);
  });

  it('ignores a server pause we already mirrored (our producer is paused too)', () => {
    const view = self({ producers: [{ producerId: 'pa', kind: 'audio', paused: true, masking: 'off' }] });
    const paused = { ...sending, audio: { producerId: 'pa', paused: true } };
    expect(serverMutes(view, paused, { audio: false, video: true })).toEqual([]);
  });

  it('reports a hard mute while the user still has that device on, even before any producer exists', () => {
    const view = self({ hardMuted: { audio: false, video: true } });
    expect(serverMutes(view, { audio: null, video: null }, bothOn)).toEqual([{ kind: 'video', hard: true }]);
  });

  it('reports nothing for a hard-muted kind the user already has off', () => {
    const view = self({ hardMuted: { audio: true, video: false } });
    expect(serverMutes(view, sending, { audio: false, video: true })).toEqual([]);
  });
});

describe('muteMessage()', () => {
  it('is null when nothing was muted', () => {
    expect(muteMessage([])).toBeNull();
  });

  it('tells a soft-muted person they may turn it back on', () => {
    expect(muteMessage([{ kind: 'audio', hard: false }])).toBe(
      'The facilitator muted your microphone. You can turn it back on when you are ready.',
    );
  });

  it('tells a hard-muted person to wait for the facilitator', () => {
    expect(muteMessage([{ kind: 'video', hard: true }])).toMatch(/^The facilitator turned off your camera\. They will let you know/);
  });
});
