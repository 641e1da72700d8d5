// What the signed-in person may do, to hide what their role cannot (api.md, "Roles"). The server
// checks every request anyway; this only keeps the pages honest about what will work.
import type { CaseSummary, StaffRole } from './schemas.ts';

export interface Abilities {
  /** Case list and new cases: facilitators and coordinators. */
  readonly cases: boolean;
  /** Reports and CSV: coordinators. */
  readonly reports: boolean;
  /** Staff accounts: administrators. */
  readonly manageStaff: boolean;
}

export function abilitiesOf(role: StaffRole): Abilities {
  return {
    cases: role === 'facilitator' || role === 'coordinator',
    reports: role === 'coordinator',
    manageStaff: role === 'administrator',
  };
}

/** The first page after signing in. */
export function homePath(role: StaffRole): string {
  return role === 'administrator' ? '/staff/admin' : '/staff';
}

export interface CaseAbilities {
  /** Names and contact notes, adding people, meetings, links, joining, feedback, exports. */
  readonly facilitate: boolean;
  /** Re-assess risk, record first contact, close or reopen. */
  readonly update: boolean;
  /** Assign facilitators, read the audit log. */
  readonly coordinate: boolean;
}

export function caseAbilities(staff: { id: string; role: StaffRole }, kase: Pick<CaseSummary, 'facilitators'>): CaseAbilities {
  const assigned = staff.role === 'facilitator' && kase.facilitators.some((f) => f.id === staff.id);
  const coordinator = staff.role === 'coordinator';
  return { facilitate: assigned, update: assigned || coordinator, coordinate: coordinator };
}
