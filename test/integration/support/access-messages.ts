// Cases and messages for the messages access-control matrix: a case whose harmed and responsible
// parties, harmed-side supporter, responsible-side observer (prison staff) and a removed participant
// each hold a join token; and messages made through the services in the state a route needs.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { consentText } from '@common-ground/signalling';
import type { ApiHarness, HttpClient, StaffFixture } from './api-harness.ts';
import { createCaseFixture } from './case-fixtures.ts';

export type PartyRole = 'harmed' | 'responsible' | 'supporter' | 'observer';
export const PARTY_ROLES: PartyRole[] = ['harmed', 'responsible', 'supporter', 'observer'];

/** A person of a case as the messages layer sees them (messages/partyMessages.ts PartyIdentity). */
export interface PartyIdentity {
  caseId: string;
  casePartyId: string;
  participantId: string;
  role: 'party' | 'supporter' | 'observer';
  side: 'harmed' | 'responsible';
}

export interface Seat {
  identity: PartyIdentity;
  /** Sends their join token as `Authorization: Bearer`. */
  client: HttpClient;
}

export interface MessagingCase {
  caseId: string;
  meetingId: string;
  facilitatorId: string;
  seats: Record<PartyRole, Seat>;
  /** A participant the facilitator removed from the meeting, with their (still signed) token. */
  removed: HttpClient;
  /** The unused join-link codes of the meeting's invitees. */
  codes: Record<'harmed' | 'responsible' | 'supporter', string>;
}

let counter = 0;

async function seatFor(h: ApiHarness, caseId: string, meetingId: string, participantId: string): Promise<Seat> {
  const row = await h.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } });
  const identity: PartyIdentity = { caseId, casePartyId: row.casePartyId!, participantId, role: row.role as PartyIdentity['role'], side: row.side as PartyIdentity['side'] };
  const client = h.client();
  client.bearer = h.tokens.issueJoinToken({ meetingId, participantId, role: identity.role, side: identity.side }, 3600);
  return { identity, client };
}

/** Another invitee of the case's meeting (a new party of the case). */
async function invitee(h: ApiHarness, caseId: string, meetingId: string, facilitator: StaffFixture, party: { side: 'harmed' | 'responsible'; role: 'supporter' | 'observer'; pseudonym: string }): Promise<string> {
  const actor = { staffId: facilitator.id, role: 'facilitator' as const };
  const added = await h.api.services.parties.add(caseId, { ...party, name: `${party.pseudonym} ${++counter}` }, actor);
  const meeting = await h.api.services.meetings.addInvitee(caseId, meetingId, added.id, actor);
  return meeting.participants.find((p) => p.casePartyId === added.id)!.participantId;
}

export async function messagingCase(h: ApiHarness, facilitator: StaffFixture, tag: string): Promise<MessagingCase> {
  const c = await createCaseFixture(h, facilitator, tag);
  const observerId = await invitee(h, c.caseId, c.meetingId, facilitator, { side: 'responsible', role: 'observer', pseudonym: 'Prison staff' });
  const removedId = await invitee(h, c.caseId, c.meetingId, facilitator, { side: 'harmed', role: 'supporter', pseudonym: 'Neighbour' });
  const removed = await seatFor(h, c.caseId, c.meetingId, removedId);
  // As the live meeting stores a facilitator's participant.remove.
  await h.db.prisma.participant.update({ where: { id: removedId }, data: { removedAt: new Date() } });
  return {
    caseId: c.caseId,
    meetingId: c.meetingId,
    facilitatorId: facilitator.id,
    seats: {
      harmed: await seatFor(h, c.caseId, c.meetingId, c.harmed.participantId),
      responsible: await seatFor(h, c.caseId, c.meetingId, c.responsible.participantId),
      supporter: await seatFor(h, c.caseId, c.meetingId, c.supporter.participantId),
      observer: await seatFor(h, c.caseId, c.meetingId, observerId),
    },
    removed: removed.client,
    codes: { harmed: c.harmed.code, responsible: c.responsible.code, supporter: c.supporter.code },
  };
}

/** Makes messages in the state a route needs, through the services (the routes under test are not used). */
export class MessageMaker {
  readonly #h: ApiHarness;
  // A short WebM made at test time; copied for each ingest (which consumes its input).
  readonly #clip: string;
  readonly #scratch: string;

  constructor(h: ApiHarness, clip: string, scratch: string) {
    this.#h = h;
    this.#clip = clip;
    this.#scratch = scratch;
  }

  get #m() {
    return this.#h.api.services.messaging;
  }

  async consent(seat: Seat): Promise<string> {
    const p = seat.identity;
    const record = await this.#m.consents.give({ caseId: p.caseId, casePartyId: p.casePartyId, participantId: p.participantId }, 'message_recording', consentText('message_recording').version, { kind: 'participant', id: p.participantId });
    return record.id;
  }

  /** A text message to the other side: waiting for review, delivered, or sent back for changes. */
  async text(seat: Seat, c: MessagingCase, status: 'pending_review' | 'delivered' | 'changes_requested' = 'pending_review'): Promise<string> {
    const consentId = await this.consent(seat);
    const m = await this.#m.party.create(seat.identity, { kind: 'text', audience: 'other_side', noReply: false, consentId, text: `A message ${++counter}` });
    await this.#decide(c, m.id, status);
    return m.id;
  }

  /** A video message to the other side: waiting for its upload, or with its file (waiting for review or delivered). */
  async video(seat: Seat, c: MessagingCase, status: 'uploading' | 'pending_review' | 'delivered'): Promise<string> {
    const consentId = await this.consent(seat);
    const m = await this.#m.party.create(seat.identity, { kind: 'video', audience: 'other_side', noReply: false, consentId });
    if (status === 'uploading') return m.id;
    const copy = path.join(this.#scratch, `ingest-${++counter}.webm`);
    copyFileSync(this.#clip, copy);
    await this.#m.ingest.ingest(m.id, copy, { from: 'uploading', origin: 'upload', actor: { kind: 'participant', id: seat.identity.participantId } });
    const stored = await this.#h.db.prisma.message.findUniqueOrThrow({ where: { id: m.id } });
    if (stored.status !== 'pending_review') throw new Error(`the test clip was not ingested: ${stored.status} ${stored.statusReason}`);
    await this.#decide(c, m.id, status);
    return m.id;
  }

  async #decide(c: MessagingCase, id: string, status: string): Promise<void> {
    const reviewer = { staffId: c.facilitatorId };
    if (status === 'delivered') await this.#m.review.approve(reviewer, c.caseId, id);
    if (status === 'changes_requested') await this.#m.review.requestChanges(reviewer, c.caseId, id, 'Please leave out the street name.');
  }
}

export interface RawReply {
  status: number;
  code: string | null;
  location: string | null;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** One tus request with whatever credentials `client` holds (join token, session cookie, or none). */
export async function tus(base: string, client: HttpClient, method: string, urlPath: string, extra: Record<string, string> = {}, body?: Uint8Array): Promise<RawReply> {
  const headers: Record<string, string> = { 'tus-resumable': '1.0.0', ...extra };
  if (client.bearer) headers['authorization'] = `Bearer ${client.bearer}`;
  if (client.cookie) headers['cookie'] = `cg_session=${client.cookie}`;
  const res = await fetch(`${base}${urlPath}`, { method, headers, ...(body ? { body: new Blob([new Uint8Array(body)]) } : {}) });
  const text = method === 'HEAD' ? '' : await res.text();
  let code: string | null = null;
  try {
    code = text ? ((JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null) : null;
  } catch {
    code = null; // tus answers some refusals in plain text
  }
  const location = res.headers.get('location');
  return { status: res.status, code, location: location ? new URL(location, base).pathname : null };
}

/** Creates an upload of `size` bytes for message `messageId` as `client`. */
export function createUpload(base: string, client: HttpClient, messageId: string, size = 1000): Promise<RawReply> {
  return tus(base, client, 'POST', '/api/uploads', { 'upload-length': String(size), 'upload-metadata': `messageId ${b64(messageId)},filetype ${b64('video/webm')}` });
}
