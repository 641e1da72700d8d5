// The meeting's bottom bar: the connection-quality bars, mute, video, any extra controls (break,
// chat), and leave.
import type { ReactElement, ReactNode } from 'react';
import type { Store } from '../hooks.ts';
import type { QualityVerdict } from '../media/connectionQuality.ts';
import { ConnectionQuality } from './ConnectionQuality.tsx';
import { LeaveIcon } from './Icons.tsx';
import { MediaToggle } from './MediaToggle.tsx';

interface ToolbarProps {
  micOn: boolean;
  cameraOn: boolean;
  onToggleMic: () => void;
  onToggleCamera: () => void;
  onLeave: () => void;
  leaving: boolean;
  /** Kinds a facilitator hard-muted: their toggles are disabled. */
  hardMuted?: { readonly audio: boolean; readonly video: boolean };
  /** More controls, after the toggles (the break button, the chat toggle). */
  children?: ReactNode;
  /** Our connection quality (RoomClient.quality), shown as signal bars. */
  quality?: Store<QualityVerdict | null>;
}

export function Toolbar(props: ToolbarProps): ReactElement {
  const { micOn, cameraOn, onLeave, leaving, hardMuted } = props;
  return (
    <nav className="toolbar" aria-label="Meeting controls">
      {props.quality && <ConnectionQuality monitor={props.quality} />}
      <div className="toolbar__group">
        <MediaToggle
          kind="mic"
          on={micOn}
          onToggle={props.onToggleMic}
          testId="toggle-mic"
          hardMuted={hardMuted?.audio ?? false}
          variant="dark"
        />
        <MediaToggle
          kind="camera"
          on={cameraOn}
          onToggle={props.onToggleCamera}
          testId="toggle-camera"
          hardMuted={hardMuted?.video ?? false}
          variant="dark"
        />
        {props.children}
      </div>
      <button type="button" className="button button--danger toolbar__leave" data-testid="leave-button" onClick={onLeave} disabled={leaving}>
        <LeaveIcon />
        <span className="toolbar__leave-text">{leaving ? 'Leaving…' : 'Leave'}</span>
      </button>
    </nav>
  );
}
