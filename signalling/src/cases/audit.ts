// The append-only audit log of staff and participant actions on cases. Rows are only ever
// inserted (the database refuses updates and deletes); coordinators read them per case.
import type { Prisma, PrismaClient } from '@common-ground/prisma';

/** Who did it. Anonymous is e.g. a failed login for an unknown account. */
export type AuditActor =
  | { kind: 'staff'; id: string }
  | { kind: 'participant'; id: string }
  | { kind: 'system' }
  | { kind: 'anonymous' };

export interface AuditRecord {
  actor: AuditActor;
  /** Dotted verb, e.g. `case.created`, `invitation.revoked`. */
  action: string;
  caseId?: string | null | undefined;
  meetingId?: string | null | undefined;
  /** The id of the thing acted on. */
  subjectId?: string | null | undefined;
  /** Caller-safe facts; never passwords, codes, PINs or a party's identifying details. */
  detail?: Record<string, unknown> | undefined;
}

export interface AuditView {
  id: string;
  at: string;
  action: string;
  actorKind: string | null;
  actorId: string | null;
  /** The staff member's display name when the actor is staff. */
  actorName: string | null;
  meetingId: string | null;
  subjectId: string | null;
  detail: unknown;
}

/** A Prisma client or an open interactive transaction. */
export type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Options for every interactive transaction here. Prisma's defaults (wait 2 s to start, 5 s to
 * finish) are tight on a busy small server with embedded PGlite, where all work is serialised on
 * one connection; our transactions are short, so the longer limits only absorb load.
 */
export const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;

export class AuditLog {
  // Prisma client used when no transaction is passed.
  readonly #prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.#prisma = prisma;
  }

  /** Appends one event, inside `tx` when given so it commits with the change it records. */
  async record(entry: AuditRecord, tx: Db = this.#prisma): Promise<void> {
    await tx.auditEvent.create({
      data: {
        action: entry.action,
        actorKind: entry.actor.kind,
        actorId: 'id' in entry.actor ? entry.actor.id : null,
        caseId: entry.caseId ?? null,
        meetingId: entry.meetingId ?? null,
        subjectId: entry.subjectId ?? null,
        ...(entry.detail ? { detail: entry.detail as Prisma.InputJsonObject } : {}),
      },
    });
  }

  /** The case's events, newest first, `limit` at a time; pass the last id seen as `beforeId` for more. */
  async forCase(caseId: string, opts: { beforeId?: string | undefined; limit: number }): Promise<AuditView[]> {
    const rows = await this.#prisma.auditEvent.findMany({
      where: { OR: [{ caseId }, { meeting: { caseId } }], ...(opts.beforeId ? { id: { lt: BigInt(opts.beforeId) } } : {}) },
      orderBy: { id: 'desc' },
      take: opts.limit,
    });
    const staffIds = [...new Set(rows.filter((r) => r.actorKind === 'staff' && r.actorId).map((r) => r.actorId as string))];
    const staff = staffIds.length
      ? await this.#prisma.staff.findMany({ where: { id: { in: staffIds } }, select: { id: true, displayName: true } })
      : [];
    const names = new Map(staff.map((s) => [s.id, s.displayName]));
    return rows.map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      action: r.action,
      actorKind: r.actorKind,
      actorId: r.actorId,
      actorName: r.actorKind === 'staff' && r.actorId ? (names.get(r.actorId) ?? null) : null,
      meetingId: r.meetingId,
      subjectId: r.subjectId,
      detail: r.detail,
    }));
  }
}
