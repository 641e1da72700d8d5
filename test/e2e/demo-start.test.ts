// `npm start` as a newcomer runs it: the real entry point prints the demo meeting's links (a
// facilitator, the harmed party and the responsible party); opening them in three browsers, the
// parties wait until the facilitator admits them, and then everyone is in a working call.
// A second server on the same data directory is refused.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, connectToSharedBrowser, newPerson, type Person } from './support/browser.ts';
import { expectReceiving } from './support/expect-media.ts';
import { tileOf, waitUntilVisible } from './support/join.ts';
import { clickCardButton, joinMeeting, waitForRoom, waitForRoomKind } from './support/meeting-ui.ts';
import { waitForMediaFrom } from './support/stats.ts';

const DEMO_NAMES = ['Facilitator', 'Harmed party', 'Responsible party'] as const;
type DemoName = (typeof DEMO_NAMES)[number];

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Started {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
}

/** Starts the entry point exactly as `npm start` does: node with tsx's loader, no wrapper process. */
function startMain(dataDir: string): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'signalling/src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, MEDIASOUP_NUM_WORKERS: '1', LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** The suggested display name in a join link's token (the `name` claim of its JWT payload). */
function nameInLink(link: string): string | undefined {
  const token = new URL(link).hash.replace(/^#token=/, '');
  const payload = token.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { name?: string }).name;
}

/** The printed join links, by the display name each link's token suggests. */
async function demoLinks(started: Started): Promise<Record<DemoName, string>> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const printed = [...started.output().matchAll(/^\s+\S.*?\s+(https?:\/\/\S+\/join#token=\S+)$/gm)].map((m) => m[1]!);
    const links = Object.fromEntries(printed.map((link) => [nameInLink(link), link]));
    if (DEMO_NAMES.every((name) => links[name])) return links as Record<DemoName, string>;
    if (started.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no demo links for ${DEMO_NAMES.join(', ')} printed; output was:\n${started.output()}`);
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('npm start', () => {
  let browser: Browser;
  let dataDir: string;
  let server: Started;
  const people: Person[] = [];

  beforeAll(async () => {
    browser = await connectToSharedBrowser();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-demo-start-'));
    server = startMain(dataDir);
  });

  afterAll(async () => {
    await closeAll(people);
    await browser?.close();
    if (server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await exited(server.child);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints facilitator, harmed-party and responsible-party links; the parties wait until the facilitator admits them, then everyone receives everyone else', async () => {
    const links = await demoLinks(server);
    const [facilitator, harmed, responsible] = await Promise.all(DEMO_NAMES.map((name) => newPerson(browser, name)));
    people.push(facilitator!, harmed!, responsible!);

    await joinMeeting(facilitator!, links.Facilitator);
    const main = await waitForRoomKind(facilitator!.page, 'main');
    await Promise.all([joinMeeting(harmed!, links['Harmed party']), joinMeeting(responsible!, links['Responsible party'])]);
    await Promise.all([waitForRoomKind(harmed!.page, 'waiting'), waitForRoomKind(responsible!.page, 'waiting')]);

    await clickCardButton(facilitator!.page, 'Harmed party', 'card-admit');
    await clickCardButton(facilitator!.page, 'Responsible party', 'card-admit');
    await Promise.all([waitForRoom(harmed!.page, main), waitForRoom(responsible!.page, main)]);

    for (const [viewer, others] of [
      [facilitator!, ['Harmed party', 'Responsible party']],
      [harmed!, ['Facilitator', 'Responsible party']],
      [responsible!, ['Facilitator', 'Harmed party']],
    ] as const) {
      for (const other of others) {
        await waitUntilVisible(tileOf(viewer.page, other));
        const media = await waitForMediaFrom(viewer.page, other);
        expectReceiving(media, `from ${other} at ${viewer.name}`);
      }
    }
  });

  it('a second server on the same data directory stops with a clear "locked" message', async () => {
    await demoLinks(server);
    const second = startMain(dataDir);
    const code = await exited(second.child);
    expect(code).toBe(1);
    expect(second.output()).toMatch(/could not start: .*lock/i);
    expect(server.child.exitCode).toBeNull();
  });

  it('stops cleanly on SIGTERM', async () => {
    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toBe(0);
    expect(fs.existsSync(`${path.join(dataDir, 'pglite')}.lock`)).toBe(false);
  });
});
