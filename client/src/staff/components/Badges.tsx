// Small labelled badges: the case's risk level and status. The words carry the meaning; the
// colour only repeats it.
import type { ReactElement } from 'react';
import { RISK, STATUS } from '../labels.ts';
import type { CaseStatus, RiskLevel } from '../schemas.ts';

export function RiskBadge({ level }: { level: RiskLevel }): ReactElement {
  return (
    <span className={`badge badge--risk-${level}`} data-testid="risk-badge" data-risk={level}>
      {RISK[level]} risk
    </span>
  );
}

export function StatusBadge({ status }: { status: CaseStatus }): ReactElement {
  return (
    <span className={`badge badge--status-${status}`} data-testid="status-badge" data-status={status}>
      {STATUS[status]}
    </span>
  );
}
