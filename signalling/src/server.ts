// Composition root: opens the database, starts the SFU, and serves HTTP and socket.io.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { openDatabase, type Database } from '@common-ground/prisma';
import { Sfu, type SfuConfig } from '@common-ground/sfu-server';
import { OriginPolicy } from './auth/origins.ts';
import { loadOrCreateSecrets } from './auth/secrets.ts';
import { TokenService } from './auth/tokens.ts';
import { SingleNode, type Cluster } from './cluster/cluster.ts';
import { RedisCluster } from './cluster/redisCluster.ts';
import { socketAdapter, type SocketAdapter } from './cluster/socketAdapter.ts';
import type { TurnConfig } from './auth/turn.ts';
import { createApi, type ApiLimits } from './http/api/index.ts';
import type { NewStaff } from './staff/accounts.ts';
import type { Messaging } from './messages/index.ts';
import { createApp } from './http/app.ts';
import { createMetrics } from './http/metrics.ts';
import { withRevocationSync } from './http/revocations.ts';
import { createLogger, type Logger } from './logger.ts';
import { Invitations, type CreatedMeeting } from './meetings/invitations.ts';
import type { MeetingMediaPort } from './meetings/liveMeeting.ts';
import { ensureDemoCase } from './meetings/demoCase.ts';
import { MeetingRecordings } from './meetings/recordings.ts';
import { MeetingRegistry } from './meetings/registry.ts';
import { MeetingStore, type NewParticipant } from './meetings/store.ts';
import type { TrustProxy } from './socket/auth.ts';
import { attachSocketServer } from './socket/server.ts';
import { attachStaffLive, type StaffLive } from './socket/staffLive.ts';
import { ensureFirstAdministrator } from './staff/first-admin.ts';
import { secureCookies } from './staff/sessions.ts';

export interface ServerOptions {
  port?: number;
  host?: string;
  publicUrl?: string | undefined;
  /** Proxies trusted to name the client (express "trust proxy"; TRUST_PROXY). Default: loopback. */
  trustProxy?: string | number | false | undefined;
  /** Other browser origins allowed to call the API and open sockets (ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[] | undefined;
  databaseUrl?: string | undefined;
  dataDir?: string;
  jwtSecret?: string | undefined;
  clientDist?: string | undefined;
  logLevel?: string;
  logger?: Logger;
  sfu?: Partial<SfuConfig>;
  /** TURN relays for restrictive networks (coturn with use-auth-secret). */
  turn?: TurnConfig | undefined;
  /** Lifetime of dev join links. */
  linkTtlSeconds?: number;
  /** How long a dropped participant keeps their place (default 60 s). */
  reconnectGraceMs?: number;
  /** Email of the administrator created on a first start with no staff (ADMIN_EMAIL). */
  adminEmail?: string | undefined;
  /** Per-address request limits of the /api routes. */
  apiLimits?: ApiLimits | undefined;
  /** Message files: directory (default DATA_DIR/messages), master key (base64; generated when unset), limits. */
  messages?: { dir?: string | undefined; masterKey?: string | undefined; maxBytes?: number | undefined; maxDurationSeconds?: number | undefined };
  /** Several nodes sharing Redis (and PostgreSQL): meetings are pinned to nodes, clients sent to the right one. */
  cluster?: { redisUrl: string; namespace?: string | undefined; nodeId?: string | undefined; heartbeatMs?: number | undefined } | undefined;
  /** How long a meeting with nobody in it keeps its room state and router (default 60 s). */
  meetingIdleMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  sfu: Sfu;
  tokens: TokenService;
  /** This node's place among several (SingleNode when alone). */
  cluster: Cluster;
  registry: MeetingRegistry;
  logger: Logger;
  /** Recorded messages: consent, review, uploads, retention (tests drive the retention sweep). */
  messaging: Messaging;
  createMeeting(input: { title: string; participants: NewParticipant[] }): Promise<CreatedMeeting>;
  demoMeeting(): Promise<CreatedMeeting>;
  /** Creates a staff account with a generated password (which must be changed at first sign-in). */
  createStaff(input: NewStaff): Promise<{ email: string; password: string }>;
  close(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_CLIENT_DIST = path.resolve(here, '../../client/dist');

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(opts.logLevel ?? 'info');
  const dataDir = path.resolve(opts.dataDir ?? './data');
  const db = await openDatabase({ databaseUrl: opts.databaseUrl, dataDir: path.join(dataDir, 'pglite'), logger });
  let sfu: Sfu | undefined;
  let cluster: Cluster | undefined;
  let adapter: SocketAdapter | undefined;
  try {
    if (opts.cluster && (!opts.jwtSecret || !opts.messages?.masterKey)) {
      throw new Error('several nodes (REDIS_URL) need JWT_SECRET and MESSAGE_MASTER_KEY set, the same on every node');
    }
    sfu = await Sfu.create(opts.sfu ?? {}, logger.child({ component: 'sfu' }));
    const { jwtSecret, masterKey } = loadOrCreateSecrets(dataDir, { jwtSecret: opts.jwtSecret, masterKey: opts.messages?.masterKey });
    const tokens = new TokenService(jwtSecret);
    const store = new MeetingStore(db);
    const liveSfu = sfu;
    // The recorder needs the messages service (built with the API below); the room layer reaches it lazily.
    let recordings: MeetingRecordings | undefined;
    // Live head counts for case pages (the /staff namespace, attached with socket.io below).
    let staffLive: StaffLive | undefined;
    const registry: MeetingRegistry = new MeetingRegistry(store, mediaPort(liveSfu, () => recordings), logger, opts.reconnectGraceMs ?? 60_000, {
      idleMs: opts.meetingIdleMs,
      presence: (meetingId, presence) => staffLive?.publish(meetingId, presence),
      unloaded: (meetingId, reason) => {
        if (reason === 'moved') staffLive?.forget(meetingId); // its new home publishes from now on
        liveSfu.closeMeeting(meetingId);
        if (reason !== 'moved') liveCluster.release(meetingId).catch((err: unknown) => logger.warn({ err, meetingId }, 'could not release the meeting in the cluster'));
      },
    });
    const liveCluster: Cluster = opts.cluster
      ? await RedisCluster.connect({
          redisUrl: opts.cluster.redisUrl,
          namespace: opts.cluster.namespace ?? 'cg',
          nodeId: opts.cluster.nodeId ?? `${os.hostname()}-${randomUUID().slice(0, 8)}`,
          heartbeatMs: opts.cluster.heartbeatMs ?? 2_000,
          host: { load: () => ({ ...registry.load, workers: Math.max(1, liveSfu.workerPids.length) }), hostedMeetings: () => registry.all.map((m) => m.meetingId) },
          logger,
        })
      : new SingleNode(os.hostname());
    cluster = liveCluster;
    liveCluster.onMeetingLost((meetingId) => registry.handOver(meetingId));
    if (opts.cluster) adapter = await socketAdapter(opts.cluster.redisUrl, opts.cluster.namespace ?? 'cg', logger);
    // Staff sessions share the JWT secret under their own audience. `url` is read per request (set once listening).
    const secureCookie = secureCookies(opts.publicUrl, opts.host);
    if (!secureCookie) logger.warn({ publicUrl: opts.publicUrl, host: opts.host }, 'plain http on an address that is not this machine: cookies cannot be Secure, so browsers would drop them; serve https (PUBLIC_URL)');
    const origins = new OriginPolicy({ publicUrl: opts.publicUrl, allowed: opts.allowedOrigins });
    const api = createApi({ prisma: db.prisma, tokens, logger, sessionSecret: jwtSecret, secureCookie, publicUrl: () => url, limits: opts.apiLimits,
      messaging: { dir: path.resolve(opts.messages?.dir ?? path.join(dataDir, 'messages')), masterKey, maxBytes: opts.messages?.maxBytes, maxDurationSeconds: opts.messages?.maxDurationSeconds } });
    api.services.messaging.retention.start();
    const messagesDir = path.resolve(opts.messages?.dir ?? path.join(dataDir, 'messages'));
    const liveRecordings = new MeetingRecordings({
      sfu: liveSfu,
      port: api.services.messaging.live,
      tmpDir: path.join(messagesDir, 'tmp'),
      logger: logger.child({ component: 'recorder' }),
      maxDurationMs: api.services.messaging.limits.maxDurationSeconds * 1000,
    });
    recordings = liveRecordings;
    await ensureFirstAdministrator(api.services.accounts, logger, opts.adminEmail);
    const app = createApp({ origins, trustProxy: opts.trustProxy, clientDist: opts.clientDist ?? DEFAULT_CLIENT_DIST, metrics: createMetrics(registry, () => liveSfu.routersPerWorker), logger, api: withRevocationSync(api.router, () => registry.syncRevocations(), logger) });
    const httpServer = http.createServer(app);
    const io = attachSocketServer(httpServer, { origins, trustProxy: app.get('trust proxy fn') as TrustProxy, tokens, store, registry, sfu, turn: opts.turn, logger, recordings: liveRecordings, cluster: liveCluster, adapter: adapter?.adapter });
    staffLive = attachStaffLive(io, { services: api.services, logger });
    await listen(httpServer, opts.port ?? 3000, opts.host ?? '0.0.0.0');
    const port = (httpServer.address() as AddressInfo).port;
    const url = opts.publicUrl ?? `http://${opts.host && opts.host !== '0.0.0.0' ? opts.host : 'localhost'}:${port}`;
    await liveCluster.start(url);
    const invitations = new Invitations(store, tokens, url, opts.linkTtlSeconds ?? 7 * 24 * 3600);
    logger.info({ url, database: db.kind, workers: sfu.workerPids.length }, 'Common Ground is listening');
    return {
      url,
      port,
      db,
      sfu,
      tokens,
      cluster: liveCluster,
      registry,
      logger,
      messaging: api.services.messaging,
      createMeeting: ({ title, participants }) => invitations.createMeeting(title, participants),
      async demoMeeting() {
        const demo = await invitations.demoMeeting();
        await ensureDemoCase(db.prisma, api.services, demo.meetingId, logger);
        return demo;
      },
      async createStaff(input) {
        const { staff, password } = await api.services.accounts.create(input, 'system');
        return { email: staff.email, password };
      },
      async close() {
        // Leave the cluster first (other nodes may take our meetings at once), then sockets (people
        // keep their places for the reconnect grace), then pending writes, then media and data.
        await liveCluster.close().catch((err: unknown) => logger.warn({ err }, 'could not leave the cluster cleanly'));
        staffLive?.close();
        // Drop connections at the transport level, not with a "server disconnect": clients treat
        // this as a lost connection and come back (to this node restarted, or another one), into
        // the rooms the placement snapshot holds for them.
        for (const socket of io.of('/').sockets.values()) socket.conn.close();
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await adapter?.close();
        await liveRecordings.close();
        await registry.drain();
        api.services.messaging.retention.stop();
        await api.services.messaging.uploads.drain();
        liveSfu.close();
        await db.close();
      },
    };
  } catch (err) {
    sfu?.close();
    await cluster?.close().catch(() => undefined);
    await adapter?.close();
    await db.close();
    throw err;
  }
}

/** The room layer's view of the SFU: only meetings that already have media are touched. */
function mediaPort(sfu: Sfu, recordings: () => MeetingRecordings | undefined): MeetingMediaPort {
  return {
    closePeer: (meetingId, participantId) => sfu.existingMeeting(meetingId)?.closePeer(participantId),
    setProducerPaused: async (meetingId, participantId, producerId, paused) => {
      await sfu.existingMeeting(meetingId)?.setProducerPaused(participantId, producerId, paused);
    },
    closeProducer: (meetingId, participantId, producerId) => {
      sfu.existingMeeting(meetingId)?.closeProducerIfOpen(participantId, producerId);
    },
    enforce: (meetingId, policy) => sfu.existingMeeting(meetingId)?.enforce(policy) ?? [],
    stopRecording: (meetingId, participantId, reason, actorId) => recordings()?.stop(meetingId, participantId, reason, actorId),
  };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
