// Attaches socket.io to the HTTP server: handshake auth, per-socket session, request binding,
// and the SFU's own events fed back into the meetings as commands or notifications.
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import type { OriginPolicy } from '../auth/origins.ts';
import type { Sfu } from '@common-ground/sfu-server';
import type { TokenService } from '../auth/tokens.ts';
import type { TurnConfig } from '../auth/turn.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { Logger } from '../logger.ts';
import type { AppServer, AppSocket } from '../meetings/liveMeeting.ts';
import type { MeetingRecordings } from '../meetings/recordings.ts';
import type { MeetingRegistry } from '../meetings/registry.ts';
import type { MeetingStore } from '../meetings/store.ts';
import { authMiddleware, type SocketData, type TrustProxy } from './auth.ts';
import { bindRequests } from './bind.ts';
import { handlers, type Session } from './handlers.ts';
import { STAFF_NAMESPACE } from './staffLiveProtocol.ts';

export interface SocketDeps {
  /** Which browser origins may open sockets (see originOptions). */
  origins: OriginPolicy;
  /** Which proxies may name the client, for logs: express's compiled "trust proxy" (app.get('trust proxy fn')). */
  trustProxy: TrustProxy;
  tokens: TokenService;
  store: MeetingStore;
  registry: MeetingRegistry;
  sfu: Sfu;
  turn: TurnConfig | undefined;
  logger: Logger;
  /** Records participants' messages (recording.* requests); absent: those requests are refused. */
  recordings?: MeetingRecordings | undefined;
  /** Where meetings live when several nodes share Redis (SingleNode otherwise). */
  cluster: Cluster;
  /** socket.io adapter reaching the other nodes' sockets (the Redis adapter), if any. */
  adapter?: ServerOptions['adapter'];
}

/** Largest socket.io message accepted; SDP-sized payloads fit comfortably. */
const MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * The origin check of socket.io. A browser always names its page's origin when it opens a socket.
 * Same-origin and ALLOWED_ORIGINS pages may connect (the latter get CORS headers on the polling
 * transport); a connection without an Origin is a tool, not a page. A foreign origin is refused
 * with 403 on a single node. With several nodes it is let through: a page served by one node is
 * sent to the meeting's node (WRONG_NODE) and to an alternate when its own node dies, so its origin
 * may be a node that no longer exists. That is safe because the meeting namespace authenticates
 * only with the join token the page sends explicitly (no cookie), and the cookie-authenticated
 * /staff namespace refuses foreign origins itself (staffOriginGuard).
 */
function originOptions(deps: SocketDeps, logger: Logger): Pick<Partial<ServerOptions>, 'cors' | 'allowRequest'> {
  return {
    cors: {
      origin: (origin, callback) => callback(null, origin !== undefined && deps.origins.classify(origin, undefined) === 'configured' ? origin : false),
      credentials: true,
    },
    allowRequest: (req, callback) => {
      const verdict = deps.origins.classify(req.headers.origin, req.headers.host);
      if (verdict !== 'foreign' || deps.cluster.shared) {
        callback(null, true);
        return;
      }
      logger.info({ origin: req.headers.origin }, 'socket from another site refused');
      callback('requests from other sites are not accepted', false);
    },
  };
}

/** The /staff namespace signs in with the session cookie: only same-origin and configured pages. */
function staffOriginGuard(deps: SocketDeps, logger: Logger) {
  return (socket: { handshake: { headers: Record<string, string | string[] | undefined> } }, next: (err?: Error) => void): void => {
    const { origin, host } = socket.handshake.headers;
    const verdict = deps.origins.classify(typeof origin === 'string' ? origin : undefined, typeof host === 'string' ? host : undefined);
    if (verdict !== 'foreign') {
      next();
      return;
    }
    logger.info({ origin }, 'staff socket from another site refused');
    const error: Error & { data?: { code: string; message: string } } = new Error('PERMISSION_DENIED');
    error.data = { code: 'PERMISSION_DENIED', message: 'requests from other sites are not accepted' };
    next(error);
  };
}

export function attachSocketServer(http: HttpServer, deps: SocketDeps): AppServer {
  const logger = deps.logger.child({ component: 'socket' });
  const io: AppServer = new Server(http, {
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    serveClient: false,
    ...originOptions(deps, logger),
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  });
  // Registered before the namespace's own sign-in (socket/staffLive.ts), so it runs first.
  io.of(STAFF_NAMESPACE).use(staffOriginGuard(deps, logger));
  const removedLive = (meetingId: string, participantId: string) => deps.registry.find(meetingId)?.state.removed.includes(participantId) ?? false;
  io.use(authMiddleware(deps.tokens, deps.store, deps.cluster, logger, removedLive, deps.trustProxy));
  io.on('connection', (socket: AppSocket) => onConnection(socket, deps, logger));

  deps.sfu.on('consumerclosed', ({ meetingId, participantId, consumerId }) => {
    deps.registry.find(meetingId)?.notify(participantId, {
      type: 'notify', audience: { to: 'all' }, event: 'consumer.closed', payload: { consumerId },
    });
  });
  deps.sfu.on('medialost', ({ meetingId, reason }) => {
    deps.registry.find(meetingId)?.apply({ type: 'mediaLost', reason });
  });
  return io;
}

function onConnection(socket: AppSocket, deps: SocketDeps, logger: Logger): void {
  const { identity } = socket.data as SocketData;
  const log = logger.child({ meetingId: identity.meetingId, participantId: identity.participantId, socketId: socket.id });
  const session: Session = { socket, identity, registry: deps.registry, sfu: deps.sfu, turn: deps.turn, recordings: deps.recordings, cluster: deps.cluster };
  log.info({ role: identity.role }, 'socket connected');
  bindRequests(socket, session, handlers, log);
  socket.on('disconnect', (reason) => {
    log.info({ reason }, 'socket disconnected');
    if (!session.joined) return;
    session.joined.meeting.dropped(socket, identity.participantId);
    session.joined = undefined;
  });
}
