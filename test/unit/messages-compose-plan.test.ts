// What a person may make under their facilitator's masking policy, and how a chosen file is
// prepared before upload.
import { describe, expect, it } from 'vitest';
import { OPEN_POLICY, type MaskingPolicy } from '@common-ground/signalling/protocol';
import { chooseUpload, fileMediaKind, kindOptions, uploadHint } from '../../client/src/messages/composePlan.ts';
import { NO_MASKS } from '../../client/src/masking/maskChoice.ts';

const policy = (patch: Partial<MaskingPolicy>): MaskingPolicy => ({ ...OPEN_POLICY, ...patch });
const LIMIT = 3600;

describe('kindOptions()', () => {
  it('offers writing, voice, video and a file when nothing is restricted', () => {
    const options = kindOptions(OPEN_POLICY, { canRecord: true });
    expect(options.map((o) => o.kind)).toEqual(['text', 'audio', 'video', 'upload']);
    expect(options.every((o) => o.unavailable === null)).toBe(true);
  });

  it('offers no video when the policy says the camera is not used, and says why', () => {
    const video = kindOptions(policy({ camera: 'off' }), { canRecord: true }).find((o) => o.kind === 'video');
    expect(video?.unavailable).toMatch(/camera is not used/);
  });

  it('tells the person their voice or face is disguised before anything is recorded', () => {
    const options = kindOptions(policy({ voice: 'masked', camera: 'masked' }), { canRecord: true });
    expect(options.find((o) => o.kind === 'audio')?.hint).toMatch(/voice is disguised before anything is recorded/);
    expect(options.find((o) => o.kind === 'video')?.hint).toMatch(/face is hidden before anything is recorded/);
  });

  it('keeps writing and uploading when the browser cannot record', () => {
    const options = kindOptions(OPEN_POLICY, { canRecord: false });
    expect(options.filter((o) => o.unavailable === null).map((o) => o.kind)).toEqual(['text', 'upload']);
  });

  it('says before a file is chosen that faces cannot be hidden in a file', () => {
    expect(uploadHint(OPEN_POLICY)).not.toMatch(/sound is sent/);
    expect(uploadHint(policy({ camera: 'masked' }))).toMatch(/only its sound is sent/);
    expect(uploadHint(policy({ voice: 'masked' }))).toMatch(/disguised on this device/);
  });
});

describe('fileMediaKind()', () => {
  it('reads the type, or the name when the browser gives none', () => {
    expect(fileMediaKind('video/mp4', 'a.mp4')).toBe('video');
    expect(fileMediaKind('audio/mpeg', 'a.mp3')).toBe('audio');
    expect(fileMediaKind('', 'IMG_0001.MOV')).toBe('video');
    expect(fileMediaKind('application/octet-stream', 'note.m4a')).toBe('audio');
    expect(fileMediaKind('application/pdf', 'letter.pdf')).toBeNull();
    expect(fileMediaKind('', 'letter.docx')).toBeNull();
  });
});

describe('chooseUpload()', () => {
  it('compresses a video file as a video message when nothing is restricted', () => {
    const choice = chooseUpload({ type: 'video/mp4', name: 'phone.mp4' }, OPEN_POLICY, NO_MASKS, LIMIT);
    expect(choice).toEqual({ ok: true, kind: 'video', options: { voice: 'off', audioOnly: false, kind: 'video', maxDurationSeconds: LIMIT }, notice: null });
  });

  it('keeps only the sound of a video when the camera must be masked or off, and says so', () => {
    for (const camera of ['masked', 'off'] as const) {
      const choice = chooseUpload({ type: 'video/quicktime', name: 'phone.mov' }, policy({ camera }), NO_MASKS, LIMIT);
      expect(choice.ok && choice.kind).toBe('audio');
      expect(choice.ok && choice.options.audioOnly).toBe(true);
      expect(choice.ok && choice.notice).toMatch(/Only the sound/);
    }
  });

  it('disguises the voice when the policy requires it: the person’s own preset, or the default', () => {
    const own = chooseUpload({ type: 'audio/mpeg', name: 'a.mp3' }, policy({ voice: 'masked' }), { voice: 'robotic', video: 'off' }, LIMIT);
    const fallback = chooseUpload({ type: 'audio/mpeg', name: 'a.mp3' }, policy({ voice: 'masked' }), NO_MASKS, LIMIT);
    expect(own.ok && own.options.voice).toBe('robotic');
    expect(fallback.ok && fallback.options.voice).toBe('lower');
  });

  it('refuses what is not a video or sound file', () => {
    const choice = chooseUpload({ type: 'application/pdf', name: 'letter.pdf' }, OPEN_POLICY, NO_MASKS, LIMIT);
    expect(choice.ok).toBe(false);
    expect(!choice.ok && choice.reason).toMatch(/not a video or sound file/);
  });

  it('makes a new version of a voice message from a video file’s sound, and refuses sound for a video message', () => {
    const voice = chooseUpload({ type: 'video/mp4', name: 'v.mp4' }, OPEN_POLICY, NO_MASKS, LIMIT, 'audio');
    expect(voice.ok && voice.kind).toBe('audio');
    expect(voice.ok && voice.options.audioOnly).toBe(true);
    const video = chooseUpload({ type: 'audio/mpeg', name: 'a.mp3' }, OPEN_POLICY, NO_MASKS, LIMIT, 'video');
    expect(video.ok).toBe(false);
    const masked = chooseUpload({ type: 'video/mp4', name: 'v.mp4' }, policy({ camera: 'masked' }), NO_MASKS, LIMIT, 'video');
    expect(!masked.ok && masked.reason).toMatch(/record the new version here/);
  });
});
