// /join#token=…: one session, shown as whichever page its connection phase calls for.
import { useEffect, useMemo, type ReactElement } from 'react';
import { useStore } from '../hooks.ts';
import { readJoinToken } from '../joinToken.ts';
import { isEndedReason, type ConnectionState, type Phase, type RoomSnapshot } from '../media/roomState.ts';
import { openSession, type Session } from '../session.ts';
import { EndedPage } from './EndedPage.tsx';
import { ErrorPage } from './ErrorPage.tsx';
import { JoinPage } from './JoinPage.tsx';
import { LeftPage } from './LeftPage.tsx';
import { MeetingPage } from './MeetingPage.tsx';

export function JoinRoute(): ReactElement {
  const join = useMemo(() => readJoinToken(window.location.hash), []);
  const session = useMemo(() => (join ? openSession(join) : null), [join]);
  if (!session) return <ErrorPage kind="invalid-link" />;
  return <SessionView session={session} />;
}

type View = (session: Session, room: RoomSnapshot) => ReactElement;

const joinView: View = (session, room) => <JoinPage session={session} room={room} />;
const meetingView: View = (session, room) => <MeetingPage session={session} room={room} />;

/** Which page each phase shows. */
const VIEWS: Record<Phase, View> = {
  idle: joinView,
  connecting: joinView,
  ready: joinView,
  joining: joinView,
  joined: meetingView,
  reconnecting: meetingView,
  left: (_session, room) => terminalPage(room.connection),
  failed: (_session, room) => terminalPage(room.connection),
};

/** A reason the server gave gets the calm ended page; a plain leave or an error its own page. */
function terminalPage(connection: ConnectionState): ReactElement {
  if (connection.phase === 'left') {
    const { reason } = connection;
    return isEndedReason(reason) ? <EndedPage reason={reason} /> : <LeftPage reason={reason} />;
  }
  if (connection.phase === 'failed') {
    const { reason, message } = connection;
    return isEndedReason(reason) ? <EndedPage reason={reason} /> : <ErrorPage kind={reason} detail={message} />;
  }
  return <ErrorPage kind="internal" />;
}

function SessionView({ session }: { session: Session }): ReactElement {
  const room = useStore(session.room);
  useEffect(() => {
    session.room.connect();
    void session.localMedia.start();
  }, [session]);
  return VIEWS[room.connection.phase](session, room);
}
