// A calm, centred message card: used by the landing, left and error pages.
import type { ReactElement, ReactNode } from 'react';
import { PageShell } from './PageShell.tsx';

interface MessagePageProps {
  title: string;
  children: ReactNode;
  testId: string;
  tone?: 'neutral' | 'problem';
  attributes?: Record<`data-${string}`, string>;
}

export function MessagePage({ title, children, testId, tone = 'neutral', attributes }: MessagePageProps): ReactElement {
  return (
    <PageShell>
      <main className={`message message--${tone}`} data-testid={testId} {...attributes}>
        <div className="message__card">
          <h1 className="message__title">{title}</h1>
          {children}
        </div>
      </main>
    </PageShell>
  );
}
