// One remote person's tile: their received video and mute state, with the attributes tests and
// the facilitator console rely on (data-participant-id, data-name, data-room-id).
import type { ReactElement } from 'react';
import { isMicMuted, visibleVideo, type RemotePeer } from '../media/peers.ts';
import { roleLabel, showsRoleBadge } from '../roles.ts';
import { Tile } from './Tile.tsx';

/** `badge` overrides the role badge (the console also shows each person's side). */
export function PeerTile({ peer, badge }: { peer: RemotePeer; badge?: string | undefined }): ReactElement {
  const shown = badge ?? (showsRoleBadge(peer.role) ? roleLabel(peer.role) : undefined);
  return (
    <Tile
      label={peer.displayName}
      name={peer.displayName}
      videoTrack={visibleVideo(peer)}
      micMuted={isMicMuted(peer)}
      {...(shown ? { badge: shown } : {})}
      dataAttributes={{
        'data-testid': 'tile',
        'data-participant-id': peer.participantId,
        'data-name': peer.displayName,
        'data-room-id': peer.roomId,
        'data-consumer-ids': peer.media.map((m) => m.consumerId).join(' '),
      }}
    />
  );
}
