// The /staff namespace's wire format: what a staff client may send (zod-checked), what it is
// sent, and the one event nodes send each other. Counts only: no names, sides or roles of the
// people in a meeting ever cross this channel.
//
// Kept apart from the participants' protocol table (protocol/table.ts): staff sign in with the
// session cookie, not a join token, and this namespace has nothing to do with room state.
import { z } from 'zod';
import type { Ack } from '../protocol/index.ts';

export const STAFF_NAMESPACE = '/staff';

/** The socket.io room of the staff watching a case, on every node. */
export const caseRoom = (caseId: string): string => `case:${caseId}`;

/** How many cases one socket may watch at once (a case page watches one). */
export const MAX_WATCHED_CASES = 8;

export const LivePresence = z.strictObject({
  /** People whose connection is up, wherever they are placed (waiting rooms included). */
  connected: z.number().int().min(0),
  /** Of those, the ones in a waiting room. */
  waiting: z.number().int().min(0),
  /** Published once when the meeting ends; the meeting is then forgotten. */
  ended: z.boolean(),
});
export type LivePresence = z.infer<typeof LivePresence>;

export const MeetingPresence = z.strictObject({ meetingId: z.uuid(), presence: LivePresence });
export type MeetingPresence = z.infer<typeof MeetingPresence>;

/** `case.watch` and `case.unwatch` payloads. */
export const CaseWatch = z.strictObject({ caseId: z.uuid() });
export type CaseWatch = z.infer<typeof CaseWatch>;

/** The snapshot answered to `case.watch`: this node's live meetings of the case. */
export interface CaseWatchResult {
  meetings: MeetingPresence[];
}

/** Why the server stopped a watch on its own. */
export type UnwatchReason = 'access_revoked';

type Reply<T> = (res: Ack<T>) => void;

/** Client to server. Payloads are `unknown` here: they are parsed with the schemas above. */
export interface StaffClientEvents {
  'case.watch': (payload: unknown, ack: Reply<CaseWatchResult>) => void;
  'case.unwatch': (payload: unknown, ack: Reply<Record<string, never>>) => void;
}

/** Server to client. */
export interface StaffServerEvents {
  'meeting.presence': (payload: MeetingPresence) => void;
  /** The staff member may no longer see the case (e.g. unassigned); its presences stop. */
  'case.unwatched': (payload: { caseId: string; reason: UnwatchReason }) => void;
}

/** Node to node, through the socket.io adapter (Redis when clustered). */
export interface StaffInterServerEvents {
  /** "Re-send what you remember about this case's meetings to its room." */
  'presence.replay': (caseId: string) => void;
}
