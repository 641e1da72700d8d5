// Attaches socket.io to the HTTP server: handshake auth, per-socket session, request binding,
// and the SFU's own events fed back into the meetings as commands or notifications.
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import type { Sfu } from '@common-ground/sfu-server';
import type { TokenService } from '../auth/tokens.ts';
import type { TurnConfig } from '../auth/turn.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { Logger } from '../logger.ts';
import type { AppServer, AppSocket } from '../meetings/liveMeeting.ts';
import type { MeetingRecordings } from '../meetings/recordings.ts';
import type { MeetingRegistry } from '../meetings/registry.ts';
import type { MeetingStore } from '../meetings/store.ts';
import { authMiddleware, type SocketData } from './auth.ts';
import { bindRequests } from './bind.ts';
import { handlers, type Session } from './handlers.ts';

export interface SocketDeps {
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

export function attachSocketServer(http: HttpServer, deps: SocketDeps): AppServer {
  const io: AppServer = new Server(http, { maxHttpBufferSize: MAX_MESSAGE_BYTES, serveClient: false, ...(deps.adapter ? { adapter: deps.adapter } : {}) });
  const logger = deps.logger.child({ component: 'socket' });
  io.use(authMiddleware(deps.tokens, deps.store, deps.cluster, logger));
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
