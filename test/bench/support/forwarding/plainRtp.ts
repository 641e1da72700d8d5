// The bare side's copy of what a plain-RTP receiver takes (MeetingMedia.consumeToRtp does the
// same): router codecs without RTX, NACK and keyframe requests only, no header extensions.
import type { MediaTypes as types } from '@common-ground/sfu-server';

export function plainRtpCapabilities(router: types.Router): types.RtpCapabilities {
  const codecs = (router.rtpCapabilities.codecs ?? [])
    .filter((c) => !c.mimeType.toLowerCase().endsWith('/rtx'))
    .map((c) => ({ ...c, rtcpFeedback: (c.rtcpFeedback ?? []).filter((f) => f.type === 'nack' || f.type === 'ccm') }));
  return { codecs, headerExtensions: [] };
}
