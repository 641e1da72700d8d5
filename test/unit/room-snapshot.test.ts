// The placement snapshot a restarted node restores: what it keeps, what it refuses to restore,
// and the writer that keeps it in the database (one write at a time, latest wins, retried).
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { SnapshotWriter, initialRoomState, placementOf, restorePlacement, type RoomState, type RosterEntry } from '@common-ground/signalling';
import { joinFrom, run } from './support/room-commands.ts';

const roster: RosterEntry[] = [
  { participantId: 'fran', displayName: 'Fran', role: 'facilitator', side: null },
  { participantId: 'hana', displayName: 'Hana', role: 'party', side: 'harmed' },
  { participantId: 'ray', displayName: 'Ray', role: 'party', side: 'responsible' },
  { participantId: 'olu', displayName: 'Olu', role: 'observer', side: null },
];
const NOW = new Date('2026-11-22T12:00:00Z');
const fresh = (): RoomState => initialRoomState('m', 'Meeting', roster);

/** Shuttle work: Fran and Hana in a separate room, Ray in main, hard-muted, meeting locked. */
function shuttle(): RoomState {
  const s = run(fresh(), joinFrom(roster, 'fran'), joinFrom(roster, 'hana'), joinFrom(roster, 'ray'),
    { type: 'admit', actorId: 'fran', participantId: 'hana' }, { type: 'admit', actorId: 'fran', participantId: 'ray' },
    { type: 'createRoom', actorId: 'fran', name: 'Quiet room' });
  const room = Object.values(s.rooms).find((r) => r.kind === 'separate')!.id;
  return run(s, { type: 'move', actorId: 'fran', participantId: 'hana', roomId: room }, { type: 'move', actorId: 'fran', participantId: 'fran', roomId: room },
    { type: 'mute', actorId: 'fran', participantId: 'ray', kind: 'audio', hard: true }, { type: 'lock', actorId: 'fran', locked: true });
}

const saved = (state: RoomState, at = NOW) => JSON.parse(JSON.stringify({ ...placementOf(state), savedAt: at.toISOString() })) as unknown;
const opts = { now: NOW, maxAgeMs: 120_000 };

describe('restoring placement from a snapshot', () => {
  it('puts everyone back in the room they were in, disconnected, with rooms, mutes and the lock', () => {
    const before = shuttle();
    const { state, participantIds } = restorePlacement(fresh(), saved(before), opts);
    expect(participantIds.sort()).toEqual(['fran', 'hana', 'ray']);
    for (const id of participantIds) {
      expect(state.participants[id]?.roomId).toBe(before.participants[id]?.roomId);
      expect(state.participants[id]?.connected).toBe(false);
      expect(state.participants[id]?.producers).toEqual({});
    }
    expect(state.participants.hana?.roomId).not.toBe(state.participants.ray?.roomId);
    expect(Object.keys(state.rooms).sort()).toEqual(Object.keys(before.rooms).sort());
    expect(state.participants.ray?.hardMuted).toEqual({ audio: true, video: false });
    expect(state.locked).toBe(true);
    expect(state.nextRoomNumber).toBe(before.nextRoomNumber);
  });

  it('a person returning joins straight back into their room, not the waiting room', () => {
    const { state } = restorePlacement(fresh(), saved(shuttle()), opts);
    const back = run(state, joinFrom(roster, 'hana'));
    expect(back.participants.hana).toMatchObject({ roomId: shuttle().participants.hana?.roomId, connected: true });
  });

  it('keeps nobody who was removed meanwhile or who is no longer on the roster', () => {
    const removedRay = { ...fresh(), removed: ['ray'] };
    expect(restorePlacement(removedRay, saved(shuttle()), opts).participantIds.sort()).toEqual(['fran', 'hana']);
    const withoutHana = initialRoomState('m', 'Meeting', roster.filter((r) => r.participantId !== 'hana'));
    const restored = restorePlacement(withoutHana, saved(shuttle()), opts);
    expect(restored.participantIds.sort()).toEqual(['fran', 'ray']);
    expect(restored.ignored).toMatch(/no longer valid/);
  });

  it('never places a party in the other side\'s room or in a room the snapshot does not hold', () => {
    const tampered = saved(shuttle()) as { placements: { participantId: string; roomId: string }[] };
    tampered.placements = tampered.placements.map((p) => (p.participantId === 'hana' ? { ...p, roomId: 'waiting-responsible' } : p.participantId === 'ray' ? { ...p, roomId: 'separate-99' } : p));
    const { state, participantIds } = restorePlacement(fresh(), tampered, opts);
    expect(participantIds).toEqual(['fran']);
    expect(state.participants.hana).toBeUndefined();
    expect(state.participants.ray).toBeUndefined();
  });

  it('an old snapshot restores rooms and the lock but nobody\'s place; garbage restores nothing', () => {
    const old = restorePlacement(fresh(), saved(shuttle(), new Date(NOW.getTime() - 10 * 60_000)), opts);
    expect(old.participantIds).toEqual([]);
    expect(old.state.locked).toBe(true);
    expect(Object.values(old.state.rooms).some((r) => r.kind === 'separate')).toBe(true);
    expect(old.ignored).toMatch(/too old/);
    for (const junk of [{ version: 2 }, 'x', { version: 1, rooms: 'no' }]) {
      const r = restorePlacement(fresh(), junk, opts);
      expect(r.state).toEqual(fresh());
      expect(r.ignored).toMatch(/does not parse/);
    }
    expect(restorePlacement(fresh(), null, opts)).toEqual({ state: fresh(), participantIds: [], ignored: null });
  });

  it('a time-out room comes back with the person in it and where they return to', () => {
    const s = run(shuttle(), { type: 'timeout', participantId: 'ray', on: true });
    const { state } = restorePlacement(fresh(), saved(s), opts);
    expect(state.participants.ray?.roomId).toMatch(/^timeout-/);
    expect(state.participants.ray?.returnRoomId).toBe('main');
    expect(state.rooms[state.participants.ray!.roomId]?.kind).toBe('timeout');
  });
});

describe('the snapshot writer', () => {
  const logger = pino({ level: 'silent' });

  function fakeStore(failures = 0) {
    const writes: { placements: unknown[] }[] = [];
    let calls = 0;
    let release: (() => void) | null = null;
    return {
      writes,
      hold: false,
      release: () => release?.(),
      async saveRoomSnapshot(_id: string, snapshot: object | null): Promise<void> {
        calls += 1;
        if (this.hold) await new Promise<void>((r) => (release = r));
        if (calls <= failures) throw new Error('database unavailable');
        writes.push(snapshot as { placements: unknown[] });
      },
    };
  }

  it('writes after a placement change, skips unchanged placement, and the latest state wins', async () => {
    const store = fakeStore();
    const writer = new SnapshotWriter({ meetingId: 'm', store, logger, refreshMs: 60_000 });
    store.hold = true;
    const a = run(fresh(), joinFrom(roster, 'fran'));
    writer.update(a);
    const b = run(a, joinFrom(roster, 'hana'));
    const c = run(b, { type: 'admit', actorId: 'fran', participantId: 'hana' });
    writer.update(b);
    writer.update(c); // b is superseded before it is written
    store.hold = false;
    store.release();
    await writer.drain();
    expect(store.writes.map((w) => w.placements.length)).toEqual([1, 2]);
    writer.update(c);
    await writer.drain();
    expect(store.writes).toHaveLength(2);
    writer.stop();
  });

  it('retries a failed write instead of dropping it', async () => {
    const store = fakeStore(2);
    const writer = new SnapshotWriter({ meetingId: 'm', store, logger, refreshMs: 60_000, retryMs: 10 });
    writer.update(run(fresh(), joinFrom(roster, 'fran')));
    await expect.poll(() => store.writes.length, { timeout: 2_000 }).toBe(1);
    writer.stop();
  });

  it('writes nothing once the meeting has ended', async () => {
    const store = fakeStore();
    const writer = new SnapshotWriter({ meetingId: 'm', store, logger, refreshMs: 60_000 });
    const ended = run(fresh(), joinFrom(roster, 'fran'), { type: 'end', actorId: 'fran' });
    writer.update(ended);
    writer.update(run(fresh(), joinFrom(roster, 'fran')));
    await writer.drain();
    expect(store.writes).toEqual([]);
  });
});
