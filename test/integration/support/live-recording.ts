// Live recording in integration tests: a meeting made with createMeeting put on a case (so its
// parties may record messages), and the recorder's ffmpeg found by the message it records.
import fs from 'node:fs';
import type { RunningServer } from '@common-ground/signalling';

let caseNumber = 0;

/** Puts a meeting made with createMeeting on a new case: each party or supporter becomes a case party. */
export async function onACase(server: RunningServer, meetingId: string): Promise<string> {
  const prisma = server.db.prisma;
  const participants = await prisma.participant.findMany({ where: { meetingId } });
  const created = await prisma.case.create({
    data: { reference: `LR-${process.pid}-${++caseNumber}`, crimeType: 'Burglary', referralSource: 'Police', initiatedBy: 'harmed', riskLevel: 'low', referredOn: new Date() },
  });
  for (const p of participants) {
    if ((p.role !== 'party' && p.role !== 'supporter') || !p.side) continue;
    const party = await prisma.caseParty.create({ data: { caseId: created.id, side: p.side, role: p.role, pseudonym: `${p.displayName} (pseudonym)` } });
    await prisma.participant.update({ where: { id: p.id }, data: { casePartyId: party.id } });
  }
  await prisma.meeting.update({ where: { id: meetingId }, data: { caseId: created.id } });
  return created.id;
}

/** The pid of the ffmpeg this process started to record message `messageId` (its SDP is named after it). */
export function recorderPid(messageId: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const parent = Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      if (parent === process.pid && cmdline.some((arg) => arg.endsWith(`${messageId}.webm.sdp`))) return Number(entry);
    } catch (err) {
      // A process that ended while we looked is not the one we want.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
  return undefined;
}
