// Real media numbers from the page's own RTCPeerConnections (recorded into window.__pcs).
import type { Page } from 'playwright-core';

export interface IncomingMedia {
  /** Sum of inbound-rtp video framesDecoded over all peer connections. */
  videoFramesDecoded: number;
  /** Sum of inbound-rtp audio packetsReceived over all peer connections. */
  audioPacketsReceived: number;
  /** How many peer connections the page created. */
  peerConnections: number;
}

/** Reads the current totals once. */
export function readIncomingMedia(page: Page): Promise<IncomingMedia> {
  return page.evaluate(async () => {
    const pcs = window.__pcs ?? [];
    let videoFramesDecoded = 0;
    let audioPacketsReceived = 0;
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((s: { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number }) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') videoFramesDecoded += s.framesDecoded ?? 0;
        if (s.kind === 'audio') audioPacketsReceived += s.packetsReceived ?? 0;
      });
    }
    return { videoFramesDecoded, audioPacketsReceived, peerConnections: pcs.length };
  });
}

/**
 * Polls until the page has decoded at least one video frame and received at least one audio
 * packet, or until the timeout. Returns the last totals either way, so the test's assertion
 * shows the real numbers when media did not flow.
 */
export async function waitForIncomingMedia(page: Page, timeoutMs = 15_000, intervalMs = 250): Promise<IncomingMedia> {
  const deadline = Date.now() + timeoutMs;
  let totals = await readIncomingMedia(page);
  while (Date.now() < deadline && (totals.videoFramesDecoded === 0 || totals.audioPacketsReceived === 0)) {
    await page.waitForTimeout(intervalMs);
    totals = await readIncomingMedia(page);
  }
  return totals;
}

/** Packet totals over all of a page's open peer connections, both directions. */
export interface RtpTotals {
  /** Sum of inbound-rtp packetsReceived (audio and video) from anyone. */
  inboundPackets: number;
  /** Sum of outbound-rtp packetsSent (audio and video): what this page sends. */
  outboundPackets: number;
}

export function readRtpTotals(page: Page): Promise<RtpTotals> {
  return page.evaluate(async () => {
    let inboundPackets = 0;
    let outboundPackets = 0;
    for (const pc of window.__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((s: { type: string; packetsReceived?: number; packetsSent?: number }) => {
        if (s.type === 'inbound-rtp') inboundPackets += s.packetsReceived ?? 0;
        if (s.type === 'outbound-rtp') outboundPackets += s.packetsSent ?? 0;
      });
    }
    return { inboundPackets, outboundPackets };
  });
}

/** Polls until the page has sent at least one audio or video packet; returns the last totals. */
export async function waitForOutgoingMedia(page: Page, timeoutMs = 15_000, intervalMs = 250): Promise<RtpTotals> {
  const deadline = Date.now() + timeoutMs;
  let totals = await readRtpTotals(page);
  while (Date.now() < deadline && totals.outboundPackets === 0) {
    await page.waitForTimeout(intervalMs);
    totals = await readRtpTotals(page);
  }
  return totals;
}

/** What a page receives on particular receiving tracks (= mediasoup consumer ids). */
export interface TrackMedia {
  /** The consumer ids asked about. */
  consumerIds: string[];
  /** How many of them have an inbound-rtp stat in the page. */
  found: number;
  audioPackets: number;
  videoPackets: number;
  videoFramesDecoded: number;
}

export function readTrackMedia(page: Page, consumerIds: readonly string[]): Promise<TrackMedia> {
  return page.evaluate(async (ids) => {
    const wanted = new Set(ids);
    const seen = new Set<string>();
    const media = { consumerIds: [...ids], found: 0, audioPackets: 0, videoPackets: 0, videoFramesDecoded: 0 };
    for (const pc of window.__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((s: { type: string; kind?: string; trackIdentifier?: string; packetsReceived?: number; framesDecoded?: number }) => {
        if (s.type !== 'inbound-rtp' || !s.trackIdentifier || !wanted.has(s.trackIdentifier)) return;
        seen.add(s.trackIdentifier);
        if (s.kind === 'audio') media.audioPackets += s.packetsReceived ?? 0;
        if (s.kind === 'video') {
          media.videoPackets += s.packetsReceived ?? 0;
          media.videoFramesDecoded += s.framesDecoded ?? 0;
        }
      });
    }
    media.found = seen.size;
    return media;
  }, [...consumerIds]);
}

/** The consumer ids on the tile(s) of `displayName` in this page (data-consumer-ids). */
export async function consumerIdsOf(page: Page, displayName: string): Promise<string[]> {
  const values = await page
    .locator(`[data-testid="tile"][data-name="${displayName}"]`)
    .evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-consumer-ids') ?? ''));
  return [...new Set(values.flatMap((v) => v.split(/\s+/)).filter((id) => id !== ''))];
}

/** What this page receives from `displayName`, through the consumers on their tile. */
export async function readMediaFrom(page: Page, displayName: string): Promise<TrackMedia> {
  return readTrackMedia(page, await consumerIdsOf(page, displayName));
}

/**
 * Polls until this page has decoded video and received audio from `displayName` (through the
 * consumer ids on their tile), or until the timeout; returns the last reading either way.
 */
export async function waitForMediaFrom(page: Page, displayName: string, timeoutMs = 15_000, intervalMs = 250): Promise<TrackMedia> {
  const deadline = Date.now() + timeoutMs;
  let media = await readMediaFrom(page, displayName);
  while (Date.now() < deadline && (media.videoFramesDecoded === 0 || media.audioPackets === 0)) {
    await page.waitForTimeout(intervalMs);
    media = await readMediaFrom(page, displayName);
  }
  return media;
}

/** One reading of packetsReceived on some tracks, at the stats' own timestamp (epoch ms). */
export interface PacketSample {
  at: number;
  /** Sum over the tracks that still had an inbound-rtp stat. */
  packets: number;
  /** packetsReceived per track (consumer id) that had a stat. */
  byTrack: Record<string, number>;
}

/**
 * Samples, inside the page, the packets received on `consumerIds` every `intervalMs` for
 * `durationMs`. Sampling in the page keeps test-runner round trips out of the timing.
 * Resolves with every sample when done.
 */
export function samplePackets(page: Page, consumerIds: readonly string[], durationMs: number, intervalMs = 100): Promise<PacketSample[]> {
  return page.evaluate(
    async ({ ids, durationMs, intervalMs }) => {
      const wanted = new Set(ids);
      const samples: { at: number; packets: number; byTrack: Record<string, number> }[] = [];
      const end = Date.now() + durationMs;
      while (Date.now() < end) {
        let packets = 0;
        let at = 0;
        const byTrack: Record<string, number> = {};
        for (const pc of window.__pcs ?? []) {
          if (pc.connectionState === 'closed') continue;
          const report = await pc.getStats();
          report.forEach((s: { type: string; trackIdentifier?: string; packetsReceived?: number; timestamp: number }) => {
            if (s.type !== 'inbound-rtp' || !s.trackIdentifier || !wanted.has(s.trackIdentifier)) return;
            byTrack[s.trackIdentifier] = s.packetsReceived ?? 0;
            packets += s.packetsReceived ?? 0;
            at = Math.max(at, s.timestamp);
          });
        }
        samples.push({ at: at || Date.now(), packets, byTrack });
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
      return samples;
    },
    { ids: [...consumerIds], durationMs, intervalMs },
  );
}

/** Whether any track received packets between two samples (a track whose stat vanished did not). */
function increased(prev: PacketSample, cur: PacketSample): boolean {
  return Object.entries(cur.byTrack).some(([id, n]) => n > (prev.byTrack[id] ?? Infinity));
}

export interface PacketTimeline {
  /** Packets arrived between two samples taken before `since` (the measurement was live). */
  flowingBefore: boolean;
  /** The last sample that saw new packets after `since`, or null if none did. */
  lastIncreaseAt: number | null;
  /** The sample before that one: packets certainly still arrived after this time. */
  stillArrivingAfter: number | null;
  samples: number;
}

/** When packets stopped arriving on the sampled tracks, relative to `since` (epoch ms). */
export function packetTimeline(samples: readonly PacketSample[], since: number): PacketTimeline {
  const timeline: PacketTimeline = { flowingBefore: false, lastIncreaseAt: null, stillArrivingAfter: null, samples: samples.length };
  for (let i = 1; i < samples.length; i += 1) {
    const prev = samples[i - 1]!;
    const cur = samples[i]!;
    if (!increased(prev, cur)) continue;
    if (cur.at <= since) {
      timeline.flowingBefore = true;
    } else {
      timeline.lastIncreaseAt = cur.at;
      timeline.stillArrivingAfter = prev.at;
    }
  }
  return timeline;
}

/** The consumer ids on `displayName`'s tile(s) whose inbound-rtp stat has this media kind. */
export async function consumerIdsOfKind(page: Page, displayName: string, kind: 'audio' | 'video'): Promise<string[]> {
  const ids = await consumerIdsOf(page, displayName);
  return page.evaluate(
    async ({ ids, kind }) => {
      const wanted = new Set(ids);
      const found = new Set<string>();
      for (const pc of window.__pcs ?? []) {
        if (pc.connectionState === 'closed') continue;
        const report = await pc.getStats();
        report.forEach((s: { type: string; kind?: string; trackIdentifier?: string }) => {
          if (s.type === 'inbound-rtp' && s.kind === kind && s.trackIdentifier && wanted.has(s.trackIdentifier)) found.add(s.trackIdentifier);
        });
      }
      return [...found];
    },
    { ids, kind },
  );
}
