// /api/cases/:caseId/parties: people on a case, their details, and the subject access export.
import { Router } from 'express';
import { exportParty } from '../../cases/export.ts';
import { partyView, readSideDetails } from '../../cases/parties.ts';
import { can } from '../../cases/policy.ts';
import { CaseParams, NewParty, PartyChange, PartyParams } from '../../cases/schemas.ts';
import { requireOnCase } from './auth.ts';
import type { ApiServices } from './services.ts';
import { body, params } from './validate.ts';

export function partyRoutes(s: ApiServices): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (req, res) => {
    const { caseId } = params(req, CaseParams);
    const { staff, access } = await requireOnCase(res, s.cases, caseId, 'case.read');
    res.json({ parties: await s.parties.list(caseId, can(staff, 'party.read', access)) });
  });

  router.post('/', async (req, res) => {
    const { caseId } = params(req, CaseParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'party.write');
    res.status(201).json({ party: await s.parties.add(caseId, body(req, NewParty), staff) });
  });

  router.get('/:partyId', async (req, res) => {
    const { caseId, partyId } = params(req, PartyParams);
    const { staff, access } = await requireOnCase(res, s.cases, caseId, 'case.read');
    const party = await s.parties.get(caseId, partyId);
    if (!can(staff, 'party.read', access)) {
      res.json({ party: partyView(party) });
      return;
    }
    const details = await readSideDetails(s.prisma, party.side, [party.id]);
    res.json({ party: partyView(party, details.get(party.id) ?? null) });
  });

  router.patch('/:partyId', async (req, res) => {
    const { caseId, partyId } = params(req, PartyParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'party.write');
    res.json({ party: await s.parties.update(caseId, partyId, body(req, PartyChange), staff) });
  });

  /** Subject access export: this person's data only, never the other side's. */
  router.get('/:partyId/export', async (req, res) => {
    const { caseId, partyId } = params(req, PartyParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'party.export');
    const data = await exportParty(s.prisma, caseId, partyId);
    await s.audit.record({ actor: { kind: 'staff', id: staff.staffId }, action: 'party.exported', caseId, subjectId: partyId, detail: { side: data.person.side } });
    res.attachment(`party-${partyId}.json`).json(data);
  });

  return router;
}
