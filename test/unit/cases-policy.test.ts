// The access policy as pure functions: every role against every action, on an assigned and an
// unassigned case. The integration matrix checks the same table through the HTTP routes.
import { describe, expect, it } from 'vitest';
import { can, canGlobal, CASE_ACTIONS, GLOBAL_ACTIONS } from '@common-ground/signalling';

const access = { caseId: 'case-1', facilitatorIds: ['fac-assigned'] };
const staff = {
  administrator: { staffId: 'admin-1', role: 'administrator' as const },
  coordinator: { staffId: 'coord-1', role: 'coordinator' as const },
  assigned: { staffId: 'fac-assigned', role: 'facilitator' as const },
  unassigned: { staffId: 'fac-other', role: 'facilitator' as const },
};

describe('can()', () => {
  it('gives each role exactly its case actions', () => {
    const table = Object.fromEntries(Object.entries(staff).map(([who, s]) => [who, CASE_ACTIONS.filter((a) => can(s, a, access))]));
    expect(table).toEqual({
      administrator: [],
      coordinator: ['case.read', 'case.update', 'case.assign', 'case.audit.read'],
      assigned: ['case.read', 'case.update', 'party.read', 'party.write', 'party.export', 'meeting.write', 'meeting.join', 'invitation.write', 'feedback.write', 'message.review', 'message.retention'],
      unassigned: [],
    });
  });

  it('gives each role exactly its global actions', () => {
    const table = Object.fromEntries(Object.entries(staff).map(([who, s]) => [who, GLOBAL_ACTIONS.filter((a) => canGlobal(s, a))]));
    expect(table).toEqual({
      administrator: ['staff.list', 'staff.manage'],
      coordinator: ['case.list', 'case.create', 'report.read', 'staff.list'],
      assigned: ['case.list', 'case.create'],
      unassigned: ['case.list', 'case.create'],
    });
  });

  it('a facilitator with a coordinator-like id still only sees assigned cases', () => {
    expect(can({ staffId: 'coord-1', role: 'facilitator' }, 'case.read', access)).toBe(false);
  });
});
