// The express app with the /api router on a real database, listening on a random port: no SFU,
// no socket.io. Requests go through fetch, with the session cookie or join token set by hand.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { openDatabase, type Database } from '@common-ground/prisma';
import { createApi, createApp, SESSION_COOKIE, TokenService, type Api, type ApiLimits, type MessagingSettings } from '@common-ground/signalling';
import { type Backend, makeTarget, type Target } from './databases.ts';

export const SECRET = 'integration-test-secret-'.padEnd(48, 'x');
/** Generous limits so the matrix is not rate limited; tests of the limiter pass their own. */
export const TEST_LIMITS: ApiLimits = { loginMax: 10_000, invitationMax: 10_000, apiMax: 100_000 };

export interface ApiHarness {
  url: string;
  db: Database;
  api: Api;
  tokens: TokenService;
  target: Target;
  client(): HttpClient;
  /** Another app on the same database, e.g. with tight request limits; closed with the harness. */
  sibling(limits: ApiLimits): Promise<{ url: string; client(): HttpClient }>;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of many shapes
  text: string;
  headers: Headers;
}

/** A browser stand-in: keeps the staff session cookie it is given, or sends a join token. */
export class HttpClient {
  // Base URL of the server.
  readonly #base: string;
  // The cg_session cookie value, as the server last set it.
  cookie: string | undefined;
  // A join token sent as `Authorization: Bearer`.
  bearer: string | undefined;

  constructor(base: string) {
    this.#base = base;
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const res = await fetch(`${this.#base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: `${SESSION_COOKIE}=${this.cookie}` } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = (pair ?? '').split('=');
      if (name !== SESSION_COOKIE) continue;
      const cleared = value === '' || /expires=Thu, 01 Jan 1970/i.test(line);
      this.cookie = cleared ? undefined : value;
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    if (res.headers.get('content-type')?.includes('application/json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  get = (path: string) => this.call('GET', path);
  post = (path: string, body?: unknown) => this.call('POST', path, body ?? {});
  patch = (path: string, body: unknown) => this.call('PATCH', path, body);
  put = (path: string, body: unknown) => this.call('PUT', path, body);
}

export async function startApi(backend: Backend, limits: ApiLimits = TEST_LIMITS, opts: { messaging?: MessagingSettings } = {}): Promise<ApiHarness> {
  const target = await makeTarget(backend);
  const db = await openDatabase(target.options);
  const tokens = new TokenService(SECRET);
  const logger = pino({ level: 'silent' });
  const clientDist = path.join(target.dir, 'no-client');
  mkdirSync(clientDist, { recursive: true });
  const servers: http.Server[] = [];

  async function serve(appLimits: ApiLimits): Promise<{ url: string; api: Api }> {
    let url = '';
    const api = createApi({ prisma: db.prisma, tokens, logger, sessionSecret: SECRET, secureCookie: false, publicUrl: () => url, limits: appLimits, messaging: opts.messaging });
    const server = http.createServer(createApp({ clientDist, metrics: new Registry(), logger, api: api.router }));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, api };
  }

  const { url, api } = await serve(limits);
  return {
    url,
    db,
    api,
    tokens,
    target,
    client: () => new HttpClient(url),
    async sibling(siblingLimits) {
      const sibling = await serve(siblingLimits);
      return { url: sibling.url, client: () => new HttpClient(sibling.url) };
    },
    async close() {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await db.close();
      await target.dispose();
    },
  };
}

export interface StaffFixture {
  id: string;
  email: string;
  password: string;
}

let staffCounter = 0;

/** A staff account whose password is already changed (so it may use the API). */
export async function createStaff(h: ApiHarness, role: 'facilitator' | 'coordinator' | 'administrator', name = `${role} ${++staffCounter}`): Promise<StaffFixture> {
  const email = `${role}.${++staffCounter}.${Date.now()}@example.org`;
  const { staff, password } = await h.api.services.accounts.create({ email, displayName: name, role }, 'system');
  await h.db.prisma.staff.update({ where: { id: staff.id }, data: { mustChangePassword: false } });
  return { id: staff.id, email, password };
}

/** A client signed in as `staff`. */
export async function signIn(h: ApiHarness, staff: StaffFixture): Promise<HttpClient> {
  const client = h.client();
  const res = await client.post('/api/auth/login', { email: staff.email, password: staff.password });
  if (res.status !== 200 || !client.cookie) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
  return client;
}
