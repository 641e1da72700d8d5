import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Sfu } from '@common-ground/sfu-server';

let sfu: Sfu;

beforeAll(async () => {
  sfu = await Sfu.create({ numWorkers: 1 }, pino({ level: 'silent' }));
});

afterAll(() => {
  sfu?.close();
});

describe('Sfu worker pool', () => {
  it('replaces a worker that dies and reports the meetings that lost their media', async () => {
    const media = await sfu.meeting('meeting-a');
    const [deadPid] = sfu.workerPids;
    expect(deadPid).toBeTypeOf('number');
    const lost = new Promise<{ meetingId: string; reason: string }>((resolve) => sfu.on('medialost', resolve));

    process.kill(deadPid!, 'SIGKILL');

    expect(await lost).toMatchObject({ meetingId: 'meeting-a' });
    expect(media.closed).toBe(true);
    await expect.poll(() => sfu.workerPids.length, { timeout: 10_000 }).toBe(1);
    expect(sfu.workerPids[0]).not.toBe(deadPid);

    const again = await sfu.meeting('meeting-a');
    expect(again).not.toBe(media);
    expect(again.closed).toBe(false);
    expect(again.rtpCapabilities.codecs?.length).toBeGreaterThan(0);
  });

  it('gives concurrent callers of meeting() the same router', async () => {
    const [a, b] = await Promise.all([sfu.meeting('meeting-b'), sfu.meeting('meeting-b')]);
    expect(a).toBe(b);
  });

  it('refuses to consume for a participant without a media session, with NOT_FOUND', async () => {
    const media = await sfu.meeting('meeting-c');
    await expect(media.createTransport('nobody', 'recv')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
