// Remote peers as immutable data: pure functions that apply protocol notifications and consumer
// changes to a peer list. RoomClient owns the mediasoup objects; this file only holds what to show.
import type { MediaKind, PeerInfo, ProducerInfo, Role } from '@common-ground/signalling/protocol';

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
  /** What the peer is sending, as announced by the server. */
  readonly producers: readonly ProducerInfo[];
  /** What we are receiving from the peer. */
  readonly media: readonly RemoteMedia[];
}

type Peers = readonly RemotePeer[];

export function fromPeerInfo(info: PeerInfo): RemotePeer {
  return { ...info, producers: [...info.producers], media: [] };
}

/** Add a peer, or replace what we know about them (keeping media still attached). */
export function upsertPeer(peers: Peers, info: PeerInfo): Peers {
  const existing = peers.find((p) => p.participantId === info.participantId);
  if (!existing) return [...peers, fromPeerInfo(info)];
  return updatePeer(peers, info.participantId, (p) => ({ ...fromPeerInfo(info), media: p.media }));
}

export function removePeer(peers: Peers, participantId: string): Peers {
  return peers.filter((p) => p.participantId !== participantId);
}

export function addProducer(peers: Peers, participantId: string, producer: ProducerInfo): Peers {
  return updatePeer(peers, participantId, (p) => ({
    ...p,
    producers: [...p.producers.filter((x) => x.producerId !== producer.producerId), producer],
  }));
}

export function removeProducer(peers: Peers, participantId: string, producerId: string): Peers {
  return updatePeer(peers, participantId, (p) => ({
    ...p,
    producers: p.producers.filter((x) => x.producerId !== producerId),
    media: p.media.filter((m) => m.producerId !== producerId),
  }));
}

export function setProducerPaused(peers: Peers, participantId: string, producerId: string, paused: boolean): Peers {
  return updatePeer(peers, participantId, (p) => ({
    ...p,
    producers: p.producers.map((x) => (x.producerId === producerId ? { ...x, paused } : x)),
  }));
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

export function audioMedia(peer: RemotePeer): readonly RemoteMedia[] {
  return peer.media.filter((m) => m.kind === 'audio');
}

function updatePeer(peers: Peers, participantId: string, update: (peer: RemotePeer) => RemotePeer): Peers {
  return peers.map((p) => (p.participantId === participantId ? update(p) : p));
}
