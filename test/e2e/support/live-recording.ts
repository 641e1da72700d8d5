// Live recording in e2e tests: a case whose meeting invites both parties, made through the staff
// API of the app under test (an account from the control server, sign-in, case, meeting, the
// facilitator's own join link, the parties' redeemed links), and the recorded message fetched back
// through the staff playback API.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StaffApi } from './messages.ts';
import { createStaff, uniqueEmail } from './staff.ts';

export const HARMED = 'Sam';
export const RESPONSIBLE = 'Alex';

export interface LiveCase {
  caseId: string;
  meetingId: string;
  staff: StaffApi;
  /** Join links (the app's /join page with the token in the fragment). */
  links: { facilitator: string; harmed: string; responsible: string };
}

interface CaseAnswer {
  case: { id: string; parties: { id: string; pseudonym: string }[] };
}
interface MeetingAnswer {
  meeting: { id: string; participants: { participantId: string; casePartyId: string | null }[] };
  invitations: { invitation: { participantId: string }; code: string }[];
}

/** A case with both parties invited to one meeting, and a signed-in facilitator on it. */
export async function setUpLiveCase(appUrl: string): Promise<LiveCase> {
  const credentials = await createStaff({ email: uniqueEmail('fran'), role: 'facilitator', displayName: 'Fran Facilitator' });
  const staff = new StaffApi(appUrl);
  await staff.signInFirstTime(credentials, 'a long passphrase for Fran');
  const created = await staff.call<CaseAnswer>('POST', '/api/cases', {
    crimeType: 'Burglary',
    referralSource: 'Police',
    initiatedBy: 'harmed',
    riskLevel: 'low',
    referredOn: new Date().toISOString().slice(0, 10),
    parties: [
      { side: 'harmed', role: 'party', name: 'Hannah Realname', pseudonym: HARMED },
      { side: 'responsible', role: 'party', name: 'Robin Realname', pseudonym: RESPONSIBLE },
    ],
  });
  const caseId = created.case.id;
  const partyId = (pseudonym: string): string => {
    const found = created.case.parties.find((p) => p.pseudonym === pseudonym);
    if (!found) throw new Error(`the new case has no party ${pseudonym}`);
    return found.id;
  };
  const meeting = await staff.call<MeetingAnswer>('POST', `/api/cases/${caseId}/meetings`, {
    kind: 'conference',
    invite: [HARMED, RESPONSIBLE].map((p) => ({ partyId: partyId(p), withPin: false, expiresInHours: 24 })),
  });
  const linkOf = async (pseudonym: string): Promise<string> => {
    const participant = meeting.meeting.participants.find((p) => p.casePartyId === partyId(pseudonym));
    const invitation = meeting.invitations.find((i) => i.invitation.participantId === participant?.participantId);
    if (!invitation) throw new Error(`no invitation was made for ${pseudonym}`);
    const redeemed = await new StaffApi(appUrl).call<{ joinToken: string }>('POST', `/api/invitations/${invitation.code}/redeem`, {});
    return `${appUrl}/join#token=${redeemed.joinToken}`;
  };
  const own = await staff.call<{ joinPath: string }>('POST', `/api/cases/${caseId}/meetings/${meeting.meeting.id}/join`, {});
  return {
    caseId,
    meetingId: meeting.meeting.id,
    staff,
    links: { facilitator: `${appUrl}${own.joinPath}`, harmed: await linkOf(HARMED), responsible: await linkOf(RESPONSIBLE) },
  };
}

export interface ReviewMessage {
  id: string;
  status: string;
  audience: string;
  current: { origin: string; mimeType: string | null; durationMs: number | null } | null;
}

/** The case's messages as its facilitator reviews them. */
export async function reviewMessages(live: LiveCase): Promise<ReviewMessage[]> {
  return (await live.staff.call<{ messages: ReviewMessage[] }>('GET', `/api/cases/${live.caseId}/messages`)).messages;
}

/** Plays the message through the staff playback API into a temp file and ffprobes it. */
export async function probeReviewedMessage(live: LiveCase, appUrl: string, messageId: string): Promise<{ codecs: string[]; durationSeconds: number }> {
  const session = live.staff.cookie ?? '';
  const granted = await fetch(`${appUrl}/api/cases/${live.caseId}/messages/${messageId}/playback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session },
    body: '{}',
  });
  if (!granted.ok) throw new Error(`playback grant answered ${granted.status}: ${await granted.text()}`);
  const view = granted.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('cg_view='));
  const { url } = (await granted.json()) as { url: string };
  const played = await fetch(new URL(url, appUrl), { headers: { cookie: [session, view].filter(Boolean).join('; ') } });
  if (!played.ok) throw new Error(`playback answered ${played.status}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-e2e-recorded-'));
  const file = path.join(dir, 'message.webm');
  try {
    fs.writeFileSync(file, Buffer.from(await played.arrayBuffer()));
    const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', file], { encoding: 'utf8' });
    const json = JSON.parse(out) as { streams: { codec_name: string }[]; format: { duration?: string } };
    return { codecs: json.streams.map((s) => s.codec_name).sort(), durationSeconds: Number(json.format.duration) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
