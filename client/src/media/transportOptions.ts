// Converts the protocol's transport answer into mediasoup-client's TransportOptions.
import type { TransportOptions } from '@common-ground/signalling/protocol';
import type { types as ms } from 'mediasoup-client';

/**
 * The protocol types ICE candidates loosely (`ip`, `type: string`) to match mediasoup 3.8 on the
 * server; mediasoup-client 3.24 prefers `address` and falls back to `ip`. Copy `ip` into
 * `address` and hand the rest through: mediasoup-client validates the inner structure itself.
 */
export function toTransportOptions(options: TransportOptions): ms.TransportOptions {
  const iceCandidates = options.iceCandidates.map((candidate) => ({
    ...candidate,
    address: typeof candidate['address'] === 'string' ? candidate['address'] : candidate.ip,
  }));
  return {
    id: options.id,
    iceParameters: options.iceParameters,
    iceCandidates: iceCandidates as ms.IceCandidate[],
    dtlsParameters: options.dtlsParameters as ms.DtlsParameters,
    // TURN relays (TLS on 443 for prison networks); ICE tries direct candidates first, unless the
    // deployment allows only the relays ('relay': the SFU never sees this device's own address).
    iceServers: options.iceServers.map((s) => ({ urls: s.urls, username: s.username, credential: s.credential })),
    iceTransportPolicy: options.iceTransportPolicy,
  };
}
