// People on a case. Identifying details are written to, and read from, the table of the person's
// own side only (HarmedPartyDetails or ResponsiblePartyDetails); no query here joins both sides'
// details for one person, and side never changes after creation.
import type { CaseParty, CasePartyRole, PrismaClient, Side } from '@common-ground/prisma';
import { type AuditLog, type Db, TX_OPTIONS } from './audit.ts';
import { notFound } from './errors.ts';
import type { StaffPrincipal } from './policy.ts';
import type { NewParty, PartyChange } from './schemas.ts';

/** Identifying details: readable only by facilitators on the case and by the person. */
export interface PartyDetails {
  name: string;
  contactNotes: string | null;
  accessibilityNeeds: string | null;
}

export interface PartyView {
  id: string;
  side: Side;
  role: CasePartyRole;
  pseudonym: string;
  createdAt: string;
  /** Present only for callers allowed to read identifying details. */
  details?: PartyDetails | null;
}

export function partyView(p: CaseParty, details?: PartyDetails | null): PartyView {
  return {
    id: p.id,
    side: p.side,
    role: p.role,
    pseudonym: p.pseudonym,
    createdAt: p.createdAt.toISOString(),
    ...(details === undefined ? {} : { details }),
  };
}

/** Reads the details of `partyIds`, all on `side`, from that side's table only. */
export async function readSideDetails(db: Db, side: Side, partyIds: string[]): Promise<Map<string, PartyDetails>> {
  if (partyIds.length === 0) return new Map();
  const select = { partyId: true, name: true, contactNotes: true, accessibilityNeeds: true } as const;
  const rows =
    side === 'harmed'
      ? await db.harmedPartyDetails.findMany({ where: { partyId: { in: partyIds } }, select })
      : await db.responsiblePartyDetails.findMany({ where: { partyId: { in: partyIds } }, select });
  return new Map(rows.map(({ partyId, ...details }) => [partyId, details]));
}

/** Writes the details of one party into its side's table. */
async function writeSideDetails(db: Db, side: Side, partyId: string, change: Partial<PartyDetails>): Promise<void> {
  const data = {
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.contactNotes !== undefined ? { contactNotes: change.contactNotes || null } : {}),
    ...(change.accessibilityNeeds !== undefined ? { accessibilityNeeds: change.accessibilityNeeds || null } : {}),
  };
  if (Object.keys(data).length === 0) return;
  if (side === 'harmed') await db.harmedPartyDetails.update({ where: { partyId }, data });
  else await db.responsiblePartyDetails.update({ where: { partyId }, data });
}

export class PartyService {
  // The database.
  readonly #prisma: PrismaClient;
  // Where changes are recorded.
  readonly #audit: AuditLog;

  constructor(prisma: PrismaClient, audit: AuditLog) {
    this.#prisma = prisma;
    this.#audit = audit;
  }

  /** Adds parties to a case inside `tx`; the audit rows name side and role, never the person. */
  async addTo(tx: Db, caseId: string, parties: NewParty[], actor: StaffPrincipal): Promise<CaseParty[]> {
    const created: CaseParty[] = [];
    for (const p of parties) {
      const details = { name: p.name, contactNotes: p.contactNotes || null, accessibilityNeeds: p.accessibilityNeeds || null };
      const base = { caseId, side: p.side, role: p.role, pseudonym: p.pseudonym };
      const party =
        p.side === 'harmed'
          ? await tx.caseParty.create({ data: { ...base, harmedDetails: { create: details } } })
          : await tx.caseParty.create({ data: { ...base, responsibleDetails: { create: details } } });
      await this.#audit.record({ actor: { kind: 'staff', id: actor.staffId }, action: 'party.added', caseId, subjectId: party.id, detail: { side: party.side, role: party.role } }, tx);
      created.push(party);
    }
    return created;
  }

  async add(caseId: string, input: NewParty, actor: StaffPrincipal): Promise<PartyView> {
    const [party] = await this.#prisma.$transaction((tx) => this.addTo(tx, caseId, [input], actor), TX_OPTIONS);
    if (!party) throw new Error('party was not created');
    return partyView(party, { name: input.name, contactNotes: input.contactNotes || null, accessibilityNeeds: input.accessibilityNeeds || null });
  }

  /** The case's parties; with their identifying details when `withDetails`. */
  async list(caseId: string, withDetails: boolean): Promise<PartyView[]> {
    const parties = await this.#prisma.caseParty.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } });
    if (!withDetails) return parties.map((p) => partyView(p));
    const [harmed, responsible] = await Promise.all(
      (['harmed', 'responsible'] as const).map((side) => readSideDetails(this.#prisma, side, parties.filter((p) => p.side === side).map((p) => p.id))),
    );
    return parties.map((p) => partyView(p, (p.side === 'harmed' ? harmed : responsible)?.get(p.id) ?? null));
  }

  /** One party of the case, or NOT_FOUND (also when it belongs to another case). */
  async get(caseId: string, partyId: string): Promise<CaseParty> {
    const party = await this.#prisma.caseParty.findFirst({ where: { id: partyId, caseId } });
    if (!party) throw notFound('party on this case');
    return party;
  }

  async update(caseId: string, partyId: string, change: PartyChange, actor: StaffPrincipal): Promise<PartyView> {
    return this.#prisma.$transaction(async (tx) => {
      const party = await tx.caseParty.findFirst({ where: { id: partyId, caseId } });
      if (!party) throw notFound('party on this case');
      const updated = await tx.caseParty.update({
        where: { id: partyId },
        data: { ...(change.role ? { role: change.role } : {}), ...(change.pseudonym ? { pseudonym: change.pseudonym } : {}) },
      });
      await writeSideDetails(tx, party.side, partyId, change);
      const fields = Object.keys(change).filter((k) => change[k as keyof PartyChange] !== undefined);
      await this.#audit.record({ actor: { kind: 'staff', id: actor.staffId }, action: 'party.updated', caseId, subjectId: partyId, detail: { fields } }, tx);
      const details = await readSideDetails(tx, party.side, [partyId]);
      return partyView(updated, details.get(partyId) ?? null);
    }, TX_OPTIONS);
  }
}
