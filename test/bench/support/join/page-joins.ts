// One measured join in real Chromium, for the app or the bare page: a fresh browser context (its
// own cookies, cache and fake camera), the probe (page-probe.ts) installed before any page script,
// the join link loaded, then everything read from the probe once the first remote frame showed.
// Afterwards the joiner leaves the meeting (meeting.leave) and the context is closed.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type {} from '../../../../client/lab/bare-join.ts'; // window.bareJoin
import { installJoinProbe, readJoinProbe, type ProbeOptions, type ProbeReport } from './page-probe.ts';

/** app: the real client at /join; bare / bare-send: client/lab/bare-join.html (receive only / also send). */
export type Variant = 'app' | 'bare' | 'bare-send';

export const VIEWPORT = { width: 1440, height: 900 } as const;
const JOIN_TIMEOUT_MS = 20_000;
const POLL_MS = 50;

export interface JoinSample {
  variant: Variant;
  participantId: string;
  ok: boolean;
  /** Why it failed: the last probe marks reached, page errors. */
  failure: string | null;
  report: ProbeReport;
  pageErrors: string[];
}

/**
 * esbuild (tsx) may wrap functions in __name(...) when it keeps names; the probe is serialised into
 * the page, where __name does not exist. A no-op one is defined first.
 */
function probeScript(options: ProbeOptions): string {
  return `var __name = (f) => f;\n(${installJoinProbe.toString()})(${JSON.stringify(options)});`;
}

export async function newJoinerContext(browser: Browser, options: ProbeOptions): Promise<BrowserContext> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'], viewport: VIEWPORT });
  await context.addInitScript({ content: probeScript(options) });
  return context;
}

async function read(page: Page): Promise<ProbeReport> {
  return page.evaluate(readJoinProbe);
}

/** Polls the probe until `done` holds or the time is up; returns the last report. */
export async function waitForProbe(page: Page, done: (report: ProbeReport) => boolean, timeoutMs = JOIN_TIMEOUT_MS): Promise<{ report: ProbeReport; reached: boolean }> {
  const deadline = Date.now() + timeoutMs;
  let report = await read(page);
  while (!done(report) && Date.now() < deadline) {
    await sleep(POLL_MS);
    report = await read(page);
  }
  return { report, reached: done(report) };
}

function acked(report: ProbeReport, name: string): number {
  return report.requests.filter((r) => r.name === name && r.ackAt !== null).length;
}

/**
 * The publisher: the app, joined as a facilitator with the fake camera, left open in the meeting.
 * Resolves once both its producers (microphone and camera) were acked by the server.
 */
export async function openPublisher(browser: Browser, link: string): Promise<{ page: Page; leave(): Promise<void> }> {
  const context = await newJoinerContext(browser, { clickSelector: '[data-testid="join-button"]', statsPollMs: 1000 });
  const page = await context.newPage();
  await page.goto(link);
  const { reached, report } = await waitForProbe(page, (r) => acked(r, 'producer.create') >= 2, 30_000);
  if (!reached) throw new Error(`the publisher did not start sending: ${JSON.stringify(report.marks)}`);
  return {
    page,
    async leave() {
      await leave(page, 'app');
      await context.close();
    },
  };
}

/** One join: load `url`, wait for the first remote video frame, leave, close. */
export async function measureJoin(browser: Browser, variant: Variant, url: string, participantId: string): Promise<JoinSample> {
  const context = await newJoinerContext(browser, {
    clickSelector: variant === 'app' ? '[data-testid="join-button"]' : null,
    statsPollMs: 10,
  });
  const pageErrors: string[] = [];
  let report: ProbeReport = { marks: {}, requests: [], longFrames: [], navigation: null };
  try {
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(url, { waitUntil: 'commit' });
    const waited = await waitForProbe(page, (r) => r.marks['video.firstFrame'] !== undefined && r.marks['video.framesDecoded'] !== undefined);
    report = waited.report;
    let failure = waited.reached ? null : `no first frame in ${JOIN_TIMEOUT_MS} ms; marks: ${Object.keys(report.marks).join(', ')}`;
    // A failed leave does not void the measurement; it is noted (the server ends the session after its grace).
    await leave(page, variant).catch((err: unknown) => {
      failure = `${failure ?? 'measured, but'} leave failed: ${err instanceof Error ? err.message : String(err)}`;
    });
    return { variant, participantId, ok: waited.reached, failure, report, pageErrors };
  } catch (err) {
    // A crashed page or navigation: recorded as a failed join, the run goes on.
    return { variant, participantId, ok: false, failure: err instanceof Error ? err.message : String(err), report, pageErrors };
  } finally {
    await context.close();
  }
}

/** Leaves through the page (the app's Leave button, or bareJoin.leave()) and waits for the ack. */
async function leave(page: Page, variant: Variant): Promise<void> {
  if (variant === 'app') {
    const button = page.getByTestId('leave-button');
    if ((await button.count()) === 0) return;
    await button.click({ timeout: 5_000 });
  } else {
    await page.evaluate(() => window.bareJoin?.leave());
  }
  await waitForProbe(page, (r) => acked(r, 'meeting.leave') > 0, 5_000);
}
