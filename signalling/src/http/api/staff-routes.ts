// /api/staff: administrators manage accounts; coordinators list staff to assign facilitators.
import { Router } from 'express';
import { canGlobal } from '../../cases/policy.ts';
import { NewStaffInput, StaffChangeInput, StaffListQuery, StaffParams } from '../../cases/schemas.ts';
import { requireGlobal, staffOf } from './auth.ts';
import type { ApiServices } from './services.ts';
import { body, params, query } from './validate.ts';

export function staffRoutes(s: ApiServices): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    requireGlobal(res, 'staff.list');
    const q = query(req, StaffListQuery);
    const manager = canGlobal(staffOf(res), 'staff.manage');
    const list = await s.accounts.list({ role: q.role, includeDisabled: manager && q.includeDisabled === 'true' });
    // Coordinators see who can be assigned, not account details.
    res.json({ staff: manager ? list : list.map(({ id, displayName, role }) => ({ id, displayName, role })) });
  });

  router.post('/', async (req, res) => {
    const actor = requireGlobal(res, 'staff.manage');
    const created = await s.accounts.create(body(req, NewStaffInput), actor);
    res.status(201).json(created);
  });

  router.patch('/:staffId', async (req, res) => {
    const actor = requireGlobal(res, 'staff.manage');
    const { staffId } = params(req, StaffParams);
    res.json({ staff: await s.accounts.update(staffId, body(req, StaffChangeInput), actor) });
  });

  router.post('/:staffId/reset-password', async (req, res) => {
    const actor = requireGlobal(res, 'staff.manage');
    const { staffId } = params(req, StaffParams);
    res.json(await s.accounts.resetPassword(staffId, actor));
  });

  return router;
}
