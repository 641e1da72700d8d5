// What the client keeps about recordings of messages in the live meeting, and the words it shows.
// Pure: the view says who is being recorded; two notifications carry the consent request and the
// outcome. The components in this folder render it.
import type { ConsentText, MessageAudience, NotificationOf, ParticipantView, RecordingInfo } from '@common-ground/signalling/protocol';

/** A facilitator asked to record our message; we have not answered. */
export interface ConsentPromptState {
  readonly audience: MessageAudience;
  readonly text: ConsentText;
}

/** The latest recording that ended (ours, or, for facilitators, anyone's). `at` orders dismissals. */
export type RecordingEndedNote = NotificationOf<'recording.ended'> & { readonly at: number };

export interface RecordingClientState {
  readonly prompt: ConsentPromptState | null;
  readonly ended: RecordingEndedNote | null;
}

export const NO_RECORDING_STATE: RecordingClientState = { prompt: null, ended: null };

export function withConsentRequest(state: RecordingClientState, payload: NotificationOf<'recording.consentRequested'>): RecordingClientState {
  return { ...state, prompt: { audience: payload.audience, text: payload.text } };
}

/** A recording ended; ours clears the consent prompt. */
export function withRecordingEnded(state: RecordingClientState, payload: NotificationOf<'recording.ended'>, selfId: string | null, now: number): RecordingClientState {
  const ours = payload.participantId === selfId;
  return { prompt: ours ? null : state.prompt, ended: { ...payload, at: now } };
}

/** The consent prompt to show: only while the view still says we are being asked. */
export function openPrompt(state: RecordingClientState, view: ParticipantView | null): ConsentPromptState | null {
  if (!state.prompt || !view) return null;
  const ours = view.recordings.find((r) => r.participantId === view.self.participantId);
  return ours?.status === 'asked' ? state.prompt : null;
}

/** Recordings to announce on this screen: of people in our room (or the room a facilitator listens to). */
export function indicatorsFor(view: ParticipantView): RecordingInfo[] {
  const rooms = new Set([view.room.id, ...(view.listeningTo ? [view.listeningTo.id] : [])]);
  return view.recordings.filter((r) => r.status !== 'asked' && rooms.has(r.roomId));
}

export function indicatorText(recording: RecordingInfo, selfId: string): string {
  return recording.participantId === selfId ? 'Recording your message' : `Recording ${recording.displayName}\u2019s message`;
}

export const AUDIENCE_LABEL: Record<MessageAudience, string> = {
  other_side: 'the other side, once your facilitator has approved it',
  facilitators: 'your facilitators only',
};

/** For the facilitator's choice. */
export const AUDIENCE_OPTION: Record<MessageAudience, string> = {
  other_side: 'For the other side',
  facilitators: 'For facilitators only',
};

/** One plain sentence about how a recording ended, for the person recorded or a facilitator. */
export function endedText(note: RecordingEndedNote, selfId: string | null, nameOf: (participantId: string) => string): string {
  const ours = note.participantId === selfId;
  const whose = ours ? 'your message' : `${nameOf(note.participantId)}\u2019s message`;
  switch (note.outcome) {
    case 'saved':
      return ours ? 'Your message was recorded. Your facilitator will look at it before anyone else can see it.' : `The recording of ${whose} was saved and is waiting for review.`;
    case 'failed':
      return `The recording of ${whose} did not work: ${note.reason ?? 'something went wrong'}`;
    case 'declined':
      return ours ? 'You said not now. Nothing was recorded.' : `${nameOf(note.participantId)} said not now. Nothing was recorded.`;
    case 'cancelled':
      return ours ? 'The request to record your message was called off. Nothing was recorded.' : `The recording of ${whose} was called off. Nothing was recorded.`;
  }
}
