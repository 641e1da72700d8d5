// The facilitator's video: tiles of everyone in my room (me included), and a separately
// labelled strip of the room I am listening in to. Plays the audio of everyone I receive, also
// while the video is hidden.
import { useId, useState, type CSSProperties, type ReactElement } from 'react';
import type { RoomInfo } from '@common-ground/signalling/protocol';
import { AudioSink } from '../components/AudioSink.tsx';
import { PeerTile } from '../components/PeerTile.tsx';
import { Tile } from '../components/Tile.tsx';
import { useStore } from '../hooks.ts';
import { audioMedia, type RemotePeer } from '../media/peers.ts';
import { tileBadge } from './cardLabels.ts';
import type { Session } from '../session.ts';
import { splitStage, stageShape } from './stageModel.ts';
import { SoftButton } from './SoftButton.tsx';

interface ConsoleStageProps {
  session: Session;
  peers: readonly RemotePeer[];
  selfName: string;
  myRoom: RoomInfo;
  listeningTo: RoomInfo | null;
  onStopListening: () => void;
  stopBusy: boolean;
}

export function ConsoleStage(props: ConsoleStageProps): ReactElement {
  const { session, peers, selfName, myRoom, listeningTo } = props;
  const media = useStore(session.localMedia);
  // Hiding the video gives the board room on short screens; audio keeps playing.
  const [collapsed, setCollapsed] = useState(false);
  const videoId = useId();
  const { inMyRoom, listened } = splitStage(peers, myRoom.id, listeningTo?.id ?? null);
  const { cols, rows } = stageShape(inMyRoom.length + 1);
  const gridStyle = { '--console-cols': cols, '--console-rows': rows } as CSSProperties;

  return (
    <section className={`console-stage${collapsed ? ' console-stage--collapsed' : ''}`} aria-labelledby="console-stage-title">
      <div className="console-stage__head">
        <h2 id="console-stage-title" className="console-stage__title">
          In {myRoom.name}
        </h2>
        <button
          type="button"
          className="console-chip console-chip--quiet"
          data-testid="stage-collapse"
          aria-expanded={!collapsed}
          aria-controls={videoId}
          onClick={() => setCollapsed((c) => !c)}
        >
          {collapsed ? 'Show video' : 'Hide video'}
        </button>
      </div>
      <div className="console-stage__main" id={videoId} hidden={collapsed}>
        <div className="console-stage__grid" style={gridStyle}>
          <Tile
            label="You"
            name={selfName}
            videoTrack={media.cameraOn ? media.videoTrack : null}
            micMuted={!media.micOn || media.audioTrack === null}
            mirrored
            dataAttributes={{ 'data-testid': 'tile-local', 'data-name': selfName, 'data-room-id': myRoom.id }}
          />
          {inMyRoom.map((peer) => (
            <PeerTile key={peer.participantId} peer={peer} badge={tileBadge(peer)} />
          ))}
        </div>
      </div>
      {inMyRoom.length === 0 && !collapsed && <p className="console-stage__alone">Nobody else is in this room.</p>}
      {listeningTo && (
        <section className="console-listen" aria-labelledby="console-listen-title" data-testid="listening-strip" data-room-id={listeningTo.id}>
          <div className="console-listen__head">
            <h3 id="console-listen-title">Listening in: {listeningTo.name}</h3>
            <SoftButton className="console-chip" testId="listening-stop" unavailable={props.stopBusy} onClick={props.onStopListening}>
              Stop listening
            </SoftButton>
          </div>
          {!collapsed && (
            <div className="console-listen__strip">
              {listened.map((peer) => (
                <PeerTile key={peer.participantId} peer={peer} badge={tileBadge(peer)} />
              ))}
              {listened.length === 0 && <p className="console-stage__alone">Nobody is sending from this room.</p>}
            </div>
          )}
        </section>
      )}
      <div hidden>
        {peers.flatMap((peer) =>
          audioMedia(peer).map((m) => <AudioSink key={m.consumerId} track={m.track} participantId={peer.participantId} />),
        )}
      </div>
    </section>
  );
}
