// Reconciling the server's view with what we receive and send. Pure: RoomClient applies the
// answers to RoomMedia and LocalMedia. The server's view is the truth; local media follows it.
import type { MediaKind, ParticipantView, PeerInfo, SelfInfo } from '@common-ground/signalling/protocol';
import { fromPeerInfo, type RemotePeer } from './peers.ts';
import type { RoomMedia } from './RoomMedia.ts';
import type { LocalProducerState } from './roomState.ts';
import type { SnapshotStore } from './snapshotStore.ts';

/** A consumer we hold, as the reconciliation needs it. */
export interface LocalConsumer {
  readonly consumerId: string;
  readonly producerId: string;
}

/** A remote producer to start consuming. */
export interface ConsumeRequest {
  readonly participantId: string;
  readonly producerId: string;
}

export interface ViewReconciliation {
  /** The peers to show: exactly the view's peers (minus ourselves), keeping media still announced. */
  readonly peers: readonly RemotePeer[];
  /** Producers in the view that we neither consume nor are about to. */
  readonly consume: readonly ConsumeRequest[];
  /** Consumer ids whose producer is no longer in the view: close them. */
  readonly close: readonly string[];
}

/**
 * What changes when a view arrives. `consumers` are the consumers we hold; `pending` the producer
 * ids with a consumer.create in flight (they are neither consumed again nor closed here).
 */
export function reconcileView(
  current: readonly RemotePeer[],
  viewPeers: readonly PeerInfo[],
  selfId: string,
  consumers: readonly LocalConsumer[],
  pending: ReadonlySet<string>,
): ViewReconciliation {
  const previous = new Map(current.map((p) => [p.participantId, p]));
  const peers = viewPeers
    .filter((info) => info.participantId !== selfId)
    .map((info): RemotePeer => {
      const announced = new Set(info.producers.map((x) => x.producerId));
      const media = (previous.get(info.participantId)?.media ?? []).filter((m) => announced.has(m.producerId));
      return { ...fromPeerInfo(info), media };
    });
  const present = new Set(peers.flatMap((p) => p.producers.map((x) => x.producerId)));
  const held = new Set([...consumers.map((c) => c.producerId), ...pending]);
  const consume = peers.flatMap((p) =>
    p.producers
      .filter((x) => !held.has(x.producerId))
      .map((x) => ({ participantId: p.participantId, producerId: x.producerId })),
  );
  const close = consumers.filter((c) => !present.has(c.producerId)).map((c) => c.consumerId);
  return { peers, consume, close };
}

/** Store a new view; peers follow it, and `media` (when set up) consumes what is new and closes what went. */
export function applyView(store: SnapshotStore, media: RoomMedia | null, view: ParticipantView): void {
  const { self } = view;
  const next = reconcileView(
    store.state.peers,
    view.peers,
    self.participantId,
    media?.consumers() ?? [],
    media?.pendingProducerIds() ?? new Set(),
  );
  store.update({
    view,
    self: { participantId: self.participantId, displayName: self.displayName, role: self.role },
    peers: next.peers,
  });
  if (!media) return; // consumeAll() picks the peers up once media is set up
  for (const consumerId of next.close) media.forgetConsumer(consumerId);
  for (const { participantId, producerId } of next.consume) void media.consume(participantId, producerId);
}

/** A kind the facilitator turned off while we were still sending it. */
export interface ServerMute {
  readonly kind: MediaKind;
  /** Hard: we may not turn it back on until a facilitator allows it. */
  readonly hard: boolean;
}

const KINDS: readonly MediaKind[] = ['audio', 'video'];

/**
 * Kinds the server holds off while we still have them on: hard-muted kinds the user has on, and
 * kinds whose producer the server paused while ours still sends. Only call this with a view that
 * is newer than our last producer request (the server sends the view before it acks), so a view
 * from before our own unmute never turns it back off.
 */
export function serverMutes(
  self: SelfInfo,
  producers: { readonly audio: LocalProducerState | null; readonly video: LocalProducerState | null },
  on: { readonly audio: boolean; readonly video: boolean },
): readonly ServerMute[] {
  return KINDS.flatMap((kind): ServerMute[] => {
    if (!on[kind]) return [];
    if (self.hardMuted[kind]) return [{ kind, hard: true }];
    const mine = producers[kind];
    if (!mine || mine.paused) return [];
    const paused = self.producers.some((p) => p.producerId === mine.producerId && p.paused);
    return paused ? [{ kind, hard: false }] : [];
  });
}

/** Plain words for what the facilitator did. */
export function muteMessage(mutes: readonly ServerMute[]): string | null {
  if (mutes.length === 0) return null;
  const what = mutes.map((m) => (m.kind === 'audio' ? 'microphone' : 'camera')).join(' and ');
  const turnedOff = mutes.some((m) => m.kind === 'video') ? 'turned off' : 'muted';
  return mutes.some((m) => m.hard)
    ? `The facilitator ${turnedOff} your ${what}. They will let you know when you can turn it back on.`
    : `The facilitator ${turnedOff} your ${what}. You can turn it back on when you are ready.`;
}

/** What a refused resume (HARD_MUTED) tells the user. */
export const HARD_MUTED_MESSAGE = 'The facilitator has muted you.';
