// Remote peers as immutable data: pure functions that apply consumer changes to a peer list and
// answer what to show. The list itself comes from the server's view (see viewSync.ts).
import type { MediaKind, PeerInfo, ProducerInfo, Role, Side } from '@common-ground/signalling/protocol';

export interface MeetingInfo {
  readonly id: string;
  readonly title: string;
}

/** A remote track we are receiving (one per consumer). */
export interface RemoteMedia {
  readonly consumerId: string;
  readonly producerId: string;
  readonly kind: MediaKind;
  readonly track: MediaStreamTrack;
}

export interface RemotePeer {
  readonly participantId: string;
  readonly displayName: string;
  readonly role: Role;
  readonly side: Side | null;
  /** The room they are in (a facilitator listening in also receives another room). */
  readonly roomId: string;
  /** What the peer is sending, as announced by the server. */
  readonly producers: readonly ProducerInfo[];
  /** What we are receiving from the peer. */
  readonly media: readonly RemoteMedia[];
}

type Peers = readonly RemotePeer[];

export function fromPeerInfo(info: PeerInfo): RemotePeer {
  return { ...info, producers: [...info.producers], media: [] };
}

export function addMedia(peers: Peers, participantId: string, media: RemoteMedia): Peers {
  return updatePeer(peers, participantId, (p) => ({
    ...p,
    media: [...p.media.filter((m) => m.consumerId !== media.consumerId), media],
  }));
}

export function removeMedia(peers: Peers, consumerId: string): Peers {
  return peers.map((p) =>
    p.media.some((m) => m.consumerId === consumerId)
      ? { ...p, media: p.media.filter((m) => m.consumerId !== consumerId) }
      : p,
  );
}

/** After the SFU lost its media: nobody's producers or consumers exist any more. */
export function clearMedia(peers: Peers): Peers {
  return peers.map((p) => ({ ...p, producers: [], media: [] }));
}

export function findProducer(peers: Peers, producerId: string): { peer: RemotePeer; producer: ProducerInfo } | null {
  for (const peer of peers) {
    const producer = peer.producers.find((x) => x.producerId === producerId);
    if (producer) return { peer, producer };
  }
  return null;
}

/** True unless the peer has an audio producer that is not paused. */
export function isMicMuted(peer: RemotePeer): boolean {
  return !peer.producers.some((x) => x.kind === 'audio' && !x.paused);
}

/** The peer's visible video track: received, and its producer not paused. */
export function visibleVideo(peer: RemotePeer): MediaStreamTrack | null {
  for (const m of peer.media) {
    if (m.kind !== 'video') continue;
    const producer = peer.producers.find((x) => x.producerId === m.producerId);
    if (producer && !producer.paused) return m.track;
  }
  return null;
}

/** The peers in one room, in the server's order. */
export function peersInRoom(peers: Peers, roomId: string): Peers {
  return peers.filter((p) => p.roomId === roomId);
}

export function audioMedia(peer: RemotePeer): readonly RemoteMedia[] {
  return peer.media.filter((m) => m.kind === 'audio');
}

function updatePeer(peers: Peers, participantId: string, update: (peer: RemotePeer) => RemotePeer): Peers {
  return peers.map((p) => (p.participantId === participantId ? update(p) : p));
}
