// `npm start` as a newcomer runs it: the real entry point prints two demo links, and opening them
// in two browsers gives a working call. A second server on the same data directory is refused.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, connectToSharedBrowser, newPerson, type Person } from './support/browser.ts';
import { joinThroughUi, tileOf, waitUntilVisible } from './support/join.ts';
import { waitForIncomingMedia } from './support/stats.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

interface Started {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
}

function startMain(dataDir: string): Started {
  const child = spawn(tsx, ['signalling/src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, MEDIASOUP_NUM_WORKERS: '1', LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function demoLinks(started: Started): Promise<Record<string, string>> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const links = Object.fromEntries([...started.output().matchAll(/^\s+(facilitator|party)\s+(http\S+)$/gm)].map((m) => [m[1], m[2]]));
    if (links.facilitator && links.party) return links as Record<string, string>;
    if (started.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no demo links printed; output was:\n${started.output()}`);
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

  it('prints a facilitator and a participant link that open a working call', async () => {
    const links = await demoLinks(server);
    const facilitator = await newPerson(browser, 'Facilitator');
    const participant = await newPerson(browser, 'Participant');
    people.push(facilitator, participant);

    await joinThroughUi(facilitator, links.facilitator!);
    await joinThroughUi(participant, links.party!);
    await waitUntilVisible(tileOf(facilitator.page, 'Participant'));
    await waitUntilVisible(tileOf(participant.page, 'Facilitator'));

    const [atFacilitator, atParticipant] = await Promise.all([
      waitForIncomingMedia(facilitator.page),
      waitForIncomingMedia(participant.page),
    ]);
    expect(atFacilitator.videoFramesDecoded).toBeGreaterThan(0);
    expect(atFacilitator.audioPacketsReceived).toBeGreaterThan(0);
    expect(atParticipant.videoFramesDecoded).toBeGreaterThan(0);
    expect(atParticipant.audioPacketsReceived).toBeGreaterThan(0);
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
