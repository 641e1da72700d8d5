// Web hardening of the whole server (startServer, a client build stand-in, ALLOWED_ORIGINS set):
// security headers on every kind of response, CORS and the origin check (HTTP and socket.io),
// cookie attributes, request size limits, uploads judged by content, error bodies that give
// nothing away, and secrets that come only from configuration.
//
// Already proven elsewhere, not repeated here: an upload over MESSAGE_MAX_MB is refused at creation
// with 413 (messages-api.test.ts); a phone video's metadata is stripped (messages-api.test.ts);
// the session cookie is renewed and its JWT checked (cases-staff.test.ts, security-tokens.test.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import { loadOrCreateSecrets } from '../../signalling/src/auth/secrets.ts';
import { loadEnv } from '../../signalling/src/config.ts';
import { secureCookies } from '../../signalling/src/staff/sessions.ts';
import { makeMedia, videoArgs } from './support/messages.ts';
import { AddressedClient, freshAddress, openCase, redeem, signedInFacilitator, startSecurityServer, type SecurityServer } from './support/security-server.ts';
import { fakeExecutable, sendFile } from './support/security-uploads.ts';
import { connect, connected, request, type TestSocket } from './support/socket-client.ts';

const SLOW = 120_000;
const FRIEND = 'https://staff.example.org';
const FOREIGN = 'https://evil.example';

let h: SecurityServer;
let dir: string;
const sockets: { disconnect(): unknown }[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-security-web-'));
  const clientDist = path.join(dir, 'dist');
  fs.mkdirSync(path.join(clientDist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(clientDist, 'index.html'), '<!doctype html><title>Common Ground</title><script type="module" src="/assets/app.js"></script>');
  fs.writeFileSync(path.join(clientDist, 'assets', 'app.js'), 'console.log("hello")\n');
  h = await startSecurityServer({ clientDist, allowedOrigins: [FRIEND] });
}, SLOW);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await h?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const get = (p: string, headers: Record<string, string> = {}) => fetch(`${h.server.url}${p}`, { headers: { 'x-forwarded-for': freshAddress(), ...headers } });

/** A demo join token (no case needed for socket checks). */
async function joinToken(): Promise<string> {
  const m = await h.server.createMeeting({ title: 'Origins', participants: [{ displayName: 'Fran', role: 'facilitator' }] });
  return m.participants[0]!.token;
}

/** Opens a socket (main namespace or /staff) with `headers`; resolves 'connected' or the refusal's message. */
async function socketOutcome(namespace: '' | '/staff', auth: Record<string, unknown>, headers: Record<string, string>): Promise<string> {
  const socket = ioClient(`${h.server.url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers });
  sockets.push(socket);
  const outcome = await new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err) => resolve(`refused: ${err.message}`));
  });
  socket.disconnect();
  return outcome;
}

describe('security headers', () => {
  it('every kind of response carries helmet\u2019s headers: a CSP that forbids framing and foreign scripts, nosniff, no referrer, HSTS', async () => {
    const pages = ['/', '/i/abcdefghijklmnopqrstuvwx', '/staff/cases', '/assets/app.js', '/healthz', '/api/auth/me', '/api/consent-texts', '/nowhere', '/api/nowhere'];
    for (const page of pages) {
      const res = await get(page);
      const hd = (name: string) => res.headers.get(name);
      const csp = hd('content-security-policy') ?? '';
      expect([page, csp]).toEqual([page, expect.stringContaining("default-src 'self'")]);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'[^;]*;/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("object-src 'none'");
      expect([page, hd('x-content-type-options'), hd('x-frame-options'), hd('referrer-policy'), hd('cross-origin-opener-policy')]).toEqual([page, 'nosniff', 'DENY', 'no-referrer', 'same-origin']);
      expect(Number(/max-age=(\d+)/.exec(hd('strict-transport-security') ?? '')?.[1])).toBeGreaterThanOrEqual(180 * 24 * 3600);
      expect(hd('x-powered-by')).toBeNull();
    }
    // Pages and API answers are never cached; the client's HTML is served as HTML.
    expect((await get('/')).headers.get('cache-control')).toBe('no-store');
    expect((await get('/api/consent-texts')).headers.get('cache-control')).toBe('no-store');
    expect((await get('/')).headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('CORS and the origin check', () => {
  it('the API answers the configured origin with CORS headers and refuses a foreign one outright', async () => {
    const foreign = await get('/api/consent-texts', { origin: FOREIGN });
    expect([foreign.status, ((await foreign.json()) as { error: { code: string } }).error.code]).toEqual([403, 'PERMISSION_DENIED']);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const friend = await get('/api/consent-texts', { origin: FRIEND });
    expect(friend.status).toBe(200);
    expect([friend.headers.get('access-control-allow-origin'), friend.headers.get('access-control-allow-credentials')]).toEqual([FRIEND, 'true']);
    expect(friend.headers.get('vary')).toMatch(/origin/i);
    // Same origin (a browser on the server's own URL) and tools without an Origin pass without CORS headers.
    for (const headers of [{ origin: h.server.url }, {}] as Record<string, string>[]) {
      const res = await get('/api/consent-texts', headers);
      expect([res.status, res.headers.get('access-control-allow-origin')]).toEqual([200, null]);
    }
    // Sandboxed frames and file: pages say "null": foreign.
    expect((await get('/api/consent-texts', { origin: 'null' })).status).toBe(403);
  });

  it('preflights: answered for the configured origin, refused for a foreign one, including the upload endpoint', async () => {
    const preflight = (p: string, origin: string) =>
      fetch(`${h.server.url}${p}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, tus-resumable' } });
    for (const p of ['/api/auth/login', '/api/uploads']) {
      const ok = await preflight(p, FRIEND);
      expect([p, ok.status, ok.headers.get('access-control-allow-origin')]).toEqual([p, 204, FRIEND]);
      expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
      const no = await preflight(p, FOREIGN);
      expect([p, no.status, no.headers.get('access-control-allow-origin')]).toEqual([p, 403, null]);
    }
    // A foreign page cannot even try a password (no sign-in attempt is made or counted).
    const login = await fetch(`${h.server.url}/api/auth/login`, { method: 'POST', headers: { origin: FOREIGN, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@example.org', password: 'x' }) });
    expect(login.status).toBe(403);
  });

  it('socket.io: a foreign page\u2019s socket is refused (websocket and polling); same-origin, configured and tool sockets connect', async () => {
    const token = await joinToken();
    expect(await socketOutcome('', { token }, { origin: FOREIGN })).toMatch(/^refused/);
    expect(await socketOutcome('', { token }, { origin: FRIEND })).toBe('connected');
    expect(await socketOutcome('', { token }, { origin: h.server.url })).toBe('connected');
    expect(await socketOutcome('', { token }, {})).toBe('connected');

    const poll = (origin?: string) => fetch(`${h.server.url}/socket.io/?EIO=4&transport=polling`, { headers: origin ? { origin } : {} });
    const foreign = await poll(FOREIGN);
    expect([foreign.status, foreign.headers.get('access-control-allow-origin')]).toEqual([403, null]);
    const friend = await poll(FRIEND);
    expect([friend.status, friend.headers.get('access-control-allow-origin')]).toEqual([200, FRIEND]);
    expect((await poll()).status).toBe(200);
  });
});

describe('the origin check with several nodes', () => {
  let node: SecurityServer | undefined;

  afterAll(async () => {
    await node?.close();
  });

  it('a page from another node may open a meeting socket (clients are sent between nodes), but never a cookie-signed /staff socket', async () => {
    node = await startSecurityServer({
      cluster: { redisUrl: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379', namespace: `cgsec-${randomBytes(4).toString('hex')}`, nodeId: 'security-a', heartbeatMs: 500 },
      messages: { masterKey: randomBytes(32).toString('base64') },
    });
    const server = node.server;
    const otherNode = 'http://127.0.0.1:1';
    const { participants } = await server.createMeeting({ title: 'Nodes', participants: [{ displayName: 'Fran', role: 'facilitator' }] });
    const fran = await signedInFacilitator(server);
    const outcome = async (namespace: '' | '/staff', auth: Record<string, unknown>, headers: Record<string, string>) => {
      const socket = ioClient(`${server.url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers });
      sockets.push(socket);
      const result = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (err) => resolve(`refused: ${err.message}`));
      });
      socket.disconnect();
      return result;
    };
    expect(await outcome('', { token: participants[0]!.token }, { origin: otherNode })).toBe('connected');
    const cookie = `cg_session=${fran.client.cookie}`;
    expect(await outcome('/staff', {}, { origin: otherNode, cookie })).toBe('refused: PERMISSION_DENIED');
    expect(await outcome('/staff', {}, { origin: server.url, cookie })).toBe('connected');
    // The HTTP API stays same-origin (a page only ever calls its own node's API).
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { origin: otherNode, cookie } })).status).toBe(403);
  }, SLOW);
});

describe('cookies', () => {
  it('the staff session cookie is HttpOnly, Secure and SameSite=Strict, and signing out clears it the same way', async () => {
    const fran = await signedInFacilitator(h.server);
    const res = await fetch(`${h.server.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': freshAddress() }, body: JSON.stringify({ email: fran.email, password: fran.password }),
    });
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^cg_session=[\w-]+\.[\w-]+\.[\w-]+;/);
    const attributes = (cookie ?? '').split(';').slice(1).map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/', 'max-age=1800']));
    const out = await fetch(`${h.server.url}/api/auth/logout`, { method: 'POST', headers: { cookie: (cookie ?? '').split(';')[0] ?? '' } });
    const [cleared] = out.headers.getSetCookie();
    expect(cleared?.toLowerCase()).toMatch(/^cg_session=;.*expires=thu, 01 jan 1970/);
    expect(cleared?.toLowerCase()).toEqual(expect.stringContaining('httponly'));
    expect(cleared?.toLowerCase()).toEqual(expect.stringContaining('secure'));
  });

  it('Secure is dropped only for plain http on an address that is not this machine (browsers would drop the cookie there)', () => {
    const cases: [string | undefined, string | undefined, boolean][] = [
      ['https://meet.example.org', undefined, true],
      ['http://localhost:3000', undefined, true],
      ['http://127.0.0.1:3000', undefined, true],
      [undefined, '0.0.0.0', true],
      [undefined, '127.0.0.1', true],
      [undefined, undefined, true],
      ['http://192.168.1.20:3000', undefined, false],
      [undefined, '192.168.1.20', false],
    ];
    expect(cases.map(([url, host]) => secureCookies(url, host))).toEqual(cases.map(([, , secure]) => secure));
  });
});

describe('request size limits', () => {
  it('a JSON body over 64 kB is refused with a typed 413 before any route runs; a field over its own limit is a 400', async () => {
    const client = new AddressedClient(h.server.url, freshAddress());
    const huge = await client.post('/api/auth/login', { email: 'a@example.org', password: 'x'.repeat(70 * 1024) });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'TOO_LARGE']);
    const long = await client.post('/api/auth/login', { email: 'a@example.org', password: 'x'.repeat(201) });
    expect([long.status, long.body.error.code]).toEqual([400, 'BAD_REQUEST']);
    // Headers are bounded by Node (16 kB): 431, nothing reaches the app.
    expect((await get('/api/consent-texts', { 'x-padding': 'y'.repeat(20 * 1024) })).status).toBe(431);
  });

  it('a socket message over 256 kB closes that connection; the server goes on serving', async () => {
    const token = await joinToken();
    const socket = connect(h.server.url, { token });
    sockets.push(socket);
    await connected(socket);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    (socket.emit as unknown as (event: string, payload: unknown) => void).call(socket, 'chat.send', { roomId: null, text: 'z'.repeat(300 * 1024) });
    expect(await closed).toBe('transport close');
    const again: TestSocket = connect(h.server.url, { token });
    sockets.push(again);
    await connected(again);
    expect((await request(again, 'meeting.rtpCapabilities', {})).ok).toBe(true);
  });
});

describe('uploads are judged by their content, not their name or claimed type', () => {
  it('a text file named .webm and a Windows program named .mp4 are refused as NOT_MEDIA; sound-only for a video message is WRONG_KIND; a real video named .txt is accepted', async () => {
    const fran = await signedInFacilitator(h.server);
    const c = await openCase(fran);
    const party = new AddressedClient(h.server.url, freshAddress());
    party.bearer = await redeem(h.server, c.harmed);

    const text = path.join(dir, 'holiday.webm');
    fs.writeFileSync(text, 'this is not a video at all\n'.repeat(400));
    const program = fakeExecutable(path.join(dir, 'clip.mp4'));
    const sound = makeMedia(dir, 'sound.webm', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'libopus', '-f', 'webm']);
    const video = makeMedia(dir, 'video.webm', videoArgs(2));
    const notes = path.join(dir, 'notes.txt');
    fs.copyFileSync(video, notes);

    // The typed verdicts, as the server's media check gives them.
    for (const [file, code] of [[text, 'NOT_MEDIA'], [program, 'NOT_MEDIA'], [sound, 'WRONG_KIND']] as const) {
      await expect(h.server.messaging.files.ingest(c.caseId, 'video', file)).rejects.toMatchObject({ code });
    }
    // The same files through the real upload path: the sender sees the reason, nothing is stored.
    const refusals = [
      await sendFile(party, h.server.url, text, { kind: 'video', name: 'holiday.webm', claimedType: 'video/webm' }),
      await sendFile(party, h.server.url, program, { kind: 'video', name: 'clip.mp4', claimedType: 'video/mp4' }),
      await sendFile(party, h.server.url, sound, { kind: 'video', name: 'video.webm', claimedType: 'video/webm' }),
    ];
    expect(refusals.map((r) => [r.verdict.status, r.verdict.versions.length])).toEqual([['failed', 0], ['failed', 0], ['failed', 0]]);
    expect(refusals[0]?.verdict.statusReason).toMatch(/not .*(video|audio)/i);
    expect(refusals[1]?.verdict.statusReason).toBe(refusals[0]?.verdict.statusReason);
    expect(refusals[2]?.verdict.statusReason).toMatch(/no picture/i);

    const accepted = await sendFile(party, h.server.url, notes, { kind: 'video', name: 'notes.txt', claimedType: 'text/plain' });
    expect(accepted.verdict.status).toBe('pending_review');
    expect(accepted.verdict.versions.map((v) => v.mimeType)).toEqual(['video/webm']);

    // Playing it back sets the per-browser view cookie: HttpOnly, Secure, SameSite=Strict, only for /api/play/.
    const grant = await fetch(`${h.server.url}/api/me/messages/${accepted.id}/playback`, {
      method: 'POST', headers: { authorization: `Bearer ${party.bearer}`, 'content-type': 'application/json', 'x-forwarded-for': party.address }, body: '{}',
    });
    expect(grant.status).toBe(200);
    const view = grant.headers.getSetCookie().find((l) => l.startsWith('cg_view='));
    const attributes = (view ?? '').split(';').slice(1).map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/api/play/']));
  }, SLOW);
});

describe('error responses give nothing away', () => {
  it('malformed, oversized, undecodable, unknown and forbidden requests get typed JSON errors: no stack, path, SQL or internal id', async () => {
    const fran = await signedInFacilitator(h.server);
    const stranger = await signedInFacilitator(h.server);
    const c = await openCase(fran);
    const party = await redeem(h.server, c.harmed);
    const session = (who: { client: { cookie?: string | undefined } }) => ({ cookie: `cg_session=${who.client.cookie}` });
    const json = { 'content-type': 'application/json' };
    const someId = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
    const probes: [string, string, Record<string, string>, string | undefined, number][] = [
      ['POST', '/api/auth/login', json, '{"email": "a@example.org", "password":', 400],
      ['POST', '/api/auth/login', json, JSON.stringify({ email: 'a', password: 'p'.repeat(80 * 1024) }), 413],
      ['POST', '/api/cases', { 'content-type': 'application/json; charset=utf-7', ...session(fran) }, '{}', 400],
      ['POST', '/api/cases', { ...json, ...session(fran) }, '[]', 400],
      ['GET', '/api/cases/%E0%A4%A', session(fran), undefined, 400],
      ['GET', '/i/%E0%A4%A', {}, undefined, 400],
      ['GET', '/api/cases/not-a-case', session(fran), undefined, 400],
      ['GET', `/api/cases/${c.caseId}`, session(stranger), undefined, 404],
      ['GET', `/api/cases/${c.caseId}/parties/${someId}`, session(fran), undefined, 404],
      ['POST', `/api/cases/${c.caseId}/invitations/${someId}/revoke`, { ...json, ...session(fran) }, '{}', 404],
      ['GET', '/api/auth/me', { cookie: 'cg_session=%E0%A4%A' }, undefined, 401],
      ['POST', '/api/invitations/not-a-code/redeem', json, '{}', 400],
      ['GET', '/api/play/not.a.grant', {}, undefined, 403],
      ['GET', '/api/uploads/anything', {}, undefined, 405],
      ['POST', '/api/me/messages', { ...json, authorization: `Bearer ${party}` }, JSON.stringify({ kind: 'text', audience: 'other_side', consentId: someId, text: 'hi' }), 403],
      ['GET', '/api/nowhere', session(fran), undefined, 404],
      ['GET', '/nowhere', {}, undefined, 404],
    ];
    const leaks = /\bat .*\(|\.ts:\d|node_modules|\/work\/|\/tmp\/|prisma|invalid `|sql|select |stack|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i;
    const seen: string[] = [];
    for (const [method, p, headers, body, status] of probes) {
      const res = await fetch(`${h.server.url}${p}`, { method, headers: { 'x-forwarded-for': freshAddress(), ...headers }, ...(body === undefined ? {} : { body }) });
      const text = await res.text();
      const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      seen.push(`${method} ${p.slice(0, 60)} → ${res.status} ${res.headers.get('content-type')?.split(';')[0]} ${typeof parsed.error?.code === 'string' && /^[A-Z_]+$/.test(parsed.error.code)} ${typeof parsed.error?.message} ${leaks.test(text) ? `LEAK ${text}` : 'clean'}`);
    }
    expect(seen).toEqual(probes.map(([method, p, , , status]) => `${method} ${p.slice(0, 60)} → ${status} application/json true string clean`));
  }, SLOW);
});

describe('secrets come only from configuration', () => {
  it('configuration refuses short secrets, long-lived TURN credentials and origins that are not origins; nothing has a built-in secret', () => {
    expect(() => loadEnv({ JWT_SECRET: 'too-short' })).toThrow(/JWT_SECRET/);
    expect(() => loadEnv({ TURN_SECRET: 'too-short' })).toThrow(/TURN_SECRET/);
    expect(() => loadEnv({ TURN_CREDENTIAL_TTL: String(7 * 24 * 3600) })).toThrow(/TURN_CREDENTIAL_TTL/);
    expect(() => loadEnv({ ALLOWED_ORIGINS: 'https://ok.example,https://bad.example/path' })).toThrow(/ALLOWED_ORIGINS/);
    expect(loadEnv({ ALLOWED_ORIGINS: 'https://staff.example.org, http://localhost:5173' }).ALLOWED_ORIGINS).toEqual(['https://staff.example.org', 'http://localhost:5173']);
    const defaults = loadEnv({});
    expect([defaults.JWT_SECRET, defaults.TURN_SECRET, defaults.MESSAGE_MASTER_KEY, defaults.ALLOWED_ORIGINS]).toEqual([undefined, undefined, undefined, []]);
  });

  it('unset secrets are generated per installation into DATA_DIR/secrets.json (mode 0600) and kept; configured ones win and never touch the disk', () => {
    const fresh = () => fs.mkdtempSync(path.join(dir, 'secrets-'));
    const a = fresh();
    const first = loadOrCreateSecrets(a, {});
    expect(loadOrCreateSecrets(a, {})).toEqual(first);
    expect(fs.statSync(path.join(a, 'secrets.json')).mode & 0o777).toBe(0o600);
    const other = loadOrCreateSecrets(fresh(), {});
    expect(other.jwtSecret).not.toBe(first.jwtSecret);
    expect(other.masterKey.equals(first.masterKey)).toBe(false);

    const jwtSecret = randomBytes(36).toString('base64url');
    const masterKey = randomBytes(32).toString('base64');
    const both = fresh();
    expect(loadOrCreateSecrets(both, { jwtSecret, masterKey })).toEqual({ jwtSecret, masterKey: Buffer.from(masterKey, 'base64') });
    expect(fs.existsSync(path.join(both, 'secrets.json'))).toBe(false);
    const partly = fresh();
    expect(loadOrCreateSecrets(partly, { jwtSecret }).jwtSecret).toBe(jwtSecret);
    expect(fs.readFileSync(path.join(partly, 'secrets.json'), 'utf8')).not.toContain(jwtSecret);
    expect(() => loadOrCreateSecrets(fresh(), { masterKey: Buffer.from('sixteen bytes!!!').toString('base64') })).toThrow(/32 bytes/);
  });

  it('the repository ships none: DATA_DIR and .env are ignored by git, and .env.example leaves every secret empty', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const ignored = fs.readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['data/', '.env']));
    const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8').split('\n');
    for (const name of ['JWT_SECRET', 'TURN_SECRET', 'MESSAGE_MASTER_KEY']) {
      const values = example.filter((l) => new RegExp(`^#?\\s*${name}=`).test(l)).map((l) => l.split('=').slice(1).join('=').trim());
      expect([name, values.length > 0 && values.every((v) => v === '')]).toEqual([name, true]);
    }
  });
});
