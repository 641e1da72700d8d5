// The audit log on PGlite and PostgreSQL: append-only in the database itself, every staff action
// recorded, and readable per case by coordinators.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/databases.ts';
import { createStaff, signIn, startApi, type ApiHarness, type HttpClient, type StaffFixture } from './support/api-harness.ts';
import { createCaseFixture } from './support/case-fixtures.ts';

const SLOW = 180_000;

describe.each(BACKENDS)('audit log on %s', (backend) => {
  let h: ApiHarness;
  let fac: StaffFixture;
  let coordinator: StaffFixture;
  let facClient: HttpClient;
  let coordClient: HttpClient;

  beforeAll(async () => {
    h = await startApi(backend);
    fac = await createStaff(h, 'facilitator', 'Fiona Facilitator');
    coordinator = await createStaff(h, 'coordinator', 'Cara Coordinator');
    facClient = await signIn(h, fac);
    coordClient = await signIn(h, coordinator);
  }, SLOW);

  afterAll(async () => {
    await h?.close();
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
    const row = await h.db.prisma.auditEvent.create({ data: { action: 'test.append_only', actorKind: 'system' } });
    await expect(h.db.prisma.auditEvent.update({ where: { id: row.id }, data: { action: 'tampered' } })).rejects.toThrow(/append-only/);
    await expect(h.db.prisma.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    await expect(h.db.prisma.$executeRawUnsafe('TRUNCATE "AuditEvent"')).rejects.toThrow(/append-only/);
    await expect(h.db.prisma.$executeRawUnsafe(`UPDATE "AuditEvent" SET "meetingId" = NULL, "action" = 'x' WHERE id = ${row.id}`)).rejects.toThrow(/append-only/);
    expect((await h.db.prisma.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).action).toBe('test.append_only');
  });

  it('deleting a meeting still works: its audit rows stay, with meetingId set to null', async () => {
    const meeting = await h.db.prisma.meeting.create({ data: { title: 'Dev meeting', auditEvents: { create: [{ action: 'meeting.created' }] } } });
    await h.db.prisma.meeting.delete({ where: { id: meeting.id } });
    const rows = await h.db.prisma.auditEvent.findMany({ where: { action: 'meeting.created', meetingId: null } });
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });

  it("records each staff action on a case, and a coordinator reads them newest first with the actor's name", async () => {
    const c = await createCaseFixture(h, fac, 'audit');
    await facClient.patch(`/api/cases/${c.caseId}`, { firstContactOn: '2026-02-10' });
    await facClient.post(`/api/cases/${c.caseId}/risk`, { level: 'high', note: 'threats reported' });
    await facClient.post(`/api/cases/${c.caseId}/invitations/${c.supporter.invitationId}/revoke`);
    await facClient.put(`/api/cases/${c.caseId}/meetings/${c.meetingId}/feedback`, { effectiveForHarmed: 'yes', effectiveForResponsible: 'no' });
    await h.db.prisma.auditEvent.create({ data: { meetingId: c.meetingId, actorId: c.harmed.participantId, action: 'participant.admitted', subjectId: c.harmed.participantId } });

    const res = await coordClient.get(`/api/cases/${c.caseId}/audit?limit=200`);
    expect(res.status).toBe(200);
    const actions = res.body.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['case.created', 'party.added', 'meeting.created', 'invitation.created', 'case.updated', 'case.risk_assessed', 'invitation.revoked', 'meeting.feedback_saved', 'participant.admitted']),
    );
    const ids = res.body.events.map((e: { id: string }) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(ids);
    const risk = res.body.events.find((e: { action: string }) => e.action === 'case.risk_assessed');
    expect(risk).toMatchObject({ actorKind: 'staff', actorId: fac.id, actorName: 'Fiona Facilitator', detail: { level: 'high' } });
    // Identifying details are never written to the log.
    expect(res.text).not.toMatch(/Harriet|Rory|07700|threats reported/);

    const page = await coordClient.get(`/api/cases/${c.caseId}/audit?limit=2`);
    expect(page.body.events).toHaveLength(2);
    const next = await coordClient.get(`/api/cases/${c.caseId}/audit?limit=2&beforeId=${page.body.nextBeforeId}`);
    expect(BigInt(next.body.events[0].id)).toBeLessThan(BigInt(page.body.nextBeforeId));
  });

  it('sign-ins, failures and password changes are audited, without the password', async () => {
    const who = await createStaff(h, 'facilitator');
    await h.client().post('/api/auth/login', { email: who.email, password: 'wrong password 1' });
    const client = await signIn(h, who);
    await client.post('/api/auth/password', { currentPassword: who.password, newPassword: 'a new long passphrase' });
    const rows = await h.db.prisma.auditEvent.findMany({ where: { subjectId: who.id }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.action)).toEqual(['staff.created', 'staff.login_failed', 'staff.login', 'staff.password_changed']);
    const logged = JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
    for (const secret of ['wrong password', 'new long passphrase', who.password]) expect(logged).not.toContain(secret);
  });
});
