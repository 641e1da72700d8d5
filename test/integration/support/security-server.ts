// The whole server (startServer) for the security tests, with the production request limits (no
// TEST_LIMITS), its log kept as JSON lines, and a case made through the API the way staff make
// one: a facilitator, a case with both parties, a meeting with join links (optionally with PINs).
// Clients name their own address with X-Forwarded-For (the app trusts loopback proxies), so each
// test has its own rate-limit budget on the shared server.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startServer, type RunningServer, type ServerOptions } from '@common-ground/signalling';
import { HttpClient } from './api-harness.ts';
import { makeTarget, type Target } from './databases.ts';

export const SECURITY_SECRET = 'security-test-secret-'.padEnd(48, 's');

export interface SecurityServer {
  server: RunningServer;
  target: Target;
  /** Every log line the server wrote (pino JSON). */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startSecurityServer(extra: Partial<ServerOptions> = {}): Promise<SecurityServer> {
  const target = await makeTarget('postgres');
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  let server: RunningServer;
  try {
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: target.dir,
      ...target.options,
      jwtSecret: SECURITY_SECRET,
      logger: pino({ level: 'info' }, stream),
      sfu: { numWorkers: 1 },
      clientDist: `${target.dir}/no-client`,
      adminEmail: `admin.${randomBytes(3).toString('hex')}@example.org`,
      ...extra,
    });
  } catch (err) {
    await target.dispose();
    throw err;
  }
  return {
    server,
    target,
    logs,
    async close() {
      await server.close();
      await target.dispose();
    },
  };
}

/** An HttpClient whose requests say they come from `address` (X-Forwarded-For, via a loopback proxy). */
export class AddressedClient extends HttpClient {
  readonly address: string;

  constructor(base: string, address: string) {
    super(base);
    this.address = address;
  }

  override call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return super.call(method, path, body, { 'x-forwarded-for': this.address, ...headers });
  }
}

let addressCounter = 0;

/** A documentation address (TEST-NET-2) no other client of this process uses. */
export function freshAddress(): string {
  addressCounter += 1;
  return `198.51.100.${addressCounter}`;
}

export interface SignedInStaff {
  id: string;
  email: string;
  password: string;
  client: AddressedClient;
}

/** A facilitator who has signed in and chosen their own password (so they may use the API). */
export async function signedInFacilitator(server: RunningServer, address = freshAddress()): Promise<SignedInStaff> {
  const email = `fran.${randomBytes(4).toString('hex')}@example.org`;
  const { password: generated } = await server.createStaff({ email, displayName: 'Fran', role: 'facilitator' });
  const client = new AddressedClient(server.url, address);
  const login = await client.post('/api/auth/login', { email, password: generated });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${login.text}`);
  const password = 'a long facilitator passphrase';
  const changed = await client.post('/api/auth/password', { currentPassword: generated, newPassword: password });
  if (changed.status !== 200) throw new Error(`password change failed: ${changed.status} ${changed.text}`);
  return { id: login.body.staff.id as string, email, password, client };
}

export interface Invitee {
  partyId: string;
  participantId: string;
  invitationId: string;
  code: string;
  pin: string | null;
}

export interface OpenCase {
  caseId: string;
  meetingId: string;
  harmed: Invitee;
  responsible: Invitee;
}

/** A case with both parties and a conference meeting with a join link each, made over the API. */
export async function openCase(staff: SignedInStaff, opts: { withPin?: boolean } = {}): Promise<OpenCase> {
  const kase = await staff.client.post('/api/cases', {
    crimeType: 'Burglary', referralSource: 'Police', initiatedBy: 'harmed', riskLevel: 'low', referredOn: '2026-02-01',
    parties: [
      { side: 'harmed', role: 'party', name: 'Harriet Harmed', pseudonym: 'Blue' },
      { side: 'responsible', role: 'party', name: 'Rory Responsible', pseudonym: 'Green' },
    ],
  });
  if (kase.status !== 201) throw new Error(`case not created: ${kase.status} ${kase.text}`);
  const parties = kase.body.case.parties as { id: string; side: string }[];
  const meeting = await staff.client.post(`/api/cases/${kase.body.case.id}/meetings`, {
    kind: 'conference',
    invite: parties.map((p) => ({ partyId: p.id, withPin: opts.withPin ?? false })),
  });
  if (meeting.status !== 201) throw new Error(`meeting not created: ${meeting.status} ${meeting.text}`);
  const participants = meeting.body.meeting.participants as { participantId: string; casePartyId: string | null }[];
  const invitee = (side: string): Invitee => {
    const party = parties.find((p) => p.side === side);
    const participant = participants.find((p) => p.casePartyId === party?.id);
    const link = (meeting.body.invitations as { invitation: { id: string; participantId: string }; code: string; pin: string | null }[]).find(
      (i) => i.invitation.participantId === participant?.participantId,
    );
    if (!party || !participant || !link) throw new Error(`no ${side} invitee`);
    return { partyId: party.id, participantId: participant.participantId, invitationId: link.invitation.id, code: link.code, pin: link.pin };
  };
  return { caseId: kase.body.case.id as string, meetingId: meeting.body.meeting.id as string, harmed: invitee('harmed'), responsible: invitee('responsible') };
}

/** Redeems a join link (with its PIN) and returns the join token. */
export async function redeem(server: RunningServer, invitee: Invitee, address = freshAddress()): Promise<string> {
  const res = await new AddressedClient(server.url, address).post(`/api/invitations/${invitee.code}/redeem`, invitee.pin ? { pin: invitee.pin } : {});
  if (res.status !== 200) throw new Error(`redeem failed: ${res.status} ${res.text}`);
  return res.body.joinToken as string;
}

/** The facilitator's own join token for the meeting. */
export async function hostToken(staff: SignedInStaff, c: OpenCase): Promise<string> {
  const res = await staff.client.post(`/api/cases/${c.caseId}/meetings/${c.meetingId}/join`);
  if (res.status !== 200) throw new Error(`facilitator join failed: ${res.status} ${res.text}`);
  return res.body.joinToken as string;
}
