// The facilitator console: the meeting as a board of rooms (waiting rooms, main, separate rooms,
// time-out rooms) with every control one or two clicks away, the facilitator's own video stage
// and listen-in strip, notices, chat, and their mic/camera toolbar. The server enforces every
// control; this only sends requests and mirrors the view it pushes.
import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import type { BoardCard, ParticipantView, RoomInfo } from '@common-ground/signalling/protocol';
import { Toolbar } from '../components/Toolbar.tsx';
import { useStore } from '../hooks.ts';
import type { RoomSnapshot } from '../media/roomState.ts';
import type { Session } from '../session.ts';
import { BoardView } from './BoardView.tsx';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog.tsx';
import { PolicyDialog, type PolicySubject } from './PolicyDialog.tsx';
import { ConsoleChat } from './ConsoleChat.tsx';
import { ConsoleStage } from './ConsoleStage.tsx';
import { ConsoleTopBar } from './ConsoleTopBar.tsx';
import { FeedbackRegion } from './FeedbackRegion.tsx';
import { NoticeToasts } from './NoticeToasts.tsx';
import { useConsoleActions } from './useConsoleActions.ts';
import { useFeedback } from './useFeedback.ts';
import { useMediaQuery } from './useMediaQuery.ts';
import './console.css';
import './console-panels.css';
import './console-board.css';

/** Below this width the console stacks and the chat becomes a toggled panel (matches console.css). */
const NARROW_QUERY = '(max-width: 900px)';

const EMPTY_BOARD = { rooms: [], participants: [], absent: [], locked: false };

export function FacilitatorConsole({ session, room }: { session: Session; room: RoomSnapshot }): ReactElement {
  const view = room.view;
  return view ? <LiveConsole session={session} room={room} view={view} /> : <LoadingConsole session={session} />;
}

/** Before the first view arrives: nothing to act on yet, but the facilitator can still leave. */
function LoadingConsole({ session }: { session: Session }): ReactElement {
  return (
    <div className="console console--loading" data-testid="console">
      <p className="console__loading" role="status">
        Loading the meeting board…
      </p>
      <ConsoleToolbar session={session} />
    </div>
  );
}

function LiveConsole({ session, room, view }: { session: Session; room: RoomSnapshot; view: ParticipantView }): ReactElement {
  const board = view.board ?? { ...EMPTY_BOARD, locked: view.locked };
  const self = view.self;
  const listeningTo = view.listeningTo;
  const feedback = useFeedback();
  const actions = useConsoleActions(session, { board, selfId: self.participantId, listeningTo: listeningTo?.id ?? null }, feedback);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [policyFor, setPolicyFor] = useState<PolicySubject | null>(null);

  const narrow = useMediaQuery(NARROW_QUERY);
  const [chatOpen, setChatOpen] = useState(false);
  const [chatTarget, setChatTarget] = useState<string | null>(null);
  const [chatFocus, setChatFocus] = useState(0);
  const chatInput = useRef<HTMLTextAreaElement>(null);
  const chatPanelId = useId();
  // A target room that was closed falls back to my own room.
  const target = chatTarget !== null && board.rooms.some((r) => r.id === chatTarget) ? chatTarget : null;

  useEffect(() => {
    if (chatFocus > 0) chatInput.current?.focus();
  }, [chatFocus]);

  const openChat = (to: RoomInfo): void => {
    setChatTarget(to.id === self.roomId ? null : to.id);
    setChatOpen(true);
    setChatFocus((n) => n + 1);
  };

  const askRemove = (card: BoardCard): void =>
    setConfirm({
      title: `Remove ${card.displayName}?`,
      message: `${card.displayName} will leave the meeting now, and their link will no longer let them back in.`,
      confirmLabel: 'Remove',
      onConfirm: () => actions.remove(card),
    });

  const askEnd = (): void =>
    setConfirm({
      title: 'End the meeting for everyone?',
      message: 'Everyone, including you, will leave the meeting now. This cannot be undone.',
      confirmLabel: 'End meeting',
      onConfirm: actions.endMeeting,
    });

  const chatToggle = narrow ? (
    <button
      type="button"
      className="console-button"
      data-testid="chat-toggle"
      aria-expanded={chatOpen}
      aria-controls={chatPanelId}
      onClick={() => setChatOpen((open) => !open)}
    >
      {chatOpen ? 'Hide chat' : 'Chat'}
    </button>
  ) : (
    <button type="button" className="console-button" data-testid="chat-toggle" aria-controls={chatPanelId} onClick={() => setChatFocus((n) => n + 1)}>
      Chat
    </button>
  );

  return (
    <div className="console" data-testid="console" data-room-id={self.roomId}>
      <ConsoleTopBar title={room.meeting?.title || 'Meeting'} locked={board.locked} actions={actions} onEndMeeting={askEnd} chatToggle={chatToggle} />
      <FeedbackRegion feedback={feedback} />
      <NoticeToasts notices={room.notices} board={board} selfRoomId={self.roomId} actions={actions} onDismiss={(id) => session.room.dismissNotice(id)} />
      <div className="console__middle">
        <ConsoleStage
          session={session}
          peers={room.peers}
          selfName={self.displayName}
          myRoom={view.room}
          listeningTo={listeningTo}
          onStopListening={actions.stopListening}
          stopBusy={actions.busy('listen')}
        />
        <ConsoleChat
          messages={room.chat}
          rooms={board.rooms}
          selfId={self.participantId}
          selfRoomId={self.roomId}
          target={target}
          onTargetChange={setChatTarget}
          onSend={actions.sendChat}
          inputRef={chatInput}
          open={!narrow || chatOpen}
          panelId={chatPanelId}
        />
      </div>
      <BoardView
        board={board}
        selfId={self.participantId}
        selfRoomId={self.roomId}
        listeningTo={listeningTo?.id ?? null}
        actions={actions}
        onRefused={feedback.fail}
        onRemove={askRemove}
        onEditPolicy={setPolicyFor}
        onChat={openChat}
      />
      <ConsoleToolbar session={session} hardMuted={self.hardMuted} />
      {confirm && <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />}
      {policyFor && <PolicyDialog subject={policyFor} onSave={(policy) => actions.setPolicy(policyFor, policy)} onClose={() => setPolicyFor(null)} />}
    </div>
  );
}

/** The facilitator's own mic, camera and Leave, as on the participant page. */
function ConsoleToolbar({ session, hardMuted }: { session: Session; hardMuted?: ParticipantView['self']['hardMuted'] }): ReactElement {
  const media = useStore(session.localMedia);
  const [leaving, setLeaving] = useState(false);
  const leave = (): void => {
    setLeaving(true);
    void session.room.leave();
  };
  return (
    <div className="console__toolbar">
      <Toolbar
        micOn={media.micOn}
        cameraOn={media.cameraOn}
        hardMuted={hardMuted}
        onToggleMic={() => void session.room.setMicOn(!media.micOn)}
        onToggleCamera={() => void session.room.setCameraOn(!media.cameraOn)}
        onLeave={leave}
        leaving={leaving}
        quality={session.room.quality}
      />
    </div>
  );
}
