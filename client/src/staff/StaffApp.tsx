// Everything under /staff: who is signed in (GET /api/auth/me), the sign-in and password pages,
// and the staff pages by path. A 401 from any staff request goes back to the sign-in page
// (keeping the page to return to); a pending password change goes to the password page.
import { useCallback, useEffect, useMemo, useState, type ReactElement } from 'react';
import { abilitiesOf, homePath, type Abilities } from './abilities.ts';
import { ApiError, onSessionProblem } from './api.ts';
import { ErrorNotice, LoadingNotice } from './components/Notices.tsx';
import { logout, me } from './endpoints.ts';
import { loginPath, navigate } from './navigation.ts';
import { AdminPage } from './pages/AdminPage.tsx';
import { CaseListPage } from './pages/CaseListPage.tsx';
import { CasePage } from './pages/CasePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NewCasePage } from './pages/NewCasePage.tsx';
import { PasswordPage } from './pages/PasswordPage.tsx';
import { ReportsPage } from './pages/ReportsPage.tsx';
import type { StaffView } from './schemas.ts';
import { StaffLayout } from './StaffLayout.tsx';
import { StaffSessionContext, type StaffSession } from './staffSession.ts';
import './staff.css';
import './staff-forms.css';

type Auth = { status: 'checking' } | { status: 'signed-out' } | { status: 'failed'; error: unknown } | { status: 'signed-in'; staff: StaffView };

interface StaffRoute {
  pattern: RegExp;
  /** The window title, for tabs, history and screen readers. */
  title: string;
  /** Whether this role may open the page at all. */
  allowed: (can: Abilities) => boolean;
  render: (match: RegExpExecArray) => ReactElement;
}

const ROUTES: StaffRoute[] = [
  { pattern: /^\/staff(\/cases)?$/, title: 'Cases', allowed: (can) => can.cases, render: () => <CaseListPage /> },
  { pattern: /^\/staff\/cases\/new$/, title: 'New case', allowed: (can) => can.cases, render: () => <NewCasePage /> },
  { pattern: /^\/staff\/cases\/([0-9a-fA-F-]{36})$/, title: 'Case', allowed: (can) => can.cases, render: (m) => <CasePage key={m[1]} caseId={m[1] ?? ''} /> },
  { pattern: /^\/staff\/reports$/, title: 'Reports', allowed: (can) => can.reports, render: () => <ReportsPage /> },
  { pattern: /^\/staff\/admin$/, title: 'Staff accounts', allowed: (can) => can.manageStaff, render: () => <AdminPage /> },
];

/** Sends the browser elsewhere once rendered (never during render). */
function Redirect({ to }: { to: string }): ReactElement {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return <LoadingNotice what="the page" />;
}

export function StaffApp({ pathname }: { pathname: string }): ReactElement {
  const [auth, setAuth] = useState<Auth>({ status: 'checking' });

  useEffect(() => {
    const controller = new AbortController();
    me(controller.signal).then(
      ({ staff }) => setAuth({ status: 'signed-in', staff }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') setAuth({ status: 'signed-out' });
        else setAuth({ status: 'failed', error });
      },
    );
    return () => controller.abort();
  }, []);

  useEffect(() => {
    onSessionProblem((error) => {
      if (error.code === 'PASSWORD_CHANGE_REQUIRED') {
        navigate('/staff/password', { replace: true });
        return;
      }
      setAuth({ status: 'signed-out' });
      navigate(loginPath(), { replace: true });
    });
    return () => onSessionProblem(null);
  }, []);

  useEffect(() => {
    document.title = `${titleOf(pathname)} · Common Ground`;
  }, [pathname]);

  const signedIn = useCallback((staff: StaffView) => setAuth({ status: 'signed-in', staff }), []);
  const signOut = useCallback(async () => {
    try {
      await logout();
    } catch (err) {
      // The session may already be over; the cookie is then useless anyway.
      console.warn('[StaffApp] sign-out request failed', err);
    }
    setAuth({ status: 'signed-out' });
    navigate('/staff/login', { replace: true });
  }, []);

  const session = useMemo<StaffSession | null>(
    () => (auth.status === 'signed-in' ? { staff: auth.staff, setStaff: signedIn, signOut } : null),
    [auth, signedIn, signOut],
  );

  if (pathname === '/staff/login') {
    return <LoginPage onSignedIn={signedIn} />;
  }
  if (auth.status === 'checking') return <LoadingNotice what="your account" />;
  if (auth.status === 'failed') return <ErrorNotice error={auth.error} retry={() => window.location.reload()} />;
  if (auth.status === 'signed-out' || !session) return <Redirect to={loginPath()} />;

  const { staff } = session;
  if (staff.mustChangePassword && pathname !== '/staff/password') return <Redirect to="/staff/password" />;

  return (
    <StaffSessionContext.Provider value={session}>
      {pathname === '/staff/password' ? <PasswordPage /> : <StaffLayout pathname={pathname}>{page(pathname, abilitiesOf(staff.role), homePath(staff.role))}</StaffLayout>}
    </StaffSessionContext.Provider>
  );
}

function titleOf(pathname: string): string {
  if (pathname === '/staff/login') return 'Staff sign-in';
  if (pathname === '/staff/password') return 'Password';
  return ROUTES.find((r) => r.pattern.test(pathname))?.title ?? 'Page not found';
}

function page(pathname: string, can: Abilities, home: string): ReactElement {
  for (const route of ROUTES) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    if (route.allowed(can)) return route.render(match);
    // An administrator lands on /staff after signing in from an old link: take them home.
    return pathname === '/staff' && home !== '/staff' ? <Redirect to={home} /> : <NotAllowed />;
  }
  return <NotFound />;
}

function NotAllowed(): ReactElement {
  return (
    <div className="staff-page">
      <h1>Not available to your role</h1>
      <p>This page is for another role. Use the menu above to find your pages.</p>
    </div>
  );
}

function NotFound(): ReactElement {
  return (
    <div className="staff-page">
      <h1>Page not found</h1>
      <p>There is nothing at this address. Use the menu above to find your pages.</p>
    </div>
  );
}
