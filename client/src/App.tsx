// Routes: "/" explains how to join, "/join" runs a session from the link's token, "/messages" is
// that party's recorded messages (same token), "/i/<code>" opens a join link, and everything under
// "/staff" is the staff side (cases, reports, accounts).
//
// Only the join path is in the first bundle: a participant opening their link should not wait
// for the staff pages, the messages page (and its recorder) or the invitation page, which load
// on demand (the join-time benchmark showed the extra script delaying the first frame).
import { lazy, Suspense, type ReactElement } from 'react';
import { ErrorPage } from './pages/ErrorPage.tsx';
import { JoinRoute } from './pages/JoinRoute.tsx';
import { LandingPage } from './pages/LandingPage.tsx';
import { usePathname } from './routing.ts';

const InviteRoute = lazy(() => import('./invite/InviteRoute.tsx').then((m) => ({ default: m.InviteRoute })));
const MessagesRoute = lazy(() => import('./messages/MessagesPage.tsx').then((m) => ({ default: m.MessagesRoute })));
const StaffApp = lazy(() => import('./staff/StaffApp.tsx').then((m) => ({ default: m.StaffApp })));

/** A page loaded on demand; nothing is shown for the moment it takes on a local network. */
function OnDemand({ children }: { children: ReactElement }): ReactElement {
  return <Suspense fallback={null}>{children}</Suspense>;
}

const ROUTES: Record<string, () => ReactElement> = {
  '/': () => <LandingPage />,
  '/join': () => <JoinRoute />,
  '/messages': () => <OnDemand><MessagesRoute /></OnDemand>,
};

/** Routes with a variable part, tried in order after the exact ones. */
const PREFIX_ROUTES: { pattern: RegExp; render: (match: RegExpExecArray, pathname: string) => ReactElement }[] = [
  { pattern: /^\/i\/([^/]+)$/, render: (m) => <OnDemand><InviteRoute key={m[1]} code={m[1] ?? ''} /></OnDemand> },
  { pattern: /^\/staff(\/.*)?$/, render: (_m, pathname) => <OnDemand><StaffApp pathname={pathname} /></OnDemand> },
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
