// A live meeting's database writes while the database is briefly unavailable
// (signalling/src/meetings/pendingWrites.ts): one at a time in call order, retried with backoff
// while the failure says "database unavailable" (signalling/src/db-errors.ts), anything else
// failing at once, and nothing lost without an error: a full queue, a write given up and writes
// abandoned at shutdown are each rejected and logged.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '@common-ground/prisma';
import { isDatabaseUnavailable } from '../../signalling/src/db-errors.ts';
import type { Logger } from '../../signalling/src/logger.ts';
import { PendingWriteError, PendingWrites, retryingStore } from '../../signalling/src/meetings/pendingWrites.ts';
import { MeetingStore } from '../../signalling/src/meetings/store.ts';

interface Logged {
  level: 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

function recordingLogger(into: Logged[]): Logger {
  const log = (level: Logged['level']) => (fields: Record<string, unknown>, msg: string) => into.push({ level, msg, fields });
  const logger = { info: log('info'), warn: log('warn'), error: log('error'), debug: () => undefined, child: () => logger };
  return logger as unknown as Logger;
}

/** What Prisma 7 + adapter-pg threw with PostgreSQL stopped (measured in faults-database.test.ts). */
function unreachable(): Error {
  return Object.assign(new Error("Can't reach database server at 127.0.0.1:5999"), {
    name: 'PrismaClientKnownRequestError',
    code: 'P1001',
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5999 } } },
  });
}

/** A write that fails `failures` times with `error`, then stores `value`; counts its calls. */
function flaky<T>(failures: number, value: T, error: () => Error = unreachable) {
  const calls: number[] = [];
  const write = async (): Promise<T> => {
    calls.push(Date.now());
    if (calls.length <= failures) throw error();
    return value;
  };
  return { write, calls };
}

let logs: Logged[];
let writes: PendingWrites;

beforeEach(() => {
  vi.useFakeTimers();
  logs = [];
  writes = new PendingWrites({ logger: recordingLogger(logs), initialDelayMs: 100, maxDelayMs: 400, giveUpAfterMs: 5_000, maxQueued: 5 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('PendingWrites', () => {
  it('runs writes one at a time, in the order they were made', async () => {
    const order: string[] = [];
    let running = 0;
    let most = 0;
    const write = (name: string, ms: number) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      order.push(name);
      running--;
      return name;
    };
    const results = Promise.all([writes.run('a', write('a', 30)), writes.run('b', write('b', 10)), writes.run('c', write('c', 1))]);
    expect(writes.size).toBe(3);
    await vi.advanceTimersByTimeAsync(100);
    expect(await results).toEqual(['a', 'b', 'c']);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
    expect(writes.size).toBe(0);
  });

  it('retries a write while the database is unavailable, with growing waits; later writes wait behind it and keep their order', async () => {
    const first = flaky(4, 'joined');
    const second = flaky(0, 'audited');
    const t0 = Date.now();
    const stored = writes.run('markJoined', first.write);
    const after = writes.run('audit participant.admitted', second.write);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await stored).toBe('joined');
    expect(await after).toBe('audited');
    // Waits of 100, 200, 400, 400 ms (capped) between the five attempts.
    expect(first.calls.map((t) => t - t0)).toEqual([0, 100, 300, 700, 1100]);
    expect(second.calls.map((t) => t - t0)).toEqual([1100]);
    // Told once when it started waiting and once when it got through; no error.
    expect(logs.map((l) => [l.level, l.fields['label']])).toEqual([
      ['warn', 'markJoined'],
      ['info', 'markJoined'],
    ]);
    expect(logs[1]?.fields).toMatchObject({ attempts: 5, waitedMs: 1100 });
  });

  it('rejects at once with the write\u2019s own error when it is not about the database being unavailable; the next write still runs', async () => {
    const broken = flaky(1, 'never', () => Object.assign(new Error('Unique constraint failed'), { code: 'P2002' }));
    const next = flaky(0, 'ok');
    const failed = writes.run('markRemoved', broken.write);
    const ok = writes.run('markLeft', next.write);
    await expect(failed).rejects.toMatchObject({ code: 'P2002' });
    expect(await ok).toBe('ok');
    expect(broken.calls).toHaveLength(1);
    expect(logs).toEqual([]);
  });

  it('refuses a write with QUEUE_FULL when maxQueued are waiting, and logs it as an error; the queued ones are still stored', async () => {
    const stuck = flaky(3, 'first');
    const queued = [writes.run('w1', stuck.write), ...[2, 3, 4, 5].map((n) => writes.run(`w${n}`, async () => `w${n}`))];
    const refused = writes.run('w6', async () => 'w6');
    await expect(refused).rejects.toBeInstanceOf(PendingWriteError);
    await expect(refused).rejects.toMatchObject({ code: 'QUEUE_FULL', label: 'w6' });
    expect(logs.filter((l) => l.level === 'error').map((l) => [l.msg, l.fields['label']])).toEqual([['database write refused: too many writes waiting', 'w6']]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await Promise.all(queued)).toEqual(['first', 'w2', 'w3', 'w4', 'w5']);
  });

  it('gives a write up with GAVE_UP giveUpAfterMs after it was made, logged as an error with its label; the queue goes on', async () => {
    const t0 = Date.now();
    const never = flaky(Infinity, 'never');
    const alsoNever = flaky(Infinity, 'never');
    const next = flaky(0, 'stored');
    const gaveUp = writes.run('audit meeting.ended', never.write).catch((err: unknown) => err);
    // Made at the same time, so its clock ran out while it waited its turn: tried once, then given up.
    const behind = writes.run('markEnded', alsoNever.write).catch((err: unknown) => err);
    const stored = writes.run('markLeft', next.write);
    await vi.advanceTimersByTimeAsync(6_000);
    const err = await gaveUp;
    expect(err).toBeInstanceOf(PendingWriteError);
    expect(err).toMatchObject({ code: 'GAVE_UP', label: 'audit meeting.ended' });
    expect(isDatabaseUnavailable((err as Error).cause)).toBe(true);
    expect(never.calls.at(-1)! - t0).toBe(5_000);
    expect(await behind).toMatchObject({ code: 'GAVE_UP', label: 'markEnded' });
    expect(alsoNever.calls.map((t) => t - t0)).toEqual([5_000]);
    expect(logs.filter((l) => l.level === 'error').map((l) => [l.msg, l.fields['label']])).toEqual([
      ['database write given up: the database stayed unavailable', 'audit meeting.ended'],
      ['database write given up: the database stayed unavailable', 'markEnded'],
    ]);
    expect(await stored).toBe('stored');
  });

  it('drain() resolves once every write so far is stored; drain(timeout) abandons what is still waiting, each rejected with ABANDONED, and logs it', async () => {
    const slow = flaky(2, 'slow');
    const first = writes.run('markLive', slow.write);
    const drained = writes.drain();
    await vi.advanceTimersByTimeAsync(500);
    await drained;
    expect(await first).toBe('slow');

    const stuck = writes.run('audit participant.moved', flaky(Infinity, 'never').write).catch((e: unknown) => e);
    const behind = writes.run('markLeft', async () => 'left').catch((e: unknown) => e);
    const shutdown = writes.drain(1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    await shutdown;
    expect(await stuck).toMatchObject({ code: 'ABANDONED', label: 'audit participant.moved' });
    expect(await behind).toMatchObject({ code: 'ABANDONED', label: 'markLeft' });
    expect(logs.at(-1)).toMatchObject({ level: 'error', fields: { waiting: 2, labels: ['audit participant.moved', 'markLeft'] } });
    expect(writes.size).toBe(0);
    await expect(writes.run('markJoined', async () => 'late')).rejects.toMatchObject({ code: 'ABANDONED' });
  });
});

describe('retryingStore', () => {
  it('queues the meeting\u2019s writes through PendingWrites (retried, in order) and passes reads straight through', async () => {
    const calls: string[] = [];
    let auditFailures = 2;
    const prisma = {
      participant: {
        update: async (args: { where: { id: string } }) => void calls.push(`update ${args.where.id}`),
        findFirst: async () => (calls.push('read access'), { role: 'party', side: 'harmed', removedAt: null }),
      },
      auditEvent: {
        create: async (args: { data: { action: string } }) => {
          if (auditFailures-- > 0) throw unreachable();
          calls.push(`audit ${args.data.action}`);
        },
      },
    };
    const store = retryingStore(new MeetingStore({ prisma } as unknown as Database), writes);
    const audited = store.audit({ meetingId: 'm', actorId: 'f', action: 'participant.admitted', subjectId: 'p' });
    const left = store.markLeft('p');
    expect(writes.size).toBe(2);
    // A read is not queued behind the waiting writes: it runs now.
    expect(await store.participantAccess('m', 'p')).toEqual({ role: 'party', side: 'harmed', removed: false });
    expect(calls).toEqual(['read access']);
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all([audited, left]);
    expect(calls).toEqual(['read access', 'audit participant.admitted', 'update p']);
    expect(logs.map((l) => [l.level, l.fields['label']])).toEqual([
      ['warn', 'audit participant.admitted'],
      ['info', 'audit participant.admitted'],
    ]);
  });
});

describe('isDatabaseUnavailable', () => {
  it('recognises the failures measured with PostgreSQL stopped, and nothing else', () => {
    // Not reachable (P1001), a query cut off by the shutdown (P2010 around SQLSTATE 57P01), a dead
    // connection inside a transaction (pg's own text), a refused socket, and our own open error.
    expect(isDatabaseUnavailable(unreachable())).toBe(true);
    const cutOff = Object.assign(new Error('Raw query failed. Code: `57P01`'), {
      code: 'P2010',
      meta: { driverAdapterError: { cause: { kind: 'postgres', code: '57P01', severity: 'FATAL', message: 'terminating connection due to administrator command' } } },
    });
    expect(isDatabaseUnavailable(cutOff)).toBe(true);
    expect(isDatabaseUnavailable(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect', errno: -111 }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'P1017' }) }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('Cannot connect'), { code: 'DATABASE_UNAVAILABLE' }))).toBe(true);

    expect(isDatabaseUnavailable(Object.assign(new Error('Unique constraint failed'), { code: 'P2002' }))).toBe(false);
    const syntax = Object.assign(new Error('Raw query failed'), { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'postgres', code: '42601' } } } });
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    expect(isDatabaseUnavailable(new Error('something else'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('Connection terminated'), { code: 'NOT_FOUND' }))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('P1001')).toBe(false);
  });
});
