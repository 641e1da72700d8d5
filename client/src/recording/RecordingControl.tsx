// On a party's or supporter's card in the facilitator's board: record a message from them (for
// the other side or facilitators only), see that they are being asked or recorded, and stop.
// Starting without their consent asks them first; the recording begins when they agree.
import { useContext, useId, useState, type ReactElement } from 'react';
import { MessageAudience, type BoardCard } from '@common-ground/signalling/protocol';
import { failureText } from '../console/failureText.ts';
import { SoftButton } from '../console/SoftButton.tsx';
import { RequestError } from '../media/request.ts';
import { RecordingContext } from './recordingContext.ts';
import { AUDIENCE_OPTION } from './recordingModel.ts';
import './recording.css';

export function RecordingControl({ card }: { card: BoardCard }): ReactElement | null {
  const ctx = useContext(RecordingContext);
  const selectId = useId();
  const [audience, setAudience] = useState<MessageAudience>('other_side');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  if (!ctx || (card.role !== 'party' && card.role !== 'supporter')) return null;
  const entry = ctx.recordings.find((r) => r.participantId === card.participantId);

  const run = async (task: () => Promise<string | null>, action: string): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setNote(null);
    try {
      setNote(await task());
    } catch (err) {
      // Asking for consent is the expected way to start with someone who has not agreed yet.
      setNote(err instanceof RequestError && err.code === 'CONSENT_REQUIRED' ? err.message : failureText(action, err));
    } finally {
      setBusy(false);
    }
  };
  const start = (): Promise<void> =>
    run(async () => {
      await ctx.request('recording.start', { participantId: card.participantId, audience });
      return null;
    }, `record ${card.displayName}`);
  const stop = (): Promise<void> =>
    run(async () => {
      const { outcome } = await ctx.request('recording.stop', { participantId: card.participantId });
      return outcome === 'saved' ? 'Saved. The message is waiting for your review.' : null;
    }, `stop recording ${card.displayName}`);

  return (
    <div className="recording-control" data-testid="card-recording" data-state={entry?.status ?? 'none'}>
      {!entry && (
        <>
          <label htmlFor={selectId} className="sr-only">
            Who the message is for
          </label>
          <select id={selectId} className="console-select" data-testid="card-record-audience" value={audience} onChange={(e) => setAudience(MessageAudience.parse(e.target.value))}>
            {MessageAudience.options.map((a) => (
              <option key={a} value={a}>
                {AUDIENCE_OPTION[a]}
              </option>
            ))}
          </select>
          <SoftButton className="console-chip" testId="card-record-start" unavailable={busy || !card.connected} onClick={() => void start()}>
            Record a message
          </SoftButton>
        </>
      )}
      {entry?.status === 'asked' && (
        <>
          <span className="recording-control__state">Waiting for {card.displayName} to agree…</span>
          <SoftButton className="console-chip" testId="card-record-cancel" unavailable={busy} onClick={() => void stop()}>
            Cancel
          </SoftButton>
        </>
      )}
      {entry && entry.status !== 'asked' && (
        <>
          <span className="recording-control__state">
            <span className="recording-control__dot" aria-hidden="true" />
            {entry.status === 'starting' ? 'Starting the recording…' : 'Recording'}
          </span>
          <SoftButton className="console-chip console-chip--danger" testId="card-record-stop" unavailable={busy} onClick={() => void stop()}>
            Stop recording
          </SoftButton>
        </>
      )}
      {note && (
        <p className="recording-control__note" role="status" data-testid="card-recording-note">
          {note}
        </p>
      )}
    </div>
  );
}
