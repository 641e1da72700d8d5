// Staff accounts on PGlite and PostgreSQL: the first administrator, sign-in with lockout and rate
// limiting, the session cookie, generated passwords that must be changed, password change,
// reset, disabling, and the `staff:create` command.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@common-ground/prisma';
import { DEFAULT_ADMIN_EMAIL, ensureFirstAdministrator, LOCKOUT_MINUTES, MAX_FAILED_LOGINS, SESSION_COOKIE, STAFF_AUDIENCE, TOKEN_ISSUER } from '@common-ground/signalling';
import { BACKENDS, makeTarget } from './support/databases.ts';
import { SECRET, createStaff, signIn, startApi, type ApiHarness, type HttpClient, type StaffFixture } from './support/api-harness.ts';

const SLOW = 180_000;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A pino-like logger that keeps what it was given. */
function capturingLogger() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string | undefined }[] = [];
  const log = (level: string) => (obj: Record<string, unknown>, msg?: string) => lines.push({ level, obj, msg });
  const logger = { lines, info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug'), child: () => logger };
  return logger;
}

async function staffCreate(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', 'staff:create', '-w', 'signalling', '--', ...args], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe.each(BACKENDS)('staff accounts on %s', (backend) => {
  let h: ApiHarness;
  let admin: StaffFixture;
  let adminClient: HttpClient;

  beforeAll(async () => {
    h = await startApi(backend);
  }, SLOW);

  afterAll(async () => {
    await h?.close();
  });

  it('on a first start with no staff, one administrator is created and its generated password logged once', async () => {
    const logger = capturingLogger();
    const created = await ensureFirstAdministrator(h.api.services.accounts, logger as never);
    expect(created?.staff).toMatchObject({ email: DEFAULT_ADMIN_EMAIL, role: 'administrator', mustChangePassword: true });
    const logged = logger.lines.filter((l) => l.obj['password'] !== undefined);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.obj).toMatchObject({ email: DEFAULT_ADMIN_EMAIL, password: created?.password });
    expect(created?.password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    // Second start: nothing created, nothing logged.
    expect(await ensureFirstAdministrator(h.api.services.accounts, logger as never)).toBeNull();
    expect(logger.lines.filter((l) => l.obj['password'] !== undefined)).toHaveLength(1);
    const stored = await h.db.prisma.staff.findUniqueOrThrow({ where: { email: DEFAULT_ADMIN_EMAIL } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain(created?.password ?? '-');

    // The generated password signs in, but must be changed before anything else.
    const client = h.client();
    const login = await client.post('/api/auth/login', { email: DEFAULT_ADMIN_EMAIL, password: created?.password });
    expect(login.status).toBe(200);
    expect(login.body.staff.mustChangePassword).toBe(true);
    const blocked = await client.get('/api/staff');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await client.get('/api/auth/me')).status).toBe(200);
    const tooShort = await client.post('/api/auth/password', { currentPassword: created?.password, newPassword: 'short' });
    expect(tooShort.status).toBe(400);
    const oldCookie = client.cookie;
    const changed = await client.post('/api/auth/password', { currentPassword: created?.password, newPassword: 'correct horse battery staple' });
    expect(changed.status).toBe(200);
    expect(changed.body.staff.mustChangePassword).toBe(false);
    expect(client.cookie).not.toBe(oldCookie);
    expect((await client.get('/api/staff')).status).toBe(200);
    // The session from before the change has ended.
    const stale = h.client();
    stale.cookie = oldCookie;
    expect((await stale.get('/api/auth/me')).status).toBe(401);
    admin = { id: stored.id, email: DEFAULT_ADMIN_EMAIL, password: 'correct horse battery staple' };
    adminClient = client;
  });

  it('sign-in sets an httpOnly, SameSite=Strict session cookie with a short life', async () => {
    const res = await h.client().post('/api/auth/login', { email: admin.email, password: admin.password });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Max-Age=1800/);
    expect(cookie).not.toMatch(/Secure/); // http in tests; https public URLs get Secure
    expect(res.body.sessionTtlSeconds).toBe(1800);
    const claims = jwt.decode(cookie.split(';')[0]?.split('=')[1] ?? '') as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: STAFF_AUDIENCE, sub: admin.id });
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'sub', 'sv']);
  });

  it('a wrong password and an unknown email get the same 401', async () => {
    const wrong = await h.client().post('/api/auth/login', { email: admin.email, password: 'not the password' });
    const unknown = await h.client().post('/api/auth/login', { email: 'nobody@example.org', password: 'not the password' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
  });

  it(`locks an account for ${LOCKOUT_MINUTES} minutes after ${MAX_FAILED_LOGINS} failed sign-ins, even for the right password`, async () => {
    const who = await createStaff(h, 'facilitator');
    const results: string[] = [];
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      const res = await h.client().post('/api/auth/login', { email: who.email, password: `guess number ${i}` });
      results.push(`${res.status} ${res.body.error.code}`);
    }
    expect(results).toEqual([...Array(MAX_FAILED_LOGINS - 1).fill('401 UNAUTHENTICATED'), '429 ACCOUNT_LOCKED']);
    const right = await h.client().post('/api/auth/login', { email: who.email, password: who.password });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan((LOCKOUT_MINUTES - 1) * 60);
    // The administrator's list shows the lock; when it has passed, the right password works again.
    const listed = (await adminClient.get('/api/staff')).body.staff.find((s: { id: string }) => s.id === who.id);
    expect(listed.lockedUntil).not.toBeNull();
    await h.db.prisma.staff.update({ where: { id: who.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await h.client().post('/api/auth/login', { email: who.email, password: who.password })).status).toBe(200);
    expect((await h.db.prisma.staff.findUniqueOrThrow({ where: { id: who.id } })).failedLogins).toBe(0);
  });

  it('an administrator resets a password: the old one stops working, the lock is lifted, sessions end', async () => {
    const who = await createStaff(h, 'coordinator');
    const session = await signIn(h, who);
    await h.db.prisma.staff.update({ where: { id: who.id }, data: { lockedUntil: new Date(Date.now() + 600_000) } });
    const reset = await adminClient.post(`/api/staff/${who.id}/reset-password`);
    expect(reset.status).toBe(200);
    expect(reset.body.staff).toMatchObject({ id: who.id, mustChangePassword: true, lockedUntil: null });
    expect((await session.get('/api/auth/me')).status).toBe(401);
    expect((await h.client().post('/api/auth/login', { email: who.email, password: who.password })).status).toBe(401);
    expect((await h.client().post('/api/auth/login', { email: who.email, password: reset.body.password })).status).toBe(200);
  });

  it('sign-in is rate limited per address with 429 RATE_LIMITED', async () => {
    const limited = await h.sibling({ loginMax: 3, invitationMax: 100, apiMax: 1000 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await limited.client().post('/api/auth/login', { email: 'x@example.org', password: 'y' })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('sign-out ends the session', async () => {
    const who = await createStaff(h, 'facilitator');
    const client = await signIn(h, who);
    const stolen = client.cookie;
    const out = await client.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(client.cookie).toBeUndefined();
    const replay = h.client();
    replay.cookie = stolen;
    expect((await replay.get('/api/auth/me')).status).toBe(401);
  });

  it('an expired, forged or wrong-audience session is 401; an aging one is renewed', async () => {
    const sign = (claims: object, opts: jwt.SignOptions) => jwt.sign(claims, SECRET, { algorithm: 'HS256', issuer: TOKEN_ISSUER, subject: admin.id, ...opts });
    const version = (await h.db.prisma.staff.findUniqueOrThrow({ where: { id: admin.id } })).sessionVersion;
    const probe = async (token: string) => {
      const c = h.client();
      c.cookie = token;
      const res = await c.get('/api/auth/me');
      return { status: res.status, renewed: c.cookie !== token };
    };
    expect((await probe(sign({ sv: version }, { audience: STAFF_AUDIENCE, expiresIn: -10 }))).status).toBe(401);
    expect((await probe(sign({ sv: version }, { audience: 'common-ground:join', expiresIn: 600 }))).status).toBe(401);
    expect((await probe(jwt.sign({ sv: version }, 'another-secret'.padEnd(40, 'z'), { audience: STAFF_AUDIENCE, subject: admin.id, issuer: TOKEN_ISSUER, expiresIn: 600 }))).status).toBe(401);
    expect(await probe(sign({ sv: version }, { audience: STAFF_AUDIENCE, expiresIn: 1700 }))).toEqual({ status: 200, renewed: false });
    // Issued 1000 s ago (more than a third of the 1800 s life), still valid: renewed.
    const aging = sign({ sv: version, iat: Math.floor(Date.now() / 1000) - 1000 }, { audience: STAFF_AUDIENCE, expiresIn: 1800 });
    expect(await probe(aging)).toEqual({ status: 200, renewed: true });
  });

  it('disabling an account or changing its role ends its sessions; the last administrator stays', async () => {
    const who = await createStaff(h, 'facilitator');
    const session = await signIn(h, who);
    expect((await adminClient.patch(`/api/staff/${who.id}`, { role: 'coordinator' })).status).toBe(200);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    const again = await signIn(h, who);
    expect((await adminClient.patch(`/api/staff/${who.id}`, { disabled: true })).body.staff.disabled).toBe(true);
    expect((await again.get('/api/auth/me')).status).toBe(401);
    expect((await h.client().post('/api/auth/login', { email: who.email, password: who.password })).status).toBe(401);

    const last = await adminClient.patch(`/api/staff/${admin.id}`, { disabled: true });
    expect(last.status).toBe(409);
    expect((await adminClient.patch(`/api/staff/${admin.id}`, { role: 'coordinator' })).status).toBe(409);
    const duplicate = await adminClient.post('/api/staff', { email: admin.email.toUpperCase(), displayName: 'Twin', role: 'facilitator' });
    expect(duplicate.status).toBe(409);
  });

  it('an administrator creates staff with a generated password, shown once, that must be changed', async () => {
    const res = await adminClient.post('/api/staff', { email: 'new.facilitator@example.org', displayName: 'Nia', role: 'facilitator' });
    expect(res.status).toBe(201);
    expect(res.body.staff).toMatchObject({ email: 'new.facilitator@example.org', role: 'facilitator', mustChangePassword: true });
    expect(typeof res.body.password).toBe('string');
    const listed = await adminClient.get('/api/staff');
    expect(listed.text).not.toContain(res.body.password);
    expect(listed.text).not.toContain('passwordHash');
  });

  it('`npm run staff:create` adds an account to the same database and prints its password once', async () => {
    const env = h.target.options.databaseUrl ? { DATABASE_URL: h.target.options.databaseUrl } : undefined;
    if (!env) {
      // The harness holds this PGlite directory: the command must refuse with a clear message.
      const locked = await staffCreate(['--email', 'cli@example.org', '--role', 'facilitator'], { DATA_DIR: path.dirname(h.target.options.dataDir ?? '') });
      expect(locked.code).not.toBe(0);
      expect(locked.stderr).toMatch(/is in use by process/);
      return;
    }
    const out = await staffCreate(['--email', 'cli.coordinator@example.org', '--role', 'coordinator', '--name', 'Cleo'], env);
    expect(out.code).toBe(0);
    const password = /Password \(shown once; it must be changed at first sign-in\): (\S+)/.exec(out.stdout)?.[1];
    expect(password).toBeDefined();
    const login = await h.client().post('/api/auth/login', { email: 'cli.coordinator@example.org', password });
    expect(login.status).toBe(200);
    expect(login.body.staff).toMatchObject({ role: 'coordinator', displayName: 'Cleo', mustChangePassword: true });
    const twice = await staffCreate(['--email', 'cli.coordinator@example.org', '--role', 'coordinator'], env);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/already exists/);
    const bad = await staffCreate(['--email', 'not-an-email', '--role', 'boss'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/usage: npm run staff:create/);
  }, SLOW);
});

describe('`npm run staff:create` on an embedded PGlite data directory', () => {
  it('creates the first administrator in DATA_DIR, which the server then finds', async () => {
    const target = await makeTarget('pglite');
    try {
      const dataDir = path.dirname(target.options.dataDir ?? '');
      const out = await staffCreate(['--email', 'first.admin@example.org', '--role', 'administrator'], { DATA_DIR: dataDir });
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/^Created administrator first\.admin@example\.org/);
      const db = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
      try {
        const staff = await db.prisma.staff.findMany();
        expect(staff.map((s) => [s.email, s.role, s.mustChangePassword])).toEqual([['first.admin@example.org', 'administrator', true]]);
      } finally {
        await db.close();
      }
    } finally {
      await target.dispose();
    }
  }, SLOW);
});
