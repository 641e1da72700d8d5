// Which controls each participant card offers, and the words on it.
import { describe, expect, it } from 'vitest';
import { OPEN_POLICY, type BoardCard } from '@common-ground/signalling/protocol';
import { cardControls, kindControls } from '../../client/src/console/cardControls.ts';
import { mediaStatus, mediaTone, roleBadge, sideLabel, tileBadge } from '../../client/src/console/cardLabels.ts';

function card(patch: Partial<BoardCard>): BoardCard {
  return {
    participantId: 'hana',
    displayName: 'Hana',
    role: 'party',
    side: 'harmed',
    roomId: 'main',
    connected: true,
    hardMuted: { audio: false, video: false },
    policy: OPEN_POLICY,
    audio: 'on',
    video: 'on',
    listeningTo: null,
    ...patch,
  };
}

const main = { kind: 'main' } as const;
const waiting = { kind: 'waiting' } as const;

describe('cardControls()', () => {
  it('offers Admit only in a waiting room', () => {
    expect(cardControls(card({}), waiting, 'fran').admit).toBe(true);
    expect(cardControls(card({}), main, 'fran').admit).toBe(false);
    expect(cardControls(card({ role: 'facilitator', side: null }), waiting, 'fran').admit).toBe(false);
  });

  it('offers Remove for parties, supporters and observers, never for a facilitator or myself', () => {
    expect(cardControls(card({}), main, 'fran').remove).toBe(true);
    expect(cardControls(card({ role: 'observer' }), main, 'fran').remove).toBe(true);
    expect(cardControls(card({ participantId: 'kim', role: 'facilitator', side: null }), main, 'fran').remove).toBe(false);
    expect(cardControls(card({ participantId: 'fran', role: 'facilitator', side: null }), main, 'fran').remove).toBe(false);
  });

  it('gives my own card no media controls (my toolbar does that)', () => {
    const own = cardControls(card({ participantId: 'fran', role: 'facilitator', side: null }), main, 'fran');
    expect(own.isSelf).toBe(true);
    expect(own.media).toBeNull();
  });
});

describe('kindControls()', () => {
  it('for someone sending: Mute and Hard mute usable, Ask not needed, Allow hidden', () => {
    expect(kindControls(card({ audio: 'on' }), 'audio')).toEqual({ mute: 'enabled', hardMute: 'enabled', allow: 'hidden', ask: 'disabled' });
  });

  it('for someone muted: Mute unavailable, Ask usable, Hard mute still possible', () => {
    expect(kindControls(card({ audio: 'muted' }), 'audio')).toEqual({ mute: 'disabled', hardMute: 'enabled', allow: 'hidden', ask: 'enabled' });
  });

  it('while hard-muted: Allow shown, Hard mute hidden, Ask usable (it lifts the hard mute)', () => {
    const c = card({ audio: 'muted', hardMuted: { audio: true, video: false } });
    expect(kindControls(c, 'audio')).toEqual({ mute: 'disabled', hardMute: 'hidden', allow: 'enabled', ask: 'enabled' });
    expect(kindControls(c, 'video').allow).toBe('hidden');
  });

  it('for a co-facilitator: soft mute only (the server refuses hard-muting a facilitator)', () => {
    const kim = card({ participantId: 'kim', role: 'facilitator', side: null });
    expect(kindControls(kim, 'audio')).toEqual({ mute: 'enabled', hardMute: 'hidden', allow: 'hidden', ask: 'disabled' });
  });
});

describe('card labels', () => {
  it('names role and side on the badge, using "Participant" for a party', () => {
    expect(roleBadge({ role: 'party', side: 'harmed' })).toBe('Participant · Harmed side');
    expect(roleBadge({ role: 'facilitator', side: null })).toBe('Facilitator');
    expect(sideLabel('responsible')).toBe('Responsible side');
  });

  it('keeps tile badges short: the side for a party, the role for anyone else', () => {
    expect(tileBadge({ role: 'party', side: 'responsible' })).toBe('Responsible side');
    expect(tileBadge({ role: 'observer', side: 'responsible' })).toBe('Observer');
    expect(tileBadge({ role: 'party', side: null })).toBe('Participant');
  });

  it('lets a hard mute win over the producer state', () => {
    expect(mediaStatus('audio', 'muted', true)).toBe('Mic hard-muted');
    expect(mediaStatus('video', 'off', false)).toBe('Camera off');
    expect(mediaStatus('audio', 'on', false)).toBe('Mic on');
    expect(mediaTone('on', true)).toBe('blocked');
  });
});
