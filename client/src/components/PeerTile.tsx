// One remote person's tile: their received video and mute state, with the attributes tests and
// the facilitator console rely on (data-participant-id, data-name, data-room-id).
import type { ReactElement } from 'react';
import { isMicMuted, visibleVideo, type RemotePeer } from '../media/peers.ts';
import { roleLabel, showsRoleBadge } from '../roles.ts';
import { Tile } from './Tile.tsx';

export function PeerTile({ peer }: { peer: RemotePeer }): ReactElement {
  return (
    <Tile
      label={peer.displayName}
      name={peer.displayName}
      videoTrack={visibleVideo(peer)}
      micMuted={isMicMuted(peer)}
      {...(showsRoleBadge(peer.role) ? { badge: roleLabel(peer.role) } : {})}
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
