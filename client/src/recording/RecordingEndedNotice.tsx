// How the last recording ended, for the person recorded and for facilitators: saved for review,
// or (plainly) why it failed. Dismissable; a newer outcome shows again.
import { useState, type ReactElement } from 'react';
import type { ParticipantView } from '@common-ground/signalling/protocol';
import { endedText, type RecordingEndedNote } from './recordingModel.ts';
import './recording.css';

interface RecordingEndedNoticeProps {
  note: RecordingEndedNote | null;
  view: ParticipantView | null;
}

export function RecordingEndedNotice({ note, view }: RecordingEndedNoticeProps): ReactElement | null {
  const [dismissedAt, setDismissedAt] = useState(0);
  if (!note || note.at <= dismissedAt || !view) return null;
  const nameOf = (participantId: string): string =>
    view.board?.participants.find((c) => c.participantId === participantId)?.displayName ??
    view.recordings.find((r) => r.participantId === participantId)?.displayName ??
    'this person';
  return (
    <div className="recording-notice" role={note.outcome === 'failed' ? 'alert' : 'status'} data-testid="recording-ended" data-outcome={note.outcome}>
      <p>{endedText(note, view.self.participantId, nameOf)}</p>
      <button type="button" className="button button--secondary" onClick={() => setDismissedAt(note.at)}>
        OK
      </button>
    </div>
  );
}
