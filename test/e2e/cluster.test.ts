// Two Common Ground nodes on this machine (separate processes, different ports) sharing the real
// Redis and PostgreSQL. A meeting created through node A is joined by a browser that first hits
// node B: it ends up in the same meeting, on A, with media flowing. Then node A is killed
// (SIGKILL): both browsers reconnect through B, the meeting is re-pinned on B, the party is back in
// the main room from the placement snapshot A saved, and media flows again. Staff signed in
// on node B see the meeting on A as live on its case page (socket.io Redis adapter).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { makeTarget, type Target } from '../integration/support/databases.ts';
import { LAPTOP, newPerson, useSharedBrowser, type Person } from './support/browser.ts';
import { clusterSettings, startNode, type ClusterSettings, type NodeProcess } from './support/cluster-nodes.ts';
import { expectReceiving } from './support/expect-media.ts';
import { clickCardButton, joinMeeting, waitForCardIn, waitForRoom, waitForRoomKind } from './support/meeting-ui.ts';
import { signInFirstTime, STAFF_UI_TIMEOUT_MS } from './support/staff.ts';
import { waitForMediaFrom } from './support/stats.ts';

const FACILITATOR = 'Facilitator';
const HARMED = 'Harmed party';

/** The meeting id inside a join link's token (its `mid` claim). */
function meetingIdOf(link: string): string {
  const token = new URL(link).hash.replace('#token=', '');
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { mid: string };
  return claims.mid;
}

/** The demo facilitator's one-time password, from the log line the node that created it wrote. */
function demoFacilitatorOf(output: string): { email: string; password: string } {
  for (const line of output.split('\n')) {
    if (!line.includes('demo facilitator created')) continue;
    const { email, password } = JSON.parse(line) as { email: string; password: string };
    return { email, password };
  }
  throw new Error(`no demo facilitator in the node's output:\n${output}`);
}

/** Console lines of a page, to see where its client connected. */
function consoleOf(person: Person): string[] {
  const lines: string[] = [];
  person.page.on('console', (msg) => lines.push(msg.text()));
  return lines;
}

describe('two nodes sharing Redis and PostgreSQL', () => {
  const shared = useSharedBrowser();
  let db: Target;
  let settings: ClusterSettings;
  let nodeA: NodeProcess;
  let nodeB: NodeProcess;
  const redis = createClient({ url: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379' });

  beforeAll(async () => {
    await redis.connect();
    db = await makeTarget('postgres');
    const databaseUrl = db.options.databaseUrl;
    if (!databaseUrl) throw new Error('the postgres target has no URL');
    settings = clusterSettings(databaseUrl);
    // A first: it migrates the database and creates the demo meeting; B finds both.
    nodeA = await startNode('node-a', settings, [44000, 44099]);
    nodeB = await startNode('node-b', settings, [44100, 44199]);
  }, 150_000);

  afterAll(async () => {
    for (const node of [nodeA, nodeB]) {
      if (!node) continue;
      node.kill('SIGTERM');
      await node.exited;
    }
    const keys = await redis.keys(`${settings.namespace}:*`);
    if (keys.length > 0) await redis.del(keys);
    await redis.destroy();
    await db?.dispose();
  }, 60_000);

  it('a browser reaching node B joins the meeting on node A with media, staff on B see it live; when A dies the meeting re-pins on B', async () => {
    const { browser, people } = shared;
    const links = nodeA.demoLinks;
    expect(Object.keys(links)).toEqual(expect.arrayContaining([FACILITATOR, HARMED]));
    const meetingId = meetingIdOf(links[FACILITATOR]!);
    const pin = () => redis.get(`${settings.namespace}:pin:${meetingId}`);
    expect(await redis.sMembers(`${settings.namespace}:nodes`)).toEqual(expect.arrayContaining(['node-a', 'node-b']));

    // The facilitator joins through A; with both nodes idle, the tie goes to node-a.
    const facilitator = await newPerson(browser, FACILITATOR, LAPTOP);
    people.push(facilitator);
    await joinMeeting(facilitator, links[FACILITATOR]!);
    const main = await waitForRoomKind(facilitator.page, 'main');
    expect(await pin()).toBe('node-a');

    // The harmed party's link is opened on B. B says "node A" and the client connects there.
    const harmed = await newPerson(browser, HARMED);
    people.push(harmed);
    const harmedConsole = consoleOf(harmed);
    const viaB = links[HARMED]!.replace(nodeA.url, nodeB.url);
    expect(viaB.startsWith(nodeB.url)).toBe(true);
    await joinMeeting(harmed, viaB);
    const waiting = await waitForRoomKind(harmed.page, 'waiting');
    expect(harmed.page.url().startsWith(nodeB.url)).toBe(true);
    expect(harmedConsole.some((line) => line.includes('moving to another server') && line.includes(nodeA.url))).toBe(true);
    await waitForCardIn(facilitator.page, waiting, HARMED); // the same meeting: A's facilitator sees them

    await clickCardButton(facilitator.page, HARMED, 'card-admit');
    await waitForRoom(harmed.page, main);
    expectReceiving(await waitForMediaFrom(harmed.page, FACILITATOR), 'harmed party (page from B) receiving the facilitator on A');
    expectReceiving(await waitForMediaFrom(facilitator.page, HARMED), 'facilitator receiving the harmed party');

    // Staff watching the demo case's page on node B see the meeting on A live (socket.io Redis adapter).
    const staff = await newPerson(browser, 'Demo facilitator at the office', LAPTOP);
    people.push(staff);
    await signInFirstTime(staff.page, nodeB.url, '/staff', demoFacilitatorOf(nodeA.output()), 'a long demo facilitator passphrase');
    await staff.page.getByText('DEMO-1').first().click();
    const live = staff.page.getByTestId('meeting-live');
    await expect.poll(async () => ((await live.count()) > 0 ? live.first().innerText() : ''), { timeout: STAFF_UI_TIMEOUT_MS }).toMatch(/2 connected/);
    await expect.poll(() => staff.page.url()).toContain(nodeB.url);

    // Node A crashes. Its registration lapses (or B finds it not answering), the clients give up
    // on it and reconnect through B (the alternate A listed at join), and B takes the meeting.
    const movesBefore = harmedConsole.filter((l) => l.includes('moving to another server')).length;
    nodeA.kill('SIGKILL');
    await nodeA.exited;
    await expect.poll(pin, { timeout: 40_000, interval: 250 }).toBe('node-b');
    expect(await redis.sIsMember(`${settings.namespace}:nodes`, 'node-a')).toBe(0);

    // A saved the meeting's placement after every change: B loads it, so the party comes back into
    // the main room by themselves (nobody admits them again), and media flows through B's SFU.
    await waitForRoom(harmed.page, main);
    await waitForCardIn(facilitator.page, main, HARMED);
    expectReceiving(await waitForMediaFrom(harmed.page, FACILITATOR), 'harmed party receiving the facilitator after the move to B');
    expectReceiving(await waitForMediaFrom(facilitator.page, HARMED), 'facilitator receiving the harmed party after the move to B');
    expect(harmedConsole.filter((l) => l.includes('moving to another server')).length).toBeGreaterThan(movesBefore);
    expect([...facilitator.pageErrors, ...harmed.pageErrors].map((e) => e.message)).toEqual([]);
  }, 150_000);
});
