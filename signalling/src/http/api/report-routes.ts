// /api/reports: figures for the coordinators' reporting page, and CSV exports.
import { Router, type Response } from 'express';
import { ServiceError } from '../../cases/errors.ts';
import { ReportQuery } from '../../cases/schemas.ts';
import { defaultRange, monthsBetween } from '../../reporting/reports.ts';
import type { SignedInStaff } from '../../staff/accounts.ts';
import { requireGlobal } from './auth.ts';
import type { ApiServices } from './services.ts';
import { query } from './validate.ts';

/** Longest range one request may cover. */
const MAX_MONTHS = 120;

export function reportRoutes(s: ApiServices): Router {
  const router = Router();

  function range(req: Parameters<typeof query>[0], res: Response): { staff: SignedInStaff; range: { from: string; to: string } } {
    const staff = requireGlobal(res, 'report.read');
    const q = query(req, ReportQuery);
    const fallback = defaultRange();
    const r = { from: q.from ?? (q.to && q.to < fallback.from ? q.to : fallback.from), to: q.to ?? fallback.to };
    if (r.from > r.to) throw new ServiceError('BAD_REQUEST', '`from` must not be after `to`');
    if (monthsBetween(r.from, r.to).length > MAX_MONTHS) throw new ServiceError('BAD_REQUEST', `report on at most ${MAX_MONTHS} months at a time`);
    return { staff, range: r };
  }

  router.get('/summary', async (req, res) => {
    const { range: r } = range(req, res);
    res.json(await s.reports.summary(r));
  });

  router.get('/cases.csv', async (req, res) => {
    const { staff, range: r } = range(req, res);
    const csv = await s.reports.casesCsv(r);
    await s.audit.record({ actor: { kind: 'staff', id: staff.staffId }, action: 'report.exported', detail: { report: 'cases', ...r } });
    res.attachment(`cases-${r.from}-to-${r.to}.csv`).type('text/csv; charset=utf-8').send(csv);
  });

  router.get('/summary.csv', async (req, res) => {
    const { staff, range: r } = range(req, res);
    const csv = await s.reports.summaryCsv(r);
    await s.audit.record({ actor: { kind: 'staff', id: staff.staffId }, action: 'report.exported', detail: { report: 'summary', ...r } });
    res.attachment(`summary-${r.from}-to-${r.to}.csv`).type('text/csv; charset=utf-8').send(csv);
  });

  return router;
}
