// Cases: the referral record, its risk history, assigned facilitators, status and outcome.
import { randomInt } from 'node:crypto';
import type { Case, CaseFacilitator, Prisma, PrismaClient, RiskAssessment, Staff } from '@common-ground/prisma';
import { isUniqueViolation } from '../staff/accounts.ts';
import { type AuditLog, type Db, TX_OPTIONS } from './audit.ts';
import { dayToDate, optionalDay, dateToDay } from './dates.ts';
import { ServiceError, denied, notFound } from './errors.ts';
import type { MeetingView } from './meetings.ts';
import type { PartyView } from './parties.ts';
import type { PartyService } from './parties.ts';
import { type CaseAccess, type StaffPrincipal, seesAllCases } from './policy.ts';
import type { CaseChange, NewCase } from './schemas.ts';

export interface CaseSummary {
  id: string;
  reference: string;
  crimeType: string;
  referralSource: string;
  initiatedBy: string;
  riskLevel: string;
  status: string;
  outcome: string | null;
  notProgressedReason: string | null;
  referredOn: string;
  firstContactOn: string | null;
  closedAt: string | null;
  createdAt: string;
  facilitators: { id: string; displayName: string }[];
}

export interface RiskView {
  id: string;
  level: string;
  note: string | null;
  assessedAt: string;
  assessedBy: string | null;
}

export interface CaseDetail extends CaseSummary {
  riskHistory: RiskView[];
  parties: PartyView[];
  meetings: MeetingView[];
}

type CaseRow = Case & { facilitators: (CaseFacilitator & { staff: Staff })[] };
const WITH_FACILITATORS = { facilitators: { include: { staff: true }, orderBy: { assignedAt: 'asc' as const } } };

function caseSummary(c: CaseRow): CaseSummary {
  return {
    id: c.id,
    reference: c.reference,
    crimeType: c.crimeType,
    referralSource: c.referralSource,
    initiatedBy: c.initiatedBy,
    riskLevel: c.riskLevel,
    status: c.status,
    outcome: c.outcome,
    notProgressedReason: c.notProgressedReason,
    referredOn: dateToDay(c.referredOn),
    firstContactOn: optionalDay(c.firstContactOn),
    closedAt: c.closedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    facilitators: c.facilitators.map((f) => ({ id: f.staffId, displayName: f.staff.displayName })),
  };
}

function riskView(r: RiskAssessment, names: Map<string, string>): RiskView {
  return { id: r.id, level: r.level, note: r.note, assessedAt: r.assessedAt.toISOString(), assessedBy: r.assessedById ? (names.get(r.assessedById) ?? null) : null };
}

// Unambiguous characters for generated references.
const REF_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function generatedReference(now = new Date()): string {
  const suffix = Array.from({ length: 5 }, () => REF_ALPHABET[randomInt(REF_ALPHABET.length)]).join('');
  return `CG-${now.getUTCFullYear()}-${suffix}`;
}

export class CaseService {
  // The database.
  readonly #prisma: PrismaClient;
  // Adds parties given with a new case.
  readonly #parties: PartyService;
  // Where changes are recorded.
  readonly #audit: AuditLog;

  constructor(prisma: PrismaClient, parties: PartyService, audit: AuditLog) {
    this.#prisma = prisma;
    this.#parties = parties;
    this.#audit = audit;
  }

  /** What the policy needs about a case, or null when it does not exist. */
  async access(caseId: string): Promise<CaseAccess | null> {
    const found = await this.#prisma.case.findUnique({ where: { id: caseId }, select: { id: true, facilitators: { select: { staffId: true } } } });
    return found ? { caseId: found.id, facilitatorIds: found.facilitators.map((f) => f.staffId) } : null;
  }

  /** Cases the staff member may see: all for coordinators, assigned ones for facilitators. */
  async list(staff: StaffPrincipal, filter: { status?: string | undefined; mine?: boolean }): Promise<CaseSummary[]> {
    const onlyMine = filter.mine === true || !seesAllCases(staff);
    const rows = await this.#prisma.case.findMany({
      where: {
        ...(filter.status ? { status: filter.status as Case['status'] } : {}),
        ...(onlyMine ? { facilitators: { some: { staffId: staff.staffId } } } : {}),
      },
      include: WITH_FACILITATORS,
      orderBy: [{ referredOn: 'desc' }, { createdAt: 'desc' }],
      take: 500,
    });
    return rows.map(caseSummary);
  }

  /** Creates a case, its first risk assessment, assignments and any parties, in one transaction. */
  async create(staff: StaffPrincipal, input: NewCase): Promise<string> {
    const facilitatorIds = this.#initialFacilitators(staff, input.facilitatorIds);
    for (let attempt = 0; ; attempt++) {
      const reference = input.reference ?? generatedReference();
      try {
        return await this.#prisma.$transaction(async (tx) => {
          await requireActiveFacilitators(tx, facilitatorIds);
          const created = await tx.case.create({
            data: {
              reference,
              crimeType: input.crimeType,
              referralSource: input.referralSource,
              initiatedBy: input.initiatedBy,
              riskLevel: input.riskLevel,
              referredOn: dayToDate(input.referredOn),
              firstContactOn: input.firstContactOn ? dayToDate(input.firstContactOn) : null,
              createdById: staff.staffId,
              risks: { create: { level: input.riskLevel, note: input.riskNote || null, assessedById: staff.staffId } },
              facilitators: { create: facilitatorIds.map((staffId) => ({ staffId, assignedById: staff.staffId })) },
            },
          });
          await this.#audit.record(
            { actor: { kind: 'staff', id: staff.staffId }, action: 'case.created', caseId: created.id, subjectId: created.id, detail: { riskLevel: input.riskLevel, facilitatorIds } },
            tx,
          );
          if (input.parties?.length) await this.#parties.addTo(tx, created.id, input.parties, staff);
          return created.id;
        }, TX_OPTIONS);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        if (input.reference !== undefined) throw new ServiceError('CONFLICT', 'a case with this reference already exists');
        if (attempt >= 4) throw err;
      }
    }
  }

  #initialFacilitators(staff: StaffPrincipal, requested: string[] | undefined): string[] {
    if (staff.role === 'facilitator') {
      if (requested?.some((id) => id !== staff.staffId)) throw denied('only a coordinator assigns other facilitators');
      return [staff.staffId];
    }
    return [...new Set(requested ?? [])];
  }

  async summary(caseId: string): Promise<CaseSummary> {
    const row = await this.#prisma.case.findUnique({ where: { id: caseId }, include: WITH_FACILITATORS });
    if (!row) throw notFound('case');
    return caseSummary(row);
  }

  /** The case with its risk history; parties and meetings are added by the caller. */
  async riskHistory(caseId: string): Promise<RiskView[]> {
    const risks = await this.#prisma.riskAssessment.findMany({ where: { caseId }, orderBy: { assessedAt: 'desc' } });
    const ids = [...new Set(risks.map((r) => r.assessedById).filter((id): id is string => id !== null))];
    const staff = ids.length ? await this.#prisma.staff.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } }) : [];
    const names = new Map(staff.map((s) => [s.id, s.displayName]));
    return risks.map((r) => riskView(r, names));
  }

  /** Changes the record. Closing needs an outcome; "not progressed" needs a reason; reopening clears them. */
  async update(staff: StaffPrincipal, caseId: string, change: CaseChange): Promise<CaseSummary> {
    try {
      return await this.#prisma.$transaction(async (tx) => {
        const current = await tx.case.findUnique({ where: { id: caseId } });
        if (!current) throw notFound('case');
        const data: Prisma.CaseUpdateInput = {
          ...(change.reference !== undefined ? { reference: change.reference } : {}),
          ...(change.crimeType !== undefined ? { crimeType: change.crimeType } : {}),
          ...(change.referralSource !== undefined ? { referralSource: change.referralSource } : {}),
          ...(change.initiatedBy !== undefined ? { initiatedBy: change.initiatedBy } : {}),
          ...(change.referredOn !== undefined ? { referredOn: dayToDate(change.referredOn) } : {}),
          ...(change.firstContactOn !== undefined ? { firstContactOn: change.firstContactOn ? dayToDate(change.firstContactOn) : null } : {}),
          ...closure(current, change),
        };
        const referredOn = change.referredOn ?? dateToDay(current.referredOn);
        const firstContactOn = change.firstContactOn !== undefined ? change.firstContactOn : optionalDay(current.firstContactOn);
        if (firstContactOn && firstContactOn < referredOn) throw new ServiceError('BAD_REQUEST', 'first contact cannot be before the referral');
        const updated = await tx.case.update({ where: { id: caseId }, data, include: WITH_FACILITATORS });
        const fields = Object.keys(change).filter((k) => change[k as keyof CaseChange] !== undefined);
        await this.#audit.record(
          { actor: { kind: 'staff', id: staff.staffId }, action: 'case.updated', caseId, subjectId: caseId, detail: { fields, status: updated.status, outcome: updated.outcome } },
          tx,
        );
        return caseSummary(updated);
      }, TX_OPTIONS);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ServiceError('CONFLICT', 'a case with this reference already exists');
      throw err;
    }
  }

  /** Records a new risk level (with a dated history entry). */
  async assessRisk(staff: StaffPrincipal, caseId: string, input: { level: Case['riskLevel']; note?: string | null | undefined }): Promise<RiskView[]> {
    await this.#prisma.$transaction(async (tx) => {
      await tx.riskAssessment.create({ data: { caseId, level: input.level, note: input.note || null, assessedById: staff.staffId } });
      await tx.case.update({ where: { id: caseId }, data: { riskLevel: input.level } });
      await this.#audit.record({ actor: { kind: 'staff', id: staff.staffId }, action: 'case.risk_assessed', caseId, subjectId: caseId, detail: { level: input.level } }, tx);
    }, TX_OPTIONS);
    return this.riskHistory(caseId);
  }

  /** Replaces the case's facilitators with `staffIds` (active facilitators only). */
  async assign(staff: StaffPrincipal, caseId: string, staffIds: string[]): Promise<CaseSummary> {
    const wanted = [...new Set(staffIds)];
    return this.#prisma.$transaction(async (tx) => {
      await requireActiveFacilitators(tx, wanted);
      const current = await tx.caseFacilitator.findMany({ where: { caseId }, select: { staffId: true } });
      const had = new Set(current.map((c) => c.staffId));
      const removed = [...had].filter((id) => !wanted.includes(id));
      const added = wanted.filter((id) => !had.has(id));
      if (removed.length) await tx.caseFacilitator.deleteMany({ where: { caseId, staffId: { in: removed } } });
      if (added.length) await tx.caseFacilitator.createMany({ data: added.map((staffId) => ({ caseId, staffId, assignedById: staff.staffId })) });
      // Unassigned facilitators lose their places in the case's meetings: join tokens they hold stop working.
      const revoked = removed.length
        ? await tx.participant.updateMany({
            where: { staffId: { in: removed }, role: 'facilitator', removedAt: null, meeting: { caseId, status: { not: 'ended' } } },
            data: { removedAt: new Date() },
          })
        : { count: 0 };
      await this.#audit.record({ actor: { kind: 'staff', id: staff.staffId }, action: 'case.assigned', caseId, subjectId: caseId, detail: { added, removed, meetingPlacesEnded: revoked.count } }, tx);
      const row = await tx.case.findUniqueOrThrow({ where: { id: caseId }, include: WITH_FACILITATORS });
      return caseSummary(row);
    }, TX_OPTIONS);
  }
}

/** Status, outcome and reason after `change`, checked together. */
function closure(current: Case, change: CaseChange): Prisma.CaseUpdateInput {
  const status = change.status ?? current.status;
  if (status !== 'closed') {
    if (change.outcome) throw new ServiceError('BAD_REQUEST', 'an outcome is set when the case is closed');
    return change.status && current.status === 'closed' ? { status, outcome: null, notProgressedReason: null, closedAt: null } : { status };
  }
  const outcome = change.outcome !== undefined ? change.outcome : current.outcome;
  if (!outcome) throw new ServiceError('BAD_REQUEST', 'closing a case needs an outcome');
  const reason = change.notProgressedReason !== undefined ? change.notProgressedReason || null : current.notProgressedReason;
  if (outcome === 'not_progressed' && !reason) throw new ServiceError('BAD_REQUEST', 'say why the case did not progress');
  return {
    status,
    outcome,
    notProgressedReason: outcome === 'not_progressed' ? reason : null,
    closedAt: current.status === 'closed' && current.closedAt ? current.closedAt : new Date(),
  };
}

async function requireActiveFacilitators(tx: Db, staffIds: string[]): Promise<void> {
  if (staffIds.length === 0) return;
  const found = await tx.staff.count({ where: { id: { in: staffIds }, role: 'facilitator', disabledAt: null } });
  if (found !== staffIds.length) throw new ServiceError('BAD_REQUEST', 'only active facilitators can be assigned to a case');
}
