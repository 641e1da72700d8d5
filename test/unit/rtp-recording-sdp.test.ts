// The SDP the live recorder hands ffmpeg: the payload types and codecs exactly as the SFU's
// consumers send them, ffmpeg's RTCP port next to each RTP port, loopback only, WebM codecs only.
import { describe, expect, it } from 'vitest';
import { sdpFor, type RtpTarget } from '@common-ground/recorder';

const targets: Record<'audio' | 'video', RtpTarget> = {
  audio: { ip: '127.0.0.1', port: 30010, rtcpPort: 51234 },
  video: { ip: '127.0.0.1', port: 30020, rtcpPort: 51236 },
};

describe('sdpFor()', () => {
  it('describes each stream with the consumer\'s payload type, codec, clock, channels and fmtp', () => {
    const sdp = sdpFor(
      [
        { kind: 'audio', payloadType: 100, mimeType: 'audio/opus', clockRate: 48000, channels: 2, parameters: { 'sprop-stereo': 1, useinbandfec: 1 } },
        { kind: 'video', payloadType: 101, mimeType: 'video/VP8', clockRate: 90000, parameters: {} },
      ],
      targets,
    );
    expect(sdp.split('\r\n')).toEqual([
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=Common Ground recording',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 30010 RTP/AVP 100',
      'a=rtcp:30011',
      'a=rtpmap:100 opus/48000/2',
      'a=fmtp:100 sprop-stereo=1;useinbandfec=1',
      'a=recvonly',
      'm=video 30020 RTP/AVP 101',
      'a=rtcp:30021',
      'a=rtpmap:101 VP8/90000',
      'a=recvonly',
      '',
    ]);
  });

  it('refuses a codec WebM cannot hold (H.264) with PROCESSING_FAILED and a plain message', () => {
    expect(() => sdpFor([{ kind: 'video', payloadType: 102, mimeType: 'video/H264', clockRate: 90000 }], targets)).toThrow(
      expect.objectContaining({ code: 'PROCESSING_FAILED', message: expect.stringMatching(/could not be saved/) }),
    );
  });

  it('refuses a stream it has no port for', () => {
    expect(() => sdpFor([{ kind: 'audio', payloadType: 100, mimeType: 'audio/opus', clockRate: 48000 }], { video: targets.video })).toThrow(/no port/);
  });
});
