// Server → client notifications: each payload is checked against the protocol table before it
// reaches its handler; the handlers are a typed table, one entry per notification.
import {
  notifications,
  type NotificationName,
  type NotificationOf,
} from '@common-ground/signalling/protocol';
import type { SignallingSocket } from './request.ts';

/** One handler per notification in the protocol table. */
export type NotificationHandlers = { [K in NotificationName]: (payload: NotificationOf<K>) => void };

/** The untyped listener view, used only after we have bound each name to its own schema. */
interface LooseListener {
  on(event: string, listener: (payload: unknown) => void): void;
  off(event: string, listener: (payload: unknown) => void): void;
}

/** Subscribe `handlers` to every notification; returns the unsubscribe function. */
export function listenToNotifications(socket: SignallingSocket, handlers: NotificationHandlers): () => void {
  const loose = socket as unknown as LooseListener;
  const bound = (Object.keys(notifications) as NotificationName[]).map((name) => {
    const listener = (payload: unknown): void => {
      const parsed = notifications[name].safeParse(payload);
      if (!parsed.success) {
        console.error('[notifications] dropped invalid notification', { name, issues: parsed.error.issues });
        return;
      }
      (handlers[name] as (payload: unknown) => void)(parsed.data);
    };
    loose.on(name, listener);
    return { name, listener };
  });
  return () => {
    for (const { name, listener } of bound) loose.off(name, listener);
  };
}
