// The socket handshake: a join token in `auth.token`, verified and checked against the database
// before the connection is accepted. Refusals carry the protocol code as the error message.
import type { TokenService, JoinIdentity } from '../auth/tokens.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { Logger } from '../logger.ts';
import type { AppSocket } from '../meetings/liveMeeting.ts';
import type { MeetingStore } from '../meetings/store.ts';
import { ProtocolError, type Side } from '../protocol/index.ts';

/** The verified token plus what the database says about the participant. */
export interface SocketIdentity extends JoinIdentity {
  side: Side | null;
}

export interface SocketData {
  identity: SocketIdentity;
}

type ConnectError = Error & { data?: { code: string; message: string } };

export function authMiddleware(tokens: TokenService, store: MeetingStore, cluster: Cluster, logger: Logger) {
  return (socket: AppSocket, next: (err?: Error) => void): void => {
    authenticate(socket, tokens, store, cluster)
      .then((identity) => {
        (socket.data as SocketData).identity = identity;
        next();
      })
      .catch((err: unknown) => {
        const refusal = err instanceof ProtocolError ? err : new ProtocolError('INTERNAL', 'could not check the join link');
        if (!(err instanceof ProtocolError)) logger.error({ err }, 'socket authentication failed unexpectedly');
        else logger.info({ code: refusal.code, reason: refusal.message, address: socket.handshake.address }, 'socket refused');
        const error: ConnectError = new Error(refusal.code);
        error.data = refusal.toBody();
        next(error);
      });
  };
}

async function authenticate(socket: AppSocket, tokens: TokenService, store: MeetingStore, cluster: Cluster): Promise<SocketIdentity> {
  const auth: unknown = socket.handshake.auth;
  const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
  const identity = tokens.verifyJoinToken(token);
  const access = await store.participantAccess(identity.meetingId, identity.participantId);
  if (!access || access.role !== identity.role) {
    throw new ProtocolError('UNAUTHENTICATED', 'this join link is no longer valid for the meeting');
  }
  if (access.removed) throw new ProtocolError('REMOVED', 'you were removed from this meeting');
  // Only a valid participant learns where the meeting lives.
  const home = await cluster.home(identity.meetingId);
  if (!home.here) throw new ProtocolError('WRONG_NODE', 'this meeting is hosted by another Common Ground server', home.url);
  return { ...identity, side: access.side };
}
