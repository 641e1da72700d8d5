// Plain words for masks and for what others receive, shared by the device check, the meeting's
// privacy strip and the facilitator's policy dialog.
import type { MaskingPolicy, MediaAudience, SeenBy, VideoMask, VoiceMask } from '@common-ground/signalling/protocol';

export const VOICE_LABELS: Record<VoiceMask, string> = {
  off: 'My own voice',
  lower: 'Disguised: lower',
  higher: 'Disguised: higher',
  robotic: 'Disguised: robotic',
};

export const VIDEO_LABELS: Record<VideoMask, string> = {
  off: 'My camera as it is',
  'face-blur': 'Hide my face (blur)',
  silhouette: 'Silhouette only',
  'frame-blur': 'Blur everything',
};

export const AUDIENCE_LABELS: Record<MediaAudience, string> = {
  everyone: 'Everyone in the room',
  'own-side': 'Their own side and facilitators',
  facilitators: 'Facilitators only',
};

const GROUP_LABELS: Record<SeenBy['group'], string> = {
  'other-side': 'The other side sees',
  'own-side': 'Your supporters see',
  others: 'Others see',
  facilitators: 'Facilitators see',
};

export function seenVideo(video: SeenBy['video']): string {
  if (video === 'none') return 'no video';
  if (video === 'clear') return 'your camera';
  return { 'face-blur': 'your video with your face hidden', silhouette: 'your silhouette', 'frame-blur': 'a blurred video' }[video];
}

export function seenAudio(audio: SeenBy['audio']): string {
  if (audio === 'none') return 'no sound';
  if (audio === 'clear') return 'your own voice';
  return `a disguised voice (${audio})`;
}

/** "The other side sees: no video, a disguised voice (lower), name “Participant A”". */
export function seenByText(s: SeenBy): { lead: string; detail: string } {
  return { lead: GROUP_LABELS[s.group], detail: `${seenVideo(s.video)}, ${seenAudio(s.audio)}, name “${s.name}”` };
}

/** A short summary of a policy for a facilitator's card; empty when nothing is restricted. */
export function policySummary(policy: MaskingPolicy): string[] {
  const parts: string[] = [];
  if (policy.pseudonym) parts.push(`Shown as “${policy.pseudonym}”`);
  if (policy.voice === 'masked') parts.push('Voice disguised');
  if (policy.camera === 'off') parts.push('No camera');
  if (policy.camera === 'masked') parts.push('Face hidden');
  if (policy.video !== 'everyone' && policy.camera !== 'off') parts.push(`Video: ${AUDIENCE_LABELS[policy.video].toLowerCase()}`);
  if (policy.audio !== 'everyone') parts.push(`Audio: ${AUDIENCE_LABELS[policy.audio].toLowerCase()}`);
  return parts;
}
