// Which received peers go where on the facilitator's stage: the people in my room, and the
// people in the room I am listening in to. Pure, over the snapshot's peer list.
import type { RemotePeer } from '../media/peers.ts';

export interface StagePeers {
  readonly inMyRoom: readonly RemotePeer[];
  readonly listened: readonly RemotePeer[];
}

export function splitStage(peers: readonly RemotePeer[], myRoomId: string, listeningTo: string | null): StagePeers {
  return {
    inMyRoom: peers.filter((peer) => peer.roomId === myRoomId),
    listened: listeningTo === null ? [] : peers.filter((peer) => peer.roomId === listeningTo && peer.roomId !== myRoomId),
  };
}

/** Columns and rows for a tile grid of `count` tiles (the same steps the participant page uses). */
export function stageShape(count: number): { cols: number; rows: number } {
  const cols = count <= 1 ? 1 : count <= 4 ? 2 : count <= 9 ? 3 : 4;
  return { cols, rows: Math.max(1, Math.ceil(count / cols)) };
}
