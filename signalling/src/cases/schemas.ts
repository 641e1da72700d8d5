// zod schemas for every input of the staff, case and invitation API. Objects are strict: an
// unknown field is a 400, so a typo never silently drops data.
import { z } from 'zod';
import { Password } from '../staff/passwords.ts';

/** Free text staff type, trimmed, 1..max characters. */
const text = (max: number) => z.string().trim().min(1).max(max);
/** Optional longer notes; an empty string clears them. */
const notes = (max: number) => z.string().trim().max(max).nullable().optional();

/** A calendar day, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date();
export const Id = z.uuid();

export const SideSchema = z.enum(['harmed', 'responsible']);
export const StaffRoleSchema = z.enum(['facilitator', 'coordinator', 'administrator']);
export const RiskLevelSchema = z.enum(['low', 'medium', 'high']);
export const CaseStatusSchema = z.enum(['open', 'active', 'closed']);
export const CaseOutcomeSchema = z.enum(['conference', 'shuttle', 'letter', 'conversation', 'not_progressed']);
export const MeetingKindSchema = z.enum(['one_to_one', 'conference', 'live_shuttle']);
export const PartyRoleSchema = z.enum(['party', 'supporter', 'observer']);
export const FeedbackAnswerSchema = z.enum(['yes', 'no', 'unsure']);

export const Reference = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ./_-]*$/, 'letters, digits, spaces and . / _ - only');

// ---- staff and sessions ----------------------------------------------------------------------

export const Login = z.strictObject({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(200) });
export const PasswordChange = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: Password });
export const NewStaffInput = z.strictObject({ email: z.email().max(254), displayName: text(100), role: StaffRoleSchema });
export const StaffChangeInput = z
  .strictObject({ displayName: text(100).optional(), role: StaffRoleSchema.optional(), disabled: z.boolean().optional() })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'nothing to change');
export const StaffListQuery = z.strictObject({ role: StaffRoleSchema.optional(), includeDisabled: z.enum(['true', 'false']).optional() });

// ---- parties ---------------------------------------------------------------------------------

export const NewParty = z.strictObject({
  side: SideSchema,
  role: PartyRoleSchema,
  /** The name staff use. Stored with the side's own details, never shown to the other side. */
  name: text(100),
  /** The name shown to the other side. */
  pseudonym: text(64),
  contactNotes: notes(2000),
  accessibilityNeeds: notes(2000),
});
export type NewParty = z.infer<typeof NewParty>;

/** Side cannot change: it decides which side's table holds the details. */
export const PartyChange = z
  .strictObject({
    role: PartyRoleSchema.optional(),
    name: text(100).optional(),
    pseudonym: text(64).optional(),
    contactNotes: notes(2000),
    accessibilityNeeds: notes(2000),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'nothing to change');
export type PartyChange = z.infer<typeof PartyChange>;

// ---- cases -----------------------------------------------------------------------------------

export const NewCase = z
  .strictObject({
    /** Left out: one is generated, e.g. `CG-2026-4K7Q`. */
    reference: Reference.optional(),
    crimeType: text(80),
    referralSource: text(80),
    initiatedBy: SideSchema,
    riskLevel: RiskLevelSchema,
    riskNote: notes(2000),
    referredOn: IsoDate,
    firstContactOn: IsoDate.nullable().optional(),
    /** Coordinators may assign facilitators at once; a facilitator creating a case is assigned to it. */
    facilitatorIds: z.array(Id).max(6).optional(),
    parties: z.array(NewParty).max(20).optional(),
  })
  .refine((c) => !c.firstContactOn || c.firstContactOn >= c.referredOn, { message: 'first contact cannot be before the referral', path: ['firstContactOn'] });
export type NewCase = z.infer<typeof NewCase>;

export const CaseChange = z
  .strictObject({
    reference: Reference.optional(),
    crimeType: text(80).optional(),
    referralSource: text(80).optional(),
    initiatedBy: SideSchema.optional(),
    referredOn: IsoDate.optional(),
    firstContactOn: IsoDate.nullable().optional(),
    status: CaseStatusSchema.optional(),
    /** Required when status becomes `closed`. */
    outcome: CaseOutcomeSchema.nullable().optional(),
    /** Required when the outcome is `not_progressed`. */
    notProgressedReason: notes(500),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'nothing to change');
export type CaseChange = z.infer<typeof CaseChange>;

export const CaseListQuery = z.strictObject({
  status: CaseStatusSchema.optional(),
  /** Only cases assigned to me (coordinators see all cases otherwise). */
  mine: z.enum(['true', 'false']).optional(),
});

export const RiskInput = z.strictObject({ level: RiskLevelSchema, note: notes(2000) });
export const AssignInput = z.strictObject({ staffIds: z.array(Id).max(6) });
export const AuditQuery = z.strictObject({
  beforeId: z.string().regex(/^\d{1,19}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// ---- meetings and invitations ----------------------------------------------------------------

export const InviteOptions = z.strictObject({
  /** Also set a 6-digit PIN, returned once, to give the person separately (e.g. on the phone). */
  withPin: z.boolean().default(false),
  /** Link lifetime; default 7 days, at most 30 days. */
  expiresInHours: z.number().int().min(1).max(24 * 30).default(24 * 7),
});

export const NewMeeting = z.strictObject({
  kind: MeetingKindSchema,
  scheduledAt: z.iso.datetime({ offset: true }).nullable().optional(),
  /** Shown in the meeting to everyone; defaults to the kind ("Conference", ...). Never put names here. */
  title: text(80).optional(),
  /** Parties of the case to invite; each gets a join link. */
  invite: z.array(z.strictObject({ partyId: Id, withPin: z.boolean().default(false), expiresInHours: InviteOptions.shape.expiresInHours })).max(12).default([]),
});
export type NewMeeting = z.infer<typeof NewMeeting>;

export const MeetingChange = z
  .strictObject({ scheduledAt: z.iso.datetime({ offset: true }).nullable().optional(), title: text(80).optional(), kind: MeetingKindSchema.optional() })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'nothing to change');

export const AddInvitee = z.strictObject({ partyId: Id });

export const NewInvitation = InviteOptions.extend({ participantId: Id });
export type NewInvitation = z.infer<typeof NewInvitation>;

export const Feedback = z.strictObject({ effectiveForHarmed: FeedbackAnswerSchema, effectiveForResponsible: FeedbackAnswerSchema });

/** The code in `/i/<code>`: 24 base64url characters. */
export const InvitationCode = z.string().regex(/^[A-Za-z0-9_-]{24}$/, 'not an invitation code');
export const Redeem = z.strictObject({ pin: z.string().regex(/^\d{6}$/, 'the PIN is 6 digits').optional() });

// ---- reporting -------------------------------------------------------------------------------

/** Referral months to report on, inclusive, `YYYY-MM`; default the last 12 months. */
export const ReportQuery = z
  .strictObject({ from: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(), to: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '`from` must not be after `to`', path: ['from'] });

export const CaseParams = z.strictObject({ caseId: Id });
export const PartyParams = CaseParams.extend({ partyId: Id });
export const MeetingParams = CaseParams.extend({ meetingId: Id });
export const InvitationParams = CaseParams.extend({ invitationId: Id });
export const StaffParams = z.strictObject({ staffId: Id });
export const CodeParams = z.strictObject({ code: InvitationCode });
