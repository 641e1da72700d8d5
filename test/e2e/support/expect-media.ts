// Assertions on received media whose failure messages say what was measured, so "0 frames"
// from a tile without consumer ids is told apart from media that really did not flow.
import { expect } from 'vitest';
import type { TrackMedia } from './stats.ts';

/** Fails unless video frames were decoded and audio packets received on these consumers. */
export function expectReceiving(media: TrackMedia, what: string): void {
  const ids = media.consumerIds.length > 0 ? media.consumerIds.join(' ') : 'none (the tile has no data-consumer-ids)';
  const context = `${what}; consumer ids on the tile: ${ids}; of them with inbound-rtp stats: ${media.found}`;
  expect(media.videoFramesDecoded, `video frames decoded: ${context}`).toBeGreaterThan(0);
  expect(media.audioPackets, `audio packets received: ${context}`).toBeGreaterThan(0);
}
