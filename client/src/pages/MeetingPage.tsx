// The meeting. Facilitators get the console; everyone else gets the room they are in: a grid of
// tiles, the waiting or break panel when that is where they are, chat, and the toolbar.
import { PrivacyStatus } from '../masking/PrivacyStatus.tsx';
import { useId, useRef, useState, type CSSProperties, type ReactElement } from 'react';
import { FacilitatorConsole } from '../console/FacilitatorConsole.tsx';
import { BreakButton } from '../components/BreakButton.tsx';
import { BreakPanel } from '../components/BreakPanel.tsx';
import { ChatPanel } from '../components/ChatPanel.tsx';
import { ConnectionBanner } from '../components/ConnectionBanner.tsx';
import { ChatIcon } from '../components/Icons.tsx';
import { MeetingBanners } from '../components/MeetingBanners.tsx';
import { PeerAudio } from '../components/PeerAudio.tsx';
import { PeerTile } from '../components/PeerTile.tsx';
import { RoomHeader } from '../components/RoomHeader.tsx';
import { Tile } from '../components/Tile.tsx';
import { Toolbar } from '../components/Toolbar.tsx';
import { UnmuteRequestDialog } from '../components/UnmuteRequestDialog.tsx';
import { WaitingPanel } from '../components/WaitingPanel.tsx';
import { useStore, useUnread } from '../hooks.ts';
import { peersInRoom } from '../media/peers.ts';
import type { RoomSnapshot } from '../media/roomState.ts';
import type { Session } from '../session.ts';
import { ConsentPrompt } from '../recording/ConsentPrompt.tsx';
import { RecordingContext } from '../recording/recordingContext.ts';
import { RecordingEndedNotice } from '../recording/RecordingEndedNotice.tsx';
import { RecordingIndicator } from '../recording/RecordingIndicator.tsx';
import { openPrompt } from '../recording/recordingModel.ts';

/** Columns and rows that keep tiles as large as possible for `count` people. */
export function gridShape(count: number): { cols: number; rows: number } {
  const cols = count <= 1 ? 1 : count <= 4 ? 2 : count <= 9 ? 3 : 4;
  return { cols, rows: Math.max(1, Math.ceil(count / cols)) };
}

const NOT_HARD_MUTED = { audio: false, video: false } as const;

export function MeetingPage({ session, room }: { session: Session; room: RoomSnapshot }): ReactElement {
  const role = room.view?.self.role ?? session.join.claims.role;
  return role === 'facilitator' ? (
    <FacilitatorMeeting session={session} room={room} />
  ) : (
    <ParticipantMeeting session={session} room={room} />
  );
}

/** The facilitator console draws the page; around it, only what every role shares. */
function FacilitatorMeeting({ session, room }: { session: Session; room: RoomSnapshot }): ReactElement {
  return (
    <div
      className="meeting-shell"
      data-testid="meeting-page"
      data-room-id={room.view?.room.id ?? ''}
      data-room-kind={room.view?.room.kind ?? ''}
      data-connection={room.connection.phase}
    >
      <ConnectionBanner room={room} />
      <MeetingBanners
        room={room}
        actionError={null}
        onDismissMute={() => session.room.clearMuteMessage()}
        onDismissMediaError={() => session.room.clearMediaError()}
        onDismissActionError={() => undefined}
      />
      <RecordingIndicator view={room.view} />
      <RecordingEndedNotice note={room.recording.ended} view={room.view} />
      <RecordingContext.Provider value={{ recordings: room.view?.recordings ?? [], request: (name, payload) => session.room.request(name, payload) }}>
        <FacilitatorConsole session={session} room={room} />
      </RecordingContext.Provider>
      <UnmuteRequest session={session} room={room} />
    </div>
  );
}

function ParticipantMeeting({ session, room }: { session: Session; room: RoomSnapshot }): ReactElement {
  const media = useStore(session.localMedia);
  const outgoing = useStore(session.maskedMedia);
  const [leaving, setLeaving] = useState(false);
  const [chatOpen, setChatOpen] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const chatToggle = useRef<HTMLButtonElement>(null);
  const chatId = useId();
  const unread = useUnread(room.chat.length, chatOpen);
  const view = room.view;
  const kind = view?.room.kind ?? null;
  const others = view ? peersInRoom(room.peers, view.room.id) : room.peers;
  const { cols, rows } = gridShape(others.length + 1);
  const gridStyle = { '--cols': cols, '--rows': rows } as CSSProperties;
  const selfName = room.self?.displayName ?? 'You';
  const hardMuted = view?.self.hardMuted ?? NOT_HARD_MUTED;

  const leave = (): void => {
    setLeaving(true);
    void session.room.leave();
  };
  const closeChat = (): void => {
    setChatOpen(false);
    chatToggle.current?.focus();
  };

  return (
    <div className="meeting" data-testid="meeting-page" data-room-id={view?.room.id ?? ''} data-room-kind={kind ?? ''} data-connection={room.connection.phase}>
      <RoomHeader meetingTitle={room.meeting?.title || 'Meeting'} view={view} others={others.map((p) => p.displayName)} />
      <ConnectionBanner room={room} />
      <RecordingIndicator view={view} />
      <RecordingEndedNotice note={room.recording.ended} view={view} />
      {view && <PrivacyStatus seenBy={view.self.seenBy} maskedMedia={session.maskedMedia} />}
      <MeetingBanners
        room={room}
        actionError={actionError}
        onDismissMute={() => session.room.clearMuteMessage()}
        onDismissMediaError={() => session.room.clearMediaError()}
        onDismissActionError={() => setActionError(null)}
      />
      <div className="meeting__body">
        <main className="stage" aria-label={kind === 'waiting' ? 'Waiting room' : 'Video tiles'}>
          {kind === 'waiting' && view && <WaitingPanel hosts={view.hosts} session={session} />}
          {kind === 'timeout' && <BreakPanel />}
          <div className="stage__tiles">
            <div className="grid" style={gridStyle}>
              <Tile
                label="You"
                name={selfName}
                videoTrack={media.cameraOn ? outgoing.video.track : null}
                micMuted={!media.micOn || outgoing.audio.track === null}
                mirrored={outgoing.video.masking === 'off'}
                dataAttributes={{ 'data-testid': 'tile-local', 'data-name': selfName, 'data-room-id': view?.room.id ?? '' }}
              />
              {others.map((peer) => (
                <PeerTile key={peer.participantId} peer={peer} />
              ))}
            </div>
            {others.length === 0 && (kind === 'main' || kind === 'separate') && (
              <p className="stage__waiting" role="status">
                Waiting for others to join. Your facilitator will be with you soon.
              </p>
            )}
          </div>
        </main>
        <ChatPanel session={session} room={room} open={chatOpen} onClose={closeChat} id={chatId} />
      </div>
      <PeerAudio peers={room.peers} />
      <Toolbar
        micOn={media.micOn}
        cameraOn={media.cameraOn}
        hardMuted={hardMuted}
        onToggleMic={() => void session.room.setMicOn(!media.micOn)}
        onToggleCamera={() => void session.room.setCameraOn(!media.cameraOn)}
        onLeave={leave}
        leaving={leaving}
        quality={session.room.quality}
      >
        <BreakButton on={kind === 'timeout'} onChange={(on) => session.room.setBreak(on)} onError={setActionError} />
        <button
          ref={chatToggle}
          type="button"
          className="toggle toggle--dark toolbar__chat-toggle"
          data-testid="chat-toggle"
          aria-expanded={chatOpen}
          aria-controls={chatId}
          onClick={() => (chatOpen ? closeChat() : setChatOpen(true))}
        >
          <ChatIcon />
          <span className="toggle__text">{chatOpen ? 'Close chat' : 'Chat'}</span>
          {unread > 0 && (
            <span className="toggle__badge">
              {unread}
              <span className="sr-only"> new</span>
            </span>
          )}
        </button>
      </Toolbar>
      <UnmuteRequest session={session} room={room} />
      <RecordingConsent session={session} room={room} />
    </div>
  );
}

function RecordingConsent({ session, room }: { session: Session; room: RoomSnapshot }): ReactElement | null {
  const prompt = openPrompt(room.recording, room.view);
  if (!prompt) return null;
  return <ConsentPrompt key={prompt.text.version + prompt.audience} prompt={prompt} request={(name, payload) => session.room.request(name, payload)} />;
}

function UnmuteRequest({ session, room }: { session: Session; room: RoomSnapshot }): ReactElement | null {
  const asked = room.unmuteRequest;
  if (!asked) return null;
  return (
    <UnmuteRequestDialog key={`${asked.kind}:${asked.by}`} request={asked} onAnswer={(accept) => void session.room.answerUnmuteRequest(accept)} />
  );
}
