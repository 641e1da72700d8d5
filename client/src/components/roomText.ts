// Words for the meeting page, as plain functions so the page and its tests agree on them.
import type { HostInfo, ParticipantView } from '@common-ground/signalling/protocol';

/** The current room's name. Parties see "Waiting room" for either side's waiting room. */
export function roomTitle(view: Pick<ParticipantView, 'room' | 'self'>): string {
  if (view.room.kind === 'waiting' && view.self.role !== 'facilitator') return 'Waiting room';
  return view.room.name;
}

/** "Alice", "Alice and Bob", "Alice, Bob and Carol". */
export function listOfNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Who is in the room with us, for the header. */
export function whoIsHere(names: readonly string[]): string {
  return names.length === 0 ? 'Only you are here' : `With you: ${listOfNames(names)}`;
}

/** The listening-in banner text, or null when nobody listens in. */
export function listeningText(listeners: readonly { displayName: string }[]): string | null {
  if (listeners.length === 0) return null;
  const names = listOfNames(listeners.map((l) => l.displayName));
  return listeners.length === 1
    ? `Your facilitator ${names} is listening in to this room.`
    : `Your facilitators ${names} are listening in to this room.`;
}

/** True when no facilitator is here and at least one is reconnecting. */
export function facilitatorReconnecting(hosts: readonly HostInfo[]): boolean {
  return !hosts.some((h) => h.status === 'present') && hosts.some((h) => h.status === 'reconnecting');
}

export const HOST_STATUS_TEXT: Record<HostInfo['status'], string> = {
  present: 'is here',
  reconnecting: 'is reconnecting…',
  away: 'has not joined yet',
};
