// /staff/cases/<id>: one case. The record and its risk history, the people by side, the meetings
// with their links, the recorded messages and their review (facilitators), and the timeline. What
// a role cannot do is not offered (api.md, "Roles").
import { useEffect, useState, type ReactElement } from 'react';
import { caseAbilities } from '../abilities.ts';
import { RiskBadge, StatusBadge } from '../components/Badges.tsx';
import { Link } from '../components/Link.tsx';
import { ErrorNotice, LoadingNotice } from '../components/Notices.tsx';
import { getCase } from '../endpoints.ts';
import { CaseRecord } from '../case/CaseRecord.tsx';
import { FacilitatorsPanel } from '../case/FacilitatorsPanel.tsx';
import { MeetingsPanel } from '../case/MeetingsPanel.tsx';
import { MessagesPanel } from '../case/MessagesPanel.tsx';
import { PartiesPanel } from '../case/PartiesPanel.tsx';
import { RiskPanel } from '../case/RiskPanel.tsx';
import { TimelinePanel } from '../case/TimelinePanel.tsx';
import type { CaseDetail } from '../schemas.ts';
import { useStaffSession } from '../staffSession.ts';
import { useResource } from '../useResource.ts';
import '../case/case.css';

export function CasePage({ caseId }: { caseId: string }): ReactElement {
  const resource = useResource(() => getCase(caseId).then((a) => a.case), [caseId]);
  // Straight from the new-case form: open the new-meeting form once.
  const [startMeeting] = useState(() => new URLSearchParams(window.location.search).get('start') === 'meeting');
  useEffect(() => {
    if (startMeeting) window.history.replaceState(null, '', `/staff/cases/${caseId}`);
  }, [startMeeting, caseId]);

  if (resource.state.status === 'loading') return <LoadingNotice what="the case" />;
  if (resource.state.status === 'error') {
    return (
      <div className="staff-page">
        <h1>Case</h1>
        <ErrorNotice error={resource.state.error} retry={resource.reload} />
        <p>
          <Link href="/staff">Back to cases</Link>
        </p>
      </div>
    );
  }
  return <CaseView kase={resource.state.data} reload={resource.reload} startMeeting={startMeeting} />;
}

function CaseView({ kase, reload, startMeeting }: { kase: CaseDetail; reload: () => void; startMeeting: boolean }): ReactElement {
  const { staff } = useStaffSession();
  const can = caseAbilities(staff, kase);
  return (
    <div className="staff-page" data-testid="case-page" data-case-id={kase.id} data-reference={kase.reference}>
      <p className="staff-breadcrumb">
        <Link href="/staff">Cases</Link> <span aria-hidden="true">›</span>
      </p>
      <header className="staff-page__header">
        <h1 data-testid="case-reference">{kase.reference}</h1>
        <div className="staff-page__badges">
          <StatusBadge status={kase.status} />
          <RiskBadge level={kase.riskLevel} />
        </div>
      </header>
      {staff.role === 'coordinator' && (
        <p className="notice notice--info">As coordinator you see the record, risk and meetings. Names and contact details are for the case’s facilitators only.</p>
      )}
      <div className="case-layout">
        <div className="case-layout__main">
          <MeetingsPanel kase={kase} can={can} onChanged={reload} startOpen={startMeeting && can.facilitate} />
          {can.facilitate && <MessagesPanel kase={kase} />}
          <PartiesPanel kase={kase} can={can} onChanged={reload} />
        </div>
        <div className="case-layout__side">
          <CaseRecord kase={kase} can={can} onChanged={reload} />
          <RiskPanel kase={kase} can={can} onChanged={reload} />
          {can.coordinate && <FacilitatorsPanel kase={kase} onChanged={reload} />}
          <TimelinePanel kase={kase} fromAudit={can.coordinate} />
        </div>
      </div>
    </div>
  );
}
