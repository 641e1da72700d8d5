// Text chat: the messages we received, oldest first, and a box to write to a room (our own by
// default; the facilitator console can pass any room). Enter sends, Shift+Enter adds a line.
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactElement } from 'react';
import type { ChatMessage } from '@common-ground/signalling/protocol';
import { describeError, RequestError } from '../media/request.ts';
import type { RoomSnapshot } from '../media/roomState.ts';
import type { Session } from '../session.ts';
import './chat.css';

/** The protocol's ChatText limit. */
const MAX_TEXT = 2000;

interface ChatPanelProps {
  session: Session;
  room: RoomSnapshot;
  /** Write to this room and show only its messages; null (the default) is our own room, all messages. */
  roomId?: string | null;
  /** Small screens: whether the drawer is open (wide screens always show the panel). */
  open: boolean;
  /** Close the drawer (Escape, or the close button); small screens only. */
  onClose?: () => void;
  id?: string;
}

export function ChatPanel({ session, room, roomId = null, open, onClose, id }: ChatPanelProps): ReactElement {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const titleId = useId();
  const inputId = useId();
  const selfId = room.self?.participantId ?? null;
  const facilitator = room.view?.self.role === 'facilitator';
  const messages = roomId === null ? room.chat : room.chat.filter((m) => m.roomId === roomId);

  useEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);

  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [messages.length]);

  const send = (): void => {
    const trimmed = text.trim();
    if (trimmed === '' || sending) return;
    setSending(true);
    setError(null);
    session.room.sendChat(roomId, trimmed).then(
      () => {
        setSending(false);
        setText('');
      },
      (err: unknown) => {
        console.error('[ChatPanel] chat.send failed', { error: describeError(err) });
        setSending(false);
        setError(err instanceof RequestError && err.code === 'DISCONNECTED'
          ? 'You are offline, so your message was not sent. It is still in the box: send it again once you are reconnected.'
          : 'Your message was not sent. Please try again.');
      },
    );
  };

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    send();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };

  return (
    <aside
      id={id}
      className={`chat${open ? ' chat--open' : ''}`}
      data-testid="chat-panel"
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onClose) onClose();
      }}
    >
      <div className="chat__head">
        <h2 id={titleId} className="chat__title">
          Chat
        </h2>
        {onClose && (
          <button type="button" className="chat__close" onClick={onClose}>
            Close
          </button>
        )}
      </div>
      <ol ref={listRef} className="chat__messages" aria-label="Messages" aria-live="polite">
        {messages.map((m) => (
          <Message key={m.id} message={m} mine={m.from.participantId === selfId} showRoom={facilitator} />
        ))}
        {messages.length === 0 && <li className="chat__empty">No messages yet. Messages go to everyone in your room.</li>}
      </ol>
      <form className="chat__form" onSubmit={onSubmit}>
        <label htmlFor={inputId} className="chat__label">
          Message
        </label>
        <textarea
          ref={inputRef}
          id={inputId}
          className="chat__input"
          data-testid="chat-input"
          rows={2}
          maxLength={MAX_TEXT}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {error && (
          <p className="chat__error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary chat__send" data-testid="chat-send" disabled={sending || text.trim() === ''}>
          {sending ? 'Sending…' : 'Send'}
        </button>
      </form>
    </aside>
  );
}

function Message({ message, mine, showRoom }: { message: ChatMessage; mine: boolean; showRoom: boolean }): ReactElement {
  return (
    <li className={`chat__message${mine ? ' chat__message--mine' : ''}`} data-testid="chat-message" data-from={message.from.displayName}>
      <div className="chat__meta">
        <span className="chat__from">{mine ? 'You' : message.from.displayName}</span>
        {showRoom && <span className="chat__room">to {message.roomName}</span>}
        <time dateTime={message.at}>{timeOf(message.at)}</time>
      </div>
      <p className="chat__text">{message.text}</p>
    </li>
  );
}

function timeOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
