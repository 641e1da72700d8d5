// What each participant may know: their view is computed here from room state and nowhere else,
// so a party can never learn about someone placement keeps from them. Facilitators also get the board.
import type { Board, BoardCard, HostInfo, ParticipantView, PeerInfo, RoomInfo } from '../protocol/index.ts';
import { canConsumeProducer, nameSeenBy, policyOf, seenBy } from './masking.ts';
import { canConsume } from './placement-rules.ts';
import { recordingsSeenBy } from './recording.ts';
import type { ParticipantState, RoomDef, RoomState } from './state.ts';

const ROOM_ORDER: Record<RoomDef['kind'], number> = { waiting: 0, main: 1, separate: 2, timeout: 3 };

export function roomInfo(room: RoomDef): RoomInfo {
  return { id: room.id, kind: room.kind, name: room.name, side: room.side };
}

/** `p` as `viewerId` may know them: the name they may see, and only the producers they may receive. */
export function peerInfo(state: RoomState, viewerId: string, p: ParticipantState): PeerInfo {
  return {
    participantId: p.participantId,
    displayName: nameSeenBy(state, viewerId, p),
    role: p.role,
    side: p.side,
    roomId: p.roomId,
    producers: producersOf(p).filter((x) => canConsumeProducer(state, viewerId, p.participantId, x.producerId)),
  };
}

/** The view of a participant who is in the meeting, or null if they are not. */
export function viewFor(state: RoomState, participantId: string): ParticipantView | null {
  const self = state.participants[participantId];
  const room = self && state.rooms[self.roomId];
  if (!self || !room) return null;
  const facilitator = self.role === 'facilitator';
  const listened = self.listeningTo ? state.rooms[self.listeningTo] : undefined;
  return {
    self: {
      participantId: self.participantId,
      displayName: self.displayName,
      role: self.role,
      side: self.side,
      roomId: self.roomId,
      hardMuted: self.hardMuted,
      producers: producersOf(self),
      policy: policyOf(state, self.participantId),
      seenBy: seenBy(state, self),
    },
    room: roomInfo(room),
    peers: Object.values(state.participants).filter((p) => canConsume(state, participantId, p.participantId)).map((p) => peerInfo(state, participantId, p)),
    hosts: hosts(state),
    listeners: Object.values(state.participants)
      .filter((p) => p.connected && p.listeningTo === self.roomId && p.roomId !== self.roomId)
      .map((p) => ({ participantId: p.participantId, displayName: nameSeenBy(state, participantId, p) })),
    listeningTo: facilitator && listened ? roomInfo(listened) : null,
    locked: state.locked,
    board: facilitator ? board(state) : null,
    recordings: recordingsSeenBy(state, participantId),
  };
}

function hosts(state: RoomState): HostInfo[] {
  return Object.values(state.roster)
    .filter((r) => r.role === 'facilitator')
    .map((r) => {
      const p = state.participants[r.participantId];
      const status = !p ? 'away' : p.connected ? 'present' : 'reconnecting';
      return { participantId: r.participantId, displayName: p?.displayName ?? r.displayName, status };
    });
}

export function board(state: RoomState): Board {
  const rooms = Object.values(state.rooms)
    .map((room, index) => ({ room, index }))
    .sort((a, b) => ROOM_ORDER[a.room.kind] - ROOM_ORDER[b.room.kind] || a.index - b.index)
    .map(({ room }) => roomInfo(room));
  return {
    rooms,
    participants: Object.values(state.participants).map((p) => card(state, p)),
    absent: Object.values(state.roster)
      .filter((r) => !(r.participantId in state.participants) && !state.removed.includes(r.participantId))
      .map((r) => ({ participantId: r.participantId, displayName: r.displayName, role: r.role, side: r.side, policy: policyOf(state, r.participantId) })),
    locked: state.locked,
  };
}

/** Facilitators see everyone's own name and policy on the board. */
function card(state: RoomState, p: ParticipantState): BoardCard {
  return {
    participantId: p.participantId,
    displayName: p.displayName,
    role: p.role,
    side: p.side,
    roomId: p.roomId,
    connected: p.connected,
    hardMuted: p.hardMuted,
    audio: kindState(p, 'audio'),
    video: kindState(p, 'video'),
    listeningTo: p.listeningTo,
    policy: policyOf(state, p.participantId),
  };
}

function kindState(p: ParticipantState, kind: 'audio' | 'video'): BoardCard['audio'] {
  const producer = Object.values(p.producers).find((x) => x.kind === kind);
  if (!producer) return 'off';
  return producer.paused ? 'muted' : 'on';
}

function producersOf(p: ParticipantState): PeerInfo['producers'] {
  return Object.values(p.producers).map(({ producerId, kind, paused, masking }) => ({ producerId, kind, paused, masking }));
}
