// The pre-join screen: who you are joining as, your name, a camera preview, a mic level meter,
// device choice, and the Join button. It only renders state and forwards clicks.
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { Avatar } from '../components/Avatar.tsx';
import { DevicePickers } from '../components/DeviceSelect.tsx';
import { AlertIcon } from '../components/Icons.tsx';
import { MediaToggle } from '../components/MediaToggle.tsx';
import { MicMeter } from '../components/MicMeter.tsx';
import { VideoView } from '../components/VideoView.tsx';
import { useStore } from '../hooks.ts';
import { MaskingControls } from '../masking/MaskingControls.tsx';
import type { RoomSnapshot } from '../media/roomState.ts';
import { joiningAs } from '../roles.ts';
import type { Session } from '../session.ts';
import { PageShell } from './PageShell.tsx';

/** The same limit as the protocol's DisplayName. */
const MAX_NAME = 64;

export function JoinPage({ session, room }: { session: Session; room: RoomSnapshot }): ReactElement {
  const { localMedia } = session;
  const media = useStore(localMedia);
  // The preview shows what will be sent: the masked camera when a face mask is on.
  const outgoing = useStore(session.maskedMedia).video;
  const [name, setName] = useState(session.join.claims.name ?? '');
  const nameId = useId();
  const hintId = useId();
  const [requested, setRequested] = useState(false);
  const phase = room.connection.phase;
  // Joining from the click on: join() first waits for the connection if it is still being made.
  const joining = requested || phase === 'joining';
  const trimmed = name.trim();

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    if (trimmed === '' || joining) return;
    setRequested(true);
    void session.room.join(trimmed);
  };

  return (
    <PageShell>
      <main className="join" data-testid="join-page">
        <section className="join__preview" aria-label="Camera preview">
          <div className="preview">
            {outgoing.track && media.cameraOn ? (
              <VideoView track={outgoing.track} mirrored={outgoing.masking === 'off'} testId="preview-video" className="preview__video" />
            ) : (
              <div className="preview__off">
                <Avatar name={trimmed || 'You'} />
                <p>{media.status === 'starting' ? 'Starting your camera…' : 'Your camera is off'}</p>
              </div>
            )}
            <div className="preview__controls">
              <MediaToggle
                kind="mic"
                on={media.micOn}
                onToggle={() => void localMedia.setMicOn(!media.micOn)}
                testId="preview-toggle-mic"
                variant="dark"
              />
              <MediaToggle
                kind="camera"
                on={media.cameraOn}
                onToggle={() => void localMedia.setCameraOn(!media.cameraOn)}
                testId="preview-toggle-camera"
                variant="dark"
              />
            </div>
          </div>
          <div className="join__meter">
            <span className="join__meter-label">Microphone</span>
            <MicMeter track={media.audioTrack} muted={!media.micOn} />
          </div>
          {media.error && (
            <p className="notice notice--warning" role="alert" data-testid="media-error">
              <AlertIcon />
              <span>{media.error.message}</span>
            </p>
          )}
        </section>

        <section className="join__form-panel" aria-labelledby={`${nameId}-title`}>
          <h1 id={`${nameId}-title`} className="join__title">
            Ready to join?
          </h1>
          <p className="join__role" data-testid="join-role">
            {joiningAs(session.join.claims.role)}
          </p>
          <form className="join__form" onSubmit={onSubmit}>
            <div className="field">
              <label className="field__label" htmlFor={nameId}>
                Your name
              </label>
              <input
                id={nameId}
                className="field__control"
                data-testid="display-name-input"
                value={name}
                maxLength={MAX_NAME}
                autoComplete="off"
                aria-describedby={hintId}
                onChange={(e) => setName(e.target.value)}
                disabled={joining}
              />
              <p id={hintId} className="field__hint">
                This is the name others in the meeting will see. A first name is enough.
              </p>
            </div>
            <DevicePickers localMedia={localMedia} disabled={joining} />
            <MaskingControls maskedMedia={session.maskedMedia} disabled={joining} />
            <button
              type="submit"
              className="button button--primary button--large"
              data-testid="join-button"
              disabled={trimmed === '' || joining}
            >
              {joining ? 'Joining…' : 'Join meeting'}
            </button>
            <p className="join__status" role="status" aria-live="polite" data-testid="join-status">
              {statusText(phase, requested)}
            </p>
          </form>
          <p className="join__privacy">
            Nobody can see or hear you until you join. You can leave at any time.
          </p>
          {session.join.claims.role !== 'facilitator' && (
            <p className="join__messages">
              <a href={`/messages#token=${encodeURIComponent(session.join.token)}`} data-testid="join-messages-link">
                Messages
              </a>
              : write, record or upload a message for your facilitator or the other side, and read what was sent to you.
            </p>
          )}
        </section>
      </main>
    </PageShell>
  );
}

function statusText(phase: RoomSnapshot['connection']['phase'], requested: boolean): string {
  if (phase === 'connecting' || phase === 'idle') return 'Connecting to the meeting service…';
  if (phase === 'joining' || requested) return 'Joining the meeting…';
  return '';
}
