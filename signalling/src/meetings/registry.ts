// The live meetings on this node, loaded from the database on first use.
import type { Logger } from '../logger.ts';
import { ProtocolError } from '../protocol/index.ts';
import { LiveMeeting, type MeetingMediaPort } from './liveMeeting.ts';
import type { MeetingStore } from './store.ts';

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

  constructor(store: MeetingStore, media: MeetingMediaPort, logger: Logger, graceMs: number) {
    this.#store = store;
    this.#media = media;
    this.#logger = logger;
    this.#graceMs = graceMs;
  }

  find(meetingId: string): LiveMeeting | undefined {
    return this.#meetings.get(meetingId);
  }

  get all(): LiveMeeting[] {
    return [...this.#meetings.values()];
  }

  /** Waits for every meeting's pending database writes. */
  async drain(): Promise<void> {
    for (const meeting of this.all) meeting.dispose();
    await Promise.all(this.all.map((m) => m.drain()));
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
    });
    this.#meetings.set(meetingId, meeting);
    return meeting;
  }
}
