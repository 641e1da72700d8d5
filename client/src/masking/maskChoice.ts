// The masks a person chose for themselves, remembered for this browser tab, and the masks actually
// applied once the facilitator's policy is taken into account (the policy is a floor).
import { VideoMask, VoiceMask, type MaskingPolicy } from '@common-ground/signalling/protocol';

export interface MaskChoice {
  readonly voice: VoiceMask;
  readonly video: VideoMask;
}

export const NO_MASKS: MaskChoice = { voice: 'off', video: 'off' };

/** Used when the policy requires a mask and the person has not picked one. */
export const DEFAULT_VOICE_MASK: Exclude<VoiceMask, 'off'> = 'lower';
export const DEFAULT_VIDEO_MASK: Exclude<VideoMask, 'off'> = 'face-blur';

export function effectiveChoice(choice: MaskChoice, policy: MaskingPolicy): MaskChoice {
  return {
    voice: policy.voice === 'masked' && choice.voice === 'off' ? DEFAULT_VOICE_MASK : choice.voice,
    video: policy.camera === 'masked' && choice.video === 'off' ? DEFAULT_VIDEO_MASK : choice.video,
  };
}

/** sessionStorage, so a shared computer does not carry one person's choice into another's tab. */
export function loadChoice(key: string): MaskChoice {
  try {
    const raw = JSON.parse(sessionStorage.getItem(key) ?? 'null') as { voice?: unknown; video?: unknown } | null;
    const voice = VoiceMask.safeParse(raw?.voice);
    const video = VideoMask.safeParse(raw?.video);
    return { voice: voice.success ? voice.data : 'off', video: video.success ? video.data : 'off' };
  } catch {
    return NO_MASKS;
  }
}

export function saveChoice(key: string, choice: MaskChoice): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(choice));
  } catch {
    // Storage can be full or blocked; the choice still applies to this page.
  }
}
