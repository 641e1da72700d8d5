// What arrives beside the view: chat messages and facilitator notices, as pure list updates.
import type { ChatMessage, NotificationOf } from '@common-ground/signalling/protocol';

/** A facilitator notice as the UI keeps it: the server's payload plus a client id and arrival time. */
export interface ClientNotice {
  readonly id: number;
  readonly kind: NotificationOf<'notice'>['kind'];
  readonly participantId: string;
  readonly displayName: string;
  readonly roomId: string | null;
  /** Date.now() when it arrived. */
  readonly at: number;
}

/** How many notices are kept; older ones drop off. */
export const MAX_NOTICES = 5;

/** How many chat messages are kept (the server keeps 500 per meeting). */
export const MAX_CHAT = 500;

/** Add messages, skipping ids we already have (a reload's history, or our own message echoed). */
export function appendChat(chat: readonly ChatMessage[], incoming: readonly ChatMessage[]): readonly ChatMessage[] {
  const known = new Set(chat.map((m) => m.id));
  const fresh = incoming.filter((m) => !known.has(m.id) && known.add(m.id));
  if (fresh.length === 0) return chat;
  return [...chat, ...fresh].sort((a, b) => a.id - b.id).slice(-MAX_CHAT);
}

/** Keep the newest MAX_NOTICES notices, oldest first. */
export function addNotice(notices: readonly ClientNotice[], notice: ClientNotice): readonly ClientNotice[] {
  return [...notices, notice].slice(-MAX_NOTICES);
}

export function removeNotice(notices: readonly ClientNotice[], id: number): readonly ClientNotice[] {
  return notices.filter((n) => n.id !== id);
}
