// Shown to everyone in a room while someone in it is being recorded: a red dot and
// "Recording <name>'s message" in a polite live region, so screen readers announce it too.
// Nobody in another room sees it (the server only tells them about their own room).
import type { ReactElement } from 'react';
import type { ParticipantView } from '@common-ground/signalling/protocol';
import { indicatorsFor, indicatorText } from './recordingModel.ts';
import './recording.css';

export function RecordingIndicator({ view }: { view: ParticipantView | null }): ReactElement {
  const shown = view ? indicatorsFor(view) : [];
  return (
    <div className="recording-status" role="status" data-testid="recording-status">
      {view &&
        shown.map((r) => (
          <span key={r.participantId} className="recording-indicator" data-testid="recording-indicator" data-participant-id={r.participantId}>
            <span className="recording-indicator__dot" aria-hidden="true" />
            {indicatorText(r, view.self.participantId)}
          </span>
        ))}
    </div>
  );
}
