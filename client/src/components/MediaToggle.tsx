// The mic and camera on/off buttons, used on the join page and in the meeting toolbar. While a
// facilitator has hard-muted that kind, the button is disabled and says so.
import type { ReactElement } from 'react';
import { CameraIcon, CameraOffIcon, MicIcon, MicOffIcon } from './Icons.tsx';

interface MediaToggleProps {
  kind: 'mic' | 'camera';
  on: boolean;
  onToggle: () => void;
  testId: string;
  disabled?: boolean;
  /** A facilitator muted this and has not allowed it back yet. */
  hardMuted?: boolean;
  variant: 'light' | 'dark';
}

const TEXT = {
  mic: { on: 'Mute', off: 'Unmute' },
  camera: { on: 'Stop video', off: 'Start video' },
} as const;

export const HARD_MUTED_TEXT = 'Muted by the facilitator';

export function MediaToggle({ kind, on, onToggle, testId, disabled, hardMuted = false, variant }: MediaToggleProps): ReactElement {
  const IconOn = kind === 'mic' ? MicIcon : CameraIcon;
  const IconOff = kind === 'mic' ? MicOffIcon : CameraOffIcon;
  const text = hardMuted ? HARD_MUTED_TEXT : on ? TEXT[kind].on : TEXT[kind].off;
  return (
    <button
      type="button"
      className={`toggle toggle--${variant}${on ? '' : ' toggle--off'}${hardMuted ? ' toggle--locked' : ''}`}
      data-testid={testId}
      data-state={on ? 'on' : 'off'}
      data-hard-muted={String(hardMuted)}
      disabled={disabled || hardMuted}
      aria-label={hardMuted ? `${kind === 'mic' ? 'Microphone' : 'Camera'}: ${HARD_MUTED_TEXT.toLowerCase()}` : undefined}
      onClick={onToggle}
    >
      {on ? <IconOn /> : <IconOff />}
      <span className="toggle__text">{text}</span>
    </button>
  );
}
