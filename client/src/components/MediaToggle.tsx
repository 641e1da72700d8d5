// The mic and camera on/off buttons, used on the join page and in the meeting toolbar.
import type { ReactElement } from 'react';
import { CameraIcon, CameraOffIcon, MicIcon, MicOffIcon } from './Icons.tsx';

interface MediaToggleProps {
  kind: 'mic' | 'camera';
  on: boolean;
  onToggle: () => void;
  testId: string;
  disabled?: boolean;
  variant: 'light' | 'dark';
}

const TEXT = {
  mic: { on: 'Mute', off: 'Unmute' },
  camera: { on: 'Stop video', off: 'Start video' },
} as const;

export function MediaToggle({ kind, on, onToggle, testId, disabled, variant }: MediaToggleProps): ReactElement {
  const IconOn = kind === 'mic' ? MicIcon : CameraIcon;
  const IconOff = kind === 'mic' ? MicOffIcon : CameraOffIcon;
  return (
    <button
      type="button"
      className={`toggle toggle--${variant}${on ? '' : ' toggle--off'}`}
      data-testid={testId}
      data-state={on ? 'on' : 'off'}
      disabled={disabled}
      onClick={onToggle}
    >
      {on ? <IconOn /> : <IconOff />}
      <span className="toggle__text">{on ? TEXT[kind].on : TEXT[kind].off}</span>
    </button>
  );
}
