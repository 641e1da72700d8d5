// ffmpeg killed mid live recording (issue 8, Faults), seen from every side through the real API:
// the real server (startServer) with a case set up over HTTP, Hana's camera and microphone as real
// RTP into the SFU, the real recorder (ffmpeg), then SIGKILL to that ffmpeg. The person and the
// facilitator are told (socket), the sender's own list says failed with the same plain reason, and
// neither the other party nor the facilitator's review list ever gets anything to play: not while
// it records, not after. (live-recording.test.ts checks the database side of the same failure.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentText, startServer, type RunningServer } from '@common-ground/signalling';
import { makeTarget, type Target } from './support/databases.ts';
import { faultCase, joinAll, type FaultCase } from './support/fault-cases.ts';
import { recorderPid } from './support/live-recording.ts';
import { startRtpSource, type RtpSource } from './support/rtp-source.ts';
import { next, request, type TestSocket } from './support/socket-client.ts';

let target: Target;
let server: RunningServer;
let dataDir: string;
const sockets: TestSocket[] = [];
const sources: RtpSource[] = [];

beforeAll(async () => {
  // A database of its own on the shared PostgreSQL (migrates faster than PGlite on busy cores).
  target = await makeTarget('postgres');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-faults-recording-'));
  server = await startServer({
    port: 0, host: '127.0.0.1', dataDir, ...target.options, clientDist: path.join(dataDir, 'no-client'),
    logger: pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }), sfu: { numWorkers: 1 },
  });
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const source of sources) await source.stop();
  await server?.close();
  await target?.dispose();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function storedFiles(): string[] {
  const root = path.join(dataDir, 'messages', 'store');
  return fs.existsSync(root) ? fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.cge')).sort() : [];
}

function scratchOf(messageId: string): string[] {
  const tmp = path.join(dataDir, 'messages', 'tmp');
  return fs.existsSync(tmp) ? fs.readdirSync(tmp).filter((f) => f.startsWith(messageId) || f.startsWith('clean-')) : [];
}

/** The sender's own view of the message over the API. */
async function senderSees(c: FaultCase, id: string): Promise<Record<string, unknown> | undefined> {
  const res = await c.hana.http.get('/api/me/messages');
  expect(res.status).toBe(200);
  return (res.body.messages as Record<string, unknown>[]).find((m) => m['id'] === id);
}

/** Nothing of message `id` reaches the other party or the facilitator's review as something to play. */
async function expectNothingToPlay(c: FaultCase, id: string): Promise<void> {
  const theirs = await c.ray.http.get('/api/me/messages');
  expect(theirs.status).toBe(200);
  expect((theirs.body.messages as { id: string }[]).map((m) => m.id)).not.toContain(id);
  expect((await c.ray.http.post(`/api/me/messages/${id}/playback`, {})).status).toBe(404);
  expect((await c.ray.http.post(`/api/me/messages/${id}/open`, {})).status).toBe(404);
  const queue = await c.fran.http.get(`/api/cases/${c.caseId}/messages`);
  expect(queue.status).toBe(200);
  const row = (queue.body.messages as Record<string, unknown>[]).find((m) => m['id'] === id);
  expect(row).toMatchObject({ current: null, versions: [] });
  expect(['pending_review', 'delivered', 'viewed']).not.toContain(row?.['status']);
  expect((await c.fran.http.post(`/api/cases/${c.caseId}/messages/${id}/playback`, {})).status).toBe(404);
}

describe('the recorder\u2019s ffmpeg killed mid live recording', () => {
  it('the message fails; Hana and Fran are told; Hana\u2019s list says why; Ray and the review list never get anything to play', async () => {
    const c = await faultCase(server, 'recording');
    const { fran, hana } = await joinAll(server, c, sockets);
    await server.messaging.live.giveConsent(hana.participantId, consentText('message_recording').version);
    const source = await startRtpSource(await server.sfu.meeting(c.meetingId), hana.participantId);
    sources.push(source);
    await sleep(300); // the first packets reach the SFU
    const filesBefore = storedFiles();

    const started = await request(fran.socket, 'recording.start', { participantId: hana.participantId, audience: 'other_side' });
    if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`);
    const { messageId } = started.data;
    // While it records: Hana sees it recording; nobody else has anything to play.
    expect(await senderSees(c, messageId)).toMatchObject({ status: 'recording', current: null });
    await expectNothingToPlay(c, messageId);
    await sleep(1_000);

    const toHana = next(hana.socket, 'recording.ended');
    const toFran = next(fran.socket, 'recording.ended');
    const pid = recorderPid(messageId);
    expect(pid, 'the recorder\u2019s ffmpeg is running').toBeTypeOf('number');
    process.kill(pid!, 'SIGKILL');

    // Both told at once, in plain words.
    const told = await toHana;
    expect(told).toMatchObject({ participantId: hana.participantId, outcome: 'failed', messageId });
    expect(told.reason).toMatch(/nothing was saved/i);
    expect(told.reason).not.toMatch(/ffmpeg|sdp|rtp|signal|kill/i);
    expect(await toFran).toEqual(told);
    await fran.views.until((v) => v.recordings.length === 0, 'the facilitator\u2019s indicator is gone');

    // Hana's own list (what her messages page shows) says failed, with the same reason.
    let mine: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && mine?.['status'] !== 'failed'; i++) {
      mine = await senderSees(c, messageId);
      if (mine?.['status'] !== 'failed') await sleep(100);
    }
    expect(mine).toMatchObject({ status: 'failed', statusReason: told.reason, current: null, versions: [] });
    await expectNothingToPlay(c, messageId);
    // Nothing partial kept: no stored file, no scratch left.
    expect(storedFiles()).toEqual(filesBefore);
    expect(scratchOf(messageId)).toEqual([]);
  }, 120_000);
});
