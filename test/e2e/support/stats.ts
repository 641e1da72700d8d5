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
