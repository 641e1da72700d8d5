// The pure part of live presence: what a node remembers of the presences it published, so a staff
// member who starts watching a case gets them. (The counts themselves come from the room layer,
// room/summary.ts, through the meeting registry.)
import type { LivePresence, MeetingPresence } from './staffLiveProtocol.ts';

/** How many ended meeting ids are kept, so a late publish cannot bring an ended meeting back. */
export const ENDED_MEMORY = 10_000;

export function samePresence(a: LivePresence | undefined, b: LivePresence): boolean {
  return a !== undefined && a.connected === b.connected && a.waiting === b.waiting && a.ended === b.ended;
}

/** What `record` decided: send the presence to the case's watchers, or not (unchanged or stale). */
export type RecordOutcome = 'emit' | 'unchanged' | 'already-ended';

/** The latest presence of each live meeting this node hosts, with its case. */
export class PresenceMemory {
  /** Latest presence and case of each live meeting, by meeting id. */
  readonly #live = new Map<string, { caseId: string; presence: LivePresence }>();
  /** Meetings that ended, oldest first (a Set keeps insertion order), at most `#endedLimit`. */
  readonly #ended = new Set<string>();
  /** How many ended ids to keep. */
  readonly #endedLimit: number;

  constructor(endedLimit = ENDED_MEMORY) {
    this.#endedLimit = endedLimit;
  }

  /**
   * Remembers `presence` for the meeting. An ended meeting is forgotten at once (its one ended
   * presence is still emitted); anything published for it afterwards is dropped. A meeting
   * nobody is connected to is not remembered either (a watcher who knows nothing of it sees the
   * same): its zero is emitted once, if a non-zero presence was remembered.
   */
  record(meetingId: string, caseId: string, presence: LivePresence): RecordOutcome {
    if (this.#ended.has(meetingId)) return 'already-ended';
    if (presence.ended) {
      this.#live.delete(meetingId);
      this.#ended.add(meetingId);
      if (this.#ended.size > this.#endedLimit) {
        const oldest = this.#ended.values().next();
        if (!oldest.done) this.#ended.delete(oldest.value);
      }
      return 'emit';
    }
    if (presence.connected === 0) return this.#live.delete(meetingId) ? 'emit' : 'unchanged';
    if (samePresence(this.#live.get(meetingId)?.presence, presence)) return 'unchanged';
    this.#live.set(meetingId, { caseId, presence: { ...presence } });
    return 'emit';
  }

  /** The meeting is no longer hosted here (handed over to another node): forget it without emitting anything. */
  forget(meetingId: string): void {
    this.#live.delete(meetingId);
  }

  /** Whether the meeting ended (as far as this node remembers). */
  hasEnded(meetingId: string): boolean {
    return this.#ended.has(meetingId);
  }

  /** The remembered live meetings of a case. */
  forCase(caseId: string): MeetingPresence[] {
    const found: MeetingPresence[] = [];
    for (const [meetingId, entry] of this.#live) {
      if (entry.caseId === caseId) found.push({ meetingId, presence: { ...entry.presence } });
    }
    return found;
  }

  get size(): number {
    return this.#live.size;
  }

  clear(): void {
    this.#live.clear();
    this.#ended.clear();
  }
}
