// Anonymous participation in the pure room machine: pseudonyms, required masking on produce,
// visibility policies on consume, mid-meeting policy changes, and what a person is told others see.
import { describe, expect, it } from 'vitest';
import type { MaskingPolicy } from '@common-ground/signalling/protocol';
import { canConsumeProducer, initialRoomState, transition, viewFor, type RoomCommand, type RoomState, type RosterEntry } from '@common-ground/signalling';
import { joinFrom, refusal, run } from './support/room-commands.ts';

const ANONYMOUS: MaskingPolicy = { pseudonym: 'Participant A', voice: 'masked', camera: 'off', video: 'facilitators', audio: 'everyone' };

const roster: RosterEntry[] = [
  { participantId: 'fran', displayName: 'Fran', role: 'facilitator', side: null },
  { participantId: 'hana', displayName: 'Hana Real', role: 'party', side: 'harmed' },
  { participantId: 'sue', displayName: 'Sue', role: 'supporter', side: 'harmed' },
  { participantId: 'ray', displayName: 'Ray', role: 'party', side: 'responsible' },
];


const joinCmd = (id: string): RoomCommand => joinFrom(roster, id);


const admitted = run(
  initialRoomState('m', 'Meeting', roster),
  joinCmd('fran'), joinCmd('hana'), joinCmd('sue'), joinCmd('ray'),
  { type: 'admit', actorId: 'fran', participantId: 'hana' },
  { type: 'admit', actorId: 'fran', participantId: 'sue' },
  { type: 'admit', actorId: 'fran', participantId: 'ray' },
);

const hanaProducing = run(
  admitted,
  { type: 'producerAdded', participantId: 'hana', producerId: 'hana-mic', kind: 'audio', masking: 'off' },
  { type: 'producerAdded', participantId: 'hana', producerId: 'hana-cam', kind: 'video', masking: 'off' },
);

const setAnonymous: RoomCommand = { type: 'setPolicy', actorId: 'fran', participantId: 'hana', policy: ANONYMOUS };

describe('masking policies in the room machine', () => {
  it('a stored policy loads with the roster and applies from the first produce', () => {
    const withPolicy = roster.map((r) => (r.participantId === 'hana' ? { ...r, policy: ANONYMOUS } : r));
    const s = run(initialRoomState('m', 'Meeting', withPolicy), joinCmd('hana'));
    expect(refusal(s, { type: 'producerAdded', participantId: 'hana', producerId: 'p', kind: 'audio', masking: 'off' })).toBe('MASKING_REQUIRED');
    expect(refusal(s, { type: 'producerAdded', participantId: 'hana', producerId: 'p', kind: 'video', masking: 'face-blur' })).toBe('CAMERA_NOT_ALLOWED');
    const masked = run(s, { type: 'producerAdded', participantId: 'hana', producerId: 'p', kind: 'audio', masking: 'robotic' });
    expect(masked.participants.hana?.producers.p?.masking).toBe('robotic');
  });

  it('camera "masked" refuses an unmasked camera and accepts every face mask', () => {
    const s = run(admitted, { type: 'setPolicy', actorId: 'fran', participantId: 'hana', policy: { ...ANONYMOUS, camera: 'masked' } });
    expect(refusal(s, { type: 'producerAdded', participantId: 'hana', producerId: 'v', kind: 'video', masking: 'off' })).toBe('MASKING_REQUIRED');
    for (const mask of ['face-blur', 'silhouette', 'frame-blur'] as const) {
      expect(run(s, { type: 'producerAdded', participantId: 'hana', producerId: 'v', kind: 'video', masking: mask }).participants.hana?.producers.v).toBeDefined();
    }
  });

  it('a declaration of the wrong kind is a bad request', () => {
    expect(refusal(admitted, { type: 'producerAdded', participantId: 'hana', producerId: 'p', kind: 'audio', masking: 'face-blur' })).toBe('BAD_REQUEST');
    expect(refusal(admitted, { type: 'producerAdded', participantId: 'hana', producerId: 'p', kind: 'video', masking: 'lower' })).toBe('BAD_REQUEST');
  });

  it('only a present facilitator sets a policy, and never for a facilitator', () => {
    expect(refusal(admitted, { ...setAnonymous, actorId: 'ray' } as RoomCommand)).toBe('PERMISSION_DENIED');
    expect(refusal(admitted, { ...setAnonymous, actorId: 'hana' } as RoomCommand)).toBe('PERMISSION_DENIED');
    expect(refusal(admitted, { ...setAnonymous, participantId: 'fran' } as RoomCommand)).toBe('BAD_REQUEST');
    expect(refusal(admitted, { ...setAnonymous, participantId: 'nobody' } as RoomCommand)).toBe('NOT_FOUND');
  });

  it('a policy change closes every producer that no longer complies, tells the owner, persists and audits', () => {
    const { state, effects } = transition(hanaProducing, setAnonymous);
    expect(Object.keys(state.participants.hana?.producers ?? {})).toEqual([]);
    expect(effects).toContainEqual({ type: 'closeProducer', participantId: 'hana', producerId: 'hana-mic' });
    expect(effects).toContainEqual({ type: 'closeProducer', participantId: 'hana', producerId: 'hana-cam' });
    expect(effects).toContainEqual(expect.objectContaining({ type: 'notify', event: 'producer.closed', payload: { producerId: 'hana-mic', reason: 'policy' } }));
    expect(effects).toContainEqual({ type: 'persist', change: { kind: 'policy', participantId: 'hana', policy: ANONYMOUS } });
    expect(effects).toContainEqual(expect.objectContaining({ type: 'audit', action: 'participant.policy', subjectId: 'hana' }));
  });

  it('a compliant producer survives a policy change', () => {
    const s = run(admitted, { type: 'producerAdded', participantId: 'hana', producerId: 'm', kind: 'audio', masking: 'lower' });
    const { state, effects } = transition(s, { ...setAnonymous, policy: { ...ANONYMOUS, camera: 'any' } } as RoomCommand);
    expect(state.participants.hana?.producers.m).toBeDefined();
    expect(effects.some((e) => e.type === 'closeProducer')).toBe(false);
  });

  it('visibility: video for facilitators only, audio for everyone', () => {
    const s = run(admitted, { ...setAnonymous, policy: { ...ANONYMOUS, camera: 'masked' } } as RoomCommand,
      { type: 'producerAdded', participantId: 'hana', producerId: 'm', kind: 'audio', masking: 'lower' },
      { type: 'producerAdded', participantId: 'hana', producerId: 'v', kind: 'video', masking: 'face-blur' });
    expect(canConsumeProducer(s, 'fran', 'hana', 'v')).toBe(true);
    expect(canConsumeProducer(s, 'ray', 'hana', 'v')).toBe(false);
    expect(canConsumeProducer(s, 'sue', 'hana', 'v')).toBe(false);
    expect(canConsumeProducer(s, 'ray', 'hana', 'm')).toBe(true);
    expect(viewFor(s, 'ray')!.peers.find((p) => p.participantId === 'hana')?.producers.map((p) => p.producerId)).toEqual(['m']);
    expect(viewFor(s, 'fran')!.peers.find((p) => p.participantId === 'hana')?.producers.map((p) => p.producerId).sort()).toEqual(['m', 'v']);
  });

  it('own-side: supporters of the same side and facilitators, never the other side', () => {
    const s = run(admitted, { ...setAnonymous, policy: { ...ANONYMOUS, audio: 'own-side' } } as RoomCommand,
      { type: 'producerAdded', participantId: 'hana', producerId: 'm', kind: 'audio', masking: 'higher' });
    expect(canConsumeProducer(s, 'sue', 'hana', 'm')).toBe(true);
    expect(canConsumeProducer(s, 'fran', 'hana', 'm')).toBe(true);
    expect(canConsumeProducer(s, 'ray', 'hana', 'm')).toBe(false);
  });

  it('the pseudonym is what parties and supporters see, in views and chat; staff see the real name', () => {
    const s = run(admitted, setAnonymous, { type: 'chat', participantId: 'hana', roomId: null, text: 'hello', at: '2026-11-22T10:00:00Z' });
    const rayView = JSON.stringify(viewFor(s, 'ray'));
    expect(rayView).toContain('Participant A');
    expect(rayView).not.toContain('Hana Real');
    expect(JSON.stringify(viewFor(s, 'sue'))).not.toContain('Hana Real');
    expect(s.chat.at(-1)?.from.displayName).toBe('Participant A');
    const franView = viewFor(s, 'fran')!;
    expect(franView.peers.find((p) => p.participantId === 'hana')?.displayName).toBe('Hana Real');
    expect(franView.board?.participants.find((c) => c.participantId === 'hana')).toMatchObject({ displayName: 'Hana Real', policy: ANONYMOUS });
  });

  it('a person is told what each group receives of them', () => {
    const s = run(admitted, { ...setAnonymous, policy: { ...ANONYMOUS, camera: 'masked' } } as RoomCommand,
      { type: 'producerAdded', participantId: 'hana', producerId: 'm', kind: 'audio', masking: 'lower' },
      { type: 'producerAdded', participantId: 'hana', producerId: 'v', kind: 'video', masking: 'silhouette' });
    expect(viewFor(s, 'hana')!.self.seenBy).toEqual([
      { group: 'other-side', name: 'Participant A', video: 'none', audio: 'lower' },
      { group: 'own-side', name: 'Participant A', video: 'none', audio: 'lower' },
      { group: 'facilitators', name: 'Hana Real', video: 'silhouette', audio: 'lower' },
    ]);
    const open = run(admitted, { type: 'producerAdded', participantId: 'ray', producerId: 'r', kind: 'audio', masking: 'off' });
    expect(viewFor(open, 'ray')!.self.seenBy[0]).toEqual({ group: 'other-side', name: 'Ray', video: 'none', audio: 'clear' });
  });
});
