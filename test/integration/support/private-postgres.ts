// A PostgreSQL 15 server of the test's own, on a free port in a temp dir, that the test may stop
// and start again (the shared server on 5432 must never be stopped). postgres refuses to run as
// root, so initdb and pg_ctl run as the `postgres` user through runuser. Whatever happens, the
// server is stopped and its directory removed: by dispose() (afterAll), and failing that by an
// exit hook that SIGKILLs the postmaster so no test run leaves one behind.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PG_BIN = process.env['TEST_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
/** The shared server's port: never ours to start or stop. */
const SHARED_PORT = 5432;
/** pg_ctl's own wait limit (seconds) and ours around it (ms). */
const PG_CTL_WAIT_S = 30;
const COMMAND_TIMEOUT_MS = (PG_CTL_WAIT_S + 10) * 1000;

export interface PrivatePostgres {
  /** postgresql://postgres@127.0.0.1:<port>/postgres (trust authentication). */
  readonly url: string;
  readonly port: number;
  /** Whether the server is up, as far as start()/stop() know. */
  readonly running: boolean;
  /** Stops the server (`pg_ctl stop -m fast`: open sessions are ended, as in a real restart). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it if running (killing it if it will not stop) and removes its directory. Safe to call twice. */
  dispose(): Promise<void>;
  /** The server's log so far, for failure messages. */
  log(): string;
}

/** initdb + start; rejects (having cleaned up) if either fails. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const server = new Server();
  try {
    await server.init();
    await server.start();
  } catch (err) {
    await server.dispose();
    throw new Error(`private PostgreSQL did not start: ${(err as Error).message}\n${server.log()}`, { cause: err });
  }
  return server;
}

class Server implements PrivatePostgres {
  // Temp dir owned by postgres: data/, the socket and the log.
  readonly #dir: string;
  readonly #data: string;
  readonly #logFile: string;
  #port = 0;
  #running = false;
  #disposed = false;
  // Kills a postmaster still running when the process exits without dispose().
  readonly #onExit = () => this.#killLeftover();

  constructor() {
    this.#dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-private-pg-'));
    this.#data = path.join(this.#dir, 'data');
    this.#logFile = path.join(this.#dir, 'server.log');
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(this.#dir, uid, gid);
    process.once('exit', this.#onExit);
  }

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.#port}/postgres`;
  }

  get port(): number {
    return this.#port;
  }

  get running(): boolean {
    return this.#running;
  }

  async init(): Promise<void> {
    await asPostgres('initdb', ['-D', this.#data, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C', '--no-sync']);
  }

  async start(): Promise<void> {
    if (this.#running) return;
    // A free port, asked again if another process takes it between our probe and the bind.
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.#port === 0 || attempt > 0) this.#port = await freePort();
      try {
        await this.#pgCtl(['start', '-w', '-t', String(PG_CTL_WAIT_S), '-l', this.#logFile, '-o', this.#serverOptions()]);
        this.#running = true;
        return;
      } catch (err) {
        lastError = err;
        if (!/could not bind|Address already in use/i.test(this.log())) break;
      }
    }
    throw lastError;
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    await this.#pgCtl(['stop', '-w', '-t', String(PG_CTL_WAIT_S), '-m', 'fast']);
    this.#running = false;
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    try {
      if (fs.existsSync(path.join(this.#data, 'postmaster.pid'))) {
        await this.#pgCtl(['stop', '-w', '-t', '10', '-m', 'immediate']).catch(() => this.#killLeftover());
      }
    } finally {
      this.#running = false;
      this.#killLeftover();
      process.off('exit', this.#onExit);
      fs.rmSync(this.#dir, { recursive: true, force: true });
    }
  }

  log(): string {
    try {
      return fs.readFileSync(this.#logFile, 'utf8').slice(-4000);
    } catch {
      return '(no server log)';
    }
  }

  /** Listens on loopback only, with its socket in our dir (not /var/run/postgresql), no fsync. */
  #serverOptions(): string {
    if (this.#port === SHARED_PORT) throw new Error('refusing to run a private server on the shared port');
    return `-p ${this.#port} -k ${this.#dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=40`;
  }

  #pgCtl(args: string[]): Promise<void> {
    return asPostgres('pg_ctl', ['-D', this.#data, ...args]);
  }

  /** SIGKILLs the postmaster named in postmaster.pid, if it is still alive (synchronous: runs at exit). */
  #killLeftover(): void {
    let pid: number;
    try {
      pid = Number(fs.readFileSync(path.join(this.#data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return; // not running: no pid file
    }
    if (!Number.isSafeInteger(pid) || pid <= 1) return;
    try {
      process.kill(pid, 'SIGKILL');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
}

/** Runs one of PG_BIN's tools as the postgres user; rejects with its output on failure or timeout. */
async function asPostgres(tool: string, args: string[]): Promise<void> {
  try {
    await run('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, tool), ...args], { timeout: COMMAND_TIMEOUT_MS, killSignal: 'SIGKILL', cwd: os.tmpdir() });
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`${tool} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`.trim(), { cause: err });
  }
}

/** A port nothing listens on right now (the kernel's choice). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
