// Every `/api` call the staff pages and the join-link page make, typed: one function a route.
import { apiRequest } from './api.ts';
import {
  AuditPage,
  CaseDetailAnswer,
  CaseList,
  CaseSummaryAnswer,
  CreatedInvitation,
  CreatedMeeting,
  InvitationAnswer,
  MeetingAnswer,
  PartyAnswer,
  PublicInvitation,
  Redeemed,
  ReportSummary,
  RiskHistoryAnswer,
  SignedIn,
  StaffAnswer,
  StaffJoin,
  StaffList,
  StaffWithPassword,
  type Answer,
  type CaseOutcome,
  type CaseStatus,
  type MeetingKind,
  type PartyRole,
  type RiskLevel,
  type Side,
  type StaffRole,
} from './schemas.ts';

const enc = encodeURIComponent;

// ── request bodies (api.md) ──

export interface NewPartyBody {
  side: Side;
  role: PartyRole;
  name: string;
  pseudonym: string;
  contactNotes?: string;
  accessibilityNeeds?: string;
}

export interface NewCaseBody {
  reference?: string;
  crimeType: string;
  referralSource: string;
  initiatedBy: Side;
  riskLevel: RiskLevel;
  riskNote?: string;
  referredOn: string;
  firstContactOn?: string | null;
  facilitatorIds?: string[];
  parties?: NewPartyBody[];
}

export interface CaseChangeBody {
  firstContactOn?: string | null;
  status?: CaseStatus;
  outcome?: CaseOutcome | null;
  notProgressedReason?: string | null;
}

export interface InviteBody {
  partyId: string;
  withPin: boolean;
  expiresInHours: number;
}

export interface NewMeetingBody {
  kind: MeetingKind;
  scheduledAt?: string | null;
  title?: string;
  invite: InviteBody[];
}

export interface FeedbackBody {
  effectiveForHarmed: Answer;
  effectiveForResponsible: Answer;
}

// ── staff sign-in ──

/** `anyone`: a wrong password is a 401 that must not bounce the sign-in page to itself. */
export const login = (email: string, password: string) =>
  apiRequest('/api/auth/login', { method: 'POST', body: { email, password }, schema: SignedIn, caller: { kind: 'anyone' } });
export const logout = () => apiRequest('/api/auth/logout', { method: 'POST', schema: null, caller: { kind: 'anyone' } });
/** Who is signed in; a 401 here is an answer ("nobody"), not a redirect. */
export const me = (signal?: AbortSignal) => apiRequest('/api/auth/me', { schema: SignedIn, caller: { kind: 'anyone' }, ...(signal ? { signal } : {}) });
export const changePassword = (currentPassword: string, newPassword: string) =>
  apiRequest('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword }, schema: StaffAnswer });

// ── staff accounts ──

export const listStaff = (query: { role?: StaffRole; includeDisabled?: boolean } = {}) => {
  const q = new URLSearchParams();
  if (query.role) q.set('role', query.role);
  if (query.includeDisabled) q.set('includeDisabled', 'true');
  const suffix = q.size > 0 ? `?${q.toString()}` : '';
  return apiRequest(`/api/staff${suffix}`, { schema: StaffList });
};
export const createStaff = (body: { email: string; displayName: string; role: StaffRole }) =>
  apiRequest('/api/staff', { method: 'POST', body, schema: StaffWithPassword });
export const changeStaff = (staffId: string, body: { displayName?: string; role?: StaffRole; disabled?: boolean }) =>
  apiRequest(`/api/staff/${enc(staffId)}`, { method: 'PATCH', body, schema: StaffAnswer });
export const resetPassword = (staffId: string) =>
  apiRequest(`/api/staff/${enc(staffId)}/reset-password`, { method: 'POST', schema: StaffWithPassword });

// ── cases ──

export const listCases = (query: { status?: CaseStatus; mine?: boolean } = {}) => {
  const q = new URLSearchParams();
  if (query.status) q.set('status', query.status);
  if (query.mine) q.set('mine', 'true');
  const suffix = q.size > 0 ? `?${q.toString()}` : '';
  return apiRequest(`/api/cases${suffix}`, { schema: CaseList });
};
export const createCase = (body: NewCaseBody) => apiRequest('/api/cases', { method: 'POST', body, schema: CaseDetailAnswer });
export const getCase = (caseId: string) => apiRequest(`/api/cases/${enc(caseId)}`, { schema: CaseDetailAnswer });
export const changeCase = (caseId: string, body: CaseChangeBody) =>
  apiRequest(`/api/cases/${enc(caseId)}`, { method: 'PATCH', body, schema: CaseSummaryAnswer });
export const assessRisk = (caseId: string, level: RiskLevel, note: string) =>
  apiRequest(`/api/cases/${enc(caseId)}/risk`, { method: 'POST', body: note.trim() ? { level, note: note.trim() } : { level }, schema: RiskHistoryAnswer });
export const assignFacilitators = (caseId: string, staffIds: string[]) =>
  apiRequest(`/api/cases/${enc(caseId)}/facilitators`, { method: 'PUT', body: { staffIds }, schema: CaseSummaryAnswer });
export const caseAudit = (caseId: string, beforeId: string | null, limit = 50) => {
  const q = new URLSearchParams({ limit: String(limit) });
  if (beforeId) q.set('beforeId', beforeId);
  return apiRequest(`/api/cases/${enc(caseId)}/audit?${q.toString()}`, { schema: AuditPage });
};
export const addParty = (caseId: string, body: NewPartyBody) =>
  apiRequest(`/api/cases/${enc(caseId)}/parties`, { method: 'POST', body, schema: PartyAnswer });
/** The subject access export of one party, downloaded by a plain link (the cookie goes along). */
export const partyExportHref = (caseId: string, partyId: string) => `/api/cases/${enc(caseId)}/parties/${enc(partyId)}/export`;

// ── meetings and links ──

export const createMeeting = (caseId: string, body: NewMeetingBody) =>
  apiRequest(`/api/cases/${enc(caseId)}/meetings`, { method: 'POST', body, schema: CreatedMeeting });
export const addInvitee = (caseId: string, meetingId: string, partyId: string) =>
  apiRequest(`/api/cases/${enc(caseId)}/meetings/${enc(meetingId)}/participants`, { method: 'POST', body: { partyId }, schema: MeetingAnswer });
export const newInvitation = (caseId: string, meetingId: string, body: { participantId: string; withPin: boolean; expiresInHours: number }) =>
  apiRequest(`/api/cases/${enc(caseId)}/meetings/${enc(meetingId)}/invitations`, { method: 'POST', body, schema: CreatedInvitation });
export const revokeInvitation = (caseId: string, invitationId: string) =>
  apiRequest(`/api/cases/${enc(caseId)}/invitations/${enc(invitationId)}/revoke`, { method: 'POST', schema: InvitationAnswer });
export const joinAsFacilitator = (caseId: string, meetingId: string) =>
  apiRequest(`/api/cases/${enc(caseId)}/meetings/${enc(meetingId)}/join`, { method: 'POST', schema: StaffJoin });
export const saveFeedback = (caseId: string, meetingId: string, body: FeedbackBody) =>
  apiRequest(`/api/cases/${enc(caseId)}/meetings/${enc(meetingId)}/feedback`, { method: 'PUT', body, schema: MeetingAnswer });

// ── reporting ──

export interface MonthRange {
  from: string;
  to: string;
}

const rangeQuery = (range: MonthRange) => new URLSearchParams({ from: range.from, to: range.to }).toString();
export const reportSummary = (range: MonthRange) => apiRequest(`/api/reports/summary?${rangeQuery(range)}`, { schema: ReportSummary });
export const casesCsvHref = (range: MonthRange) => `/api/reports/cases.csv?${rangeQuery(range)}`;
export const summaryCsvHref = (range: MonthRange) => `/api/reports/summary.csv?${rangeQuery(range)}`;

// ── join links (no account) ──

export const invitationStatus = (code: string) => apiRequest(`/api/invitations/${enc(code)}`, { schema: PublicInvitation, caller: { kind: 'anyone' } });
export const redeemInvitation = (code: string, pin: string | null) =>
  apiRequest(`/api/invitations/${enc(code)}/redeem`, { method: 'POST', body: pin ? { pin } : {}, schema: Redeemed, caller: { kind: 'anyone' } });
