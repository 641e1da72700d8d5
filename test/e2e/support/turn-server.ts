// A private coturn (Debian package `coturn`) for one test file: UDP only on 127.0.0.1, the TURN
// REST-API credentials the app derives (use-auth-secret), loopback peers allowed because the SFU
// is on 127.0.0.1, and everything it writes (log, pid file, user database) in a temp directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const TURNSERVER_PATH = process.env['TURNSERVER_PATH'] ?? '/usr/bin/turnserver';

export interface TurnServer {
  host: string;
  port: number;
  /** coturn's static-auth-secret: the app's TURN_SECRET. */
  secret: string;
  /** What coturn logged so far, for failure messages. */
  log(): string;
  close(): Promise<void>;
}

/** A free UDP port on 127.0.0.1 (free when asked: coturn binds it right after). */
async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** True when a STUN Binding request to the port is answered (coturn is listening). */
async function answersStun(port: number, timeoutMs: number): Promise<boolean> {
  const socket = dgram.createSocket('udp4');
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0); // Binding request, no attributes
  request.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(request, 8);
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      socket.on('error', () => undefined); // ICMP port unreachable before coturn binds: just not yet
      socket.on('message', (answer) => {
        if (answer.length >= 20 && answer.readUInt16BE(0) === 0x0101 && answer.subarray(8, 20).equals(request.subarray(8, 20))) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      socket.send(request, port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

/** Starts coturn with relay ports in `relayPorts` and resolves once it answers STUN. */
export async function startTurnServer(relayPorts: [number, number]): Promise<TurnServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-turn-'));
  const port = await freeUdpPort();
  const secret = randomBytes(24).toString('hex');
  const logFile = path.join(dir, 'turn.log');
  const args = [
    '-n', // no configuration file: everything is on this command line
    '--listening-ip=127.0.0.1',
    '--relay-ip=127.0.0.1',
    `--listening-port=${port}`,
    `--min-port=${relayPorts[0]}`,
    `--max-port=${relayPorts[1]}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    '--realm=common-ground.test',
    '--allow-loopback-peers', // the SFU listens on 127.0.0.1
    '--no-tcp',
    '--no-tls',
    '--no-dtls',
    '--no-tcp-relay',
    '--no-cli',
    '--no-rfc5780',
    '--no-software-attribute',
    '--fingerprint',
    `--log-file=${logFile}`,
    '--simple-log',
    '--no-stdout-log',
    `--pidfile=${path.join(dir, 'turnserver.pid')}`,
    `--userdb=${path.join(dir, 'turndb')}`,
  ];
  const child: ChildProcess = spawn(TURNSERVER_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const log = (): string => `${fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''}${stderr}`;
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killTimer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 20_000;
  for (;;) {
    const failed = await Promise.race([spawnError, exited.then(() => new Error('coturn exited')), answersStun(port, 250)]);
    if (failed === true) break;
    if (failed instanceof Error || Date.now() > deadline) {
      const why = failed instanceof Error ? failed.message : 'no STUN answer within 20 s';
      const output = log();
      await close();
      throw new Error(`coturn (${TURNSERVER_PATH}) did not start: ${why}. Debian: apt-get install coturn.\n${output}`);
    }
  }
  return { host: '127.0.0.1', port, secret, log, close };
}
