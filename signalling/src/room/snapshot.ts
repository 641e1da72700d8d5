// The durable part of room state: the separate rooms, where each person is placed, hard mutes and
// the lock. It is saved to the database after every change so that a restarted (or failed-over)
// node puts people back in the rooms they were in. Media, chat and recordings are not part of it:
// media is rebuilt by the clients, chat is deliberately never stored, and a recording cannot
// survive its recorder process.
import { z } from 'zod';
import { HardMuted, RoomId, RoomKind, Side } from '../protocol/index.ts';
import { tidyRooms } from './placement-rules.ts';
import type { ParticipantState, RoomDef, RoomState } from './state.ts';

const SnapshotRoom = z.object({ id: RoomId, kind: RoomKind, name: z.string().max(200), side: Side.nullable(), ephemeral: z.boolean() });

const SnapshotPlacement = z.object({
  participantId: z.string().min(1).max(64),
  roomId: RoomId,
  returnRoomId: RoomId.nullable(),
  listeningTo: RoomId.nullable(),
  hardMuted: HardMuted,
});

export const PlacementSnapshot = z.object({
  version: z.literal(1),
  /** When it was taken (ISO); people are only put back from a recent snapshot. */
  savedAt: z.iso.datetime(),
  rooms: z.array(SnapshotRoom).max(200),
  placements: z.array(SnapshotPlacement).max(200),
  locked: z.boolean(),
  nextRoomNumber: z.number().int().min(1),
});
export type PlacementSnapshot = z.infer<typeof PlacementSnapshot>;

/** The durable part of `state`, without the time it was taken (so unchanged placement compares equal). */
export function placementOf(state: RoomState): Omit<PlacementSnapshot, 'savedAt'> {
  return {
    version: 1,
    rooms: Object.values(state.rooms).map((r) => ({ id: r.id, kind: r.kind, name: r.name, side: r.side, ephemeral: r.ephemeral })),
    placements: Object.values(state.participants).map((p) => ({
      participantId: p.participantId,
      roomId: p.roomId,
      returnRoomId: p.returnRoomId,
      listeningTo: p.listeningTo,
      hardMuted: { audio: p.hardMuted.audio, video: p.hardMuted.video },
    })),
    locked: state.locked,
    nextRoomNumber: state.nextRoomNumber,
  };
}

export interface RestoreOptions {
  /** Now, for the snapshot's age. */
  now: Date;
  /** People are put back only from a snapshot at most this old; older ones restore rooms only. */
  maxAgeMs: number;
}

export interface Restored {
  state: RoomState;
  /** Participants put back in their rooms (not connected: their reconnect grace starts now). */
  participantIds: string[];
  /** Why a stored snapshot was ignored in whole or part, for the log. */
  ignored: string | null;
}

/**
 * Puts a stored snapshot back onto a freshly loaded `state` (roster, policies and removals from the
 * database). Only people still on the roster and not removed come back, only into rooms that the
 * snapshot itself holds, and never into a room of the other side. Anything that does not check out
 * is dropped, and those people arrive fresh (waiting room) when they return.
 */
export function restorePlacement(state: RoomState, stored: unknown, options: RestoreOptions): Restored {
  if (stored === null || stored === undefined) return { state, participantIds: [], ignored: null };
  const parsed = PlacementSnapshot.safeParse(stored);
  if (!parsed.success) return { state, participantIds: [], ignored: 'the stored snapshot does not parse' };
  const snapshot = parsed.data;
  const rooms: Record<string, RoomDef> = { ...state.rooms };
  for (const room of snapshot.rooms) if (!(room.id in rooms)) rooms[room.id] = room;
  let next: RoomState = { ...state, rooms, locked: snapshot.locked, nextRoomNumber: Math.max(state.nextRoomNumber, snapshot.nextRoomNumber) };
  const age = options.now.getTime() - Date.parse(snapshot.savedAt);
  if (age > options.maxAgeMs || age < -options.maxAgeMs) {
    return { state: tidyRooms(next), participantIds: [], ignored: snapshot.placements.length > 0 ? 'the snapshot is too old to put people back' : null };
  }
  const participants: Record<string, ParticipantState> = {};
  const dropped: string[] = [];
  for (const placed of snapshot.placements) {
    const entry = next.roster[placed.participantId];
    const room = rooms[placed.roomId];
    const fits = entry && !next.removed.includes(placed.participantId) && room && (room.side === null || entry.role === 'facilitator' || room.side === entry.side);
    if (!fits) {
      dropped.push(placed.participantId);
      continue;
    }
    participants[placed.participantId] = {
      ...entry,
      roomId: placed.roomId,
      connected: false,
      producers: {},
      hardMuted: placed.hardMuted,
      returnRoomId: placed.returnRoomId && placed.returnRoomId in rooms ? placed.returnRoomId : null,
      listeningTo: entry.role === 'facilitator' && placed.listeningTo && placed.listeningTo in rooms ? placed.listeningTo : null,
    };
  }
  next = tidyRooms({ ...next, participants });
  return { state: next, participantIds: Object.keys(participants), ignored: dropped.length > 0 ? `${dropped.length} placement(s) no longer valid` : null };
}
