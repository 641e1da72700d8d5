// What a person may make, given their facilitator's masking policy, and how a chosen file is
// prepared on the device before upload (compressForUpload's options). Pure: unit-tested.
import type { MaskingPolicy, MessageKind } from '@common-ground/signalling/protocol';
import type { MaskChoice } from '../masking/maskChoice.ts';
// The pure part of C2's compression module only: compressForUpload itself is loaded on demand.
import { planUpload, type CompressOptions } from './compress/args.ts';

/** The four ways to make a message. */
export type ComposeKind = 'text' | 'audio' | 'video' | 'upload';

export interface KindOption {
  readonly kind: ComposeKind;
  readonly label: string;
  readonly hint: string;
  /** Why it cannot be chosen, or null. */
  readonly unavailable: string | null;
}

export interface Capabilities {
  /** The browser has MediaRecorder and getUserMedia. */
  readonly canRecord: boolean;
}

export function kindOptions(policy: MaskingPolicy, caps: Capabilities): KindOption[] {
  const noRecorder = caps.canRecord ? null : 'This browser cannot record. You can write, or upload a file.';
  const voiceHint = policy.voice === 'masked' ? 'Your voice is disguised before anything is recorded.' : 'Record your voice here.';
  const videoHint =
    policy.camera === 'masked' ? 'Your face is hidden before anything is recorded.' : policy.voice === 'masked' ? 'Your voice is disguised before anything is recorded.' : 'Record yourself with your camera.';
  return [
    { kind: 'text', label: 'Write', hint: 'Type a message.', unavailable: null },
    { kind: 'audio', label: 'Record voice', hint: voiceHint, unavailable: noRecorder },
    {
      kind: 'video',
      label: 'Record video',
      hint: videoHint,
      unavailable: policy.camera === 'off' ? 'Your facilitator has set things up so your camera is not used.' : noRecorder,
    },
    { kind: 'upload', label: 'Upload a file', hint: uploadHint(policy), unavailable: null },
  ];
}

/** What happens to an uploaded file, said before the person chooses one. */
export function uploadHint(policy: MaskingPolicy): string {
  const parts = ['A video or sound file from this device, made smaller here before it is sent.'];
  if (policy.camera !== 'any') parts.push('Faces cannot be hidden in a file, so only its sound is sent.');
  if (policy.voice === 'masked') parts.push('The voice in it is disguised on this device.');
  return parts.join(' ');
}

/** How a chosen file is prepared (compressForUpload's options, from C2's planUpload), or why it cannot be sent. */
export type UploadChoice =
  | { readonly ok: true; readonly kind: Exclude<MessageKind, 'text'>; readonly options: CompressOptions; readonly notice: string | null }
  | { readonly ok: false; readonly reason: string };

const VIDEO_EXTENSIONS = ['mp4', 'mov', 'm4v', 'webm', 'mkv', 'avi', '3gp', '3g2', 'wmv', 'mpg', 'mpeg', 'ogv'];
const AUDIO_EXTENSIONS = ['mp3', 'm4a', 'aac', 'wav', 'ogg', 'oga', 'opus', 'amr', 'flac', 'weba', 'wma'];

/** 'video' or 'audio' from the file's type, or its name when the browser gives no type. */
export function fileMediaKind(type: string, name: string): 'audio' | 'video' | null {
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type !== '' && type !== 'application/octet-stream') return null;
  const ext = name.toLowerCase().split('.').at(-1) ?? '';
  if (VIDEO_EXTENSIONS.includes(ext)) return 'video';
  if (AUDIO_EXTENSIONS.includes(ext)) return 'audio';
  return null;
}

/**
 * What to do with a chosen file: compress it as planUpload says (a masked voice is disguised, a
 * masked or absent camera keeps the sound only), unless it is not media at all, or it cannot be a
 * new version of the message it replaces (a video message needs a picture).
 */
export function chooseUpload(file: { type: string; name: string }, policy: MaskingPolicy, choice: MaskChoice, maxDurationSeconds: number, versionOf: MessageKind | null = null): UploadChoice {
  const media = fileMediaKind(file.type, file.name);
  if (!media) return { ok: false, reason: 'This file is not a video or sound file. Please choose another one.' };
  // planUpload reads video only from the type or a few extensions: give it the kind found here.
  const plan = planUpload({ type: media === 'video' ? 'video/unknown' : 'audio/unknown', name: file.name }, policy, choice.voice);
  if (versionOf === 'video' && plan.kind === 'audio') {
    return {
      ok: false,
      reason: media === 'audio' ? 'This message is a video: please choose a video file.' : 'This message is a video, and faces cannot be hidden in an uploaded file. Please record the new version here instead.',
    };
  }
  const kind = versionOf === 'audio' ? 'audio' : plan.kind;
  const options: CompressOptions = { voice: plan.voice, audioOnly: plan.audioOnly || kind === 'audio', kind, maxDurationSeconds };
  return { ok: true, kind, options, notice: plan.notice };
}
