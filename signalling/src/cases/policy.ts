// Who may do what: one table of pure functions, used by every API route. A staff member's role
// decides the action; for case-scoped actions, facilitators must also be assigned to the case.
//
// Routes first ask `can(staff, 'case.read', access)`: when that fails the case is reported as
// not found (404), so nobody learns which case ids exist. When the case is visible but the action
// is not allowed, the route answers 403.
import type { StaffRole } from '@common-ground/prisma';

export type { StaffRole };

/** A signed-in staff member, as the policy sees them. */
export interface StaffPrincipal {
  staffId: string;
  role: StaffRole;
}

/** What the policy needs to know about a case. */
export interface CaseAccess {
  caseId: string;
  /** Staff ids of the facilitators assigned to the case. */
  facilitatorIds: readonly string[];
}

/** Actions that are not about one case. */
export type GlobalAction =
  | 'case.list' // list cases (facilitators see their assigned ones only)
  | 'case.create'
  | 'report.read' // reporting page and CSV exports
  | 'staff.list' // names and roles of staff, e.g. to assign facilitators
  | 'staff.manage'; // create, change, disable staff, reset passwords

/** Actions on one case. */
export type CaseAction =
  | 'case.read' // case record, risk history, parties without identifying details, meetings
  | 'case.update' // status, outcome, dates, risk
  | 'case.assign' // assign and unassign facilitators
  | 'case.audit.read' // the case's audit log
  | 'party.read' // identifying details: names, contact notes, accessibility needs
  | 'party.write' // add parties, change their details
  | 'party.export' // subject access export of one party
  | 'meeting.write' // create and reschedule meetings, add invitees
  | 'meeting.join' // a facilitator's own join token for a meeting of the case
  | 'invitation.write' // create and revoke join links
  | 'feedback.write' // the post-meeting form
  | 'message.review' // the case's messages: play or read, approve, reject, request changes, trim, redact
  | 'message.retention'; // how long the case's messages are kept

const GLOBAL: Record<GlobalAction, readonly StaffRole[]> = {
  'case.list': ['facilitator', 'coordinator'],
  'case.create': ['facilitator', 'coordinator'],
  'report.read': ['coordinator'],
  'staff.list': ['coordinator', 'administrator'],
  'staff.manage': ['administrator'],
};

/**
 * For each case action: which roles may do it on any case, and whether an assigned facilitator
 * may. Administrators manage accounts and see no case data.
 */
const ON_CASE: Record<CaseAction, { anyCase: readonly StaffRole[]; assignedFacilitator: boolean }> = {
  'case.read': { anyCase: ['coordinator'], assignedFacilitator: true },
  'case.update': { anyCase: ['coordinator'], assignedFacilitator: true },
  'case.assign': { anyCase: ['coordinator'], assignedFacilitator: false },
  'case.audit.read': { anyCase: ['coordinator'], assignedFacilitator: false },
  'party.read': { anyCase: [], assignedFacilitator: true },
  'party.write': { anyCase: [], assignedFacilitator: true },
  'party.export': { anyCase: [], assignedFacilitator: true },
  'meeting.write': { anyCase: [], assignedFacilitator: true },
  'meeting.join': { anyCase: [], assignedFacilitator: true },
  'invitation.write': { anyCase: [], assignedFacilitator: true },
  'feedback.write': { anyCase: [], assignedFacilitator: true },
  'message.review': { anyCase: [], assignedFacilitator: true },
  'message.retention': { anyCase: [], assignedFacilitator: true },
};

export const CASE_ACTIONS = Object.keys(ON_CASE) as CaseAction[];
export const GLOBAL_ACTIONS = Object.keys(GLOBAL) as GlobalAction[];

/** Whether `staff` may do a global action. */
export function canGlobal(staff: StaffPrincipal, action: GlobalAction): boolean {
  return GLOBAL[action].includes(staff.role);
}

/** Whether `staff` may do `action` on the case described by `access`. */
export function can(staff: StaffPrincipal, action: CaseAction, access: CaseAccess): boolean {
  const rule = ON_CASE[action];
  if (rule.anyCase.includes(staff.role)) return true;
  return rule.assignedFacilitator && staff.role === 'facilitator' && access.facilitatorIds.includes(staff.staffId);
}

/** Whether `staff` sees every case in lists, or only the ones assigned to them. */
export function seesAllCases(staff: StaffPrincipal): boolean {
  return ON_CASE['case.read'].anyCase.includes(staff.role);
}
