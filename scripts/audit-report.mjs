// Reads `npm audit --json` output and decides whether CI may go on: every high or critical finding
// must be explained in audit-exceptions.json (package → why it is acceptable and what would change
// that). Pure functions, unit-tested in test/unit/audit-report.test.ts; scripts/audit.mjs runs npm.

/** Severities that fail CI unless explained. */
export const BLOCKING = ['high', 'critical'];

/**
 * @param {string} stdout what `npm audit --json` printed
 * @returns {{ kind: 'report', findings: {name: string, severity: string, range: string, via: string[]}[] } | { kind: 'unavailable', reason: string }}
 */
export function parseAudit(stdout) {
  let json;
  try {
    json = JSON.parse(stdout);
  } catch {
    return { kind: 'unavailable', reason: `npm audit printed no JSON: ${stdout.slice(0, 200)}` };
  }
  if (!json || typeof json !== 'object' || typeof json.vulnerabilities !== 'object' || json.vulnerabilities === null) {
    const reason = json?.error?.summary || json?.message || 'npm audit returned no report';
    return { kind: 'unavailable', reason: String(reason) };
  }
  const findings = Object.values(json.vulnerabilities).map((v) => ({
    name: String(v.name),
    severity: String(v.severity),
    range: String(v.range ?? ''),
    via: (Array.isArray(v.via) ? v.via : []).map((x) => (typeof x === 'string' ? x : String(x.title ?? x.name ?? x.url ?? 'advisory'))),
  }));
  return { kind: 'report', findings };
}

/**
 * @param {{name: string, severity: string}[]} findings
 * @param {Record<string, {reason: string}>} exceptions
 */
export function judge(findings, exceptions) {
  const blocking = findings.filter((f) => BLOCKING.includes(f.severity));
  const unexplained = blocking.filter((f) => !exceptions[f.name]?.reason);
  const explained = blocking.filter((f) => exceptions[f.name]?.reason);
  const stale = Object.keys(exceptions).filter((name) => !findings.some((f) => f.name === name));
  return { ok: unexplained.length === 0, unexplained, explained, stale };
}
