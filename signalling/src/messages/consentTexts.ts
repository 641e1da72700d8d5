// The plain-language consent wording a person sees before anything is recorded or uploaded. Each
// wording has a version; a consent record stores the version and the exact text shown, so a later
// change of wording never rewrites what someone agreed to.
import type { ConsentPurpose, ConsentText } from '../protocol/index.ts';

const TEXTS: Record<ConsentPurpose, ConsentText> = {
  message_recording: {
    purpose: 'message_recording',
    version: 'message-2026-11',
    title: 'Before you record or upload a message',
    paragraphs: [
      'What is recorded: the words, sound and (for a video) the picture of the message you make here, or the file you choose. If your facilitator has agreed that your voice or face is disguised, the disguise is applied before anything is recorded.',
      'Who may see it: your facilitator sees it first. They may ask you to change it, shorten it, or decide not to pass it on. Only if they approve it can the people you choose (the other side, or the facilitators only) play it. Nobody can download it, and it is never sent by email.',
      'How long it is kept: it is stored encrypted and deleted automatically when your case\u2019s keeping period ends, or sooner if you withdraw it.',
      'You can change your mind: you can withdraw the message at any time until it has been watched or read. Withdrawing deletes every copy we hold.',
    ],
  },
  training_use: {
    purpose: 'training_use',
    version: 'training-2026-11',
    title: 'Use in training (optional)',
    paragraphs: [
      'You may also allow your message to be used to train restorative justice facilitators. This is entirely optional and does not change anything else about your message.',
      'If you agree, it would only be shown to trainee facilitators, with your name removed. You can withdraw this permission at any time.',
    ],
  },
  live_meeting: {
    purpose: 'live_meeting',
    version: 'meeting-2026-11',
    title: 'Taking part in a live meeting',
    paragraphs: [
      'The meeting is not recorded unless a facilitator asks you to record a message and you agree to that separately.',
      'Nobody in the meeting may record it.',
    ],
  },
};

export function consentTexts(): ConsentText[] {
  return Object.values(TEXTS);
}

export function consentText(purpose: ConsentPurpose): ConsentText {
  return TEXTS[purpose];
}

/** The text as stored in a consent record: the title and paragraphs, one per line. */
export function consentWording(text: ConsentText): string {
  return [text.title, ...text.paragraphs].join('\n');
}
