// Join time in real Chromium with fake devices, printed (never asserted): from loading a join link to
// the first remote video frame shown, for the app next to a bare mediasoup-client page speaking the
// same protocol to the same server in the same run.
//
// Setup: our server (startServer, in a child process, PGlite) serves the built app plus
// client/lab/bare-join.html built into the same directory (same origin, same headers and CSP). One
// headless Chromium. A publisher (the app, a facilitator with the fake camera and microphone) stays
// in the meeting's main room. Then joins, interleaved in rotating order so noise hits all alike:
//  - app: a fresh context loads /join#token=… and clicks Join the moment the button is enabled
//    (clicked inside the page by the probe, no CDP round trip); the app also sends its camera;
//  - bare: a fresh context loads /lab/bare-join.html#token=…, which joins at once, receive only;
//  - bare-send: the same page with ?send=1, also opening and sending camera and microphone as the app.
// Every joiner is a fresh facilitator of the meeting (facilitators arrive in the main room, where the
// publisher is), and leaves (meeting.leave) before the next join. Every 2 rounds a new meeting (and a
// new publisher page) replaces the last, so no meeting has more than 1 + 2 × 3 people invited: the
// facilitator console lists everyone invited, and a meeting of 60 would slow the app unrealistically. Times are taken inside the page by
// page-probe.ts: performance.now(), i.e. ms since navigation start; "first frame" is the first
// requestVideoFrameCallback of the <video> showing the remote camera; framesDecoded is a 10 ms
// getStats() poll. Warm-up joins (not counted) come first.
//
// Run: node --import tsx test/bench/join-time.ts [--joins 20] [--warmup 2] [--variants app,bare,bare-send]
// Needs the built client (npm run build -w client) and Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../e2e/support/chromium.ts';
import { BARE_PAGE_PATH, buildCombinedClient } from './support/join/bare-build.ts';
import { ServerChild, type InvitedMeeting } from './support/join/ipc.ts';
import { busyTable, milestones, milestoneTable, ratiosAgainst, summarizeVariant, summaryTable, type JoinRatios } from './support/join/join-time-report.ts';
import { measureJoin, openPublisher, VIEWPORT, type JoinSample, type Variant } from './support/join/page-joins.ts';
import { table } from './support/join/stats.ts';

const VARIANTS: readonly Variant[] = ['app', 'bare', 'bare-send'];
/** RTC ports of its own, clear of the default range and of the other benchmarks'. */
const RTC_PORTS = { rtcMinPort: 42000, rtcMaxPort: 42199 };
/** Pause after each join's leave, so the server and the publisher settle. */
const BETWEEN_JOINS_MS = 300;

function urlFor(variant: Variant, server: ServerChild, token: string): string {
  if (variant === 'app') return `${server.url}/join#token=${token}`;
  return `${server.url}${BARE_PAGE_PATH}${variant === 'bare-send' ? '?send=1' : ''}#token=${token}`;
}

/** Meetings are replaced after this many rounds, so each has 1 + 2 × variants people invited (RJ size). */
const ROUNDS_PER_MEETING = 2;

type Invited = InvitedMeeting['participants'][number];

/** A meeting with the publisher and, per variant, a fresh facilitator for each of the next rounds. */
async function newMeeting(server: ServerChild, n: number, variants: readonly Variant[]): Promise<{ publisher: Invited; joiners: Map<Variant, Invited[]> }> {
  const invitees = [{ displayName: 'Publisher', role: 'facilitator' as const }];
  for (let i = 0; i < ROUNDS_PER_MEETING; i++) for (const v of variants) invitees.push({ displayName: `${v} joiner ${i + 1}`, role: 'facilitator' as const });
  const [meeting] = await server.createMeetings([{ title: `Join time bench ${n}`, participants: invitees }]);
  const [publisher, ...rest] = meeting?.participants ?? [];
  if (!publisher) throw new Error('no meeting created');
  const joiners = new Map<Variant, Invited[]>(variants.map((v, vi) => [v, rest.filter((_, j) => j % variants.length === vi)]));
  return { publisher, joiners };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      joins: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '2' },
      variants: { type: 'string', default: VARIANTS.join(',') },
    },
  });
  const joins = Number(values.joins);
  const warmup = Number(values.warmup);
  const variants = values.variants.split(',').filter((v): v is Variant => (VARIANTS as readonly string[]).includes(v));
  const rounds = warmup + joins;
  const started = Date.now();

  process.stderr.write('building the bare join page into a copy of client/dist…\n');
  const client = await buildCombinedClient();
  const server = await ServerChild.start({ kind: 'app', ...RTC_PORTS, clientDist: client.dir });
  const browser = await chromium.launch(chromiumLaunchOptions);
  const samples: JoinSample[] = [];
  let publisher: Awaited<ReturnType<typeof openPublisher>> | null = null;
  try {
    let joiners = new Map<Variant, Invited[]>();
    for (let round = 0; round < rounds; round++) {
      if (round % ROUNDS_PER_MEETING === 0) {
        // A new meeting of RJ size: the publisher and a fresh facilitator for each of the next joins.
        await publisher?.leave();
        const meeting = await newMeeting(server, round / ROUNDS_PER_MEETING + 1, variants);
        publisher = await openPublisher(browser, meeting.publisher.link);
        joiners = meeting.joiners;
      }
      const order = variants.map((_, i) => variants[(i + round) % variants.length] as Variant);
      for (const variant of order) {
        const who = joiners.get(variant)?.shift();
        if (!who) throw new Error(`ran out of ${variant} joiners`);
        const sample = await measureJoin(browser, variant, urlFor(variant, server, who.token), who.participantId);
        if (round >= warmup) samples.push(sample);
        const frame = sample.report.marks['video.firstFrame'];
        process.stderr.write(`${round < warmup ? 'warm-up' : `join ${round - warmup + 1}`} ${variant}: ${sample.ok && frame !== undefined ? `${Math.round(frame)} ms` : `FAILED (${sample.failure})`}\n`);
        await sleep(BETWEEN_JOINS_MS);
      }
    }
    await publisher?.leave();
  } finally {
    await browser.close();
    await server.close();
    client.dispose();
  }

  const summaries = variants.map((v) => summarizeVariant(v, samples));
  const ratios: JoinRatios[] = [...ratiosAgainst(summaries, 'app', 'bare'), ...ratiosAgainst(summaries, 'app', 'bare-send'), ...ratiosAgainst(summaries, 'bare-send', 'bare')];
  const app = summaries.find((s) => s.variant === 'app');
  const bare = summaries.find((s) => s.variant === 'bare');
  const goal = app && bare
    ? { appP50Ms: app.navToFirstFrame.p50, p50AtMost1000Ms: app.navToFirstFrame.p50 <= 1000, ratioP50: ratios[0]?.p50 ?? null, ratioAtMost1_3: (ratios[0]?.p50 ?? Infinity) <= 1.3 }
    : null;
  const outDir = path.resolve('bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const result = {
    bench: 'join-time',
    cores: os.cpus().length,
    node: process.version,
    date: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    config: { joinsPerVariant: joins, warmupPerVariant: warmup, variants, viewport: VIEWPORT, chromium: chromiumLaunchOptions.executablePath, server: 'startServer in a child process, PGlite, 127.0.0.1', barePage: BARE_PAGE_PATH },
    method:
      'Times are performance.now() in the page (ms since navigation start of the join link). First frame = first requestVideoFrameCallback of the <video> whose stream holds a track from an RTCRtpReceiver. App: Join clicked inside the page as soon as the button is enabled. Fresh browser context (empty cache) per join; joins interleaved in rotating order.',
    goal,
    summaries,
    ratios,
    joins: samples.map((s) => ({ variant: s.variant, ok: s.ok, failure: s.failure, pageErrors: s.pageErrors, milestones: milestones(s), probe: s.report })),
  };
  const jsonPath = path.join(outDir, 'join-time.json');
  fs.writeFileSync(jsonPath, JSON.stringify(result, null, 2));
  console.log(JSON.stringify({ ...result, joins: `${samples.length} joins, see ${jsonPath}` }, null, 2));

  console.log(`\nJoin time, real Chromium with fake devices, ${joins} joins per variant after ${warmup} warm-up, ${os.cpus().length} cores.`);
  console.log('nav = the join link starting to load (performance.now() = 0 in the page). Goal: app p50 ≤ 1000 ms and ≤ 1.3× bare.');
  console.log(summaryTable(summaries));
  console.log('\nRatios:');
  console.log(table(['', 'p50', 'p95'], ratios.map((r) => [r.of, r.p50, r.p95])));
  console.log('\nWhere the time goes:');
  console.log(milestoneTable(summaries));
  console.log(`\n${busyTable(summaries)}`);
  const failed = summaries.filter((s) => s.failures > 0);
  for (const s of failed) console.log(`${s.variant}: ${s.failures} of ${s.joins} joins failed (see "joins" in the JSON)`);
  if (goal) console.log(`\nGoal: app p50 ${goal.appP50Ms} ms (≤ 1000: ${goal.p50AtMost1000Ms ? 'yes' : 'no'}), app/bare p50 ${goal.ratioP50} (≤ 1.3: ${goal.ratioAtMost1_3 ? 'yes' : 'no'})`);
  console.log(`JSON: ${jsonPath}`);
}

await main();
