// /api/cases: list, create, read, change, risk, facilitators, audit log.
import { Router } from 'express';
import type { CaseDetail } from '../../cases/cases.ts';
import { can } from '../../cases/policy.ts';
import { AssignInput, AuditQuery, CaseChange, CaseListQuery, CaseParams, NewCase, RiskInput } from '../../cases/schemas.ts';
import { requireGlobal, requireOnCase } from './auth.ts';
import type { ApiServices } from './services.ts';
import { body, params, query } from './validate.ts';

export function caseRoutes(s: ApiServices): Router {
  const router = Router();

  /** The full case; parties carry identifying details only for callers allowed `party.read`. */
  async function detail(caseId: string, withDetails: boolean): Promise<CaseDetail> {
    const [summary, riskHistory, parties, meetings] = await Promise.all([
      s.cases.summary(caseId),
      s.cases.riskHistory(caseId),
      s.parties.list(caseId, withDetails),
      s.meetings.listForCase(caseId),
    ]);
    return { ...summary, riskHistory, parties, meetings };
  }

  router.get('/', async (req, res) => {
    const staff = requireGlobal(res, 'case.list');
    const q = query(req, CaseListQuery);
    res.json({ cases: await s.cases.list(staff, { status: q.status, mine: q.mine === 'true' }) });
  });

  router.post('/', async (req, res) => {
    const staff = requireGlobal(res, 'case.create');
    const caseId = await s.cases.create(staff, body(req, NewCase));
    const access = await s.cases.access(caseId);
    res.status(201).json({ case: await detail(caseId, access !== null && can(staff, 'party.read', access)) });
  });

  router.get('/:caseId', async (req, res) => {
    const { caseId } = params(req, CaseParams);
    const { staff, access } = await requireOnCase(res, s.cases, caseId, 'case.read');
    res.json({ case: await detail(caseId, can(staff, 'party.read', access)) });
  });

  router.patch('/:caseId', async (req, res) => {
    const { caseId } = params(req, CaseParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'case.update');
    res.json({ case: await s.cases.update(staff, caseId, body(req, CaseChange)) });
  });

  router.post('/:caseId/risk', async (req, res) => {
    const { caseId } = params(req, CaseParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'case.update');
    res.status(201).json({ riskHistory: await s.cases.assessRisk(staff, caseId, body(req, RiskInput)) });
  });

  router.put('/:caseId/facilitators', async (req, res) => {
    const { caseId } = params(req, CaseParams);
    const { staff } = await requireOnCase(res, s.cases, caseId, 'case.assign');
    res.json({ case: await s.cases.assign(staff, caseId, body(req, AssignInput).staffIds) });
  });

  router.get('/:caseId/audit', async (req, res) => {
    const { caseId } = params(req, CaseParams);
    await requireOnCase(res, s.cases, caseId, 'case.audit.read');
    const q = query(req, AuditQuery);
    const events = await s.audit.forCase(caseId, { beforeId: q.beforeId, limit: q.limit });
    res.json({ events, nextBeforeId: events.length === q.limit ? (events[events.length - 1]?.id ?? null) : null });
  });

  return router;
}
