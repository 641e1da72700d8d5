// The frame of the staff pages: a skip link, the brand, the pages this role may use, who is
// signed in, and Sign out. The page itself goes in <main>.
import { useEffect, useRef, type ReactElement, type ReactNode } from 'react';
import { abilitiesOf } from './abilities.ts';
import { Link } from './components/Link.tsx';
import { STAFF_ROLE } from './labels.ts';
import { useStaffSession } from './staffSession.ts';

interface NavItem {
  href: string;
  label: string;
  /** Whether the current path belongs to this item. */
  matches: (path: string) => boolean;
}

function navItems(role: Parameters<typeof abilitiesOf>[0]): NavItem[] {
  const can = abilitiesOf(role);
  const items: NavItem[] = [];
  if (can.cases) {
    items.push({ href: '/staff', label: 'Cases', matches: (p) => p === '/staff' || (p.startsWith('/staff/cases') && p !== '/staff/cases/new') });
    items.push({ href: '/staff/cases/new', label: 'New case', matches: (p) => p === '/staff/cases/new' });
  }
  if (can.reports) items.push({ href: '/staff/reports', label: 'Reports', matches: (p) => p === '/staff/reports' });
  if (can.manageStaff) items.push({ href: '/staff/admin', label: 'Staff accounts', matches: (p) => p === '/staff/admin' });
  return items;
}

export function StaffLayout({ pathname, children }: { pathname: string; children: ReactNode }): ReactElement {
  const { staff, signOut } = useStaffSession();
  const main = useRef<HTMLElement>(null);
  // A new page: when the link that was clicked is gone, start reading and tabbing from the page
  // itself. A page that placed focus on purpose (its first field) keeps it.
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body) main.current?.focus();
  }, [pathname]);
  return (
    <div className="staff">
      <a className="skip-link" href="#staff-main">
        Skip to content
      </a>
      <header className="staff-header">
        <Link href="/staff" className="brand staff-header__brand">
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
            <circle cx="11" cy="16" r="9" fill="var(--brand)" />
            <circle cx="21" cy="16" r="9" fill="var(--accent)" fillOpacity="0.85" />
          </svg>
          Common Ground
        </Link>
        <nav className="staff-nav" aria-label="Staff pages">
          <ul>
            {navItems(staff.role).map((item) => (
              <li key={item.href}>
                <Link href={item.href} className="staff-nav__link" aria-current={item.matches(pathname) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="staff-header__who">
          <span data-testid="staff-name">
            {staff.displayName} <span className="staff-muted">({STAFF_ROLE[staff.role]})</span>
          </span>
          <Link href="/staff/password" className="staff-header__link">
            Change password
          </Link>
          <button type="button" className="staff-link-button" onClick={() => void signOut()} data-testid="sign-out">
            Sign out
          </button>
        </div>
      </header>
      <main id="staff-main" ref={main} className="staff-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
