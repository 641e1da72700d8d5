// The light frame around the non-meeting pages: the brand, then the page.
import type { ReactElement, ReactNode } from 'react';

export function PageShell({ children }: { children: ReactNode }): ReactElement {
  return (
    <div className="shell">
      <header className="shell__header">
        <span className="brand">
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
            <circle cx="11" cy="16" r="9" fill="var(--brand)" />
            <circle cx="21" cy="16" r="9" fill="var(--accent)" fillOpacity="0.85" />
          </svg>
          Common Ground
        </span>
      </header>
      {children}
    </div>
  );
}
