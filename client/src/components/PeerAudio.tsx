// Plays the audio of every peer we receive (one <audio> per consumer), out of sight.
import type { ReactElement } from 'react';
import { audioMedia, type RemotePeer } from '../media/peers.ts';
import { AudioSink } from './AudioSink.tsx';

export function PeerAudio({ peers }: { peers: readonly RemotePeer[] }): ReactElement {
  return (
    <div hidden>
      {peers.flatMap((peer) =>
        audioMedia(peer).map((m) => <AudioSink key={m.consumerId} track={m.track} participantId={peer.participantId} />),
      )}
    </div>
  );
}
