// The services behind the API, built once from the database, the token service and settings.
import type { PrismaClient } from '@common-ground/prisma';
import type { TokenService } from '../../auth/tokens.ts';
import { AuditLog } from '../../cases/audit.ts';
import { CaseService } from '../../cases/cases.ts';
import { InvitationService } from '../../cases/invitations.ts';
import { CaseMeetings } from '../../cases/meetings.ts';
import { PartyService } from '../../cases/parties.ts';
import type { Logger } from '../../logger.ts';
import { createMessaging, type Messaging, type MessagingSettings, scratchMessagingSettings } from '../../messages/index.ts';
import { authenticateParticipant } from './auth.ts';
import { Reports } from '../../reporting/reports.ts';
import { StaffAccounts } from '../../staff/accounts.ts';
import { SessionService } from '../../staff/sessions.ts';

export interface ApiServices {
  prisma: PrismaClient;
  tokens: TokenService;
  audit: AuditLog;
  accounts: StaffAccounts;
  sessions: SessionService;
  cases: CaseService;
  parties: PartyService;
  meetings: CaseMeetings;
  invitations: InvitationService;
  reports: Reports;
  messaging: Messaging;
}

export interface ServiceSettings {
  /** Secret for staff session JWTs (at least 32 characters). */
  sessionSecret: string;
  /** Idle lifetime of a staff session; default 30 minutes. */
  sessionTtlSeconds?: number | undefined;
  /** Mark the session cookie Secure (set when the public URL is https). */
  secureCookie: boolean;
  /** The public URL links are made with; read when a link is made. */
  publicUrl: () => string;
  /** Where message files are kept and the key they are encrypted with; a throwaway store when absent. */
  messaging?: MessagingSettings | undefined;
}

export function createServices(prisma: PrismaClient, tokens: TokenService, settings: ServiceSettings, logger: Logger): ApiServices {
  const audit = new AuditLog(prisma);
  const messaging = createMessaging({
    prisma,
    audit,
    settings: settings.messaging ?? scratchMessagingSettings(),
    secret: settings.sessionSecret,
    secureCookie: settings.secureCookie,
    authenticate: async (authorization) => authenticateParticipant(tokens, prisma, authorization),
    logger,
  });
  const parties = new PartyService(prisma, audit);
  const invitations = new InvitationService(prisma, tokens, audit, { publicUrl: settings.publicUrl });
  return {
    prisma,
    tokens,
    audit,
    accounts: new StaffAccounts(prisma, audit),
    sessions: new SessionService(settings.sessionSecret, { ttlSeconds: settings.sessionTtlSeconds, secureCookie: settings.secureCookie }),
    cases: new CaseService(prisma, parties, audit),
    parties,
    meetings: new CaseMeetings(prisma, tokens, invitations, audit),
    invitations,
    reports: new Reports(prisma),
    messaging,
  };
}
