// Configuration from environment variables, validated with zod. Every variable has a default
// that runs the whole service on one machine with the embedded database.
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

export const EnvSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  /**
   * Which proxies in front of us may say who the client is (X-Forwarded-For), as express's "trust
   * proxy": "loopback" (a proxy on this machine), addresses or subnets ("loopback, 172.16.0.0/12"
   * for a proxy on a Docker bridge), a hop count, or "false". Rate limits count per client address,
   * so behind a proxy that is not trusted everyone shares one budget.
   */
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .transform((v): string | number | false => (v.trim() === 'false' ? false : /^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim())),
  /** The URL people open; used in join links. Defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  /**
   * Other browser origins allowed to call the API and open sockets, comma-separated (e.g. the Vite
   * dev server, "http://localhost:5173"). Unset: same origin (and PUBLIC_URL) only.
   */
  ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ }).refine((u) => new URL(u).origin === u.replace(/\/$/, ''), 'an origin: scheme://host[:port], no path'))),
  /** A PostgreSQL URL; when unset the embedded PGlite database in DATA_DIR is used. */
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  /** HS256 secret for join tokens; when unset one is generated into DATA_DIR on first start. */
  JWT_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  MEDIASOUP_NUM_WORKERS: z.coerce.number().int().min(1).optional(),
  MEDIASOUP_LISTEN_IP: z.string().default('127.0.0.1'),
  MEDIASOUP_ANNOUNCED_IP: z.string().optional(),
  RTC_MIN_PORT: port.default(40000),
  RTC_MAX_PORT: port.default(40999),
  /** Comma-separated TURN URLs, e.g. "turn:turn.example.org:3478?transport=udp,turns:turn.example.org:443?transport=tcp". */
  TURN_URLS: z.string().optional(),
  /** coturn's static-auth-secret; browsers get short-lived HMAC credentials derived from it. */
  TURN_SECRET: z.string().min(16).optional(),
  /** Lifetime of TURN credentials, in seconds: short (at most a day); each transport gets fresh ones. */
  TURN_CREDENTIAL_TTL: z.coerce.number().int().min(60).max(24 * 3600).default(12 * 3600),
  /** "true": browsers use only the TURN relays (iceTransportPolicy 'relay'), so the SFU never sees their own addresses. */
  TURN_RELAY_ONLY: z.stringbool().default(false),
  /** How long someone whose connection dropped keeps their place in their room. */
  RECONNECT_GRACE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Where the built client lives. */
  CLIENT_DIST: z.string().optional(),
  /** base64 of 32 bytes: master key for message files at rest (per-case keys derive from it); generated into DATA_DIR when unset. */
  MESSAGE_MASTER_KEY: z.string().optional(),
  /** Where encrypted message files and unfinished uploads live (default DATA_DIR/messages). */
  MESSAGES_DIR: z.string().optional(),
  /** Largest message file accepted, in MB. */
  MESSAGE_MAX_MB: z.coerce.number().int().min(1).default(2048),
  /** Longest message recording accepted, in minutes (never below 30). */
  MESSAGE_MAX_MINUTES: z.coerce.number().int().min(30).default(60),
  /** Several nodes: the Redis they share (with PostgreSQL). Unset: this node runs on its own. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional(),
  /** Prefix of the cluster's Redis keys: nodes of one deployment share it; another deployment on the same Redis uses its own. */
  CLUSTER_NAME: z.string().regex(/^[A-Za-z0-9._-]{1,32}$/).default('cg'),
  /** This node's name in the cluster (default: host name plus a random suffix). */
  NODE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
  /** How often a node refreshes its registration; it counts as gone after three missed beats. */
  NODE_HEARTBEAT_MS: z.coerce.number().int().min(200).max(60_000).default(2_000),
  /** How long a meeting nobody is in keeps its rooms and router before it is unloaded. */
  MEETING_IDLE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Email of the administrator created (with a generated password, logged once) on a first start with no staff. */
  ADMIN_EMAIL: z.email().optional(),
});
export type Env = z.infer<typeof EnvSchema>;

export function loadEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** TURN settings, when both TURN_URLS and TURN_SECRET are set. */
export function turnConfig(env: Env): { urls: string[]; secret: string; ttlSeconds: number; relayOnly: boolean } | undefined {
  if (!env.TURN_URLS || !env.TURN_SECRET) return undefined;
  const urls = env.TURN_URLS.split(',').map((u) => u.trim()).filter(Boolean);
  return { urls, secret: env.TURN_SECRET, ttlSeconds: env.TURN_CREDENTIAL_TTL, relayOnly: env.TURN_RELAY_ONLY };
}
