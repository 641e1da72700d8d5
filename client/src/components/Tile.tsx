// One person's video tile: their video, or their initials when there is none, with a caption.
import type { ReactElement } from 'react';
import { Avatar } from './Avatar.tsx';
import { MicOffIcon } from './Icons.tsx';
import { VideoView } from './VideoView.tsx';

interface TileProps {
  /** The caption text ("You" for the local tile). */
  label: string;
  /** The name the initials come from. */
  name: string;
  videoTrack: MediaStreamTrack | null;
  micMuted: boolean;
  badge?: string;
  mirrored?: boolean;
  /** data-* attributes that identify the tile (testid, participant id, name). */
  dataAttributes: Record<`data-${string}`, string>;
}

export function Tile({ label, name, videoTrack, micMuted, badge, mirrored, dataAttributes }: TileProps): ReactElement {
  return (
    <figure
      className="tile"
      {...dataAttributes}
      data-muted={String(micMuted)}
      data-video={videoTrack ? 'on' : 'off'}
      aria-label={`${label}${micMuted ? ', microphone off' : ''}${videoTrack ? '' : ', camera off'}`}
    >
      {videoTrack ? <VideoView track={videoTrack} mirrored={mirrored ?? false} /> : <Avatar name={name} />}
      <figcaption className="tile__caption">
        {micMuted && (
          <span className="tile__muted" title="Microphone off">
            <MicOffIcon width={16} height={16} />
          </span>
        )}
        <span className="tile__name">{label}</span>
        {badge && <span className="tile__badge">{badge}</span>}
      </figcaption>
    </figure>
  );
}
