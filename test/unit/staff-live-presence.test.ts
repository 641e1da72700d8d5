// Live presence for staff, the pure parts: what a node remembers of what it published, the wire
// schema, and the case page's bookkeeping of the presences it receives.
import { describe, expect, it } from 'vitest';
import { PresenceMemory, samePresence } from '../../signalling/src/socket/staffLivePresence.ts';
import { LivePresence } from '../../signalling/src/socket/staffLiveProtocol.ts';
import { applyPresence, applySnapshot, liveLabel, type LivePresences } from '../../client/src/staff/case/useLivePresence.ts';

const live = (connected: number, waiting = 0) => ({ connected, waiting, ended: false });
const ended = { connected: 0, waiting: 0, ended: true };
const M1 = '11111111-1111-4111-8111-111111111111';
const M2 = '22222222-2222-4222-8222-222222222222';
const M3 = '33333333-3333-4333-8333-333333333333';

describe('the LivePresence schema', () => {
  it('accepts counts and rejects anything extra, negative or fractional', () => {
    expect(LivePresence.safeParse(live(2, 1)).success).toBe(true);
    expect(LivePresence.safeParse({ ...live(2), names: ['Hana'] }).success).toBe(false);
    expect(LivePresence.safeParse(live(-1)).success).toBe(false);
    expect(LivePresence.safeParse(live(1.5)).success).toBe(false);
  });
});

describe('PresenceMemory', () => {
  it('record() remembers a live meeting under its case and says to emit', () => {
    const memory = new PresenceMemory();
    expect(memory.record(M1, 'case-a', live(1))).toBe('emit');
    expect(memory.forCase('case-a')).toEqual([{ meetingId: M1, presence: live(1) }]);
    expect(memory.forCase('case-b')).toEqual([]);
  });

  it('record() of the same presence again says unchanged; a change says emit and replaces it', () => {
    const memory = new PresenceMemory();
    memory.record(M1, 'case-a', live(1));
    expect(memory.record(M1, 'case-a', live(1))).toBe('unchanged');
    expect(memory.record(M1, 'case-a', live(2, 1))).toBe('emit');
    expect(memory.forCase('case-a')).toEqual([{ meetingId: M1, presence: live(2, 1) }]);
  });

  it('an ended meeting is emitted once, then forgotten; anything published for it later is dropped', () => {
    const memory = new PresenceMemory();
    memory.record(M1, 'case-a', live(3));
    memory.record(M2, 'case-a', live(1));
    expect(memory.record(M1, 'case-a', ended)).toBe('emit');
    expect(memory.forCase('case-a').map((m) => m.meetingId)).toEqual([M2]);
    expect(memory.hasEnded(M1)).toBe(true);
    expect(memory.record(M1, 'case-a', live(1))).toBe('already-ended');
    expect(memory.record(M1, 'case-a', ended)).toBe('already-ended');
    expect(memory.forCase('case-a').map((m) => m.meetingId)).toEqual([M2]);
  });

  it('a meeting nobody is connected to is emitted once and not remembered (nothing to replay)', () => {
    const memory = new PresenceMemory();
    memory.record(M1, 'case-a', live(2, 1));
    expect(memory.record(M1, 'case-a', live(0))).toBe('emit');
    expect(memory.forCase('case-a')).toEqual([]);
    expect(memory.record(M1, 'case-a', live(0))).toBe('unchanged');
    expect(memory.record(M2, 'case-a', live(0))).toBe('unchanged');
    // It can fill up again later (everyone left and someone came back).
    expect(memory.record(M1, 'case-a', live(1))).toBe('emit');
    expect(memory.size).toBe(1);
  });

  it('forget() drops a meeting handed over to another node, without marking it ended', () => {
    const memory = new PresenceMemory();
    memory.record(M1, 'case-a', live(3));
    memory.forget(M1);
    expect(memory.forCase('case-a')).toEqual([]);
    expect(memory.hasEnded(M1)).toBe(false);
    expect(memory.record(M1, 'case-a', live(3))).toBe('emit');
  });

  it('keeps only the newest ended ids (bounded memory)', () => {
    const memory = new PresenceMemory(2);
    for (const id of [M1, M2, M3]) memory.record(id, 'case-a', ended);
    expect([M1, M2, M3].map((id) => memory.hasEnded(id))).toEqual([false, true, true]);
  });

  it('hands out copies: changing a snapshot does not change what is remembered', () => {
    const memory = new PresenceMemory();
    const presence = live(1);
    memory.record(M1, 'case-a', presence);
    presence.connected = 9;
    const [snapshot] = memory.forCase('case-a');
    if (snapshot) snapshot.presence.connected = 7;
    expect(memory.forCase('case-a')[0]?.presence).toEqual(live(1));
  });

  it('samePresence() compares all three fields', () => {
    expect(samePresence(undefined, live(0))).toBe(false);
    expect(samePresence(live(1), live(1))).toBe(true);
    expect(samePresence(live(1), live(1, 1))).toBe(false);
    expect(samePresence(live(0), { ...live(0), ended: true })).toBe(false);
  });
});

describe('the case page: applyPresence(), applySnapshot(), liveLabel()', () => {
  const none: LivePresences = new Map();

  it('a presence adds or replaces the meeting; the same counts keep the same map (no re-render)', () => {
    const one = applyPresence(none, { meetingId: M1, presence: live(1) });
    expect(one.get(M1)).toEqual(live(1));
    expect(applyPresence(one, { meetingId: M1, presence: live(1) })).toBe(one);
    expect(applyPresence(one, { meetingId: M1, presence: live(2, 1) }).get(M1)).toEqual(live(2, 1));
    expect(one.get(M1)).toEqual(live(1));
  });

  it('an ended meeting is dropped; ending an unknown one changes nothing', () => {
    const two = applySnapshot(none, [{ meetingId: M1, presence: live(1) }, { meetingId: M2, presence: live(2) }]);
    expect([...applyPresence(two, { meetingId: M1, presence: ended }).keys()]).toEqual([M2]);
    expect(applyPresence(two, { meetingId: M3, presence: ended })).toBe(two);
  });

  it('the snapshot merges over presences that arrived before the watch was answered', () => {
    const early = applyPresence(none, { meetingId: M2, presence: live(4) });
    expect([...applySnapshot(early, [{ meetingId: M1, presence: live(1) }]).keys()].sort()).toEqual([M1, M2]);
  });

  it('liveLabel() reads "Live · N connected · N waiting", leaves out nobody waiting, and is null when nobody is there', () => {
    expect(liveLabel(live(3, 1))).toBe('Live · 3 connected · 1 waiting');
    expect(liveLabel(live(2))).toBe('Live · 2 connected');
    expect(liveLabel(live(0))).toBeNull();
    expect(liveLabel(ended)).toBeNull();
    expect(liveLabel(undefined)).toBeNull();
  });
});
