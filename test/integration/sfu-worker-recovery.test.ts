// What the SFU does between a worker's death and its replacement, with a pool of one worker (as the
// e2e server runs): requests in flight to the dead router fail with a typed error, a meeting asked
// for while no worker is alive waits for the replacement, and a closed pool refuses with MEDIA_ERROR.
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Sfu, SfuError } from '@common-ground/sfu-server';
import { workersOf } from '../e2e/support/worker-processes.ts';

const logger = pino({ level: 'silent' });

describe('Sfu while its only worker is replaced', () => {
  let sfu: Sfu | undefined;
  afterEach(() => {
    sfu?.close();
    sfu = undefined;
  });

  async function oneWorker(): Promise<Sfu> {
    sfu = await Sfu.create({ numWorkers: 1, rtcMinPort: 45200, rtcMaxPort: 45299 }, logger);
    return sfu;
  }

  it('meeting() asked as soon as the media is reported lost waits for the replacement worker and builds the router there', async () => {
    const sfu = await oneWorker();
    const before = await sfu.meeting('meeting-a');
    const [deadPid] = sfu.workerPids;
    // Ask again from the medialost listener itself: the earliest anyone can react.
    const rebuilt = new Promise<Awaited<ReturnType<Sfu['meeting']>>>((resolve, reject) => {
      sfu.on('medialost', ({ meetingId }) => {
        sfu.meeting(meetingId).then(resolve, reject);
      });
    });

    process.kill(deadPid!, 'SIGKILL');

    const again = await rebuilt;
    expect(again).not.toBe(before);
    expect(again.closed).toBe(false);
    expect(again.workerPid).not.toBe(deadPid);
    expect(sfu.workerPids).toEqual([again.workerPid]);
    // The rebuilt router takes new media at once.
    again.addPeer('p1');
    await expect(again.createTransport('p1', 'recv')).resolves.toMatchObject({ id: expect.any(String) });
  });

  it('a request that reached the dead router before the death was noticed fails with MEDIA_ERROR, not an untyped error', async () => {
    const sfu = await oneWorker();
    const media = await sfu.meeting('meeting-b');
    media.addPeer('p1');
    const [deadPid] = sfu.workerPids;
    const lost = new Promise((resolve) => sfu.on('medialost', resolve));

    process.kill(deadPid!, 'SIGKILL');
    // Still the same tick: the router is referenced and looks open; the request goes to the dead worker.
    expect(media.closed).toBe(false);
    const failed = await media.createTransport('p1', 'send').then(
      () => null,
      (err: unknown) => err,
    );

    expect(failed).toBeInstanceOf(SfuError);
    expect(failed).toMatchObject({ code: 'MEDIA_ERROR' });
    await lost;
    expect(media.closed).toBe(true);
  });

  it('the same participant asking right after the reset gets a transport on the new router', async () => {
    const sfu = await oneWorker();
    const media = await sfu.meeting('meeting-c');
    media.addPeer('p1');
    await media.createTransport('p1', 'recv');
    const [deadPid] = sfu.workerPids;
    const lost = new Promise((resolve) => sfu.on('medialost', resolve));
    process.kill(deadPid!, 'SIGKILL');
    await lost;

    // What signalling does on the participant's next request (session.joinedMedia).
    const next = await sfu.meeting('meeting-c');
    expect(next.hasPeer('p1')).toBe(false);
    next.addPeer('p1');
    const transport = await next.createTransport('p1', 'recv');
    expect(transport.id).toBeTypeOf('string');
    expect(next.workerPid).toBe(sfu.workerPids[0]);
    expect(next.workerPid).not.toBe(deadPid);
  });

  it('meeting() waiting for a replacement rejects with MEDIA_ERROR when the SFU closes meanwhile, and no worker is left running', async () => {
    const sfu = await oneWorker();
    await sfu.meeting('meeting-e');
    const [deadPid] = sfu.workerPids;
    expect(workersOf(process.pid), 'worker processes of this test process').toContain(deadPid);
    // Wrapped in an object, so the outer promise does not adopt the rejection being tested.
    const waiting = new Promise<{ asked: Promise<unknown> }>((resolve) => {
      sfu.on('medialost', ({ meetingId }) => {
        const asked = sfu.meeting(meetingId);
        sfu.close(); // shutting down while the replacement starts
        resolve({ asked });
      });
    });
    process.kill(deadPid!, 'SIGKILL');

    await expect((await waiting).asked).rejects.toMatchObject({ name: 'SfuError', code: 'MEDIA_ERROR' });
    expect(sfu.workerPids).toEqual([]);
    // The replacement that started after close() was stopped too: no worker process of ours lives on.
    await expect.poll(() => workersOf(process.pid), { timeout: 5_000 }).toEqual([]);
  });

  it('meeting() on a closed SFU rejects with MEDIA_ERROR', async () => {
    const sfu = await oneWorker();
    sfu.close();
    await expect(sfu.meeting('meeting-d')).rejects.toMatchObject({ name: 'SfuError', code: 'MEDIA_ERROR' });
  });
});
