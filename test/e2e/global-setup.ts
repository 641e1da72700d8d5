// Starts what every e2e test shares, once per run, in the vitest main process:
//  - one Chromium (playwright-core launchServer); tests connect and open their own contexts;
//  - one app server (real signalling + mediasoup) on 127.0.0.1 with a fresh data directory;
//  - the test-only control server that lets tests create meetings on that app server and read
//    what it recorded (audit events, and what the SFU forwards, via the media ledger).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { startServer } from '@common-ground/signalling';
import { chromiumLaunchOptions } from './support/chromium.ts';
import { startControlServer } from './support/control-server.ts';
import { MediaLedger } from './support/media-ledger.ts';
import './support/provided.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cleanups: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const browserServer = await chromium.launchServer(chromiumLaunchOptions);
    cleanups.push(() => browserServer.close());

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-e2e-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));

    // Observes mediasoup before the app server creates its worker, so nothing is missed.
    const ledger = MediaLedger.start();

    // One mediasoup worker is plenty for a few people, and leaves the second core to Chromium.
    // E2E_CLIENT_DIST serves another client build (e.g. one being tried out) instead of client/dist.
    const clientDist = process.env.E2E_CLIENT_DIST;
    const app = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'warn', sfu: { numWorkers: 1 }, ...(clientDist ? { clientDist } : {}) });
    cleanups.push(() => app.close());

    const control = await startControlServer(app, ledger);
    cleanups.push(() => control.close());

    project.provide('browserWsEndpoint', browserServer.wsEndpoint());
    project.provide('appUrl', app.url);
    project.provide('controlUrl', control.url);
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
