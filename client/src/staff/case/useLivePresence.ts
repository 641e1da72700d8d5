// Live presence of a case's meetings for the case page: one socket.io connection to the /staff
// namespace (signed in by the staff session cookie), watching one case. The server sends counts
// only (connected, waiting), whichever node hosts the meeting. Any failure means "no live info":
// the page works as before, and the reason goes to the console.
import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';

// The /staff namespace's wire shapes (signalling/src/socket/staffLiveProtocol.ts), checked on arrival.
export const LivePresence = z.object({ connected: z.number().int().min(0), waiting: z.number().int().min(0), ended: z.boolean() });
export type LivePresence = z.infer<typeof LivePresence>;
export const MeetingPresence = z.object({ meetingId: z.string(), presence: LivePresence });
export type MeetingPresence = z.infer<typeof MeetingPresence>;
const WatchAck = z.union([
  z.object({ ok: z.literal(true), data: z.object({ meetings: z.array(MeetingPresence) }) }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
const Unwatched = z.object({ caseId: z.string() });

/** Presence of each meeting known to be live, by meeting id. */
export type LivePresences = ReadonlyMap<string, LivePresence>;

const NONE: LivePresences = new Map();
/** After the server closes the socket (e.g. a session check), one new attempt after this long. */
const RETRY_AFTER_SERVER_CLOSE_MS = 5_000;

/** One presence event applied: an ended meeting is dropped, others replace what was known. */
export function applyPresence(current: LivePresences, event: MeetingPresence): LivePresences {
  if (event.presence.ended) {
    if (!current.has(event.meetingId)) return current;
    const next = new Map(current);
    next.delete(event.meetingId);
    return next;
  }
  const known = current.get(event.meetingId);
  if (known && known.connected === event.presence.connected && known.waiting === event.presence.waiting) return current;
  return new Map(current).set(event.meetingId, event.presence);
}

/** The snapshot answered to a watch, merged over what arrived meanwhile. */
export function applySnapshot(current: LivePresences, meetings: readonly MeetingPresence[]): LivePresences {
  return meetings.reduce(applyPresence, current);
}

/** The badge text of a meeting in progress, or null when nobody is connected (nothing to show). */
export function liveLabel(presence: LivePresence | undefined): string | null {
  if (!presence || presence.ended || presence.connected === 0) return null;
  const parts = ['Live', `${presence.connected} connected`];
  if (presence.waiting > 0) parts.push(`${presence.waiting} waiting`);
  return parts.join(' · ');
}

/** Live presences of the case's meetings; empty while unknown, disconnected, or refused. */
export function useLivePresence(caseId: string): LivePresences {
  const [presences, setPresences] = useState<LivePresences>(NONE);

  useEffect(() => {
    let active = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    // forceNew: this hook's own connection, closed completely on unmount.
    const socket: Socket = io('/staff', { transports: ['websocket'], forceNew: true, reconnectionDelayMax: 10_000 });

    const watch = (): void => {
      socket.emit('case.watch', { caseId }, (raw: unknown) => {
        const ack = WatchAck.safeParse(raw);
        if (!active) return;
        if (!ack.success) {
          console.warn('[live presence] unexpected answer to case.watch', z.prettifyError(ack.error));
          return;
        }
        const answer = ack.data;
        if (!answer.ok) console.warn(`[live presence] not watching the case: ${answer.error.code} ${answer.error.message}`);
        else setPresences((current) => applySnapshot(current, answer.data.meetings));
      });
    };

    socket.on('connect', watch);
    socket.on('meeting.presence', (raw: unknown) => {
      const event = MeetingPresence.safeParse(raw);
      if (!event.success) console.warn('[live presence] malformed meeting.presence ignored');
      else if (active) setPresences((current) => applyPresence(current, event.data));
    });
    socket.on('case.unwatched', (raw: unknown) => {
      if (Unwatched.safeParse(raw).data?.caseId === caseId && active) setPresences(NONE);
    });
    socket.on('connect_error', (err: Error & { data?: unknown }) => {
      // A refusal by the server (no session) is final; a network failure is retried by socket.io.
      console.warn(`[live presence] ${socket.active ? 'connection failed; retrying' : 'refused'}: ${err.message}`);
    });
    socket.on('disconnect', (reason) => {
      if (!active) return;
      setPresences(NONE); // stale counts are worse than none
      if (reason === 'io server disconnect') {
        // The server ended it (e.g. the session it was opened with is over): try once more with today's cookie.
        retry = setTimeout(() => active && socket.connect(), RETRY_AFTER_SERVER_CLOSE_MS);
      }
    });

    return () => {
      active = false;
      clearTimeout(retry);
      if (socket.connected) socket.emit('case.unwatch', { caseId }, () => undefined);
      socket.disconnect();
      setPresences(NONE);
    };
  }, [caseId]);

  return presences;
}
