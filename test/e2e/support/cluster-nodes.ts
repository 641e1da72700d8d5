// Common Ground nodes as separate processes (`node signalling/src/main.ts`, as `npm start` runs
// it), configured as one cluster through the environment: the real Redis, one PostgreSQL
// database, shared secrets. A node can be killed outright (SIGKILL), as a crash would.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface ClusterSettings {
  namespace: string;
  databaseUrl: string;
  redisUrl: string;
  jwtSecret: string;
  masterKey: string;
}

export function clusterSettings(databaseUrl: string): ClusterSettings {
  return {
    namespace: `cge2e-${randomBytes(4).toString('hex')}`,
    databaseUrl,
    redisUrl: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    jwtSecret: randomBytes(32).toString('hex'),
    masterKey: randomBytes(32).toString('base64'),
  };
}

export interface NodeProcess {
  id: string;
  url: string;
  /** Join links the node printed for the demo meeting, by display name. */
  demoLinks: Record<string, string>;
  /** Everything it wrote, for failure messages. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface NodeOptions {
  /** Listen here (a restarted node keeps its URL); default: a free port. */
  port?: number;
  /** Keep files (uploads, keys) here across restarts; the caller removes it. Default: a temp dir removed on exit. */
  dataDir?: string;
  /** One node on its own: no Redis, no cluster. */
  standalone?: boolean;
}

/** Starts a node and resolves once it printed its demo links (it is listening and registered). */
export async function startNode(id: string, settings: ClusterSettings, rtcPorts: [number, number], options: NodeOptions = {}): Promise<NodeProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `cg-${id}-`));
  const { REDIS_URL: _redis, ...inherited } = process.env;
  const cluster = options.standalone ? {} : { REDIS_URL: settings.redisUrl, CLUSTER_NAME: settings.namespace, NODE_ID: id, NODE_HEARTBEAT_MS: '500' };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'signalling/src/main.ts'], {
    cwd: root,
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATA_DIR: dataDir,
      DATABASE_URL: settings.databaseUrl,
      ...cluster,
      JWT_SECRET: settings.jwtSecret,
      MESSAGE_MASTER_KEY: settings.masterKey,
      MEDIASOUP_NUM_WORKERS: '1',
      MEDIASOUP_LISTEN_IP: '127.0.0.1',
      RTC_MIN_PORT: String(rtcPorts[0]),
      RTC_MAX_PORT: String(rtcPorts[1]),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (!options.dataDir) exited.then(() => fs.rmSync(dataDir, { recursive: true, force: true }), () => undefined);

  const deadline = Date.now() + 60_000;
  while (!output.includes('Recorded messages between meetings')) {
    if (child.exitCode !== null) throw new Error(`node ${id} exited while starting:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`node ${id} did not start within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const demoLinks: Record<string, string> = {};
  for (const match of output.matchAll(/^ {2}(.+?)\s+(http\S+\/join#token=\S+)$/gm)) demoLinks[match[1]!.trim()] = match[2]!;
  return { id, url, demoLinks, output: () => output, exited, kill: (signal) => child.kill(signal) };
}
