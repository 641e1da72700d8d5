// The shapes of the `/api` answers the staff pages and the join-link page use (api.md), as zod
// schemas: each answer is checked before a page sees it, and the TypeScript types come from here.
// Objects are not strict, so a field the server adds later does not break the page.
import { z } from 'zod';

export const Side = z.enum(['harmed', 'responsible']);
export type Side = z.infer<typeof Side>;
export const StaffRole = z.enum(['facilitator', 'coordinator', 'administrator']);
export type StaffRole = z.infer<typeof StaffRole>;
export const RiskLevel = z.enum(['low', 'medium', 'high']);
export type RiskLevel = z.infer<typeof RiskLevel>;
export const CaseStatus = z.enum(['open', 'active', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;
export const CaseOutcome = z.enum(['conference', 'shuttle', 'letter', 'conversation', 'not_progressed']);
export type CaseOutcome = z.infer<typeof CaseOutcome>;
export const MeetingKind = z.enum(['one_to_one', 'conference', 'live_shuttle']);
export type MeetingKind = z.infer<typeof MeetingKind>;
export const PartyRole = z.enum(['party', 'supporter', 'observer']);
export type PartyRole = z.infer<typeof PartyRole>;
export const Answer = z.enum(['yes', 'no', 'unsure']);
export type Answer = z.infer<typeof Answer>;
export const InvitationStatus = z.enum(['valid', 'expired', 'used', 'revoked', 'locked']);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

// ── staff ──

export const StaffView = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: StaffRole,
  mustChangePassword: z.boolean(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type StaffView = z.infer<typeof StaffView>;

export const SignedIn = z.object({ staff: StaffView, sessionTtlSeconds: z.number().optional() });
export const StaffAnswer = z.object({ staff: StaffView });
/** Coordinators get names and roles only; administrators the full view. */
export const StaffListItem = z.object({
  id: z.string(),
  displayName: z.string(),
  role: StaffRole,
  email: z.string().optional(),
  disabled: z.boolean().optional(),
  lockedUntil: z.string().nullable().optional(),
});
export type StaffListItem = z.infer<typeof StaffListItem>;
export const StaffList = z.object({ staff: z.array(StaffListItem) });
export const StaffWithPassword = z.object({ staff: StaffView, password: z.string() });
export type StaffWithPassword = z.infer<typeof StaffWithPassword>;

// ── cases ──

export const CaseSummary = z.object({
  id: z.string(),
  reference: z.string(),
  crimeType: z.string(),
  referralSource: z.string(),
  initiatedBy: Side,
  riskLevel: RiskLevel,
  status: CaseStatus,
  outcome: CaseOutcome.nullable(),
  notProgressedReason: z.string().nullable(),
  referredOn: z.string(),
  firstContactOn: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  facilitators: z.array(z.object({ id: z.string(), displayName: z.string() })),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const RiskEntry = z.object({ id: z.string(), level: RiskLevel, note: z.string().nullable(), assessedAt: z.string(), assessedBy: z.string().nullable() });
export type RiskEntry = z.infer<typeof RiskEntry>;

export const PartyView = z.object({
  id: z.string(),
  side: Side,
  role: PartyRole,
  pseudonym: z.string(),
  createdAt: z.string(),
  details: z.object({ name: z.string(), contactNotes: z.string().nullable(), accessibilityNeeds: z.string().nullable() }).nullable().optional(),
});
export type PartyView = z.infer<typeof PartyView>;

export const InvitationView = z.object({
  id: z.string(),
  participantId: z.string(),
  status: InvitationStatus,
  hasPin: z.boolean(),
  pinAttempts: z.number(),
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lockedAt: z.string().nullable(),
});
export type InvitationView = z.infer<typeof InvitationView>;

export const MeetingParticipant = z.object({
  participantId: z.string(),
  role: z.enum(['facilitator', 'party', 'supporter', 'observer']),
  side: Side.nullable(),
  displayName: z.string(),
  casePartyId: z.string().nullable(),
  staffId: z.string().nullable(),
  joinedAt: z.string().nullable(),
  removed: z.boolean(),
  invitations: z.array(InvitationView),
});
export type MeetingParticipant = z.infer<typeof MeetingParticipant>;

export const MeetingView = z.object({
  id: z.string(),
  title: z.string(),
  kind: MeetingKind.nullable(),
  status: z.enum(['scheduled', 'live', 'ended']),
  scheduledAt: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  participants: z.array(MeetingParticipant),
  feedback: z.object({ effectiveForHarmed: Answer, effectiveForResponsible: Answer, submittedAt: z.string() }).nullable(),
});
export type MeetingView = z.infer<typeof MeetingView>;

export const CaseDetail = CaseSummary.extend({ riskHistory: z.array(RiskEntry), parties: z.array(PartyView), meetings: z.array(MeetingView) });
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CaseList = z.object({ cases: z.array(CaseSummary) });
export const CaseDetailAnswer = z.object({ case: CaseDetail });
export const CaseSummaryAnswer = z.object({ case: CaseSummary });
export const RiskHistoryAnswer = z.object({ riskHistory: z.array(RiskEntry) });
export const PartyAnswer = z.object({ party: PartyView });
export const MeetingAnswer = z.object({ meeting: MeetingView });

export const CreatedInvitation = z.object({ invitation: InvitationView, code: z.string(), path: z.string(), url: z.string(), pin: z.string().nullable() });
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;
export const CreatedMeeting = z.object({ meeting: MeetingView, invitations: z.array(CreatedInvitation) });
export type CreatedMeeting = z.infer<typeof CreatedMeeting>;
export const InvitationAnswer = z.object({ invitation: InvitationView });
export const StaffJoin = z.object({ joinToken: z.string(), joinPath: z.string(), meetingId: z.string(), participantId: z.string() });

export const AuditView = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actorKind: z.enum(['staff', 'participant', 'system', 'anonymous']).nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  meetingId: z.string().nullable(),
  subjectId: z.string().nullable(),
  detail: z.unknown(),
});
export type AuditView = z.infer<typeof AuditView>;
export const AuditPage = z.object({ events: z.array(AuditView), nextBeforeId: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

// ── join links ──

export const PublicInvitation = z.object({
  status: InvitationStatus,
  needsPin: z.boolean(),
  attemptsLeft: z.number().nullable(),
  expiresAt: z.string(),
  meeting: z.object({ kind: MeetingKind.nullable(), scheduledAt: z.string().nullable(), title: z.string() }).nullable(),
});
export type PublicInvitation = z.infer<typeof PublicInvitation>;
export const Redeemed = z.object({ joinToken: z.string(), meetingId: z.string(), participantId: z.string(), joinPath: z.string() });
export type Redeemed = z.infer<typeof Redeemed>;

// ── reporting ──

const Count = z.object({ key: z.string(), count: z.number() });
export type Count = z.infer<typeof Count>;

export const ReportSummary = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  totals: z.object({ referrals: z.number(), open: z.number(), active: z.number(), closed: z.number() }),
  referralsByMonth: z.array(z.object({ month: z.string(), total: z.number(), harmedInitiated: z.number(), responsibleInitiated: z.number() })),
  referralsByInitiator: z.array(Count),
  referralsBySource: z.array(Count),
  referralsByCrimeType: z.array(Count),
  outcomes: z.array(Count),
  notProgressedReasons: z.array(Count),
  daysToFirstContact: z.object({
    cases: z.number(),
    median: z.number().nullable(),
    mean: z.number().nullable(),
    buckets: z.array(z.object({ label: z.string(), min: z.number(), max: z.number().nullable(), count: z.number() })),
    byMonth: z.array(z.object({ month: z.string(), cases: z.number(), median: z.number().nullable() })),
  }),
  videoEffective: z.object({ meetings: z.number(), harmed: z.array(Count), responsible: z.array(Count) }),
});
export type ReportSummary = z.infer<typeof ReportSummary>;
