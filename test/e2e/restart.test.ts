// The server process restarted mid-meeting, twice: once cleanly (SIGTERM, as a deploy does) and
// once by a crash (SIGKILL). Three people are in a meeting, the harmed party alone in a separate
// room and the responsible party in the main room with the facilitator. After each restart, on the
// same address and database, every browser reconnects by itself into the room it was in, media
// flows again, and the database holds every consent, message, review decision and audit entry it
// held before, unchanged; a half-finished upload resumes from the same offset.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentText } from '@common-ground/signalling';
import { makeTarget, type Target } from '../integration/support/databases.ts';
import { makeMedia, RawTus, videoArgs } from '../integration/support/messages.ts';
import { LAPTOP, newPerson, useSharedBrowser, type Person } from './support/browser.ts';
import { clusterSettings, freePort, startNode, type ClusterSettings, type NodeProcess } from './support/cluster-nodes.ts';
import { auditSince, counts, lostOrChanged, readRows } from './support/db-rows.ts';
import { expectReceiving } from './support/expect-media.ts';
import { clickCardButton, createRoom, currentRoom, joinMeeting, moveWithMenu, waitForCardIn, waitForRoom, waitForRoomKind } from './support/meeting-ui.ts';
import { StaffApi } from './support/messages.ts';
import { waitForMediaFrom } from './support/stats.ts';
import { tileOf } from './support/join.ts';

const FACILITATOR = 'Facilitator';
const HARMED = 'Harmed party';
const RESPONSIBLE = 'Responsible party';
const RTC_PORTS: [number, number] = [44300, 44399];
/** Long enough for socket.io's backoff (capped at 5 s) and a node start; a failure shows where it stuck. */
const BACK_IN_ROOM_MS = 45_000;

function tokenOf(link: string): string {
  return new URL(link).hash.replace('#token=', '');
}

/** The participant id inside a join link's token (its `sub` claim). */
function participantOf(link: string): string {
  return (JSON.parse(Buffer.from(tokenOf(link).split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
}

function demoFacilitatorOf(output: string): { email: string; password: string } {
  for (const line of output.split('\n')) {
    if (line.includes('demo facilitator created')) return JSON.parse(line) as { email: string; password: string };
  }
  throw new Error(`no demo facilitator in the node's output:\n${output}`);
}

/** A party's HTTP client: their join token as a bearer token. */
async function asParty(base: string, token: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function consent(base: string, token: string): Promise<string> {
  const res = await asParty(base, token, 'POST', '/api/me/consents', { purpose: 'message_recording', textVersion: consentText('message_recording').version });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body['id'] as string;
}

describe('a server restart in the middle of a meeting', () => {
  const shared = useSharedBrowser();
  let db: Target;
  let settings: ClusterSettings;
  let node: NodeProcess | undefined;
  let port: number;
  let dataDir: string;

  beforeAll(async () => {
    db = await makeTarget('postgres');
    if (!db.options.databaseUrl) throw new Error('the postgres target has no URL');
    settings = clusterSettings(db.options.databaseUrl);
    port = await freePort();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-restart-'));
    node = await startNode('restart', settings, RTC_PORTS, { port, dataDir, standalone: true });
  }, 120_000);

  afterAll(async () => {
    if (node) {
      node.kill('SIGTERM');
      await node.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    await db?.dispose();
  }, 60_000);

  async function restart(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const old = node!;
    old.kill(signal);
    await old.exited;
    node = undefined;
    node = await startNode('restart', settings, RTC_PORTS, { port, dataDir, standalone: true });
  }

  it('clients come back into their rooms with media, and no stored record or uploaded byte is lost (clean restart, then a crash)', async () => {
    const { browser, people } = shared;
    const base = node!.url;
    const links = node!.demoLinks;
    expect(Object.keys(links)).toEqual(expect.arrayContaining([FACILITATOR, HARMED, RESPONSIBLE]));

    // ── the meeting: harmed alone in a separate room; responsible with the facilitator in main ──
    const facilitator = await newPerson(browser, FACILITATOR, LAPTOP);
    const harmed = await newPerson(browser, HARMED);
    const responsible = await newPerson(browser, RESPONSIBLE);
    people.push(facilitator, harmed, responsible);
    await joinMeeting(facilitator, links[FACILITATOR]!);
    const main = await waitForRoomKind(facilitator.page, 'main');
    await joinMeeting(harmed, links[HARMED]!);
    await joinMeeting(responsible, links[RESPONSIBLE]!);
    const harmedWaiting = await waitForRoomKind(harmed.page, 'waiting');
    await waitForCardIn(facilitator.page, harmedWaiting, HARMED);
    await clickCardButton(facilitator.page, HARMED, 'card-admit');
    const responsibleWaiting = await waitForRoomKind(responsible.page, 'waiting');
    await waitForCardIn(facilitator.page, responsibleWaiting, RESPONSIBLE);
    await clickCardButton(facilitator.page, RESPONSIBLE, 'card-admit');
    await waitForRoom(harmed.page, main);
    await waitForRoom(responsible.page, main);
    const side = await createRoom(facilitator.page, 'Shuttle room');
    await moveWithMenu(facilitator.page, HARMED, side);
    await waitForRoom(harmed.page, side);
    expectReceiving(await waitForMediaFrom(facilitator.page, RESPONSIBLE), 'facilitator receiving the responsible party before the restart');
    const rooms = { facilitator: main, harmed: side, responsible: main };

    // ── stored records: consents, a text message approved by the facilitator, a half-done upload ──
    const harmedToken = tokenOf(links[HARMED]!);
    const responsibleToken = tokenOf(links[RESPONSIBLE]!);
    const staff = new StaffApi(base);
    await staff.signInFirstTime(demoFacilitatorOf(node!.output()), 'a long restart-test passphrase');
    const cases = await staff.call<{ cases: { id: string; reference: string }[] }>('GET', '/api/cases');
    const caseId = cases.cases.find((c) => c.reference === 'DEMO-1')!.id;
    const text = await asParty(base, harmedToken, 'POST', '/api/me/messages', { kind: 'text', audience: 'other_side', consentId: await consent(base, harmedToken), text: 'I would like to understand why.' });
    expect(text.status, JSON.stringify(text.body)).toBe(201);
    await staff.call('POST', `/api/cases/${caseId}/messages/${text.body['id'] as string}/approve`);
    const video = await asParty(base, responsibleToken, 'POST', '/api/me/messages', { kind: 'video', audience: 'other_side', consentId: await consent(base, responsibleToken), origin: 'upload' });
    expect(video.status, JSON.stringify(video.body)).toBe(201);
    const bytes = fs.readFileSync(makeMedia(dataDir, 'clip.webm', videoArgs(3)));
    const tus = new RawTus(base, responsibleToken);
    const upload = await tus.create(bytes.length, { messageId: video.body['id'] as string, filetype: 'video/webm', origin: 'upload' });
    expect(upload.status, upload.text).toBe(201);
    const half = Math.floor(bytes.length / 2);
    expect((await tus.patch(upload.location!, 0, bytes.subarray(0, half))).status).toBe(204);

    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const before = await readRows(db.options.databaseUrl!);
      expect(counts(before)).toMatchObject({ ConsentRecord: 2, Message: 2 });
      const restartedAt = new Date();
      await restart(signal);
      expect(node!.url).toBe(base);

      // Everyone reconnects by themselves and the new process puts them back where they were: the
      // server audits a reconnection (not a fresh arrival in a waiting room) into their old room.
      const ids = Object.fromEntries(Object.entries(links).map(([name, link]) => [name, participantOf(link)]));
      await expect
        .poll(async () => {
          const back = await auditSince(db.options.databaseUrl!, 'participant.reconnected', restartedAt);
          return Object.fromEntries([FACILITATOR, HARMED, RESPONSIBLE].map((name) => [name, back.get(ids[name]!)?.['roomId'] ?? null]));
        }, { timeout: BACK_IN_ROOM_MS, interval: 250 })
        .toEqual({ [FACILITATOR]: rooms.facilitator, [HARMED]: rooms.harmed, [RESPONSIBLE]: rooms.responsible });
      expect((await auditSince(db.options.databaseUrl!, 'participant.joined', restartedAt)).size, `fresh arrivals after ${signal}`).toBe(0);
      for (const [person, room] of [[facilitator, rooms.facilitator], [harmed, rooms.harmed], [responsible, rooms.responsible]] as const) {
        await person.page.locator(`[data-testid="meeting-page"][data-connection="joined"][data-room-id="${room}"]`).waitFor({ timeout: BACK_IN_ROOM_MS }).catch(async (err: unknown) => {
          throw new Error(`${person.name} is not back in ${room} after ${signal}: on ${JSON.stringify(await currentRoom(person.page))}\n${String(err)}\n${node!.output().slice(-3000)}`);
        });
      }
      await waitForCardIn(facilitator.page, side, HARMED);
      expectReceiving(await waitForMediaFrom(facilitator.page, RESPONSIBLE, BACK_IN_ROOM_MS), `facilitator receiving the responsible party after ${signal}`);
      expectReceiving(await waitForMediaFrom(responsible.page, FACILITATOR, BACK_IN_ROOM_MS), `responsible party receiving the facilitator after ${signal}`);
      expect(await tileOf(harmed.page, RESPONSIBLE).count(), `tiles of the responsible party at the harmed party after ${signal}`).toBe(0);

      // Nothing stored before is missing or changed (the upload's message row is still "uploading").
      const after = await readRows(db.options.databaseUrl!);
      expect(lostOrChanged(before, after), `records lost or changed by ${signal}`).toEqual({});
      expect((await tus.head(upload.location!)).offset, `upload offset after ${signal}`).toBe(half);
    }

    // The upload finishes from where it stopped and is processed into a message for review.
    expect((await tus.patch(upload.location!, half, bytes.subarray(half))).status).toBe(204);
    await expect
      .poll(async () => {
        const mine = await asParty(base, responsibleToken, 'GET', '/api/me/messages');
        return (mine.body['messages'] as { id: string; status: string }[]).find((m) => m.id === video.body['id'])?.status;
      }, { timeout: 45_000, interval: 250 })
      .toBe('pending_review');
    expect([...facilitator.pageErrors, ...harmed.pageErrors, ...responsible.pageErrors].map((e) => e.message)).toEqual([]);
  }, 300_000);
});
