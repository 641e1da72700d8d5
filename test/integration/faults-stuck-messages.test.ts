// Messages left behind by a server that stopped mid-work (issue 8): a live recording whose node
// crashed stays "recording", a file whose processing was cut off stays "processing". The retention
// sweep (at start and hourly) fails them once they are older than any real recording or processing
// could be: the sender sees why, nothing is delivered, and a recording still running (perhaps on
// another node) is left alone.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, startApi, type ApiHarness, type HttpClient } from './support/api-harness.ts';
import { createCaseFixture, type CaseFixture } from './support/case-fixtures.ts';
import { consentToRecording, partyClient } from './support/messages.ts';

let h: ApiHarness;
let dir: string;
let c: CaseFixture;
let harmed: HttpClient;
let responsible: HttpClient;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-stuck-'));
  h = await startApi('pglite', undefined, { messaging: { dir: path.join(dir, 'messages'), masterKey: randomBytes(32), maxDurationSeconds: 600 } });
  const facilitator = await createStaff(h, 'facilitator');
  c = await createCaseFixture(h, facilitator, `s${Date.now() % 100000}`);
  harmed = partyClient(h, c.meetingId, c.harmed.participantId, 'harmed');
  responsible = partyClient(h, c.meetingId, c.responsible.participantId, 'responsible');
}, 120_000);

afterAll(async () => {
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A video message of the harmed party, then forced into `status` as last touched `ageMs` ago. */
async function leftIn(status: 'recording' | 'processing', ageMs: number): Promise<string> {
  const consentId = await consentToRecording(harmed);
  const res = await harmed.post('/api/me/messages', { kind: 'video', audience: 'other_side', consentId, origin: 'upload' });
  expect(res.status, res.text).toBe(201);
  const id = res.body.id as string;
  await h.db.prisma.$executeRawUnsafe(`UPDATE "Message" SET status = $1::"MessageStatus", "updatedAt" = $2 WHERE id = $3::uuid`, status, new Date(Date.now() - ageMs), id);
  return id;
}

async function mine(id: string): Promise<{ status: string; statusReason: string | null } | undefined> {
  const res = await harmed.get('/api/me/messages');
  return (res.body.messages as { id: string; status: string; statusReason: string | null }[]).find((m) => m.id === id);
}

describe('messages a stopped server left behind', () => {
  it('an abandoned recording and a cut-off processing fail with a reason the sender sees; a running recording is left alone', async () => {
    const abandoned = await leftIn('recording', 10 * 60_000 + 6 * 60_000); // longer than the longest recording + slack
    const running = await leftIn('recording', 2 * 60_000);
    const cutOff = await leftIn('processing', 31 * 60_000);
    const processing = await leftIn('processing', 60_000);

    await h.api.services.messaging.retention.sweep(new Date());

    expect(await mine(abandoned)).toMatchObject({ status: 'failed', statusReason: expect.stringMatching(/recording stopped because the server restarted/) });
    expect(await mine(cutOff)).toMatchObject({ status: 'failed', statusReason: expect.stringMatching(/could not be processed because the server restarted/) });
    expect((await mine(running))?.status).toBe('recording');
    expect((await mine(processing))?.status).toBe('processing');

    // Nothing reaches the other side, and each failure is audited once.
    const inbox = await responsible.get('/api/me/messages');
    expect((inbox.body.messages as { id: string }[]).map((m) => m.id)).not.toEqual(expect.arrayContaining([abandoned]));
    const audits = await h.db.prisma.auditEvent.findMany({ where: { action: 'message.failed', subjectId: { in: [abandoned, cutOff, running, processing] } } });
    expect(audits.map((a) => a.subjectId).sort()).toEqual([abandoned, cutOff].sort());

    // A second sweep changes nothing more.
    await h.api.services.messaging.retention.sweep(new Date());
    expect(await h.db.prisma.auditEvent.count({ where: { action: 'message.failed', subjectId: { in: [abandoned, cutOff] } } })).toBe(2);
  });
});
