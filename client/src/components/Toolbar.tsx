// The meeting's bottom bar: mute, video, leave.
import type { ReactElement } from 'react';
import { LeaveIcon } from './Icons.tsx';
import { MediaToggle } from './MediaToggle.tsx';

interface ToolbarProps {
  micOn: boolean;
  cameraOn: boolean;
  onToggleMic: () => void;
  onToggleCamera: () => void;
  onLeave: () => void;
  leaving: boolean;
}

export function Toolbar({ micOn, cameraOn, onToggleMic, onToggleCamera, onLeave, leaving }: ToolbarProps): ReactElement {
  return (
    <nav className="toolbar" aria-label="Meeting controls">
      <div className="toolbar__group">
        <MediaToggle kind="mic" on={micOn} onToggle={onToggleMic} testId="toggle-mic" variant="dark" />
        <MediaToggle kind="camera" on={cameraOn} onToggle={onToggleCamera} testId="toggle-camera" variant="dark" />
      </div>
      <button type="button" className="button button--danger" data-testid="leave-button" onClick={onLeave} disabled={leaving}>
        <LeaveIcon />
        <span>{leaving ? 'Leaving…' : 'Leave'}</span>
      </button>
    </nav>
  );
}
