// Development invitations: a meeting with participants and a join link for each. Full,
// single-use invitations with PINs belong to the cases work; this is the dev and test path.
import type { TokenService } from '../auth/tokens.ts';
import type { Role, Side } from '../protocol/index.ts';
import type { MeetingStore, MeetingWithParticipants, NewParticipant } from './store.ts';

export interface InvitedParticipant {
  participantId: string;
  displayName: string;
  role: Role;
  side: Side | null;
  token: string;
  link: string;
}

export interface CreatedMeeting {
  meetingId: string;
  title: string;
  participants: InvitedParticipant[];
}

/** Join links carry the token in the fragment, so it never reaches HTTP logs or referrers. */
export function joinLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/join#token=${token}`;
}

export class Invitations {
  readonly #store: MeetingStore;
  readonly #tokens: TokenService;
  readonly #publicUrl: string;
  readonly #ttlSeconds: number;

  constructor(store: MeetingStore, tokens: TokenService, publicUrl: string, ttlSeconds: number) {
    this.#store = store;
    this.#tokens = tokens;
    this.#publicUrl = publicUrl;
    this.#ttlSeconds = ttlSeconds;
  }

  async createMeeting(title: string, participants: NewParticipant[]): Promise<CreatedMeeting> {
    const meeting = await this.#store.createMeeting(title, participants);
    await this.#store.audit({ meetingId: meeting.id, actorId: null, action: 'meeting.created', subjectId: meeting.id, detail: { participants: participants.length } });
    return this.#withLinks(meeting.id, title, meeting.participants);
  }

  /** The demo meeting, created on first start and reused after; links are issued afresh. */
  async demoMeeting(): Promise<CreatedMeeting> {
    const title = 'Demo meeting';
    const existing = await this.#store.findMeetingByTitle(title);
    if (existing) return this.#withLinks(existing.id, title, existing.participants);
    return this.createMeeting(title, [
      { displayName: 'Facilitator', role: 'facilitator' },
      { displayName: 'Harmed party', role: 'party', side: 'harmed' },
      { displayName: 'Responsible party', role: 'party', side: 'responsible' },
    ]);
  }

  #withLinks(meetingId: string, title: string, participants: MeetingWithParticipants['participants']): CreatedMeeting {
    return {
      meetingId,
      title,
      participants: participants.map((p) => {
        const token = this.#tokens.issueJoinToken({ meetingId, participantId: p.id, role: p.role, name: p.displayName }, this.#ttlSeconds);
        return { participantId: p.id, displayName: p.displayName, role: p.role, side: p.side, token, link: joinLink(this.#publicUrl, token) };
      }),
    };
  }
}
