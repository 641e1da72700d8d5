// Moving between pages without a reload. The app's router (routing.ts) follows popstate, so a
// pushState here is followed by a popstate event it hears.
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

/** Where the person was, to come back to after signing in: only a staff page of this site. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/staff') || next.startsWith('//') || next.startsWith('/staff/login')) return null;
  return next;
}

/** The sign-in page, keeping the current page to return to. */
export function loginPath(current: string = window.location.pathname + window.location.search): string {
  const next = safeNext(current);
  return next ? `/staff/login?next=${encodeURIComponent(next)}` : '/staff/login';
}
