// The socket handshake: a join token in `auth.token`, verified and checked against the database
// (and the live meeting's own list of removed people, which it persists in the background)
// before the connection is accepted. Refusals carry the protocol code as the error message.
import type { TokenService, JoinIdentity } from '../auth/tokens.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { Logger } from '../logger.ts';
import type { AppSocket } from '../meetings/liveMeeting.ts';
import type { MeetingStore } from '../meetings/store.ts';
import { ProtocolError, type ErrorBody, type Side } from '../protocol/index.ts';
import { toErrorBody } from './errors.ts';

/** The verified token plus what the database says about the participant. */
export interface SocketIdentity extends JoinIdentity {
  side: Side | null;
}

export interface SocketData {
  identity: SocketIdentity;
}

type ConnectError = Error & { data?: ErrorBody };

/** Whether the meeting, live on this node, has removed the participant (true before the database says so). */
export type RemovedLive = (meetingId: string, participantId: string) => boolean;

/** Express's compiled "trust proxy" (TRUST_PROXY): whether the hop at `address`, `i` hops away, may name the client. */
export type TrustProxy = (address: string, i: number) => boolean;

export function authMiddleware(tokens: TokenService, store: MeetingStore, cluster: Cluster, logger: Logger, removedLive: RemovedLive, trust: TrustProxy) {
  return (socket: AppSocket, next: (err?: Error) => void): void => {
    authenticate(socket, tokens, store, cluster, removedLive)
      .then((identity) => {
        (socket.data as SocketData).identity = identity;
        next();
      })
      .catch((err: unknown) => {
        // The same mapping as every socket request (DATABASE_UNAVAILABLE, INTERNAL...); refusals logged here.
        const body = toErrorBody(err, logger, { during: 'socket handshake' });
        if (err instanceof ProtocolError) logger.info({ code: body.code, reason: body.message, address: clientAddress(socket.request, trust) }, 'socket refused');
        const error: ConnectError = new Error(body.code);
        error.data = body;
        next(error);
      });
  };
}

/**
 * The client's address as express works it out (req.ip) with the same trust function: the nearest
 * address, from the connection back through X-Forwarded-For, that is not a trusted proxy. socket.io
 * itself reports only the connection's address, which behind a reverse proxy is the proxy's. For
 * logs only: it is never sent to anyone.
 */
export function clientAddress(request: { socket: { remoteAddress?: string | undefined }; headers: Record<string, string | string[] | undefined> }, trust: TrustProxy): string {
  const forwarded = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').map((a) => a.trim()).filter(Boolean).reverse();
  const chain = [request.socket.remoteAddress ?? '', ...hops];
  for (let i = 0; i < chain.length - 1; i++) if (!trust(chain[i]!, i)) return chain[i]!;
  return chain.at(-1)!;
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
