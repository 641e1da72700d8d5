// Recording a voice or video message in the browser: a live preview of exactly what is recorded
// (through the voice and face masks when they apply, before anything is recorded), the elapsed
// time, then watching the take back and choosing to re-record or keep it.
import { useEffect, useState, type ReactElement } from 'react';
import type { MaskingPolicy } from '@common-ground/signalling/protocol';
import { AlertIcon } from '../components/Icons.tsx';
import { MicMeter } from '../components/MicMeter.tsx';
import { VideoView } from '../components/VideoView.tsx';
import { useStore } from '../hooks.ts';
import { MaskedMedia, type MaskedMediaState } from '../masking/maskedMedia.ts';
import { MaskingControls } from '../masking/MaskingControls.tsx';
import { LocalMedia, type LocalMediaState } from '../media/localMedia.ts';
import { durationWords, formatElapsed } from './messageStatus.ts';
import { TakePlayer } from './MessagePlayer.tsx';
import { MessageRecorder, type Take } from './recorder.ts';
import { previewing } from './recorderMachine.ts';

interface RecorderPanelProps {
  kind: 'audio' | 'video';
  policy: MaskingPolicy;
  /** Where the person's own mask choice is remembered (the same key as in meetings). */
  maskKey: string;
  maxSeconds: number;
  /** The kept take, or null when there is none (yet, or any more). */
  onKept: (take: Take | null) => void;
}

interface Devices {
  readonly local: LocalMedia;
  readonly masked: MaskedMedia;
  readonly recorder: MessageRecorder;
}

export function RecorderPanel({ kind, policy, maskKey, maxSeconds, onKept }: RecorderPanelProps): ReactElement {
  const [devices, setDevices] = useState<Devices | null>(null);
  // Devices exist only while this panel is open, so the camera light is off everywhere else.
  useEffect(() => {
    const local = new LocalMedia({ micOn: true, cameraOn: kind === 'video' });
    const masked = new MaskedMedia(local, maskKey);
    masked.setPolicy(policy);
    const recorder = new MessageRecorder(kind, maxSeconds * 1000);
    const feed = (): void => {
      const state = masked.getSnapshot();
      recorder.setTracks({ audio: state.audio.on ? state.audio.track : null, video: kind === 'video' && state.video.on ? state.video.track : null });
    };
    const unsubscribe = masked.subscribe(feed);
    feed();
    void local.start();
    setDevices({ local, masked, recorder });
    return () => {
      unsubscribe();
      recorder.dispose();
      masked.stop();
      local.stop();
    };
    // The policy and limit are read once: a new policy mid-recording must not restart the devices.
  }, [kind, maskKey]);

  useEffect(() => {
    devices?.masked.setPolicy(policy);
  }, [devices, policy]);

  if (!devices) return <p role="status">Starting your {kind === 'video' ? 'camera' : 'microphone'}…</p>;
  return <RecorderView kind={kind} devices={devices} maxSeconds={maxSeconds} onKept={onKept} />;
}

function RecorderView({ kind, devices, maxSeconds, onKept }: { kind: 'audio' | 'video'; devices: Devices; maxSeconds: number; onKept: (take: Take | null) => void }): ReactElement {
  const { local, masked, recorder } = devices;
  const media = useStore(local);
  const masks = useStore(masked);
  const state = useStore(recorder);
  const { phase, take } = state;
  const live = previewing(phase);
  const recording = phase === 'recording';

  useEffect(() => {
    onKept(phase === 'kept' ? take : null);
  }, [phase, take, onKept]);

  return (
    <div className="msg-recorder" data-testid="recorder" data-phase={phase}>
      <div className={`msg-recorder__stage${kind === 'audio' ? ' msg-recorder__stage--audio' : ''}`}>
        {live && kind === 'video' && masks.video.track && <VideoView track={masks.video.track} mirrored={masks.video.masking === 'off'} testId="recorder-preview" className="msg-recorder__video" />}
        {live && kind === 'video' && !masks.video.track && <p className="msg-recorder__placeholder">{waitingText(kind, media, masks)}</p>}
        {live && kind === 'audio' && (
          <div className="msg-recorder__voice">
            <span className="msg-recorder__voice-label">{masks.effective.voice === 'off' ? 'Your voice' : 'Your disguised voice'}</span>
            <MicMeter track={masks.audio.track} muted={!masks.audio.on} />
          </div>
        )}
        {!live && take && <TakePlayer url={take.url} mimeType={take.mimeType} testId="recorder-playback" label="Your recording" />}
        {recording && (
          <p className="msg-recorder__elapsed" data-testid="recorder-elapsed" role="timer" aria-label="Recording time">
            <span className="msg-recorder__dot" aria-hidden="true" /> Recording {formatElapsed(state.elapsedMs)}
          </p>
        )}
      </div>

      {media.error && (
        <p className="notice notice--warning" role="alert">
          <AlertIcon />
          <span>{media.error.message}</span>
        </p>
      )}
      {state.error && (
        <p className="notice notice--error" role="alert">
          <AlertIcon />
          <span>{state.error}</span>
        </p>
      )}
      <p className="msg-recorder__status" role="status" aria-live="polite">
        {statusText(phase, kind, media, masks, state.stoppedAtLimit, maxSeconds, take?.durationMs ?? 0)}
      </p>

      <div className="msg-recorder__controls">
        {(phase === 'ready' || phase === 'waiting') && (
          <button type="button" className="button button--primary" onClick={() => recorder.start()} disabled={phase !== 'ready'} data-testid="recorder-start">
            Start recording
          </button>
        )}
        {(recording || phase === 'stopping') && (
          <button type="button" className="button button--danger" onClick={() => recorder.stop()} disabled={!recording} data-testid="recorder-stop">
            Stop
          </button>
        )}
        {phase === 'review' && (
          <>
            <button type="button" className="button button--secondary" onClick={() => recorder.rerecord()} data-testid="recorder-rerecord">
              Record again
            </button>
            <button type="button" className="button button--primary" onClick={() => recorder.keep()} data-testid="recorder-keep">
              Keep this recording
            </button>
          </>
        )}
        {phase === 'kept' && (
          <button type="button" className="button button--secondary" onClick={() => recorder.change()} data-testid="recorder-rerecord">
            Record again instead
          </button>
        )}
        {phase === 'failed' && (
          <button type="button" className="button button--secondary" onClick={() => recorder.reset()} data-testid="recorder-reset">
            Try again
          </button>
        )}
      </div>

      {live && (
        <details className="msg-recorder__masks" open={masks.policy.voice === 'masked' || masks.policy.camera === 'masked' || undefined}>
          <summary>Disguise your voice{kind === 'video' ? ' or face' : ''}</summary>
          <MaskingControls maskedMedia={masked} disabled={recording} />
        </details>
      )}
    </div>
  );
}

function waitingText(kind: 'audio' | 'video', media: LocalMediaState, masks: MaskedMediaState): string {
  if (media.status === 'idle' || media.status === 'starting') return kind === 'video' ? 'Starting your camera…' : 'Starting your microphone…';
  if (kind === 'video' && !media.cameraOn) return 'Your camera is off.';
  if (masks.voiceStatus === 'starting') return 'Preparing your voice disguise…';
  if (masks.voiceStatus === 'failed') return 'Your voice disguise could not start, so nothing can be recorded. Try reloading the page.';
  if (kind === 'video' && masks.effective.video !== 'off') return 'Preparing your face mask…';
  return kind === 'video' ? 'Waiting for your camera…' : 'Waiting for your microphone…';
}

function statusText(
  phase: ReturnType<MessageRecorder['getSnapshot']>['phase'],
  kind: 'audio' | 'video',
  media: LocalMediaState,
  masks: MaskedMediaState,
  atLimit: boolean,
  maxSeconds: number,
  takeMs: number,
): string {
  switch (phase) {
    case 'waiting':
      return waitingText(kind, media, masks);
    case 'ready':
      return `Nothing is recorded until you press Start. You can record for up to ${durationWords(maxSeconds)}.`;
    case 'recording':
      return 'Recording. Press Stop when you have finished.';
    case 'stopping':
      return 'Finishing the recording…';
    case 'review':
      return `${atLimit ? 'The recording reached the longest allowed length and stopped. ' : ''}Watch it back (${formatElapsed(takeMs)}). Then record again, or keep it.`;
    case 'kept':
      return 'You kept this recording. It is only sent when you press Send.';
    case 'failed':
      return 'Nothing was kept from that attempt.';
  }
}
