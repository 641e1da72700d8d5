// The facilitator's chat: every message received, labelled with its room, and a composer that
// writes to a chosen room (my own room by default; "Chat" on a column picks that room).
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactElement, type RefObject } from 'react';
import type { ChatMessage, RoomInfo } from '@common-ground/signalling/protocol';
import { roomName } from './boardModel.ts';

/** The protocol's ChatText limit. */
const CHAT_MAX = 2000;

interface ConsoleChatProps {
  messages: readonly ChatMessage[];
  rooms: readonly RoomInfo[];
  selfId: string;
  selfRoomId: string;
  /** The room to write to; null means my own room. */
  target: string | null;
  onTargetChange: (roomId: string | null) => void;
  onSend: (roomId: string | null, text: string) => Promise<boolean>;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  /** False hides the panel (small screens only; wide screens always show it). */
  open: boolean;
  panelId: string;
}

function timeOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function ConsoleChat(props: ConsoleChatProps): ReactElement {
  const { messages, rooms, selfId, selfRoomId, target, inputRef } = props;
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  const inputId = useId();
  const targetId = useId();
  const to = target ?? selfRoomId;

  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [messages.length]);

  const send = (): void => {
    const trimmed = text.trim();
    if (trimmed === '' || sending) return;
    setSending(true);
    void props.onSend(target, trimmed).then((sent) => {
      setSending(false);
      if (sent) setText('');
    });
  };

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    send();
  };

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <aside id={props.panelId} className={`console-chat${props.open ? '' : ' console-chat--closed'}`} data-testid="chat-panel" aria-labelledby="console-chat-title">
      <h2 id="console-chat-title" className="console-chat__title">
        Chat
      </h2>
      <ol ref={listRef} className="console-chat__messages" aria-label="Messages">
        {messages.map((m) => (
          <li key={m.id} className={`console-chat__message${m.from.participantId === selfId ? ' console-chat__message--mine' : ''}`} data-testid="chat-message" data-from={m.from.displayName} data-room-id={m.roomId}>
            <div className="console-chat__meta">
              <span className="console-chat__from">{m.from.participantId === selfId ? 'You' : m.from.displayName}</span>
              <span className="console-chat__room">to {m.roomName}</span>
              <time dateTime={m.at}>{timeOf(m.at)}</time>
            </div>
            <p className="console-chat__text">{m.text}</p>
          </li>
        ))}
        {messages.length === 0 && <li className="console-chat__empty">No messages yet.</li>}
      </ol>
      <form className="console-chat__compose" onSubmit={submit}>
        <div className="console-chat__target">
          <label htmlFor={targetId}>Send to</label>
          <select
            id={targetId}
            className="console-select"
            data-testid="chat-target"
            value={to}
            onChange={(event) => props.onTargetChange(event.target.value === selfRoomId ? null : event.target.value)}
          >
            {rooms.map((room) => (
              <option key={room.id} value={room.id}>
                {room.id === selfRoomId ? `${room.name} (my room)` : room.name}
              </option>
            ))}
            {!rooms.some((room) => room.id === to) && <option value={to}>{roomName(rooms, to)}</option>}
          </select>
        </div>
        <label htmlFor={inputId} className="console-chat__label">
          Message
        </label>
        <textarea
          id={inputId}
          ref={inputRef}
          className="console-input console-chat__input"
          data-testid="chat-input"
          rows={2}
          maxLength={CHAT_MAX}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={keyDown}
        />
        <button type="submit" className="console-button console-button--primary" data-testid="chat-send" aria-disabled={sending || text.trim() === '' || undefined}>
          {sending ? 'Sending…' : `Send to ${roomName(rooms, to)}`}
        </button>
      </form>
    </aside>
  );
}
