// Routes: "/" explains how to join, "/join" runs a session from the link's token.
import type { ReactElement } from 'react';
import { ErrorPage } from './pages/ErrorPage.tsx';
import { JoinRoute } from './pages/JoinRoute.tsx';
import { LandingPage } from './pages/LandingPage.tsx';
import { usePathname } from './routing.ts';

const ROUTES: Record<string, () => ReactElement> = {
  '/': () => <LandingPage />,
  '/join': () => <JoinRoute />,
};

export function App(): ReactElement {
  const pathname = usePathname().replace(/\/+$/, '') || '/';
  const route = ROUTES[pathname];
  return route ? route() : <ErrorPage kind="not-found" />;
}
