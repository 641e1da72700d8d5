// Anonymous participation: the masking a producer declares, and the policy a facilitator sets for
// each participant (pseudonym, required masking, who may see and hear them). The server enforces
// the policy on every produce and consume; the masking itself happens on the person's device.
import { z } from 'zod';
import { singleLine } from './text.ts';

/** Voice masking applied in the browser before encoding. 'off' sends the microphone as it is. */
export const VoiceMask = z.enum(['off', 'lower', 'higher', 'robotic']);
export type VoiceMask = z.infer<typeof VoiceMask>;

/** Face masking applied in the browser before encoding. 'off' sends the camera as it is. */
export const VideoMask = z.enum(['off', 'face-blur', 'silhouette', 'frame-blur']);
export type VideoMask = z.infer<typeof VideoMask>;

/** What a producer declares it carries. */
export const ProducerMasking = z.union([VoiceMask, VideoMask]);
export type ProducerMasking = z.infer<typeof ProducerMasking>;

/** Who may receive one kind of someone's media (always within placement: same room or listening in). */
export const MediaAudience = z.enum(['everyone', 'own-side', 'facilitators']);
export type MediaAudience = z.infer<typeof MediaAudience>;

export const Pseudonym = singleLine(40);

export const MaskingPolicy = z.object({
  /** The name everyone but facilitators sees; null shows their own name. */
  pseudonym: Pseudonym.nullable(),
  /** 'masked': their microphone is only accepted through voice masking. */
  voice: z.enum(['any', 'masked']),
  /** 'masked': their camera only through face masking; 'off': no camera at all. */
  camera: z.enum(['any', 'masked', 'off']),
  /** Who may see their video. */
  video: MediaAudience,
  /** Who may hear their audio. */
  audio: MediaAudience,
});
export type MaskingPolicy = z.infer<typeof MaskingPolicy>;

export const OPEN_POLICY: MaskingPolicy = { pseudonym: null, voice: 'any', camera: 'any', video: 'everyone', audio: 'everyone' };

/** What one group of people receives of someone, as that person is told. */
export const SeenBy = z.object({
  group: z.enum(['other-side', 'own-side', 'others', 'facilitators']),
  /** The name they see. */
  name: z.string(),
  /** 'none': no video reaches them; 'clear': the camera unmasked; otherwise the mask they see. */
  video: z.union([z.literal('none'), z.literal('clear'), VideoMask.exclude(['off'])]),
  audio: z.union([z.literal('none'), z.literal('clear'), VoiceMask.exclude(['off'])]),
});
export type SeenBy = z.infer<typeof SeenBy>;

export function isVoiceMask(value: ProducerMasking): value is VoiceMask {
  return (VoiceMask.options as readonly string[]).includes(value);
}

export function isVideoMask(value: ProducerMasking): value is VideoMask {
  return (VideoMask.options as readonly string[]).includes(value);
}
