// What one page receives from one person, in the numbers that show call quality (its own
// getStats, on the consumers of that person's tile), and which ICE path the page's connections use.
import type { Page } from 'playwright-core';
import { consumerIdsOf } from './stats.ts';

/** Cumulative counters and current values of the audio and video received from one person. */
export interface ReceivedQuality {
  at: number;
  audioPackets: number;
  /** Sum of the audio's totalAudioEnergy: grows only while sound (not silence) is played out. */
  audioEnergy: number;
  audioSamples: number;
  concealedSamples: number;
  videoPackets: number;
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
}

export async function readReceivedQuality(page: Page, displayName: string): Promise<ReceivedQuality> {
  const ids = await consumerIdsOf(page, displayName);
  return page.evaluate(async (ids) => {
    const wanted = new Set(ids);
    const q = { at: Date.now(), audioPackets: 0, audioEnergy: 0, audioSamples: 0, concealedSamples: 0, videoPackets: 0, framesDecoded: 0, frameWidth: 0, frameHeight: 0 };
    for (const pc of window.__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s['type'] !== 'inbound-rtp' || !wanted.has(String(s['trackIdentifier']))) return;
        const n = (key: string): number => (typeof s[key] === 'number' ? (s[key] as number) : 0);
        if (s['kind'] === 'audio') {
          q.audioPackets += n('packetsReceived');
          q.audioEnergy += n('totalAudioEnergy');
          q.audioSamples += n('totalSamplesReceived');
          q.concealedSamples += n('concealedSamples');
        } else {
          q.videoPackets += n('packetsReceived');
          q.framesDecoded += n('framesDecoded');
          q.frameWidth = Math.max(q.frameWidth, n('frameWidth'));
          q.frameHeight = Math.max(q.frameHeight, n('frameHeight'));
        }
      });
    }
    return q;
  }, ids);
}

/** What changed between two readings: rates per second, the share of audio concealed, the picture size at the end. */
export interface QualityOver {
  seconds: number;
  audioPackets: number;
  audioEnergy: number;
  /** Concealed (synthesised) audio samples / samples played, 0..1. */
  concealment: number;
  videoPackets: number;
  framesPerSecond: number;
  frameWidth: number;
  frameHeight: number;
}

export function qualityOver(before: ReceivedQuality, after: ReceivedQuality): QualityOver {
  const seconds = (after.at - before.at) / 1000;
  const samples = after.audioSamples - before.audioSamples;
  return {
    seconds,
    audioPackets: after.audioPackets - before.audioPackets,
    audioEnergy: after.audioEnergy - before.audioEnergy,
    concealment: samples > 0 ? (after.concealedSamples - before.concealedSamples) / samples : 1,
    videoPackets: after.videoPackets - before.videoPackets,
    framesPerSecond: (after.framesDecoded - before.framesDecoded) / seconds,
    frameWidth: after.frameWidth,
    frameHeight: after.frameHeight,
  };
}

/** Measures what `page` receives from `displayName` over `ms`. */
export async function measureReceived(page: Page, displayName: string, ms: number): Promise<QualityOver> {
  const before = await readReceivedQuality(page, displayName);
  await page.waitForTimeout(ms);
  return qualityOver(before, await readReceivedQuality(page, displayName));
}

/** The local candidate type ('host', 'relay', …) of each open connection's selected pair. */
export function selectedCandidateTypes(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const types: string[] = [];
    for (const pc of window.__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[];
      const transport = stats.find((s) => s['type'] === 'transport');
      const pair = stats.find((s) => s['id'] === transport?.['selectedCandidatePairId']);
      const local = stats.find((s) => s['id'] === pair?.['localCandidateId']);
      types.push(String(local?.['candidateType'] ?? 'none'));
    }
    return types;
  });
}

/** Round-trip times the page measured, ms: each selected ICE pair's, then each RTCP report's (by kind). */
export function roundTrips(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const pc of window.__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[];
      const transport = stats.find((s) => s['type'] === 'transport');
      const pair = stats.find((s) => s['id'] === transport?.['selectedCandidatePairId']);
      const ms = (v: unknown): string => (typeof v === 'number' ? (v * 1000).toFixed(0) : '?');
      out.push(`ice ${ms(pair?.['currentRoundTripTime'])}`);
      for (const s of stats) if (s['type'] === 'remote-inbound-rtp') out.push(`${String(s['kind'])} ${ms(s['roundTripTime'])}`);
    }
    return out;
  });
}
