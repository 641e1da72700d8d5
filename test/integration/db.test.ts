// Database layer (@common-ground/prisma) against both back ends it supports: embedded PGlite in a
// fresh temp dir, and the real PostgreSQL server in a throwaway database created for this run.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTarget } from './support/databases.ts';
import {
  type Database,
  DatabaseLockedError,
  type DatabaseLogger,
  DatabaseUnavailableError,
  type DatabaseOptions,
  openDatabase,
  Prisma,
} from '@common-ground/prisma';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const committedMigrations = readdirSync(path.join(repoRoot, 'prisma', 'migrations'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

// PGlite runs initdb on a fresh data dir: several seconds on a busy 2-core machine.
const SLOW = 120_000;

/** A logger that remembers what openDatabase() reported as applied. */
function recordingLogger(): DatabaseLogger & { applied: string[][] } {
  const applied: string[][] = [];
  return {
    applied,
    info(obj, msg) {
      if (msg === 'database ready') applied.push((obj as { appliedMigrations: string[] }).appliedMigrations);
    },
    warn: (obj, msg) => console.warn(msg, obj),
    error: (obj, msg) => console.error(msg, obj),
  };
}

interface Target {
  /** Connection options for openDatabase(), without the logger. */
  options: DatabaseOptions;
  dispose(): Promise<void>;
}

function freshTempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'cg-db-test-'));
}

async function pgliteTarget(): Promise<Target> {
  const dir = freshTempDir();
  // A parent that does not exist yet: openDatabase() must create it.
  return {
    options: { dataDir: path.join(dir, 'missing-parent', 'pglite') },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A database created for this test on the real PostgreSQL server and dropped afterwards. */
function postgresTarget(): Promise<Target> {
  return makeTarget('postgres');
}

describe.each([
  { backend: 'pglite', makeTarget: pgliteTarget },
  { backend: 'postgres', makeTarget: postgresTarget },
] as const)('openDatabase() on $backend', ({ backend, makeTarget }) => {
  let target: Target;

  beforeAll(async () => {
    target = await makeTarget();
  });

  afterAll(async () => {
    await target?.dispose();
  });

  it(
    'applies the committed migrations on first open, nothing on the second, and records them',
    async () => {
      expect(committedMigrations.length).toBeGreaterThan(0);
      const logger = recordingLogger();

      const first = await openDatabase({ ...target.options, logger });
      expect(first.kind).toBe(backend);
      await first.close();
      const second = await openDatabase({ ...target.options, logger });
      try {
        expect(logger.applied).toEqual([committedMigrations, []]);
        const rows = await second.prisma.$queryRaw<
          { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }[]
        >`SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name`;
        expect(rows.map((row) => row.migration_name)).toEqual(committedMigrations);
        for (const row of rows) {
          expect(row.finished_at).toBeInstanceOf(Date);
          expect(row.rolled_back_at).toBeNull();
        }
      } finally {
        await second.close();
      }
    },
    SLOW,
  );

  describe('with an open database', () => {
    let db: Database;

    beforeAll(async () => {
      db = await openDatabase(target.options);
    }, SLOW);

    afterAll(async () => {
      await db?.close();
    });

    it('creates a meeting with participants and audit events and reads them back', async () => {
      const created = await db.prisma.meeting.create({
        data: {
          title: 'Restorative meeting',
          participants: {
            create: [
              { displayName: 'Facilitator', role: 'facilitator' },
              { displayName: 'Alex', role: 'party', side: 'harmed' },
              { displayName: 'Sam', role: 'party', side: 'responsible' },
              { displayName: 'Prison officer', role: 'observer' },
            ],
          },
          auditEvents: {
            create: [{ action: 'meeting.created', actorId: 'staff-1', detail: { via: 'test', rooms: ['main', 2] } }],
          },
        },
      });
      expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(created.status).toBe('scheduled');
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(created.startedAt).toBeNull();

      await db.prisma.auditEvent.create({
        data: { meetingId: created.id, action: 'meeting.started', actorId: 'staff-1', subjectId: created.id },
      });
      const read = await db.prisma.meeting.findUniqueOrThrow({
        where: { id: created.id },
        include: {
          participants: { orderBy: { displayName: 'asc' } },
          auditEvents: { orderBy: { id: 'asc' } },
        },
      });

      expect(read.title).toBe('Restorative meeting');
      expect(read.participants.map((p) => [p.displayName, p.role, p.side])).toEqual([
        ['Alex', 'party', 'harmed'],
        ['Facilitator', 'facilitator', null],
        ['Prison officer', 'observer', null],
        ['Sam', 'party', 'responsible'],
      ]);
      expect(read.participants.every((p) => p.meetingId === created.id && p.joinedAt === null)).toBe(true);
      expect(read.auditEvents.map((e) => e.action)).toEqual(['meeting.created', 'meeting.started']);
      const [createdEvent, startedEvent] = read.auditEvents;
      expect(typeof createdEvent?.id).toBe('bigint');
      expect(createdEvent?.detail).toEqual({ via: 'test', rooms: ['main', 2] });
      expect(createdEvent?.at).toBeInstanceOf(Date);
      expect(startedEvent?.subjectId).toBe(created.id);
      expect(startedEvent?.detail).toBeNull();
    });

    it('deleting a meeting deletes its participants but keeps its audit events, with meetingId set to null', async () => {
      const meeting = await db.prisma.meeting.create({
        data: {
          title: 'To be deleted',
          participants: { create: [{ displayName: 'Alex', role: 'party', side: 'harmed' }] },
          auditEvents: { create: [{ action: 'participant.admitted' }, { action: 'meeting.ended' }] },
        },
        include: { auditEvents: true },
      });
      const eventIds = meeting.auditEvents.map((e) => e.id);

      await db.prisma.meeting.delete({ where: { id: meeting.id } });

      expect(await db.prisma.participant.count({ where: { meetingId: meeting.id } })).toBe(0);
      const survivors = await db.prisma.auditEvent.findMany({ where: { id: { in: eventIds } }, orderBy: { id: 'asc' } });
      expect(survivors.map((e) => [e.action, e.meetingId])).toEqual([
        ['participant.admitted', null],
        ['meeting.ended', null],
      ]);
    });

    it('a duplicate primary key rejects with PrismaClientKnownRequestError P2002', async () => {
      const meeting = await db.prisma.meeting.create({ data: { title: 'First' } });

      const duplicate = db.prisma.meeting.create({ data: { id: meeting.id, title: 'Second' } });

      await expect(duplicate).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      await expect(duplicate).rejects.toMatchObject({ code: 'P2002' });
      expect(await db.prisma.meeting.findUnique({ where: { id: meeting.id } })).toMatchObject({ title: 'First' });
    });

    it('a participant of a meeting that does not exist rejects with PrismaClientKnownRequestError P2003', async () => {
      const orphan = db.prisma.participant.create({
        data: { meetingId: '00000000-0000-4000-8000-000000000000', displayName: 'Nobody', role: 'supporter' },
      });

      await expect(orphan).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      await expect(orphan).rejects.toMatchObject({ code: 'P2003' });
    });
  });
});

describe('openDatabase() on postgres: several processes and a missing database', () => {
  let target: Target;
  let baseUrl: string;

  beforeAll(async () => {
    target = await postgresTarget();
    baseUrl = target.options.databaseUrl ?? '';
  });

  afterAll(async () => {
    await target?.dispose();
  });

  it('concurrent opens apply the migrations exactly once and leave no migration lock held', async () => {
    const logger = recordingLogger();

    const dbs = await Promise.all([0, 1, 2].map(() => openDatabase({ ...target.options, logger })));

    try {
      expect([...logger.applied].sort((a, b) => b.length - a.length)).toEqual([committedMigrations, [], []]);
      // The schema engine serialises runs with pg_advisory_lock(72707369); it must be released,
      // or the next node to start would time out waiting for it.
      const [db] = dbs;
      if (!db) throw new Error('no database opened');
      const locks = await db.prisma.$queryRaw<{ held: bigint }[]>`
        SELECT count(*) AS held FROM pg_locks
        WHERE locktype = 'advisory' AND objid = 72707369
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
      expect(locks).toEqual([{ held: 0n }]);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });

  it('rejects with DatabaseUnavailableError DATABASE_UNAVAILABLE when the database does not exist', async () => {
    const url = new URL(baseUrl);
    url.pathname = `/cg_missing_${randomBytes(6).toString('hex')}`;

    const opening = openDatabase({ databaseUrl: url.toString() });

    await expect(opening).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(opening).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    await expect(opening).rejects.toThrow(`Database \`${url.pathname.slice(1)}\` does not exist`);
  });
});

describe('openDatabase() on pglite: data directory lock', () => {
  let dir: string;
  let dataDir: string;
  let lockPath: string;

  beforeAll(async () => {
    dir = freshTempDir();
    dataDir = path.join(dir, 'pglite');
    lockPath = `${dataDir}.lock`;
    // Initialise the data dir once so the tests below only pay for reopening it.
    await (await openDatabase({ dataDir })).close();
  }, SLOW);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('a second openDatabase() on the same dir rejects with DATABASE_LOCKED while the first is open, and succeeds after close()', async () => {
    const first = await openDatabase({ dataDir });
    let firstClosed = false;
    try {
      expect(readFileSync(lockPath, 'utf8').trim()).toBe(String(process.pid));

      const second = openDatabase({ dataDir });

      await expect(second).rejects.toBeInstanceOf(DatabaseLockedError);
      await expect(second).rejects.toMatchObject({ code: 'DATABASE_LOCKED', dataDir, holderPid: process.pid });
      await expect(second).rejects.toThrow(`${dataDir} is in use by process ${process.pid}`);

      await first.close();
      firstClosed = true;
      expect(existsSync(lockPath)).toBe(false);
      const third = await openDatabase({ dataDir });
      expect(await third.prisma.meeting.count()).toBeGreaterThanOrEqual(0);
      await third.close();
    } finally {
      if (!firstClosed) await first.close();
    }
  }, SLOW);

  it('another process opening the same dir fails with DATABASE_LOCKED naming this process', async () => {
    const db = await openDatabase({ dataDir });
    const script = path.join(dir, 'second-process.mts');
    try {
      const entry = path.join(repoRoot, 'prisma', 'src', 'index.ts');
      writeFileSync(
        script,
        `import { openDatabase } from ${JSON.stringify(entry)};\n` +
          `try {\n  await openDatabase({ dataDir: ${JSON.stringify(dataDir)} });\n  console.log(JSON.stringify({ opened: true }));\n` +
          `} catch (error) {\n  console.log(JSON.stringify({ code: error.code, message: error.message }));\n}\n`,
      );
      const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

      const { stdout } = await promisify(execFile)(tsx, [script], { cwd: repoRoot });

      const outcome = JSON.parse(stdout.trim()) as { code?: string; message?: string };
      expect(outcome.code).toBe('DATABASE_LOCKED');
      expect(outcome.message).toContain(`${dataDir} is in use by process ${process.pid}`);
    } finally {
      await db.close();
    }
  }, SLOW);

  it('a stale lock file whose pid is no longer alive is taken over, and released on close()', async () => {
    const deadPid = await exitedChildPid();
    writeFileSync(lockPath, `${deadPid}\n`);

    const db = await openDatabase({ dataDir });
    try {
      expect(readFileSync(lockPath, 'utf8').trim()).toBe(String(process.pid));
    } finally {
      await db.close();
    }
    expect(existsSync(lockPath)).toBe(false);
  }, SLOW);
});

/** The pid of a child process that has already exited. */
async function exitedChildPid(): Promise<number> {
  const child = execFile(process.execPath, ['-e', '']);
  const pid = child.pid;
  if (pid === undefined) throw new Error('child process did not start');
  await new Promise<void>((resolve, reject) => {
    child.once('exit', () => resolve());
    child.once('error', reject);
  });
  let alive = true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    alive = false;
  }
  expect(alive).toBe(false);
  return pid;
}
