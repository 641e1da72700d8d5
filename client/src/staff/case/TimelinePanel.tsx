// The case's history, newest first: the audit log for coordinators (page by page), and for the
// case's facilitators, who may not read the log, the dated facts of the case record.
import { useState, type ReactElement } from 'react';
import { ErrorNotice, LoadingNotice } from '../components/Notices.tsx';
import { caseAudit } from '../endpoints.ts';
import { formatInstant, formatDay } from '../format.ts';
import type { AuditView, CaseDetail } from '../schemas.ts';
import { useAction, useResource } from '../useResource.ts';
import { auditTimeline, recordTimeline, type TimelineEntry } from './timelineModel.ts';

export function TimelinePanel({ kase, fromAudit }: { kase: CaseDetail; fromAudit: boolean }): ReactElement {
  return (
    <section className="staff-card" aria-labelledby="timeline-heading" data-testid="timeline">
      <h2 id="timeline-heading">Timeline</h2>
      {fromAudit ? <AuditTimeline kase={kase} /> : <Entries entries={recordTimeline(kase)} />}
    </section>
  );
}

function AuditTimeline({ kase }: { kase: CaseDetail }): ReactElement {
  const first = useResource(() => caseAudit(kase.id, null), [kase]);
  const [older, setOlder] = useState<{ events: AuditView[]; next: string | null } | null>(null);
  const more = useAction((beforeId: string) => caseAudit(kase.id, beforeId));

  if (first.state.status === 'loading') return <LoadingNotice what="the audit log" />;
  if (first.state.status === 'error') return <ErrorNotice error={first.state.error} retry={first.reload} />;
  const events = [...first.state.data.events, ...(older?.events ?? [])];
  const next = older ? older.next : first.state.data.nextBeforeId;

  const loadMore = async (): Promise<void> => {
    if (!next) return;
    const result = await more.run(next);
    if (result.ok) setOlder({ events: [...(older?.events ?? []), ...result.value.events], next: result.value.nextBeforeId });
  };

  return (
    <>
      <p className="staff-muted">From the audit log.</p>
      <Entries entries={auditTimeline(events, kase)} />
      {next && (
        <button type="button" className="button button--secondary" onClick={() => void loadMore()} disabled={more.pending}>
          {more.pending ? 'Loading…' : 'Show older'}
        </button>
      )}
      {more.error !== null && <ErrorNotice error={more.error} />}
    </>
  );
}

function Entries({ entries }: { entries: TimelineEntry[] }): ReactElement {
  if (entries.length === 0) return <p className="staff-muted">Nothing yet.</p>;
  return (
    <ol className="timeline" data-testid="timeline-entries">
      {entries.map((e) => (
        <li key={e.key} className="timeline__entry">
          <time dateTime={e.at} className="timeline__time">
            {e.at.length === 10 ? formatDay(e.at) : formatInstant(e.at)}
          </time>
          <span className="timeline__text">{e.text}</span>
          {(e.about || e.who) && (
            <span className="timeline__detail">
              {e.about}
              {e.about && e.who ? ' · ' : ''}
              {e.who && `by ${e.who}`}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
