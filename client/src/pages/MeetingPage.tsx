// The meeting: a dark stage with a responsive grid of tiles, remote audio, and the toolbar.
import { useState, type CSSProperties, type ReactElement } from 'react';
import { AudioSink } from '../components/AudioSink.tsx';
import { ConnectionBanner } from '../components/ConnectionBanner.tsx';
import { AlertIcon } from '../components/Icons.tsx';
import { Tile } from '../components/Tile.tsx';
import { Toolbar } from '../components/Toolbar.tsx';
import { useStore } from '../hooks.ts';
import { audioMedia, isMicMuted, visibleVideo } from '../media/peers.ts';
import type { RoomSnapshot } from '../media/roomState.ts';
import { roleLabel, showsRoleBadge } from '../roles.ts';
import type { Session } from '../session.ts';

/** Columns and rows that keep tiles as large as possible for `count` people. */
export function gridShape(count: number): { cols: number; rows: number } {
  const cols = count <= 1 ? 1 : count <= 4 ? 2 : count <= 9 ? 3 : 4;
  return { cols, rows: Math.max(1, Math.ceil(count / cols)) };
}

export function MeetingPage({ session, room }: { session: Session; room: RoomSnapshot }): ReactElement {
  const media = useStore(session.localMedia);
  const [leaving, setLeaving] = useState(false);
  const count = room.peers.length + 1;
  const { cols, rows } = gridShape(count);
  const gridStyle = { '--cols': cols, '--rows': rows } as CSSProperties;
  const selfName = room.self?.displayName ?? 'You';

  const leave = (): void => {
    setLeaving(true);
    void session.room.leave();
  };

  return (
    <div className="meeting" data-testid="meeting-page">
      <header className="meeting__header">
        <h1 className="meeting__title">{room.meeting?.title || 'Meeting'}</h1>
        <span className="meeting__count" data-testid="participant-count">
          {count === 1 ? 'Only you are here' : `${count} people`}
        </span>
      </header>
      <ConnectionBanner room={room} />
      {room.mediaError && (
        <div className="banner banner--error banner--dismissable" role="alert" data-testid="media-error">
          <AlertIcon />
          <span>{room.mediaError}</span>
          <button type="button" className="banner__close" onClick={() => session.room.clearMediaError()}>
            Dismiss
          </button>
        </div>
      )}
      <main className="stage" aria-label="Video tiles">
        <div className="grid" style={gridStyle}>
          <Tile
            label="You"
            name={selfName}
            videoTrack={media.cameraOn ? media.videoTrack : null}
            micMuted={!media.micOn || media.audioTrack === null}
            mirrored
            dataAttributes={{ 'data-testid': 'tile-local', 'data-name': selfName }}
          />
          {room.peers.map((peer) => (
            <Tile
              key={peer.participantId}
              label={peer.displayName}
              name={peer.displayName}
              videoTrack={visibleVideo(peer)}
              micMuted={isMicMuted(peer)}
              {...(showsRoleBadge(peer.role) ? { badge: roleLabel(peer.role) } : {})}
              dataAttributes={{
                'data-testid': 'tile',
                'data-participant-id': peer.participantId,
                'data-name': peer.displayName,
              }}
            />
          ))}
        </div>
        {count === 1 && (
          <p className="stage__waiting" role="status">
            Waiting for others to join. Your facilitator will be with you soon.
          </p>
        )}
      </main>
      <div hidden>
        {room.peers.flatMap((peer) =>
          audioMedia(peer).map((m) => <AudioSink key={m.consumerId} track={m.track} participantId={peer.participantId} />),
        )}
      </div>
      <Toolbar
        micOn={media.micOn}
        cameraOn={media.cameraOn}
        onToggleMic={() => void session.room.setMicOn(!media.micOn)}
        onToggleCamera={() => void session.room.setCameraOn(!media.cameraOn)}
        onLeave={leave}
        leaving={leaving}
      />
    </div>
  );
}
