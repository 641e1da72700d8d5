// How our microphone and camera are encoded for the SFU.
//
// Camera video goes out as two simulcast streams (half and full resolution), each with three
// temporal layers (VP8 L1T3). On a weak link the sender's own bandwidth estimate drops the upper
// stream, and the SFU picks for each receiver the stream and frame rate their connection can take
// (mediasoup's consumer follows that receiver's bandwidth estimate): video degrades to a smaller
// or slower picture instead of freezing, and leaves room for the audio.
import type { MediaKind } from '@common-ground/signalling/protocol';
import type { types as ms } from 'mediasoup-client';

/** Half resolution at most 250 kbit/s (fits a 500 kbit/s link beside the audio), then full resolution. */
export const CAMERA_ENCODINGS: readonly ms.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 2, maxBitrate: 250_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 1, maxBitrate: 1_500_000, scalabilityMode: 'L1T3' },
];

/** The encoding options of transport.produce() for one kind. */
export function produceOptions(kind: MediaKind): Pick<ms.ProducerOptions, 'encodings' | 'codecOptions'> {
  return kind === 'audio'
    ? { codecOptions: { opusDtx: true, opusFec: true } }
    : { encodings: CAMERA_ENCODINGS.map((e) => ({ ...e })) }; // copies: mediasoup-client writes rid into them
}
