// The socket handshake: a join token in `auth.token`, verified and checked against the database
// (and the live meeting's own list of removed people, which it persists in the background)
// before the connection is accepted. Refusals carry the protocol code as the error message.
import type { TokenService, JoinIdentity } from '../auth/tokens.ts';
import type { Cluster } from '../cluster/cluster.ts';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../db-errors.ts';
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

/** Whether the meeting, live on this node, has removed the participant (true before the database says so). */
export type RemovedLive = (meetingId: string, participantId: string) => boolean;

export function authMiddleware(tokens: TokenService, store: MeetingStore, cluster: Cluster, logger: Logger, removedLive: RemovedLive) {
  return (socket: AppSocket, next: (err?: Error) => void): void => {
    authenticate(socket, tokens, store, cluster, removedLive)
      .then((identity) => {
        (socket.data as SocketData).identity = identity;
        next();
      })
      .catch((err: unknown) => {
        const unavailable = !(err instanceof ProtocolError) && isDatabaseUnavailable(err);
        const refusal = err instanceof ProtocolError ? err : unavailable ? new ProtocolError('DATABASE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE) : new ProtocolError('INTERNAL', 'could not check the join link');
        if (unavailable) logger.warn({ err }, 'socket refused: database unavailable');
        else if (!(err instanceof ProtocolError)) logger.error({ err }, 'socket authentication failed unexpectedly');
        else logger.info({ code: refusal.code, reason: refusal.message, address: clientAddress(socket.handshake) }, 'socket refused');
        const error: ConnectError = new Error(refusal.code);
        error.data = refusal.toBody();
        next(error);
      });
  };
}

function isLoopback(ip: string): boolean {
  return ip === '::1' || /^(::ffff:)?127\./.test(ip);
}

/**
 * The client's address as express works it out with `trust proxy` 'loopback' (http/app.ts): the
 * connection's address, unless that is a proxy on this machine; then the nearest forwarded address
 * that is not one. socket.io itself reports only the connection's address, which behind a reverse
 * proxy is the proxy's. For logs only: it is never sent to anyone.
 */
export function clientAddress(handshake: { address: string; headers: Record<string, string | string[] | undefined> }): string {
  const forwarded = handshake.headers['x-forwarded-for'];
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').map((a) => a.trim()).filter(Boolean);
  let address = handshake.address;
  while (isLoopback(address) && hops.length > 0) address = hops.pop() ?? address;
  return address;
}

async function authenticate(socket: AppSocket, tokens: TokenService, store: MeetingStore, cluster: Cluster, removedLive: RemovedLive): Promise<SocketIdentity> {
  const auth: unknown = socket.handshake.auth;
  const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
  const identity = tokens.verifyJoinToken(token);
  const access = await store.participantAccess(identity.meetingId, identity.participantId);
  if (!access || access.role !== identity.role) {
    throw new ProtocolError('UNAUTHENTICATED', 'this join link is no longer valid for the meeting');
  }
  if (access.removed || removedLive(identity.meetingId, identity.participantId)) throw new ProtocolError('REMOVED', 'you were removed from this meeting');
  // Only a valid participant learns where the meeting lives.
  const home = await cluster.home(identity.meetingId);
  if (!home.here) throw new ProtocolError('WRONG_NODE', 'this meeting is hosted by another Common Ground server', home.url);
  return { ...identity, side: access.side };
}
