// SFU configuration: media ports, addresses and codecs.
import os from 'node:os';
import type { types } from 'mediasoup';

export interface SfuConfig {
  /** Number of mediasoup workers; defaults to one per core this process may use. */
  numWorkers: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  /** Local address the WebRTC transports bind to. */
  listenIp: string;
  /** Public address put in ICE candidates when listenIp is not reachable (NAT, 0.0.0.0). */
  announcedIp?: string | undefined;
  logLevel: types.WorkerLogLevel;
}

export function defaultSfuConfig(overrides: Partial<SfuConfig> = {}): SfuConfig {
  return {
    numWorkers: os.availableParallelism(),
    rtcMinPort: 40000,
    rtcMaxPort: 40999,
    listenIp: '127.0.0.1',
    logLevel: 'warn',
    ...overrides,
  };
}

export const mediaCodecs: types.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  {
    kind: 'video',
    mimeType: 'video/VP8',
    clockRate: 90000,
    parameters: { 'x-google-start-bitrate': 800 },
  },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: {
      'packetization-mode': 1,
      'profile-level-id': '42e01f',
      'level-asymmetry-allowed': 1,
    },
  },
];
