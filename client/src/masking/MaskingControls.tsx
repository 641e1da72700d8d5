// The person's own masks: voice disguise with a preview they can listen to, and face masking,
// with the options their facilitator's policy rules out shown but disabled, and why.
import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import { VideoMask, VoiceMask } from '@common-ground/signalling/protocol';
import { useStore } from '../hooks.ts';
import type { MaskedMedia } from './maskedMedia.ts';
import { VIDEO_LABELS, VOICE_LABELS } from './maskLabels.ts';
import './masking.css';

export function MaskingControls({ maskedMedia, disabled }: { maskedMedia: MaskedMedia; disabled?: boolean }): ReactElement {
  const state = useStore(maskedMedia);
  const voiceId = useId();
  const videoId = useId();
  const { policy, effective } = state;
  const cameraBanned = policy.camera === 'off';
  return (
    <div className="masks" data-testid="masking-controls">
      <div className="field">
        <label className="field__label" htmlFor={voiceId}>
          Voice
        </label>
        <div className="masks__row">
          <select
            id={voiceId}
            className="field__control"
            data-testid="voice-mask-select"
            value={effective.voice}
            disabled={disabled}
            onChange={(e) => maskedMedia.setVoice(VoiceMask.parse(e.target.value))}
          >
            {VoiceMask.options.map((v) => (
              <option key={v} value={v} disabled={v === 'off' && policy.voice === 'masked'}>
                {VOICE_LABELS[v]}
              </option>
            ))}
          </select>
          <VoicePreview track={state.audio.track} masked={effective.voice !== 'off'} />
        </div>
        <p className="field__hint" data-testid="voice-mask-status">
          {voiceHint(state.voiceStatus, policy.voice === 'masked')}
        </p>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={videoId}>
          Camera
        </label>
        <select
          id={videoId}
          className="field__control"
          data-testid="video-mask-select"
          value={effective.video}
          disabled={disabled || cameraBanned}
          onChange={(e) => maskedMedia.setVideo(VideoMask.parse(e.target.value))}
        >
          {VideoMask.options.map((v) => (
            <option key={v} value={v} disabled={v === 'off' && policy.camera === 'masked'}>
              {VIDEO_LABELS[v]}
            </option>
          ))}
        </select>
        <p className="field__hint" data-testid="video-mask-status">
          {cameraBanned ? 'Your facilitator has set this meeting up so your camera is not used.' : faceHint(state)}
        </p>
      </div>
    </div>
  );
}

/** Plays the outgoing (masked) voice back to the person, so they hear what others will hear. */
function VoicePreview({ track, masked }: { track: MediaStreamTrack | null; masked: boolean }): ReactElement {
  const [playing, setPlaying] = useState(false);
  const audio = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    el.srcObject = playing && track ? new MediaStream([track]) : null;
    if (playing && track) void el.play().catch(() => setPlaying(false));
  }, [playing, track]);
  return (
    <>
      <button
        type="button"
        className="button button--secondary masks__preview"
        data-testid="voice-preview-button"
        aria-pressed={playing}
        disabled={!track}
        onClick={() => setPlaying(!playing)}
      >
        {playing ? 'Stop listening' : masked ? 'Hear my disguised voice' : 'Hear my voice'}
      </button>
      <audio ref={audio} data-testid="voice-preview-audio" />
    </>
  );
}

function voiceHint(status: ReturnType<MaskedMedia['getSnapshot']>['voiceStatus'], required: boolean): string {
  const prefix = required ? 'Your facilitator asked for your voice to be disguised. ' : '';
  switch (status) {
    case 'off':
      return `${prefix}Others hear your own voice. Use headphones to listen to the preview.`;
    case 'starting':
      return `${prefix}Starting the disguise… your microphone is not sent until it is ready.`;
    case 'ready':
      return `${prefix}Your voice is disguised on this device before it is sent.`;
    case 'failed':
      return 'The voice disguise could not start on this device, so your microphone is not sent. Try reloading the page or use the chat.';
  }
}

function faceHint(state: ReturnType<MaskedMedia['getSnapshot']>): string {
  const required = state.policy.camera === 'masked' ? 'Your facilitator asked for your face to be hidden. ' : '';
  if (state.effective.video === 'off') return `${required}Others see your camera as it is.`;
  const face = state.faceStatus;
  if (!face || face.state === 'starting') return `${required}Starting… everything is blurred until your face is found.`;
  if (face.state === 'failed') return `${required}Face finding failed on this device: everything stays blurred.`;
  if (face.state === 'tracking' || state.effective.video !== 'face-blur') return `${required}Masked on this device before it is sent.`;
  return `${required}Your face is not in view, so everything is blurred.`;
}
