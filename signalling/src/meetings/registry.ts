// The live meetings on this node, loaded from the database on first use and unloaded when they
// end or stay empty (their router closes and the cluster may place them elsewhere next time).
import type { Logger } from '../logger.ts';
import { ProtocolError } from '../protocol/index.ts';
import { isEmpty, presenceSummary, type PresenceSummary } from '../room/index.ts';
import { LiveMeeting, type MeetingMediaPort } from './liveMeeting.ts';
import type { MeetingStore } from './store.ts';

export interface RegistryHooks {
  /** A meeting's head count changed (staff dashboards). */
  presence?: (meetingId: string, presence: PresenceSummary) => void;
  /** The meeting was unloaded here: close its media and give up its place in the cluster. */
  unloaded?: (meetingId: string, reason: 'ended' | 'empty' | 'moved') => void;
  /** How long a meeting with nobody in it stays loaded (default 60 s). */
  idleMs?: number;
}

/** At shutdown, how long writes waiting for an unavailable database may hold the process. */
const SHUTDOWN_WRITE_WAIT_MS = 10_000;

export class MeetingRegistry {
  /** Loaded meetings by id. */
  readonly #meetings = new Map<string, LiveMeeting>();
  /** Meetings being loaded, so concurrent joins share one LiveMeeting. */
  readonly #loading = new Map<string, Promise<LiveMeeting>>();
  readonly #store: MeetingStore;
  readonly #media: MeetingMediaPort;
  readonly #logger: Logger;
  /** Reconnect grace window given to each meeting. */
  readonly #graceMs: number;
  readonly #hooks: RegistryHooks;
  /** The last presence published per meeting, so unchanged counts are not re-sent. */
  readonly #published = new Map<string, string>();
  /** Timers unloading meetings that have been empty for `idleMs`. */
  readonly #idleTimers = new Map<string, NodeJS.Timeout>();

  constructor(store: MeetingStore, media: MeetingMediaPort, logger: Logger, graceMs: number, hooks: RegistryHooks = {}) {
    this.#store = store;
    this.#media = media;
    this.#logger = logger;
    this.#graceMs = graceMs;
    this.#hooks = hooks;
  }

  /** Live meetings and connected people on this node (the cluster's load figure). */
  get load(): { meetings: number; participants: number } {
    let participants = 0;
    for (const meeting of this.#meetings.values()) participants += meeting.presentCount;
    return { meetings: this.#meetings.size, participants };
  }

  /**
   * Another node took the meeting over: its clients are disconnected (they reconnect and are
   * sent there) and it is unloaded here without being marked ended or left.
   */
  handOver(meetingId: string): void {
    const meeting = this.#meetings.get(meetingId);
    if (!meeting) return;
    meeting.handOver();
    this.#unload(meeting, 'moved');
  }

  find(meetingId: string): LiveMeeting | undefined {
    return this.#meetings.get(meetingId);
  }

  get all(): LiveMeeting[] {
    return [...this.#meetings.values()];
  }

  /** Waits for every meeting's pending database writes. */
  async drain(): Promise<void> {
    for (const timer of this.#idleTimers.values()) clearTimeout(timer);
    this.#idleTimers.clear();
    for (const meeting of this.all) meeting.dispose();
    await Promise.all(this.all.map((m) => m.drain(SHUTDOWN_WRITE_WAIT_MS)));
  }

  /**
   * Ends the live sessions of people whose access staff revoked in the database (a withdrawn
   * link, an unassigned or disabled facilitator). Called after every successful staff change.
   */
  async syncRevocations(): Promise<void> {
    for (const meeting of this.all) {
      if (meeting.state.ended) continue;
      const removed = await this.#store.removedParticipants(meeting.meetingId);
      for (const participantId of removed) {
        if (meeting.state.removed.includes(participantId)) continue;
        this.#logger.info({ meetingId: meeting.meetingId, participantId }, 'access revoked by staff; ending the live session');
        await meeting.apply({ type: 'accessRevoked', participantId });
      }
    }
  }

  async get(meetingId: string): Promise<LiveMeeting> {
    const loaded = this.#meetings.get(meetingId);
    if (loaded) return loaded;
    const loading = this.#loading.get(meetingId);
    if (loading) return loading;
    const load = this.#load(meetingId).finally(() => this.#loading.delete(meetingId));
    this.#loading.set(meetingId, load);
    return load;
  }

  async #load(meetingId: string): Promise<LiveMeeting> {
    const record = await this.#store.findMeeting(meetingId);
    if (!record) throw new ProtocolError('NOT_FOUND', 'this meeting does not exist');
    if (record.status === 'ended') throw new ProtocolError('MEETING_ENDED', 'this meeting has ended');
    const [roster, removed] = await Promise.all([this.#store.roster(meetingId), this.#store.removedParticipants(meetingId)]);
    const meeting = new LiveMeeting({
      meetingId: record.id,
      title: record.title,
      roster,
      removed,
      store: this.#store,
      media: this.#media,
      logger: this.#logger,
      graceMs: this.#graceMs,
      snapshot: record.roomSnapshot,
      onChange: (m) => this.#changed(m),
    });
    this.#meetings.set(meetingId, meeting);
    this.#scheduleIdle(meeting); // loaded but nobody joined (yet)
    return meeting;
  }

  #changed(meeting: LiveMeeting): void {
    if (this.#meetings.get(meeting.meetingId) !== meeting) return;
    const presence = presenceSummary(meeting.state);
    const serialised = JSON.stringify(presence);
    if (this.#published.get(meeting.meetingId) !== serialised) {
      this.#published.set(meeting.meetingId, serialised);
      this.#hooks.presence?.(meeting.meetingId, presence);
    }
    // After the effects of this change (the last sessions' disconnects) have run.
    // Once its writes (the "ended" mark) are stored, so a later load finds it ended.
    if (meeting.state.ended) void meeting.drain().finally(() => this.#unload(meeting, 'ended'));
    else this.#scheduleIdle(meeting);
  }

  #scheduleIdle(meeting: LiveMeeting): void {
    const id = meeting.meetingId;
    if (!isEmpty(meeting.state)) {
      clearTimeout(this.#idleTimers.get(id));
      this.#idleTimers.delete(id);
      return;
    }
    if (this.#idleTimers.has(id)) return;
    const timer = setTimeout(() => {
      this.#idleTimers.delete(id);
      if (isEmpty(meeting.state)) this.#unload(meeting, 'empty');
    }, this.#hooks.idleMs ?? 60_000);
    timer.unref();
    this.#idleTimers.set(id, timer);
  }

  #unload(meeting: LiveMeeting, reason: 'ended' | 'empty' | 'moved'): void {
    const id = meeting.meetingId;
    if (this.#meetings.get(id) !== meeting) return;
    this.#meetings.delete(id);
    this.#published.delete(id);
    clearTimeout(this.#idleTimers.get(id));
    this.#idleTimers.delete(id);
    meeting.dispose();
    this.#logger.info({ meetingId: id, reason }, 'meeting unloaded');
    // Its database writes still finish; shutdown's drain() no longer sees it, so log failures here.
    meeting.drain().catch((err: unknown) => this.#logger.error({ err, meetingId: id }, 'writes of an unloaded meeting failed'));
    this.#hooks.unloaded?.(id, reason);
  }
}
