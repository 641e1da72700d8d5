// The demo case behind `npm start`'s demo meeting: a case with a harmed and a responsible party, a
// facilitator account assigned to it (password logged once, to be changed at first sign-in), and
// the demo meeting's participants linked to them, so the demo links also open the parties' message
// pages and the facilitator can review messages on the case page. Created once; later starts reuse it.
import type { PrismaClient } from '@common-ground/prisma';
import type { ApiServices } from '../http/api/services.ts';
import type { Logger } from '../logger.ts';

export const DEMO_REFERENCE = 'DEMO-1';
export const DEMO_FACILITATOR_EMAIL = 'facilitator@common-ground.local';

/** Links `meetingId` to the demo case, creating the case and its facilitator on first start. */
export async function ensureDemoCase(prisma: PrismaClient, services: ApiServices, meetingId: string, logger: Logger): Promise<void> {
  const meeting = await prisma.meeting.findUnique({ where: { id: meetingId }, include: { participants: true } });
  if (!meeting || meeting.caseId) return;
  let staff = await prisma.staff.findUnique({ where: { email: DEMO_FACILITATOR_EMAIL } });
  if (!staff) {
    const created = await services.accounts.create({ email: DEMO_FACILITATOR_EMAIL, displayName: 'Demo Facilitator', role: 'facilitator' }, 'system');
    logger.warn({ email: created.staff.email, password: created.password }, 'demo facilitator created: sign in at /staff with this email and password to review the demo case\u2019s messages (shown only this once)');
    staff = await prisma.staff.findUniqueOrThrow({ where: { email: DEMO_FACILITATOR_EMAIL } });
  }
  const caseId = await services.cases.create(
    { staffId: staff.id, role: 'facilitator' },
    {
      reference: DEMO_REFERENCE,
      crimeType: 'Burglary',
      referralSource: 'Police',
      initiatedBy: 'harmed',
      riskLevel: 'low',
      referredOn: new Date().toISOString().slice(0, 10),
      parties: [
        { side: 'harmed', role: 'party', name: 'Harmed party (demo)', pseudonym: 'Alex' },
        { side: 'responsible', role: 'party', name: 'Responsible party (demo)', pseudonym: 'Sam' },
      ],
    },
  );
  const parties = await prisma.caseParty.findMany({ where: { caseId } });
  await prisma.$transaction(async (tx) => {
    await tx.meeting.update({ where: { id: meetingId }, data: { caseId, kind: 'conference' } });
    for (const p of meeting.participants) {
      if (p.role === 'facilitator') {
        await tx.participant.update({ where: { id: p.id }, data: { staffId: staff.id } });
        continue;
      }
      const party = parties.find((cp) => cp.side === p.side);
      if (party) await tx.participant.update({ where: { id: p.id }, data: { casePartyId: party.id } });
    }
  });
  logger.info({ caseId, reference: DEMO_REFERENCE }, 'demo case created');
}
