// The CI audit gate: which `npm audit --json` outputs pass, which fail, and that an unreachable
// advisory service is reported as unavailable rather than as a clean audit.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without type declarations
import { judge, parseAudit } from '../../scripts/audit-report.mjs';

const report = (vulns: Record<string, { severity: string }>) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities: Object.fromEntries(Object.entries(vulns).map(([name, v]) => [name, { name, severity: v.severity, range: '<1.2.3', via: [{ title: `bad ${name}` }] }])) });

describe('the npm audit gate', () => {
  it('reads findings from a report', () => {
    const parsed = parseAudit(report({ lodash: { severity: 'high' }, ms: { severity: 'low' } }));
    expect(parsed).toEqual({
      kind: 'report',
      findings: [
        { name: 'lodash', severity: 'high', range: '<1.2.3', via: ['bad lodash'] },
        { name: 'ms', severity: 'low', range: '<1.2.3', via: ['bad ms'] },
      ],
    });
  });

  it('fails on an unexplained high or critical finding, passes low and moderate ones', () => {
    const { findings } = parseAudit(report({ a: { severity: 'critical' }, b: { severity: 'moderate' }, c: { severity: 'low' } }));
    const verdict = judge(findings, {});
    expect(verdict.ok).toBe(false);
    expect(verdict.unexplained.map((f: { name: string }) => f.name)).toEqual(['a']);
    expect(judge(parseAudit(report({ b: { severity: 'moderate' } })).findings, {}).ok).toBe(true);
  });

  it('an explanation lets a finding through; an empty reason does not; stale explanations are listed', () => {
    const { findings } = parseAudit(report({ a: { severity: 'high' } }));
    expect(judge(findings, { a: { reason: 'only reachable from the benchmark scripts' } })).toMatchObject({ ok: true, stale: [] });
    expect(judge(findings, { a: { reason: '' } }).ok).toBe(false);
    expect(judge(findings, { a: { reason: 'x' }, gone: { reason: 'y' } }).stale).toEqual(['gone']);
  });

  it('a refused audit endpoint is "unavailable", never a clean report', () => {
    const refused = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, error: { summary: '', detail: '' } });
    expect(parseAudit(refused)).toEqual({ kind: 'unavailable', reason: expect.stringContaining('405') });
    expect(parseAudit('not json').kind).toBe('unavailable');
  });
});
