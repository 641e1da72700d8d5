// The console's top bar: meeting-wide actions, each one click away. Creating a separate room,
// locking the meeting, bringing everyone back to main, and ending the meeting (confirmed).
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { SoftButton } from './SoftButton.tsx';
import type { ConsoleActions } from './useConsoleActions.ts';

/** The protocol's RoomName limit. */
const ROOM_NAME_MAX = 40;

interface ConsoleTopBarProps {
  title: string;
  locked: boolean;
  actions: ConsoleActions;
  onEndMeeting: () => void;
  /** The chat toggle (a toggle on small screens, "go to chat" on wide ones). */
  chatToggle: ReactElement;
}

export function ConsoleTopBar({ title, locked, actions, onEndMeeting, chatToggle }: ConsoleTopBarProps): ReactElement {
  const [name, setName] = useState('');
  const inputId = useId();
  const creating = actions.busy('create-room');

  const create = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '' || creating) return;
    void actions.createRoom(trimmed).then((created) => {
      if (created) setName('');
    });
  };

  return (
    <header className="console-top">
      <div className="console-top__title">
        <h1>{title}</h1>
        <span className="console-top__role">Facilitator console</span>
      </div>
      <form className="console-top__create" onSubmit={create}>
        <label htmlFor={inputId} className="console-top__label">
          New room
        </label>
        <input
          id={inputId}
          className="console-input"
          data-testid="create-room-name"
          value={name}
          maxLength={ROOM_NAME_MAX}
          placeholder="e.g. Harmed side, private"
          onChange={(event) => setName(event.target.value)}
        />
        <button
          type="submit"
          className="console-button console-button--primary"
          data-testid="create-room-button"
          aria-disabled={creating || name.trim() === '' || undefined}
        >
          {creating ? 'Creating…' : 'Create room'}
        </button>
      </form>
      <div className="console-top__actions">
        <SoftButton
          className="console-button console-button--toggle"
          testId="lock-toggle"
          aria-pressed={locked}
          unavailable={actions.busy('lock')}
          onClick={() => actions.setLocked(!locked)}
        >
          Lock meeting
        </SoftButton>
        {locked && <span className="console-pill console-pill--warn">Locked: nobody new can join</span>}
        <SoftButton className="console-button" testId="gather-button" unavailable={actions.busy('gather')} onClick={actions.gather}>
          Bring everyone to main
        </SoftButton>
        {chatToggle}
        <SoftButton className="console-button console-button--danger" testId="end-meeting" unavailable={actions.busy('end')} onClick={onEndMeeting}>
          End meeting
        </SoftButton>
      </div>
    </header>
  );
}
