// A call where one person's network turns bad mid-call: 5 % loss, 300 ms round trip, 500 kbit/s
// each way. The kernel here has no netem, so a userspace relay (support/impaired-link.ts) sits in
// front of a private coturn; the app runs with TURN_RELAY_ONLY, so both browsers reach the SFU
// only through that TURN server, and the relay impairs only the party's TURN traffic (picked by
// the TURN username, which carries the participant id). Measured in both browsers' getStats,
// before and after: audio keeps flowing both ways, video keeps arriving but smaller or slower,
// and the party's connection-quality indicator goes from good to poor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@common-ground/signalling';
import { loadEnv, turnConfig } from '../../signalling/src/config.ts';
import { newPerson, useSharedBrowser } from './support/browser.ts';
import { measureReceived, roundTrips, selectedCandidateTypes, type QualityOver } from './support/call-quality.ts';
import { ConsumerLayers } from './support/consumer-layers.ts';
import { BAD_NETWORK, ImpairedLink } from './support/impaired-link.ts';
import { tileOf, waitUntilVisible } from './support/join.ts';
import { clickCardButton, joinMeeting, waitForRoom, waitForRoomKind } from './support/meeting-ui.ts';
import { startTurnServer, type TurnServer } from './support/turn-server.ts';
import { consumerIdsOfKind, waitForMediaFrom } from './support/stats.ts';

/** How long each phase is measured. */
const MEASURE_MS = 10_000;
/** Generous: the indicator reads every 2 s over a few readings, and the machine is shared. */
const INDICATOR_TIMEOUT_MS = 40_000;
/** After the indicator turned poor, for the bandwidth estimates to settle before measuring. */
const SETTLE_MS = 5_000;
/** The whole camera video: the full-size simulcast stream with all three temporal layers (see client/src/media/sendEncodings.ts). */
const TOP_LAYERS = { spatialLayer: 1, temporalLayer: 2 };

function indicatorLevel(page: Page): Promise<string | null> {
  return page.getByTestId('connection-quality').getAttribute('data-level');
}

describe('a call on a bad network', () => {
  const suite = useSharedBrowser();
  const { people } = suite;
  let turn: TurnServer | undefined;
  let link: ImpairedLink | undefined;
  let server: RunningServer | undefined;
  let dataDir: string | undefined;
  let layers: ConsumerLayers | undefined;

  beforeAll(async () => {
    layers = ConsumerLayers.start(); // before the server creates its mediasoup worker
    turn = await startTurnServer([46000, 46199]);
    link = await ImpairedLink.start({ host: turn.host, port: turn.port }, 8);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bad-network-'));
    // The setting as a deployment writes it: TURN through the relay, and relay-only ICE.
    const env = loadEnv({ TURN_URLS: link.turnUrl, TURN_SECRET: turn.secret, TURN_RELAY_ONLY: 'true' });
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      logLevel: 'warn',
      turn: turnConfig(env),
      sfu: { numWorkers: 1, rtcMinPort: 45000, rtcMaxPort: 45199 },
    });
  });

  afterAll(async () => {
    await server?.close();
    await link?.close();
    await turn?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    layers?.stop();
  });

  it('keeps audio flowing both ways, sends smaller or slower video, and shows the party a poor connection once their link turns bad', async () => {
    if (!server || !link || !turn || !layers) throw new Error('beforeAll did not finish');
    const meeting = await server.createMeeting({
      title: 'E2E bad network',
      participants: [
        { displayName: 'Fay', role: 'facilitator' },
        { displayName: 'Pat', role: 'party' },
      ],
    });
    const [fayInvite, patInvite] = meeting.participants;
    const fay = await newPerson(suite.browser, 'Fay');
    const pat = await newPerson(suite.browser, 'Pat');
    people.push(fay, pat);
    await joinMeeting(fay, fayInvite!.link);
    const main = await waitForRoomKind(fay.page, 'main');
    await joinMeeting(pat, patInvite!.link);
    await waitForRoomKind(pat.page, 'waiting');
    await clickCardButton(fay.page, 'Pat', 'card-admit');
    await waitForRoom(pat.page, main);
    await waitUntilVisible(tileOf(fay.page, 'Pat'));
    await waitUntilVisible(tileOf(pat.page, 'Fay'));
    await Promise.all([waitForMediaFrom(fay.page, 'Pat', 30_000), waitForMediaFrom(pat.page, 'Fay', 30_000)]);

    // TURN_RELAY_ONLY: every connection of both browsers runs through the TURN server (and the relay).
    expect(await selectedCandidateTypes(fay.page)).toEqual(['relay', 'relay']);
    expect(await selectedCandidateTypes(pat.page)).toEqual(['relay', 'relay']);
    const [patSeesFay] = await consumerIdsOfKind(pat.page, 'Fay', 'video');
    const [faySeesPat] = await consumerIdsOfKind(fay.page, 'Pat', 'video');
    expect(layers.of(patSeesFay!)?.type, 'camera video is simulcast').toBe('simulcast');
    expect(layers.of(faySeesPat!)?.type).toBe('simulcast');

    // A healthy network: both indicators settle on good, and the SFU forwards both videos whole
    // (the full-size stream, every frame) once the bandwidth estimates have ramped up. The baseline.
    await expect.poll(() => indicatorLevel(pat.page), { timeout: INDICATOR_TIMEOUT_MS, interval: 500 }).toBe('good');
    await expect.poll(() => indicatorLevel(fay.page), { timeout: INDICATOR_TIMEOUT_MS, interval: 500 }).toBe('good');
    for (const consumerId of [patSeesFay!, faySeesPat!]) {
      await expect.poll(() => layers!.of(consumerId)?.layers, { timeout: INDICATOR_TIMEOUT_MS, interval: 500 }).toEqual(TOP_LAYERS);
    }
    const healthy = await measurePhase();

    // Pat's network turns bad.
    link.impair((username) => username.endsWith(`:${patInvite!.participantId}`), BAD_NETWORK);
    const impairedAt = Date.now();
    const labels: string[] = [];
    await expect
      .poll(async () => {
        labels.push(`${((Date.now() - impairedAt) / 1000).toFixed(1)} s: ${await indicatorLabel(pat.page)}`);
        return indicatorLevel(pat.page);
      }, { timeout: INDICATOR_TIMEOUT_MS, interval: 1_000 })
      .toBe('poor');
    console.info('[bad-network] Pat’s indicator after the impairment', labels);
    await pat.page.waitForTimeout(SETTLE_MS); // the bandwidth estimates and the SFU's layer choice follow the new link
    const bad = await measurePhase();
    console.info('[bad-network] healthy', healthy);
    console.info('[bad-network] impaired', bad, link.counts());
    console.info('[bad-network] ICE and RTCP round trips (ms) at Fay', await roundTrips(fay.page), 'at Pat', await roundTrips(pat.page));

    expect(link.counts()).toMatchObject({ flows: 4, impairedFlows: 2 }); // Pat's send and receive transports only
    // While the link is bad Pat's indicator stays poor (read once a second), naming the problems;
    // it is about one's own link, so Fay's is never poor. Healthy, neither was.
    expect(bad.patIndicator.filter((l) => l === 'poor').length, `Pat's indicator: ${bad.patIndicator.join(' ')}`).toBeGreaterThanOrEqual(bad.patIndicator.length / 2);
    expect(bad.patIndicator).not.toContain('good');
    expect(bad.patLabel).toMatch(/^Connection: (poor|fair) \(.+\)$/);
    expect(bad.fayIndicator, `Fay's indicator: ${bad.fayIndicator.join(' ')}`).not.toContain('poor');
    expect([...healthy.patIndicator, ...healthy.fayIndicator]).not.toContain('poor');

    for (const [who, before, after] of [
      ['Fay hears Pat', healthy.atFay, bad.atFay],
      ['Pat hears Fay', healthy.atPat, bad.atPat],
    ] as const) {
      // Audio keeps flowing: packets and sound keep coming, little of it concealed.
      expect(after.audioPackets / after.seconds, `${who}: audio packets per second`).toBeGreaterThan(0.6 * (before.audioPackets / before.seconds));
      expect(after.audioEnergy / after.seconds, `${who}: sound energy per second`).toBeGreaterThan(0.5 * (before.audioEnergy / before.seconds));
      expect(after.concealment, `${who}: share of audio concealed`).toBeLessThan(0.15);
    }
    for (const [who, before, after] of [
      ['Fay sees Pat', healthy.atFay, bad.atFay],
      ['Pat sees Fay', healthy.atPat, bad.atPat],
    ] as const) {
      // Video keeps arriving, smaller or slower than before.
      expect(after.framesPerSecond, `${who}: frames per second`).toBeGreaterThanOrEqual(1);
      expect(pixelRate(after), `${who}: pixels per second`).toBeLessThan(pixelRate(before));
    }
    // The SFU forwards less than the whole video: Pat's own sender dropped its full-size stream, and
    // for Pat's link the SFU picked the smaller stream or fewer frames of Fay's video.
    expect(rank(bad.faySeesPatLayers), 'layer of Pat’s video the SFU sends Fay').toBeLessThan(rank(TOP_LAYERS));
    expect(rank(bad.patSeesFayLayers), 'layer of Fay’s video the SFU sends Pat').toBeLessThan(rank(TOP_LAYERS));
    expect([...fay.pageErrors, ...pat.pageErrors]).toEqual([]);

    /** Both directions over MEASURE_MS, both indicators once a second meanwhile, and the layers the SFU forwards at the end. */
    async function measurePhase() {
      const patIndicator: (string | null)[] = [];
      const fayIndicator: (string | null)[] = [];
      const end = Date.now() + MEASURE_MS;
      const [atFay, atPat] = await Promise.all([
        measureReceived(fay.page, 'Pat', MEASURE_MS),
        measureReceived(pat.page, 'Fay', MEASURE_MS),
        (async () => {
          while (Date.now() < end) {
            patIndicator.push(await indicatorLevel(pat.page));
            fayIndicator.push(await indicatorLevel(fay.page));
            await pat.page.waitForTimeout(1_000);
          }
        })(),
      ]);
      return {
        atFay,
        atPat,
        faySeesPatLayers: layers!.of(faySeesPat!)?.layers ?? null,
        patSeesFayLayers: layers!.of(patSeesFay!)?.layers ?? null,
        patIndicator,
        fayIndicator,
        patLabel: await indicatorLabel(pat.page),
      };
    }
  }, 240_000);
});

function indicatorLabel(page: Page): Promise<string | null> {
  return page.getByTestId('connection-quality').getAttribute('aria-label');
}

/** What the receiver shows per second: width × height × frames. */
function pixelRate(q: QualityOver): number {
  return q.frameWidth * q.frameHeight * q.framesPerSecond;
}

/** Orders layers: a higher spatial layer first, then a higher temporal one; none is lowest. */
function rank(l: { spatialLayer: number; temporalLayer?: number } | null): number {
  return l ? l.spatialLayer * 10 + (l.temporalLayer ?? 0) : -1;
}
