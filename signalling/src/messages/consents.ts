// Consent records: who agreed to what, with the exact wording shown, and when. Withdrawal marks the
// record; it is never deleted while the case exists. A message_recording consent withdrawn before a
// message made under it was viewed withdraws that message too (MessageService.withdrawUnderConsent).
import type { ConsentRecord, PrismaClient } from '@common-ground/prisma';
import { type AuditActor, type AuditLog, type Db } from '../cases/audit.ts';
import { ServiceError, notFound } from '../cases/errors.ts';
import type { ConsentPurpose, ConsentView } from '../protocol/index.ts';
import { consentText, consentWording } from './consentTexts.ts';

/** The person consenting: a case party, through one of their participants (join links). */
export interface Consenter {
  caseId: string;
  casePartyId: string;
  participantId: string | null;
}

export function consentView(r: ConsentRecord): ConsentView {
  return {
    id: r.id,
    purpose: r.purpose,
    textVersion: r.textVersion,
    givenAt: r.givenAt.toISOString(),
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
  };
}

export class ConsentService {
  // Database.
  readonly #prisma: PrismaClient;
  // Append-only audit log.
  readonly #audit: AuditLog;

  constructor(prisma: PrismaClient, audit: AuditLog) {
    this.#prisma = prisma;
    this.#audit = audit;
  }

  /** Stores consent to the current wording of `purpose`; the version shown must be the current one. */
  async give(who: Consenter, purpose: ConsentPurpose, textVersion: string, actor: AuditActor): Promise<ConsentRecord> {
    const text = consentText(purpose);
    if (text.version !== textVersion) {
      throw new ServiceError('CONFLICT', 'the consent wording has changed since it was shown; please read it again');
    }
    return this.#prisma.$transaction(async (tx) => {
      const record = await tx.consentRecord.create({
        data: { caseId: who.caseId, casePartyId: who.casePartyId, participantId: who.participantId, purpose, textVersion, text: consentWording(text) },
      });
      await this.#audit.record({ actor, action: 'consent.given', caseId: who.caseId, subjectId: record.id, detail: { purpose, textVersion, casePartyId: who.casePartyId } }, tx);
      return record;
    });
  }

  async list(casePartyId: string): Promise<ConsentRecord[]> {
    return this.#prisma.consentRecord.findMany({ where: { casePartyId }, orderBy: { givenAt: 'asc' } });
  }

  /** The person's latest consent for `purpose` that is not withdrawn, or null. */
  async valid(casePartyId: string, purpose: ConsentPurpose, db: Db = this.#prisma): Promise<ConsentRecord | null> {
    return db.consentRecord.findFirst({ where: { casePartyId, purpose, withdrawnAt: null }, orderBy: { givenAt: 'desc' } });
  }

  /** Requires `consentId` to be this person's valid consent for `purpose`. */
  async require(casePartyId: string, consentId: string | null | undefined, purpose: ConsentPurpose, db: Db = this.#prisma): Promise<ConsentRecord> {
    const record = consentId ? await db.consentRecord.findUnique({ where: { id: consentId } }) : null;
    if (!record || record.casePartyId !== casePartyId || record.purpose !== purpose || record.withdrawnAt) {
      throw new ServiceError('CONSENT_REQUIRED', purpose === 'training_use'
        ? 'the permission for training use is missing or was withdrawn'
        : 'please read and agree to the recording consent first');
    }
    return record;
  }

  async withdraw(casePartyId: string, consentId: string, actor: AuditActor): Promise<ConsentRecord> {
    return this.#prisma.$transaction(async (tx) => {
      const record = await tx.consentRecord.findUnique({ where: { id: consentId } });
      if (!record || record.casePartyId !== casePartyId) throw notFound('consent');
      if (record.withdrawnAt) return record;
      const updated = await tx.consentRecord.update({ where: { id: consentId }, data: { withdrawnAt: new Date() } });
      await this.#audit.record({ actor, action: 'consent.withdrawn', caseId: record.caseId, subjectId: consentId, detail: { purpose: record.purpose } }, tx);
      return updated;
    });
  }
}
