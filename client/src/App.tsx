// Routes: "/" explains how to join, "/join" runs a session from the link's token, "/messages" is
// that party's recorded messages (same token), "/i/<code>" opens a join link, and everything under
// "/staff" is the staff side (cases, reports, accounts).
import type { ReactElement } from 'react';
import { InviteRoute } from './invite/InviteRoute.tsx';
import { MessagesRoute } from './messages/MessagesPage.tsx';
import { ErrorPage } from './pages/ErrorPage.tsx';
import { JoinRoute } from './pages/JoinRoute.tsx';
import { LandingPage } from './pages/LandingPage.tsx';
import { usePathname } from './routing.ts';
import { StaffApp } from './staff/StaffApp.tsx';

const ROUTES: Record<string, () => ReactElement> = {
  '/': () => <LandingPage />,
  '/join': () => <JoinRoute />,
  '/messages': () => <MessagesRoute />,
};

/** Routes with a variable part, tried in order after the exact ones. */
const PREFIX_ROUTES: { pattern: RegExp; render: (match: RegExpExecArray, pathname: string) => ReactElement }[] = [
  { pattern: /^\/i\/([^/]+)$/, render: (m) => <InviteRoute key={m[1]} code={m[1] ?? ''} /> },
  { pattern: /^\/staff(\/.*)?$/, render: (_m, pathname) => <StaffApp pathname={pathname} /> },
];

export function App(): ReactElement {
  const pathname = usePathname().replace(/\/+$/, '') || '/';
  const route = ROUTES[pathname];
  if (route) return route();
  for (const { pattern, render } of PREFIX_ROUTES) {
    const match = pattern.exec(pathname);
    if (match) return render(match, pathname);
  }
  return <ErrorPage kind="not-found" />;
}
