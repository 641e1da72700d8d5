// `npm start`: run Common Ground from environment configuration and print the demo links.
import { loadEnv, turnConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startServer } from './server.ts';

const env = loadEnv();
const logger = createLogger(env.LOG_LEVEL);

try {
  const server = await startServer({
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL,
    trustProxy: env.TRUST_PROXY,
    allowedOrigins: env.ALLOWED_ORIGINS,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    jwtSecret: env.JWT_SECRET,
    messages: { dir: env.MESSAGES_DIR, masterKey: env.MESSAGE_MASTER_KEY, maxBytes: env.MESSAGE_MAX_MB * 1024 * 1024, maxDurationSeconds: env.MESSAGE_MAX_MINUTES * 60 },
    clientDist: env.CLIENT_DIST,
    adminEmail: env.ADMIN_EMAIL,
    logger,
    turn: turnConfig(env),
    reconnectGraceMs: env.RECONNECT_GRACE_SECONDS * 1000,
    meetingIdleMs: env.MEETING_IDLE_SECONDS * 1000,
    cluster: env.REDIS_URL ? { redisUrl: env.REDIS_URL, namespace: env.CLUSTER_NAME, nodeId: env.NODE_ID, heartbeatMs: env.NODE_HEARTBEAT_MS } : undefined,
    sfu: {
      ...(env.MEDIASOUP_NUM_WORKERS ? { numWorkers: env.MEDIASOUP_NUM_WORKERS } : {}),
      listenIp: env.MEDIASOUP_LISTEN_IP,
      announcedIp: env.MEDIASOUP_ANNOUNCED_IP,
      rtcMinPort: env.RTC_MIN_PORT,
      rtcMaxPort: env.RTC_MAX_PORT,
    },
  });
  const demo = await server.demoMeeting();
  const lines = demo.participants.map((p) => `  ${p.displayName.padEnd(20)} ${p.link}`);
  const messages = demo.participants.filter((p) => p.role === 'party').map((p) => `  ${p.displayName.padEnd(20)} ${server.url}/messages#token=${p.token}`);
  process.stdout.write(
    `\nCommon Ground is running at ${server.url}\nDemo meeting "${demo.title}" join links (open each in its own browser window):\n${lines.join('\n')}\n` +
      `Recorded messages between meetings (demo case DEMO-1; staff review at ${server.url}/staff as the demo facilitator):\n${messages.join('\n')}\n\n`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  logger.fatal({ err }, 'Common Ground could not start');
  process.stderr.write(`\nCommon Ground could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
