// The fault tests' cast on a real server (startServer), set up through the HTTP API as the people's
// browsers would: a facilitator signed in with a session, a case with the harmed and responsible
// parties, a conference meeting, each party's join link redeemed, and the facilitator's own join
// token. Each person also gets an HTTP client (session cookie or bearer join token) for the API.
import type { RunningServer } from '@common-ground/signalling';
import { HttpClient } from './api-harness.ts';
import { joinAs, type RoomPeer } from './room-peers.ts';
import { request, type TestSocket } from './socket-client.ts';

export interface Person {
  participantId: string;
  token: string;
  /** Their browser's API client (staff cookie for the facilitator, bearer join token for a party). */
  http: HttpClient;
}

export interface FaultCase {
  caseId: string;
  meetingId: string;
  fran: Person;
  hana: Person;
  ray: Person;
}

let counter = 0;

async function ok(res: Promise<{ status: number; body: any; text: string }>, status: number, what: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of many shapes
  const reply = await res;
  if (reply.status !== status) throw new Error(`${what}: ${reply.status} ${reply.text}`);
  return reply.body;
}

/** Fran (facilitator), Hana (harmed party) and Ray (responsible party) on a new case and meeting. */
export async function faultCase(server: RunningServer, tag: string): Promise<FaultCase> {
  const n = ++counter;
  const email = `fran.${tag}.${n}.${Date.now()}@example.org`;
  const { password } = await server.createStaff({ email, displayName: `Fran ${tag}`, role: 'facilitator' });
  await server.db.prisma.staff.update({ where: { email }, data: { mustChangePassword: false } });
  const franHttp = new HttpClient(server.url);
  await ok(franHttp.post('/api/auth/login', { email, password }), 200, 'sign-in');
  const kase = await ok(
    franHttp.post('/api/cases', {
      crimeType: 'Burglary', referralSource: 'Police', initiatedBy: 'harmed', riskLevel: 'low', referredOn: '2026-02-01',
      parties: [
        { side: 'harmed', role: 'party', name: `Harriet ${tag}`, pseudonym: 'Hana' },
        { side: 'responsible', role: 'party', name: `Rory ${tag}`, pseudonym: 'Ray' },
      ],
    }),
    201,
    'case',
  );
  const caseId: string = kase.case.id;
  const parties = kase.case.parties as { id: string; side: string }[];
  const partyId = (side: string) => parties.find((p) => p.side === side)!.id;
  const created = await ok(franHttp.post(`/api/cases/${caseId}/meetings`, { kind: 'conference', invite: [{ partyId: partyId('harmed') }, { partyId: partyId('responsible') }] }), 201, 'meeting');
  const meetingId: string = created.meeting.id;
  const invitations = created.invitations as { code: string }[];
  const redeem = async (code: string): Promise<Person> => {
    const redeemed = await ok(new HttpClient(server.url).post(`/api/invitations/${code}/redeem`, {}), 200, 'redeem');
    const http = new HttpClient(server.url);
    http.bearer = redeemed.joinToken;
    return { participantId: redeemed.participantId, token: redeemed.joinToken, http };
  };
  const [hana, ray] = await Promise.all(invitations.map((i) => redeem(i.code)));
  const own = await ok(franHttp.post(`/api/cases/${caseId}/meetings/${meetingId}/join`, {}), 200, 'facilitator join token');
  return { caseId, meetingId, fran: { participantId: own.participantId, token: own.joinToken, http: franHttp }, hana: hana!, ray: ray! };
}

/** Everyone joined over the real protocol; Hana admitted to the main room with Fran, Ray still waiting. */
export async function joinAll(server: RunningServer, c: FaultCase, opened: TestSocket[]): Promise<{ fran: RoomPeer; hana: RoomPeer; ray: RoomPeer }> {
  const fran = await joinAs(server, c.fran.token, c.fran.participantId, 'Fran', opened);
  const hana = await joinAs(server, c.hana.token, c.hana.participantId, 'Hana', opened);
  const ray = await joinAs(server, c.ray.token, c.ray.participantId, 'Ray', opened);
  const admitted = await request(fran.socket, 'participant.admit', { participantId: hana.participantId });
  if (!admitted.ok) throw new Error(`admit failed: ${admitted.error.code} ${admitted.error.message}`);
  await hana.views.until((v) => v.room.id === 'main', 'Hana is in the main room');
  return { fran, hana, ray };
}
